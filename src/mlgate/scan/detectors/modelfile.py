"""Ollama Modelfile detector: `FROM llama3.2:3b`, `FROM ./model.gguf`, `FROM hf.co/org/x:Q4`, `ADAPTER`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mlgate.model import Kind, Reference
from mlgate.scan.base import DOCUMENT_SUFFIXES, Detector, ScanOptions, SourceFile
from mlgate.targets import ollama_target

_NOT_MODELFILES = (*DOCUMENT_SUFFIXES, ".py", ".json", ".yaml", ".yml", ".sh", ".toml")
_INSTRUCTION = re.compile(r"^[ \t]*(FROM|ADAPTER)[ \t]+(\S+)", re.IGNORECASE | re.MULTILINE)


class ModelfileDetector(Detector):
    name = "modelfile"
    header_bytes = 0
    triggers: tuple[bytes, ...] = (b"FROM", b"from", b"From", b"ADAPTER", b"adapter")

    def accepts(self, relpath: str) -> bool:
        name = relpath.rsplit("/", 1)[-1].lower()
        if name.endswith(_NOT_MODELFILES):
            return False  # modelfile.py is Python, Modelfile.mdx and llama.modelfile.md are documentation
        return name == "modelfile" or name.startswith("modelfile.") or name.endswith(".modelfile")

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        refs = []
        for match in _INSTRUCTION.finditer(source.text):
            instruction, value = match.group(1).upper(), match.group(2).strip("\"'")
            found = ollama_target(value)
            if found is None:
                continue
            target, kind = found
            if instruction == "ADAPTER" and kind is Kind.MODEL:
                kind = Kind.ADAPTER
            refs.append(Reference(target, kind, source.location(match.start(2)), f"Modelfile {instruction}"))
        return refs


DETECTOR = ModelfileDetector()
