"""Config detector: YAML and JSON training, serving and CI configs, with true value lines.

YAML is read with PyYAML's safe *composer*: it builds nodes with line marks but constructs
no objects (custom tags stay inert, aliases are shared nodes, so an alias bomb costs its
size, not its expansion). JSON is read with `jsonpos`, which keeps every string's offset.

Recognised: the keys of `configkeys` (`model_name_or_path`, `base_model`, `dataset_name`,
`output_dir`, ...), model-ish environment variables (`MODEL_ID: org/x`), data set lists
(`datasets: [{path: org/x}]`, `dataset_mixer: {org/x: 0.5}`), and shell commands in CI and
compose files (`run:`, `script:`, `command:`), which go through the shell detector. Generic
keys (`model`, `dataset`) are ignored in documents that are clearly about something else
(Kubernetes manifests, compose files, JSON Schemas, package manifests, CI workflows).
A YAML value that is an OmegaConf `${path}` is read as the literal it names (`interpolation`),
reported at the `$` with that literal as origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import yaml

from mlgate.model import Kind, Reference, Role
from mlgate.scan.base import Detector, ScanOptions, SkipFile, SourceFile
from mlgate.scan.cmdline import MODEL_ARGS_KEYS, model_args_references
from mlgate.scan.configkeys import DATASET_ITEM_KEYS, DATASET_LISTS, KeyRule, env_rule, value_target
from mlgate.scan.detectors.configrecipes import (
    child_rule,
    config_key_rule,
    data_block_rule,
    family_named,
    list_item_rule,
    registry_api_model,
    split_data_rule,
)
from mlgate.scan.detectors.configtree import JsonTree, Scalar, Tree, YamlTree
from mlgate.scan.detectors.jsonpos import parse as parse_json
from mlgate.scan.detectors.jsonpos import without_jsonc
from mlgate.scan.detectors.modellists import cost_map_models, listed_model, lists_models, names_listed_model
from mlgate.scan.detectors.shell import ShellAnalyzer, argv_references, command_references, located
from mlgate.scan.found import Found
from mlgate.scan.hubpath import pretrained_scheme_id
from mlgate.scan.placeholders import placeholder_target
from mlgate.targets import looks_like_hub_url
from mlgate.yamlsafe import safe_loader

_MAX_NODES = 500_000
# (`arguments`: Beaker's task spec, `command: ["/bin/sh", "-c"]` with the script in `arguments`)
_SHELL_TEXT_KEYS = frozenset({"run", "script", "before_script", "after_script", "commands", "cmd", "bash", "sh",
                              "command", "entrypoint", "args", "inline", "arguments"})
_ARGV_KEYS = frozenset({"command", "entrypoint", "args", "cmd"})
_ENV_BLOCKS = frozenset({"env", "environment", "variables"})
# Sections about logs, trackers and results: an `output_dir` there is where results go, not weights.
_RESULT_SECTIONS = frozenset({"logging", "logger", "loggers", "log", "tracking", "tracker", "wandb", "tensorboard",
                              "results", "evaluation_tracker", "metrics", "report"})
_UNRELATED_FILES = frozenset({
    "package.json", "package-lock.json", "tsconfig.json", "jsconfig.json", "composer.json", ".pre-commit-config.yaml",
    "mkdocs.yml", "mkdocs.yaml", "environment.yml", "environment.yaml", "pnpm-lock.yaml", "chart.yaml",
    "citation.cff", "dependabot.yml", ".eslintrc.json", "renovate.json", "codecov.yml", ".readthedocs.yaml",
    "docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml", "tokenizer.json",
    "tokenizer_config.json", "vocab.json", "special_tokens_map.json", "generation_config.json",
})
# Model and tokenizer files that ship inside model directories: large, and never configs.
_SKIP_FILES = frozenset({"tokenizer.json", "vocab.json", "merges.txt", "special_tokens_map.json"})


class ConfigDetector(Detector):
    name = "config"
    header_bytes = 0
    triggers: tuple[bytes, ...] = (
        b"odel", b"ataset", b"MODEL", b"DATASET", b"run", b"script", b"command", b"output_dir", b"tokenizer",
        b"TOKENIZER", b"entrypoint", b"adapter", b"lora", b"llm", b"cmd",
        # names that say model or data set without those words (see `names`); few, so data files stay unparsed
        b"hub_url", b"tower", b"ckpt", b"heckpoint", b"ncoder", b"rocessor", b"peft", b"data_path", b"hf_path",
        b"repo_id", b"train_files", b"val_files", b"pretrained_weight",
    )

    def accepts(self, relpath: str) -> bool:
        name = relpath.rsplit("/", 1)[-1].lower()
        # `_default_template_yaml`, `xnli_common_yaml`: lm-eval names included task templates without
        # an extension so that its task loader does not take them for tasks; they are YAML all the same.
        return name.endswith((".yaml", ".yml", ".json", "_yaml", "_yml")) and name not in _SKIP_FILES

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        if source.suffix == ".json":
            try:
                root = parse_json(source.text)
            except ValueError as exc:
                try:  # JSONC: `//` comment lines and trailing commas (aider's `model-metadata.json`)
                    if "//" not in source.text:
                        raise
                    root = parse_json(without_jsonc(source.text))
                except ValueError:  # a template: read key/value lines, or tell the user.
                    return _tolerant(source, f"not valid JSON ({_first_line(exc)})")
            documents: list[object] = [root]
            tree: Tree = JsonTree(source.text)
        else:
            try:
                loader = safe_loader(source.text)  # libyaml would crash on deep nesting
                documents = [d for d in yaml.compose_all(source.text, Loader=loader) if d is not None]
            except yaml.MarkedYAMLError as exc:
                where = f" at line {exc.problem_mark.line + 1}" if exc.problem_mark else ""
                return _tolerant(source, f"not valid YAML ({exc.problem or 'parse error'}{where})")
            except (yaml.YAMLError, RecursionError) as exc:
                return _tolerant(source, f"not valid YAML ({type(exc).__name__})")
            tree = YamlTree(source.text)
        refs: list[Reference] = []
        name = source.name.lower()
        for document in documents:
            # A JSON file whose root is a list is data (records, results): its `model_name` fields are values.
            unrelated = (name in _UNRELATED_FILES or name.endswith(".schema.json") or _unrelated(tree, document)
                         or (source.suffix == ".json" and tree.items(document) is not None))
            walker = _Walker(tree, unrelated, model_list=not unrelated and lists_models(name))
            refs.extend(located(walker.walk(document), walker.shell, source.location))
            if source.suffix == ".json" and not unrelated:
                refs.extend(located(cost_map_models(tree, document), walker.shell, source.location))
        return refs


# `key: value` / `"key": "value"` on one line, for files the parser rejects (Helm and Jinja
# templates, JSON with comments). Only specific keys: without structure, generic ones mislead.
_LINE_PAIR = re.compile(
    r"""^[ \t]*(?:-[ \t]+)?["']?(?P<key>[A-Za-z_][\w.-]*)["']?[ \t]*:[ \t]*"""
    r"""(?P<quote>["']?)(?P<value>[^\s"'#{}\[\],]+)(?P=quote)[ \t]*,?[ \t]*(?:\#.*|//.*)?$""",
    re.MULTILINE,
)


