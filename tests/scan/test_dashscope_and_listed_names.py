"""DashScope's lower-case names of Qwen's open models, API names listed one a line in a triple-quoted
string, and the precision fixes around API names (mock assertions, OpenRouter's own models, origins
that are comparisons)."""

from __future__ import annotations

import textwrap

import pytest

from mlgate.model import Kind
from mlgate.resolve.knowledge import api_provider
from mlgate.scan.python.detector import DETECTOR
from mlgate.scan.python.listednames import listing_quotes
from mlgate.scan.python.spots import spot_lines
from mlgate.targets import classify, is_api_model

from .helpers import detect, python_refs

_DASHSCOPE = "Alibaba Cloud Model Studio (DashScope)"


@pytest.mark.parametrize("value", [
    "qwen3-235b-a22b", "qwen2.5-72b-instruct", "qwen3-vl-plus", "qwen3.5-plus", "qwq-32b", "qwen2-7b-instruct",
    "qwen2.5-math-72b-instruct", "qwen3-coder-480b-a35b-instruct", "qwen3-32b", "qvq-72b-preview",
])
def test_dashscope_names_of_open_models_are_api_models_under_dashscope_terms(value: str) -> None:
    assert is_api_model(value) and classify(value) is Kind.API_MODEL
    assert api_provider(value)[0] == _DASHSCOPE


@pytest.mark.parametrize("value", [
    "qwen", "qwen2_vl", "qwen2-vl", "qwen2.5", "Qwen2.5-7B-Instruct", "qwen2.5-7b-instruct.gguf",
    "qwen3-8b-base.yaml", "qwen2.5-7b-instruct-q4_k_m", "qwen3-4b-test", "qwen2.5-7b-hf", "qwen1.5-14b-chat-vllm",
    "qwen3-asr-0.6b",
])
def test_look_alikes_of_dashscope_names_are_not(value: str) -> None:
    assert not is_api_model(value)


def test_a_model_key_carries_a_dashscope_name() -> None:
    assert python_refs("""
        llm_cfg = {"model": "qwen3-235b-a22b", "model_server": "dashscope"}
        conv = {"template": "qwen", "model": "qwen2_vl"}
    """) == [("qwen3-235b-a22b", "api-model", 2)]


def test_api_names_listed_one_a_line_under_a_plural_model_name() -> None:
    source = '''
        OPENAI_MODELS = """
        gpt-4o
          claude-3-5-haiku-20241022
        """
        OPENAI_MODELS = [ln.strip() for ln in OPENAI_MODELS.splitlines() if ln.strip()]
    '''
    assert python_refs(source) == [("gpt-4o", "api-model", 3), ("claude-3-5-haiku-20241022", "api-model", 4)]


@pytest.mark.parametrize("source", [
    'SUPPORTED_MODELS = """\ngpt-4o\na model of your own\n"""\n',  # a block of text
    'MODELS = """gpt-4o\ngpt-4o-mini\n"""\n',  # a name on the quotes' line
    'MODELS = """\ngpt-4o\n"""\n',  # one name
    'NOTES = """\ngpt-4o\ngpt-4o-mini\n"""\n',  # the name says nothing
    'def f():\n    MODELS = """\ngpt-4o\ngpt-4o-mini\n"""\n',  # inside a function
    'MODELS = """\norg/x\norg/y\n"""\n',  # Hub ids could be any text's
])
def test_what_is_no_listing(source: str) -> None:
    assert [ref for ref in python_refs(source) if ref[2] > 1] == []


def test_the_candidate_pass_finds_a_listing_cheaply() -> None:
    text = 'X = 1\nANTHROPIC_MODELS = """\nclaude-2\nclaude-2.1\n"""\n'
    assert listing_quotes(text) == [text.index('"""')]
    assert spot_lines(text) == [2]
    assert listing_quotes('def f():\n    """Docstring."""\n') == []


def test_model_aliases_and_maps_name_models_by_their_values() -> None:
    assert python_refs("""
        MODEL_ALIASES = {"sonnet": "claude-sonnet-4-6", "gemini-2.5-pro": "gemini/gemini-2.5-pro"}
        model_map = {"4o": "gpt-4o"}
        opus_model = "claude-3-opus-20240229"
        opus_note = "claude-3-opus-20240229"
        SUPPORTED_ARCHS = dict(GptOssForCausalLM="gpt-oss")
    """) == [("claude-sonnet-4-6", "api-model", 2), ("gemini/gemini-2.5-pro", "api-model", 2),
             ("gpt-4o", "api-model", 3), ("claude-3-opus-20240229", "api-model", 4)]


