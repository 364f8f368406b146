"""Mapping the licenses other tools write to mlgate's categories, through the catalog."""

from __future__ import annotations

from typing import Any

import pytest

from mlgate.bomread.license_map import license_from_bom
from mlgate.model import Category, License, Unresolved


def lic(**fields: Any) -> dict[str, Any]:
    return {"license": fields}


@pytest.mark.parametrize(("entries", "expression", "category"), [
    ([lic(id="Apache-2.0")], "Apache-2.0", Category.PERMISSIVE),
    ([lic(name="apache-2.0")], "Apache-2.0", Category.PERMISSIVE),           # a Hub id as a name
    ([lic(name="llama3.1")], "LicenseRef-Llama-3.1-Community-License", Category.COMMUNITY_CONDITIONAL),
    ([lic(id="CC-BY-NC-4.0")], "CC-BY-NC-4.0", Category.NON_COMMERCIAL),
    ([{"expression": "MIT OR CC-BY-NC-4.0"}], "MIT OR CC-BY-NC-4.0", Category.PERMISSIVE),
    ([{"expression": "MIT AND CC-BY-NC-4.0"}], "MIT AND CC-BY-NC-4.0", Category.NON_COMMERCIAL),
    ([{"expression": "(MIT AND GPL-3.0-only) OR CC-BY-NC-4.0"}], "(MIT AND GPL-3.0-only) OR CC-BY-NC-4.0",
     Category.COPYLEFT),
    ([{"expression": "GPL-2.0-only WITH Classpath-exception-2.0"}], "GPL-2.0-only WITH Classpath-exception-2.0",
     Category.COPYLEFT),
    ([lic(id="MIT"), lic(name="cc-by-nc-4.0")], "MIT AND CC-BY-NC-4.0", Category.NON_COMMERCIAL),  # all apply
    ([{"expression": "MIT AND LicenseRef-mystery"}], "MIT AND LicenseRef-mystery", Category.UNKNOWN),
    ([{"expression": "MIT OR LicenseRef-mystery"}], "MIT OR LicenseRef-mystery", Category.PERMISSIVE),
    ([{"expression": "Apache-2.0 AND"}], "LicenseRef-unrecognised-Apache-2.0-AND", Category.UNKNOWN),  # broken
    ([lic(id="BUSL-1.1")], "BUSL-1.1", Category.UNKNOWN),  # an SPDX id nobody rates: unknown, never guessed
    ([lic(name="Acme Internal Model License")], "LicenseRef-unrecognised-Acme-Internal-Model-License",
     Category.UNKNOWN),
])
def test_mapping(entries: list[dict[str, Any]], expression: str, category: Category) -> None:
    result = license_from_bom(entries, [], "bom.json: x")
    assert isinstance(result, License)
    assert (result.expression, result.category) == (expression, category)
    assert result.source == "bom" and result.evidence.startswith("bom.json: x: licenses")


def test_concluded_wins_over_declared_and_declared_is_kept() -> None:
    result = license_from_bom([lic(name="other", acknowledgement="declared"),
                               lic(id="CC-BY-NC-4.0", acknowledgement="concluded")], [], "b: x")
    assert isinstance(result, License)
    assert (result.expression, result.declared) == ("CC-BY-NC-4.0", "other")
    declared_only = license_from_bom([lic(name="openrail", acknowledgement="declared")], [], "b: x")
    assert isinstance(declared_only, License)
    assert declared_only.category is Category.RESPONSIBLE_AI and declared_only.declared == "openrail"


def test_evidence_licenses_are_used_when_the_component_has_none() -> None:
    result = license_from_bom([], [lic(id="MIT")], "b: x")
    assert isinstance(result, License) and result.category is Category.PERMISSIVE


def test_no_license_is_unresolved() -> None:
    result = license_from_bom([{"license": {}}, "junk"], [], "b: x")
    assert isinstance(result, Unresolved) and result.category is Category.UNKNOWN
