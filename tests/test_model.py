"""The shared data types: identity, ordering, derived properties."""

from __future__ import annotations

from mlgate.model import (
    Category,
    Component,
    Finding,
    Kind,
    License,
    Location,
    Reference,
    Severity,
    Suppression,
    Unresolved,
    UnresolvedReason,
)


def _ref(line: int, path: str = "app.py") -> Reference:
    return Reference("org/model", Kind.MODEL, Location(path, line, 5), "AutoModel.from_pretrained")


def test_reference_identity_ignores_line_and_column() -> None:
    assert _ref(3).identity == _ref(300).identity
    assert _ref(3).identity != _ref(3, "other.py").identity


def test_finding_identity_ignores_lines_but_not_files() -> None:
    comp = Component("org/model", Kind.MODEL, Unresolved(UnresolvedReason.NOT_FOUND))
    first = Finding("license-unknown", Severity.ERROR, "m", comp, (Location("a.py", 1), Location("b.py", 9)))
    moved = Finding("license-unknown", Severity.ERROR, "m", comp, (Location("b.py", 2), Location("a.py", 40)))
    other = Finding("license-unknown", Severity.ERROR, "m", comp, (Location("c.py", 1),))
    assert first.identity == moved.identity
    assert first.identity != other.identity


def test_unresolved_is_unknown_category_and_says_why() -> None:
    value = Unresolved(UnresolvedReason.GATED, "needs access")
    comp = Component("meta-llama/x", Kind.MODEL, value)
    assert comp.category is Category.UNKNOWN
    assert not comp.resolved
    assert str(value) == "gated: needs access"


def test_restrictiveness_orders_categories_for_lineage_checks() -> None:
    assert Category.PERMISSIVE.restrictiveness < Category.COMMUNITY_CONDITIONAL.restrictiveness
    assert Category.COMMUNITY_CONDITIONAL.restrictiveness < Category.RESEARCH_ONLY.restrictiveness
    assert Category.NON_COMMERCIAL.restrictiveness < Category.RESEARCH_ONLY.restrictiveness


def test_component_locations_are_sorted_and_unique() -> None:
    lic = License("MIT", Category.PERMISSIVE, "knowledge-base", "kb")
    comp = Component("org/model", Kind.MODEL, lic, references=(_ref(9), _ref(2), _ref(9)))
    assert [loc.line for loc in comp.locations] == [2, 9]
    assert comp.resolved


def test_pinned_only_for_full_commit_sha() -> None:
    lic = License("MIT", Category.PERMISSIVE, "hub", "x")
    assert Component("a/b", Kind.MODEL, lic, revision="0123456789abcdef0123456789abcdef01234567").pinned
    assert not Component("a/b", Kind.MODEL, lic, revision="main").pinned
    assert not Component("a/b", Kind.MODEL, lic).pinned


def test_suppression_covers_listed_rules_or_all() -> None:
    assert Suppression().covers("anything")
    only = Suppression(("no-research-only",), "eval only")
    assert only.covers("no-research-only")
    assert not only.covers("license-unknown")


def test_location_str_names_cell_for_notebooks() -> None:
    assert str(Location("nb.ipynb", 14, 3, cell=2)) == "nb.ipynb:14 (cell 2)"
    assert str(Location("a.py", 3)) == "a.py:3"
