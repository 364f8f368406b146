"""Inline suppressions are accounted for: the policy decides which take effect
(`inline_suppressions: allow | require-reason | deny`, or `--no-inline-suppressions`), every
one that did is listed (text summary, JSON, SARIF, the HTML report's Waivers section), one
that did not is a finding, and a policy waiver that waived nothing is reported as unused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import invoke_mlgate, run_mlgate

LOAD = 'AutoModel.from_pretrained("Qwen/Qwen2.5-3B-Instruct")'


def _repo(tmp_path: Path, comment: str, policy: str = "") -> Path:
    (tmp_path / "app.py").write_text(f"from transformers import AutoModel\nmodel = {LOAD}  {comment}\n")
    (tmp_path / "policy.yaml").write_text(f"version: 1\nname: shop\nextends: commercial\n{policy}")
    return tmp_path


def _check(root: Path, *args: str) -> tuple[int, dict[str, object]]:
    """`check` in-process (the JSON verdict); the text, SARIF and HTML outputs below go through
    the installed command."""
    proc = invoke_mlgate("check", "app.py", "--policy", "policy.yaml", "--offline", "--format", "json", *args,
                      cwd=root)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _rules(doc: dict[str, object]) -> dict[str, str]:
    return {f["rule"]: f["status"] for f in doc["findings"]}  # type: ignore[index, union-attr]


def test_a_bare_ignore_does_not_clear_the_gate_and_is_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path, "# mlgate: ignore")

    code, doc = _check(root)

    assert code == 1
    assert _rules(doc) == {"no-research-only": "failing", "suppression-without-reason": "reported"}
    assert doc["suppressions"] == []
    html = run_mlgate("report", "app.py", "--policy", "policy.yaml", "--offline", "-o", "r.html", cwd=root)
    assert html.returncode == 0, html.stderr
    page = (root / "r.html").read_text()
    assert "Not cleared" in page and "Cleared under" not in page


def test_a_suppression_with_a_reason_is_listed_everywhere(tmp_path: Path) -> None:
    root = _repo(tmp_path, "# mlgate: ignore[no-research-only] offline evaluation, never shipped")

    code, doc = _check(root)

    assert code == 0
    assert doc["suppressions"] == [{"path": "app.py", "line": 2, "column": 35, "target": "Qwen/Qwen2.5-3B-Instruct",
                                    "rule": "no-research-only", "reason": "offline evaluation, never shipped"}]
    assert doc["summary"]["suppressed_inline"] == 1  # type: ignore[index]
    text = run_mlgate("check", "app.py", "--policy", "policy.yaml", "--offline", cwd=root)
    assert text.stdout.strip().splitlines()[-1].startswith(
        "mlgate: ok: 1 component checked against policy shop: 0 errors, 0 warnings, 0 infos, 1 suppressed inline")
    sarif = json.loads(run_mlgate("check", "app.py", "--policy", "policy.yaml", "--offline", "--format", "sarif",
                                  cwd=root).stdout)
    suppressed = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "no-research-only"]
    assert suppressed[0]["suppressions"] == [{"kind": "inSource", "status": "accepted",
                                              "justification": "offline evaluation, never shipped"}]
    run_mlgate("report", "app.py", "--policy", "policy.yaml", "--offline", "-o", "r.html", cwd=root)
    page = (root / "r.html").read_text()
    waivers = page[page.index('<section id="waivers">'):page.index("</section>", page.index('id="waivers"'))]
    assert "<code>app.py:2</code>" in waivers and "offline evaluation, never shipped" in waivers
    assert "1 finding waived (1 by inline suppressions)" in page


@pytest.mark.parametrize(("setting", "flag"), [("inline_suppressions: deny\n", ()),
                                               ("", ("--no-inline-suppressions",))])
def test_a_policy_or_the_command_line_can_forbid_them(tmp_path: Path, setting: str, flag: tuple[str, ...]) -> None:
    root = _repo(tmp_path, "# mlgate: ignore[no-research-only] offline evaluation", setting)

    code, doc = _check(root, *flag)

    assert code == 1
    assert _rules(doc) == {"no-research-only": "failing", "suppression-denied": "reported"}
    assert doc["suppressions"] == []


def test_allow_lets_a_bare_ignore_suppress_but_still_lists_it(tmp_path: Path) -> None:
    root = _repo(tmp_path, "# mlgate: ignore", "inline_suppressions: allow\n")

    code, doc = _check(root)

    assert code == 0
    assert [(s["line"], s["rule"], s["reason"]) for s in doc["suppressions"]] == [  # type: ignore[union-attr]
        (2, "no-research-only", "")]


def test_a_waiver_that_matches_nothing_is_reported_as_unused(tmp_path: Path) -> None:
    waiver = ("waivers:\n  - target: acme/retired-model\n    rule: no-research-only\n"
              "    reason: old pilot\n    approved_by: legal@example.com\n")
    root = _repo(tmp_path, "", waiver)

    code, doc = _check(root)

    assert code == 1
    unused = [f for f in doc["findings"] if f["rule"] == "waiver-unused"]  # type: ignore[union-attr]
    assert len(unused) == 1 and unused[0]["severity"] == "info"
    assert "acme/retired-model" in unused[0]["message"] and "policy.yaml:5" in unused[0]["message"]


def test_an_invalid_setting_is_a_clear_error(tmp_path: Path) -> None:
    root = _repo(tmp_path, "", "inline_suppressions: sometimes\n")

    proc = invoke_mlgate("check", "app.py", "--policy", "policy.yaml", "--offline", cwd=root)

    assert proc.returncode == 2
    assert proc.stderr.startswith("mlgate: error: policy.yaml") and "inline_suppressions" in proc.stderr
