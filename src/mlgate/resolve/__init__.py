"""resolve(references) -> components: one per unique target, with its license and provenance.

Sources (registered in `mlgate/sources.py`) are asked in the configured order (`[tool.mlgate]
sources`, see `chain.py`); the first license found wins and names itself as `License.source`.
Two refinements:

- "No license declared" (`NOASSERTION`, e.g. a card without a `license:` field) does not stop
  the chain: a later source (the knowledge base, read from the upstream LICENSE) may know, and
  its evidence then says what the earlier source found. A declared but unrecognised license
  (`license: other` with an unknown `license_name`) does stop it: that is what upstream says.
- When a lookup is answered from the lock file and the run is online, the sources after the
  lock are asked too; a different answer wins and keeps the locked expression beside it
  (the lock source wraps the chain after it: `lock.py`).

Then lineage: base models and card datasets become components (see lineage.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from mlgate.config import RunConfig
from mlgate.model import SELF_HOSTED_PROPERTY, Component, Kind, Reference, Role
from mlgate.resolve.base import Answer, Lookup
from mlgate.resolve.chain import build_chain
from mlgate.resolve.codelinks import link_code_datasets
from mlgate.resolve.lineage import MAX_DEPTH, expand, flag_derivatives
from mlgate.resolve.selfhosted import resolve_served


def group_references(references: Sequence[Reference]) -> dict[Lookup, list[Reference]]:
    """Input references grouped by what must be resolved (target, kind, revision, and whether the
    name goes to a self-hosted server: `selfhosted.py`). The self-hosted references of one name are
    one lookup whatever their server, with every URL in its `endpoint`."""
    groups: dict[tuple[str, Kind, str | None, bool], list[Reference]] = defaultdict(list)
    for ref in references:
        if ref.role is Role.OUTPUT:
            continue
        groups[(ref.target, ref.kind, ref.revision, ref.endpoint is not None)].append(ref)
    lookups: dict[Lookup, list[Reference]] = {}
    for (target, kind, revision, _), refs in groups.items():
        endpoint = " ".join(sorted({url for r in refs if r.endpoint for url in r.endpoint.split()})) or None
        lookups[Lookup(target, kind, revision, endpoint)] = refs
    return lookups


@dataclass(frozen=True)
class Resolution:
    """The components of a run, and what the user should know that is not a finding."""

    components: list[Component]
    notes: tuple[str, ...] = ()


def resolve(references: Sequence[Reference], config: RunConfig) -> Resolution:
    """Components for every input reference, plus the base models and datasets their lineage names."""
    groups = group_references(references)
    chain = build_chain(config)
    direct = resolve_served(sorted(groups, key=_lookup_key), chain)
    lineage = expand(direct, chain, MAX_DEPTH)
    components = [_component(item, direct[item], tuple(sorted(groups[item], key=lambda r: r.location)))
                  for item in direct]
    components += [_component(item, answer, (), tuple(lineage.introduced_by.get(item, ())))
                   for item, answer in lineage.answers.items()]
    notes = chain.notes()
    if lineage.truncated:
        shown = ", ".join(lineage.truncated[:5])
        notes += (f"lineage deeper than {MAX_DEPTH} levels was not followed: {shown}",)
    components = link_code_datasets(merge_aliases(components))
    components.sort(key=lambda c: (c.target.lower(), c.kind.value, c.revision or "", c.endpoint or ""))
    return Resolution(flag_derivatives(components), notes)


def _canonical(component: Component) -> str:
    props = dict(component.properties)
    return props.get("hub-canonical-id") or props.get("canonical-id") or component.target


def merge_aliases(components: Sequence[Component]) -> list[Component]:
    """One component per repository: `gpt2` and `openai-community/gpt2`, or two spellings of
    one id's case, are the same model, so their references are judged (and listed) together
    under the canonical id, with the other spellings kept as `alias` properties. A repository
    loaded both as a model and as an adapter is one adapter (one purl names one component)."""
    groups: dict[tuple[str, Kind, str, str], list[Component]] = {}
    for component in components:
        family = Kind.MODEL if component.kind is Kind.ADAPTER else component.kind
        key = (_canonical(component).lower(), family, component.revision or "", component.endpoint or "")
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
    if item.endpoint:  # a name sent to a self-hosted server: judged apart from the same name at a provider
        properties = (*properties, (SELF_HOSTED_PROPERTY, item.endpoint))
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


def _lookup_key(item: Lookup) -> tuple[str, str, str, str]:
    return (item.target.lower(), item.kind.value, item.revision or "", item.endpoint or "")
