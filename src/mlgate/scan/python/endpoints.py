"""Self-hosted endpoints: an API client pointed at a server the project runs itself.

`OpenAI(base_url="http://127.0.0.1:8000/v1/")` followed by `create(model="chatglm3-6b")` sends
the name to a local server (vLLM, TGI, FastChat, a demo's own `openai_api.py`): the model is
open weights run in-house, not a provider's hosted model, and no provider's API terms apply.
The model name and the client are seldom in the same expression (the client is built once, its
calls are spread over functions), so the rule is deliberately module-scoped and conservative:

- a *configuration* is a client built with, or a module attribute set to, a base URL:
  `base_url=` / `api_base=` / `openai_api_base=` of an OpenAI-like class (`OpenAI`,
  `AsyncOpenAI`, `AzureOpenAI`, LangChain's `ChatOpenAI`, ...) or of a `create(...)` call, and
  `openai.api_base = ...` / `openai.base_url = ...`;
- a client of such a class built without a base URL goes to the provider's default host, and a
  client of a hosted provider's own class (`ChatGroq`, `Replicate`, `Anthropic`, ...) to that
  provider: both are hosted configurations;
- the module's API model references are self-hosted only when it has at least one configuration
  and every one is a literal self-hosted URL (directly, through a module constant, or through a
  name its function binds once to a literal). A mix, a URL read from the environment or an
  argument, or a public host leaves them as they are. Only the names given to the OpenAI
  library's calls and classes are marked (`marks`): another provider's client is not redirected;
- a call that carries its own literal self-hosted `api_base=` / `base_url=` (LiteLLM's `completion`,
  DSPy's `LM`, a client class given its model too) marks the name it is given, module or no module
  (`with_call_endpoints`).

Self-hosted hosts: `localhost`, loopback (127/8, `::1`), `0.0.0.0`, the private IPv4 ranges
(10/8, 172.16/12, 192.168/16), and `*.local` / `*.internal` names.
"""

from __future__ import annotations

import ast
import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from mlgate.model import Kind, Location, Reference
from mlgate.redact import without_credentials
from mlgate.scan.python.nameddefaults import module_constants
from mlgate.scan.python.nodes import dotted_name
from mlgate.scan.python.rules import API_RESOURCES, HOSTED_CLIENT_CLASSES, LEGACY_API_RESOURCES, REPLICATE_CLASSES

# Text that must be in a module for it to configure a base URL at all (checked before parsing).
NEEDLES = ("base_url", "api_base")
_KEYWORDS = ("base_url", "api_base", "openai_api_base")
_ATTRIBUTES = frozenset({"api_base", "base_url"})
_CREATES = frozenset({"create", "acreate"})
# Clients of a provider's own service: whatever else the module configures, these calls are hosted.
_HOSTED_CLASSES = HOSTED_CLIENT_CLASSES | REPLICATE_CLASSES | {"Anthropic", "AsyncAnthropic"}
# The OpenAI library's resources whose `create()` a base URL redirects (`messages` is Anthropic's).
_OPENAI_RESOURCES = (API_RESOURCES - {"messages"}) | LEGACY_API_RESOURCES
_PRIVATE = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
_FIELD = re.compile(r"\{[^{}]*\}")  # an f-string's field, as `_text` writes it (`localhost:{port}`)
_HOSTED = ""  # a configuration that is not a literal self-hosted URL (a public host, a default, a variable)


def self_hosted_endpoint(url: str) -> str | None:
    """`url` without user-info, query and fragment when its host is self-hosted, else None."""
    if not url or any(c.isspace() for c in url):
        return None
    parts = urlsplit(url if "://" in url else f"http://{url}")
    try:
        host = parts.hostname or ""
    except ValueError:
        return None
    if not _self_hosted_host(host):
        return None
    port = parts.netloc.rsplit("@", 1)[-1].rsplit("]", 1)[-1].partition(":")[2]  # (after IPv6 brackets)
    if port and not (port.isdigit() or _FIELD.fullmatch(port)):
        # `http://localhost:pa/ss@host`: no port, but a user `localhost` whose password has a `/`
        # (the rest would be kept as the path); no client connects to it either
        return None
    return without_credentials(url if "://" in url else f"http://{url}")  # credentials are never stored


