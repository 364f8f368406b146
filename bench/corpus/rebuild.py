"""Rebuild the third-party sources of the detection corpus into bench/corpus/src/ (git-ignored).

    python bench/corpus/rebuild.py [--mirrors DIR] [NAME ...]

The repository keeps only labels, commits and file lists (bench/corpus/<owner>__<name>/meta.json
and the speed trees in bench/corpus/speed.json); the sources themselves are public code that is
never committed here. This script extracts each one at its recorded commit from a local git
snapshot: by default `/work/.mirror/<owner>+<name>/repo` (a bare git directory, as the
development machine's snapshot tool lays them out), or `--mirrors DIR` holding
`<owner>+<name>/repo` or `<owner>+<name>.git`. Each tree becomes a git repository of its own
(one commit), as a clone would be. A missing snapshot or commit is reported and
skipped; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
SOURCES = CORPUS / "src"
DEFAULT_MIRRORS = Path("/work/.mirror")


def entries() -> list[dict[str, str]]:
    """Every tree to rebuild: the labelled repositories, then the speed trees."""
    found = [json.loads(meta.read_text()) for meta in sorted(CORPUS.glob("*__*/meta.json"))]
    speed = CORPUS / "speed.json"
    if speed.is_file():
        found.extend(json.loads(speed.read_text()))
    unique: dict[str, dict[str, str]] = {}
    for entry in found:
        unique.setdefault(entry["repo"], entry)  # a labelled repository may be a speed tree too
    return list(unique.values())


def slug(repo: str) -> str:
    return repo.replace("/", "__")


def git_dir(mirrors: Path, repo: str) -> Path | None:
    base = repo.replace("/", "+")
    for candidate in (mirrors / base / "repo", mirrors / f"{base}.git", mirrors / base):
        if (candidate / "HEAD").is_file() or (candidate / ".git").exists():
            return candidate
    return None


def extract(git: Path, commit: str, destination: Path) -> tuple[int, int]:
    """Write the files of `commit` of the bare repository `git` into `destination`.

    Returns (files written, files missing from the snapshot): snapshots leave out large blobs,
    and a missing blob is skipped rather than failing the whole tree.
    """
    listing = subprocess.run(["git", f"--git-dir={git}", "ls-tree", "-r", "-z", commit],
                             capture_output=True, check=False)
    if listing.returncode != 0:
        raise RuntimeError(listing.stderr.decode(errors="replace").strip() or "git ls-tree failed")
    blobs: list[tuple[str, str, str]] = []  # mode, sha, path
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob" and mode in ("100644", "100755"):  # no links, no submodules
            blobs.append((mode, sha, path.decode("utf-8", "surrogateescape")))
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    batch = subprocess.run(["git", f"--git-dir={git}", "cat-file", "--batch"],
                           input=b"".join(f"{sha}\n".encode() for _, sha, _ in blobs),
                           capture_output=True, check=False)
    stream = io.BytesIO(batch.stdout)
    written = missing = 0
    for mode, _sha, path in blobs:
        header = stream.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            missing += 1
            continue
        content = stream.read(int(header[2]))
        stream.read(1)  # the newline after each object
        target = destination / path
        if ".." in Path(path).parts or Path(path).is_absolute():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        if mode == "100755":
            target.chmod(0o755)
        written += 1
    # A checkout, as a user has one: its own git repository, so the scanner lists it with git's
    # rules (its .gitignore) and not the enclosing repository's, which ignores bench/corpus/src/.
    # Every file of the commit is added, also those its own .gitignore matches (`scripts/` in
    # OpenBMB/MiniCPM): upstream tracks them, so a clone has them and a scan lists them.
    git_env = ["-c", "user.name=corpus", "-c", "user.email=corpus@localhost", "-c", "commit.gpgsign=false"]
    for step in (["init", "-q"], ["add", "-A", "--force"], [*git_env, "commit", "-q", "-m", f"snapshot {commit}"]):
        subprocess.run(["git", *step], cwd=destination, check=True, capture_output=True)
    return written, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="owner/name to rebuild (default: all)")
    parser.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    args = parser.parse_args(argv)
    failed = 0
    for entry in entries():
        repo, commit = entry["repo"], entry["commit"]
        if args.names and repo not in args.names:
            continue
        git = git_dir(args.mirrors, repo)
        if git is None:
            print(f"{repo}: no snapshot under {args.mirrors} (fetch it first)", file=sys.stderr)
            failed += 1
            continue
        try:
            count, missing = extract(git, commit, SOURCES / slug(repo))
        except RuntimeError as error:
            print(f"{repo}@{commit[:12]}: {error}", file=sys.stderr)
            failed += 1
            continue
        note = f" ({missing} not in the snapshot)" if missing else ""
        print(f"{repo}@{commit[:12]}: {count} files{note} -> {(SOURCES / slug(repo)).relative_to(CORPUS.parents[1])}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
