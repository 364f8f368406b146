"""A warm `mlgate scan TREE` written from its replay record: byte for byte what the scan writes,
and a miss whenever anything the outcome depended on changed.

The recording run is started through `run_cli` with a wall clock a minute ahead, as a run a
minute after the files were written would be (their ctimes are then outside the racy window);
every other run is a fresh process, as a user's.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import mlgate_exe, run_mlgate
from mlgate.cli import replay
from mlgate.cli.replay_record import Outcome, recording

LOADER = 'from transformers import AutoModel\nAutoModel.from_pretrained("acme/{}")\n'
USER = 'from transformers import AutoModel\nfrom .settings import MODEL\nAutoModel.from_pretrained(MODEL)\n'
OLD_NS = 1_000_000_000  # an mtime long before any run
MARK = "\nREPLAY-PROBE "


def _a_minute_later() -> int:
    """The wall clock of a run a minute after the test wrote its files (their ctimes are then
    outside the racy window)."""
    return time.time_ns() + 60 * 10**9


def _recording_run(later_ns: int) -> str:
    return ("import sys\nfrom mlgate.cli.app import cli, run_cli\n"
            f"sys.exit(run_cli(cli, wall_clock_ns=lambda: {later_ns}))\n")


# Answers from the record only, and says on standard error whether it did and what it loaded.
PROBE = ("import sys\nfrom mlgate.cli.replay import replayed\ncode = replayed(sys.argv[1:])\n"
         "sys.stderr.write('\\nREPLAY-PROBE ' + ('miss' if code is None else 'hit') + ' '"
         " + ' '.join(sorted(sys.modules)))\nsys.exit(code or 0)\n")


def _python(program: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The environment and streams of `run_mlgate`, so the runs share one replay key.
    return subprocess.run([sys.executable, "-c", program, *map(str, args)], cwd=cwd, env={**os.environ},
                          capture_output=True, text=True, check=False, timeout=300)


def _record(cwd: Path, *args: str | Path, later_ns: int | None = None) -> subprocess.CompletedProcess[str]:
    """The cold run, recorded for replay."""
    cold = _python(_recording_run(later_ns or _a_minute_later()), *args, cwd=cwd)
    assert cold.returncode == 0, cold.stderr
    return cold


def _probe(cwd: Path, *args: str | Path) -> tuple[bool, set[str], str]:
    """(answered from the record, modules loaded, its standard error without the probe's line)."""
    warm = _python(PROBE, *args, cwd=cwd)
    stderr, _, line = warm.stderr.rpartition(MARK)
    verdict, *modules = line.split()
    return verdict == "hit", set(modules), stderr


def _tree(root: Path, files: dict[str, str], git: bool = True) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        os.utime(path, ns=(OLD_NS, OLD_NS))
    if git and not (root / ".git").exists():
        subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return _tree(tmp_path / "repo", {"a.py": LOADER.format("a"), "pkg/settings.py": 'MODEL = "acme/set"\n',
                                     "pkg/__init__.py": "", "pkg/user.py": USER, "notes.md": "nothing\n"})


@pytest.mark.parametrize("args", [("--format", "json"), ("--format", "text"), ("--format", "json", "-o", "out.json"),
                                  ("-o", "listing.txt"), ("-q", "--format", "text")])
def test_a_warm_run_writes_what_the_scan_wrote(tmp_path: Path, repo: Path, args: tuple[str, ...]) -> None:
    argv = ("-q", "scan", "repo", *args[1:]) if args[0] == "-q" else ("scan", "repo", *args)
    cold = _record(tmp_path, *argv)
    written = (tmp_path / argv[-1]).read_bytes() if "-o" in argv else None
    if written is not None:
        (tmp_path / argv[-1]).unlink()
    warm = run_mlgate(*argv, cwd=tmp_path)  # the installed command, as a user runs it
    assert (warm.returncode, warm.stdout, warm.stderr) == (0, cold.stdout, cold.stderr)
    if written is not None:
        assert (tmp_path / argv[-1]).read_bytes() == written
        assert b"acme/a" in written
    else:
        assert "acme/a" in cold.stdout and "acme/set" in cold.stdout
    hit, loaded, _ = _probe(tmp_path, *argv)
    assert hit
    assert not {"click", "mlgate.model", "mlgate.config", "mlgate.scan.engine", "logging"} & loaded


def test_the_text_summary_is_written_again_on_standard_error(tmp_path: Path, repo: Path) -> None:
    cold = _record(tmp_path, "scan", "repo")
    assert "references to" in cold.stderr
    hit, _, stderr = _probe(tmp_path, "scan", "repo")
    assert hit and stderr == cold.stderr


def _edit_same_size(path: Path, text: str) -> None:
    path.write_text(text)
    os.utime(path, ns=(OLD_NS, OLD_NS))


CHANGES = {
    "a file edited (same size and mtime)": lambda r: _edit_same_size(r / "a.py", LOADER.format("b")),
    "a file added": lambda r: (r / "b.py").write_text(LOADER.format("b")),
    "a file removed": lambda r: (r / "a.py").unlink(),
    "an ignore rule added": lambda r: (r / ".gitignore").write_text("a.py\n"),
    "a consulted module edited": lambda r: _edit_same_size(r / "pkg/settings.py", 'MODEL = "acme/new"\n'),
    "a settings file added": lambda r: (r / ".mlgate.toml").write_text('exclude = ["a.py"]\n'),
    "a file replaced by a link": lambda r: ((r / "a.py").unlink(), (r / "a.py").symlink_to(r / "notes.md")),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_the_tree_is_a_miss_and_the_scan_sees_it(tmp_path: Path, repo: Path, change: str) -> None:
    argv = ("scan", "repo", "--format", "json")
    cold = _record(tmp_path, *argv)
    assert _probe(tmp_path, *argv)[0]
    CHANGES[change](repo)
    assert not _probe(tmp_path, *argv)[0]
    fresh = run_mlgate(*argv, cwd=tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stdout != cold.stdout


def test_a_module_git_comes_to_list_is_read_on_the_next_run(tmp_path: Path) -> None:
    repo = _tree(tmp_path / "repo", {"pkg/__init__.py": "", "pkg/user.py": USER, ".gitignore": "pkg/settings.py\n",
                                     "pkg/settings.py": 'MODEL = "acme/set"\n'})
    argv = ("scan", "repo", "--format", "json")
    assert "acme/set" not in _record(tmp_path, *argv).stdout  # git ignores it: not the project's module
    assert _probe(tmp_path, *argv)[0]
    _edit_same_size(repo / ".gitignore", "pkg/settings.pyi\n")  # no longer ignored: git lists it
    assert not _probe(tmp_path, *argv)[0]
    assert "acme/set" in run_mlgate(*argv, cwd=tmp_path).stdout


def test_settings_above_the_scanned_directory_are_watched(tmp_path: Path) -> None:
    repo = _tree(tmp_path / "repo", {"sub/a.py": LOADER.format("a"), "sub/b.py": LOADER.format("b")})
    argv = ("scan", "repo/sub", "--format", "json")
    _record(tmp_path, *argv)
    assert _probe(tmp_path, *argv)[0]
    (repo / "pyproject.toml").write_text('[tool.mlgate]\nexclude = ["sub/b.py"]\n')  # outside the listing
    assert not _probe(tmp_path, *argv)[0]
    assert "acme/b" not in run_mlgate(*argv, cwd=tmp_path).stdout


def test_a_directory_that_resolves_elsewhere_is_a_miss(tmp_path: Path, repo: Path) -> None:
    other = _tree(tmp_path / "other", {"a.py": LOADER.format("other")})
    (tmp_path / "current").symlink_to(repo)
    argv = ("scan", "current", "--format", "json")
    _record(tmp_path, *argv)
    assert _probe(tmp_path, *argv)[0]
    (tmp_path / "current").unlink()
    (tmp_path / "current").symlink_to(other)
    assert not _probe(tmp_path, *argv)[0]


def test_other_options_or_environment_have_no_record(tmp_path: Path, repo: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _record(tmp_path, "scan", "repo", "--format", "json")
    assert not _probe(tmp_path, "scan", "repo", "--format", "json", "--include-comments")[0]
    assert not _probe(tmp_path, "scan", "repo", "--format", "text")[0]
    assert not _probe(tmp_path / "repo", "scan", ".", "--format", "json")[0]  # another working directory
    monkeypatch.setenv("MLGATE_SCAN_WORKERS", "1")
    assert not _probe(tmp_path, "scan", "repo", "--format", "json")[0]


def test_help_and_mistyped_options_are_still_click_s(tmp_path: Path, repo: Path) -> None:
    _record(tmp_path, "scan", "repo", "--format", "json")
    mistyped = run_mlgate("scan", "repo", "--format", "jsn", cwd=tmp_path)
    assert mistyped.returncode == 2 and mistyped.stdout == ""
    assert "mlgate: error: Invalid value for '--format': 'jsn' is not one of" in mistyped.stderr
    helped = run_mlgate("scan", "repo", "--format", "json", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: mlgate scan [OPTIONS] [PATHS]...")


def test_the_key_changes_with_mlgate_s_installed_files(tmp_path: Path) -> None:
    package = tmp_path / "mlgate"
    (package / "scan").mkdir(parents=True)
    (package / "__init__.py").write_text('__version__ = "1"\n')
    (package / "scan" / "x.py").write_text("A = 1\n")
    before = replay.installed_state(str(package))
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert replay.installed_state(str(package)) == before  # bytecode written by a run is not a change
    _edit_same_size(package / "scan" / "x.py", "A = 2\n")
    assert replay.installed_state(str(package)) != before
    assert replay.installed_state(str(package)) != replay.installed_state(str(tmp_path))


def test_a_new_mlgate_has_no_record(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = replay.run_key(["scan", "repo"])
    monkeypatch.setattr(replay, "installed_state", lambda: [["another version"]])
    assert replay.run_key(["scan", "repo"]) != key


def test_files_changed_within_the_racy_window_are_not_recorded(tmp_path: Path, repo: Path) -> None:
    just_written = (repo / "a.py").lstat().st_ctime_ns
    _record(tmp_path, "scan", "repo", later_ns=just_written + 10**9)
    assert not list((Path(os.environ["MLGATE_CACHE_DIR"]) / "scan").glob("replay-*"))
    assert not _probe(tmp_path, "scan", "repo")[0]


def test_runs_that_cannot_be_replayed_faithfully_are_not_recorded(tmp_path: Path, repo: Path) -> None:
    (tmp_path / "one.py").write_text(LOADER.format("one"))
    for argv in (("-v", "scan", "repo"), ("scan", "repo", "one.py"), ("scan", "one.py")):
        _record(tmp_path, *argv)
        assert not _probe(tmp_path, *argv)[0], argv
    _tree(tmp_path / "plain", {"a.py": LOADER.format("a")}, git=False)
    _record(tmp_path, "scan", "plain")  # no git checkout: the walk applies the ignore rules itself
    assert not _probe(tmp_path, "scan", "plain")[0]


def test_a_run_that_logged_something_is_not_recorded(tmp_path: Path, repo: Path) -> None:
    cache = tmp_path / "cache"
    outcome = Outcome(stdout="listing\n", output=None, output_text="", stderr="")
    for logged in (False, True):
        with recording(["scan", str(repo)], (repo,), _a_minute_later) as recorder:
            assert recorder is not None
            if logged:
                logging.getLogger("mlgate.scan").warning("a file could not be read")
            recorder.finish(outcome, repo.resolve(), (), cache)
        record = Path(replay.record_path(cache, ["scan", str(repo)]))
        assert record.exists() is not logged
        record.unlink(missing_ok=True)


def test_a_missing_output_directory_is_left_to_the_command(tmp_path: Path, repo: Path) -> None:
    argv = ("scan", "repo", "-o", "out/scan.json")
    (tmp_path / "out").mkdir()
    _record(tmp_path, *argv)
    (tmp_path / "out" / "scan.json").unlink()
    (tmp_path / "out").rmdir()
    hit, _, _ = _probe(tmp_path, *argv)
    assert not hit
    failed = run_mlgate(*argv, cwd=tmp_path)
    assert failed.returncode == 2 and "out/scan.json: directory out does not exist" in failed.stderr


def test_a_corrupt_or_foreign_record_is_a_miss(tmp_path: Path, repo: Path) -> None:
    argv = ("scan", "repo", "--format", "json")
    cold = _record(tmp_path, *argv)
    (path,) = (Path(os.environ["MLGATE_CACHE_DIR"]) / "scan").glob("replay-*")
    whole = path.read_bytes()
    size, _, rest = whole.partition(b"\n")
    header = rest[:int(size)]
    assert replay.Record.decode(whole).encode() == whole
    for broken in (b"", b"{not a record", whole[:-5], whole + b"x", b"99999999\n" + rest, whole[:-1] + b"\xff",
                   size + b"\n" + header.replace(b"2\0", b"1\0", 1) + rest[int(size):]):
        path.write_bytes(broken)
        assert not _probe(tmp_path, *argv)[0]
        warm = run_mlgate(*argv, cwd=tmp_path)
        assert (warm.returncode, warm.stdout) == (0, cold.stdout)


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux user cache directory is spelled out")
def test_the_user_cache_directory_is_found_without_platformdirs(tmp_path: Path, repo: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from mlgate.paths import cache_dir

    monkeypatch.delenv("MLGATE_CACHE_DIR")
    for xdg in (str(tmp_path / "xdg"), ""):
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        assert replay.cache_root(os.environ) == str(cache_dir(None))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    _record(tmp_path, "scan", "repo")
    assert list((tmp_path / "xdg" / "mlgate" / "scan").glob("replay-*"))
    hit, loaded, _ = _probe(tmp_path, "scan", "repo")
    assert hit and "platformdirs" not in loaded


def test_secrets_take_part_in_the_key_by_name_only() -> None:
    # a token's value never reaches a digest; whether one is set still does
    base = {"PATH": "/usr/bin", "HOME": "/root"}
    with_token = replay.run_key(["scan", "."], {**base, "HF_TOKEN": "hf_aaaaaaaaaaaaaaaaaaaaaaaa"})
    assert replay.run_key(["scan", "."], {**base, "HF_TOKEN": "hf_bbbbbbbbbbbbbbbbbbbbbbbb"}) == with_token
    assert replay.run_key(["scan", "."], base) != with_token
    assert replay.run_key(["scan", "."], {**base, "MLGATE_SCAN_WORKERS": "1"}) != replay.run_key(["scan", "."], base)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_replay_that_cannot_write_says_so_in_one_line(tmp_path: Path, repo: Path) -> None:
    _record(tmp_path, "scan", "repo", "--format", "json")
    program = ("import sys\nfrom mlgate.cli.replay import replayed\ncode = replayed(sys.argv[1:])\n"
               "sys.stderr.write(f'REPLAYED {code}')\nsys.exit(code or 0)\n")
    with open("/dev/full", "w") as full:  # a disk that is full: every write fails
        ran = subprocess.run([sys.executable, "-c", program, "scan", "repo", "--format", "json"], cwd=tmp_path,
                             env={**os.environ}, stdout=full, stderr=subprocess.PIPE, text=True, check=False,
                             timeout=300)
    assert ran.stderr == "mlgate: error: No space left on device\nREPLAYED 3"  # as the full run says it
    assert ran.returncode == 3


def test_a_scan_from_a_deleted_working_directory_runs_without_a_record(tmp_path: Path, repo: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    ran = subprocess.run(["sh", "-c", f'cd "{gone}" && rmdir "{gone}" && exec "$0" scan "{repo}" --format json',
                          mlgate_exe()],
                         env={**os.environ}, capture_output=True, text=True, check=False, timeout=300)
    assert ran.returncode == 0, ran.stderr
    assert "acme/a" in ran.stdout
