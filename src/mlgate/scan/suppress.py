"""Inline suppression: `# mlgate: ignore` or `# mlgate: ignore[rule-id, ...] reason` on a reference's line.

Applied once, after every detector, to the physical line the reference stands on, so it
works the same in Python, YAML, TOML, shell, Dockerfiles and notebooks (where the comment
sits inside the JSON string of the cell line). `//` and `<!--` comments are accepted too.
A bare ignore covers every rule (and `mlgate scan` leaves such references out); a rule list
covers only those rules, which the policy engine then waives.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import TypeVar

from mlgate.model import Reference, Suppression
from mlgate.scan.base import SourceFile
from mlgate.scan.python.pending import Pending

_IGNORE = re.compile(r"(?:#|//|<!--)\s*mlgate:\s*ignore\b(?:\[(?P<rules>[^\]]*)\])?(?P<reason>[^\n]*)")
_MARKER = b"mlgate:"


def parse_suppression(line: str) -> Suppression | None:
    """The suppression a line carries, or None."""
    match = _IGNORE.search(line)
    if match is None:
        return None
    rules = tuple(r.strip() for r in (match.group("rules") or "").split(",") if r.strip())
    reason = match.group("reason").strip()
    # Inside a notebook cell the comment ends the JSON string: `... reason\n",`.
    for tail in ('",', '"', "\\n", "-->", "*/"):
        reason = reason.removesuffix(tail).rstrip()
    return Suppression(rules, reason.lstrip(":-– ").strip())


# References, and pending items that carry the suppression to the references they become.
Located = TypeVar("Located", Reference, Pending)


def apply_suppressions(source: SourceFile, refs: Iterable[Located]) -> list[Located]:
    """`refs` with `suppression` set where their line says so."""
    refs = list(refs)
    if not refs or _MARKER not in source.data:
        return refs
    out = []
    for ref in refs:
        suppression = parse_suppression(source.line_text(ref.location.line))
        out.append(dataclasses.replace(ref, suppression=suppression) if suppression else ref)
    return out
