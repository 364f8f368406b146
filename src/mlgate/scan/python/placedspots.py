"""Candidates a literal's place gives away, though its text alone does not look like a reference.

The first argument of a loader that takes canonical bare ids (`load_dataset("imdb")`,
`SentenceTransformer("all-MiniLM-L6-v2")`), any name given as `model=` to an API client's
`create()` (also as the `"model"` of a dict it expands: `create(**params)`) or a hosted
provider's client (`ChatGroq(model_name="llama3-8b-8192")`), and the
`"model"` of a request body a `curl` command sends. Each is found with plain searches, looked for
only where its anchor word occurs (most modules hold none).
"""

from __future__ import annotations

import functools
import itertools
import re

from mlgate.apinames import OLLAMA_NAMED
from mlgate.scan.python.rules import API_RESOURCES, LEGACY_API_RESOURCES
from mlgate.scan.python.sites import expanding_creates
from mlgate.targets import DATASET_BUILDERS


def is_word(char: str) -> bool:
    """Is `char` (one character, or none at the text's edge) part of a name?"""
    return char.isalnum() or char == "_"


def request_bodies(text: str) -> list[int]:
    """Offsets of the `"model"` keys of request bodies a `curl` command sends (a command string
    `curl .../v1/completions -d '{"model": "vicuna-7b"}'`, often triple-quoted): any name there
    is a model."""
    found: list[int] = []
    if "curl" not in text or '"model"' not in text:
        return found  # most modules
    pos = text.find("curl")
    while pos >= 0:
        key = text.find('"model"', pos, pos + _BODY_REACH)
        if key >= 0:
            found.append(key)
        pos = text.find("curl", pos + 4)
    return found


_BODY_REACH = 1_000  # how far after `curl` its request body may name the model


# Loaders whose first argument is often a canonical bare id no pattern could tell from a word
# (`load_dataset("imdb")`, `SentenceTransformer("all-MiniLM-L6-v2")`, `whisper.load_model("small.en")`)
# or builds one (`f"{org}/x"`): a literal there is a spot.
# (by a word each holds, looked for first: most modules hold none of them)
_BARE_LOADERS = (("_dataset", ("load_dataset(", "load_dataset_builder(", "get_dataset_config_names(",
                                "get_dataset_split_names(")),
                 ("_pretrained(", ("from_pretrained(",)),
                 ("Transformer(", ("SentenceTransformer(", "models.Transformer(", "MLMTransformer(")),
                 ("Encoder(", ("CrossEncoder(", "SparseEncoder(")),
                 # Whisper's size names (`whisper.load_model("small.en")`, `WhisperModel("large-v3")`)
                 ("whisper", ("load_model(",)), ("WhisperModel(", ("WhisperModel(",)))
# The keyword that names the first argument, when it is given by name (`load_dataset(path="imdb")`).
_FIRST_KEYWORD = re.compile(r"(?:path|model_name_or_path|pretrained_model_name_or_path|repo_id)\s*=\s*")
_STRING_PREFIX = re.compile(r"[rRuUbBfF]{0,2}[\"']")


def bare_loader_literals(text: str) -> list[int]:
    """Offsets of the opening quote of a literal given first to one of `_BARE_LOADERS`, also
    through a name a line of the module assigns it to (`model_name = "quora-distilbert-multilingual"`
    then `SentenceTransformer(model_name)`): no pattern tells such a bare id from a word."""
    found: list[int] = []
    names: set[str] = set()  # names given first to a loader, whose assignments were looked for
    assignments: dict[str, list[int]] | None = None  # every name's, once more than a few are asked for
    needles = [needle for word, group in _BARE_LOADERS if word in text for needle in group]
    for needle in needles:
        pos = text.find(needle)
        while pos >= 0:
            at = pos + len(needle)
            while at < len(text) and text[at] in " \t\n":
                at += 1
            keyword = _FIRST_KEYWORD.match(text, at)
            start = keyword.end() if keyword else at
            literal = _STRING_PREFIX.match(text, start)
            pos = text.find(needle, at)
            if literal is None and needle in _KEYED_LOADERS:  # `load_model(params["whisper_model"])`
                entry = _KEYED_ARGUMENT.match(text, start)
                if entry is not None:
                    found.extend(m.start("quote") for m in re.finditer(
                        _DICT_ENTRY.format(key=re.escape(entry.group("key"))), text))
                    continue
            if literal is None:
                name = _NAME_ARGUMENT.match(text, start)
                if name is not None and name.group() not in names:
                    names.add(name.group())
                    if assignments is None and len(names) > _NAMES_FOUND_ONE_BY_ONE:
                        assignments = assigned_literals_by_name(text)
                    quotes = (assignments.get(name.group(), []) if assignments is not None
                              else _assigned_literals(text, name.group()))
                    found.extend(q for q in quotes if not _is_builder(text, q))
                continue
            quote = literal.end() - 1
            # not a builder's name, nor a `{field}` template in the text of another string
            if not _is_builder(text, quote) and (text[quote + 1:quote + 2] != "{" or "f" in literal.group().lower()):
                found.append(quote)
    return found


