"""Fill-in placeholders: shown with `placeholder: true` where a name says model, never resolved or judged."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import run_mlgate
from mlgate.scan.detectors import configs, scripts
from mlgate.scan.placeholders import is_fill_in
from scan.helpers import detect


@pytest.mark.parametrize("value", [
    "HF_USERNAME/llama-ft", "your-username/your-model", "your_org/model", "<model>", "<org>/<name>",
    "/path/to/model", "./path/to/ckpt", "path/to/model", "path-to-your-trained-model", "username/repo_name",
    "org/model_name", "xxx/yyy", "<path to model>", "<your model id>",
])
def test_fill_ins(value: str) -> None:
    assert is_fill_in(value)


@pytest.mark.parametrize("value", [
    "Qwen/Qwen2.5-7B", "$MODEL", "${MODEL:-x}", "{model}", "org-%s/x", "meta-llama/Llama-3.1-8B", "./models/llama",
    "user-data/corpus", "",
    # prose: words with spaces between them (autotrain's `path: path/to/your/dataset csv/jsonl files`)
    "path/to/your/dataset csv/jsonl files", "your model here", "<a> or <b>",
])
def test_not_fill_ins(value: str) -> None:
    assert not is_fill_in(value)


def test_shell_and_config_mark_placeholders_and_skip_outputs_and_data_files() -> None:
    refs = detect(scripts.DETECTOR, "run.sh", "python t.py --model_name_or_path <model> --output_dir /path/to/out "
                                             "--data_path /path/to/data.json --base_model /path/to/base\n")
    assert [(r.target, r.kind.value, r.placeholder) for r in refs] == [
        ("<model>", "model", True), ("/path/to/base", "local-path", True)]
    refs = detect(configs.DETECTOR, "c.yaml", textwrap.dedent("""
        base_model: HF_USERNAME/llama-ft
        model_name_or_path: acme/real
        hub_model_id: your-username/pushed
        ref_model: "{ref_model}"
    """))
    assert [(r.target, r.placeholder) for r in refs] == [("HF_USERNAME/llama-ft", True), ("acme/real", False)]


def test_a_data_sets_fill_in_written_as_a_file_is_local_data() -> None:
    refs = detect(configs.DETECTOR, "c.yaml", textwrap.dedent("""
        dataset:
          path: path/to/your/dataset.json
        eval_dataset_name: path/to/your/eval.parquet
        dataset_name: your-username/your-dataset
        model_name_or_path: path/to/your/model.bin
    """))
    assert [(r.target, r.kind.value, r.placeholder) for r in refs] == [
        ("your-username/your-dataset", "dataset", True), ("path/to/your/model.bin", "model", True)]


def test_placeholders_are_listed_but_never_become_components(tmp_path: Path) -> None:
    (tmp_path / "train.sh").write_text("python t.py --model_name_or_path your-username/my-model "
                                       "--tokenizer_name acme/real-tok\n")
    refs = json.loads(run_mlgate("scan", tmp_path, "--format", "json").stdout)["references"]
    assert [(r["target"], r.get("placeholder", False)) for r in refs] == [
        ("your-username/my-model", True), ("acme/real-tok", False)]
    bom = tmp_path / "bom.json"
    proc = run_mlgate("bom", tmp_path, "--offline", "-o", bom)
    assert proc.returncode == 0, proc.stderr
    names = [c["name"] for c in json.loads(bom.read_text())["components"]]
    assert names == ["real-tok"]
