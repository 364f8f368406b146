"""Shell detector: scripts, Makefiles, Dockerfiles, `.env` files, and commands embedded elsewhere.

Commands are tokenised with quotes, comments and line continuations understood, variables
assigned in the same file are expanded (`MODEL=org/x … --model_name_or_path $MODEL`,
Make's `$(MODEL)`, Dockerfile `ENV`/`ARG`), and these forms are recognised:

  --model_name_or_path X, --model X, --dataset_name X, --output_dir X (any key of configkeys)
  huggingface-cli download X / hf download X (dataset with --repo-type dataset), … upload X
  vllm serve X · ollama pull|run X · llama.cpp -hf X / --hf-repo X · lm_eval --model_args pretrained=X
  git clone / wget / curl of huggingface.co URLs

A model-ish environment variable (`MODEL_ID=org/x`) that no recognised command consumes is
reported where it is assigned (servers such as TGI read it from the environment).
The YAML config detector calls `command_references` for CI `run:`/`script:` blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from mlgate.model import Kind, Location, Reference, Role
from mlgate.scan.base import Detector, ScanOptions, SourceFile
from mlgate.scan.detectors.configkeys import KeyRule, env_rule, key_rule, value_target
from mlgate.scan.python.targets import Found
from mlgate.targets import hub_id_from_url, is_placeholder, ollama_target

_TOKEN = re.compile(
    r"""(?P<cont>\\\r?\n)
      | (?P<comment>(?:(?<=[\s;&|(])|^)\#[^\n]*)
      | (?P<sep>\r?\n|;;?|&&|\|\||[|&()])
      | (?P<word>(?:[^\s'"\\;&|()`$]|\\.|'[^']*'|"(?:[^"\\]|\\.)*"|`[^`]*`|\$\((?:[^()]|\([^()]*\))*\)
                  |\$\{[^}$]*\}|\$)+)
      | (?P<space>[ \t]+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)
# A braced expansion stops at a nested `${`: an unclosed `${A:-${A:-...` then fails at once
# instead of scanning to the end of the text from every `${` (quadratic).
_VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-=])(?P<default>(?:[^}$]|\$(?!\{))*))?\}"
                       r"|\((?P<make>[A-Za-z_][A-Za-z0-9_]*)\)|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")
_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.DOTALL)
_MAKE_ASSIGN_OPS = {"=", ":=", "?=", "::=", "+="}
# Words before the program that run it or set its environment.
_PREFIX_WORDS = frozenset({"export", "ENV", "ARG", "local", "declare", "readonly", "RUN", "CMD", "ENTRYPOINT", "sudo",
                           "exec", "time", "nohup", "env"})
# An item of a Dockerfile exec-form list: `["python",` or `"--model",` or `"org/x"]`.
_JSON_WORD = re.compile(r'^(?:\[\s*("(?:[^"\\]|\\.)*")\s*[,\]]*|("(?:[^"\\]|\\.)*")\s*[,\]]+)$')
_HUB_CLI = {"huggingface-cli", "hf"}
_URL_PROGRAMS = {"git", "wget", "curl", "aria2c", "axel"}
_LLAMA_CPP_REPO_FLAGS = {"-hf", "--hf-repo", "-hfr", "--hf_repo", "-hfd", "--hf-repo-draft"}
_CLI_VALUE_FLAGS = {"--repo-type", "--revision", "--local-dir", "--cache-dir", "--token", "--max-workers",
                    "--local-dir-use-symlinks", "--include", "--exclude"}
_MODEL_ARGS_KEYS = {"pretrained": Kind.MODEL, "model": Kind.MODEL, "tokenizer": Kind.MODEL,
                    "peft": Kind.ADAPTER, "model_id": Kind.MODEL, "base_model": Kind.MODEL}


@dataclass
class Token:
    raw: str
    offset: int
    value: str = ""
    variables: tuple[str, ...] = ()  # the variables its expansion used


Command = list[Token]


def tokenize(text: str, base: int = 0) -> Iterator[Command]:
    """Commands of shell `text` (offsets shifted by `base`), words not yet expanded."""
    command: Command = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            command.append(Token(match.group(), base + match.start()))
        elif kind == "sep":
            if command:
                yield command
            command = []
    if command:
        yield command


