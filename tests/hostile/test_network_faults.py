"""A failing network never hangs a run, never loses a component, and never passes silently.

Each fault is served by the local fake Hub (tests/fakehub.py) for one model (`faults/<fault>`),
while another (`acme-labs/tiny-classifier`) is served normally; connection refused, DNS failure
and a stalled Hub take the whole Hub away. In every case the run completes, the victim is
Unresolved with reason `network-failure` and a detail that names the fault, the healthy model
is still resolved, `--strict` fails naming the victim, and without it the policy judges the
unknown license (commercial: `license-unknown` fails; a policy without that rule: nothing fails).

Determinism: every run gets a fake monotonic clock (tests/fakeclock.py), so the Hub time budget
is spent only by the retry and rate-limit waits the client asks for, never by how busy the
machine is. The one real wait is a request the fake Hub holds forever (`timeout`, `stalled
Hub`): the client's own socket timeout gives up on it, and a busy machine can only make that
later, never turn it into an answer. The matrix runs in-process through `pipeline.run`, the
library entry point the CLI uses; the installed command is checked on faults that spend no
budget, with a budget no machine can exhaust (test_installed_command_*).
All traffic goes to 127.0.0.1, except one DNS query for a `.invalid` name (RFC 6761).
"""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fakeclock import FakeClock
from fakehub import FakeHub, Reply
from hostile.helpers import assert_clean_error, git_init, run_mlgate
from mlgate.config import ProjectSettings, RunConfig
from mlgate.model import License, Severity, Unresolved, UnresolvedReason
from mlgate.pipeline import Result, run
from mlgate.policy.engine import evaluate
from mlgate.policy.loader import load_policy
from mlgate.policy.strict import strict_failure

HEALTHY = "acme-labs/tiny-classifier"
TIMEOUT = 3.0  # real seconds the client waits for a held request (only `timeout` and `stalled Hub`)
BUDGET = 60.0  # fake seconds: only the client's own waits spend it
MANY = 10_000  # every request for the victim, retries included, meets the fault


@dataclass(frozen=True)
class Fault:
    reply: Reply | None  # None: the whole Hub is away (see _endpoints)
    words: tuple[str, ...]  # the Unresolved detail names at least one of these


FAULTS: dict[str, Fault] = {
    "timeout": Fault(Reply(hold=True), ("within",)),
    "dropped connection": Fault(Reply(drop=True), ("Hub",)),
    "429 storm": Fault(Reply(429, {"error": "slow down"}, {"Retry-After": "1"}), ("429",)),
    "429 asking for hours": Fault(Reply(429, {"error": "quota"}, {"RateLimit": '"api";r=0;t=7200'}),
                                  ("would pass the time budget",)),
    "500": Fault(Reply(500, {"error": "internal"}), ("500",)),
    "503 with retry-after": Fault(Reply(503, b"<html>busy</html>", {"Retry-After": "1"}), ("503",)),
    "truncated body": Fault(Reply(200, {"id": "x", "cardData": {"license": "mit"}, "pad": "x" * 4000},
                                  truncate=True), ("cut off", "garbled", "malformed")),
    "not JSON": Fault(Reply(200, b"<html><body>Bad gateway</body></html>"), ("malformed", "garbled")),
    "JSON of the wrong shape": Fault(Reply(200, b'[{"id": 42}]'), ("malformed",)),
    "redirect loop": Fault(Reply(307, {}, {"Location": "/api/models/faults/victim-of-redirect-loop"}), ("redirect",)),
    "connection refused": Fault(None, ("connect",)),
    "DNS failure": Fault(None, ("connect",)),
    "stalled Hub": Fault(None, ("within",)),
}
# Retried faults: the client waited (on the fake clock) between attempts, as the server asked.
RETRY_WAITS = {"429 storm": 1.0, "503 with retry-after": 1.0}

TOLERANT_POLICY = """version: 1
name: tolerant
rules:
  - id: no-research-only
    when: {category: [research-only]}
    severity: error
"""


def victim(fault: str) -> str:
    return "faults/victim-of-" + fault.lower().replace(" ", "-")


@dataclass
class Outcome:
    result: Result  # the run under the commercial preset
    clock: FakeClock
    requests: int  # what the victim cost the fake Hub


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _repo(base: Path, fault: str, settings: str = "") -> Path:
    repo = base / victim(fault).split("/")[1]
    repo.mkdir(parents=True)
    (repo / "app.py").write_text(
        f'from transformers import AutoModel\nAutoModel.from_pretrained("{victim(fault)}")\n'
        f'AutoModel.from_pretrained("{HEALTHY}")\n'
    )
    if settings:
        (repo / ".mlgate.toml").write_text(settings)
    git_init(repo)
    return repo


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    base = tmp_path_factory.mktemp("faults")
    with FakeHub() as hub, FakeHub(stalled=True) as stalled:
        endpoints = {"connection refused": f"http://127.0.0.1:{_closed_port()}",
                     "DNS failure": "http://nonexistent.invalid", "stalled Hub": stalled.url}
        found: dict[str, Outcome] = {}
        for fault, spec in FAULTS.items():
            if spec.reply is not None:
                hub.script(victim(fault), *([spec.reply] * MANY))
            repo, clock = _repo(base, fault), FakeClock()
            config = RunConfig(paths=(repo,), root=repo, policy="commercial", timeout=TIMEOUT,
                               settings=ProjectSettings(timeout=TIMEOUT, hub_budget=BUDGET),
                               cache_dir=base / "caches" / victim(fault), hub_endpoint=endpoints.get(fault, hub.url),
                               clock=clock)
            found[fault] = Outcome(run(config), clock, hub.count(victim(fault)))
        yield found


