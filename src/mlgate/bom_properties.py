"""mlgate's own facts as CycloneDX `mlgate:*` properties, and back.

The writer and the reader share this one vocabulary, so a BOM mlgate wrote reads back into
the same components. Standard CycloneDX fields carry what the standard can say (purl,
licenses, occurrences, ancestors); properties carry the rest: the category mlgate concluded,
where the license came from and on what evidence, the obligations, why a license could not
be resolved, the license recorded in the lock file, and which component's lineage brought
this one in. A component's own `properties` (task, architecture, ...) are written as
`mlgate:<key>`; a key that clashes with a reserved name is written as `mlgate:extra:<key>`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from mlgate.certainty import assurance
from mlgate.model import Category, Component, License, Obligation, Unresolved, UnresolvedReason
from mlgate.purl import requested_ref

PREFIX = "mlgate:"
EXTRA = "mlgate:extra:"

KIND = "mlgate:kind"
CATEGORY = "mlgate:category"
LICENSE_SOURCE = "mlgate:license-source"
LICENSE_EVIDENCE = "mlgate:license-evidence"
LICENSE_NAME = "mlgate:license-name"
COMMERCIAL_USE = "mlgate:commercial-use"
OBLIGATION = "mlgate:obligation"
UNRESOLVED_REASON = "mlgate:unresolved-reason"
UNRESOLVED_DETAIL = "mlgate:unresolved-detail"
UNRESOLVED_SOURCE = "mlgate:unresolved-source"
GATED = "mlgate:gated"
LOCKED_EXPRESSION = "mlgate:locked-expression"
INTRODUCED_BY = "mlgate:introduced-by"
# The component's `version` is a commit (resolved, else pinned), in lower case; these keep what
# the code asked for (a branch, tag or ref, or a sha as spelt) apart from what a source resolved.
RESOLVED_REVISION = "mlgate:resolved-revision"
REQUESTED_REVISION = "mlgate:requested-revision"
RELATION = "mlgate:relation"  # on a pedigree ancestor: finetune | adapter | quantized | merge
# How sure the license is (certainty.py): verified | declared | provider-terms | knowledge-base |
# unverified, and for a knowledge-base answer the confidence its entry records.
LICENSE_CERTAINTY = "mlgate:license-certainty"
KB_CONFIDENCE = "mlgate:kb-confidence"

RESERVED = frozenset({
    KIND, CATEGORY, LICENSE_SOURCE, LICENSE_EVIDENCE, LICENSE_NAME, COMMERCIAL_USE, OBLIGATION,
    UNRESOLVED_REASON, UNRESOLVED_DETAIL, UNRESOLVED_SOURCE, GATED, LOCKED_EXPRESSION, INTRODUCED_BY, RELATION,
    RESOLVED_REVISION, REQUESTED_REVISION, LICENSE_CERTAINTY, KB_CONFIDENCE,
})


def encode(component: Component) -> list[tuple[str, str]]:
    """The `mlgate:*` name/value pairs for a component (the library sorts them)."""
    props = [(KIND, component.kind.value), (CATEGORY, component.category.value)]
    found = assurance(component)
    props.append((LICENSE_CERTAINTY, found.certainty.value))
    if found.confidence:
        props.append((KB_CONFIDENCE, found.confidence))
    license_ = component.license
    if isinstance(license_, License):
        props.append((LICENSE_SOURCE, license_.source))
        props.append((LICENSE_EVIDENCE, license_.evidence))
        if license_.name:
            props.append((LICENSE_NAME, license_.name))
        if license_.commercial_use:
            props.append((COMMERCIAL_USE, license_.commercial_use))
        props.extend((OBLIGATION, o.id) for o in license_.obligations)
    else:
        props.append((UNRESOLVED_REASON, license_.reason.value))
        if license_.detail:
            props.append((UNRESOLVED_DETAIL, license_.detail))
        if license_.source:
            props.append((UNRESOLVED_SOURCE, license_.source))
    if component.resolved_revision:
        props.append((RESOLVED_REVISION, component.resolved_revision))
    requested = requested_ref(component)
    if requested:  # a ref is no version (purl spec): it is kept here, as written
        props.append((REQUESTED_REVISION, requested))
    if component.gated is not None:
        props.append((GATED, str(component.gated).lower()))
    if component.locked_expression:
        props.append((LOCKED_EXPRESSION, component.locked_expression))
    props.extend((INTRODUCED_BY, target) for target in component.introduced_by)
    props.extend((_extra_name(key), value) for key, value in component.properties)
    # CycloneDX property values are strings; an empty one says nothing, so leave it out.
    return [(name, value) for name, value in props if value != ""]


def _extra_name(key: str) -> str:
    name = key if key.startswith(PREFIX) else PREFIX + key
    return EXTRA + key.removeprefix(PREFIX) if name in RESERVED or name.startswith(EXTRA) else name


class Decoded:
    """The `mlgate:*` properties of one component, grouped by name, ready to rebuild it."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.values: dict[str, list[str]] = defaultdict(list)
        for name, value in pairs:
            self.values[name].append(value)

    @property
    def ours(self) -> bool:
        """mlgate wrote this component (its kind and category are recorded)."""
        return KIND in self.values and CATEGORY in self.values

    def one(self, name: str) -> str | None:
        found = self.values.get(name)
        return found[0] if found else None

    def all(self, name: str) -> tuple[str, ...]:
        return tuple(sorted(self.values.get(name, ())))

    def license(self, expression: str, declared: str | None, url: str | None) -> License | Unresolved:
        """The license result, given what the standard fields said (expression, declared, url)."""
        reason = self.one(UNRESOLVED_REASON)
        if reason is not None:
            detail = self.one(UNRESOLVED_DETAIL) or ""
            if reason not in {r.value for r in UnresolvedReason}:  # not a value mlgate writes: say so
                detail, reason = f"unrecognised reason {reason!r} in the BOM" + (f": {detail}" if detail else ""), \
                    UnresolvedReason.NOT_FOUND.value
            return Unresolved(UnresolvedReason(reason), detail, self.one(UNRESOLVED_SOURCE))
        from mlgate.license_catalog import catalog

        texts = catalog().obligation_texts
        return License(
            expression=expression,
            category=self.category(),
            source=self.one(LICENSE_SOURCE) or "bom",
            evidence=self.one(LICENSE_EVIDENCE) or "",
            name=self.one(LICENSE_NAME),
            url=url,
            commercial_use=self.one(COMMERCIAL_USE),
            obligations=tuple(Obligation(o, texts.get(o, "")) for o in self.all(OBLIGATION)),
            declared=declared,
        )

    def category(self) -> Category:
        """The recorded category; a value mlgate does not know is `unknown`, never guessed."""
        value = self.one(CATEGORY)
        return Category(value) if value in {c.value for c in Category} else Category.UNKNOWN

    def revisions(self, version: str | None) -> tuple[str | None, str | None]:
        """(revision the code asked for, revision a source resolved), given the component's version."""
        resolved, requested = self.one(RESOLVED_REVISION), self.one(REQUESTED_REVISION)
        return (requested, resolved) if resolved else (requested or version, None)

    def gated(self) -> bool | None:
        value = self.one(GATED)
        return None if value is None else value == "true"

    def extras(self) -> tuple[tuple[str, str], ...]:
        """The component's own properties, with the `mlgate:` (or `mlgate:extra:`) prefix removed."""
        out: list[tuple[str, str]] = []
        for name, values in self.values.items():
            if name in RESERVED or not name.startswith(PREFIX):
                continue
            key = name.removeprefix(EXTRA) if name.startswith(EXTRA) else name.removeprefix(PREFIX)
            out.extend((key, value) for value in values)
        return tuple(sorted(out))
