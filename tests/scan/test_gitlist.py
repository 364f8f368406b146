"""git's answers, asked with posix_spawn: the same bytes as `subprocess`, None when git fails."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mlgate.scan import gitlist


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    for name in ("a.py", "pkg/b.py", "ignored.log", "name with spaces.txt"):
        (root / name).write_text("x\n")
    (root / ".gitignore").write_text("*.log\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
    subprocess.run(["git", "-C", str(root), "add", "a.py"], check=True, capture_output=True)
    return root


def test_the_listing_is_git_s_own_output(checkout: Path) -> None:
    expected = subprocess.run(["git", "-C", str(checkout), "ls-files", "-z", "--cached", "--others",
                               "--exclude-standard"], capture_output=True, check=True).stdout
    assert gitlist.git_listing(checkout) == expected
    assert gitlist.git_files(checkout) == [".gitignore", "a.py", "name with spaces.txt", "pkg/b.py"]
    assert gitlist.git_ignored_count(checkout) == 1
    assert gitlist.git_toplevel(checkout / "pkg") == checkout.resolve()
    assert not gitlist.git_ignores(checkout / "pkg")


def test_outside_a_checkout_or_without_git_there_is_no_listing(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plain").mkdir()
    assert gitlist.git_listing(tmp_path / "plain") is None
    assert gitlist.git_toplevel(tmp_path / "plain") is None
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no git to start
    assert gitlist.git_listing(tmp_path) is None


def test_a_command_that_outlives_its_time_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    killed: list[tuple[int, int]] = []
    real_kill = os.kill

    def kill(pid: int, sig: int) -> None:
        killed.append((pid, sig))
        real_kill(pid, sig)

    monkeypatch.setattr(os, "kill", kill)  # the module gitlist calls it through
    # sleeps far longer than its time: a busy machine only makes the timeout fire later
    waiting = [sys.executable, "-c",
               "import sys, time; sys.stdout.write('partial'); sys.stdout.flush(); time.sleep(600)"]
    assert gitlist._run(waiting, timeout=0.05) is None
    assert [sig for _, sig in killed] == [signal.SIGKILL]
    with pytest.raises(ChildProcessError):  # killed and reaped: no child is left behind
        os.waitpid(killed[0][0], os.WNOHANG)
    assert gitlist._run([sys.executable, "-c", "print('done'); raise SystemExit(3)"]) == (3, b"done\n")
