"""`mlgate report`: the self-contained HTML page, and the Markdown and CSV inventories."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sample import HOSTILE, TODAY, rich_result

from conftest import DEMO, run_mlgate
from fakehub import FakeHub
from mlgate.model import Severity
from mlgate.report.html import HtmlReport, safe_url
from mlgate.report.inventory import Inventory
from mlgate.report.inventory_csv import InventoryCsv
from mlgate.report.inventory_markdown import InventoryMarkdown

DEMO_MODELS = ["Qwen/Qwen2.5-3B-Instruct", "Qwen/Qwen2.5-7B-Instruct", "meta-llama/Llama-3.1-8B-Instruct",
               "sentence-transformers/all-MiniLM-L6-v2"]


class Page(HTMLParser):
    """Tags with attributes, text per section id, and every URL-bearing attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.sections: dict[str, str] = {}
        self._section: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section":
            self._section = attributes.get("id")
            self.sections[self._section or ""] = ""

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._section is not None:
            self.sections[self._section] += data

    def of(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def assert_self_contained(page: Page) -> None:
    assert not page.of("script"), "no script needed, none allowed"
    for tag, attrs in page.tags:
        for name in ("src", "srcset", "data", "poster", "background"):
            assert name not in attrs, f"<{tag} {name}=...> would load an asset"
        if tag in ("link", "style", "img", "script", "iframe", "object", "embed", "use", "image"):
            assert not any(k in attrs for k in ("href", "xlink:href")), f"<{tag}> references {attrs}"
        if tag == "a" and attrs.get("href"):
            href = attrs["href"] or ""
            assert href.startswith(("#", "https://", "http://")), href
    assert not page.of("link")
    assert not page.of("iframe")


def test_demo_report_is_one_self_contained_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    proc = run_mlgate("report", DEMO, "-o", out, "--offline")
    assert proc.returncode == 0, proc.stderr  # a report is not the gate: findings do not fail it
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    assert_self_contained(page)
    assert "url(" not in "".join(page.text)  # no CSS that fetches anything
    models = page.sections["models"]
    for target in DEMO_MODELS:
        assert target in models
    assert "support_bot/summarize.py:13" in models and "configs/finetune.yaml:2" in models
    assert "LicenseRef-Qwen-Research-License" in models and "research-only" in models
    assert "Over 700M monthly active users" in models  # obligations
    assert "acme-support/support-conversations" in page.sections["datasets"]
    assert "CC-BY-4.0" in page.sections["datasets"] and "override" in page.sections["datasets"]
    findings = page.sections["findings"]
    assert "no-research-only" in findings and "conditional-needs-review" in findings
    summary = page.sections["summary"]
    assert "research-only" in summary and "community-conditional" in summary and "permissive" in summary
    assert "Not cleared: 1 finding at or above error under policy commercial" in "".join(page.text)


def test_report_is_stamped_from_source_date_epoch(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01 00:00 UTC
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    for out in (first, second):
        assert run_mlgate("report", DEMO, "-o", out, "--offline", env=env).returncode == 0
    assert "Generated 2026-01-01 00:00 UTC by mlgate" in first.read_text(encoding="utf-8")
    assert first.read_bytes() == second.read_bytes()
    bad = run_mlgate("report", DEMO, "-o", tmp_path / "bad.html", "--offline", env={"SOURCE_DATE_EPOCH": "soon"})
    assert bad.returncode == 2 and "SOURCE_DATE_EPOCH" in bad.stderr and not (tmp_path / "bad.html").exists()


def test_demo_report_draws_lineage_from_the_hub(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    with FakeHub() as hub:
        proc = run_mlgate("report", DEMO, "-o", out, env={"HF_ENDPOINT": hub.url})
    assert proc.returncode == 0, proc.stderr
    page = parse(out.read_text(encoding="utf-8"))
    assert_self_contained(page)
    svg = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert len(svg) == 1 and svg[0].get("class") == "lineage"
    lineage = page.sections["lineage"]
    for derivative, base in [("Qwen/Qwen2.5-3B-Instruct", "Qwen/Qwen2.5-3B"),
                             ("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B")]:
        assert derivative in lineage and base in lineage
    assert "finetune" in lineage
    # Datasets named by a model card are listed with the model they trained.
    assert "s2orc" in page.sections["datasets"]
    assert "sentence-transformers/all-MiniLM-L6-v2" in page.sections["datasets"]


def test_rich_report_shows_waivers_unverified_and_escapes_everything(tmp_path: Path) -> None:
    inventory = Inventory.of(rich_result(tmp_path), Severity.ERROR, today=TODAY)
    html = HtmlReport().render(inventory)
    page = parse(html)
    assert_self_contained(page)
    # Hostile strings from cards and paths come out as text, never as markup.
    assert "<script>" not in html and "<img src=x" not in html
    assert HOSTILE.split("\n")[0] in "".join(page.text)
    assert not any(attrs.get("href", "").startswith("javascript") for attrs in page.of("a"))  # type: ignore[union-attr]
    waivers = page.sections["waivers"]
    assert "legal@example.com" in waivers and "2026-06-30" in waivers
    assert "2025-12-31 (expired)" in waivers and "counsel@example.com" in waivers
    assert "Qwen/Qwen2.5-3B-Instruct [no-research-only]" in waivers
    findings = page.sections["findings"]
    assert "waiver-expired" in findings and "waived" in findings
    unverified = page.sections["unverified"]
    assert "private-org/secret-model" in unverified and "gated" in unverified
    assert "evil/model" in unverified
    assert "the Hub was not consulted" in unverified
    lineage = page.sections["lineage"]
    assert "looser license" in lineage  # MIT fine-tune of a Llama base is marked
    assert "quantized" in lineage and "adapter" in lineage
    datasets = page.sections["datasets"]
    assert "acme/support-llama-8b" in datasets  # the model it trained
    models = page.sections["models"]
    assert "gpt-4o" in models and "API model" in models
    assert "pinned" in models


@pytest.mark.parametrize("url,expected", [
    ("https://ai.google.dev/gemma/terms", "https://ai.google.dev/gemma/terms"),
    ("javascript:alert(1)", None), ("data:text/html,x", None), ("//evil.example/x", None), ("", None),
    (" http://example.com/l ", "http://example.com/l"),
])
def test_only_http_links_are_kept(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_markdown_inventory(tmp_path: Path) -> None:
    text = InventoryMarkdown().render(Inventory.of(rich_result(tmp_path), Severity.ERROR, today=TODAY))
    assert "```mermaid" in text and "-->|\"finetune\"|" in text
    assert "<script>" not in text
    lines = text.splitlines()
    header = lines[lines.index("## Models") + 2]
    evil = next(line for line in lines[lines.index("## Models"):] if line.startswith("| `evil/model`"))

    def cells(row: str) -> int:
        return len(re.findall(r"(?<!\\)\|", row))

    assert cells(evil) == cells(header)  # the hostile license name stays inside its cell
    assert "2025-12-31 **(expired)**" in text
    assert "`private-org/secret-model` (model): gated" in text


def test_csv_inventory_one_row_per_component_and_no_formulas(tmp_path: Path) -> None:
    inventory = Inventory.of(rich_result(tmp_path), Severity.ERROR, today=TODAY)
    rows = list(csv.DictReader(io.StringIO(InventoryCsv().render(inventory))))
    assert [r["target"] for r in rows] == [c.target for c in inventory.components]
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    llama = next(r for r in rows if r["target"] == "acme/support-llama-8b")
    assert llama["base_models"] == "meta-llama/Llama-3.1-8B-Instruct (finetune)"
    assert llama["pinned"] == "yes" and llama["datasets"] == "acme-support/support-conversations"
    qwen = next(r for r in rows if r["target"] == "Qwen/Qwen2.5-3B-Instruct")
    assert qwen["waived"] == "no-research-only" and qwen["category"] == "research-only"
    secret = next(r for r in rows if r["target"] == "private-org/secret-model")
    assert secret["unresolved_reason"] == "gated" and secret["license"] == ""


def test_report_format_follows_the_output_suffix(tmp_path: Path) -> None:
    for name, marker in (("r.md", "# Model and dataset license report"), ("r.csv", "target,kind,")):
        proc = run_mlgate("report", DEMO, "--offline", "-o", tmp_path / name)
        assert proc.returncode == 0, proc.stderr
        assert (tmp_path / name).read_text().startswith(marker)
    proc = run_mlgate("report", DEMO, "--offline", "--format", "csv")
    assert proc.stdout.startswith("target,kind,")


def test_lineage_diagram_survives_cycles_and_unresolved_bases() -> None:
    from mlgate.model import Category
    from mlgate.report.inventory import LineageEdge
    from mlgate.report.lineage import NodeInfo, render_svg

    edges = [LineageEdge("a/x", "b/y", "merge"), LineageEdge("b/y", "a/x", "merge"),
             LineageEdge("c/z", "a/x", "finetune"), LineageEdge("c/z", "<unknown base>", "adapter")]
    info = {"a/x": NodeInfo("MIT", Category.PERMISSIVE), "b/y": NodeInfo("MIT", Category.PERMISSIVE),
            "c/z": NodeInfo("Apache-2.0", Category.PERMISSIVE)}
    svg = render_svg(edges, info)
    page = parse(svg)
    assert len(page.of("rect")) == 4  # every node once, the cycle included
    assert "&lt;unknown base&gt;" in svg and "not resolved in this run" in svg
    assert 'stroke-dasharray="5 3"' in svg  # the unresolved base is drawn dashed
    assert render_svg([], info) == ""
