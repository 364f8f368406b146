"""`--format` and `-o FILE`: which documents a command writes where, from the format registries.

No command keeps its own list of formats or file endings: `--format` choices and the format a
file name implies come from the registries (`report.FINDINGS`, `report.INVENTORY`,
`report.REFERENCES`, `bom.BOMS`). Every document is rendered before any file is written, so a
failure leaves no output half-done.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from mlgate.cli.app import color_enabled
from mlgate.cli.common import check_output, emit
from mlgate.errors import UsageError
from mlgate.formats import Formats, Rendering, implied_format
from mlgate.model import Result


@dataclass(frozen=True)
class Output:
    registry: Formats
    format: str
    path: Path | None  # None: standard output


def format_option(registry: Formats, what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--format` with the registry's names; unset means: from the -o name, else the default."""
    return click.option("--format", "fmt", type=click.Choice(registry.names()),
                        help=f"{what} [default: from the -o name, else {registry.default}].")


def plan(fmt: str | None, paths: Sequence[Path], registries: Sequence[Formats], *,
         named: bool = False) -> list[Output]:
    """What to write where. The first registry is the command's own; `--format` names one of its formats.
    With `named`, a single file's name must say a format the command writes (or `--format` does).

    One destination: `--format`, else the format its name implies, else the default. Several
    `-o`: each file's name must say its format (`report.sarif`, `mlbom.json`, `summary.md`).
    """
    own = registries[0]
    if len(paths) <= 1:
        path = paths[0] if paths else None
        implied = implied_format(path, registries) if path is not None and not fmt else None
        if implied is not None:
            return [Output(implied[0], implied[1].name, path)]
        known = {Path(s).suffix or s for f in own.formats.values() for s in f.suffixes}
        if named and path is not None and path.suffix and not fmt and path.suffix.lower() not in known:
            # `report -o report.pdf`, `bom -o x.spdx`: a name that promises a format mlgate does
            # not write stops the run before any work, instead of writing something else there.
            endings = ", ".join(s for f in own.formats.values() for s in f.suffixes)
            raise UsageError(f"{path}: mlgate cannot write that format; name the file with one of {endings} "
                             "or pass --format")
        return [Output(own, fmt or own.default, path)]
    if fmt:
        raise UsageError("--format names the format of a single output; with several -o, each file's name "
                         "says its format")
    planned = []
    for path in paths:
        implied = implied_format(path, registries)
        if implied is None:
            endings = ", ".join(s for r in registries for f in r.formats.values() for s in f.suffixes)
            raise UsageError(f"{path}: cannot tell the format from the file name; use one of {endings}")
        planned.append(Output(implied[0], implied[1].name, path))
    return planned


def preflight(outputs: Sequence[Output]) -> None:
    """Fail before the run when a chosen format cannot be written here (a missing optional extra,
    a directory that does not exist)."""
    for output in outputs:
        output.registry.preflight(output.format)
        check_output(output.path)


def write(outputs: Sequence[Output], result: Result, options: Rendering) -> list[str]:
    """Render every output, then write them; colour only on a terminal. The texts written."""
    texts, colors = [], []
    for output in outputs:
        color = options.color and output.path is None and color_enabled(sys.stdout)
        colors.append(color)
        texts.append(output.registry.render(output.format, result, replace(options, color=color)))
    for output, text, color in zip(outputs, texts, colors, strict=True):
        emit(text, output.path, color=color)  # keep colour codes on a pipe when --color always asks
    return texts
