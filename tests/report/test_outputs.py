"""Formats come from the registries: `--format` choices, the format `-o FILE` implies, and
`check` writing several documents from one run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DEMO, run_mlgate
from mlgate.bom import BOMS
from mlgate.formats import implied_format
from mlgate.report import FINDINGS, INVENTORY, REFERENCES


@pytest.mark.parametrize(("name", "kind", "fmt"), [
    ("report.sarif", "findings", "sarif"),
    ("report.sarif.json", "findings", "sarif"),
    ("report.json", "findings", "json"),
    ("summary.MD", "findings", "markdown"),
    ("mlbom.json", "bom", "json"),
    ("sbom.cdx.json", "bom", "json"),
    ("mlbom.xml", "bom", "xml"),
    ("mlbom.spdx.json", "bom", "spdx"),
])
def test_the_longest_matching_ending_names_the_format(name: str, kind: str, fmt: str) -> None:
    found = implied_format(Path("out") / name, (FINDINGS, BOMS))
    assert found is not None and (found[0].kind, found[1].name) == (kind, fmt)
    assert implied_format(Path("notes.log"), (FINDINGS, BOMS)) is None


def test_each_registry_renders_every_format_it_lists() -> None:
    for registry in (FINDINGS, INVENTORY, REFERENCES, BOMS):
        for name in registry:
            assert callable(registry.load(name)), (registry.kind, name)
        assert registry.default in registry.names()


@pytest.mark.e2e
def test_check_writes_several_documents_from_one_run(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo)
    sarif, bom, summary = tmp_path / "report.sarif", tmp_path / "mlbom.json", tmp_path / "summary.md"
    proc = run_mlgate("check", repo, "--policy", "commercial", "--offline", "-o", sarif, "-o", bom, "-o", summary)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    document = json.loads(bom.read_text())
    assert document["bomFormat"] == "CycloneDX" and document["specVersion"] == "1.6"
    assert "Qwen/Qwen2.5-3B-Instruct" in summary.read_text() and summary.read_text().lstrip().startswith(("❌", "#"))
    # The BOM is the one `mlgate bom` writes for the same tree.
    alone = tmp_path / "alone.json"
    assert run_mlgate("bom", repo, "--offline", "-o", alone).returncode == 0
    names = {c["name"] for c in json.loads(alone.read_text())["components"]}
    assert {c["name"] for c in document["components"]} == names


@pytest.mark.e2e
def test_outputs_whose_format_cannot_be_told_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    sarif = tmp_path / "report.sarif"
    unknown = run_mlgate("check", DEMO, "--policy", "commercial", "--offline", "-o", sarif, "-o", tmp_path / "out.log")
    assert unknown.returncode == 2 and "out.log: cannot tell the format from the file name" in unknown.stderr
    both = run_mlgate("check", DEMO, "--policy", "commercial", "--offline", "--format", "json",
                      "-o", sarif, "-o", tmp_path / "b.json")
    assert both.returncode == 2 and "--format names the format of a single output" in both.stderr
    assert not sarif.exists() and not (tmp_path / "b.json").exists()
