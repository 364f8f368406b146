"""The fast notebook reader places every source string where the exact reader does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlgate.scan.detectors.jsonpos import JArray, JObject, JString
from mlgate.scan.detectors.jsonpos import parse as parse_json
from mlgate.scan.detectors.notebook_cells import located_cells

FORMS = Path(__file__).resolve().parents[2] / "fixtures" / "repos" / "forms"


def _exact(text: str) -> list[tuple[str, list[tuple[int, str]]]]:
    root = parse_json(text)
    assert isinstance(root, JObject)
    cells = root.get("cells")
    assert isinstance(cells, JArray)
    return [_shape(cell) for cell in cells.items if isinstance(cell, JObject)]


def _shape(cell: JObject) -> tuple[str, list[tuple[int, str]]]:
    kind, source = cell.get("cell_type"), cell.get("source")
    assert isinstance(kind, JString)
    pieces = source.items if isinstance(source, JArray) else [source]
    return kind.value, [(p.offset, p.value) for p in pieces if isinstance(p, JString)]


def _valid(path: Path) -> bool:
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("path", [p for p in sorted(FORMS.rglob("*.ipynb")) if _valid(p)], ids=lambda p: p.name)
def test_positions_match_the_exact_reader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = located_cells(text)
    assert fast is not None
    assert [_shape(cell) for cell in fast] == _exact(text)


def test_a_source_key_inside_an_output_is_not_the_cells() -> None:
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{
        "cell_type": "code", "execution_count": 1, "id": "a", "metadata": {},
        "outputs": [{"output_type": "display_data", "metadata": {"source": ["decoy"]},
                     "data": {"text/plain": ['"source": ["not me"]']}}],
        "source": ["from transformers import AutoModel\n", 'AutoModel.from_pretrained("org-a/model-b")'],
    }]}
    text = json.dumps(notebook, indent=1, sort_keys=True)
    fast = located_cells(text)
    assert fast is not None
    assert [_shape(cell) for cell in fast] == _exact(text)
    assert _shape(fast[0])[1][1][1] == 'AutoModel.from_pretrained("org-a/model-b")'


@pytest.mark.parametrize("text", ['{"cells": "no"}', "[1, 2]", "{not json", '{"worksheets": [{"cells": []}]}'])
def test_unusual_documents_take_the_exact_path(text: str) -> None:
    assert located_cells(text) is None
