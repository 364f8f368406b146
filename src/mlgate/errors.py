"""Typed errors the library raises; only the CLI turns them into exit codes and messages.

A user mistake (bad flag, missing file, malformed policy) is a `UsageError` (exit 2) whose
message is one line that names the file and what is wrong. A failure of mlgate or of what it
depends on, that the user asked to be strict about, is a `ToolFailure` (exit 3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class MlgateError(Exception):
    """Base class for errors meant to be shown to the user as one line."""

    exit_code = 3


class UsageError(MlgateError):
    """The user asked for something that cannot be done as asked. Exit 2."""

    exit_code = 2


class ConfigError(UsageError):
    """A configuration or policy file is malformed. The message names the file and place."""

    def __init__(self, path: object, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


class ToolFailure(MlgateError):
    """mlgate could not do its job (invalid BOM produced, unverifiable in --strict). Exit 3."""

    exit_code = 3


def read_config_text(path: Path) -> str:
    """A settings, lock or baseline file's text; anything unreadable is a ConfigError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(path, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "not UTF-8 text") from None
