"""`--strict` and `--require-verified`: when a run's licenses were not all checked at their source.

`--strict`: a license that could not be verified (network down, offline) fails the run (exit 3).
`--require-verified`: so does one only mlgate's knowledge base vouches for, since that verdict
was not checked against its source either.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlgate.certainty import knowledge_base_only
from mlgate.model import Component, Unresolved, UnresolvedReason

_UNVERIFIABLE = frozenset({UnresolvedReason.NETWORK, UnresolvedReason.OFFLINE})


def strict_failure(components: Sequence[Component], strict: bool = True,
                   require_verified: bool = False) -> str | None:
    """Why a strict or require-verified run fails, or None when it does not."""
    if strict or require_verified:
        missing = [c for c in components if isinstance(c.license, Unresolved) and c.license.reason in _UNVERIFIABLE]
        if missing:
            flag = "--strict" if strict else "--require-verified"
            return f"{flag}: {len(missing)} license(s) could not be verified: {_names(missing)}"
    if require_verified and (known := knowledge_base_only(components)):
        return (f"--require-verified: {len(known)} license(s) come only from mlgate's knowledge base, "
                f"not verified at the source: {_names(known)}; run online, or lock them from the Hub")
    return None


def _names(components: Sequence[Component]) -> str:
    return ", ".join(c.target for c in components[:5]) + (" …" if len(components) > 5 else "")
