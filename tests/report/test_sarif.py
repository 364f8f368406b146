"""SARIF 2.1.0: valid against the official schema, and what GitHub code scanning relies on."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

from conftest import DEMO, REPO, run_mlgate
from mlgate import INFORMATION_URI, __version__
from mlgate.model import Location, Severity
from mlgate.report.sarif import SarifReport
from mlgate.scan.repository import repository_place
from report.results import hostile_result, sample_result, without_locations

SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


def validate(doc: dict[str, Any]) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(doc)


def render(result: Any, fail_on: Severity = Severity.ERROR) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(SarifReport().render(result, fail_on))
    validate(doc)
    return doc


def test_the_official_schema_rejects_what_github_would() -> None:
    # The validation below is not vacuous: a result without a message is refused.
    doc = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "r"}]}]}
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


def test_rules_carry_ids_descriptions_and_help(tmp_path: Path) -> None:
    run = render(sample_result(tmp_path))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert {"no-research-only", "license-unknown", "conditional-needs-review", "waiver-expired"} <= set(ids)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    by_id = {r["id"]: r for r in rules}
    assert by_id["conditional-needs-review"]["defaultConfiguration"]["level"] == "warning"
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
    assert run["automationDetails"]["id"] == "mlgate/product/"


def test_one_result_per_location_with_relative_uri_and_line(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    run = render(result)["runs"][0]
    expected = sum(len(f.locations) for f in result.findings)
    assert len(run["results"]) == expected
    small = [r for r in run["results"] if r["properties"]["target"] == "Qwen/Qwen2.5-3B-Instruct"]
    where = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in small]
    assert where == [("app/chat.py", 12), ("app/chat.py", 30), ("notebooks/try.ipynb", 2)]
    notebook = small[2]
    assert notebook["properties"]["cell"] == 3 and "(notebook cell 3)" in notebook["message"]["text"]
    assert small[0]["level"] == "error" and small[0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 5


def test_fingerprints_ignore_line_numbers_and_tell_repeats_apart(tmp_path: Path) -> None:
    def prints(result: Any) -> list[str]:
        return [r["partialFingerprints"]["primaryLocationLineHash"] for r in render(result)["runs"][0]["results"]]

    result = sample_result(tmp_path)
    before = prints(result)
    assert len(before) == len(set(before))  # the two uses on app/chat.py differ (":1", ":2")
    def down(loc: Location) -> Location:
        return replace(loc, line=loc.line + 100)

    moved_components = {c.target: replace(c, references=tuple(replace(r, location=down(r.location))
                                                              for r in c.references)) for c in result.components}
    moved = replace(result, findings=[
        replace(f, component=moved_components[f.component.target], locations=tuple(map(down, f.locations)))
        for f in result.findings])
    assert prints(moved) == before


def test_waived_findings_are_suppressed_and_baselined_ones_unchanged(tmp_path: Path) -> None:
    run = render(sample_result(tmp_path, baseline_target="meta-llama/Llama-3.1-8B-Instruct"))["runs"][0]
    by_target = {r["properties"]["target"]: r for r in run["results"]}
    inline = by_target["org/ignored"]["suppressions"][0]
    assert inline["kind"] == "inSource" and inline["status"] == "accepted"
    assert inline["justification"] == "demo only"  # the reason written on the line
    external = by_target["org/nc-data"]["suppressions"][0]
    assert external["kind"] == "external" and "contract C-17" in external["justification"]
    assert by_target["meta-llama/Llama-3.1-8B-Instruct"]["baselineState"] == "unchanged"
    assert by_target["Qwen/Qwen2.5-3B-Instruct"]["baselineState"] == "new"
    assert "suppressions" not in by_target["Qwen/Qwen2.5-3B-Instruct"]


def test_without_a_baseline_there_is_no_baseline_state(tmp_path: Path) -> None:
    results = render(sample_result(tmp_path))["runs"][0]["results"]
    assert all("baselineState" not in r for r in results)


def test_scoped_findings_record_scope_and_levels_map(tmp_path: Path) -> None:
    run = render(sample_result(tmp_path))["runs"][0]
    mystery = next(r for r in run["results"] if r["properties"]["target"] == "org/mystery")
    assert mystery["level"] == "warning"
    assert mystery["properties"]["policy"] == "research" and mystery["properties"]["scope"] == "research/**"


def test_findings_without_a_location_are_anchored_at_the_policy_file(tmp_path: Path) -> None:
    """GitHub rejects a whole upload when one result has no location."""
    run = render(without_locations(sample_result(tmp_path)))["runs"][0]
    assert run["results"]
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "policy.yaml" and location["region"]["startLine"] == 1


def test_findings_without_any_anchor_become_notifications(tmp_path: Path) -> None:
    result = without_locations(sample_result(tmp_path))
    assert result.policy is not None
    result = replace(result, policy=replace(result.policy, path=None))
    run = render(result)["runs"][0]
    assert run["results"] == []
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == len(result.findings) and "(no source location)" in notes[0]["message"]["text"]


def test_paths_are_percent_encoded_uris(tmp_path: Path) -> None:
    run = render(hostile_result(tmp_path))["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "app/we%20ird%7Cpath%231.py"


def test_info_is_a_note() -> None:
    from mlgate.report.sarif import _LEVEL

    assert _LEVEL == {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def test_location_column_zero_is_left_out(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    first = result.findings[0]
    zero = replace(result, findings=[replace(first, locations=(Location("a.py", 7, 0),))])
    region = render(zero)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 7}


@pytest.mark.e2e
def test_check_writes_valid_sarif_for_the_demo(tmp_path: Path) -> None:
    out = tmp_path / "mlgate.sarif"
    proc = run_mlgate("check", DEMO, "--policy", "commercial", "--format", "sarif", "-o", out)
    assert proc.returncode == 1 and proc.stdout == ""
    doc = json.loads(out.read_text())
    validate(doc)
    results = doc["runs"][0]["results"]
    # The demo lies inside this repository's checkout: URIs start from its root.
    inside = repository_place(DEMO).prefix
    assert {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results} >= {
        ("no-research-only", f"{inside}support_bot/summarize.py"),
        ("conditional-needs-review", f"{inside}configs/finetune.yaml")}
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["version"] == driver["semanticVersion"] == __version__
    assert driver["informationUri"] == INFORMATION_URI


@pytest.mark.e2e
def test_uris_start_at_the_repository_root_when_a_subdirectory_is_scanned(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    service = repo / "services" / "api"
    service.mkdir(parents=True)
    (service / "summarize.py").write_text(
        "from transformers import pipeline\n\n"
        'summarize = pipeline("summarization", model="Qwen/Qwen2.5-3B-Instruct")\n')
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    out = tmp_path / "mlgate.sarif"
    for cwd in (repo, service, tmp_path):  # wherever mlgate runs from
        proc = run_mlgate("check", service.resolve(), "--policy", "commercial", "--offline", "--format", "sarif",
                          "-o", out, cwd=cwd)
        assert proc.returncode == 1, proc.stderr
        doc = json.loads(out.read_text())
        validate(doc)
        run = doc["runs"][0]
        locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
        assert locations and all(loc == {"uri": "services/api/summarize.py", "uriBaseId": "%SRCROOT%"}
                                 for loc in locations)
        root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        assert root == repo.resolve().as_uri() + "/"
        # Each URI resolves from the repository root to the file that was scanned.
        for loc in locations:
            assert (Path(unquote(urlsplit(root).path)) / unquote(loc["uri"])).is_file()


def test_one_information_uri_everywhere() -> None:
    # SARIF, the README, action.yml, the docs and the package metadata name one home.
    texts = {path: path.read_text() for path in [REPO / "README.md", REPO / "action.yml", REPO / "pyproject.toml",
                                                 *sorted((REPO / "docs").glob("*.md"))]}
    homes = {match for text in texts.values() for match in re.findall(r"https://github\.com/mlgate[\w.-]*/\w+", text)}
    assert homes == {INFORMATION_URI}
    for required in ("README.md", "action.yml", "pyproject.toml"):
        assert INFORMATION_URI in texts[REPO / required], required


def test_a_value_read_through_a_name_carries_where_it_is_written(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    origin = Location("app/settings.py", 3, 17)
    findings = [replace(f, component=replace(f.component, references=tuple(
        replace(r, origin=origin) if r.location == Location("app/chat.py", 30, 5) else r
        for r in f.component.references))) for f in result.findings]
    run = render(replace(result, findings=findings))["runs"][0]
    related = [(r["locations"][0]["physicalLocation"]["region"]["startLine"], r.get("relatedLocations"))
               for r in run["results"] if r["properties"]["target"] == "Qwen/Qwen2.5-3B-Instruct"]
    assert related[0] == (12, None)
    line, places = related[1]
    assert line == 30 and places == [{"id": 1, "message": {"text": "defined here"}, "physicalLocation": {
        "artifactLocation": {"uri": "app/settings.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 17}}}]
