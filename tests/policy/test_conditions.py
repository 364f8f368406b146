"""Every rule condition, through a real policy file: what fires it and what does not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mlgate.model import Category, Kind, Result, Severity, UnresolvedReason
from mlgate.policy import evaluate
from mlgate.policy.conditions import CONDITIONS
from policy.factories import base, component, fired, lic, rule_policy, unresolved


def test_every_condition_is_in_the_schema_and_the_schema_has_no_other() -> None:
    import json

    from mlgate.policy.loader import schema_text

    schema = json.loads(schema_text())
    assert set(schema["$defs"]["condition"]["properties"]) == set(CONDITIONS)


def test_category(tmp_path: Path) -> None:
    research = component("org/small", "LicenseRef-Qwen-Research-License")
    nc = component("org/nc", "CC-BY-NC-4.0")
    ok = component("org/ok", "Apache-2.0")
    assert fired(tmp_path, "{category: [research-only, non-commercial]}", research, nc, ok) == ["org/nc", "org/small"]


@pytest.mark.parametrize(("expression", "allow", "passes"), [
    ("Apache-2.0 OR MIT", "[MIT]", True),  # either choice will do
    ("Apache-2.0 OR MIT", "[Apache-2.0]", True),
    ("Apache-2.0 OR MIT", "[BSD-3-Clause]", False),
    ("Apache-2.0 AND CC-BY-NC-4.0", "[Apache-2.0]", False),  # AND needs every license allowed
    ("Apache-2.0 AND CC-BY-NC-4.0", "[Apache-2.0, CC-BY-NC-4.0]", True),
    ("(MIT OR GPL-3.0-only) AND Apache-2.0", "[Apache-2.0, MIT]", True),
    ("(MIT OR GPL-3.0-only) AND Apache-2.0", "[GPL-3.0-only, MIT]", False),
    ("apache-2.0", "[Apache-2.0]", True),  # case-insensitive
    ("Apache-2.0", "[apache-2.0]", True),  # a Hub id in the list means its SPDX id
    ("LicenseRef-Llama-3.1-Community-License", "[llama3.1]", True),  # a Hub id for a LicenseRef
    ("GPL-2.0-only WITH Classpath-exception-2.0", "[GPL-2.0-only]", True),
    ("GPL-2.0-only WITH Classpath-exception-2.0", "['GPL-2.0-only WITH Classpath-exception-2.0']", True),
    ("GPL-2.0-only WITH Classpath-exception-2.0", "[MIT]", False),
    ("CC-BY-4.0", "['CC-BY-*']", True),  # globs
    ("CC-BY-NC-4.0", "['CC-BY-[0-9]*']", False),
    ("Apache-2.0 AND", "[Apache-2.0]", False),  # malformed: matched as one opaque name
])
def test_license_allow_list_is_spdx_aware(tmp_path: Path, expression: str, allow: str, passes: bool) -> None:
    subject = component("org/m", lic(expression, Category.PERMISSIVE))
    assert fired(tmp_path, f"{{license-allow: {allow}}}", subject) == ([] if passes else ["org/m"])


def test_license_allow_list_catches_an_unresolved_license(tmp_path: Path) -> None:
    assert fired(tmp_path, "{license-allow: [MIT]}", component("org/m", unresolved())) == ["org/m"]


@pytest.mark.parametrize(("expression", "deny", "denied"), [
    ("GPL-3.0-only", "[GPL-3.0-only]", True),
    ("GPL-3.0-only OR MIT", "[GPL-3.0-only]", False),  # MIT can be chosen
    ("GPL-3.0-only AND MIT", "[GPL-3.0-only]", True),  # GPL comes with it
    ("CC-BY-NC-4.0", "['CC-BY-NC-*']", True),
    ("cc-by-nc-sa-4.0", "['CC-BY-NC-*']", True),
    ("CC-BY-4.0", "['CC-BY-NC-*']", False),
    ("AGPL-3.0-only", "[agpl-3.0]", True),  # Hub id agpl-3.0 means AGPL-3.0-only
    ("GPL-2.0-only WITH Classpath-exception-2.0", "[GPL-2.0-only]", True),
])
def test_license_deny_list_is_spdx_aware(tmp_path: Path, expression: str, deny: str, denied: bool) -> None:
    subject = component("org/m", lic(expression, Category.COPYLEFT))
    assert fired(tmp_path, f"{{license-deny: {deny}}}", subject) == (["org/m"] if denied else [])


def test_license_deny_list_ignores_an_unresolved_license(tmp_path: Path) -> None:
    assert fired(tmp_path, "{license-deny: [MIT]}", component("org/m", unresolved())) == []


def test_target_glob_is_case_insensitive(tmp_path: Path) -> None:
    llama = component("meta-llama/Llama-3.1-8B")
    other = component("Meta-Llama-Fan/x")
    shouty = component("META-LLAMA/Llama-Guard")
    assert fired(tmp_path, "{target: [meta-llama/*]}", llama, other, shouty) == ["META-LLAMA/Llama-Guard",
                                                                                 "meta-llama/Llama-3.1-8B"]


def test_kind(tmp_path: Path) -> None:
    data = component("org/data", kind=Kind.DATASET)
    api = component("gpt-4o", kind=Kind.API_MODEL)
    model = component("org/model")
    assert fired(tmp_path, "{kind: [dataset, api-model]}", data, api, model) == ["gpt-4o", "org/data"]


def test_resolution_source(tmp_path: Path) -> None:
    kb = component("org/kb", lic("MIT", source="knowledge-base"))
    hub = component("org/hub", lic("MIT", source="hub"))
    none = component("org/none", unresolved())  # an unresolved license from the hub source
    assert fired(tmp_path, "{source: [knowledge-base, override]}", kb, hub, none) == ["org/kb"]


def test_unresolved_true_false_and_by_reason(tmp_path: Path) -> None:
    offline = component("org/offline", unresolved(UnresolvedReason.OFFLINE))
    missing = component("org/missing", unresolved(UnresolvedReason.NOT_FOUND))
    known = component("org/known", "MIT")
    assert fired(tmp_path, "{unresolved: true}", offline, missing, known) == ["org/missing", "org/offline"]
    assert fired(tmp_path, "{unresolved: false}", offline, missing, known) == ["org/known"]
    assert fired(tmp_path, "{unresolved: [offline, network-failure]}", offline, missing, known) == ["org/offline"]


def test_gated_uses_what_the_hub_said_and_ignores_unknown(tmp_path: Path) -> None:
    gated = component("org/gated", gated=True)
    open_ = component("org/open", gated=False)
    unknown = component("org/unknown", gated=None)
    assert fired(tmp_path, "{gated: true}", gated, open_, unknown) == ["org/gated"]
    assert fired(tmp_path, "{gated: false}", gated, open_, unknown) == ["org/open"]


def test_unpinned_revision(tmp_path: Path) -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    pinned = component("org/pinned", revision=sha)
    branch = component("org/branch", revision="main")
    floating = component("org/floating")
    api = component("gpt-4o", kind=Kind.API_MODEL)  # nothing to pin
    local = component("./models/x", kind=Kind.LOCAL_PATH)
    assert fired(tmp_path, "{unpinned: true}", pinned, branch, floating, api, local) == ["org/branch", "org/floating"]
    assert fired(tmp_path, "{unpinned: false}", pinned, branch, floating, api, local) == ["org/pinned"]


def test_license_changed_since_lock(tmp_path: Path) -> None:
    changed = component("org/changed", "MIT", locked_expression="Apache-2.0")
    same = component("org/same", "MIT", locked_expression="MIT")
    never_locked = component("org/new", "MIT")
    gone = component("org/gone", unresolved(), locked_expression="MIT")
    assert fired(tmp_path, "{license-changed: true}", changed, same, never_locked, gone) == ["org/changed", "org/gone"]


def test_license_history_fires_for_a_pinned_undated_revision_with_an_earlier_license(tmp_path: Path) -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    history = ("license-history", "until 2023-05-31: other/tii-falcon-llm (drift.md C1)")
    pinned = component("tiiuae/falcon-7b", revision=sha, properties=(history,))
    plain = component("org/plain", revision=sha)
    assert fired(tmp_path, "{license-history: true}", pinned, plain) == ["tiiuae/falcon-7b"]
    [finding] = evaluate([pinned], rule_policy(tmp_path, "{license-history: true}"))
    assert sha in finding.message and "until 2023-05-31: other/tii-falcon-llm" in finding.message
    assert "earlier license applies" in finding.message


def test_license_changed_message_says_from_what_to_what(tmp_path: Path) -> None:
    changed = component("org/changed", "MIT", locked_expression="Apache-2.0")
    [finding] = evaluate([changed], rule_policy(tmp_path, "{license-changed: true}"))
    assert "was Apache-2.0, now MIT" in finding.message


def test_derivative_more_permissive_than_its_base(tmp_path: Path) -> None:
    research_base = component("Qwen/Qwen2.5-3B-Instruct", "LicenseRef-Qwen-Research-License")
    llama_base = component("meta-llama/Llama-3.1-8B", "LicenseRef-Llama-3.1-Community-License")
    laundered = component("someone/qwen-3b-mit", "MIT", base_models=base("qwen/qwen2.5-3b-instruct"))
    honest = component("someone/qwen-3b-ft", "LicenseRef-Qwen-Research-License",
                       base_models=base("Qwen/Qwen2.5-3B-Instruct"))
    llama_ft = component("someone/llama-apache", "Apache-2.0", base_models=base("meta-llama/Llama-3.1-8B", "adapter"))
    orphan = component("someone/orphan-mit", "MIT", base_models=base("not/in-this-run"))
    unknown_base = component("x/unknown", unresolved())
    on_unknown = component("someone/on-unknown", "MIT", base_models=base("x/unknown"))
    found = fired(tmp_path, "{derivative-more-permissive: true}", research_base, llama_base, laundered, honest,
                  llama_ft, orphan, unknown_base, on_unknown)
    assert found == ["someone/llama-apache", "someone/qwen-3b-mit"]


def test_derivative_message_names_the_base(tmp_path: Path) -> None:
    base_model = component("Qwen/Qwen2.5-3B-Instruct", "LicenseRef-Qwen-Research-License")
    laundered = component("someone/qwen-3b-mit", "MIT", base_models=base("Qwen/Qwen2.5-3B-Instruct"))
    [finding] = evaluate([base_model, laundered], rule_policy(tmp_path, "{derivative-more-permissive: true}"))
    assert "derives from Qwen/Qwen2.5-3B-Instruct (research-only)" in finding.message


def test_trained_on_a_restricted_dataset(tmp_path: Path) -> None:
    nc_data = component("org/nc-data", "CC-BY-NC-4.0", kind=Kind.DATASET)
    ok_data = component("org/ok-data", "CC-BY-4.0", kind=Kind.DATASET)
    tainted = component("org/model-a", "Apache-2.0", datasets=("org/nc-data", "org/ok-data"))
    clean = component("org/model-b", "Apache-2.0", datasets=("org/ok-data",))
    assert fired(tmp_path, "{trained-on-category: [non-commercial]}", nc_data, ok_data, tainted, clean) == [
        "org/model-a"]


def test_dataset_license_is_kind_plus_license_conditions(tmp_path: Path) -> None:
    nc_data = component("org/nc-data", "CC-BY-NC-4.0", kind=Kind.DATASET)
    nc_model = component("org/nc-model", "CC-BY-NC-4.0")
    assert fired(tmp_path, "{kind: [dataset], license-deny: ['CC-BY-NC-*']}", nc_data, nc_model) == ["org/nc-data"]


def test_every_condition_of_a_rule_must_hold(tmp_path: Path) -> None:
    llama_nc = component("meta-llama/x", "CC-BY-NC-4.0")
    llama_ok = component("meta-llama/y", "Apache-2.0")
    other_nc = component("org/z", "CC-BY-NC-4.0")
    assert fired(tmp_path, "{target: [meta-llama/*], category: [non-commercial]}", llama_nc, llama_ok, other_nc) == [
        "meta-llama/x"]


def test_severity_off_and_fail_on_threshold(tmp_path: Path) -> None:
    nc = component("org/nc", "CC-BY-NC-4.0")
    assert evaluate([nc], rule_policy(tmp_path, "{category: [non-commercial]}", severity="off")) == []
    [info] = evaluate([nc], rule_policy(tmp_path, "{category: [non-commercial]}", severity="info"))
    assert info.severity is Severity.INFO
    result = Result(root=tmp_path, components=[nc], findings=[info])
    assert result.failing(Severity.ERROR) == [] and result.failing(Severity.WARNING) == []
    assert result.failing(Severity.INFO) == [info]


def test_message_template_and_default_message(tmp_path: Path) -> None:
    nc = component("org/nc", "CC-BY-NC-4.0")
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\nrules:\n  - id: nc\n    when: {category: [non-commercial]}\n    severity: error\n"
                      "    message: '{target} ({license}) breaks {rule} of {policy}'\n")
    from mlgate.policy import load_policy

    [finding] = evaluate([nc], load_policy(str(policy)))
    assert finding.message == "org/nc (CC-BY-NC-4.0 license (CC-BY-NC-4.0), non-commercial) breaks nc of p"
    [default] = evaluate([nc], rule_policy(tmp_path, "{category: [non-commercial]}"))
    assert default.message.startswith("org/nc is under CC-BY-NC-4.0 license (CC-BY-NC-4.0), non-commercial.")
    assert "category non-commercial" in default.message and default.message.endswith("[policy policy, rule r]")


def test_findings_are_sorted_worst_first_then_by_target(tmp_path: Path) -> None:
    policy = rule_policy(tmp_path, "{category: [non-commercial]}")
    comps = [component("b/x", "CC-BY-NC-4.0"), component("A/y", "CC-BY-NC-4.0")]
    findings = evaluate(comps, policy, today=date(2026, 1, 1))
    assert [f.component.target for f in findings] == ["A/y", "b/x"]