def _self_hosted_host(host: str) -> bool:
    if host == "localhost" or host.endswith((".local", ".internal", ".localhost")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if address.version == 6:
        return address.is_loopback
    return address.is_loopback or address.is_unspecified or any(address in net for net in _PRIVATE)


def module_endpoint(text: str, tree: ast.Module | None) -> str | None:
    """The self-hosted base URL(s) module `tree` (of `text`) sends its API calls to, space-separated;
    None when it configures none, or any that is not a literal self-hosted URL."""
    if tree is None or not any(needle in text for needle in NEEDLES):
        return None
    constants = module_constants(tree.body)
    found: list[str] = []
    for value in _configurations(tree.body, constants):
        endpoint = self_hosted_endpoint(value) if value else None
        if endpoint is None:
            return None
        found.append(endpoint)
    return " ".join(dict.fromkeys(found)) or None


def with_endpoint(references: list[Reference], endpoint: str | None) -> list[Reference]:
    """The module's references, its API model references carrying `endpoint` (those of a hosted
    provider's own client, `ChatGroq(model=...)`, `replicate.run(...)`, excepted)."""
    if endpoint is None:
        return references
    return [replace(r, endpoint=endpoint) if marks(r) else r for r in references]


def with_call_endpoints(references: list[Reference], tree: ast.Module,
                        where: Callable[[ast.expr], Location]) -> list[Reference]:
    """An API model name given to a call that names its own self-hosted server carries it, whatever
    the module's other clients do: LiteLLM's `completion(model="openai/x", api_base="http://localhost:8000/v1")`,
    DSPy's `LM("openai/x", api_base=...)`, `ChatOpenAI(model=..., base_url=...)`. The name is the call's
    `model=` or, without one, its first argument; the URL a literal or a module constant, as above."""
    constants: Mapping[str, ast.Constant] | None = None
    served: dict[Location, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        url = next((k.value for k in node.keywords if k.arg in _KEYWORDS), None)
        if url is None:
            continue
        if constants is None:
            constants = module_constants(tree.body)
        endpoint = self_hosted_endpoint(_text(url, constants))
        model = next((k.value for k in node.keywords if k.arg == "model"), node.args[0] if node.args else None)
        if endpoint is not None and model is not None:
            served[where(model)] = endpoint
    if not served:
        return references
    return [replace(r, endpoint=served[r.location])
            if r.kind is Kind.API_MODEL and r.endpoint is None and r.location in served else r for r in references]


def marks(ref: Reference) -> bool:
    """Whether a module's self-hosted endpoint applies to `ref`: a name given to a call of the OpenAI
    library (`completions.create`, `ask() -> embeddings.create`, `openai.ChatCompletion.create`) or
    to an OpenAI class (`ChatOpenAI(model=)`), the clients a base URL points elsewhere. Another
    provider's client in the same module (`anthropic.Client().messages.create`, Gemini's
    `GenerativeModel`, `litellm.completion`, `dspy.LM`) still talks to that provider."""
    if ref.kind is not Kind.API_MODEL:
        return False
    if ref.via.endswith("request body"):  # `curl .../v1/chat/completions -d '{"model": ...}'` (a test's server)
        return True
    call = ref.via.rsplit(" -> ", 1)[-1].split("(", 1)[0]  # (the call the name reached)
    parts = call.split(".")
    if len(parts) >= 2 and parts[-1] in _CREATES:
        return parts[-2] in _OPENAI_RESOURCES
    return "OpenAI" in parts[-1]


def _configurations(body: list[ast.stmt], names: Mapping[str, ast.Constant]) -> Iterator[str]:
    """Each base URL the statements configure, as written (`_HOSTED` for one that is not a literal
    URL or is the provider's default). A function's names bound once to a literal are read too."""
    for stmt in body:
        yield from _statement(stmt, names)


def _statement(stmt: ast.stmt, names: Mapping[str, ast.Constant]) -> Iterator[str]:
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
        yield from _configurations(stmt.body, _function_names(stmt, names))
        return
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call):
            yield from _call(node, names)
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_module_attribute(t) for t in targets):
                yield _text(node.value, names)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from _statement(child, names)  # (its own names)
            else:
                stack.append(child)


def _function_names(function: ast.FunctionDef | ast.AsyncFunctionDef,
                    outer: Mapping[str, ast.Constant]) -> Mapping[str, ast.Constant]:
    """The literals a function's names hold: its own names bound once to one, and the outer ones
    it does not rebind (a parameter or any assignment of that name hides the module's constant)."""
    local = module_constants(function.body)
    params = function.args
    bound = {a.arg for a in (*params.posonlyargs, *params.args, *params.kwonlyargs)}
    bound.update(a.arg for a in (params.vararg, params.kwarg) if a is not None)
    bound.update(n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    return {**{k: v for k, v in outer.items() if k not in bound}, **local}


def _call(node: ast.Call, names: Mapping[str, ast.Constant]) -> Iterator[str]:
    last = dotted_name(node.func).rsplit(".", 1)[-1]
    create = last in _CREATES
    client = "OpenAI" in last and not last.endswith(("Error", "Exception"))
    if last in _HOSTED_CLASSES:
        yield _HOSTED
        return
    if not (client or create):
        return
    for keyword in node.keywords:
        if keyword.arg is None and client:
            yield _HOSTED  # `OpenAI(**settings)`: the base URL may be in there
            return
        if keyword.arg in _KEYWORDS:
            yield _text(keyword.value, names)
            return
    if client:
        yield _HOSTED  # the provider's default host (or the `OPENAI_BASE_URL` the environment sets)


def _module_attribute(target: ast.expr) -> bool:
    """`openai.api_base = ...` / `openai.base_url = ...` (the library's module-level setting)."""
    return (isinstance(target, ast.Attribute) and target.attr in _ATTRIBUTES
            and isinstance(target.value, ast.Name) and target.value.id == "openai")


def _text(node: ast.expr, names: Mapping[str, ast.Constant]) -> str:
    """The literal URL `node` holds; an f-string's fields as `{...}` (`f"http://localhost:{port}/v1"`
    still names its host); `_HOSTED` for anything else."""
    if isinstance(node, ast.Name) and node.id in names:
        node = names[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) and isinstance(v.value, str)
                 else "{" + "".join(ast.unparse(v.value).split()) + "}" if isinstance(v, ast.FormattedValue)
                 else "{}" for v in node.values]  # (no spaces: several URLs are space-separated)
        return "".join(parts)
    return _HOSTED
