"""Every BOM mlgate writes, as its strictest consumers read it.

Three projects, each written as CycloneDX JSON, CycloneDX XML and SPDX 3.0.1: the demo, a
repository whose licenses cannot be resolved (offline: unknown repos, a ref nobody resolved, a
legacy id, a bare id, a repo loaded as model and adapter), and one resolved against the fake Hub
with lineage, data sets, a pipeline tag and a branch the Hub resolves. Each document must pass
the official SPDX 3.0.1 JSON schema and SHACL shapes, CycloneDX strict validation, and
packageurl-python's validator for every purl.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bom.official import BUILT_IN, schema_errors, shacl_violations
from bom.samples import assert_valid_cyclonedx, assert_valid_purl
from conftest import DEMO
from fakehub import FakeHub

NO_ASSERTION = "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"
TAGGED_SHA = "5d0c8f5e1e2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c"
PROJECTS = ("demo", "unresolved", "lineage")
# The fields the 3.0.1 model lists for each profile (JSON name -> the name a comment uses).
PROFILE_FIELDS = {
    "ai": {"suppliedBy": "suppliedBy", "releaseTime": "releaseTime", "software_packageVersion": "packageVersion"},
    "dataset": {"originatedBy": "originatedBy", "releaseTime": "releaseTime", "builtTime": "builtTime"},
}

UNRESOLVED_APP = """from datasets import load_dataset
from peft import PeftModel
from transformers import AutoModel

base = AutoModel.from_pretrained("acme-unknown/never-heard", revision="fp16")
tuned = PeftModel.from_pretrained(base, "acme-unknown/never-heard", revision="fp16")
legacy = AutoModel.from_pretrained("gpt2", revision="main")
bare = AutoModel.from_pretrained("some-bare-model")
data = load_dataset("acme-unknown/support-data", revision="refs/pr/2")
"""

LINEAGE_APP = """from datasets import load_dataset
from peft import PeftModel
from transformers import AutoModel

merged = AutoModel.from_pretrained("acme-labs/merge-7b")
lora = PeftModel.from_pretrained(merged, "acme-labs/llama-lora")
tagged = AutoModel.from_pretrained("acme-labs/tagged-chat", revision="main")
legacy = AutoModel.from_pretrained("gpt2")
data = load_dataset("HuggingFaceH4/ultrachat_200k")
"""

TAGGED_CHAT = {
    "id": "acme-labs/tagged-chat", "sha": TAGGED_SHA, "lastModified": "2025-07-01T08:30:00.000Z",
    "pipeline_tag": "text-generation", "private": False, "gated": False, "disabled": False,
    "tags": ["license:apache-2.0"],
    "cardData": {"license": "apache-2.0", "base_model": "Qwen/Qwen2.5-7B-Instruct",
                 "datasets": ["HuggingFaceH4/ultrachat_200k", "tatsu-lab/alpaca"]},
}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
                   check=True, capture_output=True)


def _write(root: Path, app: str) -> Path:
    root.mkdir()
    (root / "app.py").write_text(app)
    return root


def _render_all(root: Path, offline: bool) -> dict[str, str]:
    """The three documents `mlgate bom` writes for the project (the same calls, in process)."""
    from mlgate.bom.cyclonedx import render_json, render_xml
    from mlgate.bom.spdx import render_spdx
    from mlgate.cli.common import build_config
    from mlgate.pipeline import run
    from mlgate.scan.repository import project_version

    components = run(build_config((root,), offline=offline, evaluate=False)).components
    version = project_version(root)
    return {fmt: render(components, root.name, reproducible=True, app_version=version)
            for fmt, render in (("json", render_json), ("xml", render_xml), ("spdx", render_spdx))}


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, str]]]:
    base = tmp_path_factory.mktemp("standards")
    unresolved = _write(base / "unresolved", UNRESOLVED_APP)
    _git(unresolved, "init", "-q")
    _git(unresolved, "add", "app.py")
    _git(unresolved, "commit", "-q", "-m", "app")
    _git(unresolved, "tag", "v1.2.0")
    lineage = _write(base / "lineage", LINEAGE_APP)
    with pytest.MonkeyPatch.context() as env, FakeHub() as hub:
        env.setenv("MLGATE_CACHE_DIR", str(base / "cache"))
        env.delenv("HF_TOKEN", raising=False)
        env.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # offline runs never ask; a stray request fails
        docs = {"demo": _render_all(DEMO, offline=True), "unresolved": _render_all(unresolved, offline=True)}
        hub.add(TAGGED_CHAT)
        env.setenv("HF_ENDPOINT", hub.url)
        docs["lineage"] = _render_all(lineage, offline=False)
    yield docs


def _graph(text: str) -> dict[str, dict[str, Any]]:
    return {e.get("spdxId") or e["@id"]: e for e in json.loads(text)["@graph"]}


def _components(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Components with their pedigree ancestors (those carry purls too)."""
    found = list(doc.get("components", []))
    for item in doc.get("components", []):
        found += item.get("pedigree", {}).get("ancestors", [])
    return found


