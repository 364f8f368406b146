"""The candidate pass for Python: which lines of a module could hold a reference at all.

A reference in Python is, at bottom, a string literal whose text is shaped like one: a Hub id
(`org/name`), a Hub URL or `hf://` path, a path (`./ckpt`, `/models/x`), a hosted-API model name
(`gpt-4o`), a legacy bare id (`gpt2`), or a command line with a model flag. A few compiled
patterns find those literals at C speed; a literal inside a comment or a docstring (a
triple-quoted string that is a statement of its own) is left to `--include-comments`. A quoted
id inside a triple-quoted value (`EXAMPLE_DOC_STRING = \"\"\">>> X.from_pretrained("org/x")\"\"\"`,
a code sample, a JSON text) is a quote within one string, not a literal of the module: only a
command-line flag there counts (`cmd = \"\"\"train.py --model_name_or_path org/x\"\"\"`). A module
with no spot is not parsed; one with spots is parsed and analysed around them.
"""

from __future__ import annotations

import bisect
import functools
import re

from mlgate.apinames import CLOUD_ID_START, OLLAMA_SIZE_TAG
from mlgate.scan.python.commands import PROGRAMS
from mlgate.scan.python.datasetargs import dataset_argument_literals
from mlgate.scan.python.flagspots import flag_offsets
from mlgate.scan.python.listednames import listing_quotes
from mlgate.scan.python.placedspots import (
    api_model_literals,
    bare_loader_literals,
    is_word,
    ollama_module_literals,
    request_bodies,
)
from mlgate.targets import is_mime_type

# What may follow the opening quote of a reference-shaped literal. The pattern is compiled once
# per quote character: `re` finds a pattern's literal first character with a tight loop, but tests
# every position against a class (`["']`) with a call each, four times slower over a module.
# (Each branch starts with a literal or a one-character class: one alternation of everything
# would make it try each branch at every position.)
_AFTER_QUOTE = (
    # org/name and a/b/c paths, hf:// and Hub URLs, ./ ../ ~/ and absolute paths
    # (every branch starts with one of the lookahead's characters: a closing quote fails at once)
    # ("N/A" is not an org/name; a Hub URL to documentation, a listing or a Space names no model)
    r"""(?=[A-Za-z0-9./~])(?:(?![Nn]/[Aa]["'])[A-Za-z0-9][\w.-]{0,95}/[\w.+-]|(?:hf|hf[-_]hub):"""
    r"""|https?://(?:www\.)?(?:huggingface|hf)\.co/(?!docs/|blog/|learn/|spaces/|(?:models|datasets)["'?#])"""
    r"""|\.{1,2}/|~/|/[\w.]|//pretrained/"""  # (audiocraft's `//pretrained/org/name`: `hubshape`)
    # hosted-API model names and legacy bare ids
    r"""|(?:gpt-?[0-9]|gpt-(?:image|realtime|audio)|codex-mini|o[1345][-"']|chatgpt-|claude-|gemini-|text-embedding-|text-davinci|qwen-|qwen[0-9][.0-9]*-|qwq-|qvq-|"""
    r"""deepseek-(?:chat|reasoner)|mistral-|codestral|command-|grok-|dall-e|whisper-1|tts-1|sonar|glm-|"""
    r"""moonshot-|kimi-|reka-(?:core|flash|edge)|(?:text|chat)-bison|ernie-(?:[0-9x]|bot|speed|lite|tiny|char|novel)|doubao-|abab|"""
    # (vendors' own names, cloud catalogs' ids and ARNs, Ollama names with a size tag)
    r"""voyage-|rerank-|embed-|nova-[0-9]|MiniMax-|""" + CLOUD_ID_START + "|"
    + OLLAMA_SIZE_TAG + r"""["'-]|"""
    r"""distil|bert-|roberta-|xlm-|albert-|t5-|xlnet-|openai-gpt|ctrl["']|"""
    # (Sentence-Transformers' own models, loaded by bare name: `all-MiniLM-L6-v2`, `paraphrase-...`)
    r"""all-(?:MiniLM|mpnet|distilroberta|roberta)|paraphrase-|multi-qa-|msmarco-|LaBSE["']))"""
)
# Literals whose place says what they are, though their text alone does not: a command string or
# argument list whose program takes an id (`f"tune download {model}"`, `["vllm", "serve", MODEL]`,
# read by `python.commands`; found from the verb backwards, as a quote is too common a first
# character), a bare id given to a Hub keyword (lighteval's `hf_repo="gsm8k"`, `hf_hub=`), and
# lm-eval's `model_args="pretrained=org/x"` (read by `python.commands`).
_BEFORE_VERB = rf"""["'](?:{PROGRAMS})(?: +|["'] *, *["'])$"""  # a string or an argv list, up to the verb
_VERBS = ("download", "serve", "pull")
_HUB_KEYWORD_WORDS = ("_repo", "_hub", "model_args")  # looked for first: most modules hold none
# the value may open a bracket (`model_args=("pretrained=org/x,"\n "peft=org/y")`) and carry a prefix (`r"..."`)
_HUB_KEYWORD_END = r"""(?:_id)? *= *(?:\( *)?[rRuU]?["']"""


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(_BEFORE_VERB), re.compile(r"[\w./+:@-]* +[a-z]+(?![\w/]|[.-]\w)")


