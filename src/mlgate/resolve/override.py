"""User overrides from `[tool.mlgate.overrides]`: the first source, the user's own word."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mlgate.config import Override
from mlgate.model import Category, License
from mlgate.resolve.base import Answer, Lookup
from mlgate.resolve.licenses import catalog, from_entry


class OverrideSource:
    name = "override"

    def __init__(self, overrides: Sequence[Override], settings_file: str) -> None:
        self._by_target = {o.target.lower(): o for o in overrides}
        self._file = settings_file

    def lookup(self, lookups: Sequence[Lookup]) -> Mapping[Lookup, Answer]:
        answers: dict[Lookup, Answer] = {}
        for item in lookups:
            override = self._by_target.get(item.target.lower())
            if override is None:
                continue
            evidence = f"{self._file}: overrides.{override.target} = {override.license!r}"
            if override.reason:
                evidence += f" ({override.reason})"
            entry = catalog().lookup(override.license)
            if entry is not None:
                answers[item] = Answer(from_entry(entry, source=self.name, evidence=evidence,
                                                  declared=override.license))
            else:
                answers[item] = Answer(License(override.license, Category.UNKNOWN, self.name,
                                               evidence, name=override.license,
                                               declared=override.license))
        return answers
