"""`check` (and the pipeline) evaluate a BOM given as a path instead of scanning it."""

from __future__ import annotations

import json
from pathlib import Path

from bom.samples import assert_valid_cyclonedx
from conftest import DEMO, invoke_mlgate, run_mlgate
from mlgate.bomread.detect import is_bom_file


def verdict(stdout: str) -> tuple[set[tuple[str, str, str]], dict[str, str]]:
    doc = json.loads(stdout)
    findings = {(f["target"], f["rule"], f["severity"]) for f in doc["findings"]}
    return findings, {c["target"]: c["license"]["category"] for c in doc.get("components", [])}


def test_check_of_our_bom_gives_the_same_verdict_as_the_scan(tmp_path: Path) -> None:
    bom = tmp_path / "mlbom.json"
    assert run_mlgate("bom", DEMO, "--offline", "-o", bom).returncode == 0
    assert_valid_cyclonedx(bom.read_text())
    scanned = run_mlgate("check", DEMO, "--offline", "--policy", "commercial", "--format", "json")
    from_bom = run_mlgate("check", bom, "--policy", "commercial", "--format", "json")
    assert scanned.returncode == from_bom.returncode == 1, from_bom.stderr
    assert verdict(from_bom.stdout) == verdict(scanned.stdout)
    text = run_mlgate("check", bom, "--policy", "commercial")
    assert "support_bot/summarize.py:13" in text.stdout  # the evidence survives the trip


def test_check_of_an_xml_bom(tmp_path: Path) -> None:
    bom = tmp_path / "mlbom.xml"
    assert invoke_mlgate("bom", DEMO, "--offline", "--format", "xml", "-o", bom).returncode == 0
    assert_valid_cyclonedx(bom.read_text(), "xml")
    proc = invoke_mlgate("check", bom, "--policy", "commercial")
    assert proc.returncode == 1 and "Qwen/Qwen2.5-3B-Instruct" in proc.stdout


def test_a_broken_bom_is_a_one_line_error(tmp_path: Path) -> None:
    bom = tmp_path / "mlbom.json"
    bom.write_text('{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [')
    proc = invoke_mlgate("check", bom, "--policy", "commercial")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"mlgate: error: {bom}: not a CycloneDX BOM: invalid JSON at line 1: " \
                                  "Expecting value"


def test_a_json_config_is_scanned_not_read_as_a_bom(tmp_path: Path) -> None:
    config = tmp_path / "train.json"
    config.write_text('{"model_name_or_path": "Qwen/Qwen2.5-3B-Instruct", "note": "bomFormat"}\n')
    assert not is_bom_file(config)
    proc = invoke_mlgate("check", config, "--policy", "commercial", cwd=tmp_path)
    assert proc.returncode == 1 and "train.json:1" in proc.stdout


def test_detection_looks_at_head_and_tail(tmp_path: Path) -> None:
    tail = tmp_path / "tail.json"  # cyclonedx-python-lib writes bomFormat last
    tail.write_text('{"components": [' + ", ".join(['{"type": "library", "name": "x"}'] * 5000)
                    + '], "bomFormat": "CycloneDX", "specVersion": "1.6"}')
    assert tail.stat().st_size > 128 * 1024 and is_bom_file(tail)
    xml = tmp_path / "bom.xml"
    xml.write_text('<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>')
    assert is_bom_file(xml)
    assert not is_bom_file(tmp_path / "absent.json") and not is_bom_file(tmp_path)


def test_an_spdx_document_is_refused_not_scanned_and_passed(tmp_path: Path) -> None:
    spdx2 = tmp_path / "sbom.spdx.json"
    spdx2.write_text(json.dumps({"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "packages": []}))
    spdx3 = tmp_path / "mlbom.spdx.json"
    assert invoke_mlgate("bom", DEMO, "--offline", "--format", "spdx", "-o", spdx3).returncode == 0
    for path in (spdx2, spdx3):
        for args in (("check", path, "--policy", "commercial"), ("diff", path, DEMO)):
            proc = invoke_mlgate(*args, cwd=tmp_path)
            assert proc.returncode == 2, (args, proc.stderr)
            assert proc.stderr.strip() == f"mlgate: error: {path}: an SPDX document: mlgate evaluates CycloneDX " \
                                          "BOMs (JSON or XML); give it a CycloneDX BOM or the code to scan"