def _tolerant(source: SourceFile, reason: str) -> list[Reference]:
    """References on `key: value` lines of a file that does not parse; none: skipped, with why."""
    refs = []
    for match in _LINE_PAIR.finditer(source.text):
        rule = config_key_rule(match.group("key"))
        if rule is None or rule.strict:
            continue
        hit = value_target(match.group("value"), rule)
        if hit is not None:
            refs.append(Reference(hit.target, hit.kind, source.location(match.start("value")), match.group("key"),
                                  hit.revision, role=rule.role))
    if not refs:
        raise SkipFile(reason)
    return refs


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _unrelated(tree: Tree, document: object) -> bool:
    """Whether a document is clearly not an ML config (so generic keys mean something else)."""
    pairs = tree.pairs(document) or []
    keys = {k for k, _, _ in pairs if k is not None}
    if {"apiVersion", "kind"} <= keys or keys & {"openapi", "swagger", "$schema", "compilerOptions", "cff-version"}:
        return True
    if "jobs" in keys and ("on" in keys or "name" in keys or "stages" in keys):
        return True
    if "services" in keys and ("version" in keys or "volumes" in keys or "networks" in keys):
        return True
    return bool(keys & {"dependencies", "devDependencies", "peerDependencies"} and "name" in keys)


def _hydra_choices(tree: Tree, root: object) -> set[int]:
    """The entries of a Hydra defaults list (a `defaults:` list at the root): `- /model: lm/audiogen_lm`,
    `- override /dset: audio/default` choose a config file of a group, they name no model."""
    values = [value for key, _, value in tree.pairs(root) or [] if key == "defaults"]
    return {id(item) for value in values for item in tree.items(value) or []}


