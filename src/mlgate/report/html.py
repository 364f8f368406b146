"""`report --format html`: one self-contained page for a legal reader.

Inline CSS, inline SVG for the lineage diagram, no script and no external asset, so the file
can be mailed, archived or opened offline. Every value that came from a scanned repository or
a model card is escaped; links are kept only for http(s) URLs (a hostile card could carry a
`javascript:` link).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from importlib import resources
from urllib.parse import urlsplit

from mlgate import __version__
from mlgate.model import Category, Component, Finding, Kind, License
from mlgate.report.inventory import (
    CATEGORY_LABEL,
    CATEGORY_ORDER,
    KIND_LABEL,
    Inventory,
    WaiverRow,
    certainty_note,
    knowledge_base_reason,
    license_label,
    source_label,
    unverified_reason,
)
from mlgate.report.lineage import CATEGORY_COLORS, NodeInfo, render_svg


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, else None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _stylesheet() -> str:
    return resources.files("mlgate.report").joinpath("report.css").read_text("utf-8")


def _badge(category: Category) -> str:
    fill, stroke = CATEGORY_COLORS[category]
    return (f'<span class="badge" style="background:{fill};color:{stroke};border-color:{stroke}">'
            f"{_e(category.value)}</span>")


def _table(headers: Sequence[str], rows: Iterable[str], empty: str) -> str:
    body = "".join(rows)
    if not body:
        return f'<p class="muted">{_e(empty)}</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _list(items: Sequence[str], empty: str = "—") -> str:
    if not items:
        return f'<span class="muted">{_e(empty)}</span>'
    return '<ul class="tight">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _license_cell(component: Component) -> str:
    license_ = component.license
    label = _e(license_label(component))
    url = safe_url(license_.url) if isinstance(license_, License) else None
    text = f'<a href="{_e(url)}">{label}</a>' if url else label
    if isinstance(license_, License) and license_.commercial_use:
        text += f'<br><span class="muted">commercial use: {_e(license_.commercial_use)}</span>'
    return text


def _source_cell(component: Component) -> str:
    source = _e(source_label(component))
    license_ = component.license
    evidence = license_.evidence if isinstance(license_, License) else license_.detail
    if not evidence:
        return source
    return f"{source}<details><summary>evidence</summary><p>{_e(evidence)}</p></details>"


def _locations_cell(component: Component) -> str:
    return _list([f'<code>{_e(ref.location)}</code><br><span class="muted via">{_e(ref.via)}</span>'
                  for ref in component.references], empty="named by lineage only")


def _obligations_cell(component: Component) -> str:
    license_ = component.license
    if not isinstance(license_, License):
        return '<span class="muted">unknown until the license is established</span>'
    return _list([_e(o.text) for o in license_.obligations], empty="none recorded")


class HtmlReport:
    name = "html"

    def __init__(self, generated: datetime | None = None) -> None:
        self.generated = generated

    def render(self, inventory: Inventory) -> str:
        sections = [
            self._header(inventory),
            self._summary(inventory),
            self._findings(inventory),
            self._waivers(inventory),
            self._components(inventory),
            self._lineage(inventory),
            self._datasets(inventory),
            self._unverified(inventory),
        ]
        when = (self.generated or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M %Z").strip()
        footer = (f"<footer>Generated {_e(when)} by mlgate {_e(__version__)}. This report lists what the "
                  "licenses say as recorded in their sources; it is an aid to legal review, not legal advice."
                  "</footer>")
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>License report: {_e(inventory.project)}</title>\n"
            f"<style>\n{_stylesheet()}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(sections) + f"\n{footer}\n</main>\n</body>\n</html>\n"
        )

    def _header(self, inv: Inventory) -> str:
        if inv.policy is None:
            verdict = ('<div class="verdict none">No policy applied: an inventory only. '
                       "Pass --policy to judge it.</div>")
        elif inv.failing:
            count = len(inv.failing)
            verdict = (f'<div class="verdict fail">Not cleared: {count} finding{"s" if count != 1 else ""} at or '
                       f"above {_e(inv.fail_on.value)} under policy {_e(inv.policy)}.</div>")
        else:
            waived = sum(1 for f in inv.findings if f.waived)
            excepted = (f" {waived} finding{'s' if waived != 1 else ''} waived ({len(inv.suppressions)} by inline "
                        "suppressions): see Waivers.") if waived else ""
            # Cleared is a verdict on what mlgate knows: say when that is not the source's word.
            unsure = ' Not every license was verified at its source: see <a href="#unverified">What could not ' \
                     "be verified</a>." if certainty_note(inv) else ""
            verdict = (f'<div class="verdict ok">Cleared under policy {_e(inv.policy)}: no unwaived finding at '
                       f"or above {_e(inv.fail_on.value)}.{excepted}{unsure}</div>")
        nav = "".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in (
            ("summary", "Summary"), ("findings", "Findings"), ("waivers", "Waivers"), ("models", "Models"),
            ("lineage", "Lineage"), ("datasets", "Datasets"), ("unverified", "Not verified")))
        return (f"<header><h1>Model and dataset license report</h1>"
                f'<p class="meta">Project <b>{_e(inv.project)}</b> · policy <b>{_e(inv.policy or "none")}</b> · '
                f"{inv.files_scanned} files scanned</p>{verdict}<nav>{nav}</nav></header>")

    def _summary(self, inv: Inventory) -> str:
        waived = sum(1 for f in inv.findings if f.waived)
        cards = [
            (len(inv.models), "models and APIs"),
            (len(inv.datasets), "datasets"),
            (sum(1 for f in inv.findings if not f.waived), "open findings"),
            (waived, "waived"),
            (len(inv.knowledge_base), "from the knowledge base"),
            (len(inv.unverified), "not verified"),
        ]
        card_html = "".join(f'<div class="card"><b>{n}</b><span>{_e(label)}</span></div>' for n, label in cards)
        total = max(len(inv.components), 1)
        rows = []
        for category, count in inv.by_category():
            members = [c.target for c in inv.components if c.category is category]
            fill, stroke = CATEGORY_COLORS[category]
            bar = (f'<div class="bar" style="width:{100 * count / total:.0f}%;background:{stroke};'
                   f'border:1px solid {fill}"></div>')
            rows.append(f"<tr><td>{_badge(category)}<br><span class=\"muted\">{_e(CATEGORY_LABEL[category])}"
                        f'</span></td><td class="num">{count}</td><td style="width:30%">{bar}</td>'
                        f"<td>{', '.join(f'<code>{_e(m)}</code>' for m in members)}</td></tr>")
        table = _table(["Category", "Count", "", "Components"], rows, "No models or datasets were found.")
        return (f'<section id="summary"><h2>Summary by license category</h2><div class="cards">{card_html}</div>'
                f"{table}</section>")

    def _findings(self, inv: Inventory) -> str:
        rows = [self._finding_row(f, inv.actions.get(f.rule_id, "")) for f in inv.findings]
        table = _table(["Severity", "Rule", "Component", "Why", "What to do", "Where", "Status"], rows,
                       "No findings." if inv.policy else "No policy was applied, so nothing was judged.")
        return f'<section id="findings"><h2>Findings</h2>{table}</section>'

    @staticmethod
    def _finding_row(finding: Finding, action: str) -> str:
        sev = finding.severity.value
        status = (f'<span class="sev waived">waived</span><br><span class="muted">{_e(finding.waived_by)}</span>'
                  if finding.waived else "open")
        where = _list([f"<code>{_e(loc)}</code>" for loc in finding.locations], empty="—")
        return (f'<tr class="{"waived" if finding.waived else ""}"><td><span class="sev {sev}">{_e(sev)}</span></td>'
                f'<td class="rule"><code>{_e(finding.rule_id)}</code></td>'
                f'<td class="name"><code>{_e(finding.component.target)}</code><br>{_badge(finding.component.category)}'
                f'</td><td>{_e(finding.message)}</td><td class="action">{_e(action)}</td><td class="where">{where}</td>'
                f'<td class="status">{status}</td></tr>')

    def _waivers(self, inv: Inventory) -> str:
        rows = [self._waiver_row(w) for w in inv.waivers]
        table = _table(["Target", "Rule", "Reason", "Approved by", "Expires", "Waives in this run"], rows,
                       "The policy grants no waivers.")
        inline = _table(["Where", "Target", "Rule", "Reason"], (
            f"<tr><td><code>{_e(s.location)}</code></td><td><code>{_e(s.target)}</code></td>"
            f"<td><code>{_e(s.rule)}</code></td><td>{_e(s.reason)}</td></tr>" for s in inv.suppressions),
            "No inline suppression took effect.")
        return (f'<section id="waivers"><h2>Waivers</h2>{table}'
                f'<h3>Inline suppressions (<code># mlgate: ignore</code>)</h3>{inline}</section>')

    @staticmethod
    def _waiver_row(waiver: WaiverRow) -> str:
        expires = waiver.expires.isoformat() if waiver.expires else "never"
        expires = f'<span class="expired">{_e(expires)} (expired)</span>' if waiver.expired else _e(expires)
        origin = f'<br><span class="muted">{_e(waiver.origin)}</span>' if waiver.origin else ""
        waives = _list([_e(w) for w in waiver.waives], empty="nothing")
        return (f"<tr><td><code>{_e(waiver.target)}</code></td><td><code>{_e(waiver.rule)}</code></td>"
                f"<td>{_e(waiver.reason)}{origin}</td><td>{_e(waiver.approved_by)}</td><td>{expires}</td>"
                f"<td>{waives}</td></tr>")

    def _components(self, inv: Inventory) -> str:
        rows = [
            f'<tr><td class="name"><code>{_e(c.target)}</code>{self._revision(c)}</td><td>{_e(KIND_LABEL[c.kind])}</td>'
            f'<td class="license">{_license_cell(c)}</td><td>{_badge(c.category)}</td><td>{_source_cell(c)}</td>'
            f'<td class="duties">{_obligations_cell(c)}</td><td class="where">{_locations_cell(c)}</td></tr>'
            for c in inv.models
        ]
        table = _table(["Model", "Kind", "License", "Category", "Source", "Obligations", "Used at"], rows,
                       "No models, adapters or API models were found.")
        return f'<section id="models"><h2>Models</h2>{table}</section>'

    @staticmethod
    def _revision(component: Component) -> str:
        parts = []
        if component.revision:
            state = "pinned" if component.pinned else "not pinned to a commit"
            parts.append(f"revision <code>{_e(component.revision)}</code> ({state})")
        elif component.kind in (Kind.MODEL, Kind.ADAPTER, Kind.DATASET):
            parts.append("revision: none named (the default branch when loaded)")
        if component.resolved_revision and component.resolved_revision != component.revision:
            parts.append(f"license read at commit <code>{_e(component.resolved_revision[:12])}</code>")
        if component.introduced_by:
            parts.append("via lineage of " + ", ".join(f"<code>{_e(t)}</code>" for t in component.introduced_by))
        if component.locked_expression:
            parts.append(f'<span class="expired">license changed since locked (was {_e(component.locked_expression)})'
                         "</span>")
        return "".join(f'<br><span class="muted">{p}</span>' for p in parts)

    def _lineage(self, inv: Inventory) -> str:
        info = {c.target: NodeInfo(c.license.expression if isinstance(c.license, License) else "unresolved",
                                   c.category) for c in inv.components}
        svg = render_svg(inv.edges, info)
        if not svg:
            return ('<section id="lineage"><h2>Lineage of derivatives</h2><p class="muted">No model in this '
                    "run declares a base model, so there is no lineage to draw.</p></section>")
        drawn = {e.child for e in inv.edges} | {e.parent for e in inv.edges}
        used = {info[t].category if t in info else Category.UNKNOWN for t in drawn}
        legend = "".join(_badge(c) for c in CATEGORY_ORDER if c in used)
        rows = [f"<tr><td><code>{_e(e.child)}</code></td><td>{_e(e.relation)}</td><td><code>{_e(e.parent)}</code>"
                "</td></tr>" for e in inv.edges]
        table = _table(["Derivative", "Relation", "Base"], rows, "")
        return (f'<section id="lineage"><h2>Lineage of derivatives</h2><p>Arrows point from a base model to what '
                f"was derived from it; a derivative stays bound by its base's license terms. A red arrow marks a "
                f"derivative that declares a looser license than its base. Dashed boxes were named by lineage but "
                f'not resolved.</p><div class="legend">{legend}</div>'
                f'<div class="lineage-wrap">{svg}</div>{table}</section>')

    def _datasets(self, inv: Inventory) -> str:
        rows = []
        for c in inv.datasets:
            trains = _list([f"<code>{_e(t)}</code>" for t in inv.used_in_training(c.target)], empty="—")
            rows.append(f'<tr><td class="name"><code>{_e(c.target)}</code>{self._revision(c)}</td>'
                        f'<td class="license">{_license_cell(c)}</td><td>{_badge(c.category)}</td>'
                        f'<td>{_source_cell(c)}</td><td class="duties">{_obligations_cell(c)}</td>'
                        f'<td class="where">{_locations_cell(c)}</td><td>{trains}</td></tr>')
        table = _table(["Dataset", "License", "Category", "Source", "Obligations", "Used at", "Trained models"],
                       rows, "No datasets were found.")
        return f'<section id="datasets"><h2>Datasets</h2>{table}</section>'

    def _unverified(self, inv: Inventory) -> str:
        why = [(c, unverified_reason(c)) for c in inv.unverified] + \
              [(c, knowledge_base_reason(c)) for c in inv.knowledge_base]
        rows = [f"<tr><td><code>{_e(c.target)}</code></td><td>{_e(KIND_LABEL[c.kind])}</td>"
                f"<td>{_e(reason)}</td><td>{_locations_cell(c)}</td></tr>" for c, reason in why]
        note = certainty_note(inv)
        table = (f'<p class="meta">{_e(note)}</p>' if note else "") + _table(
            ["Component", "Kind", "Why it could not be verified", "Used at"], rows,
            "Every license was established at its source.")
        extra = ""
        if inv.notes:
            extra += "<h3>Notes</h3>" + _list([_e(n) for n in inv.notes])
        if inv.skipped:
            extra += ("<h3>Files not read</h3>"
                      + _list([f"<code>{_e(path)}</code>: {_e(reason)}" for path, reason in inv.skipped]))
        return f'<section id="unverified"><h2>What could not be verified</h2>{table}{extra}</section>'
