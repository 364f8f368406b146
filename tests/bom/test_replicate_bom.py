"""A code base that calls Replicate: its models become valid API-model components in every BOM format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bom.samples import assert_valid_cyclonedx, assert_valid_purl
from conftest import run_mlgate
from mlgate.bom.spdx import validate_spdx

APP = '''import replicate
from langchain_community.llms import Replicate

image = replicate.run(
    "stability-ai/sdxl:7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc", input={"prompt": "x"})
llm = Replicate(model="meta/meta-llama-3-70b-instruct")
'''


@pytest.mark.parametrize("name", ["mlbom.json", "mlbom.xml", "mlbom.spdx.json"])
def test_replicate_models_make_a_valid_bom(tmp_path: Path, name: str) -> None:
    (tmp_path / "app.py").write_text(APP)
    out = tmp_path / name
    proc = run_mlgate("bom", tmp_path, "--offline", "-o", out)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    if name.endswith(".xml"):
        assert_valid_cyclonedx(text, "xml")
        assert "pkg:generic/replicate/stability-ai/sdxl" in text
        return
    if name.endswith(".spdx.json"):
        validate_spdx(text)
        assert "replicate/meta/meta-llama-3-70b-instruct" in text
        return
    assert_valid_cyclonedx(text, "json")
    components = {c["name"]: c for c in json.loads(text)["components"]}
    assert set(components) == {"replicate/stability-ai/sdxl", "replicate/meta/meta-llama-3-70b-instruct"}
    sdxl = components["replicate/stability-ai/sdxl"]
    assert sdxl["purl"] == "pkg:generic/replicate/stability-ai/sdxl"
    assert sdxl["version"] == "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc"
    for component in components.values():
        assert_valid_purl(component["purl"])
        assert component["licenses"] == [{"acknowledgement": "concluded",
                                          "expression": "LicenseRef-Proprietary-API-Terms"}]
