"""A default or field that names a module constant is reported at the name, origin at the literal."""

from __future__ import annotations

import textwrap

from mlgate.scan.python.detector import DETECTOR

from .helpers import detect, python_refs


def test_a_parameter_default_naming_a_constant_is_a_place_of_its_model() -> None:
    refs = python_refs('''
        from huggingface_hub import hf_hub_download
        _DEFAULT_MODEL = "acme/diffusion-base"
        def load_unet(key: str = _DEFAULT_MODEL):
            return hf_hub_download(key, "unet/config.json")
    ''')
    assert ("acme/diffusion-base", "model", 4) in refs  # the default, under a name (`key`) that says nothing
    assert ("acme/diffusion-base", "model", 3) in refs  # the literal itself (line 1 is blank)


def test_a_field_naming_a_constant_has_the_constant_as_origin() -> None:
    source = textwrap.dedent('''
        from dataclasses import dataclass
        TOKENIZER_ID = "acme/t5-tokenizer"
        @dataclass
        class Config:
            tokenizer_model_id: str = TOKENIZER_ID
    ''')
    refs = [r for r in detect(DETECTOR, "m.py", source) if r.location.line == 6]
    assert [(r.target, r.via) for r in refs] == [("acme/t5-tokenizer", "field tokenizer_model_id")]
    assert refs[0].origin is not None and refs[0].origin.line == 3


def test_constants_that_name_no_model_or_are_assigned_twice_are_not_followed() -> None:
    refs = python_refs('''
        RUN_NAME = "nightly"
        MODEL = "acme/first"
        MODEL = "acme/second"
        def run(run_name: str = RUN_NAME, model_id: str = MODEL):
            return run_name, model_id
    ''')
    assert [line for _, _, line in refs if line == 5] == []
