"""What a legal reader gets, through the installed command: revisions and what to do in the HTML
report, the BOM's own project named in a report or NOTICE built from it, obligations in one
order, and a warning when a NOTICE attributes a model the policy forbids."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

from conftest import DEMO, run_mlgate
from mlgate.policy.loader import load_policy
from mlgate.policy.rules import rule_docs


def test_html_report_shows_revisions_and_what_to_do(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert run_mlgate("report", DEMO, "--offline", "--policy", "commercial", "-o", out).returncode == 0
    page = html.unescape(out.read_text(encoding="utf-8"))
    models = page.split('<section id="models">', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<tr><td class="name">(.*?)</td>', models)
    assert rows and all("revision" in row for row in rows), rows
    findings = page.split('<section id="findings">', 1)[1].split("</section>", 1)[0]
    assert "<th>What to do</th>" in findings
    help_text = rule_docs(load_policy("commercial"))["no-research-only"].help
    assert f'<td class="action">{help_text}</td>' in findings


def _bom_elsewhere(tmp_path: Path) -> tuple[Path, Path]:
    """A BOM of the demo named `acme-support-bot`, and a git checkout of another project to run in."""
    bom = tmp_path / "mlbom.json"
    made = run_mlgate("bom", DEMO, "--offline", "--name", "acme-support-bot", "-o", bom)
    assert made.returncode == 0, made.stderr
    elsewhere = tmp_path / "unrelated-cwd"
    elsewhere.mkdir()
    subprocess.run(["git", "init", "-q", str(elsewhere)], check=True)
    return bom, elsewhere


def test_report_and_notice_from_a_bom_name_the_bom_project(tmp_path: Path) -> None:
    bom, elsewhere = _bom_elsewhere(tmp_path)
    report = run_mlgate("report", bom, "--offline", "-o", tmp_path / "r.html", cwd=elsewhere)
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<title>License report: acme-support-bot</title>" in page and "unrelated-cwd" not in page
    notice = run_mlgate("notice", bom, "--offline", cwd=elsewhere)
    assert "Project acme-support-bot." in notice.stdout and "unrelated-cwd" not in notice.stdout
    named = run_mlgate("notice", bom, "--offline", "--name", "chosen", cwd=elsewhere)
    assert "Project chosen." in named.stdout


def _duties(page: str) -> list[str]:
    return re.findall(r'<td class="duties">(.*?)</td>', page)


def test_obligations_in_the_same_order_from_a_scan_and_from_its_bom(tmp_path: Path) -> None:
    bom, elsewhere = _bom_elsewhere(tmp_path)
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    scanned, from_bom = tmp_path / "scanned.html", tmp_path / "from-bom.html"
    assert run_mlgate("report", DEMO, "--offline", "-o", scanned, env=env).returncode == 0
    assert run_mlgate("report", bom, "--offline", "-o", from_bom, cwd=elsewhere, env=env).returncode == 0
    duties = _duties(scanned.read_text(encoding="utf-8"))
    assert any(cell.count("<li>") > 1 for cell in duties)  # there is an order to keep
    assert _duties(from_bom.read_text(encoding="utf-8")) == duties


def test_notice_warns_when_the_policy_forbids_an_attributed_model(tmp_path: Path) -> None:
    proc = run_mlgate("notice", DEMO, "--offline", "-o", tmp_path / "NOTICE")
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("mlgate: warning: policy")]
    assert warnings == ["mlgate: warning: policy commercial forbids 1 model(s) this file attributes: "
                        "Qwen/Qwen2.5-3B-Instruct (no-research-only); see `mlgate check`"], proc.stderr
    assert "Qwen/Qwen2.5-3B-Instruct" in (tmp_path / "NOTICE").read_text(encoding="utf-8")  # still attributed
    research = run_mlgate("notice", DEMO, "--offline", "--policy", "research")
    assert research.returncode == 0 and "forbids" not in research.stderr
