"""Hosted model names that no Hub id is spelt like: cloud catalogs' ids, vendors' own names, Replicate's.

- Amazon Bedrock's model ids (OCI Generative AI spells its own the same way) are `<maker>.<model>`:
  a maker of the catalog and one of that maker's model families (`anthropic.claude-3-haiku-20240307-v1:0`,
  `amazon.titan-embed-text-v2:0`, `meta.llama3-1-70b-instruct-v1:0`, `cohere.command`), with an optional
  cross-region inference prefix (`us.`, `eu.`, `apac.`, `global.`) and a provisioned-throughput suffix
  (`...-v1:0:200k`); in an ARN (`arn:aws:bedrock:us-east-1::foundation-model/<id>`) the id after the
  slash is the model. A maker word followed by anything else is no model: module paths given as
  strings (`patch("anthropic.resources.messages")`, `"openai.types.chat"`, `"cohere.client"`), files
  (`meta.json`) and hosts (`amazon.com`).
- Vendors whose model names start with a word no open-weights repository is named by, bare:
  Voyage AI (`voyage-2`, `voyage-large-2`, `voyage-code-3`, its rerankers `rerank-2`, `rerank-lite-1`),
  Cohere (`rerank-english-v3.0`, `rerank-v3.5`, `embed-v4.0`), Deepgram (`nova-2`, `nova-3-medical`)
  and MiniMax (`MiniMax-M2.7`, spelt with its capitals: a pipeline or a folder named `minimax-h3` is no API model;
  its open weights are `MiniMaxAI/...` on the Hub, with an organisation).
The names of the hosted APIs themselves (`gpt-4o`, `claude-...`, `qwen-max`) are listed here too.
"""

from __future__ import annotations

import functools
import re

# Bedrock's cross-region inference profiles put a geography before the id.
_REGIONS = r"(?:us|eu|apac|global|us-gov|jp|au|ca)\."
# The makers of Bedrock's (and OCI's) catalog and their model families; a family word ends the id
# or goes on with `-`, `.`, `:` or a digit (`meta.llama3-1-...`, `meta.llama-3.1-...`, `cohere.command`).
_FAMILIES = (
    r"(?:amazon\.(?:titan|nova|rerank)|anthropic\.claude|meta\.llama|cohere\.(?:command|embed|rerank)"
    r"|mistral\.(?:mistral|mixtral|pixtral|magistral|ministral|voxtral)|ai21\.(?:j2|jamba)"
    r"|stability\.(?:stable|sd[0-9])|deepseek\.(?:r1|v3)|writer\.palmyra|qwen\.qwen|openai\.gpt-oss|luma\.ray"
    r"|twelvelabs\.(?:marengo|pegasus)|google\.gemma|xai\.grok)"
)
# (the family word alone is no model, but for OCI's `cohere.command`)
_CLOUD_ID = rf"(?:{_REGIONS})?(?:{_FAMILIES}[-.:0-9][a-z0-9.:-]*|cohere\.command)"
# Where such an id (or an ARN of one) opens a string: for the candidate pass, which finds literals by their start.
CLOUD_ID_START = rf"(?:{_REGIONS})?{_FAMILIES}|arn:aws"
_ARN = rf"arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]*:[0-9]*:(?:foundation-model|inference-profile)/(?P<id>{_CLOUD_ID})"
# Ollama's library names a model by its size (`llama3.1:70b`, `qwen2.5:0.5b`, `mixtral:8x7b`, `gemma3n:e4b`,
# `llama3.1:70b-instruct-q4_K_M`): a `name:size` tag that no image, device or path is spelt like (`cuda:0`,
# `python:3.11`, `ubuntu:latest` carry no size).
OLLAMA_SIZE_TAG = r"[a-z][a-z0-9._-]{0,80}:(?:e?[0-9]+(?:\.[0-9]+)?|[0-9]+x[0-9]+)[bm]"
_OLLAMA_SIZED = re.compile(rf"{OLLAMA_SIZE_TAG}(?:-[A-Za-z0-9._-]+)?")
# Any Ollama library name with a hyphen or a digit (`nomic-embed-text`, `llama3.2`, `qwen2.5-coder:7b`): a model
# only in a module that talks to Ollama (a plain word, `mistral`, says too little even there).
OLLAMA_NAMED = r"(?=[a-z0-9.]*[-0-9])[a-z][a-z0-9.-]{1,60}"
_OLLAMA_NAMED = re.compile(rf"{OLLAMA_NAMED}(?::[a-z0-9._-]+)?")
# Deepgram's speech models by domain (`nova-2-medical`); Amazon's `nova-2-lite`, `nova-2-pro` are no Deepgram model.
_DEEPGRAM_DOMAINS = ("general|meeting|phonecall|finance|conversationalai|voicemail|video|medical|drivethru|automotive"
                     "|atc|ea")
