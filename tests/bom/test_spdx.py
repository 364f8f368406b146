"""SPDX 3.0.1 JSON-LD with the AI profile: packages, license relationships, lineage; reads back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bom.official import schema_errors
from bom.samples import SHA, assert_valid_spdx, components
from conftest import DEMO, run_mlgate
from mlgate.bom.spdx import render_spdx, validate_spdx
from mlgate.errors import ToolFailure


@pytest.fixture(scope="module")
def graph() -> dict[str, dict[str, Any]]:
    text = render_spdx(components(), "support-bot", reproducible=True)
    assert_valid_spdx(text)
    doc = json.loads(text)
    assert doc["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    return {e.get("spdxId") or e["@id"]: e for e in doc["@graph"]}


def named(graph: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    return next(e for e in graph.values() if e.get("name") == name)


def relationships(graph: dict[str, dict[str, Any]], kind: str, source: str) -> list[str]:
    """Names (or expressions) of what `source` relates to by `kind`."""
    origin = named(graph, source)["spdxId"]
    out = []
    for rel in graph.values():
        if rel["type"] == "Relationship" and rel["relationshipType"] == kind and rel["from"] == origin:
            for target in rel["to"]:
                element = graph.get(target, {})
                out.append(element.get("name") or element.get("simplelicensing_licenseExpression") or target)
    return out


def test_packages_by_profile(graph: dict[str, dict[str, Any]]) -> None:
    instruct = named(graph, "meta-llama/Llama-3.1-8B-Instruct")
    assert instruct["type"] == "ai_AIPackage" and instruct["software_primaryPurpose"] == "model"
    assert instruct["software_packageUrl"] == f"pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@{SHA}"
    assert instruct["software_packageVersion"] == SHA
    assert "configs/finetune.yaml:2 (model_name_or_path)" in instruct["software_sourceInfo"]
    dataset = named(graph, "acme-support/support-conversations")
    assert dataset["type"] == "dataset_DatasetPackage" and dataset["dataset_datasetType"] == ["noAssertion"]
    props = {(p["extension_cdxPropName"], p["extension_cdxPropValue"])
             for p in named(graph, "Qwen/Qwen2.5-3B-Instruct")["extension"][0]["extension_cdxProperty"]}
    assert ("mlgate:category", "research-only") in props
    sbom = next(e for e in graph.values() if e["type"] == "software_Sbom")
    assert graph[sbom["rootElement"][0]]["name"] == "support-bot"


def test_licenses_are_relationships(graph: dict[str, dict[str, Any]]) -> None:
    assert relationships(graph, "hasConcludedLicense", "acme-support/support-conversations") == ["CC-BY-4.0"]
    assert relationships(graph, "hasDeclaredLicense", "acme-support/support-conversations") == ["CC-BY-4.0"]
    assert relationships(graph, "hasConcludedLicense", "Qwen/Qwen2.5-3B-Instruct") == [
        "LicenseRef-Qwen-Research-License"]
    assert relationships(graph, "hasDeclaredLicense", "Qwen/Qwen2.5-3B-Instruct") == [
        "LicenseRef-declared-other-qwen-research"]
    # The full IRI: the official context has no short name for it (the schema and shapes refuse one).
    no_assertion = "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"
    assert relationships(graph, "hasConcludedLicense", "meta-llama/Llama-3.1-8B") == [no_assertion]
    assert relationships(graph, "hasConcludedLicense", "llama3.1:8b") == [no_assertion]
    llama = next(e for e in graph.values()
                 if e.get("simplelicensing_licenseExpression") == "LicenseRef-Llama-3.1-Community-License")
    assert llama["simplelicensing_customIdToUri"][0]["value"].endswith("/blob/main/LICENSE")


def test_lineage_and_dependencies(graph: dict[str, dict[str, Any]]) -> None:
    assert relationships(graph, "ancestorOf", "meta-llama/Llama-3.1-8B") == ["meta-llama/Llama-3.1-8B-Instruct"]
    assert relationships(graph, "ancestorOf", "Qwen/Qwen2.5-3B-Instruct") == ["acme/support-lora"]
    trained = relationships(graph, "trainedOn", "meta-llama/Llama-3.1-8B-Instruct")
    assert trained == ["acme-support/support-conversations", "HuggingFaceH4/ultrachat_200k"]
    assert named(graph, "HuggingFaceH4/ultrachat_200k")["type"] == "dataset_DatasetPackage"  # lineage only
    used = relationships(graph, "dependsOn", "support-bot")
    assert "gpt-4o" in used and "meta-llama/Llama-3.1-8B" not in used


def test_reproducible_and_not() -> None:
    assert render_spdx(components(), "a", reproducible=True) == render_spdx(components(), "a", reproducible=True)
    assert render_spdx(components(), "a") != render_spdx(components(), "a")


def test_a_document_that_does_not_read_back_is_a_tool_failure() -> None:
    text = render_spdx(components()[:1], "a", reproducible=True)
    doc = json.loads(text)
    doc["@graph"] = [e for e in doc["@graph"] if e["type"] != "simplelicensing_LicenseExpression"]
    with pytest.raises(ToolFailure, match="refers to elements it does not hold"):
        validate_spdx(json.dumps(doc))
    with pytest.raises(ToolFailure, match="does not read back"):
        validate_spdx(json.dumps({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
                                  "@graph": [{"type": "Relationship", "spdxId": "x", "to": 3}]}))


def test_cli_writes_spdx(tmp_path: Path) -> None:
    out = tmp_path / "mlbom.spdx.json"
    proc = run_mlgate("bom", DEMO, "-o", out, "--reproducible", "--offline")  # format from the file name
    assert proc.returncode == 0, proc.stderr
    objects = assert_valid_spdx(out.read_text())
    assert len(list(objects.foreach())) > 10
    assert schema_errors(out.read_text()) == []  # the official SPDX 3.0.1 JSON schema too


def test_cli_without_the_extra_says_how_to_install_it(tmp_path: Path) -> None:
    # A package that fails to import stands in for a missing spdx-python-model.
    shadow = tmp_path / "shadow" / "spdx_python_model"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('not installed')\n")
    out = tmp_path / "x.spdx.json"
    proc = run_mlgate("bom", DEMO, "--format", "spdx", "-o", out, env={"PYTHONPATH": str(shadow.parent)})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "mlgate: error: --format spdx needs the optional spdx-python-model package: pip install 'mlgate[spdx]'"]
    assert not out.exists()
