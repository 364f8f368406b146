"""The gate never passes on nothing: a named ignored path is scanned, a run that read no file
is a usage error saying why, and a JSON or XML file that is not a CycloneDX BOM is refused.

Through the installed command: a named ignored path, a tree all ignored, files named one by one
that settings exclude (what a pre-commit hook passes); the other cases run the same CLI in-process."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import invoke_mlgate, run_mlgate
from hostile.helpers import assert_clean_error, git_init

RESEARCH_ONLY = 'from transformers import AutoModel\nAutoModel.from_pretrained("Qwen/Qwen2.5-3B-Instruct")\n'


def test_a_directory_named_on_the_command_line_is_scanned_though_gitignore_ignores_it(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "main.py").write_text("print('hello')\n")
    git_init(tmp_path)
    inner = tmp_path / "build" / "gen"
    inner.mkdir(parents=True)
    (inner / "app.py").write_text(RESEARCH_ONLY)
    (inner / ".gitignore").write_text("skip.py\n")  # rules below the named path still apply
    (inner / "skip.py").write_text(RESEARCH_ONLY.replace("3B", "0.5B"))

    proc = run_mlgate("check", "build/gen", "--policy", "commercial", "--offline", "--format", "json",
                      cwd=tmp_path)

    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["summary"]["files_scanned"] == 1
    assert [c["target"] for c in doc["components"]] == ["Qwen/Qwen2.5-3B-Instruct"]


def test_a_tree_whose_every_file_is_ignored_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.py\n")
    (tmp_path / "app.py").write_text(RESEARCH_ONLY)
    git_init(tmp_path)

    proc = run_mlgate("check", ".", "--policy", "commercial", "--offline", cwd=tmp_path)

    assert_clean_error(proc, "nothing scanned", "1 file(s) ignored by .gitignore", "name them on the command line")
    assert proc.stdout == ""


def test_files_all_excluded_by_settings_are_a_usage_error_for_check_bom_and_report(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mlgate]\npolicy = "commercial"\nexclude = ["*"]\n')
    (tmp_path / "app.py").write_text(RESEARCH_ONLY)

    for command in (["check"], ["bom"], ["report", "-o", "report.html"]):
        proc = invoke_mlgate(*command, ".", "--offline", cwd=tmp_path)
        assert_clean_error(proc, "nothing scanned", "excluded by `exclude` in pyproject.toml")
    assert not (tmp_path / "report.html").exists()


def test_files_of_no_kind_mlgate_reads_are_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")

    proc = invoke_mlgate("check", ".", "--policy", "commercial", "--offline", cwd=tmp_path)

    assert_clean_error(proc, "nothing scanned", "2 file(s) not of a kind mlgate reads", "mlgate reads Python")


def test_a_scanned_tree_without_references_passes_and_says_how_many_files_were_read(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("print('hello')\n")
    (tmp_path / "util.py").write_text("import os\n")

    proc = invoke_mlgate("check", ".", "--policy", "commercial", "--offline", cwd=tmp_path)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("0 infos; 2 files read")


def test_json_that_is_not_a_cyclonedx_bom_is_refused(tmp_path: Path) -> None:
    (tmp_path / "other.json").write_text(json.dumps({"bomFormat": "SomethingElse", "components": []}))
    (tmp_path / "spec-only.json").write_text(json.dumps({"specVersion": "1.6", "components": []}))

    for name, why in (("other.json", '"bomFormat" is not "CycloneDX"'), ("spec-only.json", '"specVersion"')):
        proc = invoke_mlgate("check", name, "--policy", "commercial", "--offline", cwd=tmp_path)
        assert_clean_error(proc, f"{name}: not a CycloneDX BOM: ", why)


def test_xml_that_is_not_a_cyclonedx_bom_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bom.xml").write_text('<?xml version="1.0"?><bom><components/></bom>\n')

    proc = invoke_mlgate("check", "bom.xml", "--policy", "commercial", "--offline", cwd=tmp_path)

    assert_clean_error(proc, "bom.xml: not a CycloneDX BOM")


def test_mlgate_scan_output_given_to_check_is_refused(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(RESEARCH_ONLY)
    scanned = invoke_mlgate("scan", "app.py", "--format", "json", "-o", "refs.json", cwd=tmp_path)
    assert scanned.returncode == 0, scanned.stderr

    proc = invoke_mlgate("check", "refs.json", "--policy", "commercial", "--offline", cwd=tmp_path)

    assert_clean_error(proc, "refs.json: not a CycloneDX BOM", "mlgate scan --format json")


def test_a_json_configuration_is_still_scanned(tmp_path: Path) -> None:
    (tmp_path / "train.json").write_text(json.dumps({"model_name_or_path": "Qwen/Qwen2.5-3B-Instruct"}))

    proc = invoke_mlgate("check", "train.json", "--policy", "commercial", "--offline", cwd=tmp_path)

    assert proc.returncode == 1, proc.stderr
    assert "Qwen/Qwen2.5-3B-Instruct" in proc.stdout


def test_files_named_one_by_one_that_settings_exclude_pass_with_a_note(tmp_path: Path) -> None:
    # What a pre-commit hook passes when a commit touches only vendored, excluded files.
    (tmp_path / "pyproject.toml").write_text('[tool.mlgate]\npolicy = "commercial"\nexclude = ["vendor/"]\n')
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.py").write_text(RESEARCH_ONLY)

    proc = run_mlgate("check", "vendor/lib.py", "--offline", cwd=tmp_path)

    assert proc.returncode == 0, proc.stderr
    assert ("mlgate: note: nothing to check: all 1 named file(s) are excluded by `exclude` in pyproject.toml"
            in proc.stderr.splitlines())
