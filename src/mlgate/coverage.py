"""No silent zero: when a run that should judge code read no file at all, say why.

A gate that passes because it saw nothing is a fail-open error, so `check`, `bom` and
`report` refuse such a run (exit 2) with one line naming the causes (files ignored by
`.gitignore`, excluded by the settings, or not of a kind mlgate reads) and how to include them.
One exception: files named one by one that the settings' `exclude` drops (what a pre-commit
hook passes when a commit touches only excluded files) pass with a note saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mlgate.model import ScanResult
from mlgate.scan.gitlist import git_ignored_count

READABLE = ("Python, notebooks, YAML/JSON/TOML configurations, shell scripts, Dockerfiles, Modelfiles, "
            "Markdown and model weight files")


def named_files_excluded(scanned: ScanResult, paths: Sequence[Path], settings_file: Path | None) -> str | None:
    """A note when only files were named and the settings exclude every one of them, else None."""
    if not paths or any(p.is_dir() for p in paths) or scanned.files_excluded != scanned.files_listed:
        return None
    settings = settings_file.name if settings_file else "the settings"
    return f"nothing to check: all {scanned.files_excluded} named file(s) are excluded by `exclude` in {settings}"


def nothing_read(scanned: ScanResult, paths: Sequence[Path], settings_file: Path | None) -> str:
    """The one-line reason a scan of `paths` read no file, with what to do about it."""
    where = ", ".join(str(p) for p in paths[:3]) + (" …" if len(paths) > 3 else "")
    settings = settings_file.name if settings_file else "the settings"
    ignored = sum(git_ignored_count(p) for p in paths if p.is_dir())
    unread = scanned.files_listed - scanned.files_excluded
    causes: list[tuple[int, str, str]] = [
        (ignored, "ignored by .gitignore", "name them on the command line (ignore rules never apply to a named path)"),
        (scanned.files_excluded, f"excluded by `exclude` in {settings}", "narrow that pattern"),
        (len(scanned.skipped), "skipped (links, unreadable)", "see `mlgate scan` for each"),
        (unread, "not of a kind mlgate reads", f"mlgate reads {READABLE}"),
    ]
    found = [(count, what, fix) for count, what, fix in causes if count]
    if not found:
        return f"nothing scanned in {where}: there is no file there"
    why = ", ".join(f"{count} file(s) {what}" for count, what, _ in found)
    return f"nothing scanned in {where}: {why}; to include them: {'; '.join(fix for _, _, fix in found)}"