class ShellAnalyzer:
    """Turns commands into references; keeps the variables assigned so far."""

    def __init__(self, via_prefix: str = "") -> None:
        self.variables: dict[str, tuple[str, int]] = {}
        self.consumed: set[str] = set()
        self.via_prefix = via_prefix

    def expand(self, token: Token) -> Token:
        raw = token.raw
        json_word = _JSON_WORD.match(raw)
        used: list[str] = []
        value = _unquote(json_word.group(json_word.lastindex or 1) if json_word else self._substitute(raw, used))
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

        if "'" in raw:  # single-quoted parts are literal: expand only outside them
            parts = re.split(r"('[^']*')", raw)
            return "".join(p if p.startswith("'") else _VARIABLE.sub(replace, p) for p in parts)
        return _VARIABLE.sub(replace, raw)

    def commands(self, commands: Iterable[Command]) -> Iterator[tuple[int, Found]]:
        for command in commands:
            yield from self.command(command)

    def command(self, command: Command) -> Iterator[tuple[int, Found]]:
        words = [w.raw for w in command]
        if len(words) >= 3 and words[1] in _MAKE_ASSIGN_OPS and words[0].isidentifier():
            self._assign(words[0], self.expand(command[2]), command[2].offset)
            return
        if words and words[0] in {"ENV", "ARG"} and len(words) == 3 and "=" not in words[1]:
            self._assign(words[1], self.expand(command[2]), command[2].offset)
            return
        start = 0  # an index, not `rest = rest[1:]`: a line of ten thousand prefixes stays linear
        while start < len(command) and (command[start].raw in _PREFIX_WORDS or _ASSIGN.match(command[start].raw)):
            assignment = _ASSIGN.match(command[start].raw)
            if assignment:
                value_offset = command[start].offset + len(assignment.group(1)) + 1
                self._assign(assignment.group(1), self.expand(Token(assignment.group(2), value_offset)), value_offset)
            start += 1
        yield from self._program(command[start:])

    def _assign(self, name: str, token: Token, offset: int) -> None:
        self.variables[name] = (token.value, token.offset)

    def unconsumed_environment(self) -> Iterator[tuple[int, Found]]:
        """Model-ish variables assigned here that no recognised command read."""
        for name, (value, offset) in self.variables.items():
            rule = env_rule(name)
            if rule is None or name in self.consumed:
                continue
            found = self._found(value, rule, name)
            if found:
                yield offset, found

    def _program(self, command: Command) -> Iterator[tuple[int, Found]]:
        tokens = [self.expand(t) for t in command]
        values = [t.value for t in tokens]
        program = values[0].rsplit("/", 1)[-1] if values else ""
        index = 0
        while index < len(tokens):
            token = tokens[index]
            value = token.value
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            flag, _, inline = value.partition("=")
            if value.startswith("-") and len(flag) > 1:
                slot = tokens[index] if inline else following
                slot_value = inline if inline else (following.value if following else "")
                slot_offset = token.offset + len(flag) + 1 if inline else (following.offset if following else 0)
                if slot is not None and slot_value and not (not inline and slot_value.startswith("-")):
                    found = list(self._flag(flag, slot_value, values))
                    for item in found:
                        self.consumed.update(slot.variables)
                        yield slot_offset, item
                    if found and not inline:
                        index += 1
            index += 1
        yield from self._subcommands(program, tokens, values)

    def _flag(self, flag: str, value: str, values: Sequence[str]) -> Iterator[Found]:
        via = f"{self.via_prefix}{flag}"
        if flag in _LLAMA_CPP_REPO_FLAGS:
            found = self._found(value.split(":", 1)[0], KeyRule(), via)
            if found:
                yield found
            return
        if flag in {"--model_args", "--model-args"}:
            for pair in value.split(","):
                key, _, item = pair.partition("=")
                kind = _MODEL_ARGS_KEYS.get(key.strip())
                if kind is not None:
                    found = self._found(item, KeyRule(kind), f"{via} {key.strip()}=")
                    if found:
                        yield found
            return
        if flag in {"--lora-modules", "--lora_modules"}:
            name, _, path = value.rpartition("=")
            found = self._found(path if name else value, KeyRule(Kind.ADAPTER), via)
            if found:
                yield found
            return
        rule = key_rule(flag.lstrip("-"))
        if rule is not None:
            found = self._found(value, rule, via, revision=_flag_value(values, "--revision"))
            if found:
                yield found

    def _subcommands(self, program: str, tokens: list[Token], values: list[str]) -> Iterator[tuple[int, Found]]:
        if len(tokens) < 2:
            return
        verb = values[1]
        if program in _HUB_CLI and verb in {"download", "upload", "upload-large-folder"}:
            repo = _first_positional(tokens, 2)
            if repo is None:
                return
            repo_type = _flag_value(values, "--repo-type")
            kind = Kind.DATASET if repo_type == "dataset" else Kind.MODEL
            role = Role.OUTPUT if verb.startswith("upload") else Role.INPUT
            if repo_type != "space":
                found = self._found(repo.value, KeyRule(kind, role), f"{program} {verb}",
                                    revision=_flag_value(values, "--revision"))
                if found:
                    self.consumed.update(repo.variables)
                    yield repo.offset, found
        elif program == "vllm" and verb == "serve":
            repo = _first_positional(tokens, 2)
            if repo is not None:
                found = self._found(repo.value, KeyRule(), "vllm serve")
                if found:
                    self.consumed.update(repo.variables)
                    yield repo.offset, found
        elif program == "ollama" and verb in {"pull", "run", "create", "push", "show", "cp"}:
            repo = _first_positional(tokens, 2)
            target = ollama_target(repo.value) if repo is not None else None
            if repo is not None and target is not None:
                role = Role.OUTPUT if verb in {"create", "push"} else Role.INPUT
                self.consumed.update(repo.variables)
                yield repo.offset, Found(target[0], target[1], f"{self.via_prefix}ollama {verb}", role)
        if program in _URL_PROGRAMS:
            for token in tokens[1:]:
                hub = hub_id_from_url(token.value) if "://" in token.value else None
                if hub is not None:
                    yield token.offset, Found(hub[0], hub[1], f"{self.via_prefix}{program} URL")

    def _found(self, value: str, rule: KeyRule, via: str, revision: str | None = None) -> Found | None:
        if "$" in value or (is_placeholder(value.split(":", 1)[0]) and not rule.local):
            return None
        hit = value_target(value, rule)
        if hit is None:
            return None
        return Found(hit[0], hit[1], via if via.startswith(self.via_prefix) else f"{self.via_prefix}{via}",
                     rule.role, revision)


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
    """References in an exec-form argument list (`command: ["--model", "org/x"]`)."""
    analyzer = analyzer or ShellAnalyzer()
    tokens = [Token(_shell_quote(value), offset) for value, offset in argv]
    return list(analyzer.command(tokens))


