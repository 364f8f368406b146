"""The configured sources as one source: each is asked in turn for what is still open.

The first license found wins. "No license declared" (`NOASSERTION`) does not stop the chain: a
later source may know, and its evidence then says what the earlier source found. A failure
(`Unresolved`) is remembered and reported only if no later source answers.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import replace

from mlgate.config import RunConfig
from mlgate.model import Kind, License, Unresolved, UnresolvedReason
from mlgate.resolve.base import Answer, LicenseSource, Lookup
from mlgate.sources import SOURCES


class Chain(LicenseSource):
    """Sources asked in order; answers every lookup (with `Unresolved` when nobody knows)."""

    name = "chain"

    def __init__(self, sources: Sequence[LicenseSource]) -> None:
        self.sources = list(sources)

    def lookup(self, lookups: Sequence[Lookup]) -> dict[Lookup, Answer]:
        return resolve_lookups(lookups, self.sources)

    def __call__(self, lookups: Sequence[Lookup]) -> dict[Lookup, Answer]:
        return self.lookup(lookups)

    def notes(self) -> tuple[str, ...]:
        return tuple(note for source in self.sources for note in source.notes())


def build_chain(config: RunConfig) -> Chain:
    """The configured sources, in the configured order, skipping those that do not apply.

    Built from the last to the first, so each source is handed the chain of those after it.
    """
    built: list[LicenseSource] = []
    for name in reversed(config.settings.sources):
        module = importlib.import_module(SOURCES[name])
        source: LicenseSource | None = module.source(config, Chain(built))
        if source is not None:
            built.insert(0, source)
    return Chain(built)


def resolve_lookups(lookups: Sequence[Lookup], sources: Sequence[LicenseSource]) -> dict[Lookup, Answer]:
    """Ask each source in turn for what is still open; the first license found wins."""
    settled: dict[Lookup, Answer] = {}
    undeclared: dict[Lookup, tuple[str, Answer]] = {}
    failures: dict[Lookup, Answer] = {}
    for source in sources:
        pending = [item for item in lookups if item not in settled]
        if not pending:
            break
        answers: Mapping[Lookup, Answer] = source.lookup(pending)
        for item, answer in answers.items():
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
