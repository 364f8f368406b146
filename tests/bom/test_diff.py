"""`mlgate diff`: added/removed models, changed licenses, categories and revisions, and the policy gate."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bom.samples import SHA, assert_valid_cyclonedx, components
from conftest import DEMO, invoke_mlgate, run_mlgate
from mlgate.bom.diff import compare, gate
from mlgate.bom.diff_render import render_markdown, render_text
from mlgate.model import (
    SELF_HOSTED_PROPERTY,
    Category,
    Component,
    License,
    Severity,
    Unresolved,
    UnresolvedReason,
)
from mlgate.policy.loader import load_policy


def named(target: str) -> Component:
    return next(c for c in components() if c.target == target)


def relicensed_dataset() -> Component:
    """The sample dataset, relicensed upstream from CC-BY-4.0 to CC-BY-NC-4.0."""
    dataset = named("acme-support/support-conversations")
    assert isinstance(dataset.license, License)
    return replace(dataset, license=replace(dataset.license, expression="CC-BY-NC-4.0",
                                            category=Category.NON_COMMERCIAL))


def test_compare_finds_each_kind_of_change() -> None:
    old = components()
    relicensed = relicensed_dataset()
    dataset = relicensed
    moved = replace(named("Qwen/Qwen2.5-3B-Instruct"), revision=SHA)
    new = [c for c in old if c.target not in {"gpt-4o", dataset.target, moved.target}] + [relicensed, moved]
    new.append(replace(named("gpt-4o"), target="claude-3-5-sonnet-latest"))
    diff = compare(old, new, "old.json", "new.json")
    status = {c.target: (c.status, [(f.name, f.old, f.new) for f in c.fields]) for c in diff.changes}
    assert status == {
        "acme-support/support-conversations": ("changed", [("license", "CC-BY-4.0", "CC-BY-NC-4.0"),
                                                           ("category", "permissive", "non-commercial")]),
        "Qwen/Qwen2.5-3B-Instruct": ("changed", [("revision", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", SHA)]),
        "gpt-4o": ("removed", []),
        "claude-3-5-sonnet-latest": ("added", []),
    }
    assert diff.unchanged == len(old) - 3
    text = render_text(diff)
    assert "~ dataset   acme-support/support-conversations" in text
    assert "    license: CC-BY-4.0 -> CC-BY-NC-4.0" in text
    assert text.strip().endswith("1 added, 1 removed, 2 changed, 5 unchanged")


def test_gate_marks_only_changes_that_bring_a_failure() -> None:
    old = components()
    dataset = relicensed_dataset()
    new = [dataset if c.target == dataset.target else c for c in old]
    policy = load_policy("commercial")
    diff = gate(compare(old, new, "a", "b"), old, new, policy, Severity.ERROR)
    assert [c.target for c in diff.failing] == [dataset.target]
    assert {f.rule_id for f in diff.failing[0].failing} == {"no-research-only"}
    # Qwen2.5-3B already failed before: unchanged, so it does not fail the diff.
    assert "Qwen/Qwen2.5-3B-Instruct" not in {c.target for c in diff.changes}
    assert "❌ `no-research-only`" in render_markdown(diff)
    assert not gate(compare(old, old, "a", "a"), old, old, policy, Severity.ERROR).failing


def test_a_name_newly_sent_to_a_self_hosted_server_is_an_added_component() -> None:
    # The same API model name at a provider and at a local server are two components: a diff that
    # adds the self-hosted one (its license unknown) shows it and fails on it.
    hosted = named("gpt-4o")
    served = replace(hosted, license=Unresolved(UnresolvedReason.SELF_HOSTED, "served locally", "knowledge-base"),
                     properties=(*hosted.properties, (SELF_HOSTED_PROPERTY, "http://localhost:8000/v1")))
    old = components()
    new = [*old, served]
    diff = gate(compare(old, new, "a", "b"), old, new, load_policy("commercial"), Severity.ERROR)
    assert [(c.status, c.target, c.new.endpoint if c.new else None) for c in diff.changes] == [
        ("added", "gpt-4o", "http://localhost:8000/v1")]
    assert [c.target for c in diff.failing] == ["gpt-4o"]
    assert "+ api-model gpt-4o at self-hosted endpoint http://localhost:8000/v1  (" in render_text(diff)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A BOM of the demo, a BOM of the demo with its dataset relicensed to CC-BY-NC-4.0, and that repo."""
    tmp_path = tmp_path_factory.mktemp("planted")
    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo)
    old = tmp_path / "old.cdx.json"
    assert invoke_mlgate("bom", repo, "--offline", "--reproducible", "-o", old).returncode == 0
    settings = repo / ".mlgate.toml"
    settings.write_text(settings.read_text().replace('license = "cc-by-4.0"', 'license = "cc-by-nc-4.0"'))
    new = tmp_path / "new.cdx.json"
    assert invoke_mlgate("bom", repo, "--offline", "--reproducible", "-o", new).returncode == 0
    assert_valid_cyclonedx(old.read_text())
    assert_valid_cyclonedx(new.read_text())
    return old, new, repo


