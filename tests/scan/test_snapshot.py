"""The snapshot of a whole scan: a rescan that nothing changed is answered from it, any change is a miss."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mlgate
from conftest import run_mlgate
from mlgate.model import ScanResult
from mlgate.scan import fingerprint
from mlgate.scan.engine import scan
from mlgate.scan.snapshot import Snapshot
from mlgate.scan.walk import walk_files

LOADER = 'from transformers import AutoModel\nAutoModel.from_pretrained("acme/{}")\n'
USER = 'from transformers import AutoModel\nfrom .settings import MODEL\nAutoModel.from_pretrained(MODEL)\n'
OLD_NS = 1_000_000_000  # an mtime long before any run


def _later() -> int:
    """A run started well after the test wrote its files: their ctimes are outside the racy window."""
    return time.time_ns() + 60 * 10**9


def _tree(root: Path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        os.utime(path, ns=(OLD_NS, OLD_NS))
    return sorted(walk_files(root, []))


def _record(root: Path, cache: Path, files: list[str], comments: bool = False) -> ScanResult:
    """A cold run: the snapshot misses, the scan runs, the snapshot records it."""
    snapshot = Snapshot.open(cache, root, ["."], comments, now_ns=_later)
    assert snapshot.answer(files) is None
    result = scan(root, files=files)
    snapshot.record(result)
    return result


def _answer(root: Path, cache: Path, files: list[str], comments: bool = False) -> ScanResult | None:
    return Snapshot.open(cache, root, ["."], comments, now_ns=_later).answer(files)


def _targets(result: ScanResult | None) -> set[str]:
    assert result is not None
    return {r.target for r in result.references}


def test_an_unchanged_tree_is_answered_whole(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = _tree(root, {"a.py": LOADER.format("a"), "pkg/settings.py": 'MODEL = "acme/set"\n',
                         "pkg/user.py": USER, "notes.md": "nothing\n"})
    recorded = _record(root, cache, files)
    assert _targets(recorded) >= {"acme/a", "acme/set"}
    assert _answer(root, cache, files) == recorded  # references, skipped, files scanned, consulted


@pytest.mark.parametrize("change", ["content, same size and mtime", "size", "mtime only", "replaced by a link"])
def test_a_changed_file_is_a_miss(tmp_path: Path, change: str) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = _tree(root, {"a.py": LOADER.format("a"), "b.py": LOADER.format("b")})
    _record(root, cache, files)
    path = root / "b.py"
    if change == "content, same size and mtime":
        path.write_text(LOADER.format("c"))  # same length; the mtime is set back below
        os.utime(path, ns=(OLD_NS, OLD_NS))
    elif change == "size":
        path.write_text(LOADER.format("bigger"))
        os.utime(path, ns=(OLD_NS, OLD_NS))
    elif change == "mtime only":
        os.utime(path, ns=(OLD_NS + 1, OLD_NS + 1))
    else:
        path.unlink()
        path.symlink_to(root / "a.py")
    assert _answer(root, cache, files) is None


def test_a_rescan_after_a_miss_sees_the_change(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = _tree(root, {"a.py": LOADER.format("a"), "b.py": LOADER.format("b")})
    _record(root, cache, files)
    (root / "b.py").write_text(LOADER.format("c"))
    os.utime(root / "b.py", ns=(OLD_NS, OLD_NS))
    assert _targets(_record(root, cache, files)) == {"acme/a", "acme/c"}
    assert _targets(_answer(root, cache, files)) == {"acme/a", "acme/c"}


def test_a_different_file_list_is_a_miss(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = _tree(root, {"a.py": LOADER.format("a"), "b.py": LOADER.format("b")})
    _record(root, cache, files)
    assert _answer(root, cache, ["a.py"]) is None
    assert _answer(root, cache, [*files, "c.py"]) is None


def test_a_module_read_for_its_constants_is_watched_though_not_listed(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    _tree(root, {"pkg/user.py": USER, "pkg/settings.py": 'MODEL = "acme/one"\n'})
    files = ["pkg/user.py"]  # as when only the importing file is scanned
    recorded = _record(root, cache, files)
    assert "pkg/settings.py" in recorded.consulted and _targets(recorded) == {"acme/one"}
    assert _answer(root, cache, files) == recorded
    (root / "pkg/settings.py").write_text('MODEL = "acme/two"\n')
    os.utime(root / "pkg/settings.py", ns=(OLD_NS, OLD_NS))
    assert _answer(root, cache, files) is None
    assert _targets(_record(root, cache, files)) == {"acme/two"}


def test_a_module_that_appears_where_one_was_looked_for_is_a_miss(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = _tree(root, {"pkg/user.py": USER})
    assert _targets(_record(root, cache, files)) == set()  # MODEL cannot be found yet
    _tree(root, {"pkg/settings.py": 'MODEL = "acme/late"\n'})
    assert _answer(root, cache, files) is None
    assert _targets(_record(root, cache, files)) == {"acme/late"}


def test_a_new_scanner_version_or_other_options_are_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = _tree(root, {"a.py": LOADER.format("a")})
    _record(root, cache, files)
    assert _answer(root, cache, files, comments=True) is None
    monkeypatch.setattr(mlgate, "__version__", "99.0")
    assert _answer(root, cache, files) is None


def test_a_changed_set_of_scanner_modules_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = _tree(root, {"a.py": LOADER.format("a")})
    _record(root, cache, files)
    sources = fingerprint.scanner_sources()
    monkeypatch.setattr(fingerprint, "scanner_sources", lambda: sources[:-1])  # a module renamed away
    assert _answer(root, cache, files) is None


def test_files_changed_within_the_racy_window_are_not_recorded(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = _tree(root, {"a.py": LOADER.format("a")})
    just_written = (root / "a.py").lstat().st_ctime_ns
    snapshot = Snapshot.open(cache, root, ["."], False, now_ns=lambda: just_written + 10**9)
    assert snapshot.answer(files) is None
    snapshot.record(scan(root, files=files))
    assert not snapshot.path.exists()  # an edit in the same second could look unchanged later


def test_a_corrupt_or_foreign_snapshot_is_a_miss(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = _tree(root, {"a.py": LOADER.format("a")})
    _record(root, cache, files)
    (path,) = cache.iterdir()
    document = json.loads(path.read_text())
    for broken in ("{not json", json.dumps([1, 2]), json.dumps({**document, "result": {"references": [["x"]]}}),
                   json.dumps({**document, "consulted": "a.py"})):
        path.write_text(broken)
        assert _answer(root, cache, files) is None


def test_the_warm_command_answers_from_the_snapshot_without_loading_the_scanner(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = _tree(root, {"a.py": LOADER.format("a"), "pkg/settings.py": 'MODEL = "acme/set"\n',
                         "pkg/user.py": USER})
    cold = run_mlgate("scan", root, "--format", "json", env={"MLGATE_CACHE_DIR": str(cache)})
    assert cold.returncode == 0, cold.stderr
    # The command's own cold run wrote no snapshot unless it started seconds after the files were
    # written (their ctimes were too recent to trust); record one as a run a minute later would,
    # then let the installed code answer from it.
    recorded = Snapshot.open(cache / "scan", root.resolve(), ["."], False, now_ns=_later)
    recorded.answer(files)  # takes the files' states
    recorded.record(scan(root.resolve(), files=files))
    program = ("import sys\nfrom mlgate.cli import cli\nfrom mlgate.cli.app import run_cli\n"
               "code = run_cli(cli, ['-v', 'scan', sys.argv[1], '--format', 'json', '-o', sys.argv[2]])\n"
               "print(' '.join(sorted(sys.modules)))\nsys.exit(code)\n")
    out = tmp_path / "warm.json"
    warm = subprocess.run([sys.executable, "-c", program, str(root), str(out)], capture_output=True, text=True,
                          env={**os.environ, "MLGATE_CACHE_DIR": str(cache)}, check=False, timeout=120)
    assert warm.returncode == 0, warm.stderr
    assert "nothing changed since the last scan" in warm.stderr
    assert out.read_text() == cold.stdout
    loaded = set(warm.stdout.split())
    for module in ("mlgate.scan.engine", "mlgate.scan.registry", "mlgate.scan.python.analysis", "mlgate.policy.engine",
                   "mlgate.resolve", "mlgate.bom", "yaml", "huggingface_hub", "cyclonedx", "jsonschema"):
        assert module not in loaded, module
