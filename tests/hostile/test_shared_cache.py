"""The on-disk cache survives concurrent runs and a run killed while writing it.

Several CI jobs (or a pre-commit hook and an editor) share one MLGATE_CACHE_DIR. Runs that
write it at the same time, or die in the middle of writing it, must leave only whole files:
every cache file parses, and a later run, even offline, gets the same answers.
"""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fakehub import FakeHub, synthetic_model
from hostile.helpers import git_init, run_mlgate, run_python_writer
from hostile.test_atomic_outputs import WRITER

MODELS = [f"bench-org/model-{i:02d}" for i in range(30)]


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub(delay=0.02, generate=synthetic_model) as server:
        yield server


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    calls = "".join(f'AutoModel.from_pretrained("{model}")\n' for model in MODELS)
    (root / "app.py").write_text("from transformers import AutoModel\n" + calls)
    # Limits no machine reaches, however busy: this test is about concurrent writers, not timing.
    (root / ".mlgate.toml").write_text("timeout = 120\nhub-budget = 600\n")
    git_init(root)
    return root


def _components(proc: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert proc.returncode in (0, 1), proc.stderr
    return {c["target"]: c["license"] for c in json.loads(proc.stdout)["components"]}


CACHED_NOTE = " (cached answer)"  # what evidence adds when the answer came from the cache


def _answers(proc: subprocess.CompletedProcess[str]) -> dict[str, object]:
    """The components' licenses, whether each run asked the Hub or read what a concurrent run
    had just cached: which one it did depends on how the runs interleave, on a busy machine
    anything; what each answer says must not."""
    return {target: {**license_, "evidence": str(license_.get("evidence", "")).removesuffix(CACHED_NOTE)}
            for target, license_ in _components(proc).items()}  # type: ignore[attr-defined]


def _cache_is_whole(cache: Path) -> list[Path]:
    """Every cache file parses; returns the writers' leftover temporary files."""
    leftovers = []
    for path in cache.rglob("*"):
        if not path.is_file():
            continue
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            leftovers.append(path)
        elif path.suffix == ".json":
            json.loads(path.read_text())  # a torn file fails here
    return leftovers


def _check(repo: Path, cache: Path, hub: FakeHub, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_mlgate("check", repo.name, "--policy", "commercial", "--format", "json", *extra, cwd=repo.parent,
                      env={"HF_ENDPOINT": hub.url, "MLGATE_CACHE_DIR": str(cache)})


@pytest.mark.slow
def test_concurrent_runs_share_the_cache_without_tearing_it(tmp_path: Path, repo: Path, hub: FakeHub) -> None:
    cache = tmp_path / "shared-cache"
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: _check(repo, cache, hub), range(4)))
    answers = [_answers(run) for run in runs]
    assert all(a == answers[0] for a in answers), "concurrent runs disagreed"
    assert set(answers[0]) == set(MODELS)
    assert all(license_["resolved"] for license_ in answers[0].values())  # type: ignore[index]
    assert _cache_is_whole(cache) == []
    # The cache they wrote together answers a run that may not ask the Hub.
    before = hub.count()
    offline = _components(_check(repo, cache, hub, "--offline"))
    assert hub.count() == before
    assert {t: lic["expression"] for t, lic in offline.items()} == {  # type: ignore[index]
        t: lic["expression"] for t, lic in answers[0].items()}  # type: ignore[index]


def test_run_killed_while_writing_the_cache_leaves_it_usable(tmp_path: Path, repo: Path, hub: FakeHub) -> None:
    cache = tmp_path / "cache"
    reference = _components(_check(repo, tmp_path / "reference-cache", hub))
    # A first offline run stores what does not need the Hub (scan results, validated policy).
    _check(repo, cache, hub, "--offline")
    # The next run dies by SIGXFSZ at its first write past 300 bytes: a Hub answer's record.
    env = {"HF_ENDPOINT": hub.url, "MLGATE_CACHE_DIR": str(cache)}
    killed = run_python_writer(WRITER, "300", "die", "check", repo.name, "--policy", "commercial", "--format", "json",
                               cwd=tmp_path, env=env)
    assert killed.returncode == -signal.SIGXFSZ, killed.stderr
    leftovers = _cache_is_whole(cache)
    assert leftovers, "the kill did not land in the middle of a cache write"
    assert all(path.parent.is_relative_to(cache) for path in leftovers)
    # The next run neither trips over the remains nor trusts them.
    assert _components(_check(repo, cache, hub)) == reference
    _cache_is_whole(cache)


def test_unwritable_cache_costs_speed_not_the_run(tmp_path: Path, repo: Path, hub: FakeHub) -> None:
    cache = tmp_path / "cache-is-a-file"
    cache.write_text("not a directory")
    first = _components(_check(repo, cache, hub))
    assert all(license_["resolved"] for license_ in first.values())  # type: ignore[index]
    assert cache.read_text() == "not a directory"
