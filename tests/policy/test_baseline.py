"""Baselines: accept today's findings, fail only on new ones; identity ignores line numbers."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from mlgate.errors import ConfigError, UsageError
from mlgate.model import SELF_HOSTED_PROPERTY, Finding, Location, Severity
from mlgate.policy.baseline import Baseline, keys, load_baseline, write_baseline
from policy.factories import component


def finding(rule: str, target: str, *places: tuple[str, int]) -> Finding:
    comp = component(target, "CC-BY-NC-4.0")
    return Finding(rule, Severity.ERROR, "m", comp, tuple(Location(p, line, 1) for p, line in places))


def test_moved_lines_stay_baselined() -> None:
    accepted = Baseline.of([finding("nc", "org/m", ("a.py", 3), ("b.py", 10))])
    moved = finding("nc", "org/m", ("a.py", 40), ("b.py", 1))
    assert accepted.apply([moved])[0].baselined


def test_a_use_in_a_new_file_is_new_and_split_from_the_accepted_ones() -> None:
    accepted = Baseline.of([finding("nc", "org/m", ("a.py", 3))])
    old, new = accepted.apply([finding("nc", "org/m", ("a.py", 3), ("new.py", 1))])
    assert old.baselined and [loc.path for loc in old.locations] == ["a.py"]
    assert not new.baselined and [loc.path for loc in new.locations] == ["new.py"]
    assert dict(new.extra)["baseline"] == "new"


def test_removing_one_use_does_not_make_the_rest_new() -> None:
    accepted = Baseline.of([finding("nc", "org/m", ("a.py", 3), ("b.py", 4))])
    assert accepted.apply([finding("nc", "org/m", ("b.py", 4))])[0].baselined


def test_another_rule_or_target_is_new() -> None:
    accepted = Baseline.of([finding("nc", "org/m", ("a.py", 3))])
    fresh = accepted.apply([finding("other", "org/m", ("a.py", 3)), finding("nc", "org/n", ("a.py", 3))])
    assert [f.baselined for f in fresh] == [False, False]


def test_waived_findings_are_not_baselined_so_their_waiver_can_expire() -> None:
    waived = replace(finding("nc", "org/m", ("a.py", 3)), waived_by="waiver: x")
    accepted = Baseline.of([waived])
    assert accepted.entries == frozenset()
    assert accepted.apply([waived])[0].baselined is False


def test_a_finding_without_locations_has_an_identity() -> None:
    bare = finding("nc", "org/m")
    assert keys(bare) == {("nc", "org/m", "")}
    assert Baseline.of([bare]).apply([bare])[0].baselined


def test_file_is_versioned_sorted_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / ".mlgate-baseline.json"
    findings = [finding("nc", "org/z", ("z.py", 1)), finding("nc", "org/a", ("b.py", 2), ("a.py", 9))]
    write_baseline(path, Baseline.of(findings))
    doc = json.loads(path.read_text())
    assert doc["version"] == 1
    assert doc["findings"] == [
        {"rule": "nc", "target": "org/a", "path": "a.py"},
        {"rule": "nc", "target": "org/a", "path": "b.py"},
        {"rule": "nc", "target": "org/z", "path": "z.py"},
    ]
    assert '"line"' not in path.read_text()
    first = path.read_bytes()
    write_baseline(path, Baseline.of(list(reversed(findings))))
    assert path.read_bytes() == first  # stable: no timestamps, sorted
    assert load_baseline(path) == Baseline.of(findings)
    assert [p.name for p in tmp_path.iterdir()] == [".mlgate-baseline.json"]  # no temporary files left


def test_stale_entries_are_those_no_finding_has_any_more() -> None:
    accepted = Baseline.of([finding("nc", "org/m", ("a.py", 3)), finding("nc", "org/gone", ("b.py", 1))])
    assert accepted.stale([finding("nc", "org/m", ("a.py", 5))]) == {("nc", "org/gone", "b.py")}


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", ":1: invalid JSON"),
    ('{"version": 2, "findings": []}', "version: got 2, expected 1"),
    ("[]", "version: got 'list', expected 1"),
    ('{"version": 1}', "findings: expected a list"),
    ('{"version": 1, "findings": [{"rule": "x"}]}', "findings[0]: expected {rule, target, path} strings"),
])
def test_a_malformed_baseline_is_a_config_error_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_baseline(path)
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def test_a_missing_baseline_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="create it with --update-baseline"):
        load_baseline(tmp_path / "none.json")


def test_a_name_at_a_self_hosted_server_is_not_covered_by_the_same_name_at_a_provider() -> None:
    hosted = finding("api-terms", "chatglm3-6b", ("app.py", 3))
    served = replace(hosted, component=replace(
        hosted.component, properties=(*hosted.component.properties, (SELF_HOSTED_PROPERTY, "http://127.0.0.1:8000/v1"))))
    accepted = Baseline.of([hosted])
    assert [f.baselined for f in accepted.apply([hosted, served])] == [True, False]
    assert Baseline.of([served]).entries == {("api-terms", "chatglm3-6b @ http://127.0.0.1:8000/v1", "app.py")}
