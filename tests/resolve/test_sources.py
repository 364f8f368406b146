"""The license-source registry: one line per source, the settings' names, and the wrapping lock."""

from __future__ import annotations

import importlib
from pathlib import Path

from mlgate.config import DEFAULT_SOURCES, ProjectSettings, RunConfig
from mlgate.resolve.chain import Chain, build_chain
from mlgate.resolve.lock import LockSource
from mlgate.sources import SOURCES


def test_every_registered_source_is_a_module_with_a_factory() -> None:
    assert tuple(SOURCES) == DEFAULT_SOURCES
    for name, module in SOURCES.items():
        assert callable(importlib.import_module(module).source), name


def test_the_chain_follows_the_configured_order_and_the_lock_wraps_what_follows(tmp_path: Path) -> None:
    (tmp_path / "mlgate.lock").write_text('{"format": 1, "entries": []}\n')
    settings = ProjectSettings(sources=("lock", "local", "knowledge-base"))
    config = RunConfig(paths=(tmp_path,), root=tmp_path, settings=settings, offline=False)
    chain = build_chain(config)
    assert [s.name for s in chain.sources] == ["lock", "local", "knowledge-base"]
    lock = chain.sources[0]
    assert isinstance(lock, LockSource) and isinstance(lock.later, Chain)
    assert lock.later.sources == chain.sources[1:]  # the same instances: their notes count once
    assert chain.notes() == ()
    without = build_chain(RunConfig(paths=(tmp_path,), root=tmp_path,
                                    settings=ProjectSettings(sources=("knowledge-base", "lock"))))
    assert [s.name for s in without.sources] == ["knowledge-base", "lock"]
