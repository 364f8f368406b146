"""Endpoints are shown and stored without credentials, query or fragment (one helper for all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgate.redact import without_credentials
from mlgate.resolve.hub import HubSettings


@pytest.mark.parametrize(("url", "shown"), [
    ("http://user:secret@localhost:8000/v1?api_key=sk-abc#frag", "http://localhost:8000/v1"),
    ("http://u:pw@[::1]:8000/v1", "http://[::1]:8000/v1"),  # (IPv6 brackets kept)
    ("https://hub.example.com/mirror/", "https://hub.example.com/mirror/"),
    ("http://10.0.0.5:8000/v1 http://other", "http://10.0.0.5:8000/v1"),
    ("", ""),
])
def test_credentials_query_and_fragment_are_dropped(url: str, shown: str) -> None:
    assert without_credentials(url) == shown


def test_the_hub_endpoint_is_shown_without_its_password_and_keeps_an_ipv6_host(tmp_path: Path) -> None:
    settings = HubSettings(endpoint="http://me:hunter2@[::1]:9000/hub", token=None, offline=True, timeout=1.0,
                           budget=1.0, cache_dir=tmp_path, ttl=60.0)
    assert settings.shown_endpoint == "http://[::1]:9000/hub"
    assert "hunter2" not in repr(settings)