_VENDOR_NAMES = (
    r"voyage-[a-z0-9][\w.-]*|rerank-(?:english|multilingual)-v[0-9][\w.-]*|rerank-v[0-9][\w.-]*"
    r"|rerank-(?:lite-)?[0-9][\w.-]*|embed-v[0-9][\w.-]*|nova-[0-9](?:-(?:" + _DEEPGRAM_DOMAINS + "))?"
    r"|(?-i:MiniMax-[A-Z])[\w.-]*"
)


# DashScope (Alibaba Cloud Model Studio) also serves Qwen's open models under their names in lower case,
# with a size (`qwen2.5-72b-instruct`, `qwen3-235b-a22b`, `qwq-32b`, `qwen3-coder-480b-a35b-instruct`) or a
# tier (`qwen3-vl-plus`, `qwen3.5-plus`, `qwen3-omni-flash`). Spelt so, and only so, they are API names:
# the Hub's `Qwen2.5-7B-Instruct` keeps its capitals, a chat template is `qwen` or `qwen2_vl` (no hyphen),
# a family word has no size (`qwen2-vl`), a file name ends in an extension (`qwen2.5-7b-instruct.gguf`), and
# a name a test gives its own server says so (`model_name="qwen3-4b-test"`), as does an evaluation's name for
# the weights it runs on an engine (OpenCompass's `qwen2.5-7b-hf`, `qwen1.5-14b-chat-vllm`).
_DASHSCOPE_PART = r"[a-z0-9]+(?:\.[0-9]+)?"  # one `-` separated part: `instruct`, `72b`, `a22b`, `2.5`
DASHSCOPE_OPEN_NAMES = (
    r"(?-i:(?:qwen[0-9](?:\.[0-9])?|qwq|qvq)-(?![\w.-]*-(?:test|dummy|fake|mock|sample|example|"
    r"hf|vllm|turbomind|lmdeploy|sglang|awq|gptq|gguf|mlx|int4|int8|fp8)(?:-|$))"
    # a size: right after the family (`qwen3-32b`, `qwen2.5-72b-instruct`), or after a domain with more behind
    # it (`qwen2.5-math-72b-instruct`; unsloth's own `qwen3-asr-0.6b` for local weights is no DashScope name)
    rf"(?:[0-9]+(?:\.[0-9]+)?b(?:-{_DASHSCOPE_PART})*|(?:[a-z]+-)+[0-9]+(?:\.[0-9]+)?b(?:-{_DASHSCOPE_PART})+"
    rf"|(?:[a-z]+-)*(?:plus|max|turbo|flash|long)(?:-{_DASHSCOPE_PART})*))"  # a tier
)