@functools.cache
def _quoted_text() -> tuple[re.Pattern[str], ...]:
    """The literal patterns, one per quote character."""
    return tuple(re.compile(quote + _AFTER_QUOTE) for quote in "\"'")


@functools.cache
def _quoted_bytes() -> tuple[re.Pattern[bytes], ...]:
    """The literal patterns over bytes (an ASCII module's, searched a third faster than its text)."""
    return tuple(re.compile((quote + _AFTER_QUOTE).encode()) for quote in "\"'")


@functools.cache
def _hub_keywords() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((word, re.compile(word + _HUB_KEYWORD_END)) for word in _HUB_KEYWORD_WORDS)


def _literal_spans(subject: str | bytes) -> list[tuple[int, int]]:
    """Spans of the reference-shaped literal starts in `subject`, in order, none overlapping
    (as one pattern for both quotes would find them)."""
    if isinstance(subject, bytes):
        spans = [match.span() for pattern in _quoted_bytes() for match in pattern.finditer(subject)]
    else:
        spans = [match.span() for pattern in _quoted_text() for match in pattern.finditer(subject)]
    if len(spans) < 2:
        return spans
    spans.sort()
    kept = [spans[0]]
    for span in spans[1:]:
        if span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def spot_lines(text: str, data: bytes | None = None) -> list[int]:
    """Sorted 1-based numbers of lines holding a reference-shaped literal in code.

    `data`: the module's bytes, when the caller has them; for an ASCII module (as long as its
    text) the id pattern runs over them, which `re` does about a third faster than over `str`.
    """
    prose = _patterns()[1]
    spans = _literal_spans(data if data is not None and len(data) == len(text) else text)
    offsets = [start for start, end in spans if not _not_a_literal(text, start, end, prose)]
    offsets.extend(bare_loader_literals(text))
    offsets.extend(api_model_literals(text))
    offsets.extend(ollama_module_literals(text))
    offsets.extend(dataset_argument_literals(text))
    literals = len(offsets)  # offsets from here on are flags (and other command and keyword marks)
    offsets.extend(listing_quotes(text))  # (a listing's value is a triple-quoted string: kept)
    offsets.extend(flag_offsets(text))
    offsets.extend(m.start() for word, pattern in _hub_keywords() if word in text for m in pattern.finditer(text))
    offsets.extend(_program_verbs(text))
    offsets.extend(request_bodies(text))
    if not offsets:
        return []
    docstrings, values, formatted = _triple_quoted_spans(text)
    kept: list[int] = []
    for position, offset in enumerate(offsets):
        if docstrings and _inside(docstrings, offset):
            continue
        if position < literals and ((values and _inside(values, offset))
                                    or (formatted and _outside_fields(text, formatted, offset))):
            continue
        kept.append(offset)
    kept.sort()
    lines: list[int] = []
    line, counted, commented, comment = 1, 0, 0, -1
    for offset in kept:
        line += text.count("\n", counted, offset)
        counted = offset
        if lines and lines[-1] == line:
            continue
        if commented != line:  # where this line's comment starts, once a line
            start, end = text.rfind("\n", 0, offset) + 1, text.find("\n", offset)
            comment, commented = _comment_start(text, start, end if end >= 0 else len(text)), line
        if not 0 <= comment < offset:
            lines.append(line)
    return lines


