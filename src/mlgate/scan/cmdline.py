"""Reading one command line: which of its words name a model, adapter or data set.

Callers hand over the words of one command, already unquoted (`read_words`), an argument
vector (`argv_references`, for `subprocess.run([...])` and exec-form lists), or a command
string (`command_line_references`, for `cmd = "deepspeed train.py --model_name_or_path x"`).
The shell detector adds variables, loops and files on top of `read_words`.

Recognised:
  --flag value, --flag=value, --flag v1 v2     the flag's name says model/data set (`names`)
  --mixer_list org/a 1.0 org/b 0.5, --openai_engine gpt-4   data-set mixers, API engines (`flagnames`)
  key=value, a.b.key=value, k=v,k=v           Hydra/torchtune overrides, lm-eval `--model_args`
  huggingface-cli / hf download|upload X, vllm serve X, ollama pull|run|create X, tune download X,
  litgpt download|finetune|chat|serve|... X, lmdeploy serve api_server X, llama.cpp -hf X,
  vLLM --lora-modules name=X, and huggingface.co URLs given to git, wget, curl.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from mlgate.model import Kind, Role
from mlgate.scan.configkeys import KeyRule, key_rule, value_target
from mlgate.scan.flagnames import ENGINE_RULE, is_engine, is_mixer, is_weight, mixer_rule
from mlgate.scan.found import Found
from mlgate.scan.hubpath import hub_path_revision
from mlgate.scan.names import HOW_NAMES
from mlgate.scan.placeholders import placeholder_target
from mlgate.scan.requestbody import body_models
from mlgate.targets import hub_id_from_url, is_api_model, is_placeholder, ollama_target

_TOKEN = re.compile(
    r"""(?P<cont>\\\r?\n)
      | (?P<comment>(?:(?<=[\s;&|(])|^)\#[^\n]*)
      | (?P<array>[A-Za-z_][A-Za-z0-9_]*\+?=\((?:[^()'"\\]|\\.|'[^']*'|"(?:[^"\\]|\\.)*"){0,4000}\))
      | (?P<sep>\r?\n|;;?|&&|\|\||[|&()])
      | (?P<word>(?:[^\s'"\\;&|()`$]|\\.|'[^']*'|"(?:[^"\\]|\\.)*"|`[^`]*`|\$\((?:[^()]|\([^()]*\))*\)
                  |\$\{[^}$]*\}|\$)+)
      | (?P<space>[ \t]+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)
_HUB_CLI = {"huggingface-cli", "hf"}
_URL_PROGRAMS = {"git", "wget", "curl", "aria2c", "axel"}
# Programs whose first positional argument after the verb is a Hub id.
_POSITIONAL_VERBS: dict[str, frozenset[str]] = {
    "vllm": frozenset({"serve"}),
    "tune": frozenset({"download"}),
    "litgpt": frozenset({"download", "finetune", "finetune_lora", "finetune_full", "finetune_adapter", "chat",
                         "serve", "generate", "evaluate", "pretrain", "convert_to_litgpt", "benchmark"}),
    "sglang": frozenset({"serve"}),
}
_LLAMA_CPP_REPO_FLAGS = {"-hf", "--hf-repo", "-hfr", "--hf_repo", "-hfd", "--hf-repo-draft"}
_CLI_VALUE_FLAGS = {"--repo-type", "--revision", "--local-dir", "--cache-dir", "--token", "--max-workers",
                    "--local-dir-use-symlinks", "--include", "--exclude", "--output-dir", "--access-token"}
# `--model_args pretrained=X,peft=Y`: lm-eval's keys, the rest read through `names`.
MODEL_ARGS_KEYS = frozenset({"model_args", "model-args"})  # the key or keyword that holds such a string
MODEL_ARGS_RULES = {"pretrained": KeyRule(), "model": KeyRule(), "tokenizer": KeyRule(),
                    "peft": KeyRule(Kind.ADAPTER), "base_model": KeyRule()}
_OVERRIDE = re.compile(r"^\+{0,2}(?P<key>[A-Za-z_][\w.-]*)=")
_PROGRAM_SEARCH = 4  # the program may follow launchers: `uv run hf download`, `sudo -E vllm serve`


@dataclass(frozen=True)
class Word:
    """One word of a command: its unquoted value and where it starts in the caller's text."""

    value: str
    offset: int = 0


@dataclass(frozen=True)
class CommandHit:
    """A target found in word `index`, starting `start` characters into that word's value."""

    index: int
    start: int
    found: Found


def split_commands(text: str, base: int = 0) -> Iterator[list[tuple[str, int]]]:
    """Commands of shell `text` as (raw word, offset + `base`); continuations joined, comments dropped."""
    command: list[tuple[str, int]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word" or kind == "array":  # `MODELS=(org/a org/b)` is one word
            command.append((match.group(), base + match.start()))
        elif kind == "sep":
            if command:
                yield command
            command = []
    if command:
        yield command


def unquote(raw: str) -> str:
    """The value of a shell word: quotes removed, backslash escapes applied (no expansion)."""
    if "'" not in raw and '"' not in raw and "\\" not in raw:
        return raw  # most words: nothing to remove
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


def command_line_references(text: str, base: int = 0) -> list[tuple[int, Found]]:
    """References in a command string, at offsets of `text` (+ `base`); `$VARIABLES` are not expanded."""
    out: list[tuple[int, Found]] = []
    for command in split_commands(text, base):
        words = [Word(unquote(raw), offset + (1 if raw[:1] in "'\"" else 0)) for raw, offset in command]
        out.extend((words[hit.index].offset + hit.start, hit.found) for hit in read_words(words))
    return out


def argv_references(argv: Sequence[str]) -> list[CommandHit]:
    """References in an argument vector (`["vllm", "serve", "org/x"]`): word index and start in it."""
    return list(read_words([Word(value) for value in argv]))


def read_words(words: Sequence[Word], via_prefix: str = "") -> Iterator[CommandHit]:
    """Every target the words of one command name (a flag's value, an override, a known program's id)."""
    values = [w.value for w in words]
    index = 1 if values and not values[0].startswith("-") else 0  # the program's own name is no flag value
    while index < len(words):
        value = values[index]
        flag, equals, inline = value.partition("=")
        if value.startswith("-") and len(flag) > 1:
            taken = 0
            if equals and inline:
                hits = list(_flag(flag, inline, values, via_prefix))
                yield from (CommandHit(index, len(flag) + 1 + start, found) for start, found in hits)
            elif index + 1 < len(words) and values[index + 1] and not values[index + 1].startswith("-"):
                hits = list(_flag(flag, values[index + 1], values, via_prefix))
                yield from (CommandHit(index + 1, start, found) for start, found in hits)
                # (also after a first value that names nothing, for data sets: DeepSpeed-Chat's
                # `--data_path mkqa-Japanese org/a org/b`, its own alias first; not after a `$VAR`,
                # which may hold the value itself: `--model_path $CKPT scripts/eval` is an argument)
                first = values[index + 1]
                more = (list(_more_values(flag, values, index + 2, via_prefix))
                        if hits or (_takes_data_sets(flag) and "$" not in first and "{" not in first) else [])
                yield from more
                taken = 1 + len(more) if hits or more else 0
            index += 1 + taken
            continue
        if equals and index > 0:
            yield from (CommandHit(index, start, found) for start, found in _assignments(value, via_prefix))
        index += 1
    yield from _programs(words, values, via_prefix)


def _takes_data_sets(flag: str) -> bool:
    rule = _flag_rule(flag)
    return rule is not None and rule.kind is Kind.DATASET


def _more_values(flag: str, values: list[str], start: int, via_prefix: str) -> Iterator[CommandHit]:
    """ms-swift's `--dataset org/a org/b#500`: further words that are unmistakable ids under the same flag."""
    rule = _flag_rule(flag)
    if rule is None:
        return
    strict = replace(rule, strict=True, local=False)
    mixer = is_mixer(flag)  # `--mixer_list org/a 1.0 org/b 0.5`: a weight between ids does not end the list
    index = start
    while index < len(values) and values[index] and not values[index].startswith("-"):
        if mixer and is_weight(values[index]):
            index += 1
            continue
        at, value = _named(values[index]) if rule.kind is Kind.ADAPTER else (0, values[index])
        found = found_for(value, strict, f"{via_prefix}{flag}")
        if found is None or found.kind is Kind.LOCAL_PATH:
            return
        yield CommandHit(index, at, found)
        index += 1


_ADAPTER_NAME = re.compile(r"^[A-Za-z_][\w.-]{0,63}=")


def _named(value: str) -> tuple[int, str]:
    """vLLM's `--lora-modules sql=org/x`, ms-swift's `--adapters lora1=org/x`: (where the path starts, path)."""
    match = _ADAPTER_NAME.match(value)
    return (match.end(), value[match.end():]) if match else (0, value)


def _flag_rule(flag: str) -> KeyRule | None:
    """What a flag's value names: vLLM's `--lora-modules name=path` are adapters, whatever the key words say.
    In a dotted config path a last part that only says how (`--dataset.name=dolci-sft`, OLMo-core) is a
    field of that section, which may name a preset: only an unmistakable id counts there."""
    if flag in {"--lora-modules", "--lora_modules"}:
        return KeyRule(Kind.ADAPTER)
    name = flag.lstrip("-")
    rule = key_rule(name)
    if rule is not None and "." in name and name.rsplit(".", 1)[1].lower() in HOW_NAMES:
        return replace(rule, strict=True)
    return rule or mixer_rule(name) or (ENGINE_RULE if is_engine(name) else None)


def _flag(flag: str, value: str, values: Sequence[str], via_prefix: str) -> Iterator[tuple[int, Found]]:
    """What the value of `flag` names: (start of the target in `value`, found)."""
    via = f"{via_prefix}{flag}"
    start = 0
    if flag in _LLAMA_CPP_REPO_FLAGS:
        found = found_for(value.split(":", 1)[0], KeyRule(), via)
    elif flag in {"--model_args", "--model-args"}:
        yield from model_args_references(value, via)
        return
    else:
        rule = _flag_rule(flag)
        if rule is not None and rule.kind is Kind.ADAPTER:
            start, value = _named(value)
        found = found_for(value, rule, via, revision=flag_value(values, "--revision")) if rule else None
        if found is not None and rule is ENGINE_RULE and not is_api_model(value.strip()):
            found = None  # `--engine org/x` is no OpenAI engine: only API model names count there
    if found is not None:
        yield start, found


def model_args_references(value: str, via: str) -> list[tuple[int, Found]]:
    """lm-eval / lighteval `pretrained=org/x,peft=org/y,dtype=float16`: (start in `value`, found)."""
    out = []
    start = 0
    for pair in value.split(","):
        key, equals, item = pair.partition("=")
        name = key.strip()
        rule = MODEL_ARGS_RULES.get(name) or key_rule(name) if equals else None
        found = found_for(item, rule, f"{via} {name}=".lstrip()) if rule is not None else None
        if found is not None:
            out.append((start + len(key) + 1 + (len(item) - len(item.lstrip())), found))
        start += len(pair) + 1
    return out


def _assignments(word: str, via_prefix: str) -> Iterator[tuple[int, Found]]:
    """`model.path=org/x` (Hydra, torchtune, verl overrides) and `k=v,k=v` (lighteval model args)."""
    match = _OVERRIDE.match(word)
    if match is None:
        return
    if "," in word:
        yield from model_args_references(word, via_prefix.rstrip())
        return
    key = match.group("key")
    rule = _dotted_rule(key)
    found = found_for(word[match.end():], rule, f"{via_prefix}{key}=") if rule is not None else None
    if found is not None:
        yield match.end(), found


def _dotted_rule(key: str) -> KeyRule | None:
    """`checkpointer.checkpoint_dir` by its last part; `model.path` by its last two (`model_path`)."""
    parts = key.split(".")
    rule = key_rule(parts[-1])
    if rule is None and len(parts) > 1:
        rule = key_rule(f"{parts[-2]}_{parts[-1]}")
        return replace(rule, strict=True) if rule is not None else None
    return rule


def _programs(words: Sequence[Word], values: list[str], via_prefix: str) -> Iterator[CommandHit]:
    position = _program_position(values, 0)
    if position is None and "--" in values:  # `ray job submit ... -- vllm serve X`: the command after `--`
        position = _program_position(values, values.index("--") + 1)
    if position is None or position + 1 >= len(values):
        return
    program, verb = _basename(values[position]), values[position + 1]
    index = _first_positional(values, position + 2)
    if program in _URL_PROGRAMS:
        for at in range(position + 1, len(values)):
            hub = hub_id_from_url(values[at]) if "://" in values[at] else None
            if hub is not None:
                yield CommandHit(at, 0, Found(hub[0], hub[1], f"{via_prefix}{program} URL",
                                              revision=hub_path_revision(values[at])))
        if program == "curl":  # `curl .../v1/chat/completions -d '{"model": ...}'`
            for at, start, named in body_models(values[position:], f"{via_prefix}curl request body"):
                yield CommandHit(position + at, start, named)
        return
    if index is None:
        return
    repo = values[index]
    found: Found | None = None
    if program in _HUB_CLI and verb in {"download", "upload", "upload-large-folder"}:
        repo_type = flag_value(values, "--repo-type")
        kind = Kind.DATASET if repo_type == "dataset" else Kind.MODEL
        role = Role.OUTPUT if verb.startswith("upload") else Role.INPUT
        if repo_type != "space":
            found = found_for(repo, KeyRule(kind, role), f"{via_prefix}{program} {verb}",
                              revision=flag_value(values, "--revision"))
    elif program == "ollama" and verb in {"pull", "run", "create", "push", "show", "cp"}:
        target = ollama_target(repo)
        role = Role.OUTPUT if verb in {"create", "push"} else Role.INPUT
        found = Found(target[0], target[1], f"{via_prefix}ollama {verb}", role) if target else None
    elif program == "lmdeploy" and verb == "serve" and repo == "api_server":
        index = _first_positional(values, index + 1)
        found = found_for(values[index], KeyRule(), f"{via_prefix}lmdeploy serve") if index is not None else None
    elif verb in _POSITIONAL_VERBS.get(program, ()):
        found = found_for(repo, KeyRule(), f"{via_prefix}{program} {verb}")
    if found is not None and index is not None:
        yield CommandHit(index, 0, found)


_KNOWN_PROGRAMS = frozenset({*_HUB_CLI, *_URL_PROGRAMS, *_POSITIONAL_VERBS, "ollama", "lmdeploy"})


def runs_known_program(values: Sequence[str]) -> bool:
    """Whether the command runs a program whose arguments `read_words` understands (`hf upload`, `vllm serve`)."""
    return _program_position(values, 0) is not None


def _program_position(values: Sequence[str], start: int) -> int | None:
    window = values[start:start + _PROGRAM_SEARCH]
    return next((start + i for i, v in enumerate(window) if _basename(v) in _KNOWN_PROGRAMS), None)


def _basename(value: str) -> str:
    return value.rsplit("/", 1)[-1]


def found_for(value: str, rule: KeyRule, via: str, revision: str | None = None) -> Found | None:
    """What `value` names under `rule` (a fill-in placeholder is marked); nothing for unexpanded variables."""
    fill_in = placeholder_target(value, rule)
    if fill_in is not None:
        return Found(fill_in[0], fill_in[1], via, rule.role, placeholder=True)
    if "$" in value or (is_placeholder(value.split(":", 1)[0]) and not rule.local):
        return None
    hit = value_target(value, rule)
    return Found(hit.target, hit.kind, via, rule.role, hit.revision or revision) if hit is not None else None


def _first_positional(values: Sequence[str], start: int) -> int | None:
    index = start
    while index < len(values):
        value = values[index]
        if value.startswith("-"):
            index += 2 if value in _CLI_VALUE_FLAGS else 1
            continue
        return index
    return None


def flag_value(values: Sequence[str], flag: str) -> str | None:
    for index, value in enumerate(values):
        if value == flag and index + 1 < len(values):
            return values[index + 1]
        if value.startswith(flag + "="):
            return value[len(flag) + 1:]
    return None
