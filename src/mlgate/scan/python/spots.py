"""The candidate pass for Python: which lines of a module could hold a reference at all.

A reference in Python is, at bottom, a string literal whose text is shaped like one: a Hub id
(`org/name`), a Hub URL or `hf://` path, a path (`./ckpt`, `/models/x`), a hosted-API model name
(`gpt-4o`), a legacy bare id (`gpt2`), or a command line with a model flag. A few compiled
patterns find those literals at C speed; a literal inside a comment or a docstring (a
triple-quoted string that is a statement of its own) is left to `--include-comments`. A module
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
    r"""["'](?:[A-Za-z0-9][\w.-]{0,95}/[\w.+-]|(?:hf|hf[-_]hub):|https?://(?:www\.)?(?:huggingface|hf)\.co/"""
    r"""|\.{1,2}/|~/|/[\w.]"""
    # hosted-API model names and legacy bare ids
    r"""|(?:gpt-?[0-9]|o[1345][-"']|chatgpt-|claude-|gemini-|text-embedding-|text-davinci|qwen-|qwq-|qvq-|"""
    r"""deepseek-(?:chat|reasoner)|mistral-|codestral|command-|grok-|dall-e|whisper-1|tts-1|sonar|glm-|"""
    r"""moonshot-|kimi-|ernie-|doubao-|abab|distil|bert-|roberta-|xlm-|albert-|t5-|xlnet-|openai-gpt|ctrl["']))"""
)
# Segments start with a letter or digit, so a run of dashes cannot make the engine backtrack.
_FLAG = r"""--(?:[A-Za-z0-9]+[._-])*(?:model|data|ckpt|checkpoint|tokenizer|tower|lora|adapter|hf|hub|pretrained)"""
# Literals whose place says what they are, though their text alone does not: a command string
# whose program takes an id (`f"tune download {model}"`, read by `python.commands`), and a bare
# id given to a Hub keyword (lighteval's `hf_repo="gsm8k"`).
_PROGRAM = (rf"""["'](?:{PROGRAMS}) +(?:download|serve|pull|run)\b"""
            r"""|\b(?:hf_repo|hub_repo|repo_id|hf_repo_id|hf_hub) *= *["']""")
_TRIPLE = re.compile(r'"""|\'\'\'')


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return re.compile(_QUOTED), re.compile(_FLAG, re.IGNORECASE), re.compile(_PROGRAM)


def spot_lines(text: str, starts: list[int]) -> list[int]:
    """Sorted 1-based numbers of lines holding a reference-shaped literal in code.

    `starts` are the offsets at which each line of `text` begins.
    """
    quoted, flag, program = _patterns()
    offsets = [m.start() for m in quoted.finditer(text)]
    offsets.extend(m.start() for m in flag.finditer(text))
    offsets.extend(m.start() for m in program.finditer(text))
    if not offsets:
        return []
    docstrings = _docstring_spans(text)
    lines: set[int] = set()
    comments: dict[int, int] = {}  # line index -> where its comment starts (computed once a line)
    for offset in offsets:
        if docstrings and _inside(docstrings, offset):
            continue
        index = bisect.bisect_right(starts, offset) - 1
        if index not in comments:
            end = starts[index + 1] if index + 1 < len(starts) else len(text)
            comments[index] = _comment_start(text, starts[index], end)
        if 0 <= comments[index] < offset:
            continue
        lines.add(index + 1)
    return sorted(lines)


def _docstring_spans(text: str) -> list[int]:
    """Flat [start, end, start, end, ...] of triple-quoted strings that are statements.

    `x = \"\"\"...\"\"\"` or `f(\"\"\"...\"\"\")` is a value and stays in; a triple-quoted string that
    opens a line (a docstring, a block of prose) is documentation.
    """
    spans: list[int] = []
    quote: str | None = None
    opened = 0
    for match in _TRIPLE.finditer(text):
        if quote is None:
            line_start = text.rfind("\n", 0, match.start()) + 1
            before = text[line_start:match.start()]
            if "#" in before:
                continue  # a triple quote in a comment
            quote, opened = match.group(), match.start()
            is_statement = not before.strip() or before.strip() in {"r", "R", "u", "U", "f", "F"}
            if not is_statement:
                opened = -1
        elif match.group() == quote:
            if opened >= 0:
                spans.extend((opened, match.end()))
            quote = None
    return spans


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
