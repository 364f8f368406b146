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

from mlgate.scan.python.commands import PROGRAMS

# Each pattern starts with a literal or a one-character class, which `re` scans for quickly;
# one alternation of everything would make it try each branch at every position.
_QUOTED = (
    # org/name and a/b/c paths, hf:// and Hub URLs, ./ ../ ~/ and absolute paths
    # (every branch starts with one of the lookahead's characters: a closing quote fails at once)
    r"""["'](?=[A-Za-z0-9./~])(?:[A-Za-z0-9][\w.-]{0,95}/[\w.+-]|(?:hf|hf[-_]hub):|https?://(?:www\.)?(?:huggingface|hf)\.co/"""
    r"""|\.{1,2}/|~/|/[\w.]"""
    # hosted-API model names and legacy bare ids
    r"""|(?:gpt-?[0-9]|o[1345][-"']|chatgpt-|claude-|gemini-|text-embedding-|text-davinci|qwen-|qwq-|qvq-|"""
    r"""deepseek-(?:chat|reasoner)|mistral-|codestral|command-|grok-|dall-e|whisper-1|tts-1|sonar|glm-|"""
    r"""moonshot-|kimi-|ernie-|doubao-|abab|distil|bert-|roberta-|xlm-|albert-|t5-|xlnet-|openai-gpt|ctrl["']))"""
)
# Segments start with a letter or digit, so a run of dashes cannot make the engine backtrack.
_FLAG = r"""--(?:[A-Za-z0-9]+[._-])*(?:model|data|ckpt|checkpoint|tokenizer|tower|lora|adapter|hf|hub|pretrained)"""
# Literals whose place says what they are, though their text alone does not: a command string or
# argument list whose program takes an id (`f"tune download {model}"`, `["vllm", "serve", MODEL]`,
# read by `python.commands`; looked for only in a module that holds one of the verbs, as a quote
# is too common a first character),
# and a bare id given to a Hub keyword (lighteval's `hf_repo="gsm8k"`, `hf_hub=`, `hub_repo_id=`).
_PROGRAM = rf"""["'](?:{PROGRAMS})(?: +|["'] *, *["'])(?:download|serve|pull)\b"""  # a string or an argv list
_PROGRAM_VERBS = tuple(f"{before}{verb}" for before in " \"'" for verb in ("download", "serve", "pull"))
_HUB_KEYWORD = r"""_(?:repo|hub)(?:_id)? *= *["']"""


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return re.compile(_QUOTED), re.compile(_FLAG, re.IGNORECASE), re.compile(_PROGRAM), re.compile(_HUB_KEYWORD)


def spot_lines(text: str, starts: list[int]) -> list[int]:
    """Sorted 1-based numbers of lines holding a reference-shaped literal in code.

    `starts` are the offsets at which each line of `text` begins.
    """
    quoted, flag, program, hub_keyword = _patterns()
    offsets = [m.start() for m in quoted.finditer(text)]
    flags = len(offsets)  # offsets from here on are flags (and other command and keyword marks)
    offsets.extend(m.start() for m in flag.finditer(text))
    offsets.extend(m.start() for m in hub_keyword.finditer(text))
    if any(verb in text for verb in _PROGRAM_VERBS):
        offsets.extend(m.start() for m in program.finditer(text))
    if not offsets:
        return []
    docstrings, values = _triple_quoted_spans(text)
    lines: set[int] = set()
    comments: dict[int, int] = {}  # line index -> where its comment starts (computed once a line)
    for position, offset in enumerate(offsets):
        if docstrings and _inside(docstrings, offset):
            continue
        if values and position < flags and _inside(values, offset):
            continue
        index = bisect.bisect_right(starts, offset) - 1
        if index not in comments:
            end = starts[index + 1] if index + 1 < len(starts) else len(text)
            comments[index] = _comment_start(text, starts[index], end)
        if 0 <= comments[index] < offset:
            continue
        lines.add(index + 1)
    return sorted(lines)


def _triple_quoted_spans(text: str) -> tuple[list[int], list[int]]:
    """Flat [start, end, start, end, ...] of triple-quoted strings: (statements, inside values).

    A triple-quoted string that opens a line (a docstring, a block of prose) is documentation:
    its span covers it whole. `x = \"\"\"...\"\"\"` or `f(\"\"\"...\"\"\")` is a value: its span covers
    what lies between its quotes (the value itself, opening right after them, stays a literal).
    An f-string value has no span: its `{...}` fields are code.
    """
    statements: list[int] = []
    values: list[int] = []
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
        if not before.strip() or before.strip() in _PREFIXES:
            statements.extend((opened, closed + 3))
        elif before.rstrip()[-2:].lower().lstrip(" =(,[{:") not in _FSTRING_PREFIXES:
            values.extend((opened + 3, closed))
        opened, quote = following.at(closed + 3)
    return statements, values


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
