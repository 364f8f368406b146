"""A call given its options through a dict it expands (`create(**params)`), and the origin of a
value given through a parameter's default that is a name (`def load(key=_DEFAULT_MODEL)`)."""

from __future__ import annotations

import textwrap

from mlgate.model import Reference
from mlgate.scan.python import detector as python
from mlgate.scan.python.sites import expanding_creates
from mlgate.scan.python.spots import spot_lines
from scan.helpers import detect, python_refs


def _refs(source: str) -> list[Reference]:
    return detect(python.DETECTOR, "m.py", textwrap.dedent(source))


def _places(source: str) -> list[tuple[str, str, int, int, str]]:
    """(target, kind, line, column, via) of each reference."""
    return [(r.target, r.kind.value, r.location.line, r.location.column, r.via) for r in _refs(source)]


def _origins(source: str) -> list[tuple[str, int, int | None]]:
    """(target, line, origin line) of each reference."""
    return [(r.target, r.location.line, r.origin.line if r.origin else None) for r in _refs(source)]


# -- dicts expanded into an API client's create() ----------------------------------------------------

def test_a_dict_call_expanded_into_create_names_the_model_at_its_literal() -> None:
    assert _places('''
        from openai import OpenAI
        client = OpenAI()

        def run(query, stream=False):
            params = dict(model="chatglm3", messages=[{"role": "user", "content": query}], stream=stream)
            if stream:
                params["stream_options"] = {"include_usage": True}
            response = client.chat.completions.create(**params)
            again = client.chat.completions.create(**params)
    ''') == [("chatglm3", "api-model", 6, 25, "completions.create")]  # once, where it is written


def test_a_dict_literal_expanded_beside_keywords_names_the_model() -> None:
    assert _places('''
        import openai
        from anthropic import Anthropic
        BODY = {"model": "acme-chat-served", "temperature": 0.2}

        def ask(history):
            return Anthropic().messages.create(messages=history, max_tokens=64, **BODY)

        def legacy(prompt):
            kwargs = {"engine": "acme-legacy-served"}
            return openai.Completion.create(prompt=prompt, **kwargs)
    ''') == [("acme-chat-served", "api-model", 4, 18, "messages.create"),
             ("acme-legacy-served", "api-model", 10, 25, "openai.Completion.create")]


def test_a_parameter_put_in_the_expanded_dict_is_followed_to_the_callers() -> None:
    assert python_refs('''
        from openai import OpenAI
        client = OpenAI()

        def ask(model_name, prompt):
            request = {"model": model_name, "messages": [{"role": "user", "content": prompt}]}
            return client.chat.completions.create(**request)

        ask("acme-assistant-v2", "hi")
        ask(model_name="glm-4-served", prompt="hi")
    ''') == [("acme-assistant-v2", "api-model", 9), ("glm-4-served", "api-model", 10)]


def test_a_name_a_dict_key_already_reports_is_reported_once_as_the_calls() -> None:
    # `{"model": "gpt-4o"}` names an API model by its key alone; expanded into `create`, it is that call's.
    assert _places('''
        from openai import OpenAI
        def ask(prompt):
            payload = {"model": "gpt-4o", "input": prompt}
            return OpenAI().responses.create(**payload)
    ''') == [("gpt-4o", "api-model", 4, 25, "responses.create")]


def test_a_loaders_own_slot_is_read_from_an_expanded_dict_too() -> None:
    assert _places('''
        from transformers import AutoModelForCausalLM
        kwargs = {"pretrained_model_name_or_path": "acme/opt-350m-gptq", "device_map": "auto"}
        model = AutoModelForCausalLM.from_pretrained(**kwargs)
    ''') == [("acme/opt-350m-gptq", "model", 3, 44, "AutoModelForCausalLM.from_pretrained")]


def test_a_dict_with_a_model_not_expanded_into_an_api_call_names_nothing() -> None:
    assert python_refs('''
        import json
        from e2b import Sandbox
        from openai import OpenAI
        client = OpenAI()
        settings = {"model": "acme-never-sent", "temperature": 0}
        json.dump(settings, open("settings.json", "w"))
        options = dict(model="acme-summary-style")
        sandbox = Sandbox.create(**options)
        summary = summarise(**options)
        reply = client.chat.completions.create(model="acme-served", messages=[])
    ''') == [("acme-served", "api-model", 11)]


