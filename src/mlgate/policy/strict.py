"""`--strict`: a license that could not be verified (network down, offline) fails the run."""

from __future__ import annotations

from collections.abc import Sequence

from mlgate.model import Component, Unresolved, UnresolvedReason

_UNVERIFIABLE = frozenset({UnresolvedReason.NETWORK, UnresolvedReason.OFFLINE})


def strict_failure(components: Sequence[Component]) -> str | None:
    """Why a strict run fails (licenses that could not be verified), or None when it does not."""
    missing = [c for c in components if isinstance(c.license, Unresolved) and c.license.reason in _UNVERIFIABLE]
    if not missing:
        return None
    names = ", ".join(c.target for c in missing[:5]) + (" …" if len(missing) > 5 else "")
    return f"--strict: {len(missing)} license(s) could not be verified: {names}"
