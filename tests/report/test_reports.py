"""The text, JSON, Markdown and CSV reports, and the format registry."""

from __future__ import annotations

import csv
import io
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import DEMO, run_mlgate
from mlgate.model import Result, Severity
from mlgate.report import FORMATS, create_report, format_names
from mlgate.report.csv import COLUMNS, CsvReport
from mlgate.report.json import JsonReport
from mlgate.report.markdown import MarkdownReport
from mlgate.report.text import TextReport
from policy.factories import component, policy_of
from report.results import hostile_result, sample_result

CHECK_SCHEMA = json.loads(resources.files("mlgate").joinpath("report/check-report.schema.json").read_text())


def clean_result(tmp_path: Path) -> Result:
    ok = component("Qwen/Qwen2.5-7B-Instruct", "Apache-2.0")
    return Result(root=tmp_path, components=[ok], findings=[], policy=policy_of(tmp_path, "version: 1\n"))


# --- registry --------------------------------------------------------------------------------

def test_every_registered_format_renders_every_result(tmp_path: Path) -> None:
    assert format_names() == ["text", "json", "sarif", "markdown", "csv"]
    for name in FORMATS:
        report = create_report(name)
        assert report.name == name
        for result in (sample_result(tmp_path), clean_result(tmp_path), hostile_result(tmp_path)):
            text = report.render(result, Severity.ERROR)
            assert text.endswith("\n") and text.strip(), name


def test_color_reaches_only_formats_that_support_it(tmp_path: Path) -> None:
    colored = create_report("text", color=True).render(sample_result(tmp_path), Severity.ERROR)
    assert "\x1b[31;1mERROR   Qwen/Qwen2.5-3B-Instruct" in colored
    plain = create_report("json", color=True).render(sample_result(tmp_path), Severity.ERROR)
    assert "\x1b[" not in plain


# --- text ------------------------------------------------------------------------------------

def test_text_is_one_line_when_clean(tmp_path: Path) -> None:
    out = TextReport().render(clean_result(tmp_path), Severity.ERROR)
    assert out == ("mlgate: ok: 1 component checked against policy policy: 0 errors, 0 warnings, 0 infos; "
                   "licenses: 1 verified at source\n")


def test_text_groups_by_model_failing_first_with_every_location(tmp_path: Path) -> None:
    out = TextReport().render(sample_result(tmp_path), Severity.ERROR)
    blocks = out.strip().split("\n\n")
    heads = [b.splitlines()[0] for b in blocks[:-1]]
    assert heads == ["ERROR   Qwen/Qwen2.5-3B-Instruct  (model)",
                     "WARNING meta-llama/Llama-3.1-8B-Instruct  (model)",
                     "WARNING org/mystery  (model)",
                     "WAIVED  org/ignored  (model)",
                     "WAIVED  org/nc-data  (dataset)"]
    small = blocks[0]
    assert "  category    research-only   source: hub" in small
    assert "[no-research-only] error: Research-only or non-commercial license in a commercial build" in small
    # judged at the product locations only; the research one is listed under "used at"
    assert "at app/chat.py:12, app/chat.py:30, notebooks/try.ipynb:2 (cell 3)" in small
    assert "    research/eval.py:4  AutoModel.from_pretrained" in small
    assert "(scope research/**, policy research)" in blocks[2]
    assert "waived: waiver: licensed separately (contract C-17)" in blocks[4]
    assert blocks[-1] == ("mlgate: FAIL: 6 components checked against policy product: 1 error, 2 warnings, 0 infos, "
                          "1 waived, 1 suppressed inline; 9 files read; "
                          "licenses: 5 verified at source, 1 not established")


def test_text_shows_obligations(tmp_path: Path) -> None:
    from dataclasses import replace

    from mlgate.model import Obligation

    result = sample_result(tmp_path)
    first = result.findings[0]
    assert isinstance(first.component.license, object)
    license_ = replace(first.component.license, obligations=(Obligation("nc", "No commercial use."),))
    result.findings[0] = replace(first, component=replace(first.component, license=license_))
    assert "  obligations\n    - No commercial use." in TextReport().render(result, Severity.ERROR)


def test_text_marks_baselined_findings(tmp_path: Path) -> None:
    out = TextReport().render(sample_result(tmp_path, baseline_target="Qwen/Qwen2.5-3B-Instruct"), Severity.ERROR)
    assert "BASELINE Qwen/Qwen2.5-3B-Instruct  (model)" in out
    assert "in the baseline: reported, not failing" in out
    assert out.strip().splitlines()[-1].startswith("mlgate: ok:")


# --- json ------------------------------------------------------------------------------------

