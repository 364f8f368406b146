"""Property-based: arbitrary text and bytes never make a detector or a parser raise.

Every registered detector (`mlgate.scan.registry.DETECTORS`, so a new detector is covered the
day it is registered) is fed arbitrary bytes, arbitrary text, and text built from the
fragments its parsers care about (triggers, quotes, brackets, YAML anchors and tags,
notebook keys, binary magic numbers). No exception may escape `detect` other than
`SkipFile` with a reason (how a detector reports a file as skipped), and every reference
must point inside the file: the right path, a line between 1 and the file's last line.
The user-file parsers (project settings, policies) may only fail with mlgate's own one-line
errors.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlgate.errors import MlgateError
from mlgate.scan.base import Detector, ScanOptions, SkipFile, SourceFile
from mlgate.scan.registry import DETECTORS

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# File names a detector may claim; each detector must accept at least one of them.
CANDIDATE_NAMES = (
    "app.py", "types.pyi", "config.yaml", "config.yml", "config.json", "train.json", "explore.ipynb",
    "train.sh", "run.bash", "Dockerfile", "Makefile", "Modelfile", "pyproject.toml", "settings.toml",
    ".github/workflows/ci.yml", "model.gguf", "model.safetensors", "models/local/config.json",
    "models/local/README.md", "README.md", "requirements.txt", "setup.cfg", "docker-compose.yml",
    "justfile", "Containerfile", "script.zsh", "params.ini", "model.onnx",
)

FRAGMENTS = (
    # Python
    "from_pretrained(", "AutoModel.", "pipeline(", "model=", "load_dataset(", "hf_hub_download(",
    "snapshot_download(", "repo_id=", "revision=", "import transformers\n", "from transformers import AutoModel as M\n",
    "M = ", "def f(x='", "class C:\n    ", "f'", "{", "}", "(", ")", "[", "]", "+", ",", ":", "\\", "#", '"""',
    "'", '"', "\n", "\r", "\r\n", "\t", "    ", " ", "\x00", "\ufeff", "\u2028", "\x0c", "é", "💥",
    # model-ish values
    "org/model", "Qwen/Qwen2.5-3B-Instruct", "gpt-4o", "./local", "meta-llama/Llama-3.1-8B", "datasets/x/y",
    # YAML
    "model_name_or_path", "base_model", "pretrained_model_name_or_path", "&a ", "*a", "<<: ", "- ", "---\n",
    "!!python/object/apply:os.system ", "!include ", "!!binary ", "? ", "|\n", ">-\n", "%YAML 1.2\n",
    # JSON and notebooks
    '"cells": [', '"cell_type": "code"', '"source": ', '"nbformat": 4', '{"', '":', "null", "true", "1e999",
    # TOML
    "[tool.mlgate]\n", "[[models]]\n", "model = ", '"""', "= ",
    # shell and friends
    "huggingface-cli download ", "hf download ", "vllm serve ", "ollama pull ", "--model_name_or_path ",
    "FROM ", "RUN ", "&& ", "$(", "`", "${MODEL:-org/x}",
    # binary artifacts: GGUF magic and version, hostile lengths, safetensors header lengths
    "GGUF", "\x03\x00\x00\x00", "\xff" * 8, "general.license", "general.base_model.0.repo_url", "__metadata__",
)

structured_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join)


def _names(detector: Detector) -> list[str]:
    return [name for name in CANDIDATE_NAMES if detector.accepts(name)]


def _check(detector: Detector, name: str, data: bytes, include_comments: bool = False) -> None:
    if detector.header_bytes:
        data = data[: detector.header_bytes]
    source = SourceFile(name, data)
    try:
        refs = list(detector.detect(source, ScanOptions(include_comments=include_comments)))
    except SkipFile as skip:  # the protocol's way to report the file as skipped, with a reason
        assert skip.reason.strip()
        return
    text = source.text
    last_line = max(len(text.splitlines()), text.count("\n") + 1)
    for ref in refs:
        location = ref.location
        assert location.path == name, ref
        if location.cell is None:
            assert 1 <= location.line <= last_line, (ref, last_line)
        else:
            assert location.cell >= 0 and location.line >= 1, ref
        assert location.column >= 0, ref
        assert ref.target and ref.target == ref.target.strip(), ref


DETECTOR_IDS = [d.name for d in DETECTORS]


@pytest.mark.parametrize("detector", DETECTORS, ids=DETECTOR_IDS)
def test_every_detector_is_exercised(detector: Detector) -> None:
    assert _names(detector), f"add a file name that {detector.name} accepts to CANDIDATE_NAMES"


@pytest.mark.parametrize("detector", DETECTORS, ids=DETECTOR_IDS)
@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2048), pick=st.integers(min_value=0))
def test_detectors_survive_arbitrary_bytes(detector: Detector, data: bytes, pick: int) -> None:
    names = _names(detector)
    _check(detector, names[pick % len(names)], data)


@pytest.mark.parametrize("detector", DETECTORS, ids=DETECTOR_IDS)
@PROPERTY_SETTINGS
@given(text=structured_text, pick=st.integers(min_value=0), comments=st.booleans())
def test_detectors_survive_text_made_of_what_they_parse(detector: Detector, text: str, pick: int,
                                                        comments: bool) -> None:
    names = _names(detector)
    _check(detector, names[pick % len(names)], text.encode("utf-8", "surrogatepass"), comments)


@pytest.mark.parametrize("detector", DETECTORS, ids=DETECTOR_IDS)
@PROPERTY_SETTINGS
@given(text=st.text(max_size=500), pick=st.integers(min_value=0), encoding=st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252", "shift_jis", "utf-32"]))
def test_detectors_survive_any_encoding(detector: Detector, text: str, pick: int, encoding: str) -> None:
    names = _names(detector)
    _check(detector, names[pick % len(names)], text.encode(encoding, "replace"))


@pytest.mark.parametrize("detector", DETECTORS, ids=DETECTOR_IDS)
@PROPERTY_SETTINGS
@given(lengths=st.lists(st.integers(min_value=0, max_value=2**64 - 1), min_size=1, max_size=6),
       tail=st.binary(max_size=64), pick=st.integers(min_value=0))
def test_detectors_survive_hostile_length_fields(detector: Detector, lengths: list[int], tail: bytes,
                                                 pick: int) -> None:
    # GGUF: magic, version, tensor count, kv count, then length-prefixed strings; safetensors:
    # an 8-byte little-endian header length. Lengths up to 2**64-1 must not be trusted.
    packed = b"".join(struct.pack("<Q", n) for n in lengths)
    names = _names(detector)
    name = names[pick % len(names)]
    _check(detector, name, b"GGUF" + struct.pack("<I", 3) + packed + tail)
    _check(detector, name, packed + b'{"__metadata__": {"license": "mit"}}' + tail)


@PROPERTY_SETTINGS
@given(text=structured_text)
def test_project_settings_parse_or_fail_cleanly(tmp_path: Path, text: str) -> None:
    from mlgate.config import load_settings

    settings_file = tmp_path / ".mlgate.toml"
    settings_file.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_settings(settings_file)
    except MlgateError as exc:
        assert str(settings_file) in str(exc)


@PROPERTY_SETTINGS
@given(text=structured_text)
def test_policies_parse_or_fail_cleanly(tmp_path: Path, text: str) -> None:
    from mlgate.policy.loader import load_policy

    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_policy(str(policy_file), tmp_path)
    except MlgateError as exc:
        assert "policy.yaml" in str(exc)