_NAME_ARGUMENT = re.compile(r"[A-Za-z_]\w*(?=\s*[,)])")
# Whisper's loaders are often given a settings dict's entry (`whisper.load_model(params["whisper_model"])`,
# `params = {"whisper_model": "small.en"}`): the literals the module writes under that key are spots.
_KEYED_LOADERS = frozenset({"load_model(", "WhisperModel("})
_KEYED_ARGUMENT = re.compile(r"""[A-Za-z_]\w*\[(?P<q>["'])(?P<key>\w+)(?P=q)\](?=\s*[,)])""")
_DICT_ENTRY = r"""["']{key}["']\s*:\s*[rRuU]?(?P<quote>["'])"""


# What follows a name a line assigns one whole literal to: `= "x"`, `: str = "x"`, then the line's end.
_ASSIGNED_REST = r"""[ \t]*(?::[^=\n,(]*)?=[ \t]*[rRuU]?(?P<quote>["'])[^"'\n]*(?P=quote)[ \t]*(?=[#\n]|\Z)"""
_ASSIGNED = re.compile(_ASSIGNED_REST)
# The same for any name, at the start of a line (found by its newline, as in `reduce`), or of the text.
_ANY_NAME = r"[ \t]*+(?P<name>[A-Za-z_]\w*+)" + _ASSIGNED_REST
_FIRST_ASSIGNMENT, _ASSIGNMENT_LINE = re.compile(_ANY_NAME), re.compile("\n" + _ANY_NAME)
# Up to this many names, each is looked for with `str.find` (cheaper than a pass with `re`); past
# it, one pass answers for all (a module calling loaders with thousands of names stays linear).
_NAMES_FOUND_ONE_BY_ONE = 8


def _assigned_literals(text: str, name: str) -> list[int]:
    """Opening quotes of the literals a statement of its own line assigns to `name` (`model_name = "x"`,
    `name: str = "x"`; not a parameter's default in a signature, nor a tuple).

    Found from the name's occurrences (`str.find`), each matched in place: no pass over the text."""
    found: list[int] = []
    pos = text.find(name)
    while pos >= 0:
        if pos == 0 or text[pos - 1] in " \t\n":  # (most occurrences follow `(`, `.` or `=`)
            # only blanks before it on its line: walked back over them (not from the line's start,
            # which is quadratic on a long line that names it many times)
            line_start = pos
            while line_start > 0 and text[line_start - 1] in " \t":
                line_start -= 1
            match = _ASSIGNED.match(text, pos + len(name)) if line_start == 0 or text[line_start - 1] == "\n" else None
            if match is not None:
                found.append(match.start("quote"))
        pos = text.find(name, pos + len(name))
    return found


def assigned_literals_by_name(text: str) -> dict[str, list[int]]:
    """`_assigned_literals` for every name at once, in one pass over the text."""
    out: dict[str, list[int]] = {}
    first = _FIRST_ASSIGNMENT.match(text)
    for match in itertools.chain([first] if first is not None else [], _ASSIGNMENT_LINE.finditer(text)):
        out.setdefault(match.group("name"), []).append(match.start("quote"))
    return out


