"""A target found in code or configuration, before it gets a location."""

from __future__ import annotations

from dataclasses import dataclass

from mlgate.model import Kind, Role


@dataclass(frozen=True)
class Found:
    """A target found in a call argument, before it gets a location."""

    target: str
    kind: Kind
    via: str
    role: Role = Role.INPUT
    revision: str | None = None
    placeholder: bool = False  # a fill-in value (`your-username/model`), see `scan.placeholders`
