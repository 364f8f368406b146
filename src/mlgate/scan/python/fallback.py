"""The tolerant path: loader calls with literal arguments, found without a parser.

Used when `ast` cannot parse a file (Python 2, syntax errors, pathological nesting) and
for comments and docstrings under `--include-comments`. It lexes strings and comments
with one regex, finds `name(` call sites, splits their arguments with a bracket-aware
scan, and applies the same slot rules as the parser path (literal strings and simple
module constants only).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import replace

from mlgate.scan.base import SkipFile
from mlgate.scan.cmdline import command_line_references
from mlgate.scan.python.commands import PROGRAMS
from mlgate.scan.python.rules import GENERIC_KEYWORDS, ArgRule, CallSpec, method_of_an_object, spec_for
from mlgate.scan.python.targets import Found, resolve_target
from mlgate.targets import hub_id_from_url

# An unterminated string runs to the end of its line (a triple-quoted one to the end of the
# text), as the tokenizer would read it: so every match attempt succeeds or fails at once,
# and a line of `\'\'\'...` or many stray quotes costs one pass, not one per quote.
_LEX = re.compile(
    r"""(?P<comment>\#[^\r\n]*)
      | (?P<triple>[rRbBuUfF]{0,2}(?:'''(?:[^\\]|\\.)*?(?:'''|\Z)
                                  |\"\"\"(?:[^\\]|\\.)*?(?:\"\"\"|\Z)))
      | (?P<string>[rRbBuUfF]{0,2}(?:'(?:[^'\\\r\n]|\\.)*+(?:'|(?=[\r\n])|\Z)
                                  |"(?:[^"\\\r\n]|\\.)*+(?:"|(?=[\r\n])|\Z)))""",
    re.VERBOSE | re.DOTALL,
)
# Starts only where a name starts (the lookbehind), and never backtracks into the name: a
# long `a.b.c...` without a call costs one pass, not one per position (quadratic).
_CALL = re.compile(r"(?<![\w.])([A-Za-z_][\w.]*+)\s*\(")
_STRING = re.compile(r"""[rRuU]?(?:'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")\Z""")
_KEYWORD = re.compile(r"([A-Za-z_]\w*)\s*=(?!=)\s*")
_CONSTANT = re.compile(
    r"""^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*([rRuU]?(?:'[^'\\\n]*'|"[^"\\\n]*"))[ \t]*(?:\#.*)?$""",
    re.MULTILINE,
)
_IMPORT_AS = re.compile(r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\w+)[ \t]+as[ \t]+(\w+)", re.MULTILINE)
_HUB_URL = re.compile(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/[^\s)\"'<>\]`,]+")
_MAX_ARGS_CHARS = 4000
# Characters of argument lists the tolerant path may walk, per character of code (plus a
# floor). Real code walks each character once per enclosing call; only thousands of unclosed
# calls (`f(f(f(...`) come near, and each would cost up to _MAX_ARGS_CHARS.
_WALK_PER_CHAR, _WALK_FLOOR = 8, 1_000_000


def blank_comments_and_docstrings(text: str) -> str:
    """`text` with comments and triple-quoted strings replaced by spaces (offsets kept)."""
    pieces: list[str] = []
    last = 0
    for match in _LEX.finditer(text):
        if match.lastgroup in {"comment", "triple"}:
            pieces.append(text[last:match.start()])
            pieces.append(re.sub(r"[^\n]", " ", match.group()))
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def tolerant_references(text: str) -> Iterator[tuple[int, Found]]:
    """(offset of the value, what it names) for loader calls in `text`, without parsing it."""
    code = blank_comments_and_docstrings(text)
    constants: dict[str, str] = {}
    for match in _CONSTANT.finditer(code):
        value = _literal(match.group(2))
        if value is not None:
            constants.setdefault(match.group(1), value)
    aliases = {m.group(3): f"{m.group(1)}.{m.group(2)}" for m in _IMPORT_AS.finditer(code)}
    yield from _calls(code, constants, aliases)


def comment_references(text: str) -> Iterator[tuple[int, Found]]:
    """Loader calls and Hub URLs written in comments and docstrings (`--include-comments`)."""
    for match in _LEX.finditer(text):
        if match.lastgroup not in {"comment", "triple"}:
            continue
        where = "comment" if match.lastgroup == "comment" else "docstring"
        body = match.group()
        inner = " " + body[1:] if where == "comment" else re.sub(r"^[rRbBuUfF]*('''|\"\"\")|('''|\"\"\")$",
                                                                  lambda q: " " * len(q.group()), body)
        for offset, found in _calls(inner, {}, {}):
            yield match.start() + offset, Found(found.target, found.kind, f"{found.via} ({where})", found.role,
                                                found.revision)
        for url in _HUB_URL.finditer(body):
            hub = hub_id_from_url(url.group().rstrip("."))
            if hub is not None:
                yield match.start() + url.start(), Found(hub[0], hub[1], f"Hub URL ({where})")
        for offset, found in _usage_lines(inner):
            yield match.start() + offset, replace(found, via=f"{found.via} ({where})")


def _usage_lines(text: str) -> Iterator[tuple[int, Found]]:
    """`python train.py --model_name_or_path org/x` in a script's docstring: each line (with its
    `\\` continuations) that holds a flag or starts with a known program, read as a command."""
    for line in _LOGICAL_LINE.finditer(text):
        command = line.group()
        if "--" in command or _PROGRAM_START.match(command):
            yield from ((line.start() + offset, found) for offset, found in command_line_references(command)
                        if not found.placeholder)


_LOGICAL_LINE = re.compile(r"(?:[^\n\\]|\\(?!\n)|\\\n)+")
_PROGRAM_START = re.compile(rf"\s*(?:[$>]\s*)?(?:{PROGRAMS})\s")  # `$ vllm serve org/x`


def _calls(code: str, constants: dict[str, str], aliases: dict[str, str]) -> Iterator[tuple[int, Found]]:
    budget = _WALK_PER_CHAR * len(code) + _WALK_FLOOR
    for match in _CALL.finditer(code):
        name = match.group(1)
        head, _, rest = name.partition(".")
        dotted = aliases.get(head, head) + (f".{rest}" if rest else "")
        arguments, walked = _split_arguments(code, match.end())
        budget -= walked
        if budget < 0:
            raise SkipFile("too many unclosed calls to read without a parser")
        if not arguments:
            continue
        positional: list[tuple[int, str]] = []
        keywords: dict[str, tuple[int, str]] = {}
        for start, raw in arguments:
            keyword = _KEYWORD.match(raw)
            if keyword:
                keywords[keyword.group(1)] = (start + keyword.end(), raw[keyword.end():])
            else:
                positional.append((start, raw))
        resolved = {k: _value(v, constants) for k, (_, v) in keywords.items()}

        def keyword_string(key: str, resolved: dict[str, str | None] = resolved) -> str | None:
            return resolved.get(key)

        def keyword_flag(key: str, keywords: dict[str, tuple[int, str]] = keywords) -> bool:
            return keywords.get(key, (0, ""))[1].strip() == "True"

        spec = None if method_of_an_object(dotted, head in aliases) else spec_for(dotted)
        slots: list[tuple[ArgRule, str, CallSpec | None]] = []
        handled: set[str] = set()
        if spec is not None:
            slots.extend((rule, spec.via, spec) for rule in spec.args)
            for rule in spec.args:
                handled.update(rule.keywords)
        last = dotted.rsplit(".", 1)[-1]
        slots.extend((GENERIC_KEYWORDS[k], f"{last}({k}=)", None) for k in keywords
                     if k in GENERIC_KEYWORDS and k not in handled)
        for rule, via, owner in slots:
            picked = next((keywords[k] for k in rule.keywords if k in keywords), None)
            if picked is None and rule.position is not None and rule.position < len(positional):
                picked = positional[rule.position]
            if picked is None:
                continue
            start, raw = picked
            value = _value(raw, constants)
            if value is None:
                continue
            found = resolve_target(value, rule, via, owner, keyword_string, keyword_flag)
            if found is not None:
                yield start + (len(raw) - len(raw.lstrip())), found


def _split_arguments(code: str, start: int) -> tuple[list[tuple[int, str]], int]:
    """Top-level arguments of the call whose `(` ends just before `start`: (offset, text), and
    how many characters that took.

    An unclosed call (a file cut mid-edit) ends at the next line that starts at column 0, or
    at the end of the file.
    """
    depth, i, end = 0, start, min(len(code), start + _MAX_ARGS_CHARS)
    pieces: list[tuple[int, str]] = []
    piece_start = start
    while i < end:
        char = code[i]
        if char in "'\"":
            match = _LEX.match(code, i)
            i = match.end() if match else i + 1
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif char == "," and depth == 0:
            pieces.append((piece_start, code[piece_start:i]))
            piece_start = i + 1
        elif char == "\n" and i + 1 < len(code) and code[i + 1] not in " \t\r\n)]}":
            break  # the next statement starts: the call was never closed
        i += 1
    else:
        if end < len(code):
            return [], i - start  # runaway: no end in sight
    pieces.append((piece_start, code[piece_start:i]))
    return [(s, t) for s, t in pieces if t.strip()], i - start


def _value(raw: str, constants: dict[str, str]) -> str | None:
    raw = raw.strip()
    if raw in constants:
        return constants[raw]
    return _literal(raw)


def _literal(raw: str) -> str | None:
    raw = raw.strip()
    if not _STRING.match(raw):
        return None
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, str) else None
