"""The click group, shared options, and the one place that maps errors to exit codes.

Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage or configuration
error (one line, no traceback), 3 tool failure. `--debug` shows tracebacks.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

import click

from mlgate import __version__
from mlgate.errors import MlgateError
from mlgate.redact import RedactingFormatter, redact

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_FAILURE = 0, 1, 2, 3

HELP = """mlgate: the license gate for ML supply chains.

\b
Finds every model, adapter, dataset and hosted-API model a code base uses, resolves the
license each one is really under, writes a CycloneDX 1.6 ML-BOM, and checks it against a
policy such as "no research-only models in commercial builds".

\b
The gate (exit 1 when the policy finds something):
  mlgate check . --policy commercial      every finding with its license, evidence and file:line
  mlgate check a.py configs/train.yaml    only these files, judged by the repository's settings
  mlgate check mlbom.json                 a CycloneDX BOM, ours or another tool's
  mlgate check . --format sarif -o r.sarif    also json, markdown, csv

\b
Inventory and evidence:
  mlgate scan . --format json             every reference to a model or dataset, with file:line
  mlgate bom . -o mlbom.json              the CycloneDX 1.6 ML-BOM
  mlgate report . -o report.html          one self-contained page for legal review (or .md, .csv)
  mlgate notice . -o NOTICE               attribution, NOTICE lines and license texts to ship
  mlgate explain Qwen/Qwen2.5-3B-Instruct     what mlgate knows about a model or license, and why

\b
Over time:
  mlgate lock .                           pin each model's revision and license in mlgate.lock
  mlgate diff old.json new.json           models added or removed, licenses that changed
  mlgate policy validate policy.yaml      check a policy file

\b
Settings live in [tool.mlgate] (pyproject.toml) or .mlgate.toml: policy, offline, overrides.
Environment: HF_TOKEN for gated models, MLGATE_CACHE_DIR, NO_COLOR / FORCE_COLOR (or --color).
Long runs show a progress bar on a terminal, a progress line every few seconds in a CI log;
--quiet silences everything but errors.
Exit codes: 0 clean, 1 policy findings, 2 usage or configuration error, 3 tool failure.
"""


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is named (click's
    "lazily loading subcommands" pattern): `mlgate scan` never pays for the BOM writer, the
    policy engine or the Hub client. The module registers its command with `@cli.command`."""

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            import_module(self.lazy_commands[cmd_name])
        return super().get_command(ctx, cmd_name)


# command name -> the module that registers it with `@cli.command`
COMMANDS = {
    "bom": "mlgate.cli.bom",
    "check": "mlgate.cli.check",
    "diff": "mlgate.cli.diff",
    "explain": "mlgate.cli.explain",
    "lock": "mlgate.cli.lock",
    "notice": "mlgate.cli.notice",
    "policy": "mlgate.cli.policy",  # `policy validate`
    "report": "mlgate.cli.report",
    "scan": "mlgate.cli.scan",
}


