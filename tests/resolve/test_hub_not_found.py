"""A Hub endpoint that answers "not found" to everything (a proxy, a mistyped `HF_ENDPOINT`) is
noticed: the run says so in a note naming the endpoint, and not-found answers are cached only
for minutes (the clock is injected: no sleeping)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_mlgate
from fakehub import FakeHub
from mlgate.model import Unresolved, UnresolvedReason
from resolve.conftest import HubFactory, model

MISSING = "acme-labs/no-such-model"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_not_found_is_cached_for_minutes_only(hub: FakeHub, hub_source: HubFactory) -> None:
    clock = Clock(1_000_000.0)
    found = model("Qwen/Qwen2.5-3B-Instruct")
    lookups = [model(MISSING), found]

    first = hub_source(wall_clock=clock).lookup(lookups)
    assert isinstance(first[model(MISSING)].license, Unresolved)
    assert first[model(MISSING)].license.reason is UnresolvedReason.NOT_FOUND
    assert (hub.count(MISSING), hub.count(found.target)) == (1, 1)

    clock.now += 60  # a minute later both answers come from the cache
    hub_source(wall_clock=clock).lookup(lookups)
    assert (hub.count(MISSING), hub.count(found.target)) == (1, 1)

    clock.now += 300  # six minutes on, "not found" has expired; the license answer has not
    again = hub_source(wall_clock=clock).lookup(lookups)
    assert (hub.count(MISSING), hub.count(found.target)) == (2, 1)
    assert "(cached)" not in str(again[model(MISSING)].license)


def test_an_endpoint_that_finds_nothing_is_named_in_a_note(tmp_path: Path) -> None:
    targets = [f"acme-labs/model-{n}" for n in range(5)]
    (tmp_path / "app.py").write_text("from transformers import AutoModel\n" + "".join(
        f'AutoModel.from_pretrained("{t}")\n' for t in targets))
    empty = tmp_path / "no-repos"  # a Hub-shaped server that knows no repository at all
    empty.mkdir()
    with FakeHub(root=empty) as hub:
        endpoint = hub.url
        proc = run_mlgate("check", "app.py", "--policy", "commercial", cwd=tmp_path, env={"HF_ENDPOINT": endpoint})

    assert proc.returncode == 1, proc.stderr
    notes = [line for line in proc.stderr.splitlines() if "answered \"not found\" to all" in line]
    assert notes == [f"mlgate: note: the Hub at {endpoint} answered \"not found\" to all 5 lookups: if those "
                     "repositories exist, HF_ENDPOINT or a proxy points somewhere that is not the Hub "
                     "(these answers are cached only briefly)"]


def test_a_few_repositories_not_found_among_found_ones_is_no_note(tmp_path: Path, hub: FakeHub) -> None:
    targets = ["Qwen/Qwen2.5-3B-Instruct", *(f"acme-labs/model-{n}" for n in range(5))]
    (tmp_path / "app.py").write_text("from transformers import AutoModel\n" + "".join(
        f'AutoModel.from_pretrained("{t}")\n' for t in targets))

    proc = run_mlgate("check", "app.py", "--policy", "commercial", cwd=tmp_path, env={"HF_ENDPOINT": hub.url})

    assert proc.returncode == 1, proc.stderr
    assert "not found\" to all" not in proc.stderr
