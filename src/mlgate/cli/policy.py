"""`mlgate policy validate FILE...`: check policy files without scanning anything."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from mlgate.cli.app import cli
from mlgate.cli.common import validation_memo
from mlgate.policy.loader import load_policy


@cli.group("policy")
def policy_group() -> None:
    """Work with policy files."""


@policy_group.command("validate")
@click.argument("files", nargs=-1, required=True)
def validate_command(files: tuple[str, ...]) -> int:
    """Validate policy FILES (or preset names) against the policy schema.

    Exit 0 when every one is valid, 2 at the first that is not, with the file, line, field and
    what was expected.
    """
    today = date.today()
    memo = validation_memo()
    for spec in files:
        policy = load_policy(spec, Path.cwd(), memo=memo)
        rules = sum(1 for _ in policy.all_rules())
        expired = [w for w in policy.waivers if w.expired(today)]
        note = f"; {len(expired)} waiver(s) expired" if expired else ""
        counts = ", ".join((_count(rules, "rule"), _count(len(policy.scopes), "scope"),
                            _count(len(policy.waivers), "waiver")))
        click.echo(f"{spec}: valid policy {policy.name!r} ({counts}{note})")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
