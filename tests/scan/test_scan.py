"""The scan as a whole: walking, skipping, suppression, local model directories, the cache."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from mlgate.model import Kind, Suppression
from mlgate.scan.base import ScanOptions, SourceFile
from mlgate.scan.engine import scan
from mlgate.scan.python.detector import PythonDetector
from mlgate.scan.suppress import parse_suppression
from scan.helpers import scan_tree

LOADER = 'from transformers import AutoModel\nAutoModel.from_pretrained("acme/{}")\n'


def _targets(result: object) -> set[str]:
    return {r.target for r in result.references}  # type: ignore[attr-defined]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=root, check=True,
                   capture_output=True)


def test_gitignore_is_honoured_in_a_checkout(tmp_path: Path) -> None:
    files = {"a.py": LOADER.format("tracked"), "build/b.py": LOADER.format("ignored"),
             "new.py": LOADER.format("untracked"), ".gitignore": "build/\n"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    _git(tmp_path, "init", "-q", ".")
    _git(tmp_path, "add", "a.py", ".gitignore")
    _git(tmp_path, "commit", "-q", "-m", "x")
    assert _targets(scan(tmp_path)) == {"acme/tracked", "acme/untracked"}


def test_nested_gitignore_outside_a_checkout(tmp_path: Path) -> None:
    result = scan_tree(tmp_path, {
        ".gitignore": "*.tmp.py\n", "sub/.gitignore": "skip/\n", "keep.py": LOADER.format("keep"),
        "x.tmp.py": LOADER.format("tmp"), "sub/skip/y.py": LOADER.format("nested-ignored"),
        "sub/z.py": LOADER.format("sub"), "node_modules/n.py": LOADER.format("vendored"),
    })
    assert _targets(result) == {"acme/keep", "acme/sub"}


def test_links_are_not_followed_and_are_reported(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text(LOADER.format("outside"))
    root = tmp_path / "root"
    root.mkdir()
    (root / "real.py").write_text(LOADER.format("real"))
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "out").symlink_to(outside, target_is_directory=True)
    (root / "link.py").symlink_to(outside / "secret.py")
    result = scan(root)
    assert _targets(result) == {"acme/real"}
    assert {s.path for s in result.skipped if "link" in s.reason} == {"loop", "out", "link.py"}


def test_binary_oversized_and_unreadable_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    result = scan_tree(tmp_path, {
        "bin.py": b"\x00\x01model\x00" * 10, "big.yaml": "model_id: acme/x\n" + "#" * (9 * 1024 * 1024),
        "locked.py": LOADER.format("locked"), "utf16.py": LOADER.format("utf16").encode("utf-16"),
    })
    assert _targets(result) == {"acme/locked", "acme/utf16"} or os.geteuid() == 0
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons["bin.py"] == "binary file"
    assert reasons["big.yaml"] == "larger than 8 MiB"
    if os.geteuid() != 0:  # root reads everything
        (tmp_path / "locked.py").chmod(0)
        try:
            again = scan(tmp_path)
        finally:
            (tmp_path / "locked.py").chmod(0o644)
        assert {s.path: s.reason for s in again.skipped}["locked.py"].startswith("unreadable")


def test_local_model_directory_replaces_its_shard_references(tmp_path: Path) -> None:
    header = json.dumps({"__metadata__": {}}).encode()
    shard = len(header).to_bytes(8, "little") + header
    result = scan_tree(tmp_path, {"m/config.json": '{"model_type": "bert"}', "m/model.safetensors": shard,
                                  "loose.safetensors": shard})
    assert [(r.target, r.kind, r.location.path, r.via) for r in result.references] == [
        ("loose.safetensors", Kind.LOCAL_PATH, "loose.safetensors", "safetensors"),
        ("m", Kind.LOCAL_PATH, "m/config.json", "model directory")]


@pytest.mark.parametrize(("line", "expected"), [
    ('x = f("a")  # mlgate: ignore', Suppression()),
    ("x  # mlgate: ignore[no-research-only, license-unknown] eval only", Suppression(
        ("no-research-only", "license-unknown"), "eval only")),
    ("model: acme/x  # mlgate:ignore[a]", Suppression(("a",), "")),
    ('    "m = load(\\"x\\")  # mlgate: ignore[r] why\\n",', Suppression(("r",), "why")),
    ("# a comment about mlgate, not an ignore", None),
])
def test_suppression_comments(line: str, expected: Suppression | None) -> None:
    assert parse_suppression(line) == expected


class _CountingPython(PythonDetector):
    """The real Python detector, counting the files it is asked to read."""

    def __init__(self) -> None:
        self.reads: list[str] = []

    def detect(self, source: SourceFile, options: ScanOptions) -> list:  # type: ignore[override,type-arg]
        self.reads.append(source.relpath)
        return list(super().detect(source, options))


def test_warm_rescan_reads_only_what_changed(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    scan_tree(root, {"a.py": LOADER.format("a"), "b.py": LOADER.format("b"), "c.py": "print('no trigger')\n"})
    old = 1_000_000_000  # files older than the racy window of the run that cached them
    for name in ("a.py", "b.py", "c.py"):
        os.utime(root / name, ns=(old, old))
    options = ScanOptions(cache_dir=cache)
    detector = _CountingPython()
    first = scan(root, options=options, detectors=[detector])
    assert sorted(detector.reads) == ["a.py", "b.py"]
    detector.reads.clear()
    (root / "b.py").write_text(LOADER.format("b2"))
    os.utime(root / "a.py", ns=(old + 5, old + 5))  # touched, same content: hash says unchanged
    second = scan(root, options=options, detectors=[detector])
    assert detector.reads == ["b.py"]
    assert _targets(first) == {"acme/a", "acme/b"} and _targets(second) == {"acme/a", "acme/b2"}
    detector.reads.clear()
    third = scan(root, options=options, detectors=[detector])
    assert detector.reads == [] and third.references == second.references


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    scan_tree(root, {"a.py": LOADER.format("a")})
    scan(root, options=ScanOptions(cache_dir=cache))
    for path in cache.iterdir():
        path.write_text('{"format": 2, "fingerprint": "x", "files": {"a.py": [1, 2, 3]}')
    assert _targets(scan(root, options=ScanOptions(cache_dir=cache))) == {"acme/a"}
    for path in cache.iterdir():
        document = json.loads(path.read_text())
        document["files"]["a.py"][2] = [["acme/evil", "bogus-kind", 1, 1, None, "v", None, "input", None, None]]
        path.write_text(json.dumps(document))
    assert _targets(scan(root, options=ScanOptions(cache_dir=cache))) == {"acme/a"}


def test_parallel_scan_gives_the_serial_answer_and_fills_the_cache(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    files = {f"pkg{i}/m{i}.py": LOADER.format(f"model-{i}") for i in range(60)}
    # sizes that grow along the listing: the workers take the largest chunks first
    files.update({f"pkg{i}/plain{i}.py": "x = 1\n" + "# padding\n" * i * 20 for i in range(60)})
    files["bad.py"] = b"\x00binary"
    scan_tree(root, files)
    listing = sorted(files)
    monkeypatch.setenv("MLGATE_SCAN_WORKERS", "1")
    serial = scan(root, files=listing)
    monkeypatch.setenv("MLGATE_SCAN_WORKERS", "2")
    parallel = scan(root, files=listing, options=ScanOptions(cache_dir=cache))
    assert parallel.references == serial.references and len(serial.references) == 60
    assert parallel.skipped == serial.skipped and parallel.files_scanned == serial.files_scanned
    document = json.loads(next(cache.iterdir()).read_text())
    assert list(document["files"]) == listing  # stored in file order, whatever order chunks ran in


def test_cache_fingerprint_covers_every_module_that_shapes_the_output() -> None:
    # Detectors live in subpackages and the target rules at the package root: editing any of
    # them must invalidate cached results, or a fixed detector keeps serving stale references.
    import mlgate
    from mlgate.scan.fingerprint import scanner_sources

    names = {p.relative_to(Path(mlgate.__file__).parent).as_posix() for p in scanner_sources()}
    assert {"scan/detectors/shell.py", "scan/python/analysis.py", "scan/names.py", "targets.py"} <= names


def test_positions_counted_without_then_with_the_line_table() -> None:
    # few positions are counted from the text; once the counting has covered the text twice
    # (thousands of references in one file, each counted from the start) the table takes over
    text = "".join(f"line {n}\tx y\n" for n in range(200)) + "last " * 50
    expected = {offset: (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))
                for offset in range(0, len(text), 7)}
    source = SourceFile("a.sh", text.encode())
    assert source.position(len(text) - 1) == (201, 250)  # counted: the last line's last column
    assert "line_starts" not in source.__dict__
    assert {offset: source.position(offset) for offset in expected} == expected
    assert "line_starts" in source.__dict__
