"""Training frameworks' config and registry formats: what their keys say beyond a key's own name."""

from __future__ import annotations

import textwrap

from mlgate.scan.detectors import configs
from scan.helpers import detect


def refs(text: str, name: str = "c.yaml") -> list[tuple[str, str, int, str]]:
    return [(r.target, r.kind.value, r.location.line, r.via)
            for r in detect(configs.DETECTOR, name, textwrap.dedent(text))]


def test_names_say_what_a_key_holds() -> None:
    assert refs("""
        mm_vision_tower: openai/clip-vit-large-patch14
        teacher_model_name: acme/teacher
        data_path: ./data/train.json
        model_max_length: 2048
        model_type: llama
        chat_template: chatml
        dataset_num_proc: 8
    """) == [("openai/clip-vit-large-patch14", "model", 2, "mm_vision_tower"),
             ("acme/teacher", "model", 3, "teacher_model_name")]


def test_llamafactory_dataset_registry() -> None:
    text = '{"alpaca": {"hf_hub_url": "acme/alpaca", "ms_hub_url": "acme-ms/alpaca"}, "own": {"file_name": "x.json"}}'
    assert refs(text, "dataset_info.json") == [("acme/alpaca", "dataset", 1, "hf_hub_url"),
                                               ("acme-ms/alpaca", "dataset", 1, "ms_hub_url")]


def test_children_read_with_their_parents_name() -> None:
    assert refs("""
        tokenizer:
          _component_: torchtune.models.llama3.llama3_tokenizer
          path: /ckpt/tokenizer.model
        dataset:
          _component_: torchtune.datasets.alpaca_dataset
          source: acme/alpaca
          name: default
        metric_logger:
          path: /tmp/logs
        model:
          name: acme/named
    """) == [("/ckpt/tokenizer.model", "local-path", 4, "tokenizer.path"),
             ("acme/alpaca", "dataset", 7, "dataset.source"), ("acme/named", "model", 12, "model.name")]


def test_lists_mixtures_and_model_args() -> None:
    assert refs("""
        dataset: [acme/a#500, ./local.jsonl, acme/b]
        models:
          - acme/m1
          - resnet50
        dataset_mixture:
          datasets:
            - id: acme/mix
              weight: 0.5
        dataset_mixer_list: [acme/tulu, "1.0"]
        model_args: "pretrained=acme/p,peft=acme/lora,dtype=float16"
        tasks: [hellaswag]
    """) == [("acme/a", "dataset", 2, "dataset"), ("acme/b", "dataset", 2, "dataset"),
             ("acme/m1", "model", 4, "models"), ("acme/mix", "dataset", 8, "datasets[].id"),
             ("acme/tulu", "dataset", 10, "dataset_mixer_list"),
             ("acme/p", "model", 11, "model_args pretrained="), ("acme/lora", "adapter", 11, "model_args peft=")]


def test_model_args_column_points_at_the_value() -> None:
    [ref] = detect(configs.DETECTOR, "c.yaml", "model_args: 'pretrained=acme/p'\n")
    assert ref.location.column == len("model_args: 'pretrained=") + 1


def test_litgpt_checkpoint_dirs_are_local_paths_and_data_rows_are_not_references() -> None:
    assert refs("checkpoint_dir: checkpoints/meta-llama/Llama-3.2-1B\nlog_path: a/b/c\n") == [
        ("checkpoints/meta-llama/Llama-3.2-1B", "local-path", 1, "checkpoint_dir")]
    rows = '[{"model_name": "acme/a", "acc": 0.5}, {"model_name": "acme/b", "acc": 0.6}]'
    assert refs(rows, "results.json") == []
