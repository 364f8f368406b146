"""License history: licenses that changed over time, as data, and what that means for a revision or a lock.

`data/models.json` keeps, per Hub id or pattern, the licenses in force before a date
(`until`, exclusive): tiiuae/falcon-7b was under the TII Falcon LLM License until the end of
May 2023, facebook/dinov2-* under CC-BY-NC-4.0 until 2023-08-31. A lock entry is dated
(`locked_on`), so the license its revision had is known offline; a commit sha alone is not
dated offline, so a pinned reference gets the history in its evidence instead of a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fnmatch import fnmatchcase
from typing import Any

Record = Mapping[str, str]

# Revisions that name the repository's current state: today's license is the one that applies.
_MOVING = frozenset({"main", "master", "head"})


def undated(revision: str | None) -> bool:
    """Whether `revision` pins something mlgate cannot date offline (a commit sha, a tag, another
    branch), so an earlier license may be the one that applies; `main` is today's state."""
    return bool(revision) and str(revision).lower() not in _MOVING


def history_of(kb: Mapping[str, Any], target: str) -> list[Record]:
    """The earlier licenses of `target` (exact id first, then a pattern), oldest change first."""
    table: Mapping[str, list[Record]] = kb.get("history", {})
    low = target.lower()
    for key, records in table.items():
        if key.lower() == low:
            return sorted(records, key=lambda r: r["until"])
    for key, records in table.items():
        if "*" in key and fnmatchcase(low, key.lower()):
            return sorted(records, key=lambda r: r["until"])
    return []


def in_force_on(history: Sequence[Record], day: str) -> Record | None:
    """The historical license in force on `day` (ISO date); None when today's license already applied."""
    return next((record for record in history if day[:10] < record["until"]), None)


def describe(history: Sequence[Record]) -> str:
    """`until 2023-05-31: other/tii-falcon-llm (drift.md C1 ...)` for each change."""
    parts = []
    for record in history:
        declared = record["license"] + (f"/{record['license_name']}" if record.get("license_name") else "")
        parts.append(f"until {record['until']}: {declared} ({record['evidence']})")
    return "; ".join(parts)


def pinned_note(history: Sequence[Record], revision: str) -> str:
    """What the evidence of a pinned, undated revision says about the history."""
    return (f"the license changed over time ({describe(history)}); revision {revision} is not dated offline: "
            "if it predates a change, the earlier license applies to it")
