"""A Result with every kind of finding the reports must show, built without scanning."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from mlgate.model import Kind, Location, Reference, Result
from mlgate.policy import evaluate
from mlgate.policy.baseline import Baseline
from policy.factories import component, policy_of, ref, unresolved

POLICY = """
    version: 1
    name: product
    extends: commercial
    scopes:
      - paths: ["research/**"]
        policy: research
    waivers:
      - target: org/nc-data
        rule: no-research-only
        reason: licensed separately (contract C-17)
        approved_by: legal@example.com
        expires: 2999-01-01
"""


def sample_result(tmp_path: Path, *, baseline_target: str | None = None) -> Result:
    small = "Qwen/Qwen2.5-3B-Instruct"
    notebook_ref = Reference(small, Kind.MODEL, Location("notebooks/try.ipynb", 2, 9, cell=3), "pipeline")
    components = [
        component(small, "LicenseRef-Qwen-Research-License",
                  refs=(ref(small, "app/chat.py", 12), ref(small, "app/chat.py", 30), notebook_ref,
                        ref(small, "research/eval.py", 4))),
        component("meta-llama/Llama-3.1-8B-Instruct", "LicenseRef-Llama-3.1-Community-License",
                  paths=("configs/train.yaml",)),
        component("org/nc-data", "CC-BY-NC-4.0", kind=Kind.DATASET, paths=("data/load.py",)),
        component("org/ignored", "CC-BY-NC-4.0",
                  refs=(ref("org/ignored", "app/x.py", 1, ignore=("no-research-only",), reason="demo only"),)),
        component("org/mystery", unresolved(), paths=("research/explore.py",)),
        component("Qwen/Qwen2.5-7B-Instruct", "Apache-2.0", paths=("app/chat.py",)),
    ]
    policy = policy_of(tmp_path, POLICY)
    findings = evaluate(components, policy, today=date(2026, 6, 1))
    if baseline_target:
        accepted = Baseline.of(f for f in findings if f.component.target == baseline_target)
        findings = accepted.apply(findings)
    return Result(root=tmp_path, components=components, findings=findings, policy=policy, files_scanned=9)


def hostile_result(tmp_path: Path) -> Result:
    """Targets and paths as an attacker could write them in the scanned repository."""
    evil = "=HYPERLINK(\"http://evil\")|[click](http://evil) @admin <img src=x> `tick`"
    comp = component(evil, "CC-BY-NC-4.0", paths=("app/we ird|path#1.py",))
    policy = policy_of(tmp_path, "version: 1\nextends: commercial\n")
    findings = evaluate([comp], policy)
    return Result(root=tmp_path, components=[comp], findings=findings, policy=policy)


def without_locations(result: Result) -> Result:
    return replace(result, findings=[replace(f, locations=()) for f in result.findings])