def test_the_model_key_of_an_expanded_dict_is_a_candidate_only_where_create_expands_one() -> None:
    expands = textwrap.dedent('''
        body = {"model": "acme-chat-served"}
        reply = client.chat.completions.create(
            messages=history, **body)
    ''')
    assert expanding_creates(expands) == [expands.index("create(")]
    assert spot_lines(expands) == [2]
    assert spot_lines(expands.replace("**body", "body=body")) == []
    # nested calls before the `**` are skipped; a `**` after the call's end is not its own
    assert expanding_creates('x = client.messages.create(messages=build(a, b), **opts)') == [20]
    assert expanding_creates('x = client.messages.create(messages=m)\ny = f(**opts)') == []
    assert expanding_creates('x = client.messages.create(n=2 * 3)') == []


# -- the origin of a value given through a parameter's default ---------------------------------------

def test_the_origin_of_a_parameters_default_is_its_constant_not_a_later_key_of_the_same_text() -> None:
    assert _origins('''
        from huggingface_hub import hf_hub_download
        _DEFAULT_MODEL = "acme/diffusion-base"
        _MODELS = {
            "acme/diffusion-turbo": {"unet": "unet/config.json"},
            "acme/diffusion-base": {"unet": "unet/config.json"},
        }

        def load_unet(key: str = _DEFAULT_MODEL, float16: bool = False):
            return hf_hub_download(key, _MODELS[key]["unet"])

        def load_vae(*, key: str = _DEFAULT_MODEL):
            return hf_hub_download(key, "vae/config.json")
    ''') == [("acme/diffusion-base", 3, None), ("acme/diffusion-turbo", 5, None), ("acme/diffusion-base", 6, None),
             ("acme/diffusion-base", 9, 3), ("acme/diffusion-base", 10, 3), ("acme/diffusion-base", 12, 3),
             ("acme/diffusion-base", 13, 3)]  # (9 and 12: the defaults that name the constant, `nameddefaults`)


def test_defaults_are_followed_through_an_enclosing_functions_parameter() -> None:
    assert _origins('''
        from huggingface_hub import snapshot_download
        _DEFAULT_MODEL = "acme/base-model"
        _MODELS = {"acme/base-model": 1}

        def outer(model=_DEFAULT_MODEL):
            def inner(repo=model):
                return snapshot_download(repo)
            return inner
    ''') == [("acme/base-model", 3, None), ("acme/base-model", 4, None), ("acme/base-model", 6, 3),
             ("acme/base-model", 8, 3)]


def test_a_string_default_is_the_origin_and_an_inner_parameter_is_not_the_outer_one() -> None:
    source = '''
        from huggingface_hub import snapshot_download
        _DEFAULT_MODEL = "acme/base-model"
        _MODELS = {"acme/base-model": 1}

        def fetch(key="acme/base-model"):
            return snapshot_download(key)

        def outer(key=_DEFAULT_MODEL):
            def inner(key="acme/base-model"):
                return snapshot_download(key)
            return inner
    '''
    assert _origins(source) == [("acme/base-model", 3, None), ("acme/base-model", 4, None),
                                ("acme/base-model", 7, 6), ("acme/base-model", 9, 3), ("acme/base-model", 11, 10)]


def test_a_string_default_that_only_contains_the_value_is_not_its_origin() -> None:
    # `acme/tiny-model` is written on line 5; the default `acme/tiny-model-large` merely contains its text.
    assert _origins('''
        from transformers import AutoModel

        def get_model(name="acme/tiny-model-large", small=False):
            name = name if not small else "acme/tiny-model"
            return AutoModel.from_pretrained(name)
    ''') == [("acme/tiny-model-large", 4, None), ("acme/tiny-model", 6, 5), ("acme/tiny-model-large", 6, 4)]


def test_a_hub_url_default_is_the_origin_of_the_id_it_names() -> None:
    assert _origins('''
        from huggingface_hub import snapshot_download

        def fetch(key="https://huggingface.co/acme/base-model"):
            return snapshot_download(key)
    ''') == [("acme/base-model", 5, 4)]