_API_MODEL_PATTERN = (
    r"""^(?:
        gpt-[0-9][\w.:-]*|gpt-oss[\w.-]*|gpt-(?:image|realtime|audio)(?:-[\w.-]+)?|codex-mini[\w.-]*|
        chatgpt-[\w.-]+|o[1345](?:-[\w.-]+)?|
        text-embedding-[\w.-]+|text-davinci-[\w.-]+|davinci-[\w.-]+|babbage-[\w.-]+|dall-e-[\w.-]+|
        whisper-1|tts-1[\w.-]*|omni-moderation-[\w.-]+|text-moderation-[\w.-]+|computer-use-preview[\w.-]*|
        claude-[\w.@-]+|
        gemini-[\w.@-]+|text-bison[\w@.-]*|chat-bison[\w@.-]*|textembedding-gecko[\w@.-]*|imagen-[\w.@-]+|
        veo-[\w.-]+|
        qwen-(?:max|plus|turbo|long|flash|vl-max|vl-plus|vl-ocr|audio-turbo|coder-plus|coder-turbo|math-plus|
               math-turbo|mt-plus|mt-turbo|omni-turbo)[\w.-]*|
        qwq-plus[\w.-]*|qvq-max[\w.-]*|qwen3-max[\w.-]*|qwen3-coder-plus[\w.-]*|text-embedding-v[0-9]|
        """ + DASHSCOPE_OPEN_NAMES + r"""|
        command-r[\w.-]*|command-a[\w.-]*|command-light[\w.-]*|command|embed-(?:english|multilingual)-[\w.-]+|
        mistral-(?:large|medium|small|tiny|embed|saba|ocr)(?:-latest|-[0-9]{4})?|codestral-(?:latest|[0-9]{4})|
        pixtral-large-latest|ministral-[38]b-latest|open-mistral-nemo|magistral-[\w.-]+|
        deepseek-chat|deepseek-reasoner|grok-[\w.-]+|sonar(?:-pro|-reasoning[\w-]*|-deep-research)?|
        reka-(?:core|flash|edge)[\w.-]*|glm-4[\w.-]*|moonshot-v1-[\w.-]+|kimi-k2[\w.-]*|abab[\w.-]+|ernie-(?:[0-9x]|bot|speed|lite|tiny|char|novel)[\w.-]*|doubao-[\w.-]+|
        """ + _VENDOR_NAMES + r"""
    )$"""
)


def is_dashscope_open_name(value: str) -> bool:
    """A DashScope name of Qwen's open weights (`qwen2.5-72b-instruct`): behind a router with an organisation
    (`together_ai/qwen/qwen1.5-110b-chat`) the name is the Hub repository's, not DashScope's."""
    return _dashscope_open().fullmatch(value) is not None


@functools.cache
def _dashscope_open() -> re.Pattern[str]:
    return re.compile(DASHSCOPE_OPEN_NAMES)


@functools.cache
def api_model_name() -> re.Pattern[str]:
    """The names hosted APIs give their models (`gpt-4o`, `claude-...`, `voyage-2`), matched from the start."""
    return re.compile(_API_MODEL_PATTERN, re.VERBOSE | re.IGNORECASE)  # 2 ms: compiled on first use


def cloud_model_id(value: str) -> str | None:
    """The Bedrock / OCI model id `value` names (itself, or the id inside a Bedrock ARN), else None."""
    if value.startswith("arn:"):
        match = _cloud_patterns()[1].fullmatch(value)
        return match["id"] if match is not None else None
    return value if len(value) <= 200 and _cloud_patterns()[0].fullmatch(value) else None


@functools.cache
def _cloud_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(_CLOUD_ID), re.compile(_ARN)


def cloud_maker(model_id: str) -> str:
    """Who made the model a cloud catalog id names: `us.anthropic.claude-...` -> `anthropic`."""
    return _REGION.sub("", model_id, count=1).split(".", 1)[0]


_REGION = re.compile(_REGIONS)


def is_ollama_sized(value: str) -> bool:
    """An Ollama library name with a size tag (`llama3.1:70b`): a model under any name that says model."""
    return _OLLAMA_SIZED.fullmatch(value) is not None


def is_ollama_named(value: str) -> bool:
    """Spelt like an Ollama library name with a hyphen or a digit (`nomic-embed-text`): in an Ollama module, a model."""
    return _OLLAMA_NAMED.fullmatch(value) is not None
