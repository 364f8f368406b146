"""Test-wide guards: no test reaches the internet, and no test touches the user's cache."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
DEMO = FIXTURES / "repos" / "demo"

_LOOPBACK = ("127.", "::1", "localhost")
_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else str(address)
    if isinstance(host, str) and (host.startswith(_LOOPBACK) or self.family == socket.AF_UNIX):
        return _real_connect(self, address)  # type: ignore[arg-type]
    raise OSError(f"test tried to reach the network: {address!r}")


# mlgate's memos of documents that passed schema validation (policies, BOMs) are keyed by the
# document's content and mlgate's version, so sharing them across the whole run is as safe as a
# user's cache, and spares every test the validation the previous one already did.
SHARED_MEMOS = ("validated", "validated-bom")


@pytest.hookimpl(tryfirst=True)  # before hypothesis' own plugin, so --hypothesis-profile still wins
def pytest_configure(config: pytest.Config) -> None:
    """In CI the property tests are derandomized: a run is reproducible, and a landing is never
    blocked by an example no developer's run could see. Locally they explore new examples.
    The xdist controller runs no test, so it skips the second it takes to import hypothesis."""
    if config.getoption("dist", "no") != "no" and config.getoption("tx", None):
        return
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        settings.load_profile("ci")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: run in parallel (`pytest -n auto`, which hands out one module at a
    time in this order: `--dist loadscope` in pyproject.toml), the modules of the few tests that
    take a minute on a busy machine start first, on different workers, and overlap the many short
    ones instead of starting last and running alone. The order is a stable function of the
    collection, the same in every worker, as xdist needs."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker per core, and at least six. A worker spends much of its time
    waiting (on the mlgate, git and pip processes a test starts, on a Hub reply held until the
    client's timeout), so on a 2-core machine more workers keep the cores busy; and on a
    machine shared with other work, where each runnable process gets an equal slice, six
    workers get the suite three times the CPU that two would. Measured on 2 cores beside six
    busy loops: pytest 4:04 with four workers, 3:24 with six. Each worker costs one collection
    (a few CPU-seconds)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(6, cores)


@pytest.fixture(scope="session")
def _validation_memos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    memos = tmp_path_factory.mktemp("shared-memos")
    for name in SHARED_MEMOS:
        (memos / name).mkdir()
    return memos


@pytest.fixture(scope="session")
def _bytecode_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pycache")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory,
                _validation_memos: Path, _bytecode_cache: Path) -> Iterator[None]:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    cache = tmp_path_factory.mktemp("mlgate-cache")  # Hub answers never cross tests
    for name in SHARED_MEMOS:
        (cache / name).symlink_to(_validation_memos / name, target_is_directory=True)
    monkeypatch.setenv("MLGATE_CACHE_DIR", str(cache))
    # Any Hub request that escapes a test goes to a closed local port and fails at once.
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    # Every `mlgate` or `python -c` a test starts compiles mlgate's modules unless it finds their
    # bytecode; where the bytecode cannot be written beside the sources (PYTHONDONTWRITEBYTECODE,
    # a read-only checkout) that is a fifth of a second per process, hundreds of times a run.
    # The children share one bytecode cache for the run, outside the checkout.
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(_bytecode_cache))
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    yield


def mlgate_exe() -> str:
    """The installed `mlgate` console script (the one beside this interpreter first)."""
    beside = Path(sys.executable).with_name("mlgate")
    if beside.exists():
        return str(beside)
    found = shutil.which("mlgate")
    if not found:
        pytest.fail("the mlgate command is not installed: run `pip install -e '.[test]'`")
    return found


def run_mlgate(
    *args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the installed command as a user would; the environment keeps tests offline."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [mlgate_exe(), *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def mlgate() -> object:
    return run_mlgate


def invoke_mlgate(
    *args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in this process, the way the installed command runs it (`run_cli`: the same
    argument handling, exit codes, one-line errors, stdout and stderr), inside click's CliRunner
    isolation. For tests about what a command does; each command keeps an end-to-end test
    through the installed `mlgate` (run_mlgate), which also covers the console script."""
    from click.testing import CliRunner

    from mlgate.cli import cli, run_cli

    argv = [str(arg) for arg in args]
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, logging.getLogger("mlgate").level)
    try:
        with contextlib.chdir(cwd or Path.cwd()), CliRunner().isolation(env=env) as (out, err, _):
            code = run_cli(cli, argv)
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    finally:  # the command pointed logging at the isolated stderr, which is gone now
        root.handlers[:], root.level = saved[0], saved[1]
        logging.getLogger("mlgate").setLevel(saved[2])
    return subprocess.CompletedProcess(["mlgate", *argv], code, stdout, stderr)
