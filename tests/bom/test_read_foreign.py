"""Other tools' BOMs (cdxgen, Syft, a 1.7 XML inventory): read as far as the BOM allows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bom.samples import assert_valid_cyclonedx
from conftest import FIXTURES, run_mlgate
from mlgate.bomread.cyclonedx import read_bom
from mlgate.errors import UsageError
from mlgate.model import BaseModelLink, Category, Kind, License, Unresolved, UnresolvedReason

BOMS = FIXTURES / "boms"


@pytest.mark.parametrize(("name", "fmt", "version"), [
    ("cdxgen-python-1.5.json", "json", "1.5"), ("syft-gguf-1.6.json", "json", "1.6"), ("generic-1.7.xml", "xml", "1.7"),
])
def test_samples_are_valid_for_their_spec_version(name: str, fmt: str, version: str) -> None:
    assert_valid_cyclonedx((BOMS / name).read_text(), fmt, version)


def test_cdxgen_bom() -> None:
    bom = read_bom(BOMS / "cdxgen-python-1.5.json")
    assert (bom.tool, bom.spec_version, bom.application, bom.ours) == ("cdxgen 10.10.4", "1.5", "ticket-triage", False)
    assert bom.ignored == 2  # the two PyPI libraries
    found = {c.target: c for c in bom.components}
    phi = found["microsoft/phi-2"]
    assert (phi.kind, phi.revision) == (Kind.MODEL, "EF382358EC9E382308935A992D908DE099B64C23")
    assert isinstance(phi.license, License)
    assert (phi.license.expression, phi.category, phi.license.source) == ("MIT", Category.PERMISSIVE, "bom")
    assert "cdxgen-python-1.5.json" in phi.license.evidence and "'MIT'" in phi.license.evidence
    assert [str(r.location) for r in phi.references] == ["triage/classify.py:14", "triage/summarise.py:31"]
    llama = found["meta-llama/Meta-Llama-3-8B-Instruct"]
    assert llama.category is Category.COMMUNITY_CONDITIONAL  # license name `llama3` through the catalog
    assert isinstance(llama.license, License) and llama.license.url == "https://llama.meta.com/llama3/license"
    assert found["Salesforce/wikitext"].kind is Kind.DATASET
    assert found["Salesforce/wikitext"].category is Category.COPYLEFT
    unlicensed = found["internal-intents"]
    assert isinstance(unlicensed.license, Unresolved)
    assert unlicensed.license.reason is UnresolvedReason.NO_LICENSE and unlicensed.category is Category.UNKNOWN


def test_syft_bom() -> None:
    bom = read_bom(BOMS / "syft-gguf-1.6.json")
    assert bom.tool == "syft 1.36.0" and bom.ignored == 1
    found = {c.target: c for c in bom.components}
    qwen = found["Qwen3-Coder-30B-A3B-Instruct"]
    assert qwen.revision is None  # Syft's "unknown" is no version
    assert qwen.category is Category.PERMISSIVE
    assert [r.location.path for r in qwen.references] == ["/srv/models/Qwen3-Coder-30B-A3B-Instruct-IQ4_NL.gguf"]
    assert found["Llama-3.2-3B-Instruct"].category is Category.COMMUNITY_CONDITIONAL
    assert found["mystery-merge"].category is Category.UNKNOWN


def test_cyclonedx_17_xml_bom() -> None:
    bom = read_bom(BOMS / "generic-1.7.xml")
    assert (bom.spec_version, bom.tool, bom.ignored) == ("1.7", "model-inventory 2.3.0", 1)
    found = {c.target: c for c in bom.components}
    sdxl = found["stabilityai/stable-diffusion-xl-base-1.0"]
    assert sdxl.revision == "462165984030d82259a11f4367a4eed129e94a7b"
    assert sdxl.category is Category.RESPONSIBLE_AI  # declared `openrail++`
    assert isinstance(sdxl.license, License) and sdxl.license.declared == "openrail++"
    assert sdxl.datasets == ("laion/laion2B-en",)  # modelCard dataset ref → the data component
    assert [(r.location.path, r.location.line, r.via) for r in sdxl.references] == [
        ("service/render.py", 22, "DiffusionPipeline.from_pretrained")]
    mix = found["acme/caption-mix"]
    assert mix.category is Category.NON_COMMERCIAL  # AND: the most restrictive part
    assert mix.base_models == (BaseModelLink("Salesforce/blip-image-captioning-base", "finetune"),)
    assert found["acme/dual-licensed-tagger"].category is Category.PERMISSIVE  # OR: the licensee's choice
    assert found["laion/laion2B-en"].kind is Kind.DATASET


def test_nested_components_and_purl_only_models(tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    path.write_text(json.dumps({
        "bomFormat": "CycloneDX", "specVersion": "1.6",
        "components": [{"type": "container", "name": "serving-image", "components": [
            {"type": "library", "name": "gemma-2b", "purl": "pkg:huggingface/google/gemma-2b@ABCDEF1",
             "licenses": [{"license": {"name": "gemma"}}]},
            {"type": "file", "name": "weights.bin"},
        ]}],
    }))
    bom = read_bom(path)
    assert bom.ignored == 2
    (gemma,) = bom.components
    assert (gemma.target, gemma.kind, gemma.revision) == ("google/gemma-2b", Kind.MODEL, "abcdef1")
    assert gemma.category is Category.COMMUNITY_CONDITIONAL


@pytest.mark.parametrize(("content", "message"), [
    ("{ not json", "not a CycloneDX BOM: invalid JSON at line 1"),
    ('{"name": "package.json"}', 'not a CycloneDX BOM: no "bomFormat": "CycloneDX"'),
    ("[1, 2]", 'not a CycloneDX BOM: no "bomFormat": "CycloneDX"'),
    ('{"bomFormat": "CycloneDX", "components": {}}', "'components' is not a list"),
    ("<project><name>x</name></project>", "not a CycloneDX BOM: the XML root is <project>"),
    ("<bom><unclosed></bom>", "not a CycloneDX BOM: invalid XML"),
])
def test_not_a_bom_is_a_one_line_usage_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / ("x.xml" if content.startswith("<") else "x.json")
    path.write_text(content)
    with pytest.raises(UsageError) as caught:
        read_bom(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_check_evaluates_other_tools_boms() -> None:
    proc = run_mlgate("check", BOMS / "generic-1.7.xml", "--policy", "commercial", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    failing = {f["target"] for f in doc["findings"] if f["severity"] == "error"}
    assert "acme/caption-mix" in failing and "acme/dual-licensed-tagger" not in failing
    assert doc["summary"]["files_scanned"] == 0  # evaluated, not scanned


def test_bom_converts_another_tools_bom_to_ours(tmp_path: Path) -> None:
    out = tmp_path / "ours.cdx.json"
    proc = run_mlgate("bom", BOMS / "syft-gguf-1.6.json", "--name", "model-server", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert_valid_cyclonedx(out.read_text())
    doc = json.loads(out.read_text())
    assert doc["metadata"]["component"]["name"] == "model-server"
    categories = {c["name"]: dict((p["name"], p["value"]) for p in c["properties"])["mlgate:category"]
                  for c in doc["components"]}
    assert categories == {"Qwen3-Coder-30B-A3B-Instruct": "permissive",
                          "Llama-3.2-3B-Instruct": "community-conditional", "mystery-merge": "unknown"}
    assert {c.target for c in read_bom(out).components} == set(categories)


def test_a_model_the_bom_does_not_name_is_judged_not_dropped(tmp_path: Path) -> None:
    bom = tmp_path / "nameless.json"
    bom.write_text(json.dumps({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "components": [{"type": "machine-learning-model", "bom-ref": "m1"},
                       {"type": "library", "name": "numpy"}],
    }))
    proc = run_mlgate("check", bom, "--policy", "commercial")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "<unnamed machine-learning-model m1>" in proc.stdout
    assert "[license-unknown]" in proc.stdout