@click.group(cls=LazyGroup, help=HELP, lazy_commands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="mlgate")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("-v", "--verbose", count=True, help="More logging on standard error (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on standard error.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text report: auto means on a terminal, unless NO_COLOR is set or FORCE_COLOR is.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, verbose: int, quiet: bool, color: str) -> None:
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose contradict each other: pass one of them", ctx)
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["quiet"] = quiet
    ctx.obj["color"] = color
    from mlgate.cli.progress import progress_for

    progress = progress_for(sys.stderr, quiet, verbose)
    if progress is not None:
        ctx.obj["progress"] = progress
        ctx.call_on_close(progress.close)  # a bar is erased before any error line or the command's output
    level = logging.ERROR if quiet else [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("mlgate: %(levelname)s: %(message)s"))
    # -v/-vv are for mlgate's own loggers: the HTTP libraries' debug logs carry headers.
    logging.basicConfig(level=max(level, logging.WARNING), handlers=[handler], force=True)
    logging.getLogger("mlgate").setLevel(level)


# Options of the `mlgate` group that people also type after the command (`mlgate check . -q`,
# `args: [-q]` in a pre-commit hook), as bandit and pip-audit accept them.
_GROUP_FLAGS = {"-q", "--quiet", "-v", "-vv", "-vvv", "--verbose", "--debug"}


def group_options_first(argv: list[str]) -> list[str]:
    """`argv` with the group's flags (and `--color X`) that follow the command moved before it."""
    command = 0
    while command < len(argv) and argv[command].startswith("-"):
        command += 2 if argv[command] == "--color" else 1  # the only group option with a value
    command = min(command, len(argv))
    front, rest = argv[:command], []
    tail = argv[command:]
    index = 0
    while index < len(tail):
        arg = tail[index]
        if arg == "--":  # everything after it is an argument, never an option
            rest.extend(tail[index:])
            break
        if arg in _GROUP_FLAGS or arg.startswith("--color="):
            front.append(arg)
        elif arg == "--color" and index + 1 < len(tail):
            front.extend(tail[index:index + 2])
            index += 1
        else:
            rest.append(arg)
        index += 1
    return front + rest


def run_cli(group: click.Group, args: list[str] | None = None, *,
            wall_clock_ns: Callable[[], int] = time.time_ns) -> int:
    """Invoke the CLI and turn every outcome into an exit code; never a traceback for a user error.
    `wall_clock_ns` is what file times are compared with (whether a run may be kept for replay)."""
    given = sys.argv[1:] if args is None else list(args)
    argv = group_options_first(given)
    debug = "--debug" in argv
    try:
        # The command line as typed, which names a run's replay record (`replay.py`).
        result = group.main(args=argv, prog_name="mlgate", standalone_mode=False,
                            obj={"argv": given, "wall_clock_ns": wall_clock_ns})
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("mlgate: aborted", err=True)
        return EXIT_USAGE
    except click.ClickException as exc:
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see '{exc.ctx.command_path} --help')"
        click.echo(f"mlgate: error: {one_line(exc.format_message())}{hint}", err=True)
        return EXIT_USAGE
    except MlgateError as exc:
        if debug:
            _print_traceback()
        click.echo(f"mlgate: error: {one_line(str(exc))}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("mlgate: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # the machine failed (disk full, I/O error), not mlgate's logic
        if debug:
            _print_traceback()
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"mlgate: error: {one_line(where + (exc.strerror or str(exc)))}", err=True)
        return EXIT_FAILURE
    except Exception as exc:  # a bug in mlgate: say so in one line, details with --debug
        if debug:
            _print_traceback()
        click.echo(f"mlgate: internal error: {type(exc).__name__}: {one_line(str(exc))}"
                   " (rerun with --debug for details)", err=True)
        return EXIT_FAILURE
    return int(result or 0)


def _print_traceback() -> None:
    click.echo(redact(traceback.format_exc()), err=True, nl=False)


def one_line(message: str) -> str:
    """`message` as one terminal-safe line without tokens: a file name or server text may hold
    newlines or escape sequences, and an error must stay one line that cannot rewrite the terminal."""
    words = redact(message).split()
    return " ".join("".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                            for ch in word) for word in words)


def project_root(paths: tuple[Path, ...]) -> Path:
    """The root paths are reported against: a single directory argument, else the git top
    level of the current directory, else the current directory."""
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0].resolve()
    from mlgate.scan.gitlist import git_toplevel

    return git_toplevel(Path.cwd()) or Path.cwd().resolve()


def status(message: str) -> bool:
    """A note on standard error for the user (files written, warnings); silent with --quiet.
    Whether it was written."""
    if run_option("quiet"):
        return False
    click.echo(message, err=True)
    return True


def run_option(name: str) -> object:
    """What the `mlgate` group recorded for this run under `name` (None outside a run)."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj.get(name) if isinstance(obj, dict) else None


def color_enabled(stream: Any) -> bool:
    """`--color always|never` decides; with auto, NO_COLOR turns colour off, FORCE_COLOR turns it
    on (a CI log that renders colour), and otherwise a terminal gets colour (no-color.org,
    force-color.org)."""
    choice = run_option("color") or "auto"
    if choice != "auto":
        return bool(choice == "always")
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def shared_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options every command that resolves licenses takes."""
    func = click.option("--offline", is_flag=True, help="Never contact the Hub; use local facts only.")(func)
    func = click.option("--strict", is_flag=True,
                        help="Exit 3 when any license could not be verified (network, offline).")(func)
    func = click.option("--include-comments", is_flag=True,
                        help="Also report references in comments and docstrings.")(func)
    return func
