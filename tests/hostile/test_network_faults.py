"""A failing network never hangs a run, never loses a component, and never passes silently.

Each fault is served by the local fake Hub (tests/fakehub.py) to the installed `mlgate`
command for one model (`faults/<fault>`), while another (`acme-labs/tiny-classifier`) is
served normally; connection refused, DNS failure and a stalled Hub take the whole Hub away.
In every case the run completes (a stuck run fails through its subprocess timeout, far above
the configured budget), the victim is Unresolved with reason `network-failure` and a detail
that names the fault, the healthy model is still resolved, `--strict` exits 3 naming the
victim, and without it the policy judges the unknown license (commercial: exit 1 on
`license-unknown`; a policy without that rule: exit 0). All traffic goes to 127.0.0.1,
except one DNS query for a `.invalid` name, which by RFC 6761 can never resolve.

All scenarios run side by side (one module fixture), so the suite waits out the time budget
once rather than once per scenario.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import mlgate_exe
from fakehub import FakeHub, Reply
from hostile.helpers import assert_clean_error, git_init

HEALTHY = "acme-labs/tiny-classifier"
TIMEOUT, BUDGET = 1.0, 4.0
HANG_LIMIT = BUDGET + 30  # far above the budget: only a run that ignores it hits this
MANY = 10_000  # every request for the victim, retries included, meets the fault


@dataclass(frozen=True)
class Fault:
    reply: Reply | None  # None: the whole Hub is away (see ENDPOINTS)
    words: tuple[str, ...]  # the Unresolved detail names at least one of these


FAULTS: dict[str, Fault] = {
    "timeout": Fault(Reply(delay=TIMEOUT * 3, use_fixture=True), ("within",)),
    "dropped connection": Fault(Reply(drop=True), ("Hub",)),
    "429 storm": Fault(Reply(429, {"error": "slow down"}, {"Retry-After": "1"}), ("429", "budget")),
    "429 asking for hours": Fault(Reply(429, {"error": "quota"}, {"RateLimit": '"api";r=0;t=7200'}), ("429",)),
    "500": Fault(Reply(500, {"error": "internal"}), ("500",)),
    "503 with retry-after": Fault(Reply(503, b"<html>busy</html>", {"Retry-After": "1"}), ("503", "budget")),
    "truncated body": Fault(Reply(200, {"id": "x", "cardData": {"license": "mit"}, "pad": "x" * 4000},
                                  truncate=True), ("cut off", "garbled", "malformed")),
    "not JSON": Fault(Reply(200, b"<html><body>Bad gateway</body></html>"), ("malformed", "garbled")),
    "JSON of the wrong shape": Fault(Reply(200, b'[{"id": 42}]'), ("malformed",)),
    "redirect loop": Fault(Reply(307, {}, {"Location": "/api/models/faults/victim-of-redirect-loop"}), ("redirect",)),
    "connection refused": Fault(None, ("connect",)),
    "DNS failure": Fault(None, ("connect",)),
    "stalled Hub": Fault(None, ("within", "budget", "not tried")),
}

# Whether an unverified license fails is the policy's call, whatever the fault: checked for a few.
TOLERANT_RUNS = ["connection refused", "500", "timeout"]

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
    report: subprocess.CompletedProcess[str]  # check --format json
    strict: subprocess.CompletedProcess[str]  # check --strict
    requests: int  # what the victim cost the fake Hub
    tolerant: subprocess.CompletedProcess[str] | None  # check against a policy with no rule on unknown


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _workdir(base: Path, fault: str, warm_cache: Path) -> Path:
    work = base / victim(fault).split("/")[1]
    repo = work / "repo"
    repo.mkdir(parents=True)
    (repo / "app.py").write_text(
        f'from transformers import AutoModel\nAutoModel.from_pretrained("{victim(fault)}")\n'
        f'AutoModel.from_pretrained("{HEALTHY}")\n'
    )
    (repo / ".mlgate.toml").write_text(f"timeout = {TIMEOUT}\nhub-budget = {BUDGET}\n")
    git_init(repo)
    (work / "tolerant.yaml").write_text(TOLERANT_POLICY)
    # Each scenario has its own cache (no answer crosses scenarios), warmed with what an
    # offline run stores (validated policies) so that the runs do not all pay for it.
    shutil.copytree(warm_cache, work / "cache")
    return work


def _env(endpoint: str, cache: Path) -> dict[str, str]:
    drop = {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE"}
    return {**{k: v for k, v in os.environ.items() if k not in drop},
            "HF_ENDPOINT": endpoint, "MLGATE_CACHE_DIR": str(cache), "NO_COLOR": "1"}


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([mlgate_exe(), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=HANG_LIMIT, check=False)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    base = tmp_path_factory.mktemp("faults")
    warm = base / "warm-cache"
    (base / "empty").mkdir()
    (base / "tolerant.yaml").write_text(TOLERANT_POLICY)
    for policy in ("commercial", "./tolerant.yaml"):
        _run(["check", "empty", "--offline", "--policy", policy], base, _env("http://127.0.0.1:9", warm))
    with FakeHub() as hub, FakeHub(delay=BUDGET * 3) as stalled:
        endpoints = {"connection refused": f"http://127.0.0.1:{_closed_port()}",
                     "DNS failure": "http://nonexistent.invalid", "stalled Hub": stalled.url}
        jobs = []
        for fault, spec in FAULTS.items():
            if spec.reply is not None:
                hub.script(victim(fault), *([spec.reply] * MANY))
            work = _workdir(base, fault, warm)
            env = _env(endpoints.get(fault, hub.url), work / "cache")
            runs = [["check", "repo", "--policy", "commercial", "--format", "json"],
                    ["check", "repo", "--policy", "commercial", "--strict"]]
            if fault in TOLERANT_RUNS:
                runs.append(["check", "repo", "--policy", "./tolerant.yaml"])
            jobs += [(fault, args, work, env) for args in runs]
        with ThreadPoolExecutor(max_workers=8) as pool:
            done = list(pool.map(lambda job: _run(job[1], job[2], job[3]), jobs))
        results: dict[str, list[subprocess.CompletedProcess[str]]] = {}
        for (fault, _, _, _), proc in zip(jobs, done, strict=True):
            results.setdefault(fault, []).append(proc)
        yield {fault: Outcome(procs[0], procs[1], hub.count(victim(fault)), procs[2] if len(procs) > 2 else None)
               for fault, procs in results.items()}


def _license(report: subprocess.CompletedProcess[str], target: str) -> dict[str, object]:
    license_: dict[str, object] = {c["target"]: c["license"] for c in json.loads(report.stdout)["components"]}[target]
    return license_


@pytest.mark.parametrize("fault", list(FAULTS), ids=list(FAULTS))
def test_fault_leaves_the_model_unresolved_with_the_reason(outcomes: dict[str, Outcome], fault: str) -> None:
    outcome, words = outcomes[fault], FAULTS[fault].words
    report = outcome.report
    assert report.returncode == 1, report.stderr  # commercial judged the unknown license
    license_ = _license(report, victim(fault))
    assert license_["resolved"] is False and license_["reason"] == "network-failure", license_
    detail = str(license_["detail"])
    assert any(word in detail for word in words), f"{detail!r} names none of {words}"
    failing = {(f["target"], f["rule"]) for f in json.loads(report.stdout)["findings"] if f["status"] == "failing"}
    assert (victim(fault), "license-unknown") in failing


@pytest.mark.parametrize("fault", list(FAULTS), ids=list(FAULTS))
def test_strict_turns_the_fault_into_exit_3(outcomes: dict[str, Outcome], fault: str) -> None:
    assert_clean_error(outcomes[fault].strict, "--strict", victim(fault), code=3)


@pytest.mark.parametrize("fault", TOLERANT_RUNS)
def test_without_strict_the_policy_decides(outcomes: dict[str, Outcome], fault: str) -> None:
    tolerant = outcomes[fault].tolerant
    assert tolerant is not None and tolerant.returncode == 0, tolerant.stdout + tolerant.stderr
    assert "Traceback" not in tolerant.stderr


@pytest.mark.parametrize("fault", [f for f, spec in FAULTS.items() if spec.reply is not None])
def test_a_fault_on_one_model_costs_no_other_its_answer(outcomes: dict[str, Outcome], fault: str) -> None:
    outcome = outcomes[fault]
    assert _license(outcome.report, HEALTHY)["resolved"] is True
    assert HEALTHY not in outcome.strict.stderr
    assert outcome.requests >= 2  # the fault was met, by every run
