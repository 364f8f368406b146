"""Model lists (aider's model-settings.yml, LiteLLM's cost map), Hydra defaults lists and family blocks."""

from __future__ import annotations

import textwrap

from mlgate.model import Kind
from mlgate.scan.detectors import configs
from mlgate.scan.detectors.jsonpos import parse, without_jsonc
from mlgate.scan.detectors.modellists import listed_model, lists_models, names_listed_model
from scan.helpers import detect, found


def refs(text: str, name: str) -> list[tuple[str, str, int]]:
    return found(detect(configs.DETECTOR, name, textwrap.dedent(text)))


def test_a_file_named_for_models_lists_them() -> None:
    assert all(lists_models(n) for n in ("model-settings.yml", "models.yaml", "model_list.json", "model-metadata.json",
                                         "aider/resources/model-settings.yml"))
    assert not any(lists_models(n) for n in ("config.json", "model_config.yaml", "model.yaml", "deploy-settings.yml",
                                             "train.yaml", "modeling.json"))


def test_entry_keys_and_keys_ending_in_model() -> None:
    assert all(names_listed_model(k) for k in ("name", "id", "model", "weak_model_name", "editor_model_name",
                                               "judge_model_id"))
    assert not any(names_listed_model(k) for k in ("edit_format", "model_type", "model_max_length", "reminder",
                                                   "name_or_path", "num_models"))


def test_only_model_shaped_values_are_listed() -> None:
    assert listed_model("gpt-4o") == ("gpt-4o", Kind.API_MODEL)
    assert listed_model("gemini/gemma-3-27b-it") == ("gemini/gemma-3-27b-it", Kind.API_MODEL)
    assert listed_model("fireworks_ai/accounts/fireworks/models/qwq-32b") == (
        "fireworks_ai/accounts/fireworks/models/qwq-32b", Kind.API_MODEL)
    assert listed_model("openrouter/deepseek/deepseek-r1:free") == ("openrouter/deepseek/deepseek-r1:free",
                                                                   Kind.API_MODEL)
    assert listed_model("openrouter/x-ai/grok-3-beta") == ("openrouter/x-ai/grok-3-beta", Kind.API_MODEL)
    assert listed_model("together_ai/Qwen/Qwen3-235B-A22B") == ("Qwen/Qwen3-235B-A22B", Kind.MODEL)
    assert listed_model("Qwen/Qwen2.5-7B-Instruct") == ("Qwen/Qwen2.5-7B-Instruct", Kind.MODEL)
    for value in ("default", "sys", "diff", "42", "./local/model", "/abs/path", "your-org/your-model", "a b"):
        assert listed_model(value) is None, value


def test_model_settings_entries() -> None:
    text = """
        - name: gpt-4o
          weak_model_name: gpt-4o-mini
          editor_model_name: anthropic/claude-3-7-sonnet-20250219
          edit_format: diff
          model_type: gpt-4o
        - name: default
          weak_model_name: sys
    """
    assert refs(text, "aider/resources/model-settings.yml") == [
        ("gpt-4o", "api-model", 2), ("gpt-4o-mini", "api-model", 3),
        ("anthropic/claude-3-7-sonnet-20250219", "api-model", 4)]
    # the same entries in a file whose name says nothing of models: `name` is anything's name, and a
    # key with the project's own words before `model_name` is read only in a model list
    assert refs(text, "deploy-settings.yml") == []


def test_litellm_cost_map_keys_with_comments_and_trailing_commas() -> None:
    text = """
        {
            "deepseek/deepseek-reasoner": {
                "max_tokens": 64000,
                "litellm_provider": "deepseek",
                //"supports_function_calling": true,
            },
            "vertex_ai/gemini-2.5-pro": {"litellm_provider": "vertex_ai", "mode": "chat"},
            "sample_spec": {"litellm_provider": "one of the providers"}
        }
    """
    assert refs(text, "any.json") == [("deepseek/deepseek-reasoner", "api-model", 3),
                                      ("vertex_ai/gemini-2.5-pro", "api-model", 8)]
    # prices without a provider are no cost map
    assert refs('{"gpt-4o": {"input": 2.5}, "claude-3-5-haiku-20241022": {"input": 0.8}}', "prices.json") == []


def test_jsonc_is_blanked_in_place() -> None:
    text = '{\n  // a comment\n  "a": [1, 2,],\n}\n'
    blanked = without_jsonc(text)
    assert len(blanked) == len(text) and blanked.index('"a"') == text.index('"a"')
    assert parse(blanked) is not None


def test_hydra_defaults_list_chooses_config_groups() -> None:
    assert refs("""
        defaults:
          - musicgen/default
          - /model: lm/musicgen_lm
          - override /dset: audio/default
          - _self_
        model: acme/real-model
        nested:
          defaults:
            - model: acme/nested
    """, "solver.yaml") == [("acme/real-model", "model", 7), ("acme/nested", "model", 10)]


def test_a_family_block_names_its_legacy_id() -> None:
    assert refs("""
        conditioners:
          description:
            model: t5
            t5:
              name: t5-base
            bert:
              name: custom-bert
            clap:
              dim: t5-base
            gpt2:
              name: t5-small
    """, "conditioner.yaml") == [("t5-base", "model", 6)]
