"""Candidate flags: where a command-line flag in Python text may stand next to a model's name.

A flag whose words say model, data set, checkpoint, tokenizer, adapter and the like marks a line
worth parsing: in a command string (`"train.py --model_name_or_path org/x"`), an argument list
(`["--model-path", BASE]`), a dict key, or an option whose default may name a model
(`add_argument("--model", default="org/x")`). It does not where no value can stand by it: prose
(`` `--model` ``, `use --data_dir instead`), a usage line's fill-in (`--adapter $ADAPTER`), an
`add_argument` flag whose default is `None`, a number or a boolean.
"""

from __future__ import annotations

import re

# Segments start with a letter or digit, so a run of dashes cannot make the engine backtrack.
# A flag counts when one of its words is a model word (`--dataset_name`, `--vision_tower`,
# `--modelPath`, `--datapath`), not when a word merely starts like one (`--checkpointing_steps`,
# `--dataloader_num_workers`).
_FLAG = re.compile(
    r"--(?:[A-Za-z0-9]+[._-])*"
    r"(?i:model|data(?:set)?|ckpt|checkpoint|tokenizer|tower|lora|adapter|peft|hf|hub|pretrain(?:ed)?|encoder|processor"
    r"|teacher|student|reward|critic)(?i:s)?"
    r"(?:(?i:path|dir|name|id|file|repo)|(?=[A-Z])[A-Za-z0-9]*)?"  # joined (`--datapath`) or camel case
    r"(?:[._-][A-Za-z0-9]+)*(?![A-Za-z0-9])")
# What follows a flag named in a sentence (`` `--model` ``, `--hub_token.`), never a value.
_PROSE_AFTER_FLAG = frozenset("`.,;)")
_WORD = re.compile(r"[A-Za-z]+\b")
_PROSE_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "but", "can", "cannot", "does", "due", "flag", "for",
    "has", "have", "if", "in", "instead", "is", "must", "not", "of", "on", "only", "option", "or",
    "should", "that", "the", "to", "was", "when", "which", "will", "with", "without",
})
_KEYWORD_ARGUMENT = re.compile(r"[A-Za-z_]\w*\s*=(?!=)")
_ADD_ARGUMENT = re.compile(r"add_argument\(\s*$")
# A default that is a string or a name may name a model; `None`, a number or a boolean cannot.
_DEFAULT = re.compile(r"\bdefault\s*=\s*(None\b|True\b|False\b|[-+.0-9])?")


def flag_offsets(text: str) -> list[int]:
    """Offsets of the candidate flags of `text`."""
    return [m.start() for m in _FLAG.finditer(text) if _may_name(text, m.start(), m.end())]


def _may_name(text: str, start: int, end: int) -> bool:
    """Whether the flag at `text[start:end]` may stand next to a value worth reading."""
    after = text[end:end + 1]
    if after in _PROSE_AFTER_FLAG:
        return False
    if after in (" ", "="):
        if text[end + 1:end + 2] == "$":
            return False  # `--adapter $ADAPTER`: a usage line's fill-in, no value in the code
        word = _WORD.match(text, end + 1)
        return after == "=" or word is None or word.group().lower() not in _PROSE_WORDS
    if after not in ("\"", "'") or text[start - 1:start] != after:
        return True
    rest = text[end + 1:end + 200].lstrip(" \t")
    if rest[:1] == ":":
        return True  # a dict key
    if rest[:1] == "," and not _KEYWORD_ARGUMENT.match(rest[1:].lstrip(" \t\n")):
        return True  # `["--model-path", BASE]`: an argument list, its value next
    if _ADD_ARGUMENT.search(text, max(0, start - 40), start - 1) is None:
        return True  # another call (`typer.Option("llama3", "--model")` gives its default first)
    code = _call_code(text, end + 1)
    return any(match.group(1) is None for match in _DEFAULT.finditer(code))


def _call_code(text: str, start: int, limit: int = 4000) -> str:
    """The code from `start` to the bracket that closes the call around it (at most `limit`
    characters), with the contents of its strings left out: a help text's `(for example` opens
    nothing and its `default=` is no default. A quote escaped inside a string does not end it."""
    depth = 0
    stop = min(len(text), start + limit)
    position = start
    code: list[str] = []
    while position < stop:
        char = text[position]
        if char in "\"'":
            closing = text.find(char, position + 1, stop)
            while closing > 0 and _escaped(text, closing):
                closing = text.find(char, closing + 1, stop)
            code.append(char * 2)
            position = stop if closing < 0 else closing
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return "".join(code)
            depth -= 1
        if char not in "\"'":
            code.append(char)
        position += 1
    return "".join(code)


def _escaped(text: str, position: int) -> bool:
    """Is the character at `position` escaped (an odd number of backslashes before it)?"""
    backslashes = 0
    while position - backslashes - 1 >= 0 and text[position - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1