def _not_a_literal(text: str, start: int, end: int, prose: re.Pattern[str]) -> bool:
    """Whether the id-shaped start of a string matched at `text[start:end]` is no reference.

    It is not when it is the first word of a sentence (`"tokenizer/detokenizer weights."`, `"K/V
    is stored"`: an id holds no space); a Hub URL whose name is a `{field}` of a string that is
    not an f-string (a quote inside a message: `f"... 'https://huggingface.co/{name}' ..."`); a
    lookup key read (`metrics["rewards/chosen"]`, `logs.get("loss/mean")`); or a whole string that
    is a MIME type or a data file (`"application/json"`, `"tests/resource/cat.jpg"`; a URL or
    `hf://` path to a file names its repository and stays).
    """
    if text[end - 1:end] in ("\"", "'"):
        return False  # the match took the whole string (`"o1"`, `"ctrl"`): nothing follows to judge
    if text[end:end + 1] == "{" and "://" in text[start:end]:
        prefix = _PREFIX_LETTERS.search(text, max(0, start - 2), start)
        return prefix is None or "f" not in prefix.group().lower()
    before = text[start - 1:start]
    if before == "[" and start >= 2 and (text[start - 2].isalnum() or text[start - 2] in "_)]"):
        # `metrics["rewards/chosen"]` read, not `REGISTRY["org/x"] = ...` nor `Literal["org/x"]`
        closing = text.find(text[start], start + 1, start + 300)
        after = text[closing + 1:closing + 5].replace(" ", "") if closing > 0 else ""
        return not after.startswith("]=") and not text[max(0, start - 9):start - 1].endswith("Literal")
    if before == "(" and text[start - 5:start - 1] in (".get", ".pop") and "://" not in text[start:end]:
        return True
    token = _TOKEN.match(text, end)  # the rest of the id-shaped word (`*`: it always matches)
    stop = token.end() if token is not None else end
    if text[stop:stop + 1] == text[start:start + 1]:  # the whole string: an id, a path, a MIME type
        whole = text[start + 1:stop]
        return ":" not in whole and (whole.lower().endswith(_DATA_FILE_ENDINGS) or is_mime_type(whole))
    match = prose.match(text, end)
    return match is not None and match.group().rsplit(" ", 1)[-1] not in _NOT_PROSE


_NOT_PROSE = frozenset({"download", "serve", "pull", "run", "train", "eval"})
_TOKEN = re.compile(r"[\w./+:@-]*")
_PREFIX_LETTERS = re.compile(r"[A-Za-z]{1,2}$")
_DATA_FILE_ENDINGS = (".json", ".jsonl", ".csv", ".tsv", ".parquet", ".txt", ".jpg", ".jpeg", ".png", ".gif",
                      ".webp", ".wav", ".mp3", ".mp4", ".yaml", ".yml", ".md", ".py", ".html", ".xml", ".npy")


def _program_verbs(text: str) -> list[int]:
    """Offsets of strings and argument lists that start a program taking an id (`"vllm serve`)."""
    before = _patterns()[0]
    found: list[int] = []
    for verb in _VERBS:
        pos = text.find(verb)
        while pos >= 0:
            window = max(0, pos - 40)
            # (the pattern ends in a space or a quote just before the verb, and starts with a quote)
            if (text[pos - 1:pos] in (" ", "\"", "'") and not is_word(text[pos + len(verb):pos + len(verb) + 1])
                    and ("\"" in text[window:pos] or "'" in text[window:pos])):
                match = before.search(text, window, pos)
                if match is not None:
                    found.append(match.start())
            pos = text.find(verb, pos + len(verb))
    return found


