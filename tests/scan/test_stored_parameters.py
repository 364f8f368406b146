"""A wrapper class stores a constructor parameter in `self.x`, and a method sends `self.x` to a loader
or a hosted API: the literal given to the constructor is the reference, reported at that call."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from mlgate.model import Location, Reference
from mlgate.scan.python import detector as python
from mlgate.scan.python.pending import ImportRef, Pending, Slot, decode, encode
from mlgate.scan.python.rules import ArgRule
from scan.helpers import detect, scan_tree

WRAPPERS = '''
    import openai
    import together
    from transformers import AutoModel


    class TOGETHER:
        def __init__(self, model, api_key):
            self.model = model
            self.api_key = api_key

        def query(self, prompt):
            return together.Complete.create(prompt=prompt, model=self.model, max_tokens=512)


    class OPENAI:
        def __init__(self, model, api_key):
            self.model = model
            self.client = openai.OpenAI(api_key=api_key)

        def query(self, prompt):
            return self.client.chat.completions.create(model=self.model, messages=[])


    class Encoder:
        def __init__(self, name):
            self.name = name
            self.model = AutoModel.from_pretrained(self.name)
'''


def scan(source: str) -> list[tuple[str, str, int, str]]:
    refs: list[Reference] = detect(python.DETECTOR, "m.py", textwrap.dedent(source))
    return [(r.target, r.kind.value, r.location.line, r.via) for r in refs]


def test_a_constructor_parameter_reaches_a_loader_through_self() -> None:
    assert scan(WRAPPERS + '''
    together_example = TOGETHER("togethercomputer/llama-2-7b-chat", "key")
    openai_example = OPENAI("gpt-3.5-turbo", api_key="key")
    groq_named = OPENAI(model="llama3-70b-8192", api_key="key")
    encoder = Encoder("acme/encoder-base")
    ''') == [
        ("togethercomputer/llama-2-7b-chat", "model", 30, "TOGETHER() -> together.Complete.create"),
        ("gpt-3.5-turbo", "api-model", 31, "OPENAI() -> completions.create"),
        ("llama3-70b-8192", "api-model", 32, "OPENAI() -> completions.create"),
        ("acme/encoder-base", "model", 33, "Encoder() -> AutoModel.from_pretrained"),
    ]


def test_another_classs_attribute_of_the_same_name_is_no_wrapper() -> None:
    # `Recorder.model` is never sent anywhere: that `TOGETHER.query` reads a `self.model` of
    # its own says nothing about Recorder's.
    assert scan(WRAPPERS + '''
    class Recorder:
        def __init__(self, model):
            self.model = model

        def describe(self):
            return f"answers recorded for {self.model}"


    recorder = Recorder("acme/recorded-name")
    ''') == []


def test_only_a_stored_parameter_read_through_self_makes_a_wrapper() -> None:
    # `config.name` is not `self.name`, though `__init__` stores its parameter `name` in `self.name`;
    # a stored parameter is followed into a loader's own slot only.
    assert scan('''
        from transformers import AutoModel


        class Shared:
            def __init__(self, config, name):
                self.name = name
                self.model = AutoModel.from_pretrained(config.name)


        class Own:
            def __init__(self, config, name):
                self.name = name
                self.model = AutoModel.from_pretrained(self.name)


        class Reporter:  # `model=` of a call mlgate does not know: a keyword any call may have
            def __init__(self, session, model):
                self.model = model
                self.session = session

            def report(self):
                return self.session.annotate(model=self.model)


        Shared(None, "acme/not-loaded")
        Own(None, "acme/loaded")
        Reporter(None, "acme/reported-name")
    ''') == [("acme/loaded", "model", 27, "Own() -> AutoModel.from_pretrained")]


HOSTED = '''
    import openai


    class LLM:
        def __init__(self, model, api_key=None):
            self.model: str = model
            self.api_key = api_key


    class ANYSCALE(LLM):
        def __init__(self, model, api_key):
            super().__init__(model, api_key)
            self.client = openai.OpenAI(api_key=api_key)

        def query(self, prompt):
            return self.client.chat.completions.create(model=self.model, messages=[])


    class Inherited(LLM):
        def query(self, prompt):
            return openai.OpenAI().chat.completions.create(model=self.model, messages=[])


    class Sibling(LLM):
        def __init__(self, model):
            super().__init__(model)

        def describe(self):
            return self.client.annotate(model=self.model)
'''


def test_a_base_class_constructor_stores_what_a_subclass_sends() -> None:
    # through `super().__init__(model, ...)`, and through an inherited `__init__`
    assert scan(HOSTED + '''
    ANYSCALE("meta-llama/Llama-2-7b-chat-hf", "key")
    Inherited("gpt-4o-mini")
    ''') == [
        ("meta-llama/Llama-2-7b-chat-hf", "model", 32, "ANYSCALE() -> LLM() -> completions.create"),
        ("gpt-4o-mini", "api-model", 33, "Inherited() -> completions.create"),
    ]


def test_a_class_whose_own_methods_send_nothing_is_no_wrapper() -> None:
    # `Sibling` and `LLM` share the base's constructor, but no method of theirs sends `model` to a
    # loader: what ANYSCALE's `query` does says nothing about them. A keyword any call may have
    # (`annotate(model=...)`) is not followed through a class either.
    assert scan(HOSTED + '''
    LLM("acme/base-name")
    Sibling("acme/sibling-name")
    ''') == []


def test_a_notebook_builds_a_wrapper_class_of_a_project_module(tmp_path: Path) -> None:
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
            "source": ["from hosted.llm import ANYSCALE\n",
                       'example = ANYSCALE("meta-llama/Llama-2-7b-chat-hf", "key")\n']}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    result = scan_tree(tmp_path, {"hosted/__init__.py": "", "hosted/llm.py": textwrap.dedent(HOSTED),
                                  "demo.ipynb": json.dumps(notebook, indent=1)})
    assert [(r.target, r.location.path, r.location.cell, r.via) for r in result.references] == [
        ("meta-llama/Llama-2-7b-chat-hf", "demo.ipynb", 1, "ANYSCALE() -> LLM() -> completions.create")]


def test_a_notebook_calls_place_survives_the_scan_cache() -> None:
    # a warm rescan rebuilds a notebook's cross-module call from the cache: its cell is kept
    where = Location("demo.ipynb", 12, 4, cell=3)
    slot = Slot(ArgRule(0, ()), "ANYSCALE", False, (), False)
    item = Pending("acme/x", (ImportRef(0, "hosted.llm", "ANYSCALE"),), slot, where, probe=True,
                   origin=Location("demo.ipynb", 9, 2, cell=2))
    again = decode("demo.ipynb", json.loads(json.dumps(encode(item))))
    assert (again.location, again.origin) == (where, Location("demo.ipynb", 9, 2, cell=2))


def test_a_parameter_stored_then_overwritten_in_the_same_method_is_not_followed() -> None:
    refs = detect(python.DETECTOR, "m.py", textwrap.dedent('''
        from transformers import AutoModel
        class Fixed:
            def __init__(self, model):
                self.model = model
                self.model = "org/fixed-model"
            def load(self):
                return AutoModel.from_pretrained(self.model)
        Fixed("acme/overwritten")
    '''))
    assert sorted((r.location.line, r.target) for r in refs) == [(6, "org/fixed-model"), (8, "org/fixed-model")]
