"""The shared vocabulary: which names say model, tokenizer, adapter, data set or output."""

from __future__ import annotations

import pytest

from mlgate.model import Kind, Role
from mlgate.scan.configkeys import env_rule, key_rule
from mlgate.scan.names import Subject, name_meaning, name_words, trailing_meaning

from .helpers import python_refs


def test_words_split_dashes_underscores_and_camel_case() -> None:
    assert name_words("--model-path") == name_words("model_path") == name_words("modelPath") == ("model", "path")
    assert name_words("MODEL_PATH") == ("model", "path")
    assert name_words("hfHubURL") == ("hf", "hub", "url")


@pytest.mark.parametrize(("name", "subject", "kind"), [
    ("--model-path", Subject.MODEL, Kind.MODEL),
    ("--model_name_or_path", Subject.MODEL, Kind.MODEL),
    ("--vision_tower", Subject.VISION_TOWER, Kind.MODEL),
    ("mm_vision_tower", Subject.VISION_TOWER, Kind.MODEL),
    ("--text-encoder-path", Subject.ENCODER, Kind.MODEL),
    ("image_processor_name", Subject.PROCESSOR, Kind.MODEL),
    ("tokenizer_name_or_path", Subject.TOKENIZER, Kind.MODEL),
    ("ckpt_path", Subject.CHECKPOINT, Kind.MODEL),
    ("checkpoint_dir", Subject.CHECKPOINT, Kind.MODEL),
    ("--data_path", Subject.DATASET, Kind.DATASET),
    ("train_dataset_name", Subject.DATASET, Kind.DATASET),
    ("--hf-path", Subject.HUB_PATH, Kind.MODEL),
    ("repo_id", Subject.HUB_PATH, Kind.MODEL),
    ("MODEL_PATH", Subject.MODEL, Kind.MODEL),
    ("teacher_model_name", Subject.MODEL, Kind.MODEL),
    ("rewardModelPath", Subject.MODEL, Kind.MODEL),
    ("model_id", Subject.MODEL, Kind.MODEL),
    ("peft_model_id", Subject.ADAPTER, Kind.ADAPTER),
    ("--lora-path", Subject.ADAPTER, Kind.ADAPTER),
    ("adapters", Subject.ADAPTER, Kind.ADAPTER),
    ("OPENAI_MODEL", Subject.MODEL, Kind.MODEL),
    ("APP_EMBEDDING_MODEL", Subject.MODEL, Kind.MODEL),
    ("--pretrain", Subject.MODEL, Kind.MODEL),  # OpenRLHF's actor, and its reward and critic models
    ("--reward_pretrain", Subject.MODEL, Kind.MODEL),
    ("--critic_pretrain", Subject.MODEL, Kind.MODEL),
    ("task_model", Subject.MODEL, Kind.MODEL), ("--sql-model-name", Subject.MODEL, Kind.MODEL),
    ("train_files", Subject.DATASET, Kind.DATASET), ("data.val_files", Subject.DATASET, Kind.DATASET),
    ("generation_model", Subject.MODEL, Kind.MODEL),  # a stage word, as `eval_model` and `training_model`
    # an embedding model by where it is; `embedding` before a subject only qualifies it
    ("EMBEDDING_PATH", Subject.ENCODER, Kind.MODEL), ("embed_path", Subject.ENCODER, Kind.MODEL),
    ("embedding_name_or_path", Subject.ENCODER, Kind.MODEL), ("embedding_model", Subject.MODEL, Kind.MODEL),
    ("EMBEDDING_MODEL_NAME", Subject.MODEL, Kind.MODEL), ("embed_model_id", Subject.MODEL, Kind.MODEL),
])
def test_names_that_say_what_they_hold(name: str, subject: Subject, kind: Kind) -> None:
    meaning = name_meaning(name)
    assert meaning is not None, name
    assert (meaning.subject, meaning.kind, meaning.role) == (subject, kind, Role.INPUT)