@pytest.mark.parametrize("project", PROJECTS)
def test_spdx_passes_the_official_json_schema(documents: dict[str, dict[str, str]], project: str) -> None:
    assert schema_errors(documents[project]["spdx"]) == []


def test_the_official_json_schema_refuses_the_short_name_mlgate_used_to_write(
        documents: dict[str, dict[str, str]]) -> None:
    broken = documents["unresolved"]["spdx"].replace(f'"{NO_ASSERTION}"', '"expandedlicensing_NoAssertionLicense"')
    graph = _graph(documents["unresolved"]["spdx"])
    pointing = {e["spdxId"] for e in graph.values() if NO_ASSERTION in e.get("to", ())}
    assert pointing
    assert {where for where, _ in schema_errors(broken)} == pointing


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_spdx_passes_the_official_shacl_shapes(documents: dict[str, dict[str, str]]) -> None:
    # One pyshacl run over every document (it is the slow part), plus a document in the form
    # mlgate used to write, which must be caught: the check is not vacuous.
    broken = documents["unresolved"]["spdx"].replace(f'"{NO_ASSERTION}"', '"expandedlicensing_NoAssertionLicense"') \
        .replace("https://mlgate.invalid/spdx/", "https://mlgate.invalid/broken-spdx/")
    found = shacl_violations([documents[p]["spdx"] for p in PROJECTS] + [broken])
    from_broken = {v for v in found if v[0].startswith("https://mlgate.invalid/broken-spdx/")}
    assert from_broken and all(v[3] == "Value does not have class <https://spdx.org/rdf/3.0.1/terms/Core/Element>"
                               for v in from_broken)
    assert {(focus, path) for focus, path, _, _ in found - from_broken} == BUILT_IN


@pytest.mark.parametrize("project", PROJECTS)
def test_each_ai_and_dataset_package_has_one_declared_and_one_concluded_license(
        documents: dict[str, dict[str, str]], project: str) -> None:
    graph = _graph(documents[project]["spdx"])
    licenses: Counter[tuple[str, str]] = Counter()
    for element in graph.values():
        if element["type"] == "Relationship" and element["relationshipType"] in ("hasDeclaredLicense",
                                                                                   "hasConcludedLicense"):
            licenses[(element["from"], element["relationshipType"])] += len(element["to"])
    packages = [e for e in graph.values() if e["type"] in ("ai_AIPackage", "dataset_DatasetPackage")]
    assert packages
    for package in packages:
        for kind in ("hasDeclaredLicense", "hasConcludedLicense"):
            assert licenses[(package["spdxId"], kind)] == 1, (package["name"], kind)
        # What the profiles expect is there, or the package says it is not known.
        expected = PROFILE_FIELDS["ai" if package["type"] == "ai_AIPackage" else "dataset"]
        for field, spoken in expected.items():
            assert field in package or spoken in package["comment"], (package["name"], field)


def test_profile_fields_come_from_the_hub(documents: dict[str, dict[str, str]]) -> None:
    graph = _graph(documents["lineage"]["spdx"])
    tagged = next(e for e in graph.values() if e.get("name") == "acme-labs/tagged-chat")
    assert tagged["software_packageVersion"] == TAGGED_SHA
    assert tagged["releaseTime"] == "2025-07-01T08:30:00Z"
    supplier = graph[tagged["suppliedBy"]]
    assert (supplier["type"], supplier["name"]) == ("Organization", "acme-labs")
    dataset = next(e for e in graph.values() if e.get("name") == "HuggingFaceH4/ultrachat_200k")
    assert graph[dataset["originatedBy"][0]]["name"] == "HuggingFaceH4"
    assert "builtTime" in dataset["comment"]


