"""The license sources by name, in their default order. A new source is one module plus one line here.

Each entry names a module under `mlgate/resolve/` that defines
`source(config: RunConfig, later: LicenseSource) -> LicenseSource | None`: the source for this
run, or None when it does not apply (no overrides configured, no lock file, ...). `later` is
the chain of the sources configured after it, for a source that wraps them (the lock file
verifies its answers against them); most sources ignore it. A module is imported only when
its source is configured, so a run loads only the sources it uses.

The table is data at the package root so that settings (`[tool.mlgate] sources`) can check
names against it without importing the resolve stage.
"""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "override": "mlgate.resolve.override",
    "lock": "mlgate.resolve.lock",
    "local": "mlgate.resolve.local",
    "hub": "mlgate.resolve.hub",
    "hf-cache": "mlgate.resolve.hf_cache",
    "knowledge-base": "mlgate.resolve.knowledge",
}
