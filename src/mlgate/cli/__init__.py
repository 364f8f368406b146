"""The `mlgate` command. Commands live one per module (`app.py` names each with one line) and
are imported only when they run; a rescan that nothing changed is written from its replay
record (`replay.py`) before click is even imported."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # as typing.TYPE_CHECKING: `main` must not pay for importing typing
if TYPE_CHECKING:
    from mlgate.cli.app import cli, run_cli

__all__ = ["cli", "main", "run_cli"]


def main() -> None:
    from mlgate.cli.replay import replayed

    code = replayed(sys.argv[1:])
    if code is None:
        from mlgate.cli.app import cli, run_cli

        code = run_cli(cli)
    sys.exit(code)


def __getattr__(name: str) -> object:
    """`cli` and `run_cli`, loaded with click when asked for (`from mlgate.cli import cli`)."""
    if name in ("cli", "run_cli"):
        from mlgate.cli import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":  # pragma: no cover
    main()