def test_json_report_validates_against_its_shipped_schema(tmp_path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(CHECK_SCHEMA)
    for result in (sample_result(tmp_path, baseline_target="meta-llama/Llama-3.1-8B-Instruct"),
                   clean_result(tmp_path), hostile_result(tmp_path)):
        jsonschema.validate(json.loads(JsonReport().render(result, Severity.WARNING)), CHECK_SCHEMA)


def test_json_statuses_summary_and_rules(tmp_path: Path) -> None:
    result = sample_result(tmp_path, baseline_target="meta-llama/Llama-3.1-8B-Instruct")
    doc: dict[str, Any] = json.loads(JsonReport().render(result, Severity.WARNING))
    statuses = {(f["target"], f["status"]) for f in doc["findings"]}
    assert statuses == {("Qwen/Qwen2.5-3B-Instruct", "failing"), ("meta-llama/Llama-3.1-8B-Instruct", "baselined"),
                        ("org/mystery", "failing"), ("org/ignored", "waived"), ("org/nc-data", "waived")}
    assert doc["passed"] is False and doc["fail_on"] == "warning"
    assert doc["summary"] == {"components": 6, "files_scanned": 9, "findings": 5, "failing": 2, "waived": 2,
                              "suppressed_inline": 1, "baselined": 1,
                              "by_severity": {"info": 0, "warning": 1, "error": 1},
                              "licenses": {"verified": 5, "declared": 0, "provider-terms": 0, "knowledge-base": 0,
                                           "unverified": 1}}
    mystery = next(f for f in doc["findings"] if f["target"] == "org/mystery")
    assert mystery["policy"] == "research" and mystery["scope"] == "research/**" and mystery["license"] is None
    assert {r["id"] for r in doc["rules"]} >= {"no-research-only", "waiver-expired"}


def test_json_schema_catches_a_wrong_document(tmp_path: Path) -> None:
    doc = json.loads(JsonReport().render(sample_result(tmp_path), Severity.ERROR))
    doc["findings"][0]["status"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, CHECK_SCHEMA)


# --- markdown --------------------------------------------------------------------------------

def rendered(markdown: str) -> str:
    """HTML as a CommonMark renderer with GitHub's tables makes it (raw HTML passes through)."""
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark").enable("table").render(markdown))


def test_markdown_is_one_line_when_clean(tmp_path: Path) -> None:
    out = MarkdownReport().render(clean_result(tmp_path), Severity.ERROR)
    assert out == "✅ **mlgate**: no license findings in 1 component (policy `policy`).\n"


def test_markdown_table_and_collapsible_details(tmp_path: Path) -> None:
    out = MarkdownReport().render(sample_result(tmp_path), Severity.ERROR)
    assert out.startswith("### ❌ **mlgate**: 1 finding fails the license gate\n")
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows[0] == "| | Severity | Model | License | Rule | Where |"
    assert rows[1] == ("| ❌ | error | `Qwen/Qwen2.5-3B-Instruct` | LicenseRef-Qwen-Research-License · research-only "
                       "| `no-research-only` "
                       "| `app/chat.py:12`<br>`app/chat.py:30`<br>`notebooks/try.ipynb:2 (cell 3)` |")
    assert "| 💤 | error (waived) | `org/nc-data`" in out
    html = rendered(out)
    assert html.count("<tr>") == 1 + len(sample_result(tmp_path).findings)
    assert html.count("<details><summary><code>") == 5 and html.count("</details>") == 5
    assert "<strong>What to do:</strong>" in html  # remediation for the failing finding
    assert "<code>research/eval.py:4</code>" in html


def test_markdown_escapes_everything_from_the_scanned_repo(tmp_path: Path) -> None:
    html = rendered(MarkdownReport().render(hostile_result(tmp_path), Severity.ERROR))
    assert "<img" not in html and 'href="http://evil"' not in html
    outside_code = re.sub(r"<code>.*?</code>", "", html)
    assert "@admin" not in outside_code and "HYPERLINK" not in outside_code
    [row] = [r for r in html.split("<tr>")[2:]]
    assert row.count("<td>") == 6  # the '|' in the target and the path did not add cells
    assert "<code>app/we ird|path#1.py:3</code>" in row


def test_markdown_stays_under_the_comment_size_limit(tmp_path: Path) -> None:
    many = [component(f"org/model-{i:04d}", "CC-BY-NC-4.0", paths=tuple(f"app/m{i}_{j}.py" for j in range(3)))
            for i in range(600)]
    policy = policy_of(tmp_path, "version: 1\nextends: commercial\n")
    from mlgate.policy import evaluate

    result = Result(root=tmp_path, components=many, findings=evaluate(many, policy), policy=policy)
    out = MarkdownReport(max_chars=20_000).render(result, Severity.ERROR)
    assert len(out) <= 20_000
    assert "more findings not shown" in out


# --- csv -------------------------------------------------------------------------------------

def test_csv_has_one_row_per_finding_location(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    rows = list(csv.DictReader(io.StringIO(CsvReport().render(result, Severity.ERROR))))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == sum(len(f.locations) for f in result.findings)
    notebook = next(r for r in rows if r["path"] == "notebooks/try.ipynb")
    assert (notebook["status"], notebook["line"], notebook["cell"], notebook["rule"]) == (
        "failing", "2", "3", "no-research-only")
    waived = next(r for r in rows if r["target"] == "org/nc-data")
    assert waived["status"] == "waived" and "contract C-17" in waived["waived_by"]


def test_csv_cells_cannot_become_spreadsheet_formulas(tmp_path: Path) -> None:
    [row] = list(csv.DictReader(io.StringIO(CsvReport().render(hostile_result(tmp_path), Severity.ERROR))))
    assert row["target"].startswith("'=HYPERLINK(")
    assert row["path"] == "app/we ird|path#1.py"


# --- end to end ------------------------------------------------------------------------------

@pytest.mark.e2e
@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_check_writes_each_format_to_a_file(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    proc = run_mlgate("check", DEMO, "--policy", "commercial", "--format", fmt, "-o", out)
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr
    text = out.read_text()
    assert "Qwen/Qwen2.5-3B-Instruct" in text and "support_bot/summarize.py" in text
    if fmt == "json":
        jsonschema.validate(json.loads(text), CHECK_SCHEMA)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # written atomically, nothing left behind
