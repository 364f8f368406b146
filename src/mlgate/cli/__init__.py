"""The `mlgate` command. Commands live one per module; each is named with one line here and
imported only when it runs (or when help lists them)."""

from __future__ import annotations

import sys

from mlgate.cli.app import cli, run_cli

# command name -> the module that registers it with `@cli.command`
cli.lazy_commands.update({
    "bom": "mlgate.cli.bom",
    "check": "mlgate.cli.check",
    "diff": "mlgate.cli.diff",
    "explain": "mlgate.cli.explain",
    "lock": "mlgate.cli.lock",
    "notice": "mlgate.cli.notice",
    "policy": "mlgate.cli.policy",  # `policy validate`
    "report": "mlgate.cli.report",
    "scan": "mlgate.cli.scan",
})

__all__ = ["cli", "main"]


def main() -> None:
    sys.exit(run_cli(cli))


if __name__ == "__main__":  # pragma: no cover
    main()
