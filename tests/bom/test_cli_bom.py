"""`mlgate bom` end to end through the installed command: formats, validation, reproducibility."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bom.samples import assert_valid_cyclonedx
from conftest import DEMO, run_mlgate
from mlgate.bomread.cyclonedx import read_bom


@pytest.mark.parametrize(("args", "name", "fmt"), [
    (("--format", "json"), "mlbom.json", "json"),
    (("--format", "xml"), "mlbom.json", "xml"),  # the flag wins over the file name
    ((), "mlbom.cdx.xml", "xml"),                # else the file name decides
    ((), "mlbom.cdx.json", "json"),
])
def test_demo_bom_validates(tmp_path: Path, args: tuple[str, ...], name: str, fmt: str) -> None:
    out = tmp_path / name
    proc = run_mlgate("bom", DEMO, "-o", out, "--offline", *args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and f"wrote {out}" in proc.stderr
    text = out.read_text(encoding="utf-8")
    assert_valid_cyclonedx(text, fmt)
    components = read_bom(out).components
    assert {"Qwen/Qwen2.5-3B-Instruct", "acme-support/support-conversations"} <= {c.target for c in components}


@pytest.mark.parametrize("fmt", ["json", "xml", "spdx"])
def test_reproducible_runs_are_byte_identical(tmp_path: Path, fmt: str) -> None:
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    outputs = []
    for run, seed in enumerate(("1", "2")):
        out = tmp_path / f"{run}.{fmt}"
        proc = run_mlgate("bom", repo, "--format", fmt, "--reproducible", "--offline", "-o", out,
                          env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 0, proc.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    if fmt != "spdx":
        assert_valid_cyclonedx(outputs[0].decode(), fmt)


def test_source_date_epoch_sets_the_reproducible_timestamp(tmp_path: Path) -> None:
    proc = run_mlgate("bom", DEMO, "--reproducible", "--offline", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert proc.returncode == 0, proc.stderr
    assert_valid_cyclonedx(proc.stdout)
    assert json.loads(proc.stdout)["metadata"]["timestamp"].startswith("2026-01-01T00:00:00")
    bad = run_mlgate("bom", DEMO, "--reproducible", "--offline", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.returncode == 2 and bad.stderr.startswith("mlgate: error: SOURCE_DATE_EPOCH:")


def test_unwritable_output_is_a_usage_error_and_nothing_is_left(tmp_path: Path) -> None:
    out = tmp_path / "missing-dir" / "mlbom.json"
    proc = run_mlgate("bom", DEMO, "--offline", "-o", out)
    assert proc.returncode == 2 and "does not exist" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.parent.exists()


def test_bad_format_is_a_usage_error() -> None:
    proc = run_mlgate("bom", DEMO, "--format", "pdf")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
