"""How mlgate behaves on a terminal and in a CI log: progress bar or lines, --quiet, --verbose, NO_COLOR, --help.

Runs the installed command with its standard error (or output) on a real pseudo-terminal.
"""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
from pathlib import Path

import pytest

from conftest import DEMO, mlgate_exe, run_mlgate
from fakeclock import FakeClock
from fakehub import FakeHub
from mlgate.cli.progress import ProgressBar, ProgressLines
from mlgate.progress import ReportingFiles


def run_on_tty(args: list[str], env: dict[str, str], which: str = "stderr",
               drop: tuple[str, ...] = ()) -> tuple[int, bytes, bytes]:
    """Run mlgate with `which` stream on a pty; returns (exit code, tty bytes, other stream bytes)."""
    master, slave = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, which: slave}
    full_env = {k: v for k, v in {**os.environ, **env}.items() if k not in drop}
    proc = subprocess.Popen([mlgate_exe(), *args], stdout=streams["stdout"], stderr=streams["stderr"],
                            env=full_env, close_fds=True)
    os.close(slave)
    tty = b""
    while True:
        ready, _, _ = select.select([master], [], [], 300)  # a hang guard, not a budget
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        tty += chunk
    other_stream = proc.stdout if which == "stderr" else proc.stderr
    assert other_stream is not None
    other = other_stream.read()
    code = proc.wait(timeout=300)
    os.close(master)
    return code, tty, other


@pytest.fixture
def slow_hub() -> object:
    with FakeHub(delay=0.8) as hub:
        yield hub


def test_progress_bar_on_a_terminal_is_drawn_then_erased(slow_hub: FakeHub, tmp_path: Path) -> None:
    code, tty, stdout = run_on_tty(["check", str(DEMO), "--policy", "commercial"],
                                   {"HF_ENDPOINT": slow_hub.url, "TERM": "xterm"})
    assert code == 1, tty
    assert b"mlgate: resolving licenses [" in tty
    assert tty.endswith(b"\r\x1b[K")  # erased before exiting
    assert b"Qwen/Qwen2.5-3B-Instruct" in stdout and b"\x1b[" not in stdout  # the report itself is clean


def test_no_bar_when_quiet_piped_or_dumb(slow_hub: FakeHub) -> None:
    env = {"HF_ENDPOINT": slow_hub.url, "TERM": "xterm"}
    _, quiet, _ = run_on_tty(["--quiet", "check", str(DEMO), "--policy", "commercial"], env)
    assert quiet == b""
    # No bar: a long run would write whole progress lines instead (test_progress_lines_*).
    _, dumb, _ = run_on_tty(["check", str(DEMO), "--policy", "commercial"], {**env, "TERM": "dumb"})
    assert b"\r" not in dumb.replace(b"\r\n", b"\n") and b"\x1b[K" not in dumb and b"[=" not in dumb
    piped = run_mlgate("check", DEMO, "--policy", "commercial", env=env)
    assert "\r" not in piped.stderr and "\x1b[K" not in piped.stderr


def test_verbose_logs_the_stages_instead_of_a_bar(tmp_path: Path) -> None:
    proc = run_mlgate("-v", "check", DEMO, "--policy", "commercial", "--offline")
    assert proc.returncode == 1
    assert "mlgate: INFO: scanned" in proc.stderr and "references" in proc.stderr
    assert "mlgate: INFO: resolved 5 components" in proc.stderr
    assert "mlgate: INFO: policy commercial:" in proc.stderr
    assert "\r" not in proc.stderr


def test_color_on_a_terminal_unless_no_color() -> None:
    args = ["check", str(DEMO), "--policy", "commercial", "--offline"]
    _, colored, _ = run_on_tty(args, {"TERM": "xterm"}, which="stdout", drop=("NO_COLOR",))
    _, plain, _ = run_on_tty(args, {"TERM": "xterm", "NO_COLOR": "1"}, which="stdout")
    assert b"\x1b[31" in colored
    assert b"\x1b[" not in plain and b"Qwen/Qwen2.5-3B-Instruct" in plain


