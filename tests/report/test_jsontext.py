"""The fast indented JSON writer writes exactly what `json.dumps(doc, indent=2)` writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlgate.report.jsontext import dumps

_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
_documents = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                          | st.dictionaries(_keys, inner, max_size=5), max_leaves=30)


@given(_documents)
def test_any_document_is_written_as_the_standard_library_writes_it(doc: Any) -> None:
    assert dumps(doc) == json.dumps(doc, indent=2)


def test_a_scan_listing_is_written_byte_for_byte() -> None:
    reference = {"target": "acme/m\u00e9", "kind": "model", "path": "a \"b\".py", "line": 3, "column": 7,
                 "via": "from_pretrained", "role": "input", "placeholder": True,
                 "origin": {"path": "c.py", "line": 1, "column": 1}, "suppression": {"rules": ["r"], "reason": ""}}
    doc = {"references": [reference, {**reference, "origin": {}}], "skipped": [], "files_scanned": 2}
    assert dumps(doc) == json.dumps(doc, indent=2)


@pytest.mark.parametrize("doc", [{"a": {1, 2}}, [object()], {(1, 2): "tuple key"}])
def test_what_json_cannot_hold_is_a_type_error(doc: Any) -> None:
    with pytest.raises(TypeError):
        json.dumps(doc, indent=2)
    with pytest.raises(TypeError):
        dumps(doc)
