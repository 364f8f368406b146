"""Whatever shape a BOM's fields take, reading it gives components or one UsageError, never a crash."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlgate.bomread.cyclonedx import read_bom
from mlgate.errors import UsageError
from mlgate.model import Category, License, Unresolved

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=12),
                    st.sampled_from(["machine-learning-model", "data", "concluded", "declared",
                                     "pkg:huggingface/org/name@abc", "pkg:generic/ollama/library/x@1",
                                     "mlgate:kind", "mlgate:category", "model", "permissive", "a.py#3",
                                     '{"cell": "x", "suppress": 3}', "MIT OR", "Apache-2.0"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(
                                                           ["license", "id", "name", "expression", "acknowledgement",
                                                            "url", "location", "line", "offset", "symbol",
                                                            "additionalContext", "value", "ref", "type"]), inner,
                                                           max_size=4)), max_leaves=12)
# mlgate's own property names with any value: a BOM that claims to be ours may still be garbage.
ours = st.lists(st.fixed_dictionaries({
    "name": st.sampled_from(["mlgate:kind", "mlgate:category", "mlgate:unresolved-reason", "mlgate:gated",
                             "mlgate:resolved-revision", "mlgate:obligation", "mlgate:relation", "mlgate:x"]),
    "value": st.one_of(st.sampled_from(["model", "dataset", "permissive", "gated", "true"]), st.text(max_size=6)),
}), max_size=6)
occurrence = st.fixed_dictionaries({"location": values}, optional={
    "line": values, "offset": values, "symbol": values,
    "additionalContext": st.one_of(values, st.dictionaries(st.sampled_from(
        ["cell", "target", "revision", "role", "suppress", "suppress_reason"]), values).map(json.dumps)),
})
component = st.fixed_dictionaries({}, optional={
    **{key: values for key in ("type", "name", "group", "version", "purl", "bom-ref", "licenses",
                               "pedigree", "modelCard", "externalReferences", "components")},
    "properties": st.one_of(values, ours),
    "evidence": st.one_of(values, st.fixed_dictionaries({"occurrences": st.lists(occurrence, max_size=3)})),
})


metadata = st.one_of(values, st.fixed_dictionaries({}, optional={
    "tools": st.one_of(values, st.dictionaries(st.sampled_from(["components", "services"]), values, max_size=2)),
    "component": values,
}))


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(component, max_size=4), metadata)
def test_any_field_shape_reads_or_is_a_usage_error(components: list[dict[str, Any]], metadata: Any) -> None:
    doc = {"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": metadata, "components": components}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bom.json"
        path.write_text(json.dumps(doc))
        try:
            bom = read_bom(path)
        except UsageError as exc:
            assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
            return
    assert bom.ignored + len(bom.components) <= sum(1 for _ in _walk(components))
    for found in bom.components:
        assert isinstance(found.category, Category) and found.target
        assert isinstance(found.license, License | Unresolved)
        assert all(ref.location.line >= 1 and ref.location.column >= 0 for ref in found.references)


def _walk(items: Any) -> Any:
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict):
            yield item
            yield from _walk(item.get("components"))
