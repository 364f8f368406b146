"""Command lines held in shell strings: `CMD="python train.py --model_name_or_path $MODEL ..."`.

Launch scripts build a command in a variable and run it later (`srun bash -c "$LAUNCHER $CMD"`,
`uv run ${LAUNCH_CMD}`, `eval "$shard_command"`). The shell detector reads such a string as
the command line it holds, at the place it is written: the words a developer edits are there,
and a `$MODEL` inside is expanded from the script's own assignment as on a plain command line.

A quoted value counts as a command line when it has at least two words and one of them is an
option (`--model_name_or_path`, `-m`) or the string runs a program `cmdline` knows (`vllm serve
org/x`, `hf download org/x`); a message (`MSG="training done"`) or a single value
(`MODEL="org/x"`) is left to the ordinary assignment rules.
"""

from __future__ import annotations

import re

from mlgate.scan.cmdline import runs_known_program, split_commands, unquote

_OPTION = re.compile(r"(?:^|\s)--?[A-Za-z]")


def held_command_text(raw: str) -> str | None:
    """The text inside the quotes of an assigned value `raw` (`"python t.py --model x"`) when it
    holds a command line, else None. The caller tokenises it at the offset after the quote."""
    if len(raw) < 3 or raw[0] not in "'\"" or raw[-1] != raw[0] or not any(c.isspace() for c in raw):
        return None
    text = raw[1:-1]
    if raw[0] == '"':  # `\"org/x\"` is a quoted word once the command runs: `""org/x""`, same offsets
        text = text.replace('\\"', '""')
    for command in split_commands(text):
        values = [unquote(word) for word, _ in command]
        if len(values) >= 2 and (_OPTION.search(" ".join(values)) or runs_known_program(values)):
            return text
    return None
