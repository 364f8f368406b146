"""Site lines: where in a module's text a loader could be called or a target keyword set.

Plain substring searches over the text, before any parse: a loader name with its `(`, a target
keyword followed by `=` or `":`, a lazy `type=<loader>`. The analysis walks expressions only
on these lines, and the reduction keeps the functions that hold them.
"""

from __future__ import annotations

import bisect
import re

from mlgate.scan.base import line_starts
from mlgate.scan.python.rules import FUNCTIONS, GENERIC_KEYWORDS, SITE_CALLS

# Calls that bind values read elsewhere (`args.model`): functions holding them are always analysed.
BINDING_CALLS = ("add_argument(", "set_defaults(")
LAZY_LOADERS = frozenset({*FUNCTIONS, "from_pretrained"})  # `dict(type=<loader>, ...)` calls


def site_lines(text: str, extra_calls: frozenset[str] = frozenset(), starts: list[int] | None = None) -> list[int]:
    """Sorted 1-based numbers of lines that may hold a loader call (plain substring searches).

    Call names are searched with their `(`; keywords bare, then checked for a following `=`
    or `":` (a dict key), which is cheaper than searching each spelling.
    """
    offsets = _site_offsets(text)
    if extra_calls:
        offsets.extend(_offsets(text, tuple(f"{name}(" for name in extra_calls)))
    find = text.find
    for last, keywords in _KEYWORD_ENDS.items():  # one search per last word, not one per keyword
        size = len(last)
        pos = find(last)
        while pos >= 0:
            end = pos + size
            after = text[end:end + 4].lstrip(" \t")
            if ((after[:1] == "=" and after[1:2] != "=") or after[:2] in {'":', "':"}) and (
                    last in keywords or any(text.startswith(keyword, end - len(keyword)) for keyword in keywords)):
                offsets.append(pos)
            pos = find(last, end)
    offsets.extend(_lazy_call_sites(text))
    return _lines_of(offsets, text, starts)


def _keyword_ends() -> dict[str, frozenset[str]]:
    """Target keywords by their last word (`model_name_or_path` under `_path`, `model` under `model`)."""
    ends: dict[str, set[str]] = {}
    for keyword in GENERIC_KEYWORDS:
        head, _, last = keyword.rpartition("_")
        ends.setdefault(f"_{last}" if head else last, set()).add(keyword)
    # `model` itself is a keyword: every `..._model` keyword is found by its search already.
    return {last: frozenset(keywords) for last, keywords in ends.items()
            if not (last.startswith("_") and last[1:] in ends and last[1:] in GENERIC_KEYWORDS)}


_KEYWORD_ENDS = _keyword_ends()


def call_lines(text: str, names: frozenset[str], starts: list[int] | None = None) -> list[int]:
    """Sorted 1-based numbers of lines that may call one of `names` (`name(`)."""
    return _lines_of(_offsets(text, tuple(f"{name}(" for name in names)), text, starts)


def _offsets(text: str, needles: tuple[str, ...]) -> list[int]:
    offsets: list[int] = []
    find = text.find
    for needle in needles:
        pos = find(needle)
        while pos >= 0:
            offsets.append(pos)
            pos = find(needle, pos + len(needle))
    return offsets


def _site_offsets(text: str) -> list[int]:
    """Offsets of the site calls and binding calls in `text` (a call's `(`, or a needle's start)."""
    offsets = [match.start() for match in _CALL_PATTERN.finditer(text)]
    offsets.extend(_offsets(text, _OTHER_NEEDLES))
    offsets.extend(expanding_creates(text))
    return offsets


# `create(` and what it is given up to a `**` (a nested call's parentheses are skipped).
_EXPANDING_CREATE = re.compile(r"create\((?:[^()*]|\*(?!\*)|\([^()]*\))*\*\*")


def expanding_creates(text: str) -> list[int]:
    """Offsets of the `create(` calls that expand a dict (`client.chat.completions.create(**params)`):
    the model an API client is asked for may be a value of that dict, with no keyword on the line."""
    if "create(" not in text or "**" not in text:
        return []  # most modules (`create(` is the rarer of the two: looked for first)
    return [match.start() for match in _EXPANDING_CREATE.finditer(text)]


def _call_pattern(needles: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every needle that ends with `(`: the `(` is found first (a literal `re`
    skips to in C), then each needle is a fixed-width look-behind there. Cheaper than one
    `str.find` pass over the text per needle, or an alternation `re` tries at every position."""
    calls = [n for n in dict.fromkeys(needles) if n.endswith("(")]
    # a needle that ends with another (`create_model_from_pretrained(`) is found by that one
    kept = [n for n in calls if not any(o != n and n.endswith(o) for o in calls)]
    return re.compile(r"\((?:" + "|".join(f"(?<={re.escape(n)})" for n in kept) + ")")


def _lines_of(offsets: list[int], text: str, starts: list[int] | None) -> list[int]:
    if not offsets:
        return []
    starts = starts if starts is not None else line_starts(text)  # the caller's table, when it has one
    return sorted({bisect.bisect_right(starts, off) for off in offsets})


def _lazy_call_sites(text: str) -> list[int]:
    """Offsets of `type=<loader>` (mmengine-style lazy calls: `dict(type=load_dataset, ...)`)."""
    offsets: list[int] = []
    pos = text.find("type=")
    while pos >= 0:
        end = pos + 5
        while end < len(text) and (text[end].isalnum() or text[end] in "._"):
            end += 1
        if text[pos + 5:end].rsplit(".", 1)[-1] in LAZY_LOADERS:
            offsets.append(pos)
        pos = text.find("type=", end)
    return offsets


_CALL_PATTERN = _call_pattern((*SITE_CALLS, *BINDING_CALLS))
_OTHER_NEEDLES = tuple(n for n in dict.fromkeys((*SITE_CALLS, *BINDING_CALLS)) if not n.endswith("("))
