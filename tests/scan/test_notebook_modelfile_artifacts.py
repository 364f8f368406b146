"""Notebooks, Ollama Modelfiles, GGUF/safetensors headers and local model directories."""

from __future__ import annotations

import json
import struct

import pytest

from mlgate.scan.base import SkipFile
from mlgate.scan.detectors import artifacts, modelfile, notebook
from scan.helpers import detect, found


def _notebook(cells: list[object]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_cells_share_constants_and_keep_ipynb_lines() -> None:
    text = _notebook([
        {"cell_type": "code", "source": ["M = 'acme/nb-model'\n"], "outputs": []},
        {"cell_type": "markdown", "source": ["from_pretrained('acme/markdown')"]},
        {"cell_type": "code", "source": ["from transformers import AutoModel\n", "AutoModel.from_pretrained(M)\n"],
         "outputs": [{"output_type": "stream", "text": ["AutoModel.from_pretrained('acme/output')"]}]},
    ])
    refs = detect(notebook.DETECTOR, "n.ipynb", text)
    assert [(r.target, r.location.cell) for r in refs] == [("acme/nb-model", 3)]
    line = text.splitlines()[refs[0].location.line - 1]
    assert "AutoModel.from_pretrained(M)" in line
    assert line[refs[0].location.column - 1:].startswith("M)")


def test_a_bash_cell_that_writes_a_config_with_a_heredoc_is_read_as_that_config() -> None:
    text = _notebook([{"cell_type": "code", "outputs": [], "source": [
        "%%bash\n", "cat > config.yaml <<EOF\n", "model:\n", "  model: meta-llama/Llama-4-Scout-17B-16E-Instruct\n",
        "EOF\n", "tune run lora_finetune_single_device --config config.yaml --model-path acme/other\n"]}])
    refs = detect(notebook.DETECTOR, "n.ipynb", text)
    assert [(r.target, r.location.cell) for r in refs] == [
        ("meta-llama/Llama-4-Scout-17B-16E-Instruct", 1), ("acme/other", 1)]
    lines = text.splitlines()
    assert lines[refs[0].location.line - 1][refs[0].location.column - 1:].startswith("meta-llama/Llama-4-Scout")
    assert lines[refs[1].location.line - 1][refs[1].location.column - 1:].startswith("acme/other")


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"cells": 3}', '{"cells": [1, "x", null]}',
                                  '{"cells": [{"cell_type": "code", "source": 7}]}'])
def test_odd_notebooks_are_skipped_or_empty(text: str) -> None:
    try:
        assert detect(notebook.DETECTOR, "n.ipynb", text) == []
    except SkipFile as exc:
        assert exc.reason.startswith("not a notebook")


def test_modelfile_forms() -> None:
    text = "# FROM acme/commented\nFROM qwen2.5:14b\nADAPTER hf.co/acme/lora-gguf\nFROM /abs/model.gguf\n"
    assert found(detect(modelfile.DETECTOR, "Modelfile", text)) == [
        ("ollama:qwen2.5:14b", "model", 2), ("acme/lora-gguf", "adapter", 3), ("/abs/model.gguf", "local-path", 4)]
    assert not modelfile.DETECTOR.accepts("modelfile.py")


def _gguf(entries: list[tuple[str, int, bytes]], version: int = 3) -> bytes:
    out = b"GGUF" + struct.pack("<IQQ", version, 0, len(entries))
    for key, kind, payload in entries:
        out += struct.pack("<Q", len(key)) + key.encode() + struct.pack("<I", kind) + payload
    return out


def _string(value: str) -> bytes:
    return struct.pack("<Q", len(value)) + value.encode()


def test_gguf_metadata_is_read_within_bounds() -> None:
    tokens = struct.pack("<IQ", 8, 3) + b"".join(_string(t) for t in ("a", "b", "c"))
    data = _gguf([("general.license", 8, _string("llama3.1")), ("tokenizer.ggml.tokens", 9, tokens),
                  ("general.base_model.0.repo_url", 8, _string("https://huggingface.co/acme/base")),
                  ("general.file_type", 4, struct.pack("<I", 15))])
    meta = artifacts.gguf_metadata(data)
    assert meta == {"general.license": "llama3.1", "general.base_model.0.repo_url": "https://huggingface.co/acme/base",
                    "general.file_type": 15}
    # Truncated: the keys read so far come back, nothing raises.
    assert artifacts.gguf_metadata(data[:70]) == {"general.license": "llama3.1"}


@pytest.mark.parametrize("data", [
    b"GGUF" + struct.pack("<IQQ", 3, 0, 2**63) + struct.pack("<Q", 2**62),  # hostile key length
    b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + _string("k") + struct.pack("<IIQ", 9, 4, 2**60),  # huge array
    b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + _string("k") + struct.pack("<I", 99),  # unknown type
    b"GGUF", b"",
])
def test_hostile_gguf_headers(data: bytes) -> None:
    assert artifacts.gguf_metadata(data) in ({}, {"k": None})


def test_safetensors_metadata_and_hostile_lengths() -> None:
    header = json.dumps({"__metadata__": {"license": "mit", "n": 3}}).encode()
    assert artifacts.safetensors_metadata(struct.pack("<Q", len(header)) + header) == {"license": "mit"}
    assert artifacts.safetensors_metadata(struct.pack("<Q", 2**63) + b"{}") is None
    assert artifacts.safetensors_metadata(struct.pack("<Q", 5) + b"[1,2]") is None
    assert artifacts.safetensors_metadata(b"\x01") is None


def test_artifact_references_and_lfs_pointers() -> None:
    pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n"
    (ref,) = detect(artifacts.DETECTOR, "m/model.gguf", pointer)
    assert (ref.target, ref.kind.value, ref.via) == ("m/model.gguf", "local-path", "gguf (git-lfs pointer)")


def test_model_directories() -> None:
    files = ["a/config.json", "a/model-00001-of-00002.safetensors", "b/README.md", "b/pytorch_model.bin",
             "c/config.json", "sd/model_index.json", "sd/unet/config.json", "sd/unet/w.safetensors",
             "lora/adapter_config.json", "lora/adapter_model.safetensors", "bare.pt"]
    refs = artifacts.model_directories(files)
    assert [(r.target, r.location.path, r.via) for r in refs] == [
        ("a", "a/config.json", "model directory"), ("b", "b/README.md", "model directory"),
        ("lora", "lora/adapter_config.json", "adapter directory"), ("sd", "sd/model_index.json", "model directory")]
