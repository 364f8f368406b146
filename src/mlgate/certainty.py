"""How sure a license verdict is: verified at its source, or mlgate's own knowledge.

A license read at its source (the Hub's metadata at a revision, a model card or a weight
file's header on disk, a lock entry recorded from one of those) is `verified`. One the built-in
knowledge base supplies (offline, or because the source said nothing) is `knowledge-base`,
with the confidence its entry records. An override in the project's settings, or a license a
foreign BOM states, is `declared`: someone took responsibility for it, but mlgate did not
check it. A hosted API model is under its provider's terms by what it is (`provider-terms`).
A license that could not be established is `unverified`.

Reports say how many verdicts are of each kind, so "every license was established" is said
only when it is true, and `--require-verified` can refuse knowledge-base answers. Pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mlgate.model import Category, Component, License


class Certainty(StrEnum):
    """Stable strings: they appear in JSON and as the BOM property `mlgate:license-certainty`."""

    VERIFIED = "verified"
    DECLARED = "declared"
    PROVIDER_TERMS = "provider-terms"
    KNOWLEDGE_BASE = "knowledge-base"
    UNVERIFIED = "unverified"


# License.source values that are a reading of the source itself.
VERIFIED_SOURCES = frozenset({"hub", "card", "gguf", "safetensors", "hf-cache", "local", "lock"})
KNOWLEDGE_BASE = "knowledge-base"
LOCKED_FROM = "locked-from"  # component property the lock source sets: the source it recorded
HIGH = "high"
_FIRST_WORD = re.compile(r"\s*([a-z]+)")


@dataclass(frozen=True)
class Assurance:
    certainty: Certainty
    confidence: str | None = None  # high | medium | low, for knowledge-base answers


def assurance(component: Component) -> Assurance:
    license_ = component.license
    if not isinstance(license_, License) or license_.category is Category.UNKNOWN:
        return Assurance(Certainty.UNVERIFIED)
    if license_.category is Category.PROPRIETARY_API:
        return Assurance(Certainty.PROVIDER_TERMS)
    source = license_.source
    if source == "lock":
        source = dict(component.properties).get(LOCKED_FROM, source)
    if source == KNOWLEDGE_BASE:
        return Assurance(Certainty.KNOWLEDGE_BASE, _confidence(component))
    return Assurance(Certainty.VERIFIED if source in VERIFIED_SOURCES else Certainty.DECLARED)


def _confidence(component: Component) -> str | None:
    """The knowledge base entry's confidence as one level, its first word: `high (license); card
    value medium` is high (about the license), `medium-high` is medium, `low-medium` low."""
    from mlgate.knowledge_data import model_entry

    found = model_entry(component.target)
    match = _FIRST_WORD.match(str(found[1].get("confidence", "")).lower()) if found else None
    return match.group(1) if match else None


def assurance_label(component: Component) -> str:
    """`verified at source`, `knowledge base, confidence medium`, ...: for a report's source column."""
    found = assurance(component)
    if found.certainty is Certainty.KNOWLEDGE_BASE:
        return f"knowledge base only, confidence {found.confidence or 'not recorded'}"
    return {Certainty.VERIFIED: "verified at source", Certainty.DECLARED: "declared, not checked by mlgate",
            Certainty.PROVIDER_TERMS: "API provider terms", Certainty.UNVERIFIED: "not established"}[found.certainty]


@dataclass(frozen=True)
class CertaintySummary:
    counts: dict[Certainty, int]
    below_high: tuple[str, ...]  # knowledge-base answers whose confidence is less than high

    @property
    def all_established(self) -> bool:
        return not (self.counts.get(Certainty.KNOWLEDGE_BASE) or self.counts.get(Certainty.UNVERIFIED))

    def text(self, named: bool = False) -> str:
        """`3 verified at source, 2 from the knowledge base (1 below high confidence)`; `named`
        lists those below high confidence instead of counting them."""
        shown = ", ".join(self.below_high) if named else str(len(self.below_high))
        below = f" ({shown} below high confidence)" if self.below_high else ""
        labels = {Certainty.VERIFIED: "verified at source", Certainty.DECLARED: "declared by override or BOM",
                  Certainty.PROVIDER_TERMS: "API provider terms",
                  Certainty.KNOWLEDGE_BASE: f"from the knowledge base{below}", Certainty.UNVERIFIED: "not established"}
        return ", ".join(f"{self.counts[c]} {label}" for c, label in labels.items()
                                        if self.counts.get(c))


def summarize(components: Iterable[Component]) -> CertaintySummary:
    counts: Counter[Certainty] = Counter()
    below: list[str] = []
    for component in components:
        found = assurance(component)
        counts[found.certainty] += 1
        if found.certainty is Certainty.KNOWLEDGE_BASE and found.confidence != HIGH:
            below.append(component.target)
    return CertaintySummary(dict(counts), tuple(sorted(below, key=str.lower)))


def knowledge_base_only(components: Sequence[Component]) -> list[Component]:
    """Components whose license only the knowledge base vouches for (what --require-verified refuses)."""
    return [c for c in components if assurance(c).certainty is Certainty.KNOWLEDGE_BASE]