def _shell_quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'" if value else "''"


def _unquote(raw: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(raw):
        char = raw[i]
        if char == "'":
            end = raw.find("'", i + 1)
            end = len(raw) if end < 0 else end
            out.append(raw[i + 1:end])
            i = end + 1
        elif char == '"':
            i += 1
            while i < len(raw) and raw[i] != '"':
                if raw[i] == "\\" and i + 1 < len(raw) and raw[i + 1] in '"\\$`':
                    i += 1
                out.append(raw[i])
                i += 1
            i += 1
        elif char == "\\" and i + 1 < len(raw):
            out.append(raw[i + 1])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _first_positional(tokens: list[Token], start: int) -> Token | None:
    index = start
    while index < len(tokens):
        value = tokens[index].value
        if value.startswith("-"):
            index += 2 if value in _CLI_VALUE_FLAGS else 1
            continue
        return tokens[index]
    return None


def _flag_value(values: Sequence[str], flag: str) -> str | None:
    for index, value in enumerate(values):
        if value == flag and index + 1 < len(values):
            return values[index + 1]
        if value.startswith(flag + "="):
            return value[len(flag) + 1:]
    return None


_SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh", ".mk", ".dockerfile", ".containerfile", ".env")
_SHELL_NAMES = {"makefile", "gnumakefile", "dockerfile", "containerfile", ".env", "justfile", "procfile"}


class ShellDetector(Detector):
    name = "shell"
    header_bytes = 0
    triggers: tuple[bytes, ...] = (
        b"model", b"MODEL", b"Model", b"dataset", b"DATASET", b"download", b"serve", b"ollama", b"huggingface",
        b"hf.co", b"-hf", b"output_dir", b"upload", b"--hf",
    )

    def accepts(self, relpath: str) -> bool:
        name = relpath.rsplit("/", 1)[-1].lower()
        return (name in _SHELL_NAMES or name.endswith(_SHELL_SUFFIXES) or name.startswith(("dockerfile.",
                                                                                          ".env.")))

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        text = source.text
        return [
            Reference(found.target, found.kind, source.location(offset), found.via, found.revision, found.role)
            for offset, found in command_references(text)
        ]


def reference_at(found: Found, location: Location) -> Reference:
    return Reference(found.target, found.kind, location, found.via, found.revision, found.role)


DETECTOR = ShellDetector()
