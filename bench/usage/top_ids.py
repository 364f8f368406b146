#!/usr/bin/env python3
"""Write tests/data/top-ids.csv: the most used ids (bench/usage/counts.csv) with their expected category.

    python bench/usage/top_ids.py [--size 300]

The ranking is measured (bench/usage/rank.py); the expected category of each id, and where that
fact comes from, is in bench/usage/facts.csv, curated by hand from primary sources (license
files, model and data set cards, the checked reference in ../shared/reference). Each fact has a
`basis`: `license` (the card or license file names the license), `checked-unknown` (the card
was read and settles nothing: it declares no license, `other`, or its copies disagree, so
unknown is the established answer) or `unchecked` (no primary source was found). An id with
no fact is kept in the list as `unknown` / `unchecked` and says so; scripts/offline_accuracy.py
counts an unchecked id as right in no figure but the loosest.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TOP_IDS = ROOT / "tests" / "data" / "top-ids.csv"
UNSOURCED = "no license source found offline (not verified): the safe answer is unknown"

# Names the scan reports that are not third-party artefacts anyone licenses: the reader's own
# output names in tutorials, and Hub repositories of documentation assets.
NOT_ARTEFACTS = {
    "smollm2-ft-mydataset": "the tutorial's own fine-tuned output name (smol-course), not a published model",
    "huggingface/documentation-images": "images for the documentation pages, loaded as example inputs",
    "huggingface/label-files": "id2label JSON files used to configure heads, not a model or a data set",
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def build(size: int) -> list[dict[str, str]]:
    facts = {(row["id"].lower(), row["kind"]): row for row in read(HERE / "facts.csv")}
    rows: list[dict[str, str]] = []
    for count in read(HERE / "counts.csv"):
        if count["id"].lower() in NOT_ARTEFACTS:
            continue
        fact = facts.get((count["id"].lower(), count["kind"]))
        rows.append({
            "rank": str(len(rows) + 1), "id": count["id"], "kind": count["kind"],
            "repos": count["repos"], "uses": count["uses"],
            "expected_category": fact["expected_category"] if fact else "unknown",
            "basis": fact["basis"] if fact else "unchecked",
            "source": fact["source"] if fact else UNSOURCED,
        })
        if len(rows) == size:
            break
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300)
    args = parser.parse_args(argv)
    rows = build(args.size)
    with TOP_IDS.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    unsourced = sum(row["source"] == UNSOURCED for row in rows)
    print(f"{len(rows)} ids -> {TOP_IDS.relative_to(ROOT)} ({unsourced} without a sourced fact)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
