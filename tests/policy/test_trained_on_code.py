"""A non-commercial training set is flagged on the model that the same code fine-tunes on it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_mlgate

TRAIN = '''from datasets import load_dataset
from transformers import AutoModelForCausalLM
ds = load_dataset("tatsu-lab/alpaca", split="train")
model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-7B-Instruct")
'''
EVAL = '''from datasets import load_dataset
from transformers import AutoModelForCausalLM
ds = load_dataset("openai/gsm8k", "main")
model = AutoModelForCausalLM.from_pretrained("mistralai/Mistral-7B-Instruct-v0.3")
'''


def test_model_beside_a_non_commercial_data_set_is_flagged_and_others_are_not(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(TRAIN)
    (tmp_path / "evaluate.py").write_text(EVAL)
    (tmp_path / "axolotl.yaml").write_text("base_model: google/gemma-2-2b-it\ndatasets:\n  - path: tatsu-lab/alpaca\n")
    proc = run_mlgate("check", tmp_path, "--offline", "--policy", "commercial", "--format", "json")
    doc = json.loads(proc.stdout)
    flagged = {f["target"]: f["message"] for f in doc["findings"] if f["rule"] == "trained-on-restricted-data"}
    assert set(flagged) == {"Qwen/Qwen2.5-7B-Instruct", "google/gemma-2-2b-it"}
    assert "tatsu-lab/alpaca (non-commercial) in the same code" in flagged["Qwen/Qwen2.5-7B-Instruct"]
    # evaluate.py pairs Mistral with gsm8k (MIT): paired, but nothing to flag (the set above excludes it)
