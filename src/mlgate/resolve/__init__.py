"""resolve(references) -> components: one per unique target, with its license and provenance.

Sources are asked in the configured order (`[tool.mlgate] sources`); the first license found
wins and names itself as `License.source`. Two refinements:

- "No license declared" (`NOASSERTION`, e.g. a card without a `license:` field) does not stop
  the chain: a later source (the knowledge base, read from the upstream LICENSE) may know, and
  its evidence then says what the earlier source found. A declared but unrecognised license
  (`license: other` with an unknown `license_name`) does stop it: that is what upstream says.
- When a lookup is answered from the lock file and the run is online, the sources after the
  lock are asked too; a different answer wins and keeps the locked expression beside it.

Then lineage: base models and card datasets become components (see lineage.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from mlgate.config import RunConfig
from mlgate.model import Component, Kind, License, Reference, Role, Unresolved, UnresolvedReason
from mlgate.resolve.base import Answer, LicenseSource, Lookup
from mlgate.resolve.codelinks import link_code_datasets
from mlgate.resolve.lineage import MAX_DEPTH, expand, flag_derivatives
from mlgate.resolve.registry import SOURCES

_SHA = re.compile(r"^[0-9a-fA-F]{40}$")


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
    undeclared: dict[Lookup, tuple[str, Answer]] = {}
    failures: dict[Lookup, Answer] = {}
    for source in sources:
        pending = [item for item in lookups if item not in settled]
        if not pending:
            break
        for item, answer in source.lookup(pending).items():
            license_ = answer.license
            if isinstance(license_, Unresolved):
                failures.setdefault(item, answer)
            elif license_.expression == "NOASSERTION":
                undeclared.setdefault(item, (source.name, answer))
            else:
                settled[item] = _with_earlier(answer, undeclared.get(item))
    for item in lookups:
        if item not in settled:
            fallback = undeclared.get(item)
            settled[item] = fallback[1] if fallback else failures.get(item) or Answer(_nobody_knows(item))
    return settled


def _with_earlier(answer: Answer, earlier: tuple[str, Answer] | None) -> Answer:
    """Say in the evidence that an earlier source found no declared license."""
    if earlier is None or not isinstance(answer.license, License):
        return answer
    source, found = earlier
    note = f"; {source} declares no license ({found.license.evidence if isinstance(found.license, License) else ''})"
    merged = replace(answer.license, evidence=answer.license.evidence + note)
    return replace(answer, license=merged, base_models=answer.base_models or found.base_models,
                   datasets=answer.datasets or found.datasets, gated=answer.gated if answer.gated is not None
                   else found.gated, revision=answer.revision or found.revision)


def _nobody_knows(item: Lookup) -> Unresolved:
    if item.kind is Kind.LOCAL_PATH:
        return Unresolved(UnresolvedReason.NOT_FOUND, "local path: no model card or license file found")
    return Unresolved(
        UnresolvedReason.NOT_FOUND,
        "no configured source knows this target (not in the knowledge base; the Hub was not consulted)",
    )


class Chain:
    """The configured sources as one function over a batch of lookups, lock check included."""

    def __init__(self, sources: Sequence[LicenseSource], offline: bool) -> None:
        from mlgate.resolve.lock import LockSource

        self.sources = list(sources)
        at = next((i for i, s in enumerate(self.sources) if isinstance(s, LockSource)), None)
        self.lock = self.sources[at] if at is not None else None
        self.after_lock = self.sources[at + 1:] if at is not None else []
        self.offline = offline

    def __call__(self, lookups: Sequence[Lookup]) -> dict[Lookup, Answer]:
        from mlgate.resolve.lock import LockSource, against_history, drifted

        answers = resolve_lookups(lookups, self.sources)
        if not isinstance(self.lock, LockSource):
            return answers
        to_verify = [item for item, answer in answers.items()
                     if _source(answer) == "lock" and not self.offline and not _SHA.match(item.revision or "")]
        current = resolve_lookups(to_verify, self.after_lock) if to_verify else {}
        for item, answer in answers.items():
            entry = self.lock.lock.find(item)
            now = current.get(item, answer)
            if entry is not None and isinstance(now.license, License) and drifted(entry, now.license):
                answers[item] = replace(now, locked_expression=entry.expression)
            elif entry is not None and _source(now) == "lock":
                answers[item] = against_history(item, entry, now)
        return answers


def _source(answer: Answer) -> str | None:
    return answer.license.source if isinstance(answer.license, License) else None


def resolve(references: Sequence[Reference], config: RunConfig, notes: list[str] | None = None) -> list[Component]:
    """Components for every input reference, plus the base models and datasets their lineage names."""
    groups = group_references(references)
    sources = build_sources(config)
    chain = Chain(sources, config.offline)
    direct = chain(sorted(groups, key=_lookup_key))
    lineage = expand(direct, chain, MAX_DEPTH)
    components = [_component(item, direct[item], tuple(sorted(groups[item], key=lambda r: r.location)))
                  for item in direct]
    components += [_component(item, answer, (), tuple(lineage.introduced_by.get(item, ())))
                   for item, answer in lineage.answers.items()]
    if notes is not None:
        for source in sources:
            notes.extend(getattr(source, "notes", ()))
        if lineage.truncated:
            shown = ", ".join(lineage.truncated[:5])
            notes.append(f"lineage deeper than {MAX_DEPTH} levels was not followed: {shown}")
    components = link_code_datasets(merge_aliases(components))
    components.sort(key=lambda c: (c.target.lower(), c.kind.value, c.revision or ""))
    return flag_derivatives(components)


def _canonical(component: Component) -> str:
    props = dict(component.properties)
    return props.get("hub-canonical-id") or props.get("canonical-id") or component.target


def merge_aliases(components: Sequence[Component]) -> list[Component]:
    """One component per repository: `gpt2` and `openai-community/gpt2`, or two spellings of
    one id's case, are the same model, so their references are judged (and listed) together
    under the canonical id, with the other spellings kept as `alias` properties. A repository
    loaded both as a model and as an adapter is one adapter (one purl names one component)."""
    groups: dict[tuple[str, Kind, str], list[Component]] = {}
    for component in components:
        family = Kind.MODEL if component.kind is Kind.ADAPTER else component.kind
        key = (_canonical(component).lower(), family, component.revision or "")
        groups.setdefault(key, []).append(component)
    merged = []
    for members in groups.values():
        if len(members) == 1:
            merged.append(members[0])
            continue
        first = next((m for m in members if m.references), members[0])
        target = _canonical(first)
        aliases = sorted({m.target for m in members} - {target})
        references = tuple(sorted({r for m in members for r in m.references}, key=lambda r: (r.location, r.target)))
        introduced = () if references else tuple(dict.fromkeys(t for m in members for t in m.introduced_by))
        adapter = any(m.kind is Kind.ADAPTER for m in members)
        merged.append(replace(
            first,
            target=target,
            kind=Kind.ADAPTER if adapter else first.kind,
            references=references,
            introduced_by=introduced,
            properties=(*first.properties, *(("alias", alias) for alias in aliases)),
        ))
    return merged


def _component(item: Lookup, answer: Answer, refs: tuple[Reference, ...],
               introduced_by: tuple[str, ...] = ()) -> Component:
    properties = answer.properties
    if answer.canonical and answer.canonical != item.target and ("hub-canonical-id", answer.canonical) \
            not in properties:
        properties = (*properties, ("canonical-id", answer.canonical))
    return Component(
        target=item.target,
        kind=item.kind,
        license=answer.license,
        references=refs,
        revision=item.revision,
        resolved_revision=answer.revision,
        base_models=answer.base_models,
        datasets=answer.datasets,
        gated=answer.gated,
        properties=properties,
        locked_expression=answer.locked_expression,
        introduced_by=introduced_by,
    )


def _lookup_key(item: Lookup) -> tuple[str, str, str]:
    return (item.target.lower(), item.kind.value, item.revision or "")
