"""A wrapper class stores a constructor parameter in `self.x`, and a method sends `self.x` to a loader
or a hosted API: the literal given to the constructor is the reference, reported at that call."""

from __future__ import annotations

import textwrap

from mlgate.model import Reference
from mlgate.scan.python import detector as python
from scan.helpers import detect

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
    # `config.name` is not `self.name`, though `__init__` stores its parameter `name` in `self.name`.
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


        Shared(None, "acme/not-loaded")
        Own(None, "acme/loaded")
    ''') == [("acme/loaded", "model", 18, "Own() -> AutoModel.from_pretrained")]
