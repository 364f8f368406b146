"""Reading shell text: scripts, Makefiles, Dockerfiles, `.env` files, and commands embedded elsewhere.

Commands are tokenised with quotes, comments and line continuations understood, variables
assigned in the same file are expanded (`MODEL=org/x … --model_name_or_path $MODEL`,
Make's `$(MODEL)`, Dockerfile `ENV`/`ARG`), `for m in org/a org/b; do … $m …; done` runs
the loop body once per value, and each command is read by `cmdline` (flags whose name says
model or data set, overrides, `hf download`, `vllm serve`, `ollama pull`, ...). A command line
held in a quoted assignment (`CMD="python t.py --model $M"`) is read where it is written
(`heldcommands`); an unquoted `$MIX` whose value has spaces is split into words, as the shell does.

A model-ish variable (`MODEL_ID=org/x`, `for model in org/a org/b`) that no recognised
command consumes is reported where it is assigned (servers such as TGI read it from the
environment).
The YAML config detector calls `command_references` for CI `run:`/`script:` blocks; the
detector for script files is `detectors.scripts`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from mlgate.model import Kind, Location, Reference
from mlgate.scan.cmdline import Word, found_for, read_words, runs_known_program, split_commands, unquote
from mlgate.scan.configkeys import KeyRule, env_rule
from mlgate.scan.detectors.heldcommands import held_command_text
from mlgate.scan.detectors.shellwords import BARE_EXPANSION, VARIABLE, raw_index, uses_variable
from mlgate.scan.flagnames import weighted_ids
from mlgate.scan.found import Found

_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.DOTALL)
_MAKE_ASSIGN_OPS = {"=", ":=", "?=", "::=", "+="}
# Words before the program that run it or set its environment.
_PREFIX_WORDS = frozenset({"export", "ENV", "ARG", "local", "declare", "readonly", "RUN", "CMD", "ENTRYPOINT", "sudo",
                           "exec", "time", "nohup", "env", "do", "then", "else", "{"})
_ARRAY_ITEMS = re.compile(r'^"?\$\{([A-Za-z_][A-Za-z0-9_]*)\[[@*]\]\}"?$')  # `"${MODELS[@]}"`
_MAX_LOOP_RUNS = 64  # nested loops multiply: read a body at most this many times
# An item of a Dockerfile exec-form list: `["python",` or `"--model",` or `"org/x"]`.
_JSON_WORD = re.compile(r'^(?:\[\s*("(?:[^"\\]|\\.)*")\s*[,\]]*|("(?:[^"\\]|\\.)*")\s*[,\]]+)$')


@dataclass
class Token:
    raw: str
    offset: int
    value: str = ""
    variables: tuple[str, ...] = ()  # the variables its expansion used


Command = list[Token]


def tokenize(text: str, base: int = 0) -> Iterator[Command]:
    """Commands of shell `text` (offsets shifted by `base`), words not yet expanded."""
    for words in split_commands(text, base):
        yield [Token(raw, offset) for raw, offset in words]


@dataclass
class _Loop:
    name: str
    values: list[tuple[str, int]]
    first: int  # index of its first value in `ShellAnalyzer.loop_values`
    read_before: bool  # whether a variable of the same name had been read before the loop


@dataclass
class _LoopValue:
    rule_name: str  # the name that says what the value is (the loop variable, or the array looped over)
    variable: str
    value: str
    offset: int
    read: bool | None = None  # did the loop body read it (None: the loop has no `done` yet)


class ShellAnalyzer:
    """Turns commands into references; keeps the variables assigned so far."""

    def __init__(self, via_prefix: str = "") -> None:
        self.variables: dict[str, tuple[str, int]] = {}
        self.consumed: set[str] = set()
        self.via_prefix = via_prefix
        self.loops: list[_Loop] = []  # open `for NAME in ...` loops, innermost last
        self.loop_values: list[_LoopValue] = []  # the values of every loop list
        self.arrays: dict[str, list[tuple[str, int]]] = {}  # `MODELS=(org/a org/b)`: values and offsets
        self.array_words: dict[str, list[Token]] = {}  # the same items as expanded words (`ARGS=(--model $M)`)
        self.iterated: set[str] = set()  # arrays a `for` loop went over
        # (use offset, target) -> offset of the literal a variable brought there (`MODEL=org/x`).
        self.origins: dict[tuple[int, str], int] = {}
        self.written: dict[tuple[int, str], Found] = {}  # those literals, reported where they are written
        self.quoted_depth = 0  # > 0 inside `bash -c "..."`: the outer shell expands `'$X'` too
        self.held: set[str] = set()  # variables holding a command line, read where assigned

    def expand(self, token: Token) -> Token:
        raw = token.raw
        json_word = _JSON_WORD.match(raw)
        used: list[str] = []
        value = unquote(json_word.group(json_word.lastindex or 1) if json_word else self._substitute(raw, used))
        return Token(raw, token.offset + (raw.find('"') if json_word else 0), value, tuple(used))

    def _substitute(self, raw: str, used: list[str]) -> str:
        def replace(match: re.Match[str]) -> str:
            name = match.group("braced") or match.group("make") or match.group("plain")
            if name in self.variables:
                used.append(name)
                return self.variables[name][0]
            if match.group("op") is not None:
                return match.group("default") or ""
            return match.group()

        def expanded(text: str) -> str:
            # `${BENCHMARK_MODEL:-${AGENT_MODEL:-qwen-plus}}`: the innermost expansion first, then the
            # one around it (a few levels: deeper nesting is left as written)
            for _ in range(3):
                text, again = VARIABLE.sub(replace, text), text
                if text == again or "${" not in text:
                    break
            return text

        if "'" in raw and not self.quoted_depth:  # single-quoted parts are literal: expand only outside them
            parts = re.split(r"('[^']*')", raw)
            return "".join(p if p.startswith("'") else expanded(p) for p in parts)
        return expanded(raw)

    def commands(self, commands: Iterable[Command]) -> Iterator[tuple[int, Found]]:
        for command in commands:
            yield from self.command(command)

    def command(self, command: Command) -> Iterator[tuple[int, Found]]:
        words = [w.raw for w in command]
        if len(words) >= 3 and words[0] == "for" and words[2] == "in" and words[1].isidentifier():
            self._open_loop(words[1], command[3:])
            return
        if words[:1] == ["done"]:
            if self.loops:
                self._close_loop(self.loops.pop())
            return
        if len(words) >= 3 and words[1] in _MAKE_ASSIGN_OPS and words[0].isidentifier():
            self._assign(words[0], self.expand(command[2]), command[2].offset)
            return
        if words and words[0] in {"ENV", "ARG"} and len(words) == 3 and "=" not in words[1]:
            self._assign(words[1], self.expand(command[2]), command[2].offset)
            return
        start = 0  # an index, not `rest = rest[1:]`: a line of ten thousand prefixes stays linear
        while start < len(command) and (command[start].raw in _PREFIX_WORDS or _ASSIGN.match(command[start].raw)
                                        or (start and command[start - 1].raw in _PREFIX_WORDS
                                            and command[start].raw.startswith("-"))):  # `declare -a`, `sudo -E`
            assignment = _ASSIGN.match(command[start].raw)
            if assignment and assignment.group(2).startswith("("):
                self._assign_array(assignment.group(1), assignment.group(2),
                                   command[start].offset + len(assignment.group(1)) + 1)
            elif assignment:
                value_offset = command[start].offset + len(assignment.group(1)) + 1
                bound = self._assign(assignment.group(1), self.expand(Token(assignment.group(2), value_offset)),
                                     value_offset)
                yield from self._held_command(assignment.group(1), assignment.group(2), value_offset, bound)
            start += 1
        yield from self._program(command[start:])

    def _held_command(self, name: str, raw: str, offset: int, bound: bool) -> Iterator[tuple[int, Found]]:
        """`CMD="python train.py --model_name_or_path $MODEL ..."`, run later (`bash -c "$CMD"`,
        `uv run ${CMD}`): the string is read as the command line it holds, where it is written.
        `bound`: the variable now holds it (not an earlier literal kept as the script's default)."""
        text = held_command_text(raw)
        if text is None:
            return
        if bound:
            self.held.add(name)
        self.quoted_depth += raw[0] == '"'
        try:
            yield from self.commands(tokenize(text, offset + 1))
        finally:
            self.quoted_depth -= raw[0] == '"'

    def _assign_array(self, name: str, raw: str, offset: int) -> None:
        """`MODELS=(org/a "org/b")`: each item with its own offset (`raw` starts at the `(`)."""
        items = [word for command in split_commands(raw[1:-1], offset + 1) for word in command]
        self.array_words[name] = [self.expand(Token(word, at)) for word, at in items]
        self.arrays[name] = []
        for token in self.array_words[name]:
            held = self.variables.get(token.variables[0]) if len(token.variables) == 1 else None
            if held is not None and held[0] == token.value and token.raw[:1] != '"':
                # `MODELS=($AGENT_MODELS)`: the words of the variable, where it is set (as `for m in $X`)
                self.arrays[name].extend((w.group(), held[1] + w.start()) for w in re.finditer(r"\S+", held[0]))
                continue
            self.arrays[name].append((token.value, token.offset + (1 if token.raw[:1] in "'\"" else 0)))

    def _open_loop(self, name: str, tokens: Command) -> None:
        array = _ARRAY_ITEMS.match(tokens[0].raw) if len(tokens) == 1 else None
        if array is not None and array.group(1) in self.arrays:  # `for m in "${MODELS[@]}"`
            self.iterated.add(array.group(1))
            self._push_loop(name, self.arrays[array.group(1)], name if env_rule(name) else array.group(1))
            return
        values: list[tuple[str, int]] = []
        for token in map(self.expand, tokens):
            # `for m in $MODELS` splits the expansion on spaces; its values stand where MODELS is set.
            base = token.offset
            if len(token.variables) == 1 and self.variables[token.variables[0]][0] == token.value:
                base = self.variables[token.variables[0]][1]
            elif token.variables:  # `"$ORG/model"`: one value, at the word that builds it
                values.append((token.value, token.offset))
                continue
            position = 0
            for piece in token.value.split():
                position = token.value.find(piece, position)
                values.append((piece, base + position))
                position += len(piece)
        self._push_loop(name, values, name)

    def _push_loop(self, name: str, values: list[tuple[str, int]], rule_name: str) -> None:
        """Open a loop; whether its body reads `name` is decided at its `done` (`name` may be reused later)."""
        self.loops.append(_Loop(name, values, len(self.loop_values), name in self.consumed))
        self.consumed.discard(name)
        self.loop_values.extend(_LoopValue(rule_name, name, value, offset) for value, offset in values)

    def _close_loop(self, loop: _Loop) -> None:
        read = loop.name in self.consumed
        for item in self.loop_values[loop.first:loop.first + len(loop.values)]:
            item.read = read
        if loop.read_before:
            self.consumed.add(loop.name)
        else:
            self.consumed.discard(loop.name)

    def _assign(self, name: str, token: Token, offset: int) -> bool:
        """Bind `name` to the token's value; whether it was (see the default kept below)."""
        # The value's place is its first character, inside the quotes (`MODEL="org/x"`).
        known = self.variables.get(name)
        if "$" in token.value and known is not None and "$" not in known[0]:
            return False  # `MODEL=org/x` ... `m) MODEL="$OPTARG"`: the literal stays the default the script names
        quoted = token.raw[:1] in "'\"" and token.value == unquote(token.raw)
        self.variables[name] = (token.value, token.offset + (1 if quoted else 0))
        # A new value: whether it is a command line read where written is the new value's to say
        # (`MIX="python t.py ..."` then `MIX="org/a 1.0 org/b 0.5"`: a later `$MIX` is split again).
        self.held.discard(name)
        return True

    def unconsumed_environment(self) -> Iterator[tuple[int, Found]]:
        """Where the values commands read through variables are written, and model-ish variables
        assigned here that no recognised command read."""
        yield from ((offset, found) for (offset, _), found in self.written.items())
        for name, (value, offset) in self.variables.items():
            rule = env_rule(name)
            if rule is None or name in self.consumed:
                continue
            # `DATASET_MIXER_LIST="org/a 1.0 org/b 0.5"`: each id of a mixer held in one string
            for start, piece in (weighted_ids(value) if rule.kind is Kind.DATASET else []) or [(0, value)]:
                found = self._found(piece, rule, name)
                if found:
                    yield offset + start, found
        not_iterated = (_LoopValue(name, name, value, offset) for name, values in self.arrays.items()
                        if name not in self.iterated for value, offset in values)
        for item in (*self.loop_values, *not_iterated):
            rule = env_rule(item.rule_name)
            read = item.read if item.read is not None else item.variable in self.consumed
            found = self._found(item.value, rule, item.rule_name) if rule is not None and not read else None
            if found:
                yield item.offset, found

    def _program(self, command: Command) -> Iterator[tuple[int, Found]]:
        """Read the command once, or once per value of each loop variable it uses."""
        loops = [(loop.name, loop.values) for loop in self.loops
                 if any(uses_variable(t.raw, loop.name) for t in command)]
        if not loops:
            yield from self._read(command)
            return
        runs: list[dict[str, tuple[str, int]]] = [{}]
        for name, values in loops:
            runs = [{**run, name: value} for run in runs for value in values][:_MAX_LOOP_RUNS]
        saved = dict(self.variables)
        seen: set[tuple[int, Found]] = set()
        for run in runs:
            self.variables.update(run)
            for hit in self._read(command):
                if hit not in seen:
                    seen.add(hit)
                    yield hit
        self.variables = saved

    def _read(self, command: Command) -> Iterator[tuple[int, Found]]:
        tokens = self._spliced([piece for t in command for piece in self._split(self.expand(t))])
        words = [Word(t.value, t.offset) for t in tokens]
        if runs_known_program([w.value for w in words]):
            # `hf upload --repo-type space $SPACE_ID`: the command says what its words are, even
            # when they are not targets; its variables are not left over for the environment.
            self.consumed.update(name for t in tokens for name in t.variables)
        for hit in read_words(words, self.via_prefix):
            token = tokens[hit.index]
            self.consumed.update(token.variables)
            offset = token.offset + raw_index(token.raw, hit.start)
            self._note_origin(token, offset, hit.found)
            yield offset, hit.found
        yield from self._nested(tokens)

    def _split(self, token: Token) -> list[Token]:
        """An unquoted `$MIXER` whose value has spaces is several words (`org/x 1.0`), each from that
        value; a variable holding a command line is left whole (its words were read where written)."""
        if len(token.variables) != 1 or token.variables[0] in self.held or not BARE_EXPANSION.match(token.raw):
            return [token]
        pieces = token.value.split()
        return [token] if len(pieces) < 2 else [dataclasses.replace(token, value=piece) for piece in pieces]

    def _spliced(self, tokens: list[Token]) -> list[Token]:
        """`python t.py "${ARGS[@]}"`: an array of arguments stands for its items, each at its own place."""
        if not self.array_words or not any("[" in t.raw for t in tokens):
            return tokens
        out: list[Token] = []
        for token in tokens:
            array = _ARRAY_ITEMS.match(token.raw)
            out.extend(self.array_words[array.group(1)] if array and array.group(1) in self.array_words else [token])
        return out

    def _nested(self, tokens: list[Token]) -> Iterator[tuple[int, Found]]:
        """`bash -c "python serve.py --model-path '$MODEL'"`: the string is itself a command line."""
        for index, token in enumerate(tokens[:-1]):
            script = tokens[index + 1].raw
            if (token.value == "-c" and index and tokens[index - 1].value.rsplit("/", 1)[-1] in _SHELLS
                    and len(script) > 2 and script[0] == script[-1] and script[0] in "'\""):
                self.quoted_depth += script[0] == '"'
                try:
                    yield from self.commands(tokenize(script[1:-1], tokens[index + 1].offset + 1))
                finally:
                    self.quoted_depth -= script[0] == '"'

    def _note_origin(self, token: Token, offset: int, found: Found) -> None:
        """Where the literal behind a variable is written: the line a developer edits to change it."""
        for name in token.variables:
            value, written_at = self.variables.get(name, ("", -1))
            start = value.find(found.target) if found.target else -1
            if written_at < 0 or start < 0 or found.placeholder:
                continue
            origin = written_at + start
            self.origins[(offset, found.target)] = origin
            self.written.setdefault((origin, found.target), dataclasses.replace(found, via=f"{self.via_prefix}{name}"))
            return

    def _found(self, value: str, rule: KeyRule, via: str) -> Found | None:
        return found_for(value, rule, f"{self.via_prefix}{via}")


_SHELLS = frozenset({"bash", "sh", "zsh", "dash", "ksh"})


def command_references(text: str, base: int = 0, analyzer: ShellAnalyzer | None = None,
                       environment: bool = True) -> list[tuple[int, Found]]:
    """References in shell `text` at offset `base` of its file.

    With `environment`, model-ish variables no command read are reported too; a caller that
    passes one analyzer over several snippets asks for them once, at the end, instead.
    """
    analyzer = analyzer or ShellAnalyzer()
    found = list(analyzer.commands(tokenize(text, base)))
    if environment:
        found.extend(analyzer.unconsumed_environment())
    return found


def argv_references(argv: list[tuple[str, int]], analyzer: ShellAnalyzer | None = None) -> list[tuple[int, Found]]:
    """References in an exec-form argument list (`command: ["--model", "org/x"]`).

    No shell reads the words, but a compose file's own interpolation fills
    `${MODEL_PATH:-org/x}` with its default before the list runs: that default is read (in any
    exec-form list: where nothing interpolates it, as in Kubernetes, it is still the model the
    text names to a reader).
    """
    analyzer = analyzer or ShellAnalyzer()
    tokens = [Token(_shell_quote(value), offset) for value, offset in argv]
    return list(analyzer.command(tokens))


def _shell_quote(value: str) -> str:
    if _INTERPOLATED.fullmatch(value):
        return f'"{value}"'  # `${NAME:-default}` alone: the default, as compose interpolates it
    return "'" + value.replace("'", "'\\''") + "'" if value else "''"


_INTERPOLATED = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-[^}\s$'\"\\]+\}")


def located(hits: Iterable[tuple[int, Found]], analyzer: ShellAnalyzer,
            location: Callable[[int], Location]) -> Iterator[Reference]:
    """References at the offsets of `hits`, with the origin of those read through a variable."""
    origins = analyzer.origins
    for offset, found in hits:
        origin = origins.get((offset, found.target))
        yield reference_at(found, location(offset), location(origin) if origin is not None else None)


def reference_at(found: Found, location: Location, origin: Location | None = None) -> Reference:
    return Reference(found.target, found.kind, location, found.via, found.revision, found.role,
                     placeholder=found.placeholder, origin=origin if origin != location else None)

