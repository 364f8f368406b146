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


def test_model_args_mapping() -> None:
    assert refs("model_args:\n  pretrained: acme/p\n  peft: acme/l\n  dtype: float16\n") == [
        ("acme/p", "model", 2, "model_args.pretrained"), ("acme/l", "adapter", 3, "peft")]


def test_model_args_column_points_at_the_value() -> None:
    [ref] = detect(configs.DETECTOR, "c.yaml", "model_args: 'pretrained=acme/p'\n")
    assert ref.location.column == len("model_args: 'pretrained=") + 1


def test_litgpt_checkpoint_dirs_are_local_paths_and_data_rows_are_not_references() -> None:
    assert refs("checkpoint_dir: checkpoints/meta-llama/Llama-3.2-1B\nlog_path: a/b/c\n") == [
        ("checkpoints/meta-llama/Llama-3.2-1B", "local-path", 1, "checkpoint_dir")]
    rows = '[{"model_name": "acme/a", "acc": 0.5}, {"model_name": "acme/b", "acc": 0.6}]'
    assert refs(rows, "results.json") == []


def test_legacy_ids_under_model_name_and_a_tokenizers_name() -> None:
    assert refs("""
        model_name: t5-small
        tokenizer:
          name: gpt2
        model:
          name: hf_causal_lm
        models:
        - model_name: gpt2-medium-sweep
          tokenizer:
            name: tiktoken
        - model_name: acme-display-name
          tokenizer:
            name: mpt_causal_lm
    """) == [("t5-small", "model", 2, "model_name"), ("gpt2", "model", 4, "tokenizer.name")]


def test_a_hub_path_key_in_a_data_block_is_a_data_set() -> None:
    assert refs("""
        train_loader:
          name: finetuning
          dataset:
            hf_name: acme/loader-data
        eval_loader:
          hf_path: acme/eval-data
        data:
          repo_id: acme/data-repo
        evaluator:
          hf_name: acme/hub-model
        hf_name: acme/top-model
    """) == [("acme/loader-data", "dataset", 5, "hf_name"), ("acme/eval-data", "dataset", 7, "hf_path"),
             ("acme/data-repo", "dataset", 9, "repo_id"), ("acme/hub-model", "model", 11, "hf_name"),
             ("acme/top-model", "model", 12, "hf_name")]


def test_a_model_block_inside_a_data_block_keeps_its_hub_path_a_model() -> None:
    # The nearest key that says what the block is about decides: a tokenizer or model block in a
    # loader is no data set, a data set block in a model section is.
    assert refs("""
        train_loader:
          tokenizer:
            repo_id: acme/loader-tokenizer
        eval_loader:
          model:
            hf_path: acme/judge-model
        model:
          dataset:
            hf_name: acme/model-side-data
    """) == [("acme/loader-tokenizer", "model", 4, "repo_id"), ("acme/judge-model", "model", 7, "hf_path"),
             ("acme/model-side-data", "dataset", 10, "hf_name")]


def test_autotrain_bare_data_path_beside_a_train_split() -> None:
    def data(path: str, split: bool = True) -> list[tuple[str, str, int, str]]:
        return refs(f"data:\n  path: {path}\n" + ("  train_split: train\n" if split else ""))

    assert data("samsum") == [("samsum", "dataset", 2, "data.path")]
    assert data("cppe-5") == [("cppe-5", "dataset", 2, "data.path")]
    assert data("acme/x") == data("acme/x", split=False) == [("acme/x", "dataset", 2, "data.path")]
    for local in ("data/", "data", "outputs", "./cats", "/path/to/your/dataset", "train.csv", "rows.jsonl",
                  "path/to/your/dataset csv/jsonl files", "${variables.data}"):
        assert data(local) == [], local
    assert data("cats_vs_dogs", split=False) == []
    assert refs("model:\n  path: samsum\n  train_split: train\n") == []  # not a data block


def test_pretrained_weight_takes_hub_ids_and_canonical_legacy_ids_only() -> None:
    assert refs("""
        a: {pretrained_weight: albert-xxlarge-v2}
        b: {pretrained_weights: acme/backbone}
        c: {pretrained_weights: imagenet}
        d: {pretrained_weights: true}
        e: {pretrained_weight: deberta-v3-large}
        f: {pretrained_weights: ./ckpt/resnet50.pth}
    """) == [("albert-xxlarge-v2", "model", 2, "pretrained_weight"),
             ("acme/backbone", "model", 3, "pretrained_weights"),
             ("./ckpt/resnet50.pth", "local-path", 7, "pretrained_weights")]


def test_llm_foundry_openai_models_are_named_by_their_version() -> None:
    assert refs("""
        models:
        - model: {name: openai_chat, version: gpt-3.5-turbo}
        - model: {name: openai_causal_lm, version: davinci}
        - model: {name: openai_chat, version: v1.2}
        - model: {name: hf_causal_lm, version: acme-release}
        - tokenizer: {name: openai_chat, version: davinci}
        schema: {name: openai_chat, version: "2"}
    """) == [("gpt-3.5-turbo", "api-model", 3, "model.version"), ("davinci", "api-model", 4, "model.version")]
