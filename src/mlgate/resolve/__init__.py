"""resolve(references) -> components: one per unique target, with its license and provenance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from mlgate.config import RunConfig
from mlgate.model import Component, Kind, Reference, Role, Unresolved, UnresolvedReason
from mlgate.resolve.base import Answer, LicenseSource, Lookup
from mlgate.resolve.registry import SOURCES


def build_sources(config: RunConfig) -> list[LicenseSource]:
    """The configured sources, in the configured order, skipping those that do not apply."""
    sources = []
    for name in config.settings.sources:
        factory = SOURCES.get(name)
        source = factory(config) if factory else None
        if source is not None:
            sources.append(source)
    return sources


def group_references(references: Sequence[Reference]) -> dict[Lookup, list[Reference]]:
    """Input references grouped by what must be resolved (target, kind, revision)."""
    groups: dict[Lookup, list[Reference]] = defaultdict(list)
    for ref in references:
        if ref.role is Role.OUTPUT:
            continue
        groups[Lookup(ref.target, ref.kind, ref.revision)].append(ref)
    return groups


def resolve_lookups(lookups: Sequence[Lookup], sources: Sequence[LicenseSource]) -> dict[Lookup, Answer]:
    """Ask each source in turn for what is still open; the first license found wins."""
    settled: dict[Lookup, Answer] = {}
    failures: dict[Lookup, Answer] = {}
    for source in sources:
        pending = [item for item in lookups if item not in settled]
        if not pending:
            break
        for item, answer in source.lookup(pending).items():
            if isinstance(answer.license, Unresolved):
                failures.setdefault(item, answer)
            else:
                settled[item] = answer
    for item in lookups:
        if item not in settled:
            settled[item] = failures.get(item) or Answer(_nobody_knows(item))
    return settled


def _nobody_knows(item: Lookup) -> Unresolved:
    if item.kind is Kind.LOCAL_PATH:
        return Unresolved(UnresolvedReason.NOT_FOUND, "local path: no model card or license file found")
    return Unresolved(
        UnresolvedReason.NOT_FOUND,
        "no configured source knows this target (not in the knowledge base; the Hub was not consulted)",
    )


def resolve(references: Sequence[Reference], config: RunConfig) -> list[Component]:
    groups = group_references(references)
    # Resolve each (target, kind) once per revision; components merge references by target.
    answers = resolve_lookups(sorted(groups, key=_lookup_key), build_sources(config))
    components = []
    for item in sorted(groups, key=_lookup_key):
        answer = answers[item]
        refs = tuple(sorted(groups[item], key=lambda r: r.location))
        components.append(
            Component(
                target=item.target,
                kind=item.kind,
                license=answer.license,
                references=refs,
                revision=answer.revision or item.revision,
                base_models=answer.base_models,
                datasets=answer.datasets,
                gated=answer.gated,
                properties=answer.properties,
            )
        )
    return components


def _lookup_key(item: Lookup) -> tuple[str, str, str]:
    return (item.target.lower(), item.kind.value, item.revision or "")
