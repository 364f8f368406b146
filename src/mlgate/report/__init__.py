"""Output formats for `mlgate check`: plain classes whose `render(result, fail_on)` returns text.

A new format is one module plus one line in `FORMATS`; a format's module is imported only
when it is chosen, so `mlgate check` pays for no format it does not print.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from mlgate.model import Result, Severity

FORMATS: dict[str, str] = {
    "text": "mlgate.report.text:TextReport",
    "json": "mlgate.report.json:JsonReport",
    "sarif": "mlgate.report.sarif:SarifReport",
    "markdown": "mlgate.report.markdown:MarkdownReport",
    "csv": "mlgate.report.csv:CsvReport",
}


class Report(Protocol):
    name: str

    def render(self, result: Result, fail_on: Severity) -> str: ...


def format_names() -> list[str]:
    return list(FORMATS)


def create_report(name: str, *, color: bool = False) -> Report:
    """The report for format `name`; `color` reaches formats that declare `supports_color`."""
    module_name, _, class_name = FORMATS[name].partition(":")
    cls = getattr(import_module(module_name), class_name)
    report: Report = cls(color=color) if getattr(cls, "supports_color", False) else cls()
    return report