def test_help_lists_every_command_with_an_example() -> None:
    text = run_mlgate("--help").stdout
    commands = text.split("Commands:", 1)[1].split()
    for command in ("check", "scan", "bom", "report", "notice", "lock", "diff", "explain", "policy"):
        assert command in commands, command
        assert f"mlgate {command} " in text.split("Options:", 1)[0], f"no example for {command}"
    assert "Exit codes: 0 clean, 1 policy findings, 2 usage or configuration error, 3 tool failure." in text


def test_bar_rendering_and_throttling() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, delay=0.0, interval=60.0)
    bar("scan", 0, 200)
    bar("scan", 100, 200)  # within the interval: skipped
    bar("scan", 200, 200)  # a stage's end is always drawn
    drawn = stream.getvalue().split("\r")
    assert drawn[1].startswith("mlgate: scanning files [") and drawn[1].endswith("] 0/200\x1b[K")
    assert drawn[2].endswith("] 200/200\x1b[K") and "=" * 10 in drawn[2]
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")
    assert len(ProgressBar.render("resolve", 3, 7, columns=30)) <= 29


def test_progress_lines_wait_then_come_every_interval_on_the_injected_clock() -> None:
    stream, clock = io.StringIO(), FakeClock()
    lines = ProgressLines(stream, delay=10.0, interval=5.0, clock=clock)
    lines("scan", 0, 900)
    clock.advance(9.9)
    lines("scan", 300, 900)  # a short run writes nothing
    clock.advance(0.1)
    lines("scan", 400, 900)
    clock.advance(4.9)
    lines("scan", 800, 900)  # within the interval: skipped
    clock.advance(0.1)
    lines("resolve", 0, 12)
    lines.close()
    assert stream.getvalue() == ("mlgate: progress: scanning files 400/900 (10 s)\n"
                                 "mlgate: progress: resolving licenses 0/12 (15 s)\n")


@pytest.mark.slow
def test_progress_lines_in_a_ci_log(tmp_path: Path) -> None:
    """Through the installed command with standard error piped: a run that lasts past the delay
    (a Hub request held until the client's timeout, longer than the delay) writes a progress line."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("acme/held")\n')
    (repo / ".mlgate.toml").write_text("timeout = 11\nhub-budget = 600\n")  # the delay is 10 s
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    with FakeHub(stalled=True) as hub:
        proc = run_mlgate("check", repo, "--policy", "commercial", env={"HF_ENDPOINT": hub.url})
    progress = [line for line in proc.stderr.splitlines() if line.startswith("mlgate: progress: ")]
    assert progress and progress[-1].startswith("mlgate: progress: resolving licenses 1/1 ("), proc.stderr
    assert "\r" not in proc.stderr
    quiet = run_mlgate("-q", "scan", repo)
    assert quiet.stderr == ""


def test_reporting_files_reports_as_scan_iterates() -> None:
    seen: list[tuple[str, int, int]] = []
    files = ReportingFiles([f"f{i}.py" for i in range(60)], lambda s, d, t: seen.append((s, d, t)), every=25)
    assert len(files) == 60 and files[3] == "f3.py"
    assert list(files) == [f"f{i}.py" for i in range(60)]
    assert seen == [("scan", 0, 60), ("scan", 25, 60), ("scan", 50, 60), ("scan", 60, 60)]


def test_quiet_silences_notes_but_not_errors(tmp_path: Path) -> None:
    loud = run_mlgate("report", DEMO, "--offline", "-o", tmp_path / "a.html")
    assert loud.stderr.startswith("mlgate: wrote ")
    quiet = run_mlgate("-q", "report", DEMO, "--offline", "-o", tmp_path / "b.html")
    assert quiet.returncode == 0 and quiet.stderr == ""
    failed = run_mlgate("-q", "report", tmp_path / "missing")
    assert failed.returncode == 2 and failed.stderr.startswith("mlgate: error:")
