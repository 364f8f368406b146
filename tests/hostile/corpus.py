"""Hostile files, each with what a scan must make of it.

`FOUND`: the reference planted in the file is reported (at its line, when one is given): the
file was read, possibly by a tolerant fallback. `FOUND_OR_SKIPPED`: either that, or the file
is listed as skipped with a reason. `SURVIVES`: nothing to find; the run must just complete.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Expect(Enum):
    FOUND = "found"
    FOUND_OR_SKIPPED = "found or skipped"
    SURVIVES = "survives"


@dataclass(frozen=True)
class Hostile:
    path: str
    make: Callable[[], bytes]
    expect: Expect
    target: str | None = None
    line: int | None = None


MIB = 1024 * 1024
LOAD = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("{target}")\n'


def _py(target: str, before: str = "", after: str = "", encoding: str = "utf-8") -> Callable[[], bytes]:
    return lambda: (before + LOAD.format(target=target) + after).encode(encoding)


def _notebook(*cells: object, **top: object) -> Callable[[], bytes]:
    return lambda: json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
                               **top}).encode()


def _code_cell(*lines: str) -> dict[str, object]:
    return {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": list(lines)}


NB_CALL = 'model = AutoModel.from_pretrained("{target}")\n'


def _billion_laughs() -> bytes:
    lines = ['model_name_or_path: org/yaml-laughs', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def _gguf(tensors: int, kv_count: int, key_length: int, rest: bytes = b"") -> bytes:
    return b"GGUF" + struct.pack("<IQQQ", 3, tensors, kv_count, key_length) + b"general.license" + rest


def _safetensors(header_length: int, header: bytes) -> bytes:
    return struct.pack("<Q", header_length) + header


CORPUS: tuple[Hostile, ...] = (
    # -- encodings ------------------------------------------------------------------------
    Hostile("enc/invalid_utf8.py", _py("org/invalid-utf8", before="# caf\xe9 \xff\xfe broken\n", encoding="latin-1"),
            Expect.FOUND, "org/invalid-utf8", 3),
    Hostile("enc/latin1_cookie.py", _py("org/latin1", before="# -*- coding: latin-1 -*-\n# d\xe9j\xe0 vu\n",
                                        encoding="latin-1"), Expect.FOUND, "org/latin1", 4),
    Hostile("enc/utf8_bom.py", lambda: b"\xef\xbb\xbf" + LOAD.format(target="org/utf8-bom").encode(),
            Expect.FOUND, "org/utf8-bom", 2),
    Hostile("enc/utf16.py", _py("org/utf16", encoding="utf-16"), Expect.FOUND, "org/utf16", 2),
    Hostile("enc/utf16.yaml", lambda: "model_name_or_path: org/utf16-yaml\n".encode("utf-16"), Expect.FOUND,
            "org/utf16-yaml", 1),
    Hostile("enc/shift_jis.py", _py("org/shift-jis", before="# 日本語のコメント\n", encoding="shift_jis"),
            Expect.FOUND, "org/shift-jis", 3),
    Hostile("enc/cr_only.py", lambda: LOAD.format(target="org/cr-only").replace("\n", "\r").encode(),
            Expect.FOUND, "org/cr-only", 2),
    Hostile("enc/crlf.py", lambda: LOAD.format(target="org/crlf").replace("\n", "\r\n").encode(),
            Expect.FOUND, "org/crlf", 2),
    Hostile("enc/nul_early.py", _py("org/nul-early", before="x = 1\0\n"), Expect.FOUND_OR_SKIPPED, "org/nul-early"),
    Hostile("enc/nul_late.py", _py("org/nul-late", before="# padding\n" * 2000 + "x = '\0'\n"),
            Expect.FOUND_OR_SKIPPED, "org/nul-late"),
    Hostile("enc/nul_yaml.yaml", lambda: b"model_name_or_path: org/nul-yaml\nx: \0\n", Expect.FOUND_OR_SKIPPED,
            "org/nul-yaml"),
    # -- Python that does not parse: a tolerant fallback reads it -------------------------------
    Hostile("py/python2.py", _py("org/python2", before='print "hello"\nexec "x = 1"\n',
                                 after="try:\n    pass\nexcept Exception, e:\n    print `e`\n"),
            Expect.FOUND, "org/python2", 4),
    Hostile("py/unclosed.py", _py("org/unclosed", after="def broken(:\n    foo(\n"), Expect.FOUND, "org/unclosed", 2),
    Hostile("py/merge_conflict.py", _py("org/conflict", before="<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> b\n"),
            Expect.FOUND, "org/conflict", 7),
    Hostile("py/tabs.py", _py("org/tabs", before="if True:\n        x = 1\n\ty = 2\n"), Expect.FOUND, "org/tabs", 5),
    Hostile("py/deep_parens.py", _py("org/deep-parens", before="x = " + "(" * 100_000 + "1" + ")" * 100_000 + "\n"),
            Expect.FOUND_OR_SKIPPED, "org/deep-parens"),
    Hostile("py/deep_binop.py", _py("org/deep-binop", before="x = " + "a + " * 100_000 + "a\n"),
            Expect.FOUND_OR_SKIPPED, "org/deep-binop"),
    Hostile("py/deep_unary.py", _py("org/deep-unary", before="x = " + "-" * 100_000 + "1\n"),
            Expect.FOUND_OR_SKIPPED, "org/deep-unary"),
    Hostile("py/deep_lambda.py", _py("org/deep-lambda", before="f = " + "lambda: " * 20_000 + "1\n"),
            Expect.FOUND_OR_SKIPPED, "org/deep-lambda"),
    # Inputs that made a lexer regex backtrack once per position (quadratic: hours for 1 MB).
    Hostile("py/attribute_chain.py", lambda: b"AutoModel." * 100_000, Expect.SURVIVES),
    Hostile("py/escaped_quotes.py", lambda: b"x = '" + b"\\'" * 300_000 + b"\n" + LOAD.format(
        target="org/after-quotes").encode(), Expect.FOUND_OR_SKIPPED, "org/after-quotes"),
    Hostile("py/stray_triple_quotes.py", lambda: b"'''x\n" * 100_000, Expect.SURVIVES),
    Hostile("py/unclosed_calls.py", lambda: b"pipeline(" * 100_000, Expect.SURVIVES),
    Hostile("py/long_line.py", lambda: (f"x = '{'a' * (6 * MIB)}'; " + LOAD.format(target="org/long-line")
                                        .replace("\n", "; ", 1)).encode(),
            Expect.FOUND, "org/long-line", 1),
    Hostile("py/fifty_mb_one_line.py", lambda: b"x = '" + b"a" * (50 * MIB) + b"'\n", Expect.FOUND_OR_SKIPPED),
    # -- notebooks ------------------------------------------------------------------------
    Hostile("nb/not_json.ipynb", lambda: b'{"cells": [{"cell_type": "code", "source": ["AutoModel.from_pretr',
            Expect.SURVIVES),
    Hostile("nb/a_list.ipynb", lambda: b"[1, 2, 3]", Expect.SURVIVES),
    Hostile("nb/cells_not_list.ipynb", lambda: b'{"cells": {"a": 1}, "nbformat": 4}', Expect.SURVIVES),
    Hostile("nb/odd_cells.ipynb", _notebook(
        {"cell_type": "code", "source": 42},
        {"cell_type": "code", "source": [1, None, {"a": "b"}]},
        {"source": ["no cell type"]},
        {"cell_type": "code"},
        "not a cell",
        None,
        {"cell_type": "markdown", "source": ["# AutoModel.from_pretrained"]},
        {"cell_type": "code", "source": "x = '\0'\n"},
        _code_cell("from transformers import AutoModel\n", NB_CALL.format(target="org/nb-odd")),
    ), Expect.FOUND, "org/nb-odd"),
    Hostile("nb/magics.ipynb", _notebook(
        _code_cell("!pip install transformers\n", "%matplotlib inline\n", "from transformers import AutoModel\n",
                   NB_CALL.format(target="org/nb-magic")),
    ), Expect.FOUND, "org/nb-magic"),
    Hostile("nb/syntax_error_cell.ipynb", _notebook(
        _code_cell('print "py2"\n', "from transformers import AutoModel\n", NB_CALL.format(target="org/nb-py2")),
    ), Expect.FOUND, "org/nb-py2"),
    Hostile("nb/deep.ipynb", lambda: b'{"cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", Expect.SURVIVES),
    Hostile("nb/fifty_mb.ipynb", lambda: b'{"cells": [], "x": "' + b"a" * (50 * MIB) + b'"}', Expect.SURVIVES),
    # -- YAML -----------------------------------------------------------------------------
    Hostile("yaml/billion_laughs.yaml", _billion_laughs, Expect.FOUND, "org/yaml-laughs", 1),
    Hostile("yaml/custom_tags.yaml", lambda: (
        b"defaults: !include other.yaml\nrun: !!python/object/apply:os.system ['true']\nref: !Ref Thing\n"
        b"blob: !!binary aGVsbG8=\nmodel_name_or_path: org/yaml-tags\nenv: !ENV ${HOME}\n"),
        Expect.FOUND, "org/yaml-tags", 5),
    Hostile("yaml/tagged_value.yaml", lambda: b"model_name_or_path: !env MODEL\nbase_model: !!str org/yaml-str\n",
            Expect.SURVIVES),
    Hostile("yaml/merge_keys.yaml", lambda: (
        b"defaults: &defaults\n  model_name_or_path: org/yaml-merge\ntrain:\n  <<: *defaults\n  lr: 1\n"),
        Expect.FOUND, "org/yaml-merge", 2),
    Hostile("yaml/invalid.yaml", lambda: b"model_name_or_path: org/yaml-invalid\n  bad: [\n\t- tab\n",
            Expect.FOUND_OR_SKIPPED, "org/yaml-invalid"),
    Hostile("yaml/deep.yaml", lambda: b"model_name_or_path: org/yaml-deep\nx: " + b"[" * 20_000 + b"]" * 20_000
            + b"\n", Expect.FOUND_OR_SKIPPED, "org/yaml-deep"),
    # libyaml's C composer recurses per level and overflows the C stack (SIGSEGV) near 100,000.
    Hostile("yaml/deep_flow_map.yaml", lambda: b"model_name_or_path: org/yaml-deep-map\nx: " + b"{a: " * 100_000,
            Expect.FOUND_OR_SKIPPED, "org/yaml-deep-map"),
    Hostile("yaml/deep_block_seq.yaml", lambda: b"model_name_or_path: org/yaml-dashes\nx:\n  " + b"- " * 100_000
            + b"x\n", Expect.FOUND_OR_SKIPPED, "org/yaml-dashes"),
    Hostile("yaml/deep_keys.yaml", lambda: b"? " * 100_000 + b"x\n", Expect.SURVIVES),
    Hostile("yaml/many_docs.yaml", lambda: b"---\nmodel_name_or_path: org/yaml-doc1\n---\n: : bad\n---\n",
            Expect.FOUND_OR_SKIPPED, "org/yaml-doc1"),
    # -- JSON -----------------------------------------------------------------------------
    Hostile("json/huge.json", lambda: (
        '{"padding": [' + ",".join(['"xxxxxxxxxxxxxxxx"'] * 300_000) + '],\n"model_name_or_path": "org/json-huge"}'
    ).encode(), Expect.FOUND, "org/json-huge", 2),
    Hostile("json/deep.json", lambda: b'{"model_name_or_path": "org/json-deep", "x": ' + b"[" * 100_000
            + b"]" * 100_000 + b"}", Expect.FOUND_OR_SKIPPED, "org/json-deep"),
    Hostile("json/truncated.json", lambda: b'{\n  "model_name_or_path": "org/json-truncated",\n  "x": [1, 2',
            Expect.FOUND_OR_SKIPPED, "org/json-truncated"),
    Hostile("json/comments.json", lambda: b'{\n  // JSONC\n  "model_name_or_path": "org/jsonc", /* c */\n}',
            Expect.FOUND_OR_SKIPPED, "org/jsonc", 3),
    Hostile("json/fifty_mb.json", lambda: b'{"x": "' + b"a" * (50 * MIB) + b'"}', Expect.SURVIVES),
    # -- TOML -----------------------------------------------------------------------------
    Hostile("toml/invalid.toml", lambda: b'model_name_or_path = "org/toml-invalid"\n[[[broken\nx = = 1\n',
            Expect.FOUND_OR_SKIPPED, "org/toml-invalid"),
    Hostile("toml/deep.toml", lambda: b"x = " + b"[" * 50_000 + b"]" * 50_000 + b"\n", Expect.SURVIVES),
    Hostile("toml/binary.toml", lambda: bytes(range(256)) * 4, Expect.SURVIVES),
    # -- model artifacts with hostile header lengths --------------------------------------
    Hostile("art/huge_counts.gguf", lambda: _gguf(2**63, 2**64 - 1, 2**64 - 1), Expect.SURVIVES),
    Hostile("art/short.gguf", lambda: b"GGUF\x03\x00", Expect.SURVIVES),
    Hostile("art/string_past_end.gguf", lambda: _gguf(0, 1, 15, struct.pack("<IQ", 8, 2**40) + b"mit"),
            Expect.SURVIVES),
    Hostile("art/array_bomb.gguf", lambda: _gguf(0, 1, 15, struct.pack("<IIQ", 9, 8, 2**62)), Expect.SURVIVES),
    Hostile("art/huge_header.safetensors", lambda: _safetensors(2**64 - 1, b'{"__metadata__": {}}'),
            Expect.SURVIVES),
    Hostile("art/header_past_end.safetensors", lambda: _safetensors(10_000, b'{"__metadata__": {"license": "mit"'),
            Expect.SURVIVES),
    Hostile("art/header_not_json.safetensors", lambda: _safetensors(12, b"\xff\xfe{{{{{{{{{{"), Expect.SURVIVES),
    Hostile("art/deep_header.safetensors", lambda: _safetensors(40_000, b"[" * 20_000 + b"]" * 20_000),
            Expect.SURVIVES),
    # -- shell-like files -----------------------------------------------------------------
    Hostile("sh/binary.sh", lambda: b"#!/bin/sh\n\xff\xfe\x00\x01 huggingface-cli download org/sh-bin\n",
            Expect.SURVIVES),
    Hostile("sh/unterminated.sh", lambda: b"vllm serve 'org/sh-quote\nhuggingface-cli download \"",
            Expect.SURVIVES),
    # Inputs that once cost time quadratic in their length (a regex rescanning to the end from
    # every `${`, a list sliced once per prefix word).
    Hostile("sh/dollar_braces.sh", lambda: b"${A:-" * 200_000, Expect.SURVIVES),
    Hostile("sh/prefix_words/Dockerfile", lambda: b"RUN " * 250_000 + b"huggingface-cli download org/sh-late\n",
            Expect.FOUND, "org/sh-late", 1),
    Hostile("sh/fifty_mb.sh", lambda: b"echo " + b"a" * (50 * MIB) + b"\n", Expect.SURVIVES),
)


def plant(root: Path) -> None:
    for item in CORPUS:
        path = root / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(item.make())


def sparse_artifacts(root: Path, size: int = 8 * 1024 * MIB) -> list[str]:
    """Multi-GiB GGUF and safetensors files that cost nothing on disk: only a bounded read of
    their header is cheap; reading them whole would take minutes and gigabytes."""
    names = []
    for name, header in (("art/sparse.gguf", _gguf(2**40, 2**40, 2**40)),
                         ("art/sparse.safetensors", _safetensors(size - 8, b'{"__metadata__": {"license": "mit"}}'))):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            handle.write(header)
            handle.truncate(size)
        names.append(name)
    return names
