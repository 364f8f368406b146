"""Loading policies: presets, extends, scopes, waivers, and precise errors for bad files."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from mlgate.errors import ConfigError, UsageError
from mlgate.model import Severity
from mlgate.policy import load_policy
from mlgate.policy.checks import semantic_error
from mlgate.policy.loader import PRESETS, _Loader, preset_names, schema_text
from mlgate.policy.rules import RULES
from policy.factories import policy_of, write_policy


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text()))


@pytest.mark.parametrize("name", PRESETS)
def test_presets_ship_validate_and_document_their_rules(name: str) -> None:
    """The loader trusts presets (no jsonschema import on the common path): check them here."""
    assert name in preset_names()
    text = resources.files("mlgate").joinpath(f"policies/{name}.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=_Loader)
    jsonschema.Draft202012Validator(json.loads(schema_text())).validate(data)
    assert semantic_error(data) is None
    policy = load_policy(name)
    assert policy.name == name and policy.path is None
    assert policy.rules, name
    for rule in policy.rules:
        assert rule.id in RULES, f"{name}: rule {rule.id} has no documentation in policy/rules.py"


def test_preset_verdicts_by_category() -> None:
    def severity(preset: str, category: str) -> Severity | None:
        for rule in load_policy(preset).rules:
            if category in rule.conditions.get("category", ()):
                return rule.severity
        return None

    table = {
        # category:            commercial        internal          research          permissive-only
        "permissive": (None, None, None, None),
        "weak-copyleft": (None, None, None, None),
        "copyleft": (Severity.WARNING, None, None, Severity.ERROR),
        "responsible-ai": (Severity.WARNING, Severity.INFO, None, Severity.ERROR),
        "community-conditional": (Severity.WARNING, Severity.INFO, None, Severity.ERROR),
        "proprietary-api": (Severity.WARNING, Severity.INFO, None, Severity.ERROR),
        "non-commercial": (Severity.ERROR, None, None, Severity.ERROR),
        "research-only": (Severity.ERROR, Severity.WARNING, None, Severity.ERROR),
        "unknown": (Severity.ERROR, Severity.ERROR, Severity.WARNING, Severity.ERROR),
    }
    for category, expected in table.items():
        got = tuple(severity(p, category) for p in ("commercial", "internal", "research", "permissive-only"))
        assert got == expected, category


def test_extends_a_preset_overrides_by_id_and_inherits_the_rest(tmp_path: Path) -> None:
    policy = policy_of(tmp_path, """
        version: 1
        name: ours
        extends: commercial
        rules:
          - id: conditional-needs-review
            when: {category: [community-conditional]}
            severity: error
          - id: no-agpl
            when: {license-deny: [AGPL-3.0-only]}
            severity: error
        """)
    ids = [r.id for r in policy.rules]
    assert ids[-2:] == ["conditional-needs-review", "no-agpl"]
    assert "no-research-only" in ids and ids.count("conditional-needs-review") == 1
    overridden = next(r for r in policy.rules if r.id == "conditional-needs-review")
    assert overridden.severity is Severity.ERROR and overridden.policy == "ours"
    inherited = next(r for r in policy.rules if r.id == "no-research-only")
    assert inherited.policy == "commercial"


def test_extends_a_file_relative_to_the_extending_file(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    write_policy(tmp_path / "shared", """
        version: 1
        name: company
        extends: permissive-only
        waivers:
          - {target: org/x, rule: not-permissive, reason: approved, approved_by: legal}
        """, "company.yaml")
    team = tmp_path / "team"
    team.mkdir()
    policy = policy_of(team, "version: 1\nname: team\nextends: ../shared/company.yaml\n")
    assert [r.id for r in policy.rules] == ["not-permissive", "license-unknown", "license-history-may-apply"]
    assert [w.target for w in policy.waivers] == ["org/x"]


def test_severity_off_switches_an_inherited_rule_off(tmp_path: Path) -> None:
    policy = policy_of(tmp_path, """
        version: 1
        extends: commercial
        rules:
          - id: conditional-needs-review
            when: {category: [community-conditional]}
            severity: off
        """)
    rule = next(r for r in policy.rules if r.id == "conditional-needs-review")
    assert rule.severity is None


def test_scopes_and_waivers_are_loaded(tmp_path: Path) -> None:
    policy = policy_of(tmp_path, """
        version: 1
        extends: commercial
        scopes:
          - paths: ["research/**", "notebooks/**"]
            policy: research
        waivers:
          - target: Qwen/Qwen2.5-3B-Instruct
            rule: no-research-only
            reason: evaluation only, not shipped
            approved_by: legal@example.com
            expires: 2027-03-31
        """)
    [scope] = policy.scopes
    assert scope.paths == ("research/**", "notebooks/**") and scope.policy.name == "research"
    [waiver] = policy.waivers
    assert waiver.expires == date(2027, 3, 31)
    assert waiver.origin == f"{tmp_path / 'policy.yaml'}:7"  # the line of '- target:'
    assert not waiver.expired(date(2027, 3, 31)) and waiver.expired(date(2027, 4, 1))


BAD_KIND = "version: 1\nrules:\n  - id: x\n    when: {kind: [modle]}\n    severity: error\n"

# Each case: the policy text, then what the one-line error must contain (line first).
BAD_POLICIES = [
    ("version: 2\n", ":1:", "version: got 2, expected 1"),
    ("rules: []\n", ":1:", "(top level): 'version' is required"),
    ("version: 1\nrules:\n  - id: x\n    when: {category: [non-comercial]}\n    severity: error\n",
     ":4:", "rules[0].when.category[0]: got 'non-comercial', expected one of permissive,"),
    ("version: 1\nrules:\n  - id: x\n    when: {categroy: [unknown]}\n    severity: error\n",
     ":4:", "rules[0].when: unknown field 'categroy'; expected one of category,"),
    ("version: 1\nrules:\n  - id: x\n    when: {category: [unknown]}\n", ":3:", "rules[0]: 'severity' is required"),
    ("version: 1\nrules:\n  - id: x\n    when: {category: [unknown]}\n    severity: fatal\n",
     ":5:", "rules[0].severity: got 'fatal', expected one of error, warning, info, off"),
    ("version: 1\nrules:\n  - id: No Spaces\n    when: {kind: [model]}\n    severity: error\n",
     ":3:", "rules[0].id: got 'No Spaces', expected a rule id of lower-case letters"),
    ("version: 1\nrules:\n  - id: x\n    when: {}\n    severity: error\n",
     ":4:", "rules[0].when: got {}, expected at least"),
    ("version: 1\nrules:\n  - id: x\n    when: {gated: yes}\n    severity: error\n",
     ":4:", "rules[0].when.gated: got 'yes', expected boolean"),
    ("version: 1\nrules:\n  - id: x\n    when: {license-allow: [MIT, Apache2]}\n    severity: error\n",
     ":4:", "rules[0].when.license-allow[1]: unknown license 'Apache2'; expected one SPDX id"),
    ("version: 1\nrules:\n  - id: x\n    when: {kind: [model]}\n    severity: error\n"
     "  - id: x\n    when: {kind: [dataset]}\n    severity: info\n", ":6:", "rules[1].id: duplicate rule id 'x'"),
    ("version: 1\nrules:\n  - id: waiver-expired\n    when: {kind: [model]}\n    severity: error\n",
     ":3:", "'waiver-expired' is reserved"),
    ("version: 1\nrules:\n  - id: x\n    when: {kind: [model]}\n    severity: error\n    message: '{model} is bad'\n",
     ":6:", "rules[0].message: cannot fill in"),
    ("version: 1\nextends: commercial\nwaivers:\n  - target: a/b\n    rule: no-research-onyl\n    reason: r\n"
     "    approved_by: me\n", ":5:", "waivers[0].rule: no rule 'no-research-onyl' in policy"),
    ("version: 1\nextends: commercial\nwaivers:\n  - target: a/b\n    rule: no-research-only\n    reason: r\n",
     ":4:", "waivers[0]: 'approved_by' is required"),
    ("version: 1\nextends: commercial\nwaivers:\n  - target: a/b\n    rule: no-research-only\n    reason: r\n"
     "    approved_by: me\n    expires: 31/03/2027\n", ":8:", "waivers[0].expires: got '31/03/2027', expected a date"),
    ("version: 1\nextends: commercial\nwaivers:\n  - target: a/b\n    rule: no-research-only\n    reason: r\n"
     "    approved_by: me\n    expires: 2027-02-30\n",
     ":8:", "waivers[0].expires: got '2027-02-30', expected a real date"),
    ("version: 1\nextends: commercial\nwaivers:\n  - target: a/b\n    rule: no-research-only\n    reason: '  '\n"
     "    approved_by: me\n", ":6:", "waivers[0].reason: got '  ', expected a reason that is not blank"),
    ("version: 1\nscopes:\n  - paths: []\n    policy: research\n", ":3:", "scopes[0].paths: got [], expected at least"),
    ("version: 1\nscopes:\n  - paths: [research/**]\n    policy: reserch\n",
     ":4:", "scopes[0].policy: unknown policy preset 'reserch'"),
    ("version: 1\nscopes:\n  - paths: [research/**]\n    policy: missing.yaml\n",
     ":4:", "scopes[0].policy: missing.yaml: policy file not found"),
    ("version: 1\nextends: ./nowhere.yaml\n", ":2:", "extends: ./nowhere.yaml: policy file not found"),
    ("version: 1\nrules: [\n", ":3:", "invalid YAML"),
    ("- just\n- a list\n", "", "expected a mapping with 'version: 1'"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_POLICIES)
def test_bad_policy_names_file_line_field_and_expectation(tmp_path: Path, text: str, line: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_policy(str(path))
    error = str(caught.value)
    assert error.startswith(f"{path}{line}"), error
    assert message in error, error
    assert "\n" not in error


def test_a_scope_policy_may_not_declare_scopes(tmp_path: Path) -> None:
    write_policy(tmp_path, "version: 1\nscopes:\n  - paths: [a/**]\n    policy: research\n", "inner.yaml")
    path = write_policy(tmp_path, "version: 1\nscopes:\n  - paths: [b/**]\n    policy: inner.yaml\n", "outer.yaml")
    with pytest.raises(ConfigError, match=r"outer.yaml:4: scopes\[0\].policy: inner.yaml declares scopes"):
        load_policy(str(path))


def test_an_extends_loop_is_an_error_not_a_hang(tmp_path: Path) -> None:
    write_policy(tmp_path, "version: 1\nextends: b.yaml\n", "a.yaml")
    write_policy(tmp_path, "version: 1\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(ConfigError, match="loop back to"):
        load_policy(str(tmp_path / "a.yaml"))


def test_an_error_in_an_extended_file_names_that_file(tmp_path: Path) -> None:
    write_policy(tmp_path, BAD_KIND, "base.yaml")
    path = write_policy(tmp_path, "version: 1\nextends: base.yaml\n", "child.yaml")
    with pytest.raises(ConfigError) as caught:
        load_policy(str(path))
    assert str(caught.value).startswith("base.yaml:4: rules[0].when.kind[0]: got 'modle'")


def test_unknown_preset_and_missing_file_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown policy preset 'comercial'"):
        load_policy("comercial")
    with pytest.raises(UsageError, match="policy file not found"):
        load_policy(str(tmp_path / "none.yaml"))


_PROBE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mlgate.policy import load_policy
    load_policy(sys.argv[1], memo=Path(sys.argv[2]))
    print("jsonschema" in sys.modules)
""")


def _load_in_fresh_process(path: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _PROBE, str(path), str(cache)], capture_output=True, text=True,
                          check=False)


def test_a_validated_policy_is_not_validated_again(tmp_path: Path) -> None:
    """jsonschema costs most of a second to import: only the first load of a text pays it."""
    path = write_policy(tmp_path, "version: 1\nextends: commercial\n")
    cache = tmp_path / "cache"
    first = _load_in_fresh_process(path, cache)
    assert first.stdout.strip() == "True", first.stderr
    second = _load_in_fresh_process(path, cache)
    assert second.stdout.strip() == "False", second.stderr
    # A changed file is validated again, and an error is still an error.
    path.write_text(BAD_KIND)
    third = _load_in_fresh_process(path, cache)
    assert third.returncode != 0 and "got 'modle'" in third.stderr
