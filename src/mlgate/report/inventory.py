"""The component inventory: what a legal reader needs from a run, shaped once for every view.

`report --format html|markdown|csv` and `notice` all start from `Inventory.of(result)`, so they
agree on ordering, on what counts as "could not be verified" and on how lineage is drawn.
Pure data: no rendering, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from mlgate.certainty import CertaintySummary, assurance, knowledge_base_only, summarize
from mlgate.model import Category, Component, Finding, Kind, License, Location, Result, Severity, Unresolved
from mlgate.policy.rules import rule_docs
from mlgate.policy.suppressions import InlineSuppression, applied_suppressions
from mlgate.policy_spec import Policy, Waiver

# Most restrictive first: the order a reader should meet the categories in.
CATEGORY_ORDER: tuple[Category, ...] = tuple(sorted(Category, key=lambda c: -c.restrictiveness))

CATEGORY_LABEL: dict[Category, str] = {
    Category.PERMISSIVE: "Permissive",
    Category.WEAK_COPYLEFT: "Weak copyleft",
    Category.COPYLEFT: "Copyleft",
    Category.RESPONSIBLE_AI: "Responsible AI (use restrictions)",
    Category.COMMUNITY_CONDITIONAL: "Commercial with conditions",
    Category.NON_COMMERCIAL: "Non-commercial",
    Category.RESEARCH_ONLY: "Research only",
    Category.PROPRIETARY_API: "Proprietary API terms",
    Category.UNKNOWN: "Unknown",
}

KIND_LABEL: dict[Kind, str] = {
    Kind.MODEL: "model",
    Kind.ADAPTER: "adapter",
    Kind.DATASET: "dataset",
    Kind.API_MODEL: "API model",
    Kind.LOCAL_PATH: "local path",
}


@dataclass(frozen=True)
class LineageEdge:
    """`child` derives from `parent` by `relation` (finetune, adapter, quantized, merge)."""

    child: str
    parent: str
    relation: str


@dataclass(frozen=True)
class WaiverRow:
    target: str
    rule: str
    reason: str
    approved_by: str
    expires: date | None
    origin: str
    expired: bool
    waives: tuple[str, ...]  # "target [rule]" of the findings it waives in this run


@dataclass
class Inventory:
    """Everything a report shows, in reading order."""

    project: str
    policy: str | None
    components: list[Component]
    findings: list[Finding]
    failing: list[Finding]
    fail_on: Severity
    edges: list[LineageEdge] = field(default_factory=list)
    waivers: list[WaiverRow] = field(default_factory=list)
    suppressions: list[InlineSuppression] = field(default_factory=list)  # inline ones that took effect
    notes: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    files_scanned: int = 0
    # What to do about a finding, by rule id (the rule's `help`, as SARIF and Markdown show it).
    actions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, result: Result, fail_on: Severity = Severity.ERROR, *, project: str | None = None,
           today: date | None = None) -> Inventory:
        components = [_stable_obligations(c) for c in sorted(result.components, key=_component_order)]
        findings = list(result.findings)
        docs = rule_docs(result.policy, (f.rule_id for f in findings))
        return cls(
            actions={rule_id: doc.help for rule_id, doc in docs.items()},
            project=project or result.root.name,
            policy=result.policy.name if result.policy else None,
            components=components,
            findings=findings,
            failing=result.failing(fail_on),
            fail_on=fail_on,
            edges=lineage_edges(components),
            waivers=waiver_rows(policy_waivers(result.policy), findings, today or date.today()),
            suppressions=applied_suppressions(findings),
            notes=list(result.notes),
            skipped=[(s.path, s.reason) for s in result.skipped],
            files_scanned=result.files_scanned,
        )

    @property
    def models(self) -> list[Component]:
        return [c for c in self.components if c.kind is not Kind.DATASET]

    @property
    def datasets(self) -> list[Component]:
        return [c for c in self.components if c.kind is Kind.DATASET]

    @property
    def unverified(self) -> list[Component]:
        """Components whose license is unresolved or resolved to `unknown`."""
        return [c for c in self.components if not c.resolved or c.category is Category.UNKNOWN]

    @property
    def certainty(self) -> CertaintySummary:
        return summarize(self.components)

    @property
    def knowledge_base(self) -> list[Component]:
        """Components whose license only mlgate's knowledge base vouches for (not read at the source)."""
        return knowledge_base_only(self.components)

    def by_category(self) -> list[tuple[Category, int]]:
        counts = Counter(c.category for c in self.components)
        return [(cat, counts[cat]) for cat in CATEGORY_ORDER if counts[cat]]

    def findings_for(self, component: Component) -> list[Finding]:
        return [f for f in self.findings if f.component.target == component.target]

    def used_in_training(self, dataset: str) -> list[str]:
        """Models whose card or config names `dataset` as training data."""
        return sorted(c.target for c in self.components if dataset in c.datasets)


