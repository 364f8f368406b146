"""mlgate's CycloneDX 1.6 JSON validation: the library's schema files, mlgate's own cheap format checks."""

from __future__ import annotations

import json

import pytest

from bom.samples import assert_valid_cyclonedx, components
from mlgate.bom.cyclonedx import render_json
from mlgate.bom.json_schema import CHECKS, _validator, validation_errors

GOOD = {
    "date": ["2026-01-31", "2024-02-29"],
    "date-time": ["2026-01-01T00:00:00Z", "2026-01-01T12:30:45.123+02:00", "2026-01-01t00:00:00z"],
    "iri-reference": ["https://huggingface.co/Qwen/Qwen2.5-3B/blob/main/LICENSE", "LICENSE", "../a%20b",
                      "https://example.com/ü/docs?q=1#top", "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
                      "mailto:legal@example.com", "#fragment", ""],
    "uri": ["https://example.com/a%2Fb", "urn:x:y"],
    "idn-email": ["legal@example.com", "ü@bücher.example"],
}
BAD = {
    "date": ["2026-13-01", "2026-02-30", "26-01-01", "2026-01-01T00:00:00Z"],
    "date-time": ["2026-01-01", "2026-01-01T25:00:00Z", "2026-01-01T00:00:00", "yesterday"],
    "iri-reference": ["https://example.com/a b", "https://example.com/%zz", "https://example.com/<x>",
                      "1http://x", "http://x/\x00", "a\tb", 'say "hi"'],
    "uri": ["LICENSE", "https://example.com/ü", "https://example.com/a b"],
    "idn-email": ["legal", "legal@", "@example.com", "a b@example.com", "a@b"],
}


@pytest.mark.parametrize(("fmt", "value"), [(f, v) for f, vs in GOOD.items() for v in vs])
def test_format_accepts(fmt: str, value: str) -> None:
    assert CHECKS[fmt](value)


@pytest.mark.parametrize(("fmt", "value"), [(f, v) for f, vs in BAD.items() for v in vs])
def test_format_rejects(fmt: str, value: str) -> None:
    assert not CHECKS[fmt](value)


def test_only_mlgates_own_format_checks_run() -> None:
    # jsonschema's checker for iri-reference (rfc3987-syntax) costs seconds: it must never be asked.
    assert set(_validator().format_checker.checkers) == set(CHECKS)


def test_every_format_the_schema_uses_is_checked() -> None:
    schema = json.dumps(_validator().schema)
    used = {part.split('"')[0] for part in schema.split('"format": "')[1:]}
    assert used - {"string"} <= set(CHECKS)  # "string" is not a JSON Schema format: ignored by design


def test_sample_boms_are_valid_for_mlgate_and_for_the_library() -> None:
    text = render_json(components(), "app")
    assert validation_errors(text) == []
    assert_valid_cyclonedx(text)


def test_a_bad_url_or_timestamp_is_reported_with_its_place() -> None:
    doc = json.loads(render_json(components()[:1], "app"))
    doc["metadata"]["timestamp"] = "2026-01-01 00:00"
    doc["externalReferences"] = [{"type": "website", "url": "https://example.com/a b"}]
    errors = validation_errors(json.dumps(doc))
    assert any(e.startswith("externalReferences/0/url:") for e in errors), errors
    assert any(e.startswith("metadata/timestamp:") for e in errors), errors