@pytest.mark.parametrize("name", [
    "model_max_length", "num_models", "NUM_MODELS", "model_type", "dataset_num_proc", "model_config",
    "model_kwargs", "model_args", "model_revision", "dataset_text_field", "dataset_config_name", "data_files",
    "checkpoint_files", "chat_template", "template", "tasks", "base_url", "hf_token", "lora_r", "lora_alpha",
    "lora_target_modules", "MAX_MODEL_LEN", "USE_LORA", "image", "data", "hf", "repo", "name", "pretrained",
    "output_path", "output", "model_class", "conv_mode", "repo_type", "hub_strategy", "",
    "pretrain_epochs", "--pretraining", "use_pretrain", "--pretrain_loss", "task_name", "task_model_type",
    "files", "model_files", "generation_config", "generation",
    # vectors and layers, not an embedding model: a tensor's sizes, a file or folder of vectors, a
    # module's name, what a run writes, an embedding of something else
    "embedding", "embeddings", "embedding_dim", "embedding_size", "num_embeddings", "EMBEDDINGS_PATH",
    "embedding_file", "embedding_dir", "embedding_name", "embed_name", "save_embedding_path",
    "output_embedding_path", "model_embedding", "text_embedding", "NUM_EMBEDDING_PATH",
])
def test_names_about_something_else(name: str) -> None:
    assert name_meaning(name) is None


def test_specific_names_accept_legacy_bare_ids_generic_ones_do_not() -> None:
    specific = ["model_name_or_path", "pretrained_model_name_or_path", "base_model", "model_id", "teacher_model",
                "ref_model", "reward_model_path", "tokenizer_name", "dataset_name", "dataset_id", "peft_model_id",
                "adapter_name_or_path", "hf_model", "embedding_model", "draft_model", "judge_model",
                "embedding_name_or_path"]
    generic = ["model", "model_name", "model_path", "tokenizer", "llm", "chat_model", "dataset", "data_path",
               "vision_tower", "lora", "EMBEDDING_PATH"]
    assert [n for n in specific if not name_meaning(n).specific] == []  # type: ignore[union-attr]
    assert [n for n in generic if name_meaning(n).specific] == []  # type: ignore[union-attr]


def test_outputs_and_collections() -> None:
    for name in ("output_dir", "save_dir", "--output-dir", "export_dir"):
        meaning = name_meaning(name)
        assert meaning is not None and (meaning.role, meaning.kind, meaning.local) == (Role.OUTPUT,
                                                                                      Kind.LOCAL_PATH, True)
    for name in ("hub_model_id", "push_to_hub_model_id", "new_model", "output_model_name"):
        meaning = name_meaning(name)
        assert meaning is not None and (meaning.role, meaning.kind) == (Role.OUTPUT, Kind.MODEL), name
    for name in ("MODELS", "SUPPORTED_MODELS", "model_ids", "datasets", "model_names"):
        meaning = name_meaning(name)
        assert meaning is not None and meaning.plural, name
    assert not name_meaning("model_name").plural  # type: ignore[union-attr]


def test_rules_for_keys_and_variables() -> None:
    assert key_rule("--model-path") is not None and key_rule("--model-path").strict  # type: ignore[union-attr]
    assert key_rule("model_name_or_path").strict is False  # type: ignore[union-attr]
    # Variables are read from the environment by tools mlgate does not see: never bare ids, never outputs.
    assert env_rule("MODEL_ID").strict  # type: ignore[union-attr]
    assert env_rule("OUTPUT_DIR") is None
    assert env_rule("model") is not None and key_rule("MAX_MODEL_LEN") is None


def test_callee_names_say_what_their_first_argument_is() -> None:
    from mlgate.scan.names import callee_meaning
    assert {name: (m.kind.value, m.role.value) if (m := callee_meaning(name)) else None
            for name in ("HFTokenizer", "SFTDataset", "load_model", "get_tokenizer", "build_llm", "save_model",
                         "print_model", "compare_models", "load", "load_config")} == {
        "HFTokenizer": ("model", "input"), "SFTDataset": ("dataset", "input"), "load_model": ("model", "input"),
        "get_tokenizer": ("model", "input"), "build_llm": ("model", "input"), "save_model": ("model", "output"),
        "print_model": None, "compare_models": None, "load": None, "load_config": None}


