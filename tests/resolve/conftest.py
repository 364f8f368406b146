"""Fixtures for the resolution tests: a running fake Hub and sources pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fakeclock import FakeClock
from fakehub import FakeHub
from mlgate.config import ProjectSettings, RunConfig
from mlgate.model import Kind
from mlgate.resolve.base import Lookup
from mlgate.resolve.hub import HubSettings, HubSource


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as server:
        yield server


HubFactory = Callable[..., HubSource]


@pytest.fixture
def hub_source(hub: FakeHub, tmp_path: Path) -> HubFactory:
    """A HubSource for the fake Hub; keyword arguments override HubSettings fields.

    By default the budget runs on a fake clock and the request timeout is far above what a
    local reply takes on a busy machine: tests about timeouts or budgets set their own.
    """

    def make(**overrides: Any) -> HubSource:
        fields: dict[str, Any] = {
            "endpoint": hub.url, "token": None, "offline": False, "timeout": 60.0, "budget": 20.0,
            "cache_dir": tmp_path / "cache", "ttl": 3600.0, "clock": FakeClock(),
        }
        fields.update(overrides)
        return HubSource(HubSettings(**fields))

    return make


def model(target: str, revision: str | None = None) -> Lookup:
    return Lookup(target, Kind.MODEL, revision)


def run_config(root: Path, **settings: Any) -> RunConfig:
    """A RunConfig for `root` with project settings overridden by keyword (e.g. sources=...)."""
    offline = settings.pop("offline", False)
    timeout = settings.pop("timeout", 60.0)
    return RunConfig(paths=(root,), root=root, offline=offline, timeout=timeout,
                     settings=ProjectSettings(**settings))
