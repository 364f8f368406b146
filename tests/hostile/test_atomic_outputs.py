"""A writer killed or starved of disk mid-write leaves the previous file intact.

The writer is mlgate's own entry point in a child process whose file-size limit
(RLIMIT_FSIZE) is half the size of the file it is about to write. With SIGXFSZ at its
default action the kernel kills the process at exactly the write that crosses the limit,
which is a real crash in the middle of writing; with SIGXFSZ ignored (Python's default) the
write fails with EFBIG, which is what a full disk looks like. Either way a writer that wrote
the target in place would leave half a file; an atomic writer leaves the old one.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import DEMO, invoke_mlgate, mlgate_exe
from hostile.helpers import assert_clean_error, run_python_writer

WRITER = """
import resource, signal, sys
from mlgate.cli import cli
from mlgate.cli.app import run_cli
limit, on_limit, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
if on_limit == "die":
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
if limit:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(run_cli(cli, args))
"""

PREVIOUS = "previous content that must survive\n"

# Commands that write a file; `{out}` is the target. The lock file's place is a setting.
WRITERS: dict[str, tuple[str, ...]] = {
    "bom": ("bom", "repo", "--offline", "--reproducible", "-o", "{out}"),
    "bom (xml)": ("bom", "repo", "--offline", "--reproducible", "--format", "xml", "-o", "{out}"),
    "check report (text)": ("check", "repo", "--policy", "commercial", "--offline", "-o", "{out}"),
    "check report (sarif)": ("check", "repo", "--policy", "commercial", "--offline", "--format", "sarif",
                             "-o", "{out}"),
    "html report": ("report", "repo", "--policy", "commercial", "--offline", "--format", "html", "-o", "{out}"),
    "scan (json)": ("scan", "repo", "--format", "json", "-o", "{out}"),
    "baseline": ("check", "repo", "--policy", "commercial", "--offline", "--update-baseline", "--baseline", "{out}"),
    "lock file": ("lock", "repo", "--offline", "{lock-file}"),
}


# The HTML report is stamped with the time: a fixed one, so two runs write the same bytes.
STAMP = {"SOURCE_DATE_EPOCH": "1767225600"}


def _argv(workdir: Path, args: tuple[str, ...], out: Path) -> list[str]:
    if "{lock-file}" in args:  # the lock file's place is a project setting
        settings = workdir / "repo" / ".mlgate.toml"
        lines = [line for line in settings.read_text().splitlines(keepends=True) if not line.startswith("lock-file")]
        settings.write_text(f"lock-file = {json.dumps(str(out))}\n" + "".join(lines))
    return [a.replace("{out}", str(out)) for a in args if a != "{lock-file}"]


def _write(workdir: Path, args: tuple[str, ...], out: Path, limit: int, on_limit: str) -> object:
    return run_python_writer(WRITER, str(limit), on_limit, *_argv(workdir, args, out), cwd=workdir, env=STAMP)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "repo")
    (tmp_path / "out").mkdir()
    return tmp_path


def _leftovers(folder: Path, target: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p != target)


@pytest.mark.parametrize("writer", list(WRITERS), ids=list(WRITERS))
def test_killed_or_starved_writer_leaves_previous_file(workdir: Path, writer: str) -> None:
    args = WRITERS[writer]
    out_dir = workdir / "out"
    fresh = out_dir / "fresh"
    # What the command writes, made in-process; the writer processes below must write the same bytes.
    proc = invoke_mlgate(*_argv(workdir, args, fresh), cwd=workdir, env=STAMP)
    assert proc.returncode in (0, 1), proc.stderr  # 1: the demo has findings
    new_content = fresh.read_bytes()
    assert len(new_content) > 200, "the output is too small to be cut in half meaningfully"
    fresh.unlink()
    limit = len(new_content) // 2

    target = out_dir / "result"
    # The previous file must be one the writer accepts (a lock or baseline is read before it
    # is rewritten): the same document, laid out differently, will do.
    previous = _relaid(new_content) or PREVIOUS.encode()
    target.write_bytes(previous)

    # Killed by the kernel halfway through writing.
    killed = _write(workdir, args, target, limit, "die")
    assert killed.returncode == -signal.SIGXFSZ, (killed.returncode, killed.stderr)
    assert target.read_bytes() == previous
    # What a kill can leave is the writer's hidden temporary file, never a visible half file.
    assert all(name.startswith(".result.") for name in _leftovers(out_dir, target))
    for name in _leftovers(out_dir, target):
        (out_dir / name).unlink()

    # Out of space: the write fails, the user is told in one line, nothing is left behind.
    starved = _write(workdir, args, target, limit, "ignore")
    assert_clean_error(starved, "result", "cannot write")
    assert target.read_bytes() == previous
    assert _leftovers(out_dir, target) == []

    # And with room to write, the new content replaces the old in one piece (no limit, no signal:
    # nothing that needs a process of its own).
    done = invoke_mlgate(*_argv(workdir, args, target), cwd=workdir, env=STAMP)
    assert done.returncode in (0, 1), done.stderr
    assert target.read_bytes() == new_content
    assert _leftovers(out_dir, target) == []


def _relaid(data: bytes) -> bytes | None:
    try:
        return json.dumps(json.loads(data), indent=3).encode()
    except ValueError:
        return None


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [("scan", "repo"), ("check", "repo", "--policy", "commercial", "--offline"),
                                  ("bom", "repo", "--offline")], ids=["scan", "check", "bom"])
def test_standard_output_on_a_full_disk_is_one_line_exit_3(workdir: Path, args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([mlgate_exe(), *args], cwd=workdir, stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=300, check=False)
    assert_clean_error(subprocess.CompletedProcess(proc.args, proc.returncode, "", proc.stderr),
                       "No space left on device", code=3)
