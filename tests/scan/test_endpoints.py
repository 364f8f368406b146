"""Self-hosted endpoints: API model names a module sends to a server it runs itself carry its URL."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from mlgate.model import Kind, Location, Reference
from mlgate.scan.python.detector import DETECTOR
from mlgate.scan.python.endpoints import module_endpoint, self_hosted_endpoint
from mlgate.scan.refcodec import decode_reference, encode_reference
from scan.helpers import detect, scan_tree


@pytest.mark.parametrize("url", [
    "http://localhost:8000/v1", "http://127.0.0.1:8000/v1/", "http://127.3.2.1/v1", "http://0.0.0.0:4000",
    "http://[::1]:8000/v1", "http://10.1.2.3:8000/v1", "http://172.16.0.9/v1", "http://172.31.255.1/v1",
    "http://192.168.1.20:11434/v1", "http://gpu-box.local:8000/v1", "http://llm.internal/v1",
    "https://host.docker.internal:8000/v1", "localhost:8000/v1", "http://localhost:{port}/v1",
])
def test_self_hosted_hosts(url: str) -> None:
    assert self_hosted_endpoint(url) is not None


@pytest.mark.parametrize("url", [
    "https://api.openai.com/v1", "https://api.together.xyz/v1", "http://8.8.8.8/v1", "http://172.32.0.1/v1",
    "http://172.15.0.1/v1", "http://localhost.example.com/v1", "http://{host}:8000/v1", "http://[::2]/v1",
    "http://local/v1", "", "http://local host/v1", "https://my-internal.example.com/v1",
])
def test_public_or_unknown_hosts(url: str) -> None:
    assert self_hosted_endpoint(url) is None


def test_credentials_query_and_fragment_are_never_kept() -> None:
    assert self_hosted_endpoint("http://admin:s3cret@10.0.0.5:8000/v1?token=abc#top") == "http://10.0.0.5:8000/v1"
    assert self_hosted_endpoint("http://key@localhost/v1") == "http://localhost/v1"
    # a password with a `/` ends the host early: the user would pass for a host, the rest for a path
    assert self_hosted_endpoint("http://localhost:pa/ss@10.0.0.5:8000/v1") is None
    assert self_hosted_endpoint("http://[::1]:8000/v1") == "http://[::1]:8000/v1"
    assert self_hosted_endpoint("http://localhost:{port}/v1") == "http://localhost:{port}/v1"


def _endpoint(source: str) -> str | None:
    text = textwrap.dedent(source)
    return module_endpoint(text, ast.parse(text))


def test_a_client_built_with_a_local_base_url_through_a_module_constant() -> None:
    assert _endpoint("""
        from openai import OpenAI
        base_url = "http://127.0.0.1:8000/v1/"
        client = OpenAI(api_key="EMPTY", base_url=base_url)
    """) == "http://127.0.0.1:8000/v1/"


@pytest.mark.parametrize("source", [
    'import openai\nopenai.api_base = "http://localhost:8000/v1"\n',
    'import openai\nopenai.base_url = "http://localhost:8000/v1"\n',
    'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(openai_api_base="http://localhost:8000/v1")\n',
    'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(base_url="http://localhost:8000/v1")\n',
    'import openai\nr = openai.ChatCompletion.create(model="x", api_base="http://localhost:8000/v1")\n',
    'import openai\nc = openai.AsyncOpenAI(base_url="http://localhost:8000/v1")\n',
    'def make():\n    url = "http://localhost:8000/v1"\n    return OpenAI(base_url=url)\n',
    'class Bot:\n    def __init__(self):\n        self.c = OpenAI(base_url=f"http://localhost:{8000}/v1")\n',
])
def test_every_configuration_form(source: str) -> None:
    assert _endpoint(source) is not None


@pytest.mark.parametrize("source", [
    # a hosted provider's URL, and a public host
    'from openai import OpenAI\nc = OpenAI(base_url="https://api.together.xyz/v1")\n',
    # the environment decides (its default is local, a deployment's may not be)
    'import os\nc = OpenAI(base_url=os.environ.get("OPENAI_BASE_URL", "http://localhost:8000/v1"))\n',
    'import os\nURL = os.getenv("URL")\nc = OpenAI(base_url=URL)\n',
    # a local server and the provider's default host: mixed
    'a = OpenAI(base_url="http://localhost:8000/v1")\nb = OpenAI()\n',
    'a = OpenAI(base_url="http://localhost:8000/v1")\nb = OpenAI(**settings)\n',
    'a = OpenAI(base_url="http://localhost:8000/v1")\nb = AzureOpenAI(azure_endpoint="https://x.openai.azure.com")\n',
    # a local server and a hosted provider's own client: mixed
    'a = OpenAI(base_url="http://localhost:8000/v1")\ng = ChatGroq(model_name="llama3-8b-8192")\n',
    'a = OpenAI(base_url="http://localhost:8000/v1")\nc = anthropic.Anthropic()\n',
    # a parameter hides the module's constant; a name bound twice is no literal
    'URL = "http://localhost:8000/v1"\ndef make(URL):\n    return OpenAI(base_url=URL)\n',
    'URL = "http://localhost:8000/v1"\nURL = "https://api.openai.com/v1"\nc = OpenAI(base_url=URL)\n',
    # configures nothing: a client without a base URL alone, or no client at all
    'c = OpenAI()\n',
    'base_url = "http://localhost:8000/v1"\nrequests.post(base_url)\n',
    'c = httpx.Client(base_url="http://localhost:8000")\n',
])
def test_look_alikes_leave_the_module_unmarked(source: str) -> None:
    assert _endpoint(source) is None


def test_several_self_hosted_servers_are_all_named() -> None:
    assert _endpoint("""
        a = OpenAI(base_url="http://localhost:8000/v1")
        b = OpenAI(base_url="http://localhost:8001/v1")
        c = OpenAI(base_url="http://localhost:8000/v1")
    """) == "http://localhost:8000/v1 http://localhost:8001/v1"


CHATGLM = '''\
from openai import OpenAI

base_url = "http://127.0.0.1:8000/v1/"
client = OpenAI(api_key="EMPTY", base_url=base_url)


def chat():
    return client.chat.completions.create(model="chatglm3-6b", messages=[])


def embed():
    return client.embeddings.create(model="bge-large-zh-1.5", input=["x"])


def hub_model():
    return client.chat.completions.create(model="Qwen/Qwen2.5-7B-Instruct", messages=[])
'''


def test_api_model_references_of_a_self_hosted_module_carry_the_endpoint() -> None:
    refs = detect(DETECTOR, "openai_api_request.py", CHATGLM)
    assert [(r.target, r.kind.value, r.endpoint) for r in refs] == [
        ("chatglm3-6b", "api-model", "http://127.0.0.1:8000/v1/"),
        ("bge-large-zh-1.5", "api-model", "http://127.0.0.1:8000/v1/"),
        ("Qwen/Qwen2.5-7B-Instruct", "model", None),  # a Hub id is a model already, wherever it is sent
    ]


def test_a_hosted_provider_client_in_a_local_module_is_not_marked() -> None:
    # The module is mixed (Groq is hosted): nothing is marked, the local name included.
    refs = detect(DETECTOR, "m.py", CHATGLM + 'groq = ChatGroq(model_name="llama3-8b-8192")\n')
    assert {r.target: r.endpoint for r in refs if r.kind is Kind.API_MODEL} == {
        "chatglm3-6b": None, "bge-large-zh-1.5": None, "llama3-8b-8192": None}


def test_a_notebook_is_one_module(tmp_path: Path) -> None:
    import json

    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": src}
             for src in ('from openai import OpenAI\nclient = OpenAI(base_url="http://localhost:8080/v1")\n',
                         'client.chat.completions.create(model="acme-served", messages=[])\n')]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    result = scan_tree(tmp_path, {"serve.ipynb": notebook})
    assert [(r.target, r.endpoint) for r in result.references] == [("acme-served", "http://localhost:8080/v1")]


def test_a_model_name_imported_from_another_module_carries_the_calling_modules_endpoint(tmp_path: Path) -> None:
    files = {
        "settings.py": 'SERVED = "acme-served-model"\n',
        "client.py": ("from openai import OpenAI\nfrom settings import SERVED\n"
                      'client = OpenAI(base_url="http://192.168.0.7:8000/v1")\n'
                      "reply = client.chat.completions.create(model=SERVED, messages=[])\n"),
    }
    for _ in range(2):  # a cold scan, then one from the cache (which keeps the pending item's endpoint)
        result = scan_tree(tmp_path, files, cache_dir=tmp_path / ".cache")
        assert [(r.target, r.location.path, r.endpoint) for r in result.references] == [
            ("acme-served-model", "client.py", "http://192.168.0.7:8000/v1")]


def test_the_scan_stores_keep_the_endpoint() -> None:
    ref = Reference("chatglm3-6b", Kind.API_MODEL, Location("a.py", 3, 5), "completions.create",
                    endpoint="http://localhost:8000/v1")
    assert decode_reference(encode_reference(ref)) == ref
    assert ref.identity == Reference("chatglm3-6b", Kind.API_MODEL, Location("a.py", 9), "completions.create").identity


def test_a_warm_rescan_keeps_the_endpoint(tmp_path: Path) -> None:
    files = {"client.py": CHATGLM}
    first = scan_tree(tmp_path, files, cache_dir=tmp_path / ".cache")
    again = scan_tree(tmp_path, files, cache_dir=tmp_path / ".cache")
    assert [r.endpoint for r in again.references] == [r.endpoint for r in first.references]
    assert "http://127.0.0.1:8000/v1/" in {r.endpoint for r in again.references}


def test_another_providers_client_beside_a_local_openai_client_keeps_its_terms() -> None:
    # The base URL redirects the OpenAI client only: Gemini, Anthropic, LiteLLM and DSPy still talk
    # to their providers, whatever the module's OpenAI client is pointed at.
    source = CHATGLM + textwrap.dedent('''
        import anthropic
        import dspy
        import google.generativeai as genai
        import litellm
        gemini = genai.GenerativeModel("gemini-1.5-pro")
        routed = litellm.completion(model="claude-3-opus-20240229", messages=[])
        claude = anthropic.Client().messages.create(model="claude-3-5-sonnet-20240620", messages=[])
        lm = dspy.LM("openai/gpt-4o-mini")
        def smoke(run_cmd):
            run_cmd("""
        curl http://localhost:8000/v1/chat/completions \\
          -H "Content-Type: application/json" \\
          -d '{"model": "acme-curl-served", "messages": []}'
        """)
    ''')
    refs = detect(DETECTOR, "compare.py", source)
    assert {r.target: r.endpoint for r in refs if r.kind is Kind.API_MODEL} == {
        "chatglm3-6b": "http://127.0.0.1:8000/v1/", "bge-large-zh-1.5": "http://127.0.0.1:8000/v1/",
        "acme-curl-served": "http://127.0.0.1:8000/v1/",  # (the request a test sends its local server)
        "gemini-1.5-pro": None, "claude-3-opus-20240229": None, "claude-3-5-sonnet-20240620": None,
        "openai/gpt-4o-mini": None}


CALL_BASES = '''\
import litellm
import dspy
from langchain_openai import ChatOpenAI

API_BASE = "http://localhost:8000/v1"


def ask():
    return litellm.completion(model="gpt-4o-mini", api_base=API_BASE, messages=[])


def hosted():
    return litellm.completion(model="gpt-4o", messages=[])


local_lm = dspy.LM("openai/gpt-4o-mini", api_base="http://10.0.0.5:8000/v1", api_key="x")
public_lm = dspy.LM("openai/gpt-4o", api_base="https://api.openai.com/v1")
chat = ChatOpenAI(model="gpt-3.5-turbo", base_url="http://127.0.0.1:9000/v1")
provider = ChatOpenAI(model="gpt-4.1")
'''


def test_a_call_with_its_own_self_hosted_base_marks_only_the_name_it_is_given() -> None:
    # The module mixes local servers and the provider's default host, so the module-wide rule marks
    # nothing; each call that names its own local server still sends its name there.
    refs = detect(DETECTOR, "m.py", CALL_BASES)
    assert {(r.target, r.location.line): r.endpoint for r in refs if r.kind is Kind.API_MODEL} == {
        ("gpt-4o-mini", 9): "http://localhost:8000/v1",
        ("gpt-4o", 13): None,
        ("openai/gpt-4o-mini", 16): "http://10.0.0.5:8000/v1",
        ("openai/gpt-4o", 17): None,
        ("gpt-3.5-turbo", 18): "http://127.0.0.1:9000/v1",
        ("gpt-4.1", 19): None,
    }