def api_model_literals(text: str) -> list[int]:
    """Offsets of `model="..."` literals in a module that calls an API client's `create()`
    (`client.chat.completions.create(model="llama3-70b-8192")`) or uses a hosted provider's
    client (`ChatGroq(model_name="llama3-8b-8192")`): any name there is a model. The OpenAI
    library before 1.0 also took the name as `engine=` (`openai.Embedding.create(engine=...)`).
    A name given there (`create(model=LLM_MODEL)`) points at the literals its own lines assign it
    (`LLM_MODEL = "Llama-4-Scout-17B-16E-Instruct-FP8"`): no pattern tells such a name from a word."""
    found = _keyword_literals(_MODEL_KEYWORD, text)
    api_request = "create(" in text and _calls_api_resource(text)
    if api_request:
        # `create(model=LLM_MODEL)`: the literals a line of its own assigns to that name
        names = {m.group(1) for m in _MODEL_NAME_KEYWORD.finditer(text) if not is_word(text[m.start() - 1:m.start()])}
        if len(names) > _NAMES_FOUND_ONE_BY_ONE:
            assignments = assigned_literals_by_name(text)
            found.extend(offset for name in sorted(names) for offset in assignments.get(name, []))
        else:
            found.extend(offset for name in sorted(names) for offset in _assigned_literals(text, name))
    engine = "engine" in text and _calls_legacy_resource(text)
    if engine:
        found.extend(_keyword_literals(_ENGINE_KEYWORD, text))
    if expanding_creates(text) and "model" in text:  # `create(**params)`: `params = {"model": "x", ...}`
        found.extend(match.end() - 1 for match in _MODEL_KEY.finditer(text))
    if not found:
        return found  # most modules: no need to look for clients
    creates = engine or api_request or ("create(" in text and _calls_legacy_resource(text))
    return found if creates or _imports_a_provider(text) else []


def _keyword_literals(keyword: re.Pattern[str], text: str) -> list[int]:
    """Offsets of the opening quotes of the literals given to `keyword` (not to `x_keyword`)."""
    return [match.end() - 1 for match in keyword.finditer(text) if not is_word(text[match.start() - 1:match.start()])]


def _calls_api_resource(text: str) -> bool:
    """`client.chat.completions.create(`, `client.embeddings.create(`: an API client's request."""
    return any(f"{resource}.create(" in text for resource in API_RESOURCES)


def _calls_legacy_resource(text: str) -> bool:
    """`openai.ChatCompletion.create(`, `openai.Embedding.acreate(`: the OpenAI library before 1.0."""
    return "create(" in text and any(f"{resource}.{verb}(" in text for resource in LEGACY_API_RESOURCES
                                     for verb in ("create", "acreate"))


# (no leading `\b`: a pattern that starts with its literal is searched for at C speed)
_MODEL_KEYWORD = re.compile(r"model(?:_name|_id)?\s*=\s*[rRuU]?[\"']")
_ENGINE_KEYWORD = re.compile(r"engine\s*=\s*[rRuU]?[\"']")
_MODEL_NAME_KEYWORD = re.compile(r"model(?:_name|_id)?\s*=\s*([A-Za-z_]\w*)(?=\s*[,)])")
_MODEL_KEY = re.compile(r"[\"']model[\"']\s*:\s*[rRuU]?[\"']")
_PROVIDER_MODULES = ("groq", "together", "fireworks", "replicate", "cerebras", "sambanova", "bedrock")


_OLLAMA_IMPORT = re.compile(r"^[ \t]*(?:import|from)[ \t]+ollama\b", re.MULTILINE)


@functools.cache
def _ollama_literal() -> re.Pattern[str]:
    return re.compile(rf"[\"']{OLLAMA_NAMED}(?::[a-z0-9._-]+)?[\"']")


def ollama_module_literals(text: str) -> list[int]:
    """In a module that imports the Ollama library, the literals spelt like Ollama's names
    (`self.config.model = self.config.model or "nomic-embed-text"`): the analysis reads the ones under
    a name that says model."""
    if "ollama" not in text or _OLLAMA_IMPORT.search(text) is None:
        return []
    return [match.start() for match in _ollama_literal().finditer(text)]


def _imports_a_provider(text: str) -> bool:
    """Does an import line name a hosted provider's module (`from langchain_groq import ChatGroq`)?

    Only import lines are read: a search of the whole text per provider costs more than the rest
    of the candidate pass on a module that imports none (most do not)."""
    pos = text.find("import")
    while pos >= 0:
        start, end = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
        line = text[start:end if end >= 0 else len(text)].lower()  # `from langchain_aws import ChatBedrock`
        if any(word in line for word in _PROVIDER_MODULES):
            return True
        pos = text.find("import", end if end >= 0 else len(text))
    return False


def _is_builder(text: str, quote: int) -> bool:
    """`load_dataset("json", data_files=...)`: a loading script's name, the data are local files."""
    closing = text.find(text[quote], quote + 1, quote + 20)
    return closing > 0 and text[quote + 1:closing] in DATASET_BUILDERS
