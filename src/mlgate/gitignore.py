"""Git-style path patterns (`exclude` settings, policy scopes), read by pathspec."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def gitignore_spec(patterns: Iterable[str]) -> Any:
    """A pathspec `PathSpec` for `patterns` as .gitignore reads them.

    pathspec 1.x names this pattern style "gitignore" and deprecates "gitwildmatch"; before 1.0
    only "gitwildmatch" exists, with the same meaning. Raises ValueError on a malformed pattern.
    """
    import pathspec

    lines = list(patterns)
    try:
        return pathspec.PathSpec.from_lines("gitignore", lines)
    except LookupError:
        return pathspec.PathSpec.from_lines("gitwildmatch", lines)
