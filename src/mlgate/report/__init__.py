"""The report registries: findings (`check`), inventory (`report`) and reference listings (`scan`).

A new format is one module plus one line in its registry (see `mlgate/formats.py`): its
name, its renderer, and the file-name endings that select it for `-o FILE`.
"""

from __future__ import annotations

import inspect
from typing import Any, Protocol

from mlgate.formats import Format, Formats, Rendering
from mlgate.model import Result, Severity


class Report(Protocol):
    """A findings format: `render(result, fail_on)`; `supports_color = True` to be given `color`."""

    name: str

    def render(self, result: Result, fail_on: Severity) -> str: ...


def _findings(cls: Any, result: Result, options: Rendering) -> str:
    report: Report = cls(color=options.color) if getattr(cls, "supports_color", False) else cls()
    return report.render(result, options.fail_on)


def _inventory(cls: Any, result: Result, options: Rendering) -> str:
    from mlgate.report.inventory import Inventory

    # The HTML page is stamped: with the run's fixed time (SOURCE_DATE_EPOCH) when there is one.
    renderer = cls(options.timestamp) if "generated" in inspect.signature(cls).parameters else cls()
    text: str = renderer.render(Inventory.of(result, options.fail_on, project=options.project))
    return text


def _listing(render: Any, result: Result, options: Rendering) -> str:
    text: str = render(result)
    return text


FINDINGS = Formats("findings", (
    Format("text", "mlgate.report.text:TextReport", (".txt",)),
    Format("json", "mlgate.report.json:JsonReport", (".json",)),
    Format("sarif", "mlgate.report.sarif:SarifReport", (".sarif", ".sarif.json")),
    Format("markdown", "mlgate.report.markdown:MarkdownReport", (".md", ".markdown")),
    Format("csv", "mlgate.report.csv:CsvReport", (".csv",)),
), default="text", render=_findings)

INVENTORY = Formats("inventory", (
    Format("html", "mlgate.report.html:HtmlReport", (".html", ".htm")),
    Format("markdown", "mlgate.report.inventory_markdown:InventoryMarkdown", (".md", ".markdown")),
    Format("csv", "mlgate.report.inventory_csv:InventoryCsv", (".csv",)),
), default="html", render=_inventory)

REFERENCES = Formats("references", (
    Format("text", "mlgate.report.references:render_text", (".txt",)),
    Format("json", "mlgate.report.references:render_json", (".json",)),
), default="text", render=_listing)

FORMATS = FINDINGS  # the check formats, by the name earlier releases used


def format_names() -> list[str]:
    return FINDINGS.names()


def create_report(name: str, *, color: bool = False) -> Report:
    """The findings report for format `name`; `color` reaches formats that declare `supports_color`."""
    cls = FINDINGS.load(name)
    report: Report = cls(color=color) if getattr(cls, "supports_color", False) else cls()
    return report
