"""The engine runs each registered detector's `finish` hook after every file, in order."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mlgate.config import Environment
from mlgate.model import Kind, Location, Reference
from mlgate.scan.base import Detector, Gathered, ScanOptions, SourceFile
from mlgate.scan.detectors.artifacts import DETECTOR as ARTIFACTS
from mlgate.scan.engine import scan
from mlgate.scan.python.detector import DETECTOR as PYTHON


class _ReadmeCounter(Detector):
    """Names each README; its finish hook records what it was handed and adds one reference."""

    name = "readme-counter"
    triggers = ()
    header_bytes = 0

    def __init__(self) -> None:
        self.saw: list[str] = []

    def accepts(self, relpath: str) -> bool:
        return relpath.endswith("README.md")

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        return [Reference(f"acme/{source.relpath.split('/')[0]}", Kind.MODEL, source.location(0), "readme")]

    def finish(self, gathered: Gathered) -> list[Reference]:
        self.saw = sorted(r.via for r in gathered.references)
        added = Reference(f"acme/after-{len(gathered.files)}-files", Kind.MODEL, Location("README.md", 1), "finish")
        return [*gathered.references, added]


def test_finish_hooks_run_in_registry_order_over_the_whole_scan(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "README.md").write_text("a\n")
    (tmp_path / "weights").mkdir()
    for name in ("config.json", "model.safetensors"):
        (tmp_path / "weights" / name).write_bytes(b"{}")
    counter = _ReadmeCounter()
    result = scan(tmp_path, detectors=[counter, ARTIFACTS])
    # The counter ran first and saw the shard; the artifact hook then replaced the shard by its
    # directory, and kept what the counter added.
    assert counter.saw == ["readme", "safetensors (header not read)"]
    assert [(r.target, r.via) for r in result.references] == [
        ("acme/after-3-files", "finish"), ("acme/a", "readme"), ("weights", "model directory")]
    reversed_order = scan(tmp_path, detectors=[ARTIFACTS, counter])
    assert counter.saw == ["model directory", "readme"]
    assert reversed_order.references == result.references


def test_comment_triggers_come_from_the_registered_detectors(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("# weights: https://huggingface.co/acme/commented\nx = 1\n")
    quiet = scan(tmp_path, detectors=[PYTHON])
    assert quiet.references == []
    loud = scan(tmp_path, options=ScanOptions(include_comments=True), detectors=[PYTHON])
    assert [r.target for r in loud.references] == ["acme/commented"]


def test_the_environment_is_read_in_one_place() -> None:
    env = Environment.read({"MLGATE_CACHE_DIR": "/c", "MLGATE_SCAN_WORKERS": "3", "HF_ENDPOINT": "http://h",
                            "HF_TOKEN": "hf_x", "HF_HUB_OFFLINE": "True", "HF_HOME": "/hf"})
    assert env == Environment(Path("/c"), 3, "http://h", "hf_x", True, Path("/hf/hub"))
    assert "hf_x" not in repr(env)
    assert Environment.read({"MLGATE_SCAN_WORKERS": "many"}).scan_workers is None
    assert ScanOptions(workers=1).workers == 1