def test_an_embedding_layers_path_is_no_model() -> None:
    from mlgate.scan.names import owned_meaning
    assert owned_meaning("Embedding", "path") is None  # `nn`-style layers, or a file of vectors
    assert owned_meaning("build_encoder", "path") is not None


@pytest.mark.parametrize(("name", "subject"), [
    ("discrete_action_tokenizer", Subject.TOKENIZER), ("action_tokenizer_name", Subject.TOKENIZER),
    ("causal_lm_model_id", Subject.MODEL), ("wan_pretrained_path", Subject.MODEL),
    ("my_custom_dataset_name", Subject.DATASET), ("weak_model_name", Subject.MODEL), ("gpt_4_model", Subject.MODEL),
    ("gpt_3_model_name", Subject.MODEL), ("model_map", Subject.MODEL), ("MODEL_ALIASES", Subject.MODEL),
    ("--vis-judger", Subject.MODEL), ("llm_judge", Subject.MODEL), ("model_path_map", Subject.MODEL),
])
def test_a_names_end_is_read_when_its_first_words_are_the_projects(name: str, subject: Subject) -> None:
    meaning = trailing_meaning(name)
    assert meaning is not None and meaning.subject is subject and not meaning.specific


@pytest.mark.parametrize("name", ["tokenizer", "model_max_length", "foo_model_type", "github_repo", "source_repo_id",
                                  "num_models", "use_lora_adapter", "model_map_path", "MODEL_ALIASES_FILE",
                                  "judge_prompt", "judger_mode", "gpt_4_model_max_length"])
def test_a_names_end_that_says_something_else_is_not_read(name: str) -> None:
    assert trailing_meaning(name) is None


@pytest.mark.parametrize(("name", "subject"), [
    ("DEFAULT_ALIGN_MODELS_HF", Subject.MODEL), ("MODELS_HF", Subject.MODEL), ("tokenizer_hub", Subject.TOKENIZER),
    # a Hub word first is still the subject, with a naming word after it
    ("HF_REPOS", Subject.HUB_PATH), ("HF_BASE_REPO", Subject.HUB_PATH), ("hf_hub", Subject.HUB_PATH),
])
def test_a_hub_word_after_a_subject_says_where_it_comes_from(name: str, subject: Subject) -> None:
    meaning = name_meaning(name)
    assert meaning is not None and meaning.subject is subject


def test_a_table_under_another_librarys_name_is_not_read_as_models() -> None:
    assert name_meaning("DEFAULT_ALIGN_MODELS_TORCH") is None
    assert name_meaning("data_hf") is None


def test_a_table_by_alias_is_read_for_its_values() -> None:
    table = trailing_meaning("model_map")
    assert table is not None and table.table
    plain = trailing_meaning("weak_model_name")
    assert plain is not None and not plain.table


@pytest.mark.parametrize("name", ["deprecated_model_name", "hidden_models", "model_name_mapping", "MODEL_NAME_MAP"])
def test_names_that_set_models_aside_or_map_names_are_not_read(name: str) -> None:
    assert trailing_meaning(name) is None


@pytest.mark.parametrize("name", ["baseline_model", "baseline_student_model", "GptOssForCausalLM"])
def test_names_whose_api_names_are_no_model_used_still_take_hub_ids(name: str) -> None:
    # FastChat's `--baseline-model gpt-3.5-turbo` picks stored answers; setfit's
    # `--baseline_student_model nreimers/MiniLM-L3-H384-uncased` is loaded
    meaning = trailing_meaning(name)
    assert meaning is not None and not meaning.api_names


def test_a_baseline_api_name_is_not_reported_but_a_baseline_hub_id_is() -> None:
    assert python_refs("""
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--baseline-model", type=str, default="gpt-3.5-turbo")
        parser.add_argument("--baseline_student_model", default="nreimers/MiniLM-L3-H384-uncased")
    """) == [("nreimers/MiniLM-L3-H384-uncased", "model", 5)]