class _Walker:
    def __init__(self, tree: Tree, unrelated: bool, *, model_list: bool = False) -> None:
        self.tree = tree
        self.unrelated = unrelated
        self.model_list = model_list  # a file that lists models (`modellists`)
        self.shell = ShellAnalyzer()
        self.root: object = None
        # The nearest two keys above a node (a list's items: the list's), innermost first.
        self.above: dict[int, tuple[str, ...]] = {}

    def walk(self, root: object) -> Iterator[tuple[int, Found]]:
        self.root = root
        # Environment first (`env:` blocks, `MODEL_ID: x`, compose `- MODEL_ID=x`): commands in
        # the document expand them, and those no command reads are reported where they are set.
        for node in self._nodes(root):
            for key, _, value in self.tree.pairs(node) or []:
                if key is not None:
                    self._environment(key, value)
        results: set[int] = set()  # mappings under a results section
        choices = _hydra_choices(self.tree, root)
        for node in self._nodes(root):
            pairs = (self.tree.pairs(node) or []) if id(node) not in choices else []
            # lm-eval task files: beside `dataset_path`, or in a task that `include`s the file giving
            # it (`include: arc_easy.yaml`, `task: arc_challenge`), `dataset_name` is the subset
            keys = {key for key, _, _ in pairs}
            beside_path, included = "dataset_path" in keys, {"include", "task"} <= keys
            above = self.above.get(id(node), ())
            for key, key_offset, value in pairs:
                if key is not None and key.lower() in _RESULT_SECTIONS:
                    results.add(id(value))
                if key is not None and not (key == "dataset_name" and self._subset(value, beside_path, included)):
                    hits = self._pair(key, key_offset, value, above)
                    yield from (hit for hit in hits if not (id(node) in results and hit[1].role is Role.OUTPUT))
        yield from self.shell.unconsumed_environment()

    def _subset(self, value: object, beside_path: bool, included: bool) -> bool:
        """Whether a `dataset_name` is an lm-eval subset. Only the task's keys say so when it includes
        its `dataset_path`; then an `org/name` (never a subset's shape) is a training config's data set."""
        scalar = self.tree.scalar(value)
        return beside_path or (included and scalar is not None and "/" not in scalar.value)

    def _nodes(self, root: object) -> Iterator[object]:
        """Every node once, in document order (aliases are shared nodes: visited once)."""
        tree = self.tree
        seen: set[int] = set()
        stack: list[object] = [root]
        budget = _MAX_NODES
        while stack and budget > 0:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            budget -= 1
            yield node
            pairs = tree.pairs(node)
            above = self.above.get(id(node), ())
            if pairs is not None:
                children = [v for _, _, v in pairs]
                for key, _, child in pairs:
                    self.above.setdefault(id(child), (key, *above[:1]) if key is not None else above)
            else:
                children = tree.items(node) or []
                for item in children:
                    self.above.setdefault(id(item), above)
            stack.extend(reversed(children))

    def _environment(self, key: str, value: object) -> None:
        tree, variables = self.tree, self.shell.variables
        scalar = tree.scalar(value)
        if scalar is not None and key.isupper() and env_rule(key) is not None:
            variables[key] = (scalar.value, scalar.offset)
        if key.lower() not in _ENV_BLOCKS:
            return
        for name, _, item in tree.pairs(value) or []:
            item_scalar = tree.scalar(item)
            if name is not None and item_scalar is not None:
                variables[name] = (item_scalar.value, item_scalar.offset)
        for item in tree.items(value) or []:
            env = tree.scalar(item)
            if env is not None and "=" in env.value:
                name, _, text = env.value.partition("=")
                quote = 1 if env.shell_base > env.offset else 0  # quoted YAML scalar or JSON string
                variables[name.strip()] = (text, env.offset + quote + len(name) + 1)

    def _pair(self, key: str, key_offset: int, value: object, above: tuple[str, ...]) -> Iterator[tuple[int, Found]]:
        tree = self.tree
        lowered = key.lower()
        scalar = tree.scalar(value)
        if lowered in _SHELL_TEXT_KEYS:
            yield from self._shell(lowered, value, scalar)
        elif scalar is not None and lowered in MODEL_ARGS_KEYS:  # lm-eval `pretrained=org/x,peft=org/y`
            yield from ((scalar.shell_base + start, found) for start, found in model_args_references(scalar.value, key))
        elif scalar is not None and not self.unrelated and (hub := pretrained_scheme_id(scalar.value)) is not None:
            yield scalar.offset, Found(hub, Kind.MODEL, key)  # audiocraft's `//pretrained/org/x`, whatever the key
        elif scalar is not None:
            rule = config_key_rule(key) if not (key.isupper() and env_rule(key)) else None
            if rule is not None and not (rule.strict and self.unrelated):
                yield from self._found(scalar, data_block_rule(rule, key, above), key)
            elif rule is None and not self.unrelated and looks_like_hub_url(scalar.value):
                # a Hub model or data set page under any key (`link: https://huggingface.co/org/x`): the URL
                # alone names it, as a Hub URL anywhere in code does (docs, blog and Spaces pages do not)
                yield from _found_in(scalar, _HUB_URL_RULE, key)
            elif rule is None and self.model_list and names_listed_model(key):
                listed = listed_model(scalar.value)  # `- name: gpt-4o` / `weak_model_name: gpt-4o-mini`
                if listed is not None:
                    yield scalar.offset, Found(listed[0], listed[1], key)
        elif lowered in DATASET_LISTS and not self.unrelated:
            yield from self._datasets(lowered, value)
        elif not self.unrelated:
            yield from self._named_children(key, value)

    def _named_children(self, key: str, value: object) -> Iterator[tuple[int, Found]]:
        """`tokenizer: {path: x}` (read as `tokenizer_path`) and `models: [org/a, org/b]`."""
        tree = self.tree
        pairs = tree.pairs(value)
        if pairs is not None:
            siblings = {child for child, _, _ in pairs}
            names = [tree.scalar(v) for c, _, v in pairs if c == "name"]
            registry = names[0].value if names and names[0] is not None else None  # `model: {name: openai_chat}`
            for child, _, child_value in pairs:
                child_scalar = tree.scalar(child_value)
                api = (registry_api_model(key, registry, child, child_scalar.value)
                       if registry is not None and child is not None and child_scalar is not None else None)
                if api is not None and child_scalar is not None:  # llm-foundry's `{name: openai_chat, version: x}`
                    yield child_scalar.offset, Found(api, Kind.API_MODEL, f"{key}.{child}")
                    continue
                rule = child_rule(key, child) if child is not None and child_scalar is not None else None
                if rule is None and child is not None and child_scalar is not None and family_named(key, child,
                                                                                                     child_scalar.value):
                    yield child_scalar.offset, Found(child_scalar.value.strip(), Kind.MODEL, f"{key}.{child}")
                    continue
                if rule is not None and child is not None and child_scalar is not None:
                    rule = split_data_rule(rule, child, siblings, child_scalar.value)
                    yield from self._found(child_scalar, rule, f"{key}.{child}")
            return
        item_rule = list_item_rule(key)
        if item_rule is None:
            return
        for item in tree.items(value) or []:
            item_scalar = tree.scalar(item)
            if item_scalar is not None:
                yield from self._found(item_scalar, item_rule, key)

    def _datasets(self, key: str, value: object) -> Iterator[tuple[int, Found]]:
        tree = self.tree
        rule = KeyRule(Kind.DATASET)
        mixer_rule = KeyRule(Kind.DATASET, strict=True)  # keys of a mapping: `org/name` only, not `train:`
        for name, offset, _weight in tree.pairs(value) or []:  # dataset_mixer: {org/x: 0.5}
            hit = value_target(name, mixer_rule) if name is not None else None
            if hit is not None:
                yield offset, Found(hit.target, hit.kind, key, revision=hit.revision)
        for item in tree.items(value) or []:
            scalar = tree.scalar(item)
            if scalar is not None:
                yield from self._found(scalar, rule, key)
                continue
            for item_key, _, item_value in tree.pairs(item) or []:
                item_scalar = tree.scalar(item_value)
                if item_key is not None and item_key.lower() in DATASET_ITEM_KEYS and item_scalar is not None:
                    yield from self._found(item_scalar, rule, f"{key}[].{item_key}")

    def _found(self, scalar: Scalar, rule: KeyRule, via: str) -> Iterator[tuple[int, Found]]:
        """What `scalar` names under `rule`; an OmegaConf `${path}` by the literal it refers to, reported
        at the `$` with the literal as origin (an output folder's is left alone: no weights there)."""
        referred = None if rule.local else self.tree.referred(self.root, scalar)
        if referred is None:
            yield from _found_in(scalar, rule, via)
            return
        literal, at = referred
        for _, found in _found_in(literal, rule, via):
            self.shell.origins[(at, found.target)] = literal.offset
            yield at, found

    def _shell(self, key: str, value: object, scalar: Scalar | None) -> Iterator[tuple[int, Found]]:
        tree = self.tree
        if scalar is not None:
            yield from command_references(scalar.shell_text, scalar.shell_base, self.shell, environment=False)
            return
        items = tree.items(value)
        if items is None:
            return
        scalars = [s for s in (tree.scalar(i) for i in items) if s is not None]
        # `arguments: ["--model", "org/x"]` is an argument vector; `arguments: ["vllm serve org/x"]` a script
        if key in _ARGV_KEYS or (key == "arguments" and not any(" " in s.value for s in scalars)):
            yield from argv_references([(s.value, s.offset) for s in scalars], self.shell)
        else:
            for item in scalars:
                yield from command_references(item.shell_text, item.shell_base, self.shell, environment=False)


