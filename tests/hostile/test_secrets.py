"""With HF_TOKEN set, no output mlgate produces contains the token.

Every command and every output format it offers (found by introspecting the CLI, so a new
command or format is covered the day it is added) runs at every verbosity and through its
error paths with --debug, against a local Hub that needs the token, fails for some repos and
even echoes the token back in its error messages. Then everything mlgate wrote (standard
output and error, -o files, the cache, files left in the repository, HF_HOME) is searched
for the token and for any 16-character piece of it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
import pytest

from conftest import DEMO
from fakehub import FakeHub, Reply
from hostile.helpers import run_mlgate, run_python_writer
from mlgate.cli import cli

TOKEN = "hf_mlgateFAKEtoken7Qx2LeakCanary9zzW"
PIECES = {TOKEN[i : i + 16] for i in range(len(TOKEN) - 15)}

ECHO = "acme-labs/echoes-your-token"
HUB_MODELS = ("acme-labs/tiny-classifier", "acme-labs/gated-401", "acme-labs/private-model", ECHO)

# Arguments for commands that take more than paths; every other command gets the repository.
EXTRA_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "diff": ("repo", "repo"),
    "explain": ("acme-labs/tiny-classifier",),
    "policy validate": ("bad-policy.yaml",),
}


def _leaks(text: str | bytes) -> list[str]:
    data = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return sorted(piece for piece in PIECES if piece in data)


def _commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), command


def _invocations(out: Path) -> Iterator[tuple[click.Command, list[str]]]:
    """Every command with every output format it offers, writing to `out` when it can."""
    for name, command in _commands():
        params = {p.name: p for p in command.params}
        required = [p.name for p in command.params
                    if p.required and isinstance(p, click.Argument) and p.name != "paths"]
        if required and name not in EXTRA_ARGUMENTS:
            pytest.fail(f"`mlgate {name}` needs {required}: add its arguments to EXTRA_ARGUMENTS")
        base = [*name.split(), *EXTRA_ARGUMENTS.get(name, ("repo",))]
        if "policy" in params:
            base += ["--policy", "commercial"]
        fmt = params.get("fmt")
        choices = list(getattr(fmt.type, "choices", [])) if fmt is not None else []
        for choice in choices or [None]:
            args = base + (["--format", choice] if choice else [])
            yield command, args
            if "output" in params:
                yield command, [*args, "-o", str(out / f"{name.replace(' ', '-')}-{choice or 'default'}.out")]


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as server:
        # A Hub (or a proxy in front of it) that puts the caller's credentials in its errors.
        echo = Reply(500, {"error": f"bad credentials Bearer {TOKEN}"},
                     {"X-Error-Message": f"token {TOKEN} rejected", "X-Error-Code": "RepoNotFound"})
        server.script(ECHO, *([echo] * 10_000))
        yield server


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo)
    calls = "".join(f'AutoModel.from_pretrained("{model}")\n' for model in HUB_MODELS)
    (repo / "hub_models.py").write_text("from transformers import AutoModel\n" + calls)
    return repo


@pytest.mark.slow
def test_no_output_contains_the_token(tmp_path: Path, hub: FakeHub) -> None:
    repo = _repo(tmp_path)
    out, cache, hf_home = tmp_path / "out", tmp_path / "cache", tmp_path / "hf-home"
    out.mkdir()
    env = {"HF_TOKEN": TOKEN, "HUGGING_FACE_HUB_TOKEN": TOKEN, "HF_ENDPOINT": hub.url,
           "MLGATE_CACHE_DIR": str(cache), "HF_HOME": str(hf_home)}
    (tmp_path / "bad-policy.yaml").write_text("version: 1\nrules: [\n")

    runs: list[list[str]] = []
    strict_done: set[str] = set()
    for command, args in _invocations(out):
        runs.append(["-vv", *args])  # -vv logs everything -v and the default do
        if "-o" not in args and command.name not in strict_done and any(p.name == "strict" for p in command.params):
            strict_done.add(str(command.name))  # the --strict failure path, once per command
            runs.append(["--debug", *args, "--strict"])
    runs += [
        ["check", "repo", "--policy", "commercial"],
        ["-vv", "check", "repo", "--policy", "commercial", "--update-baseline", "--baseline", "baseline.json"],
        ["-vv", "lock", "repo"],
        ["--debug", "check", "repo", "--policy", "./bad-policy.yaml"],
        ["--debug", "-vv", "check", "repo", "--policy", "commercial", "--offline", "--strict"],
        ["--debug", "scan", "no-such-path"],
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:  # the runs share the cache, as CI jobs do
        done = list(pool.map(lambda args: (args, run_mlgate(*args, cwd=tmp_path, env=env)), runs))
    failures = []
    for args, proc in done:
        assert "internal error" not in proc.stderr, (args, proc.stderr)
        for stream, text in (("stdout", proc.stdout), ("stderr", proc.stderr)):
            if _leaks(text):
                failures.append(f"mlgate {' '.join(args)}: {stream}")

    # Everything on disk after the runs: -o files, the cache, HF_HOME, the lock file in the
    # repository, the baseline; none of it was given the token except through the environment.
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    failures += [str(p) for p in written if _leaks(p.read_bytes()) or _leaks(p.name)]
    assert (repo / "mlgate.lock").is_file() and (tmp_path / "baseline.json").is_file()
    assert [p for p in cache.rglob("*") if p.is_file()], "nothing was cached: the cache went unchecked"
    assert failures == [], "the token leaked into:\n" + "\n".join(failures)

    # The test is only as good as its coverage: every format wrote a file ...
    assert len(list(out.iterdir())) == sum(1 for _, args in _invocations(out) if "-o" in args)
    # ... and the token was really in play: mlgate sent it to the Hub, and the Hub echoed it.
    assert any(r.authorization == f"Bearer {TOKEN}" for r in hub.requests)
    assert hub.count(ECHO) >= 1


def test_text_mlgate_did_not_write_is_masked_too(tmp_path: Path) -> None:
    """The net under the rule: a token inside a log message, an exception's text or a --debug
    traceback (say, a server's error quoted by a library) is masked on its way out."""
    (tmp_path / "repo").mkdir()
    script = (
        "import logging, sys\n"
        "import mlgate.pipeline as pipeline\n"
        "def broken(config):\n"
        f"    logging.getLogger('mlgate.resolve.hub').warning('server said: Bearer %s', {TOKEN!r})\n"
        f"    raise RuntimeError('upstream error: Bearer {TOKEN}')\n"
        "pipeline.scan_paths = broken\n"
        "from mlgate.cli import cli\n"
        "from mlgate.cli.app import run_cli\n"
        "sys.exit(run_cli(cli, sys.argv[1:]))\n"
    )
    for args in (["--debug", "-vv", "scan", "repo"], ["scan", "repo"]):
        proc = run_python_writer(script, *args, cwd=tmp_path, env={"HF_TOKEN": TOKEN})
        assert proc.returncode == 3
        assert _leaks(proc.stdout + proc.stderr) == []
        assert "server said: Bearer [redacted]" in proc.stderr
        assert proc.stderr.strip().splitlines()[-1].startswith("mlgate: internal error: RuntimeError: upstream error")
        if "--debug" in args:
            assert "Traceback" in proc.stderr and proc.stderr.count("Bearer [redacted]") >= 3


def test_github_action_outputs_do_not_contain_the_token(tmp_path: Path, hub: FakeHub) -> None:
    """The Action takes the token as an input: its annotations, job summary, outputs, SARIF
    and BOM files must not carry it either."""
    repo = _repo(tmp_path)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {
        "INPUT_HF_TOKEN": TOKEN, "INPUT_PATH": "repo", "INPUT_POLICY": "commercial",
        "INPUT_SARIF_FILE": str(tmp_path / "mlgate.sarif"), "INPUT_BOM_FILE": str(tmp_path / "mlbom.json"),
        "GITHUB_OUTPUT": str(tmp_path / "github-output"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_WORKSPACE": str(tmp_path), "RUNNER_TEMP": str(runner_temp), "HF_ENDPOINT": hub.url,
        "MLGATE_CACHE_DIR": str(tmp_path / "cache"),
    }
    proc = run_python_writer("import sys; from mlgate.integrations.github import main; sys.exit(main())",
                             cwd=tmp_path, env=env)
    assert proc.returncode == 1, proc.stderr  # the demo has findings
    assert "::error" in proc.stdout
    assert _leaks(proc.stdout + proc.stderr) == []
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(repo)]
    assert {"mlgate.sarif", "mlbom.json", "github-output", "summary.md"} <= {p.name for p in written}
    assert [str(p) for p in written if _leaks(p.read_bytes())] == []
    assert any(r.authorization == f"Bearer {TOKEN}" for r in hub.requests)
