#!/usr/bin/env python3
"""Rank model and data set ids by how many public training and inference code bases use them.

    python bench/usage/rank.py [--mirrors DIR] [--top N]

The repositories and the commit each is measured at are in bench/usage/repos.json. Each is
extracted from its local git snapshot (`/work/.mirror/<owner>+<name>/repo`, as
bench/corpus/rebuild.py does) into the git-ignored bench/usage/src/, scanned with the installed
`mlgate scan --format json`, and every input reference outside test code is counted:

- `repos`: in how many of the code bases the id is used (the ranking key; one framework that
  lists a model in fifty example configs counts once),
- `uses`: how many references in all (the tie-break).

Test code (tests/, test_*.py, conftest.py, ...) is left out: its tiny fixture models are not what
people train or serve. Placeholders and output targets (`output_dir`, `push_to_hub`) are not
uses. Adapters count as models (an adapter is a Hub model repository). The result goes to
bench/usage/counts.csv; only counts are kept in the repository, never the third-party sources.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path, PurePosixPath

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "corpus"))
from rebuild import DEFAULT_MIRRORS, extract, git_dir, slug  # noqa: E402

SOURCES = HERE / "src"
COUNTS = HERE / "counts.csv"
KINDS = {"model": "model", "adapter": "model", "dataset": "dataset", "api-model": "api-model"}
_TEST_DIRS = {"test", "tests", "testing", "unit_tests", "integration_tests", "regression"}


def is_test_file(path: str) -> bool:
    """Whether a repository path is test code (fixtures there are not real uses)."""
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else ""
    return (any(part in _TEST_DIRS for part in parts[:-1]) or name.startswith("test_")
            or name.endswith(("_test.py", "_tests.py")) or name == "conftest.py")


def scan(tree: Path) -> list[dict[str, object]]:
    """The references `mlgate scan` reports for a tree (the installed command, as a user runs it)."""
    run = subprocess.run(["mlgate", "scan", "--format", "json", str(tree)],
                         capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        raise RuntimeError(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "mlgate scan failed")
    references: list[dict[str, object]] = json.loads(run.stdout)["references"]
    return references


def counted(reference: dict[str, object]) -> tuple[str, str] | None:
    """(id, kind) when the reference is a use that counts, else None."""
    kind = KINDS.get(str(reference.get("kind")))
    if kind is None or reference.get("placeholder") or reference.get("role", "input") != "input":
        return None
    if is_test_file(str(reference.get("path", ""))):
        return None
    return str(reference["target"]), kind


def tally(per_repo: dict[str, list[dict[str, object]]]) -> list[dict[str, object]]:
    """Rows ranked by the number of code bases using the id, then by the number of uses."""
    users: dict[tuple[str, str], set[str]] = defaultdict(set)
    uses: dict[tuple[str, str], int] = defaultdict(int)
    spelling: dict[tuple[str, str], str] = {}
    for repo, references in per_repo.items():
        for reference in references:
            found = counted(reference)
            if found is None:
                continue
            key = (found[0].lower(), found[1])  # Hub ids are case-insensitive
            spelling.setdefault(key, found[0])
            users[key].add(repo)
            uses[key] += 1
    ranked = sorted(users, key=lambda key: (-len(users[key]), -uses[key], key[0]))
    return [{"id": spelling[key], "kind": key[1], "repos": len(users[key]), "uses": uses[key],
             "used_in": ";".join(sorted(users[key]))} for key in ranked]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    parser.add_argument("--top", type=int, default=20, help="print the first N rows")
    args = parser.parse_args(argv)
    entries = json.loads((HERE / "repos.json").read_text())
    per_repo: dict[str, list[dict[str, object]]] = {}
    for entry in entries:
        repo, commit = entry["repo"], entry["commit"]
        tree = SOURCES / slug(repo)
        marker = tree / ".mlgate-usage-commit"
        if not (marker.is_file() and marker.read_text() == commit):
            git = git_dir(args.mirrors, repo)
            if git is None:
                print(f"{repo}: no snapshot under {args.mirrors} (fetch it first)", file=sys.stderr)
                return 1
            extract(git, commit, tree)
            marker.write_text(commit)
        per_repo[repo] = scan(tree)
        print(f"{repo}@{commit[:12]}: {len(per_repo[repo])} references", file=sys.stderr)
    rows = tally(per_repo)
    with COUNTS.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "kind", "repos", "uses", "used_in"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} ids from {len(entries)} code bases -> {COUNTS.relative_to(HERE.parents[1])}")
    for row in rows[:args.top]:
        print(f"  {row['repos']:>3} repos {row['uses']:>5} uses  {row['kind']:<9} {row['id']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
