"""Output formats by kind of document: a name, the renderer, and the file names that select it.

One registry per kind of document lives beside its renderers: findings, inventory and
reference listings in `report/__init__.py`, BOMs in `bom/__init__.py`. A new format is one
module plus one line there. The CLI builds its `--format` choices, and the format an
`-o FILE` implies, from these registries. Renderers are named "module:attribute" and are
imported only when chosen, so a command pays for no format it does not write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from mlgate.model import Result, Severity


@dataclass(frozen=True)
class Format:
    name: str
    renderer: str  # "module:attribute", imported when the format is chosen
    # File-name endings that select this format (`.sarif`, `bom.json`); the longest match wins.
    suffixes: tuple[str, ...] = ()
    # "module:function" called before the run: raises UsageError when the format cannot be
    # written here (an optional dependency missing), so the user learns it before any scanning.
    preflight: str = ""


@dataclass(frozen=True)
class Rendering:
    """What renderers may need besides the run's result."""

    fail_on: Severity = Severity.ERROR
    color: bool = False
    project: str = ""  # the application or project name documents show
    reproducible: bool = False
    timestamp: dt.datetime | None = None
    root: Path | None = None  # the project root: a BOM records the checkout's version from it
    # The run's cache directory, where documents that passed validation are remembered
    # (None: validate every document).
    memo: Path | None = None


# How one kind of document calls its renderers: (loaded renderer, result, options) -> text.
Render = Callable[[Any, Result, Rendering], str]


class Formats:
    """The formats of one kind of document, in the order `--format` lists them."""

    def __init__(self, kind: str, formats: Sequence[Format], default: str, render: Render) -> None:
        self.kind = kind
        self.formats = {f.name: f for f in formats}
        self.default = default
        self._render = render

    def __iter__(self) -> Iterator[str]:
        return iter(self.formats)

    def __getitem__(self, name: str) -> Format:
        return self.formats[name]

    def names(self) -> list[str]:
        return list(self.formats)

    def for_file(self, path: Path) -> Format | None:
        """The format `path`'s name implies, if any (longest matching ending)."""
        found = implied_format(path, (self,))
        return found[1] if found is not None else None

    def choose(self, fmt: str | None, output: Path | None) -> Format:
        """The format asked for, else the one the output's name implies, else the default."""
        if fmt:
            return self.formats[fmt]
        implied = self.for_file(output) if output is not None else None
        return implied or self.formats[self.default]

    def load(self, name: str) -> Any:
        module, _, attribute = self.formats[name].renderer.partition(":")
        return getattr(import_module(module), attribute)

    def preflight(self, name: str) -> None:
        check = self.formats[name].preflight
        if check:
            module, _, attribute = check.partition(":")
            getattr(import_module(module), attribute)()

    def render(self, name: str, result: Result, options: Rendering) -> str:
        return self._render(self.load(name), result, options)


def implied_format(path: Path, registries: Sequence[Formats]) -> tuple[Formats, Format] | None:
    """The kind and format `path`'s name implies among several registries (longest ending wins)."""
    name = path.name.lower()
    matches = [(len(s), registry, f) for registry in registries for f in registry.formats.values()
               for s in f.suffixes if name.endswith(s)]
    if not matches:
        return None
    _, registry, chosen = max(matches, key=lambda m: m[0])
    return registry, chosen
