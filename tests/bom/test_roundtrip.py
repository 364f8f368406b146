"""Write → read gives the same components: licenses, evidence, lineage and mlgate's facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bom.samples import assert_valid_cyclonedx, by_key, canonical, components
from conftest import DEMO
from mlgate.bom.cyclonedx import render_json, render_xml
from mlgate.bomread.cyclonedx import read_bom
from mlgate.model import Component


@pytest.mark.parametrize(("fmt", "render"), [("json", render_json), ("xml", render_xml)])
def test_written_components_read_back_unchanged(tmp_path: Path, fmt: str, render: object) -> None:
    written = components()
    text = render(written, "support-bot", reproducible=True)  # type: ignore[operator]
    assert_valid_cyclonedx(text, fmt)
    path = tmp_path / f"mlbom.{fmt}"
    path.write_text(text, encoding="utf-8")
    bom = read_bom(path)
    assert bom.ours and bom.application == "support-bot" and bom.spec_version == "1.6"
    assert bom.ignored == 0
    assert by_key(bom.components) == by_key(written)


def test_reading_twice_through_the_writer_is_stable(tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    first.write_text(render_json(components(), "app", reproducible=True))
    again = render_json(list(read_bom(first).components), "app", reproducible=True)
    # Components come back sorted where the BOM keeps sets; written again, the bytes are the same.
    assert again == render_json([canonical(c) for c in components()], "app", reproducible=True)


def demo_components() -> list[Component]:
    from mlgate.cli.common import build_config
    from mlgate.pipeline import run

    return run(build_config((DEMO,), offline=True, evaluate=False)).components


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_demo_repo_round_trips_without_loss(tmp_path: Path, fmt: str) -> None:
    scanned = demo_components()
    assert len(scanned) >= 5
    render = render_json if fmt == "json" else render_xml
    path = tmp_path / f"demo.{fmt}"
    path.write_text(render(scanned, "demo", reproducible=True), encoding="utf-8")
    assert_valid_cyclonedx(path.read_text(), fmt)
    assert by_key(read_bom(path).components) == by_key(scanned)
