"""`mlgate explain` with a word that is neither a model nor a license: a usage error with the
closest license ids, never an "unresolved model" that hides the typo."""

from __future__ import annotations

from pathlib import Path

from conftest import run_mlgate
from fakehub import FakeHub


def test_a_mistyped_license_id_is_refused_with_the_closest_ids(tmp_path: Path, hub: FakeHub) -> None:
    proc = run_mlgate("explain", "apache2", cwd=tmp_path, env={"HF_ENDPOINT": hub.url})

    assert proc.returncode == 2, proc.stdout
    assert proc.stdout == ""
    assert proc.stderr.startswith("mlgate: error: 'apache2': neither a model mlgate knows nor a license id")
    assert "closest license ids: apache-2.0" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1


def test_offline_the_same_word_is_refused_too(tmp_path: Path) -> None:
    proc = run_mlgate("explain", "gpl3", "--offline", cwd=tmp_path)

    assert proc.returncode == 2
    assert "closest license ids: gpl-3.0" in proc.stderr


def test_a_bare_legacy_model_id_is_still_explained(tmp_path: Path) -> None:
    proc = run_mlgate("explain", "gpt2", "--offline", cwd=tmp_path)

    assert proc.returncode == 0, proc.stderr
    assert "MIT" in proc.stdout