def test_diff_reports_a_planted_license_change(planted: tuple[Path, Path, Path]) -> None:
    old, new, _ = planted
    proc = run_mlgate("diff", old, new, "--policy", "commercial")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    at = lines.index("~ dataset   acme-support/support-conversations")
    assert lines[at + 1:at + 3] == ["    license: CC-BY-4.0 -> CC-BY-NC-4.0",
                                    "    category: permissive -> non-commercial"]
    assert lines[at + 3].startswith("    FAILS [no-research-only] error:")
    assert lines[-1] == ("mlgate: 0 added, 0 removed, 1 changed, 4 unchanged; "
                         "1 change(s) fail policy commercial (at error or above)")
    assert run_mlgate("diff", old, new).returncode == 0  # without a policy it only reports


def test_diff_json_and_markdown(planted: tuple[Path, Path, Path]) -> None:
    old, new, _ = planted
    proc = invoke_mlgate("diff", old, new, "--policy", "commercial", "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["passed"] is False and doc["summary"]["changed"] == 1 and doc["summary"]["failing"] == 1
    (change,) = doc["changes"]
    assert change["old"]["license"] == "CC-BY-4.0" and change["new"]["license"] == "CC-BY-NC-4.0"
    assert change["failing"][0]["rule"] == "no-research-only"
    md = invoke_mlgate("diff", old, new, "--format", "markdown").stdout
    assert "| ~ changed | dataset | `acme-support/support-conversations` | CC-BY-4.0 → **CC-BY-NC-4.0** |" in md


def test_diff_of_a_bom_against_a_path_to_scan(planted: tuple[Path, Path, Path], tmp_path: Path) -> None:
    old, _, planted_repo = planted
    repo = tmp_path / "repo"
    shutil.copytree(planted_repo, repo)
    (repo / "support_bot" / "vision.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("Salesforce/blip-image-captioning-base")\n')
    proc = invoke_mlgate("diff", old, repo, "--offline")
    assert proc.returncode == 0, proc.stderr
    assert "+ model     Salesforce/blip-image-captioning-base" in proc.stdout
    assert "    license: CC-BY-4.0 -> CC-BY-NC-4.0" in proc.stdout


def test_diff_input_errors(tmp_path: Path) -> None:
    not_bom = tmp_path / "package.json"
    not_bom.write_text('{"name": "web"}')
    proc = invoke_mlgate("diff", not_bom, DEMO)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f'mlgate: error: {not_bom}: not a CycloneDX BOM: no "bomFormat": "CycloneDX" ' \
                                  "at the top level"
    missing = invoke_mlgate("diff", tmp_path / "nope.json", DEMO)
    assert missing.returncode == 2 and "no such file or directory" in missing.stderr
    policy = invoke_mlgate("diff", DEMO, DEMO, "--policy", "no-such-preset", "--offline")
    assert policy.returncode == 2 and "unknown policy preset" in policy.stderr
