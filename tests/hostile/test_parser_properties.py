"""Property-based: the parsers of files users hand mlgate (BOMs, lock files, baselines, model
cards) and of what the Hub and the cache send back fail only with mlgate's own one-line
errors, or not at all, whatever JSON or YAML they are given.

Documents are arbitrary JSON trees placed where the real shapes expect them (a CycloneDX
envelope with random components, a lock with random entries), so that the walk goes deep
into the readers rather than stopping at the first type check.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlgate.errors import MlgateError
from mlgate.model import Kind
from mlgate.resolve.base import Lookup

PROPERTY_SETTINGS = settings(max_examples=80, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

KEYS = ("name", "type", "bom-ref", "purl", "version", "licenses", "license", "expression", "id", "evidence",
        "occurrences", "location", "line", "properties", "value", "pedigree", "ancestors", "components",
        "modelCard", "data", "metadata", "tools", "target", "kind", "revision", "category", "base_models",
        "datasets", "relation", "cardData", "tags", "sha", "baseModels", "models", "gated", "acknowledgement",
        "entries", "format", "version", "findings", "rule", "path")
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                    st.floats(allow_nan=False), st.text(max_size=30),
                    st.sampled_from(["machine-learning-model", "data", "library", "model", "dataset", "mit",
                                     "apache-2.0", "Apache-2.0 AND", "LicenseRef-x", "pkg:huggingface/org/x@abc",
                                     "mlgate:kind", "mlgate:license-category", "permissive", "finetune", "org/x"]))
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=6)),
    max_leaves=30)
OBJECTS = st.dictionaries(st.sampled_from(KEYS), JSON, max_size=8)


def _write(tmp_path: Path, name: str, doc: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@PROPERTY_SETTINGS
@given(components=st.lists(OBJECTS, max_size=5), metadata=JSON, extra=OBJECTS)
def test_bom_reader_takes_any_cyclonedx_shaped_json(tmp_path: Path, components: list[Any], metadata: Any,
                                                   extra: dict[str, Any]) -> None:
    from mlgate.bomread.cyclonedx import components_from_boms

    doc = {**extra, "bomFormat": "CycloneDX", "specVersion": "1.6", "components": components, "metadata": metadata}
    path = _write(tmp_path, "bom.json", doc)
    try:
        components_from_boms([path], [])
    except MlgateError as exc:
        assert "bom.json" in str(exc)


@PROPERTY_SETTINGS
@given(entries=st.lists(OBJECTS, max_size=4), top=OBJECTS)
def test_lock_file_reader_takes_any_json(tmp_path: Path, entries: list[Any], top: dict[str, Any]) -> None:
    from mlgate.resolve.lock import FORMAT, LockFile

    for doc in ({**top, "format": FORMAT, "entries": entries}, top, entries):
        path = _write(tmp_path, "mlgate.lock", doc)
        try:
            lock = LockFile.load(path)
        except MlgateError as exc:
            assert "mlgate.lock" in str(exc)
        else:
            for entry in lock.entries.values():
                lock.find(Lookup(entry.target, entry.kind, entry.requested_revision))


@PROPERTY_SETTINGS
@given(doc=JSON, entries=st.lists(OBJECTS, max_size=4))
def test_baseline_reader_takes_any_json(tmp_path: Path, doc: Any, entries: list[Any]) -> None:
    from mlgate.policy.baseline import BASELINE_VERSION, load_baseline

    for candidate in (doc, {"version": BASELINE_VERSION, "entries": entries, "findings": entries}):
        path = _write(tmp_path, "baseline.json", candidate)
        try:
            load_baseline(path)
        except MlgateError as exc:
            assert "baseline.json" in str(exc)


@PROPERTY_SETTINGS
@given(meta=OBJECTS, text=st.text(max_size=300))
def test_model_card_front_matter_takes_anything(tmp_path: Path, meta: dict[str, Any], text: str) -> None:
    from mlgate.resolve.card import facts_from_metadata, read_front_matter

    facts_from_metadata(meta)
    for body in (f"---\n{json.dumps(meta)}\n---\n# card\n", f"---\n{text}\n---\n", text):
        card = tmp_path / "README.md"
        card.write_text(body, encoding="utf-8", errors="surrogatepass")
        front = read_front_matter(card)
        assert front is None or isinstance(front, dict)
        facts_from_metadata(front)


@PROPERTY_SETTINGS
@given(data=OBJECTS, kind=st.sampled_from([Kind.MODEL, Kind.ADAPTER, Kind.DATASET]))
def test_hub_answers_of_any_shape_become_answers(data: dict[str, Any], kind: Kind) -> None:
    from mlgate.resolve.hub import answer_from_record

    answer_from_record(Lookup("org/x", kind), data, "http://127.0.0.1:9")


@PROPERTY_SETTINGS
@given(content=st.one_of(JSON.map(json.dumps), st.text(max_size=200)))
def test_cache_records_of_any_content_are_misses_or_records(tmp_path: Path, content: str) -> None:
    from mlgate.resolve.hub_cache import HubCache

    cache = HubCache(tmp_path / "hub", "http://127.0.0.1:9", ttl=3600.0)
    path = cache.path("model", "org/x", None)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    record = cache.get("model", "org/x", None)
    assert record is None or isinstance(record, dict)
