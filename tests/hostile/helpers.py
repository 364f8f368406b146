"""Shared pieces of the hostile-input tests: running mlgate, and what its output must look like."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

from conftest import run_mlgate

__all__ = ["assert_clean_error", "git_init", "run_mlgate", "run_python_writer", "without_root_overrides"]


def assert_clean_error(proc: subprocess.CompletedProcess[str], *fragments: str, code: int = 2) -> str:
    """The run failed with `code` and said so in one line on stderr, naming every fragment.

    Notes the run printed before failing (`mlgate: note: ...`, progress lines) may precede the error line;
    nothing else may: no traceback, no second line of the error.
    """
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines, "no error message"
    *before, line = lines
    assert line.startswith("mlgate: error: "), proc.stderr
    # A slow run on a busy machine may also have written progress lines (cli/progress.py).
    assert all(other.startswith(("mlgate: note: ", "mlgate: warning: ", "mlgate: progress: ")) for other in before), \
        proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} not in {line!r}"
    return line


def git_init(root: Path) -> None:
    """Make `root` a git checkout with everything in it committed."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for args in (["init", "-q", "."], ["add", "-A"], ["commit", "-q", "-m", "init", "--no-verify"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def run_python_writer(
    script: str, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
    preexec: object = None, timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run `script` in a fresh interpreter (as mlgate's own process would run), offline.

    It writes no bytecode (a writer under a file-size limit must fail on its output, not on a
    .pyc), and reads the bytecode beside the sources rather than the run's shared cache
    (conftest), which it could not fill: with an empty cache it would compile every library."""
    full_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    full_env.pop("PYTHONPYCACHEPREFIX", None)
    return subprocess.run(
        [sys.executable, "-c", script, *args], cwd=cwd, env=full_env, capture_output=True, text=True,
        timeout=timeout, check=False, preexec_fn=preexec,  # type: ignore[arg-type]
    )


def without_root_overrides() -> None:
    """Run the child as root without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH, so that file
    modes bind it as they bind any user (tests run as root, for whom chmod 000 means nothing)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for cap in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")
