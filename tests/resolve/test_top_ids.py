"""The goal of issue 15: the most used model and data set ids resolve offline to the right category."""

from __future__ import annotations

import csv
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP_IDS = ROOT / "tests" / "data" / "top-ids.csv"


def test_top_ids_list_is_big_enough_and_every_fact_has_a_source() -> None:
    with TOP_IDS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 300
    assert all(r["source"].strip() and r["kind"] in ("model", "dataset", "api-model") for r in rows)
    assert len({(r["id"].lower(), r["kind"]) for r in rows}) == len(rows)
    assert sum(r["kind"] == "dataset" for r in rows) >= 30


def test_offline_run_is_right_for_90_percent_and_never_permissive_for_restricted() -> None:
    evaluate = runpy.run_path(str(ROOT / "scripts" / "offline_accuracy.py"))["evaluate"]
    score = evaluate(TOP_IDS)
    assert score.permissive_for_restricted == []
    assert score.accuracy >= 0.9, score.misses
    assert score.sourced_right / score.sourced_total >= 0.9, score.misses
