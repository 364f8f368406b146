"""Waivers in the policy (with expiry) and inline `# mlgate: ignore[rule] reason` suppressions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mlgate.model import Component, Result, Severity
from mlgate.policy import Policy, evaluate
from policy.factories import component, policy_of, ref

RESEARCH_ONLY = "LicenseRef-Qwen-Research-License"


def waived_policy(tmp_path: Path, *waivers: str) -> Policy:
    body = "".join(f"  - {w}\n" for w in waivers)
    return policy_of(tmp_path, f"version: 1\nextends: commercial\nwaivers:\n{body}")


WAIVER = ("{target: Qwen/Qwen2.5-3B-Instruct, rule: no-research-only, reason: evaluation only, "
          "approved_by: legal@example.com, expires: 2027-03-31}")


def small(*paths: str) -> list[Component]:
    return [component("Qwen/Qwen2.5-3B-Instruct", RESEARCH_ONLY, paths=paths or ("app/a.py",))]


def test_a_waived_finding_is_still_reported_but_does_not_fail(tmp_path: Path) -> None:
    [finding] = evaluate(small(), waived_policy(tmp_path, WAIVER), today=date(2027, 3, 31))
    assert finding.rule_id == "no-research-only" and finding.waived
    assert finding.waived_by == (f"waiver: evaluation only (approved by legal@example.com, until 2027-03-31; "
                                 f"{tmp_path / 'policy.yaml'}:4)")
    assert Result(root=tmp_path, findings=[finding]).failing(Severity.INFO) == []


def test_an_expired_waiver_stops_waiving_and_is_reported(tmp_path: Path) -> None:
    findings = evaluate(small(), waived_policy(tmp_path, WAIVER), today=date(2027, 4, 1))
    assert [(f.rule_id, f.severity, f.waived) for f in findings] == [
        ("no-research-only", Severity.ERROR, False), ("waiver-expired", Severity.ERROR, False)]
    expired = findings[1]
    assert "expired on 2027-03-31" in expired.message and "legal@example.com" in expired.message
    assert f"{tmp_path / 'policy.yaml'}:4" in expired.message
    assert dict(expired.extra)["waived-rule"] == "no-research-only"
    assert expired.locations == findings[0].locations


def test_an_expired_waiver_of_a_warning_still_fails_the_gate(tmp_path: Path) -> None:
    llama = component("meta-llama/Llama-3.1-8B", "LicenseRef-Llama-3.1-Community-License")
    policy = waived_policy(tmp_path, "{target: meta-llama/*, rule: conditional-needs-review, reason: reviewed, "
                                     "approved_by: legal, expires: 2020-01-01}")
    findings = evaluate([llama], policy, today=date(2026, 1, 1))
    result = Result(root=tmp_path, findings=findings)
    assert [f.rule_id for f in result.failing(Severity.ERROR)] == ["waiver-expired"]


def test_waiver_without_expiry_target_glob_and_any_rule(tmp_path: Path) -> None:
    policy = waived_policy(tmp_path, "{target: 'qwen/*', rule: '*', reason: sandbox, approved_by: cto}")
    findings = evaluate(small(), policy, today=date(2099, 1, 1))
    assert findings and all(f.waived for f in findings)


def test_a_waiver_for_another_rule_or_target_does_not_waive(tmp_path: Path) -> None:
    policy = waived_policy(
        tmp_path,
        "{target: Qwen/Qwen2.5-3B-Instruct, rule: license-unknown, reason: x, approved_by: y}",
        "{target: Qwen/Qwen2.5-7B-Instruct, rule: no-research-only, reason: x, approved_by: y}",
    )
    finding, *unused = evaluate(small(), policy)
    assert not finding.waived
    # Neither waiver waived anything, and each says so (info), so stale waivers do not pile up.
    assert [(f.rule_id, f.severity.value) for f in unused] == [("waiver-unused", "info")] * 2


def test_a_live_waiver_beats_an_expired_one(tmp_path: Path) -> None:
    old = WAIVER.replace("2027-03-31", "2025-01-01")
    findings = evaluate(small(), waived_policy(tmp_path, old, WAIVER), today=date(2026, 1, 1))
    assert [(f.rule_id, f.waived) for f in findings] == [("no-research-only", True)]


def test_inline_ignore_on_every_location_waives_the_finding(tmp_path: Path) -> None:
    target = "Qwen/Qwen2.5-3B-Instruct"
    refs = (ref(target, "app/a.py", 7, ignore=("no-research-only",), reason="offline eval only"),
            ref(target, "app/b.py", 9, ignore=(), reason="benchmark harness"))
    comp = component(target, RESEARCH_ONLY, refs=refs)
    [finding] = evaluate([comp], policy_of(tmp_path, "version: 1\nextends: commercial\n"))
    assert finding.waived_by == "inline: offline eval only (app/a.py:7); benchmark harness (app/b.py:9)"
    assert [loc.path for loc in finding.locations] == ["app/a.py", "app/b.py"]


def test_inline_ignore_on_some_locations_drops_just_those(tmp_path: Path) -> None:
    target = "Qwen/Qwen2.5-3B-Instruct"
    refs = (ref(target, "app/a.py", 7, ignore=("no-research-only",), reason="eval"), ref(target, "app/b.py", 9))
    waived, finding = evaluate([component(target, RESEARCH_ONLY, refs=refs)],
                               policy_of(tmp_path, "version: 1\nextends: commercial\n"))
    assert not finding.waived and [str(loc) for loc in finding.locations] == ["app/b.py:9"]
    # The suppressed location is not dropped silently: it is a waived finding of its own.
    assert waived.waived_by == "inline: eval (app/a.py:7)" and [str(loc) for loc in waived.locations] == ["app/a.py:7"]


def test_inline_ignore_for_another_rule_changes_nothing(tmp_path: Path) -> None:
    target = "Qwen/Qwen2.5-3B-Instruct"
    refs = (ref(target, "app/a.py", 7, ignore=("license-unknown",), reason="x"),)
    [finding] = evaluate([component(target, RESEARCH_ONLY, refs=refs)],
                         policy_of(tmp_path, "version: 1\nextends: commercial\n"))
    assert not finding.waived and len(finding.locations) == 1


def test_inline_ignore_without_a_reason_says_so_where_the_policy_allows_it(tmp_path: Path) -> None:
    target = "Qwen/Qwen2.5-3B-Instruct"
    refs = (ref(target, "app/a.py", 7, ignore=()),)
    [finding] = evaluate([component(target, RESEARCH_ONLY, refs=refs)],
                         policy_of(tmp_path, "version: 1\nextends: commercial\ninline_suppressions: allow\n"))
    assert finding.waived_by == "inline: (no reason given) (app/a.py:7)"


def test_inline_ignore_without_a_reason_does_not_suppress_by_default(tmp_path: Path) -> None:
    target = "Qwen/Qwen2.5-3B-Instruct"
    refs = (ref(target, "app/a.py", 7, ignore=()),)
    findings = evaluate([component(target, RESEARCH_ONLY, refs=refs)],
                        policy_of(tmp_path, "version: 1\nextends: commercial\n"))
    assert sorted((f.rule_id, f.waived) for f in findings) == [("no-research-only", False),
                                                                ("suppression-without-reason", False)]


def test_inline_waived_finding_needs_no_policy_waiver_and_reports_no_expiry(tmp_path: Path) -> None:
    target = "Qwen/Qwen2.5-3B-Instruct"
    refs = (ref(target, "app/a.py", 7, ignore=("no-research-only",), reason="eval"),)
    policy = waived_policy(tmp_path, WAIVER.replace("2027-03-31", "2020-01-01"))
    findings = evaluate([component(target, RESEARCH_ONLY, refs=refs)], policy, today=date(2026, 1, 1))
    assert [(f.rule_id, (f.waived_by or "")[:7]) for f in findings] == [("no-research-only", "inline:")]
