"""Where the scanned directory stands in its git repository, and which version it is at.

Reports name files relative to the scanned directory; GitHub (SARIF upload, annotations)
places them relative to the repository root. `repository_place` gives the prefix between the
two, so `mlgate check services/api` reports `services/api/summarize.py`, not `summarize.py`.
`project_version` is what a BOM records as the application's version.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlgate.scan.gitlist import GIT, git_toplevel


@dataclass(frozen=True)
class RepositoryPlace:
    """`top`: the git top level (the directory itself outside git, `in_git` False); `prefix`:
    the directory's path below `top` with a trailing `/`, empty at the top."""

    top: Path
    prefix: str
    in_git: bool

    def path(self, relative: str) -> str:
        """A path relative to the scanned directory, made relative to the repository root."""
        return self.prefix + relative


def repository_place(root: Path) -> RepositoryPlace:
    resolved = root.resolve()
    top = git_toplevel(resolved)
    if top is None:
        return RepositoryPlace(resolved, "", in_git=False)
    try:
        rel = resolved.relative_to(top).as_posix()
    except ValueError:  # git answered with a path that does not hold the directory (a link)
        return RepositoryPlace(resolved, "", in_git=False)
    return RepositoryPlace(top, "" if rel == "." else rel + "/", in_git=True)


def project_version(root: Path) -> str | None:
    """`git describe --tags` of the checkout, else its commit; None outside git or before a commit."""
    for args in (("describe", "--tags"), ("rev-parse", "HEAD")):
        try:
            proc = subprocess.run([*GIT, "-C", str(root), *args], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        answer = proc.stdout.decode(errors="replace").strip()
        if proc.returncode == 0 and answer:
            return answer
    return None