def _license(result: Result, target: str) -> License | Unresolved:
    return next(c.license for c in result.components if c.target == target)


@pytest.mark.parametrize("fault", list(FAULTS), ids=list(FAULTS))
def test_fault_leaves_the_model_unresolved_with_the_reason(outcomes: dict[str, Outcome], fault: str) -> None:
    result, words = outcomes[fault].result, FAULTS[fault].words
    license_ = _license(result, victim(fault))
    assert isinstance(license_, Unresolved) and license_.reason is UnresolvedReason.NETWORK, license_
    assert any(word in license_.detail for word in words), f"{license_.detail!r} names none of {words}"
    failing = {(f.component.target, f.rule_id) for f in result.failing(Severity.ERROR)}
    assert (victim(fault), "license-unknown") in failing


@pytest.mark.parametrize("fault", list(FAULTS), ids=list(FAULTS))
def test_strict_turns_the_fault_into_a_tool_failure(outcomes: dict[str, Outcome], fault: str) -> None:
    failure = strict_failure(outcomes[fault].result.components, strict=True)
    assert failure is not None and victim(fault) in failure  # the pipeline raises it as a ToolFailure


@pytest.mark.parametrize("fault", list(FAULTS), ids=list(FAULTS))
def test_without_strict_the_policy_decides(outcomes: dict[str, Outcome], fault: str, tmp_path: Path) -> None:
    (tmp_path / "tolerant.yaml").write_text(TOLERANT_POLICY)
    findings = evaluate(outcomes[fault].result.components, load_policy("tolerant.yaml", tmp_path))
    assert findings == []


@pytest.mark.parametrize("fault", [f for f, spec in FAULTS.items() if spec.reply is not None])
def test_a_fault_on_one_model_costs_no_other_its_answer(outcomes: dict[str, Outcome], fault: str) -> None:
    outcome = outcomes[fault]
    assert isinstance(_license(outcome.result, HEALTHY), License)
    assert outcome.requests >= 1


@pytest.mark.parametrize("fault", list(RETRY_WAITS))
def test_retries_wait_as_the_server_asked_on_the_injected_clock(outcomes: dict[str, Outcome], fault: str) -> None:
    outcome = outcomes[fault]
    assert outcome.requests == 4  # MAX_ATTEMPTS, each after the wait the server asked for
    assert outcome.clock.slept.count(RETRY_WAITS[fault]) == 3


def test_a_wait_longer_than_the_budget_is_not_waited(outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes["429 asking for hours"]
    assert outcome.requests == 1 and outcome.clock.slept == []


# -- the installed command, on faults that spend no budget ---------------------------------------
def _run(repo: Path, endpoint: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_mlgate("check", repo, *args, cwd=repo.parent, env={"HF_ENDPOINT": endpoint})


@pytest.mark.e2e
def test_installed_command_on_a_refused_connection(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "connection refused", settings="timeout = 600\nhub-budget = 6000\n")
    (tmp_path / "tolerant.yaml").write_text(TOLERANT_POLICY)
    endpoint = f"http://127.0.0.1:{_closed_port()}"
    report = _run(repo, endpoint, "--policy", "commercial", "--format", "json")
    assert report.returncode == 1, report.stderr  # commercial judged the unknown license
    components = {c["target"]: c["license"] for c in json.loads(report.stdout)["components"]}
    assert components[victim("connection refused")]["reason"] == "network-failure"
    assert_clean_error(_run(repo, endpoint, "--policy", "commercial", "--strict"), "--strict",
                       victim("connection refused"), code=3)
    tolerant = _run(repo, endpoint, "--policy", str(tmp_path / "tolerant.yaml"))
    assert tolerant.returncode == 0, tolerant.stdout + tolerant.stderr
    assert "Traceback" not in tolerant.stderr


@pytest.mark.e2e
def test_installed_command_on_a_redirect_loop(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "redirect loop", settings="timeout = 600\nhub-budget = 6000\n")
    with FakeHub() as hub:
        hub.script(victim("redirect loop"), *([FAULTS["redirect loop"].reply] * MANY))  # type: ignore[list-item]
        strict = _run(repo, hub.url, "--policy", "commercial", "--strict")
        report = _run(repo, hub.url, "--policy", "commercial", "--format", "json")
    assert_clean_error(strict, "--strict", victim("redirect loop"), code=3)
    components = {c["target"]: c["license"] for c in json.loads(report.stdout)["components"]}
    assert components[victim("redirect loop")]["reason"] == "network-failure"
    assert components[HEALTHY]["resolved"] is True
