"""Local sources: model directories (card, LICENSE, adapter_config), weight-file headers, HF cache."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from mlgate.model import Category, Kind, License, Unresolved, UnresolvedReason
from mlgate.resolve.artifacts import gguf_base_models, read_gguf_metadata, read_safetensors_metadata
from mlgate.resolve.base import Lookup
from mlgate.resolve.hf_cache import HfCacheSource
from mlgate.resolve.license_text import identify
from mlgate.resolve.local import LocalSource

from .weightfiles import write_gguf, write_safetensors

LLAMA_31_LICENSE = "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n..."
APACHE = "                                 Apache License\n                           Version 2.0, January 2004\n"


def local(target: str) -> Lookup:
    return Lookup(target, Kind.LOCAL_PATH)


def card(directory: Path, front_matter: str, body: str = "# Model\n") -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "README.md").write_text(f"---\n{front_matter}\n---\n{body}")


def resolve_one(root: Path, item: Lookup) -> tuple[License | Unresolved, object]:
    answer = LocalSource(root).lookup([item])[item]
    return answer.license, answer


def test_card_front_matter_answers_with_lineage_and_datasets(tmp_path: Path) -> None:
    card(tmp_path / "models" / "ft", "license: other\nlicense_name: qwen-research\nlicense_link: LICENSE\n"
         "base_model: Qwen/Qwen2.5-3B-Instruct\ndatasets:\n  - tatsu-lab/alpaca\n  - ./local-data")
    license_, answer = resolve_one(tmp_path, local("./models/ft"))
    assert isinstance(license_, License)
    assert (license_.category, license_.source) == (Category.RESEARCH_ONLY, "card")
    assert "models/ft/README.md front matter: license: other, license_name: qwen-research" in license_.evidence
    assert [b.target for b in answer.base_models] == ["Qwen/Qwen2.5-3B-Instruct"]  # type: ignore[attr-defined]
    assert answer.datasets == ("tatsu-lab/alpaca",)  # type: ignore[attr-defined]


def test_card_pipeline_tag_becomes_the_task_of_the_model_card(tmp_path: Path) -> None:
    from mlgate.bom.extras import model_card
    from mlgate.model import Component

    card(tmp_path / "models" / "cls", "license: mit\npipeline_tag: text-classification")
    license_, answer = resolve_one(tmp_path, local("./models/cls"))
    assert ("pipeline_tag", "text-classification") in answer.properties  # type: ignore[attr-defined]
    component = Component("./models/cls", Kind.LOCAL_PATH, license_, properties=answer.properties)  # type: ignore[attr-defined]
    assert model_card(component, {}) == {"modelParameters": {"task": "text-classification"}}


def test_license_file_answers_when_the_card_has_no_license(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "LICENSE").write_text(LLAMA_31_LICENSE)
    license_, _ = resolve_one(tmp_path, local("m"))
    assert isinstance(license_, License)
    assert (license_.expression, license_.source) == ("LicenseRef-Llama-3.1-Community-License", "local")
    assert "m/LICENSE: license text recognised as Llama 3.1" in license_.evidence


def test_card_and_license_file_disagreeing_gives_the_stricter_with_both_named(tmp_path: Path) -> None:
    # sdxl-turbo's situation: the card says one license, the LICENSE file another (drift.md E2)
    card(tmp_path / "m", "license: apache-2.0")
    (tmp_path / "m" / "LICENSE").write_text("STABILITY AI NON-COMMERCIAL RESEARCH COMMUNITY LICENSE AGREEMENT")
    license_, _ = resolve_one(tmp_path, local("m"))
    assert isinstance(license_, License) and license_.category is Category.NON_COMMERCIAL
    assert "disagree" in license_.evidence and "-> Apache-2.0" in license_.evidence


def test_peft_adapter_config_links_the_base(tmp_path: Path) -> None:
    adapter = tmp_path / "adapters" / "support-lora"
    adapter.mkdir(parents=True)
    (adapter / "adapter_config.json").write_text(json.dumps(
        {"base_model_name_or_path": "meta-llama/Llama-3.1-8B-Instruct", "peft_type": "LORA"}))
    license_, answer = resolve_one(tmp_path, local("adapters/support-lora"))
    assert isinstance(license_, Unresolved) and license_.reason is UnresolvedReason.NO_LICENSE
    assert [(b.target, b.relation) for b in answer.base_models] == [  # type: ignore[attr-defined]
        ("meta-llama/Llama-3.1-8B-Instruct", "adapter")]


def test_gguf_header_license_and_base_model(tmp_path: Path) -> None:
    write_gguf(tmp_path / "qwen-3b-q4.gguf", {
        "general.architecture": "qwen2", "general.name": "Qwen2.5 3B Instruct",
        "general.license": "other", "general.license.name": "qwen-research",
        "general.base_model.count": 1,
        "general.base_model.0.repo_url": "https://huggingface.co/Qwen/Qwen2.5-3B-Instruct",
        "tokenizer.ggml.tokens": ["a", "b"],
    })
    license_, answer = resolve_one(tmp_path, local("./qwen-3b-q4.gguf"))
    assert isinstance(license_, License)
    assert (license_.category, license_.source) == (Category.RESEARCH_ONLY, "gguf")
    assert "qwen-3b-q4.gguf: general.license = 'other', general.license.name = 'qwen-research'" in license_.evidence
    assert [(b.target, b.relation) for b in answer.base_models] == [  # type: ignore[attr-defined]
        ("Qwen/Qwen2.5-3B-Instruct", "quantized")]


def test_safetensors_metadata_license(tmp_path: Path) -> None:
    write_safetensors(tmp_path / "model.safetensors", {"format": "pt", "modelspec.license": "openrail++"})
    license_, _ = resolve_one(tmp_path, local("./model.safetensors"))
    assert isinstance(license_, License)
    assert (license_.category, license_.source) == (Category.RESPONSIBLE_AI, "safetensors")


def test_hub_shaped_id_that_is_a_local_directory_is_read_locally(tmp_path: Path) -> None:
    card(tmp_path / "models" / "encoder", "license: mit")
    item = Lookup("models/encoder", Kind.MODEL)
    answers = LocalSource(tmp_path).lookup([item, Lookup("Qwen/Qwen2.5-7B", Kind.MODEL)])
    assert list(answers) == [item]  # a Hub id that is not a directory is left to the other sources
    assert isinstance(answers[item].license, License) and answers[item].license.expression == "MIT"


def test_missing_and_outside_paths(tmp_path: Path) -> None:
    missing, _ = resolve_one(tmp_path / "repo", local("./models/absent"))
    assert isinstance(missing, Unresolved) and missing.reason is UnresolvedReason.NOT_FOUND
    (tmp_path / "repo").mkdir()
    card(tmp_path / "elsewhere", "license: mit")
    outside, _ = resolve_one(tmp_path / "repo", local("../elsewhere"))
    assert isinstance(outside, Unresolved) and "outside the project root" in outside.detail


def test_bad_front_matter_is_ignored_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "README.md").write_text("---\nlicense: [unclosed\n---\n")
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nlicense: mit\n---\n"
    (tmp_path / "n").mkdir()
    (tmp_path / "n" / "README.md").write_text(bomb)
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "README.md").write_text("---\nlicense: !!python/object/apply:os.system ['echo hi']\n---\n")
    answers = LocalSource(tmp_path).lookup([local("m"), local("n"), local("o")])
    assert isinstance(answers[local("m")].license, Unresolved)
    assert isinstance(answers[local("n")].license, License)  # aliases are fine; only plain keys are read
    assert isinstance(answers[local("o")].license, Unresolved)  # a python tag is not loaded


@pytest.mark.parametrize("text,key", [
    (APACHE, "apache-2.0"),
    ("Qwen RESEARCH LICENSE AGREEMENT\nRelease Date: September 19, 2024", "qwen-research"),
    ("Qwen LICENSE AGREEMENT\nRelease Date: September 19, 2024", "qwen"),
    ("Falcon 180B TII License Version 1.0\n... based on the Apache License Version 2.0", "falcon-180b-tii-license"),
    ("MIT License\n\nPermission is hereby granted, free of charge, to any person", "mit"),
    ("Attribution-NonCommercial 4.0 International", "cc-by-nc-4.0"),
    ("Some bespoke terms nobody has seen before", None),
])
def test_license_text_recognition(text: str, key: str | None) -> None:
    assert identify(text) == key


def test_gguf_reader_is_bounded_against_hostile_lengths(tmp_path: Path) -> None:
    huge = b"GGUF" + struct.pack("<I", 3) + struct.pack("<Q", 0) + struct.pack("<Q", 1)
    huge += struct.pack("<Q", 2**62) + b"general.license"  # a key length of 4 EiB
    (tmp_path / "huge.gguf").write_bytes(huge)
    assert read_gguf_metadata(tmp_path / "huge.gguf") == {}
    (tmp_path / "trunc.gguf").write_bytes(b"GGUF\x03\x00")
    assert read_gguf_metadata(tmp_path / "trunc.gguf") == {}
    (tmp_path / "notgguf.gguf").write_bytes(b"PK\x03\x04" * 10)
    assert read_gguf_metadata(tmp_path / "notgguf.gguf") == {}
    many = write_gguf(tmp_path / "v1.gguf", {"general.license": "mit"}, version=1)
    assert read_gguf_metadata(many) == {"general.license": "mit"}


def test_gguf_reader_skips_leading_non_general_keys_and_stops_after_general(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "m.gguf", {
        "tokenizer.ggml.tokens": [str(i) for i in range(100)],
        "general.license": "apache-2.0",
        "general.base_model.count": 1,
        "general.base_model.0.organization": "Qwen", "general.base_model.0.name": "Qwen2.5 7B",
        "tokenizer.ggml.merges": ["a b"] * 10,
    }, extra=b"\xff" * 64)
    meta = read_gguf_metadata(path)
    assert meta["general.license"] == "apache-2.0" and "tokenizer.ggml.merges" not in meta
    assert gguf_base_models(meta) == ("Qwen/Qwen2.5-7B",)


def test_safetensors_reader_is_bounded(tmp_path: Path) -> None:
    assert read_safetensors_metadata(write_safetensors(tmp_path / "a.safetensors", {"license": "mit"})) == {
        "license": "mit"}
    hostile = write_safetensors(tmp_path / "b.safetensors", {"license": "mit"}, header_length=2**60)
    assert read_safetensors_metadata(hostile) == {}
    short = write_safetensors(tmp_path / "c.safetensors", None, header_length=10_000)
    assert read_safetensors_metadata(short) == {}


# -- the local Hugging Face cache -------------------------------------------------------------

def hf_cache_repo(cache: Path, repo: str, sha: str, readme: str | None, kind: str = "models",
                  ref: str | None = "main") -> Path:
    folder = cache / f"{kind}--{repo.replace('/', '--')}"
    snapshot = folder / "snapshots" / sha
    snapshot.mkdir(parents=True)
    if ref:
        (folder / "refs").mkdir(exist_ok=True)
        (folder / "refs" / ref).write_text(sha)
    if readme is not None:
        (snapshot / "README.md").write_text(readme)
    return snapshot


def test_hf_cache_reads_the_card_of_the_snapshot_main_points_at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    cache = tmp_path / "hub"
    old, new = "a" * 40, "b" * 40
    hf_cache_repo(cache, "acme/model", old, "---\nlicense: cc-by-nc-4.0\n---\n", ref=None)
    hf_cache_repo(cache, "acme/model", new, "---\nlicense: apache-2.0\nbase_model: acme/base\n---\n")
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    source = HfCacheSource()
    head, pinned = Lookup("acme/model", Kind.MODEL), Lookup("acme/model", Kind.MODEL, old)
    answers = source.lookup([head, pinned, Lookup("acme/absent", Kind.MODEL)])
    assert set(answers) == {head, pinned}
    now, then = answers[head].license, answers[pinned].license
    assert isinstance(now, License) and (now.expression, now.source) == ("Apache-2.0", "hf-cache")
    assert answers[head].revision == new and answers[head].base_models[0].target == "acme/base"
    assert isinstance(then, License) and then.category is Category.NON_COMMERCIAL


def test_hf_cache_location_follows_hf_home_and_datasets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    snapshot = hf_cache_repo(tmp_path / "hf" / "hub", "acme/data", "c" * 40, None, kind="datasets")
    (snapshot / "LICENSE").write_text(APACHE)
    item = Lookup("acme/data", Kind.DATASET)
    license_ = HfCacheSource().lookup([item])[item].license
    assert isinstance(license_, License) and license_.expression == "Apache-2.0"
    assert "LICENSE: license text recognised" in license_.evidence
