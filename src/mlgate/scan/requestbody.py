"""The model a request body names, when a command line sends one to an inference API.

`curl http://localhost:8000/v1/chat/completions -d '{"model": "vicuna-7b-v1.5", ...}'` is how
serving scripts and their tests check an OpenAI-compatible server (vLLM, TGI, FastChat, LiteLLM)
or Ollama. The body's `"model"` is what the server is asked to run: a Hub id served as such stays
a Hub model, an Ollama path's name is an Ollama model, any other name is an API model (as for an
API client's `create(model=...)`); a bare word (`default`) is taken for the alias a server was
given and not reported (on Ollama, a word with an underscore). Only bodies sent to an inference
path count: a `"model"` key posted elsewhere (a tracking service, a form) says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from mlgate.model import Kind
from mlgate.scan.found import Found
from mlgate.targets import classify, is_placeholder, normalise_target, ollama_target

_DATA_FLAGS = frozenset({"-d", "--data", "--data-raw", "--data-binary", "--json"})
# How the paths of inference endpoints end (OpenAI-compatible servers, TGI, Ollama's own API).
_INFERENCE_ENDINGS = ("/chat/completions", "/completions", "/embeddings", "/responses", "/generate",
                      "/generate_stream", "/api/chat", "/api/embed", "/api/embeddings", "/api/pull", "/api/show")
_OLLAMA_PORT = ":11434"
_MODEL_VALUE = re.compile(r'"model"\s*:\s*"(?P<value>[^"\\\s]{1,200})"')
_API_NAME = re.compile(r"[A-Za-z0-9][\w.:@/-]{0,127}")
# A word without a digit or a separator (`default`, `unsloth_model`) is a name the server was
# given for what it runs (vLLM's `--served-model-name`); on Ollama, whose own names are plain
# words (`mistral`), a name with an underscore is one made with `ollama create`.
_ALIAS = re.compile(r"[A-Za-z_]+")


def body_models(values: Sequence[str], via: str) -> Iterator[tuple[int, int, Found]]:
    """(word index, start within the word, what it names) of each `"model"` in a request body."""
    url = next((value for value in values if "://" in value and _inference_path(value)), "")
    if not url:
        return  # a body posted elsewhere (a tracker, a form) says nothing
    ollama = _OLLAMA_PORT in url or "/api/" in url
    for index, value in enumerate(values):
        flag, equals, inline = value.partition("=")
        if equals and flag in _DATA_FLAGS:
            body, at, shift = inline, index, len(flag) + 1
        elif value in _DATA_FLAGS and index + 1 < len(values):
            body, at, shift = values[index + 1], index + 1, 0
        else:
            continue
        for match in _MODEL_VALUE.finditer(body):
            found = _named(match.group("value"), ollama, via)
            if found is not None:
                yield at, shift + match.start("value"), found


def _inference_path(url: str) -> bool:
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return path.endswith(_INFERENCE_ENDINGS)


def _named(value: str, ollama: bool, via: str) -> Found | None:
    if is_placeholder(value) or "$" in value or (_ALIAS.fullmatch(value) and (not ollama or "_" in value)):
        return None
    if ollama:
        target = ollama_target(value)
        return Found(target[0], target[1], via) if target is not None else None
    kind = classify(value)
    if kind is Kind.ADAPTER:
        kind = Kind.MODEL  # a server runs what it is asked for by name
    if kind is not None:
        return Found(normalise_target(value, kind), kind, via)
    return Found(value, Kind.API_MODEL, via) if _API_NAME.fullmatch(value) else None
