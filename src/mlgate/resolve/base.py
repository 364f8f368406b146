"""The license-source interface: one source per origin of license facts.

A source takes a batch of lookups (so the Hub source can run them concurrently) and
answers the ones it can. A lookup it has no opinion on is simply absent from the answer;
an `Answer` holding `Unresolved` says "I tried and could not", with the reason, and the
chain moves on to the next source but remembers why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from mlgate.model import BaseModelLink, Kind, LicenseResult


@dataclass(frozen=True)
class Lookup:
    target: str
    kind: Kind
    revision: str | None = None
    # An API model name sent to a self-hosted server: its URL(s), space-separated (`Reference.endpoint`).
    # Such a lookup is a separate one from the same name at a provider: no provider's terms apply.
    endpoint: str | None = None


@dataclass(frozen=True)
class Answer:
    license: LicenseResult
    revision: str | None = None
    canonical: str | None = None
    base_models: tuple[BaseModelLink, ...] = ()
    datasets: tuple[str, ...] = ()
    gated: bool | None = None
    properties: tuple[tuple[str, str], ...] = ()
    # Set when mlgate.lock recorded a different license for this lookup than the one found now.
    locked_expression: str | None = None


class LicenseSource(Protocol):
    """One origin of license facts. Register new sources in `mlgate/sources.py`.

    Sources subclass this explicitly to inherit the default `notes()`.
    """

    name: str

    def lookup(self, lookups: Sequence[Lookup]) -> Mapping[Lookup, Answer]:
        """Answers for the lookups this source can speak to. Never raises for a lookup."""
        ...

    def notes(self) -> tuple[str, ...]:
        """What the user should know about this run's lookups that is not a finding (one line each)."""
        return ()


def shown_path(path: Path, root: Path) -> str:
    """A path as evidence shows it: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (OSError, ValueError):
        return str(path)