_HUB_URL_RULE = KeyRule(Kind.MODEL, strict=True)  # (a data set's URL says so itself)


def _found_in(scalar: Scalar, rule: KeyRule, via: str) -> Iterator[tuple[int, Found]]:
    fill_in = placeholder_target(scalar.value, rule)  # `HF_USERNAME/x` is shaped like an id: ask first
    if fill_in is not None:
        yield scalar.offset, Found(fill_in[0], fill_in[1], via, rule.role, placeholder=True)
    elif (hit := value_target(scalar.value, rule)) is not None:
        yield scalar.offset, Found(hit.target, hit.kind, via, rule.role, hit.revision)
    elif "+" in scalar.value and " " not in scalar.value.strip():
        yield from _joined(scalar, rule, via)


def _joined(scalar: Scalar, rule: KeyRule, via: str) -> Iterator[tuple[int, Found]]:
    """Hub ids joined with `+` (parler-tts and distil-whisper's `train_dataset_name:
    "blabble-io/libritts_r+parler-tts/mls_eng_10k"`, split by the training script): each where it is
    written, when every part is an `org/name` id (anything else is not such a list)."""
    text, base = scalar.value, scalar.shell_base
    parts: list[tuple[int, str]] = []
    start = 0
    for part in text.split("+"):
        parts.append((start, part))
        start += len(part) + 1
    hits = [(at, hit) for at, part in parts if "/" in part and (hit := value_target(part, rule)) is not None]
    if len(hits) < 2 or len(hits) != len(parts):
        return  # (a part that names nothing: not such a list)
    for at, hit in hits:
        yield base + at, Found(hit.target, hit.kind, via, rule.role, hit.revision)


DETECTOR = ConfigDetector()
