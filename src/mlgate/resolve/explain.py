"""What `mlgate explain` says: a license's terms, or a model's license with its evidence and lineage.

A subject with a `/` is a Hub id (or `datasets/<id>`); a hosted API name is an API model; a
license id, `license_name` or SPDX expression is a license; anything else is tried as a
legacy bare Hub id (`gpt2`). Models resolve through the configured sources, so the answer
honours overrides and the lock, works offline from the knowledge base, and asks the Hub only
when the run is online.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from mlgate.config import RunConfig
from mlgate.errors import UsageError
from mlgate.license_catalog import CatalogEntry, catalog
from mlgate.license_expression import parse_expression
from mlgate.licenses import from_entry, from_value
from mlgate.model import Component, Kind, License, Location, Reference, Unresolved, UnresolvedReason
from mlgate.targets import is_api_model, looks_like_hub_id

# Answers that say the repository exists (the Hub knows it), so a bare name is no typo.
_EXISTS = frozenset({UnresolvedReason.GATED, UnresolvedReason.PRIVATE, UnresolvedReason.NO_LICENSE})

TERM_LABELS = (
    ("commercial", "commercial use"),
    ("threshold", "scale threshold"),
    ("attribution", "attribution / naming"),
    ("aup", "use restrictions"),
    ("outputs", "outputs to train models"),
    ("redistribution", "redistribution"),
    ("derivatives", "derivatives"),
    ("text", "license text"),
)


@dataclass(frozen=True)
class Explanation:
    subject: str
    kind: str  # license | model | adapter | dataset | api-model
    component: Component | None = None  # the subject, for models
    license: License | None = None  # for licenses
    hub_ids: tuple[str, ...] = ()  # Hub `license:` ids / license_names that mean this license
    lineage: tuple[Component, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def terms(self) -> list[tuple[str, dict[str, str]]]:
        """(license expression, terms) for each license of the subject that the catalog details."""
        license_ = self.license or (self.component.license if self.component else None)
        if not isinstance(license_, License):
            return []
        table = catalog().terms
        parsed = parse_expression(license_.expression)
        wanted = parsed.keys if parsed else (license_.expression,)
        return [(key, table[key]) for key in dict.fromkeys(wanted) if key in table]


def explain(subject: str, config: RunConfig) -> Explanation:
    subject = subject.strip()
    if not subject or (any(c.isspace() for c in subject) and parse_expression(subject) is None):
        raise UsageError(f"{subject!r}: expected a model id (org/name), an API model name or a license id")
    if "/" not in subject and not is_api_model(subject) and not subject.startswith("ollama:"):
        license_ = _license(subject)
        if license_ is not None:
            return Explanation(subject, "license", license=license_, hub_ids=_ids_for(license_.expression))
    kind, target = _model_kind(subject)
    if kind is None:
        raise UsageError(f"{subject!r}: not a license id, an SPDX expression, an API model or a Hub id")
    from mlgate.resolve import resolve

    reference = Reference(target, kind, Location("<command line>", 1), via="mlgate explain")
    resolution = resolve([reference], config)
    components = resolution.components
    own = next(c for c in components if c.references)
    if "/" not in subject and kind is Kind.MODEL and isinstance(own.license, Unresolved) \
            and own.license.reason not in _EXISTS:
        # A bare word no source knows is far more often a mistyped license id than a legacy Hub
        # model: reporting "an unresolved model" would hide the typo.
        raise UsageError(_unknown_subject(subject))
    lineage = tuple(c for c in components if c is not own)
    return Explanation(subject, kind.value, component=own, lineage=lineage, notes=resolution.notes)


def _license(subject: str) -> License | None:
    entry = catalog().lookup(subject)
    if entry is not None:
        return _entry_license(entry, subject)
    if parse_expression(subject) is None:
        return None
    return from_value(subject, source="catalog", evidence="mlgate license catalog")


def _entry_license(entry: CatalogEntry, subject: str) -> License:
    return from_entry(entry, source="catalog", evidence=f"mlgate license catalog: {subject}")


def _ids_for(expression: str) -> tuple[str, ...]:
    cat = catalog()
    ids = [k for k, e in cat.hub_ids.items() if e.expression == expression]
    names = [f"other + license_name: {k}" for k, e in cat.license_names.items() if e.expression == expression]
    return tuple(ids + names)


def _model_kind(subject: str) -> tuple[Kind | None, str]:
    if subject.startswith("ollama:") and len(subject) > len("ollama:"):
        return Kind.MODEL, subject  # an Ollama library name, as the scanner writes it
    if is_api_model(subject):
        return Kind.API_MODEL, subject
    if subject.startswith("datasets/") and looks_like_hub_id(subject[len("datasets/"):], allow_bare=True):
        return Kind.DATASET, subject[len("datasets/"):]  # `datasets/squad`: a legacy bare data set id too
    if looks_like_hub_id(subject, allow_bare=True):
        return Kind.MODEL, subject
    return None, subject


def _unknown_subject(subject: str) -> str:
    close = closest_license_ids(subject)
    hint = f"; closest license ids: {', '.join(close)}" if close else "; `mlgate explain` takes a Hub id as org/name"
    return f"{subject!r}: neither a model mlgate knows nor a license id it knows{hint}"


def closest_license_ids(subject: str, limit: int = 3, cutoff: float = 0.6) -> list[str]:
    """License ids spelled like `subject`, closest first: the catalog's Hub ids and SPDX ids,
    also matched through the license's full name (`mit-licence` finds `mit` by "MIT License")."""
    cat = catalog()
    scores: dict[str, tuple[float, str]] = {}  # expression -> (best score, id to suggest)
    wanted = subject.lower()
    for key, entry in cat.hub_ids.items():
        spellings = [key, entry.name]
        suggest = key
        if not entry.expression.startswith("LicenseRef-"):
            spellings.append(entry.expression)
        score = max(_similarity(wanted, spelling.lower()) for spelling in spellings)
        if score >= cutoff and score > scores.get(entry.expression, (0.0, ""))[0]:
            scores[entry.expression] = (score, suggest)
    ranked = sorted(scores.values(), key=lambda pair: (-pair[0], pair[1]))
    return [suggest for _, suggest in ranked[:limit]]


def _similarity(a: str, b: str) -> float:
    """Alike as typed, or alike without punctuation (so `apache2` meets `apache-2.0`)."""
    plain = re.compile(r"[^a-z0-9]")
    return max(difflib.SequenceMatcher(None, a, b).ratio(),
               difflib.SequenceMatcher(None, plain.sub("", a), plain.sub("", b)).ratio())
