"""Scopes: each reference location is judged by the policy that governs its path."""

from __future__ import annotations

from pathlib import Path

from mlgate.model import Severity
from mlgate.policy import Policy, evaluate
from policy.factories import base, component, policy_of, unresolved

SCOPED = """
    version: 1
    name: product
    extends: commercial
    scopes:
      - paths: ["research/**", "notebooks/**"]
        policy: research
"""


def scoped(tmp_path: Path) -> Policy:
    return policy_of(tmp_path, SCOPED)


def test_research_only_model_in_research_code_passes(tmp_path: Path) -> None:
    small = component("Qwen/Qwen2.5-3B-Instruct", "LicenseRef-Qwen-Research-License",
                      paths=("research/eval.py", "notebooks/deep/compare.ipynb"))
    product = component("Qwen/Qwen2.5-7B-Instruct", "Apache-2.0", paths=("app/serve.py",))
    assert evaluate([small, product], scoped(tmp_path)) == []


def test_a_model_used_in_both_places_is_judged_per_location(tmp_path: Path) -> None:
    small = component("Qwen/Qwen2.5-3B-Instruct", "LicenseRef-Qwen-Research-License",
                      paths=("research/eval.py", "app/serve.py", "app/batch.py"))
    [finding] = evaluate([small], scoped(tmp_path))
    assert finding.rule_id == "no-research-only"
    assert [loc.path for loc in finding.locations] == ["app/batch.py", "app/serve.py"]
    assert dict(finding.extra)["policy"] == "product"
    assert "scope" not in dict(finding.extra)


def test_scoped_findings_name_their_scope_and_policy(tmp_path: Path) -> None:
    mystery = component("org/mystery", unresolved(), paths=("research/a.py", "app/b.py"))
    findings = evaluate([mystery], scoped(tmp_path))
    by_policy = {dict(f.extra)["policy"]: f for f in findings}
    assert set(by_policy) == {"product", "research"}
    research = by_policy["research"]
    assert research.severity is Severity.WARNING and research.rule_id == "license-unknown"
    assert [loc.path for loc in research.locations] == ["research/a.py"]
    assert dict(research.extra)["scope"] == "research/**, notebooks/**"
    product = by_policy["product"]
    assert product.severity is Severity.ERROR and [loc.path for loc in product.locations] == ["app/b.py"]


def test_scope_paths_are_gitignore_patterns_and_the_first_match_wins(tmp_path: Path) -> None:
    policy = policy_of(tmp_path, """
        version: 1
        extends: commercial
        scopes:
          - paths: ["*.ipynb"]
            policy: research
          - paths: ["tools/"]
            policy: internal
          - paths: ["tools/legacy/**"]
            policy: research
        """)
    nc = component("org/nc", "CC-BY-NC-4.0",
                   paths=("deep/down/x.ipynb", "tools/legacy/old.py", "tools/a.py", "src/tools.py"))
    findings = evaluate([nc], policy)
    # research allows it, internal allows non-commercial: only the unscoped src/tools.py is judged
    # by commercial (`tools/` matches the directory, not src/tools.py; tools/legacy is caught by `tools/`).
    assert [(f.rule_id, [loc.path for loc in f.locations]) for f in findings] == [
        ("no-research-only", ["src/tools.py"])]


def test_a_base_model_is_judged_where_its_derivative_is_used(tmp_path: Path) -> None:
    # The base is not named in code; the resolver brought it in through the fine-tune's card.
    base_model = component("Qwen/Qwen2.5-3B-Instruct", "LicenseRef-Qwen-Research-License", paths=(),
                           introduced_by=("someone/ft",))
    research_ft = component("someone/ft", "LicenseRef-Qwen-Research-License", paths=("research/x.py",),
                            base_models=base("Qwen/Qwen2.5-3B-Instruct"))
    assert evaluate([base_model, research_ft], scoped(tmp_path)) == []
    shipped_ft = component("someone/ft", "LicenseRef-Qwen-Research-License", paths=("app/x.py",),
                           base_models=base("Qwen/Qwen2.5-3B-Instruct"))
    findings = evaluate([base_model, shipped_ft], scoped(tmp_path))
    assert {(f.component.target, f.locations[0].path) for f in findings} == {
        ("Qwen/Qwen2.5-3B-Instruct", "app/x.py"), ("someone/ft", "app/x.py")}


def test_a_component_without_any_location_is_judged_by_the_top_level_policy(tmp_path: Path) -> None:
    orphan = component("org/nc", "CC-BY-NC-4.0", paths=())
    [finding] = evaluate([orphan], scoped(tmp_path))
    assert finding.locations == () and dict(finding.extra)["policy"] == "product"


def test_top_level_waivers_also_apply_inside_scopes(tmp_path: Path) -> None:
    policy = policy_of(tmp_path, SCOPED + """
    waivers:
      - {target: "org/*", rule: license-unknown, reason: vendor data, approved_by: legal}
    """)
    mystery = component("org/mystery", unresolved(), paths=("research/a.py", "app/b.py"))
    findings = evaluate([mystery], policy)
    assert len(findings) == 2 and all(f.waived for f in findings)
