"""Certainty is stated, not implied: the summary, the report and the BOM tell a license read at
its source (the Hub at a revision, here the fake Hub) from one the knowledge base supplied, with
its confidence; "Every license was established" only when it is true; `--require-verified`
refuses knowledge-base-only answers with exit 3, as `--strict` refuses unverifiable ones."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import invoke_mlgate, run_mlgate
from fakehub import FakeHub

APP = ('from transformers import AutoModel\nAutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n'
       'AutoModel.from_pretrained("gpt2")\n')


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as server:
        yield server


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(APP)
    return tmp_path


def _properties(bom: dict[str, object], name: str) -> dict[str, str]:
    component = next(c for c in bom["components"] if c["name"] == name)  # type: ignore[union-attr, index]
    return {p["name"]: p["value"] for p in component["properties"]}


def test_offline_answers_are_marked_as_the_knowledge_bases_with_their_confidence(tmp_path: Path) -> None:
    root = _repo(tmp_path)

    check = invoke_mlgate("check", "app.py", "--policy", "commercial", "--offline", cwd=root)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip().endswith(
        "; 1 file read; licenses: 2 from the knowledge base (1 below high confidence)")

    report = invoke_mlgate("report", "app.py", "--policy", "commercial", "--offline", "-o", "r.html", cwd=root)
    assert report.returncode == 0, report.stderr
    page = (root / "r.html").read_text()
    assert "Every license was established" not in page
    assert "Not every license was established at its source: 2 from the knowledge base (gpt2 below high " \
           "confidence)." in page
    assert "from mlgate&#x27;s knowledge base only (confidence medium)" in page
    assert "Not every license was verified at its source" in page  # in the Cleared banner

    bom = invoke_mlgate("bom", "app.py", "--offline", "-o", "bom.json", cwd=root)
    assert bom.returncode == 0, bom.stderr
    props = _properties(json.loads((root / "bom.json").read_text()), "gpt2")
    assert props["mlgate:license-certainty"] == "knowledge-base"
    assert props["mlgate:kb-confidence"] == "medium"


def test_answers_from_the_hub_are_verified_at_source(tmp_path: Path, hub: FakeHub) -> None:
    root = _repo(tmp_path)
    env = {"HF_ENDPOINT": hub.url}

    check = run_mlgate("check", "app.py", "--policy", "commercial", "--format", "json", cwd=root, env=env)
    assert check.returncode == 0, check.stderr
    doc = json.loads(check.stdout)
    assert doc["summary"]["licenses"]["verified"] == len(doc["components"])
    assert {c["certainty"]["level"] for c in doc["components"]} == {"verified"}

    run_mlgate("report", "app.py", "--policy", "commercial", "-o", "r.html", cwd=root, env=env)
    assert "Every license was established at its source." in (root / "r.html").read_text()

    run_mlgate("bom", "app.py", "-o", "bom.json", cwd=root, env=env)
    props = _properties(json.loads((root / "bom.json").read_text()), "gpt2")
    assert props["mlgate:license-certainty"] == "verified" and "mlgate:kb-confidence" not in props


def test_require_verified_refuses_knowledge_base_answers(tmp_path: Path, hub: FakeHub) -> None:
    root = _repo(tmp_path)

    offline = run_mlgate("check", "app.py", "--policy", "commercial", "--offline", "--require-verified", cwd=root)
    assert offline.returncode == 3
    assert offline.stderr.strip().splitlines()[-1] == (
        "mlgate: error: --require-verified: 2 license(s) come only from mlgate's knowledge base, not verified at "
        "the source: gpt2, Qwen/Qwen2.5-7B-Instruct; run online, or lock them from the Hub")
    assert offline.stdout == ""

    online = run_mlgate("check", "app.py", "--policy", "commercial", "--require-verified", cwd=root,
                        env={"HF_ENDPOINT": hub.url})
    assert online.returncode == 0, online.stderr