def _stable_obligations(component: Component) -> Component:
    """The component with its obligations in one order (by id), whether they came from a scan
    (the license catalog's order) or from a BOM (the writer's property order)."""
    license_ = component.license
    if not isinstance(license_, License) or len(license_.obligations) < 2:
        return component
    ordered = tuple(sorted(license_.obligations, key=lambda o: o.id))
    return replace(component, license=replace(license_, obligations=ordered))


def _component_order(component: Component) -> tuple[int, int, str]:
    kind_rank = list(Kind).index(component.kind)
    return (kind_rank, -component.category.restrictiveness, component.target.lower())


def lineage_edges(components: Iterable[Component]) -> list[LineageEdge]:
    edges = {LineageEdge(c.target, b.target, b.relation) for c in components for b in c.base_models}
    return sorted(edges, key=lambda e: (e.parent.lower(), e.child.lower()))


def policy_waivers(policy: Policy | None) -> list[Waiver]:
    """The waivers of a policy and of the policies its scopes apply, each once."""
    return policy.all_waivers() if policy is not None else []


def waiver_rows(waivers: Sequence[Waiver], findings: Sequence[Finding], today: date) -> list[WaiverRow]:
    rows = []
    for waiver in waivers:
        described = waiver.describe()
        waives = tuple(f"{f.component.target} [{f.rule_id}]" for f in findings if f.waived_by == described)
        rows.append(WaiverRow(
            target=waiver.target, rule=waiver.rule, reason=waiver.reason, approved_by=waiver.approved_by,
            expires=waiver.expires, origin=waiver.origin, expired=waiver.expired(today), waives=waives,
        ))
    return rows


# Small text helpers every view shares.

def license_label(component: Component) -> str:
    """`Name (SPDX)` for a resolved license, `unresolved: reason` otherwise."""
    license_ = component.license
    if isinstance(license_, License):
        if license_.name and license_.name != license_.expression:
            return f"{license_.name} ({license_.expression})"
        return license_.expression
    return f"unresolved: {license_}"


def source_label(component: Component) -> str:
    license_ = component.license
    if isinstance(license_, Unresolved):
        return license_.source or "none"
    return license_.source


def obligation_texts(component: Component) -> list[str]:
    license_ = component.license
    return [o.text for o in license_.obligations] if isinstance(license_, License) else []


def locations_label(locations: Sequence[Location], limit: int | None = None) -> str:
    shown = [str(loc) for loc in locations[:limit]] if limit else [str(loc) for loc in locations]
    more = len(locations) - len(shown)
    return ", ".join(shown) + (f" (+{more} more)" if more > 0 else "")


def certainty_note(inv: Inventory) -> str | None:
    """What a reader must know before trusting the verdicts, or None when every license was
    established at its source (or declared, or an API's terms)."""
    summary = inv.certainty
    if summary.all_established:
        return None
    return f"Not every license was established at its source: {summary.text(named=True)}."


def knowledge_base_reason(component: Component) -> str:
    confidence = assurance(component).confidence or "not recorded"
    return f"from mlgate's knowledge base only (confidence {confidence}); not checked at the source"


def unverified_reason(component: Component) -> str:
    license_ = component.license
    if isinstance(license_, Unresolved):
        return str(license_)
    declared = f" (declared: {license_.declared})" if license_.declared else ""
    return f"license not recognised{declared}; evidence: {license_.evidence}"