@pytest.mark.parametrize("project", PROJECTS)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_cyclonedx_passes_strict_validation(documents: dict[str, dict[str, str]], project: str, fmt: str) -> None:
    assert_valid_cyclonedx(documents[project][fmt], fmt)


@pytest.mark.parametrize("project", PROJECTS)
def test_every_purl_is_valid_and_names_one_component(documents: dict[str, dict[str, str]], project: str) -> None:
    cdx = json.loads(documents[project]["json"])
    spdx_purls = [e["software_packageUrl"] for e in _graph(documents[project]["spdx"]).values()
                  if "software_packageUrl" in e]
    purls = [c["purl"] for c in _components(cdx) if "purl" in c] + spdx_purls
    assert purls
    for purl in purls:
        assert_valid_purl(purl)
    owners: dict[str, set[str]] = {}
    for item in cdx["components"]:
        if "purl" in item:
            owners.setdefault(item["purl"], set()).add(item["bom-ref"])
    assert {purl: refs for purl, refs in owners.items() if len(refs) > 1} == {}
    # CycloneDX and SPDX name each Hub component (models and data sets alike) by the same purl.
    assert {c["purl"] for c in cdx["components"] if "purl" in c} <= set(spdx_purls)


@pytest.mark.parametrize("project", PROJECTS)
def test_every_dependency_entry_lists_what_it_depends_on(documents: dict[str, dict[str, str]], project: str) -> None:
    # cdxgen's `cdx-validate --strict` crashes on an entry without `dependsOn`.
    entries = json.loads(documents[project]["json"])["dependencies"]
    assert entries and all(isinstance(entry.get("dependsOn"), list) for entry in entries)
    assert any(entry["dependsOn"] == [] for entry in entries)


def test_refs_are_resolved_to_commits_or_kept_as_written(documents: dict[str, dict[str, str]]) -> None:
    def by_name(project: str) -> dict[str, dict[str, Any]]:
        doc = json.loads(documents[project]["json"])
        return {f"{c['group']}/{c['name']}" if c.get("group") else c["name"]: c for c in doc["components"]}

    def props(item: dict[str, Any]) -> dict[str, str]:
        return {p["name"]: p["value"] for p in item.get("properties", [])}

    tagged = by_name("lineage")["acme-labs/tagged-chat"]
    assert tagged["purl"] == f"pkg:huggingface/acme-labs/tagged-chat@{TAGGED_SHA}"
    assert props(tagged)["mlgate:requested-revision"] == "main"
    assert tagged["modelCard"]["modelParameters"]["task"] == "text-generation"
    offline = by_name("unresolved")
    pr = offline["acme-unknown/support-data"]
    assert pr["purl"] == "pkg:huggingface/datasets/acme-unknown/support-data" and "version" not in pr
    assert props(pr)["mlgate:requested-revision"] == "refs/pr/2"
    assert props(offline["acme-unknown/never-heard"])["mlgate:requested-revision"] == "fp16"
    assert offline["acme-unknown/never-heard"]["type"] == "machine-learning-model"
    assert props(offline["acme-unknown/never-heard"])["mlgate:kind"] == "adapter"  # model and adapter: one
    assert offline["gpt2"]["purl"] == "pkg:huggingface/openai-community/gpt2"
    assert "purl" not in offline["some-bare-model"]  # no org known: no valid purl to give
    assert by_name("lineage")["gpt2"]["purl"].startswith("pkg:huggingface/openai-community/gpt2@")


def test_ancestors_carry_versions_and_the_application_its_own(documents: dict[str, dict[str, str]]) -> None:
    doc = json.loads(documents["lineage"]["json"])
    versions = {f"{c['group']}/{c['name']}": c.get("version") for c in doc["components"] if c.get("group")}
    ancestors = [a for c in doc["components"] for a in c.get("pedigree", {}).get("ancestors", [])]
    known = [a for a in ancestors if versions.get(f"{a['group']}/{a['name']}")]
    assert known and all(a["version"] == versions[f"{a['group']}/{a['name']}"] and a["purl"].endswith(a["version"])
                         for a in known)
    assert json.loads(documents["unresolved"]["json"])["metadata"]["component"]["version"] == "v1.2.0"
    spdx_app = next(e for e in _graph(documents["unresolved"]["spdx"]).values()
                    if e.get("software_primaryPurpose") == "application")
    assert spdx_app["software_packageVersion"] == "v1.2.0"