def _triple_quoted_spans(text: str) -> tuple[list[int], list[int], list[int]]:
    """Flat [start, end, start, end, ...] of triple-quoted strings: (statements, values, f-string values).

    A triple-quoted string that opens a line (a docstring, a block of prose) is documentation:
    its span covers it whole. `x = \"\"\"...\"\"\"` or `f(\"\"\"...\"\"\")` is a value: its span covers
    what lies between its quotes (the value itself, opening right after them, stays a literal).
    An f-string value's span is apart: its `{...}` fields are code, the rest is text.
    """
    statements: list[int] = []
    values: list[int] = []
    formatted: list[int] = []
    following = _NextTriple(text)
    opened, quote = following.at(0)
    while opened >= 0:
        line_start = text.rfind("\n", 0, opened) + 1
        before = text[line_start:opened]
        if "#" in before:  # a triple quote in a comment
            opened, quote = following.at(opened + 3)
            continue
        closed = text.find(quote, opened + 3)  # the string's end: the same quotes again
        if closed < 0:
            break
        if (not before.strip() or before.strip() in _PREFIXES) and not _continues_an_expression(text, line_start):
            statements.extend((opened, closed + 3))
        elif before.rstrip()[-2:].lower().lstrip(" =(,[{:") not in _FSTRING_PREFIXES:
            values.extend((opened + 3, closed))
        else:
            formatted.extend((opened + 3, closed))
        opened, quote = following.at(closed + 3)
    return statements, values, formatted


def _continues_an_expression(text: str, line_start: int) -> bool:
    """Does the code before `line_start` leave an expression open (`run(` or `x = [a,` on the line
    before), so that a string opening this line is an argument or an item, not a docstring?
    Blank and comment-only lines in between are skipped (`# %%` or `# ====` closes nothing)."""
    end = line_start - 1
    for _ in range(_LOOK_BACK_LINES):
        start = text.rfind("\n", 0, max(end, 0)) + 1
        line = text[start:end]
        if "#" in line:  # a comment after the code (or alone), as far as a quick look can tell
            hash_at = _comment_start(text, start, end)
            line = line if hash_at < 0 else text[start:hash_at]
        code = line.rstrip(" \t\\")
        if code.strip():
            return code[-1] in _OPENS_AN_EXPRESSION
        if start == 0:
            return False
        end = start - 1
    return False


_OPENS_AN_EXPRESSION = frozenset("(,[{=+%")
_LOOK_BACK_LINES = 8  # blank or comment lines between a call's `(` and its string argument


def _outside_fields(text: str, formatted: list[int], offset: int) -> bool:
    """Whether `offset` lies in the text of an f-string value, not inside one of its `{...}` fields."""
    index = bisect.bisect_right(formatted, offset)
    if index % 2 == 0:
        return False
    before = text[formatted[index - 1]:offset].replace("{{", "").replace("}}", "")
    return before.count("{") <= before.count("}")


_PREFIXES = frozenset({"r", "R", "u", "U", "f", "F"})
_FSTRING_PREFIXES = frozenset({"f", "rf", "fr"})


class _NextTriple:
    """The first triple quote at or after an offset, by `str.find` (a regex search per string costs more).

    Offsets asked for only grow, so each kind of quote is searched for again only once passed.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.found = {'"""': text.find('"""'), "'''": text.find("'''")}

    def at(self, offset: int) -> tuple[int, str]:
        """(offset, quote) of the next triple quote, or (-1, "")."""
        best, kind = -1, ""
        for quote, position in self.found.items():
            if 0 <= position < offset:
                position = self.found[quote] = self.text.find(quote, offset)
            if position >= 0 and (best < 0 or position < best):
                best, kind = position, quote
        return best, kind


def _inside(spans: list[int], offset: int) -> bool:
    return bisect.bisect_right(spans, offset) % 2 == 1


def _comment_start(text: str, start: int, end: int) -> int:
    """Offset of the `#` that starts a comment on the line `text[start:end]`, or -1."""
    hash_at = text.find("#", start, end)
    if hash_at < 0:
        return -1
    quote: str | None = None
    for position in range(start, end):
        char = text[position]
        if quote is None:
            if char == "#":
                return position
            if char in "\"'":
                quote = char
        elif char == quote:
            quote = None
    return -1
