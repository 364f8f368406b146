#!/usr/bin/env python3
"""Offline accuracy of the knowledge base on the most used ids (tests/data/top-ids.csv).

Resolves every id with the network off (knowledge base only) and compares the category with
the expected one the CSV sources. Prints the figures and the misses:
`python scripts/offline_accuracy.py tests/data/top-ids.csv`.

Four figures: right (an id nobody could source counts as right when mlgate says unknown too);
right where the category is established (the goal figure, over all ids: a sourced license, or
`unknown` settled by reading the card, column `basis`; an unchecked id never counts); right
among the ids with a sourced license; and known-and-right over all ids (the coverage figure:
the share of the list mlgate answers offline with a sourced license).
"""

from __future__ import annotations

import csv
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mlgate.config import ProjectSettings, RunConfig
from mlgate.model import Category, Kind, Location, Reference
from mlgate.resolve import resolve

KINDS = {"model": Kind.MODEL, "dataset": Kind.DATASET, "api-model": Kind.API_MODEL}
# Categories that restrict use: an offline answer of "permissive" for one of these is the worst error.
RESTRICTED = {"copyleft", "responsible-ai", "community-conditional", "non-commercial", "research-only",
              "proprietary-api"}


@dataclass
class Score:
    total: int = 0
    right: int = 0
    sourced_total: int = 0  # ids whose expected category is a sourced license (not "unknown")
    sourced_right: int = 0
    established_right: int = 0  # right, and the expected category is established (basis is not "unchecked")
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (id, expected, got)
    permissive_for_restricted: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def established(self) -> float:
        """Ids whose established category mlgate gives offline, over all ids (the goal figure)."""
        return self.established_right / self.total if self.total else 0.0

    @property
    def coverage(self) -> float:
        """Ids answered offline with their sourced category, over all ids."""
        return self.sourced_right / self.total if self.total else 0.0


def evaluate(csv_path: Path) -> Score:
    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    refs = [Reference(r["id"], KINDS[r["kind"]], Location("top-ids.csv", n + 2), "top-ids") for n, r in enumerate(rows)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = RunConfig(paths=(root,), root=root, offline=True, timeout=1.0, hub_endpoint=None,
                           cache_dir=root / "cache", settings=ProjectSettings())
        components = resolve(refs, config).components
    got_by_ref = {(ref.target, ref.kind): c.category.value for c in components for ref in c.references}
    score = Score()
    for row in rows:
        expected = row["expected_category"]
        got = got_by_ref.get((row["id"], KINDS[row["kind"]]), Category.UNKNOWN.value)
        score.total += 1
        score.sourced_total += expected != "unknown"
        if got == expected:
            score.right += 1
            score.sourced_right += expected != "unknown"
            score.established_right += row["basis"] != "unchecked"
        else:
            score.misses.append((row["id"], expected, got))
        if expected in RESTRICTED and got == "permissive":
            score.permissive_for_restricted.append(row["id"])
    return score


def main(argv: list[str]) -> int:
    score = evaluate(Path(argv[1]) if len(argv) > 1 else Path("tests/data/top-ids.csv"))
    print(f"offline: {score.right}/{score.total} right ({score.accuracy:.1%}); right where the category is "
          f"established: {score.established_right}/{score.total} ({score.established:.1%}); "
          f"ids with a sourced license: {score.sourced_right}/{score.sourced_total} right; "
          f"known and right: {score.sourced_right}/{score.total}"
          f" ({score.coverage:.1%}); permissive answers for restricted ids: {len(score.permissive_for_restricted)}")
    for target, expected, got in score.misses:
        print(f"  miss: {target}: expected {expected}, got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
