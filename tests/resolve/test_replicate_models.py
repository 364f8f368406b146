"""Replicate's models are hosted API models under Replicate's terms: the Hub is never asked about them."""

from __future__ import annotations

from pathlib import Path

from fakehub import FakeHub
from mlgate.config import ProjectSettings, RunConfig
from mlgate.model import Category, Kind, License, Location, Reference
from mlgate.resolve import resolve


def test_a_replicate_model_is_never_looked_up_on_the_hub(tmp_path: Path, hub: FakeHub) -> None:
    config = RunConfig(paths=(tmp_path,), root=tmp_path, timeout=300.0, hub_endpoint=hub.url,
                       cache_dir=tmp_path / ".cache", settings=ProjectSettings())
    references = [
        Reference("replicate/meta/meta-llama-3-8b-instruct", Kind.API_MODEL, Location("app.py", 3), "replicate.run"),
        # a config value LiteLLM routes to Replicate, reported with the kind its key gives
        Reference("replicate/stability-ai/sdxl", Kind.MODEL, Location("config.yaml", 2), "model"),
    ]
    components = resolve(references, config).components
    assert hub.paths == []
    assert {c.target for c in components} == {"replicate/meta/meta-llama-3-8b-instruct", "replicate/stability-ai/sdxl"}
    for component in components:
        assert isinstance(component.license, License)
        assert component.category is Category.PROPRIETARY_API
        assert "governed by Replicate's API terms" in component.license.evidence