def test_openrouters_own_models_are_api_models() -> None:
    assert classify("openrouter/openrouter/quasar-alpha") is Kind.API_MODEL
    assert classify("openrouter/qwen/qwen-2.5-72b-instruct") is Kind.MODEL  # a Hub id behind the router


def test_mock_assertions_and_searched_texts_are_comparisons() -> None:
    assert python_refs("""
        def test_event(self, event):
            event.assert_called_once_with("auto_model_selection", model="gpt-4o")
            event.assert_called_with(model="claude-3-5-haiku-20241022")
            self.assertNotIn("--model gpt-4-0613", warning)
    """) == []


def test_an_origin_is_never_a_literal_a_comparison_reads() -> None:
    from mlgate.scan.python.detector import DETECTOR

    from .helpers import detect

    refs = detect(DETECTOR, "m.py", '''import litellm
ALIASES = {"opus": "claude-opus-4-7"}
class Model:
    def __init__(self, model):
        model = ALIASES.get(model, model)
        self.name = model
        if "claude-opus-4-7" not in self.name:
            pass
    def count(self):
        return litellm.token_counter(model=self.name)
''')
    uses = [ref for ref in refs if ref.location.line == 10]
    assert [(ref.target, ref.origin.line if ref.origin else None) for ref in uses] == [("claude-opus-4-7", 2)]


def test_a_txtai_llm_is_a_callee_named_like_what_it_takes() -> None:
    assert python_refs("""
        from txtai.pipeline import LLM
        model = LLM("openai/gpt-4o", api_base="http://127.0.0.1:8000")
    """) == [("openai/gpt-4o", "api-model", 3)]


def test_a_maps_keys_are_looked_up_its_values_count() -> None:
    assert python_refs("""
        _HF_MODEL_CHECKPOINTS_MAP = {"small": "facebook/musicgen-small"}
        DATASET_NAME_MAPPING = {"lambdalabs/naruto-blip-captions": ("image", "text")}
        SUPPORTED_MODELS = {"org/x": {"size": 7}}
    """) == [("facebook/musicgen-small", "model", 2), ("org/x", "model", 4)]


def test_maps_of_display_names_and_of_records_say_no_more_than_before() -> None:
    assert python_refs("""
        model_name_mapping = {"claude-3-opus": "Claude-3-Opus", "qwen1.5-14b-chat-hf": "Qwen-1.5-14B"}
        DATASETS_MAPPING = {"opencompass/x": {"ms_id": "opencompass/x", "hf_id": "opencompass/x"}}
    """) == [("opencompass/x", "model", 3)]  # (the record's `hf_id`, read as under any name)


def test_models_set_aside_are_no_api_names_used() -> None:
    assert python_refs("""
        deprecated_model_name = ["gemini-1.5-pro-exp-0801", "claude-2.1"]
        generate_model_path = "gpt-4o-mini"
    """) == [("gpt-4o-mini", "api-model", 3)]


def test_a_callee_that_maps_over_data_is_no_table() -> None:
    # `_test_dataset_map(...)` is a call, not a table by alias: nothing is read as a table's value.
    # The two ids still name a model and a data set by their look (hubshape), and say so.
    refs = detect(DETECTOR, "m.py", textwrap.dedent("""
        def test_llm_dataset_map():
            _test_dataset_map("Qwen/Qwen2-7B-Instruct", "AI-ModelScope/alpaca-gpt4-data-zh")
    """))
    assert [(r.target, r.kind.value, r.via) for r in refs] == [
        ("Qwen/Qwen2-7B-Instruct", "model", "Hub id shape"),
        ("AI-ModelScope/alpaca-gpt4-data-zh", "dataset", "Hub id shape")]


def test_an_architecture_class_name_says_no_api_model() -> None:
    assert python_refs("""
        SUPPORTED_ARCHS = dict(Qwen2MoeForCausalLM="qwen2-moe", GptOssForCausalLM="gpt-oss")
        opus_model = "claude-3-opus-20240229"
    """) == [("claude-3-opus-20240229", "api-model", 3)]
