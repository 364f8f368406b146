"""The `mlgate` command. Commands live one per module; each registers with one line here."""

from __future__ import annotations

import sys

import click

from mlgate.cli import bom as _bom  # noqa: F401  (registers `bom`)
from mlgate.cli import check as _check  # noqa: F401  (registers `check`)
from mlgate.cli import diff as _diff  # noqa: F401  (registers `diff`)
from mlgate.cli import explain as _explain  # noqa: F401  (registers `explain`)
from mlgate.cli import lock as _lock  # noqa: F401  (registers `lock`)
from mlgate.cli import notice as _notice  # noqa: F401  (registers `notice`)
from mlgate.cli import policy as _policy  # noqa: F401  (registers `policy validate`)
from mlgate.cli import report as _report  # noqa: F401  (registers `report`)
from mlgate.cli import scan as _scan  # noqa: F401  (registers `scan`)
from mlgate.cli.app import cli, run_cli

__all__ = ["cli", "main"]


def main() -> None:
    sys.exit(run_cli(cli))


if __name__ == "__main__":  # pragma: no cover
    main()

_ = click  # keep the import for type checkers of plugins
