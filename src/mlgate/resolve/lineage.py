"""Lineage: base models and training datasets become components of their own.

A fine-tune, adapter, quantization or merge is bound by its base's terms, whatever its own
card declares (an MIT distill of a Llama model still carries the Llama obligations). So the
bases that answers name (`baseModels`, card `base_model`, PEFT `adapter_config.json`, GGUF
`general.base_model.*`, the knowledge base) are resolved too, recursively, breadth first, up
to `MAX_DEPTH` levels, each target once (so cycles end). Datasets named by a card are
resolved as dataset components (not followed further). Components brought in this way record
`introduced_by`, and the derivative keeps `base_models`, so the policy can compare them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from mlgate.model import Category, Component, Kind, License
from mlgate.resolve.base import Answer, Lookup

MAX_DEPTH = 5
Resolve = Callable[[Sequence[Lookup]], Mapping[Lookup, Answer]]


@dataclass
class Lineage:
    """Lookups that lineage added, who introduced each, and what was left unexplored."""

    answers: dict[Lookup, Answer] = field(default_factory=dict)
    introduced_by: dict[Lookup, list[str]] = field(default_factory=dict)
    truncated: list[str] = field(default_factory=list)


def expand(direct: Mapping[Lookup, Answer], resolve: Resolve, max_depth: int = MAX_DEPTH) -> Lineage:
    """Resolve every base model and dataset reachable from `direct`, up to `max_depth` levels."""
    result = Lineage()
    seen: dict[tuple[str, Kind], Lookup] = {_key(item): item for item in direct}
    frontier: dict[Lookup, Answer] = dict(direct)
    for depth in range(1, max_depth + 1):
        wanted: list[Lookup] = []
        for item, answer in frontier.items():
            for target, kind in _links(answer):
                key = (target.lower(), kind)
                if key == _key(item):
                    continue  # a card naming itself as its base
                known = seen.get(key)
                if known is None:
                    known = Lookup(target, kind)
                    seen[key] = known
                    wanted.append(known)
                if known not in direct:
                    result.introduced_by.setdefault(known, [])
                    if item.target not in result.introduced_by[known]:
                        result.introduced_by[known].append(item.target)
        if not wanted:
            return result
        found = resolve(wanted)
        result.answers.update(found)
        frontier = {item: found[item] for item in wanted if item.kind is not Kind.DATASET and item in found}
        if depth == max_depth:
            deeper = [t for answer in frontier.values() for t, k in _links(answer) if (t.lower(), k) not in seen]
            result.truncated.extend(dict.fromkeys(deeper))
    return result


def _links(answer: Answer) -> list[tuple[str, Kind]]:
    links = [(link.target, Kind.MODEL) for link in answer.base_models]
    links.extend((dataset, Kind.DATASET) for dataset in answer.datasets)
    return links


def _key(item: Lookup) -> tuple[str, Kind]:
    kind = Kind.MODEL if item.kind is Kind.ADAPTER else item.kind
    return (item.target.lower(), kind)


def stricter_bases(component: Component, by_target: Mapping[str, Component]) -> list[Component]:
    """Base models whose known category is more restrictive than the derivative's own."""
    found = []
    for link in component.base_models:
        base = by_target.get(link.target.lower())
        if base is None or base.category is Category.UNKNOWN:
            continue
        if base.category.restrictiveness > component.category.restrictiveness:
            found.append(base)
    return found


def flag_derivatives(components: Sequence[Component]) -> list[Component]:
    """Add a `derivative-of-stricter-base` property to derivatives that claim more than their base allows.

    The policy decides what that means (rule condition `derivative-more-permissive`); the
    property makes it visible in the BOM and reports.
    """
    by_target = {c.target.lower(): c for c in components}
    flagged = []
    for component in components:
        stricter = stricter_bases(component, by_target) if isinstance(component.license, License) else []
        if not stricter:
            flagged.append(component)
            continue
        note = "; ".join(f"{b.target} ({b.category.value}, {_expression(b)})" for b in stricter)
        props = (*component.properties, ("derivative-of-stricter-base", note))
        flagged.append(replace(component, properties=props))
    return flagged


def _expression(component: Component) -> str:
    return component.license.expression if isinstance(component.license, License) else "unresolved"
