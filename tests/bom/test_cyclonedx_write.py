"""The CycloneDX 1.6 writer: what goes where, validated JSON and XML, and failures that never write."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from bom.samples import SHA, SHA_UPPER, assert_valid_cyclonedx, assert_valid_purl, components
from mlgate.bom.cyclonedx import render_json, render_xml
from mlgate.errors import ToolFailure
from mlgate.model import Category, Component, Kind, License, Location, Reference

NS = {"c": "http://cyclonedx.org/schema/bom/1.6"}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    text = render_json(components(), "support-bot", reproducible=True)
    assert_valid_cyclonedx(text, "json")
    return json.loads(text)


def by_name(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {(f"{c['group']}/" if "group" in c else "") + c["name"]: c for c in doc["components"]}


def props(component: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["name"], p["value"]) for p in component.get("properties", [])]


def test_metadata_names_the_application_and_mlgate(doc: dict[str, Any]) -> None:
    assert doc["specVersion"] == "1.6" and doc["bomFormat"] == "CycloneDX"
    assert doc["metadata"]["component"] == {"bom-ref": "application:support-bot", "name": "support-bot",
                                            "type": "application"}
    assert [t["name"] for t in doc["metadata"]["tools"]["components"]] == ["mlgate"]
    assert "timestamp" not in doc["metadata"]  # reproducible and no SOURCE_DATE_EPOCH given


def test_component_types_and_purls(doc: dict[str, Any]) -> None:
    comps = by_name(doc)
    assert len(comps) == 8
    assert {c["type"] for n, c in comps.items() if n != "acme-support/support-conversations"} == {
        "machine-learning-model"}
    assert comps["acme-support/support-conversations"]["type"] == "data"
    purls = {n: c.get("purl") for n, c in comps.items()}
    # Case kept, the resolved sha (not the branch the code asked for) in lower case.
    assert purls["meta-llama/Llama-3.1-8B-Instruct"] == f"pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@{SHA}"
    assert purls["Qwen/Qwen2.5-3B-Instruct"] == f"pkg:huggingface/Qwen/Qwen2.5-3B-Instruct@{SHA_UPPER.lower()}"
    # The version is the commit in lower case; the spelling the code used is kept in a property.
    assert comps["Qwen/Qwen2.5-3B-Instruct"]["version"] == SHA_UPPER.lower()
    assert {"name": "mlgate:requested-revision", "value": SHA_UPPER} in comps["Qwen/Qwen2.5-3B-Instruct"]["properties"]
    for purl in filter(None, purls.values()):
        assert_valid_purl(purl)
    assert purls["acme-support/support-conversations"] == "pkg:huggingface/datasets/acme-support/support-conversations"
    assert purls["gpt-4o"] == "pkg:generic/openai/gpt-4o"
    assert purls["llama3.1:8b"] == "pkg:generic/ollama/library/llama3.1@8b"
    assert purls["./models/classifier"] is None


def test_spdx_id_license_lists_concluded_then_declared(doc: dict[str, Any]) -> None:
    dataset = by_name(doc)["acme-support/support-conversations"]
    assert dataset["licenses"] == [
        {"license": {"acknowledgement": "concluded", "id": "CC-BY-4.0",
                     "url": "https://creativecommons.org/licenses/by/4.0/"}},
        {"license": {"acknowledgement": "declared", "name": "cc-by-4.0"}},
    ]
    assert "licenses" not in dataset.get("evidence", {})


def test_expression_license_is_alone_and_declared_goes_to_evidence(doc: dict[str, Any]) -> None:
    # The schema allows one expression and nothing beside it, so the declared value is evidence.
    model = by_name(doc)["Qwen/Qwen2.5-3B-Instruct"]
    assert model["licenses"] == [{"acknowledgement": "concluded", "expression": "LicenseRef-Qwen-Research-License"}]
    assert model["evidence"]["licenses"] == [
        {"license": {"acknowledgement": "declared", "name": "other (qwen-research)"}}]
    adapter = by_name(doc)["acme/support-lora"]
    assert adapter["licenses"][0]["expression"] == "Apache-2.0 AND LicenseRef-Qwen-Research-License"


def test_noassertion_and_unresolved_have_no_concluded_license(doc: dict[str, Any]) -> None:
    comps = by_name(doc)
    assert comps["llama3.1:8b"]["licenses"] == [{"license": {"acknowledgement": "declared", "name": "unknown"}}]
    assert "licenses" not in comps["meta-llama/Llama-3.1-8B"]
    assert ("mlgate:unresolved-reason", "gated") in props(comps["meta-llama/Llama-3.1-8B"])
    assert ("mlgate:unresolved-reason", "not-found") in props(comps["./models/classifier"])


def test_every_reference_is_an_occurrence(doc: dict[str, Any]) -> None:
    occurrences = by_name(doc)["meta-llama/Llama-3.1-8B-Instruct"]["evidence"]["occurrences"]
    assert occurrences[0] == {"location": "configs/finetune.yaml", "line": 2, "offset": 4,
                              "symbol": "model_name_or_path"}
    notebook = occurrences[1]
    assert (notebook["location"], notebook["line"], notebook["offset"]) == ("notebooks/explore.ipynb", 3, 8)
    # What an occurrence has no field for (cell, the spelling used, the branch, a suppression) is kept too.
    assert json.loads(notebook["additionalContext"]) == {
        "cell": 2, "revision": "main", "suppress": ["conditional-needs-review"],
        "suppress_reason": "evaluation only", "target": "meta-llama/Meta-Llama-3.1-8B-Instruct"}


def test_base_models_are_ancestors_and_dependencies_follow_lineage(doc: dict[str, Any]) -> None:
    comps = by_name(doc)
    ancestors = comps["meta-llama/Llama-3.1-8B-Instruct"]["pedigree"]["ancestors"]
    assert ancestors == [{"group": "meta-llama", "name": "Llama-3.1-8B", "type": "machine-learning-model",
                          "purl": "pkg:huggingface/meta-llama/Llama-3.1-8B",
                          "properties": [{"name": "mlgate:relation", "value": "finetune"}]}]
    adapter = comps["acme/support-lora"]["pedigree"]["ancestors"][0]
    assert adapter["properties"] == [{"name": "mlgate:relation", "value": "adapter"}]
    edges = {d["ref"]: set(d.get("dependsOn", [])) for d in doc["dependencies"]}
    instruct = comps["meta-llama/Llama-3.1-8B-Instruct"]["bom-ref"]
    assert edges[instruct] == {"model:meta-llama/Llama-3.1-8B", "dataset:acme-support/support-conversations"}
    assert edges["acme/support-lora".join(("adapter:", ""))] == {f"model:Qwen/Qwen2.5-3B-Instruct@{SHA_UPPER}"}
    app = edges["application:support-bot"]
    assert instruct in app and "model:meta-llama/Llama-3.1-8B" not in app  # lineage, not named by the code
    assert {d["ref"] for d in doc["dependencies"]} == {c["bom-ref"] for c in doc["components"]} | {
        "application:support-bot"}


def test_model_card_and_data_are_added(doc: dict[str, Any]) -> None:
    comps = by_name(doc)
    card = comps["meta-llama/Llama-3.1-8B-Instruct"]["modelCard"]["modelParameters"]
    assert card["task"] == "text-generation"
    assert card["architectureFamily"] == "llama"
    assert card["modelArchitecture"] == "LlamaForCausalLM"
    assert card["datasets"] == [
        {"ref": "dataset:acme-support/support-conversations"},
        {"type": "dataset", "name": "HuggingFaceH4/ultrachat_200k",
         "contents": {"url": "https://huggingface.co/datasets/HuggingFaceH4/ultrachat_200k"}},
    ]
    assert comps["acme-support/support-conversations"]["data"] == [
        {"type": "dataset", "name": "acme-support/support-conversations",
         "contents": {"url": "https://huggingface.co/datasets/acme-support/support-conversations"}}]
    assert "modelCard" not in comps["gpt-4o"]  # nothing to say about it


def test_external_references(doc: dict[str, Any]) -> None:
    comps = by_name(doc)
    refs = {(r["type"], r["url"]) for r in comps["meta-llama/Llama-3.1-8B-Instruct"]["externalReferences"]}
    assert refs == {("model-card", "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"),
                    ("license", "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/blob/main/LICENSE")}
    assert comps["gpt-4o"]["externalReferences"] == [
        {"type": "license", "url": "https://openai.com/policies/terms-of-use"}]
    assert "externalReferences" not in comps["./models/classifier"]


def test_mlgate_facts_are_properties(doc: dict[str, Any]) -> None:
    qwen = props(by_name(doc)["Qwen/Qwen2.5-3B-Instruct"])
    assert ("mlgate:category", "research-only") in qwen
    assert ("mlgate:license-source", "knowledge-base") in qwen
    assert ("mlgate:license-evidence", "mlgate knowledge base: Qwen/Qwen2.5-3B-Instruct") in qwen
    assert {v for k, v in qwen if k == "mlgate:obligation"} == {"no-commercial-use", "research-only"}
    assert ("mlgate:locked-expression", "Apache-2.0") in qwen
    base = props(by_name(doc)["meta-llama/Llama-3.1-8B"])
    assert ("mlgate:introduced-by", "meta-llama/Llama-3.1-8B-Instruct") in base
    instruct = props(by_name(doc)["meta-llama/Llama-3.1-8B-Instruct"])
    assert ("mlgate:resolved-revision", SHA) in instruct and ("mlgate:requested-revision", "main") in instruct
    assert ("mlgate:pipeline_tag", "text-generation") in instruct
    assert ("mlgate:extra:kind", "clashes with a reserved name") in instruct
    assert ("mlgate:kind", "model") in instruct


def test_xml_carries_the_same_content_in_schema_order() -> None:
    text = render_xml(components(), "support-bot", reproducible=True)
    assert_valid_cyclonedx(text, "xml")
    root = ET.fromstring(text)
    assert root.get("serialNumber") == json.loads(render_json(components(), "support-bot", True))["serialNumber"]
    instruct = root.find("c:components/c:component[@bom-ref='model:meta-llama/Llama-3.1-8B-Instruct@main']", NS)
    assert instruct is not None
    children = [child.tag.split("}")[1] for child in instruct]
    assert children.index("evidence") < children.index("modelCard")
    assert instruct.findtext("c:modelCard/c:modelParameters/c:task", namespaces=NS) == "text-generation"
    assert [r.text for r in instruct.findall("c:modelCard/c:modelParameters/c:datasets/c:ref", NS)] == [
        "dataset:acme-support/support-conversations"]
    dataset = root.find("c:components/c:component[@type='data']", NS)
    assert dataset is not None and dataset[-1].tag.endswith("data")


def test_timestamp_and_serial() -> None:
    import datetime as dt

    def rendered(*args: object, **kwargs: object) -> dict[str, Any]:
        text = render_json(*args, **kwargs)  # type: ignore[arg-type]
        assert_valid_cyclonedx(text)
        return json.loads(text)  # type: ignore[no-any-return]

    first, second = rendered(components(), "app"), rendered(components(), "app")
    assert first["serialNumber"] != second["serialNumber"] and "timestamp" in first["metadata"]
    fixed = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    pinned = rendered(components(), "app", reproducible=True, timestamp=fixed)
    assert pinned["metadata"]["timestamp"].startswith("2026-01-02T03:04:05")
    other = rendered(components()[:3], "app", reproducible=True, timestamp=fixed)
    assert other["serialNumber"] != pinned["serialNumber"]  # derived from the content


def test_empty_bom_is_valid() -> None:
    for fmt, render in (("json", render_json), ("xml", render_xml)):
        assert_valid_cyclonedx(render([], "empty", reproducible=True), fmt)


def test_odd_values_still_validate() -> None:
    odd = Component("org/name with space", Kind.MODEL,
                    License("LicenseRef-x", Category.UNKNOWN, "card", "e\u0000vidence", url="LICENSE file.md",
                            declared="<b>weird</b> & \"quoted\""),
                    references=(Reference("org/name with space", Kind.MODEL, Location("dir/ü.py", 1), ""),))
    assert_valid_cyclonedx(render_json([odd], "app"), "json")
    assert_valid_cyclonedx(render_xml([odd], "app"), "xml")


def test_a_value_the_library_refuses_is_a_tool_failure() -> None:
    bad = Component("org/x", Kind.MODEL, License("MIT", Category.PERMISSIVE, "hub", "x"),
                    references=(Reference("org/x", Kind.MODEL, Location("a.py", -1), "v"),))
    with pytest.raises(ToolFailure, match="not written"):
        render_json([bad], "app")


def test_invalid_document_is_a_tool_failure() -> None:
    from mlgate.bom.cyclonedx import validate_json, validate_xml

    with pytest.raises(ToolFailure, match=r"not valid CycloneDX 1\.6 JSON"):
        validate_json('{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "model"}]}')
    with pytest.raises(ToolFailure, match=r"not valid CycloneDX 1\.6 XML"):
        validate_xml('<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><nonsense/></bom>')


def test_a_document_that_passed_is_not_validated_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from mlgate.bom import validated

    memo = tmp_path / "cache"
    first = render_json(components()[:2], "app", memo=memo)  # validated, and remembered
    again = render_json(components()[:2], "app", memo=memo)  # another serial and timestamp: the same document
    assert_valid_cyclonedx(first)
    assert_valid_cyclonedx(again)
    assert first != again and validated.seen(memo, "json", again)
    other = render_json(components()[:2], "other-app", memo=memo).replace("other-app", "third")
    assert not validated.seen(memo, "json", other)
    assert not validated.seen(None, "json", again)  # no cache directory: no memo
    calls = []
    monkeypatch.setattr("mlgate.bom.json_schema.validation_errors", lambda text: calls.append(text) or [])
    render_json(components()[:2], "app", memo=memo)
    assert calls == []
    render_json(components()[:2], "app")  # without a memo every document is validated
    assert len(calls) == 1
