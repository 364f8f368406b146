"""Loading policies: presets by name or files by path, validated against the JSON Schema.

A bad policy is a `ConfigError` naming the file, the line, the field and what was expected.
Validation imports jsonschema (slow to import), so a policy that validated once is remembered
by content hash in the cache and not validated again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from mlgate import __version__
from mlgate.errors import ConfigError, UsageError
from mlgate.model import Severity
from mlgate.policy.checks import error_path, explain, field_name, semantic_error
from mlgate.policy.suppressions import DEFAULT_MODE
from mlgate.policy_spec import Policy, Rule, Scope, Waiver

__all__ = ["PRESETS", "Policy", "Rule", "Scope", "Waiver", "load_policy", "preset_names", "schema_text"]

PRESETS = ("commercial", "internal", "research", "permissive-only")
MAX_EXTENDS_DEPTH = 8
# Part of the validation cache key: bump when the checks beyond the schema change.
VALIDATION_REVISION = "2"


class _Loader(yaml.SafeLoader):
    """YAML with YAML 1.2 scalars: no implicit timestamps (`expires: 2027-03-31` stays the string
    the schema checks) and only true/false as booleans (`severity: off` stays "off", not False)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


@dataclass(frozen=True)
class _Source:
    text: str
    origin: str  # what messages call it: the preset name or the path as given
    folder: Path  # where relative `extends:` and scope policies are looked up
    key: str  # identity for cycle detection
    path: Path | None = None  # absolute path of a policy file


def preset_names() -> list[str]:
    folder = resources.files("mlgate").joinpath("policies")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def schema_text() -> str:
    return resources.files("mlgate").joinpath("policies/policy.schema.json").read_text("utf-8")


def load_policy(spec: str, base: Path | None = None, memo: Path | None = None) -> Policy:
    """A preset name (`commercial`) or a path to a YAML file (relative to `base`).

    `memo`: the cache directory where policies that passed validation are remembered, so an
    unchanged policy is not validated again (None: validate every time)."""
    return _load(spec, base or Path.cwd(), chain=(), memo=memo)


def _load(spec: str, base: Path, chain: tuple[str, ...], memo: Path | None) -> Policy:
    source = _read(spec, base)
    if source.key in chain:
        raise UsageError(f"policy {spec}: 'extends' or 'scopes' loop back to {source.origin}")
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise UsageError(f"policy {spec}: policies nest deeper than {MAX_EXTENDS_DEPTH}")
    data = _parse(source.text, source.origin)
    if not source.key.startswith("preset:"):  # presets ship validated (tests/policy checks them)
        _validate(data, source.text, source.origin, memo)
    inner = (*chain, source.key)
    extends = data.get("extends")
    parent = _nested(extends, source, inner, ["extends"], memo) if extends else None
    name = data.get("name") or Path(source.origin).stem
    rules = tuple(_rule(r, name) for r in data.get("rules", []))
    scopes = tuple(_scope(s, i, source, inner, memo) for i, s in enumerate(data.get("scopes", [])))
    waivers = tuple(_waiver(w, i, source) for i, w in enumerate(data.get("waivers", [])))
    inline = data.get("inline_suppressions") or (parent.inline_suppressions if parent else DEFAULT_MODE.value)
    if parent is not None:
        # A child rule with the same id replaces the parent's (that is how to relax or
        # tighten a preset); other parent rules are inherited in order. Scopes and waivers
        # add up, the child's first (the first matching scope wins).
        own = {r.id for r in rules}
        rules = tuple(r for r in parent.rules if r.id not in own) + rules
        scopes += parent.scopes
        waivers += parent.waivers
    policy = Policy(name=name, origin=source.origin, rules=rules, description=data.get("description", ""),
                    scopes=scopes, waivers=waivers, path=source.path, inline_suppressions=inline)
    _check_waiver_rules(policy, data, source)
    return policy


def _nested(spec: str, source: _Source, chain: tuple[str, ...], path: list[Any], memo: Path | None) -> Policy:
    """Load a policy another one names; a missing file is reported where it is named."""
    try:
        return _load(spec, source.folder, chain, memo)
    except ConfigError:
        raise  # names its own file and line
    except UsageError as exc:
        raise ConfigError(source.origin, f"{field_name(path)}: {exc}", _line_of(source.text, path)) from None


def _rule(raw: dict[str, Any], policy_name: str) -> Rule:
    return Rule(
        id=raw["id"],
        severity=None if raw["severity"] == "off" else Severity(raw["severity"]),
        when=tuple(sorted((k, _freeze(v)) for k, v in raw["when"].items())),
        description=raw.get("description", ""),
        message=raw.get("message", ""),
        policy=policy_name,
        title=raw.get("title", ""),
        help=raw.get("help", ""),
    )


def _scope(raw: dict[str, Any], index: int, source: _Source, chain: tuple[str, ...], memo: Path | None) -> Scope:
    path: list[Any] = ["scopes", index, "policy"]
    policy = _nested(raw["policy"], source, chain, path, memo)
    if policy.scopes:
        raise ConfigError(source.origin, f"{field_name(path)}: {raw['policy']} declares scopes of its own;"
                          " expected a policy without scopes", _line_of(source.text, path))
    return Scope(paths=tuple(raw["paths"]), policy=policy)


def _waiver(raw: dict[str, Any], index: int, source: _Source) -> Waiver:
    line = _line_of(source.text, ["waivers", index])
    return Waiver(
        target=raw["target"],
        rule=raw["rule"],
        reason=raw["reason"].strip(),
        approved_by=raw["approved_by"].strip(),
        expires=date.fromisoformat(raw["expires"]) if raw.get("expires") else None,
        origin=f"{source.origin}:{line}" if line else source.origin,
    )


def _check_waiver_rules(policy: Policy, data: dict[str, Any], source: _Source) -> None:
    """A waiver naming a rule the policy does not have would silently waive nothing."""
    known = {r.id for r in policy.all_rules()}
    for index, raw in enumerate(data.get("waivers", [])):
        if raw["rule"] != "*" and raw["rule"] not in known:
            path = ["waivers", index, "rule"]
            raise ConfigError(
                source.origin,
                f"{field_name(path)}: no rule {raw['rule']!r} in policy {policy.name}; expected one of "
                f"{', '.join(sorted(known))} or '*'",
                _line_of(source.text, path),
            )


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def _read(spec: str, base: Path) -> _Source:
    looks_like_path = "/" in spec or "\\" in spec or spec.endswith((".yaml", ".yml", ".json"))
    if not looks_like_path:
        if spec in preset_names():
            text = resources.files("mlgate").joinpath(f"policies/{spec}.yaml").read_text("utf-8")
            return _Source(text, spec, base, f"preset:{spec}")
        raise UsageError(
            f"unknown policy preset {spec!r}: choose one of {', '.join(preset_names())},"
            " or give a path to a policy file"
        )
    path = Path(spec) if Path(spec).is_absolute() else base / spec
    if path.exists() and not path.is_file() and not path.is_dir():
        # Opening a FIFO or a device would block or never end: refuse before reading.
        raise UsageError(f"{spec}: not a regular file, expected a policy file")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{spec}: policy file not found") from None
    except IsADirectoryError:
        raise UsageError(f"{spec}: is a directory, expected a policy file") from None
    except OSError as exc:
        raise UsageError(f"{spec}: cannot read policy file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(spec, "policy file is not UTF-8 text") from None
    resolved = path.resolve()
    return _Source(text, str(spec), path.parent, str(resolved), resolved)


def _parse(text: str, origin: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError(origin, f"invalid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(origin, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise ConfigError(origin, "invalid YAML: nested too deeply") from None
    if not isinstance(data, dict):
        raise ConfigError(origin, "expected a mapping with 'version: 1' and 'rules'")
    return data


def _validate(data: dict[str, Any], text: str, origin: str, memo: Path | None) -> None:
    from mlgate.paths import remember_valid, validated_marker

    schema = schema_text()
    key = f"{__version__}\0{VALIDATION_REVISION}\0{schema}\0{text}"
    marker = validated_marker(memo, "validated", key) if memo is not None else None
    if marker is not None and marker.exists():
        return
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(schema))
    errors = list(validator.iter_errors(data))
    if errors:
        error = jsonschema.exceptions.best_match(errors) or errors[0]
        where = list(error.absolute_path)
        raise ConfigError(origin, f"{field_name(where)}: {explain(error)}", _line_of(text, error_path(error)))
    problem = semantic_error(data)
    if problem is not None:
        path, message = problem
        raise ConfigError(origin, f"{field_name(path)}: {message}", _line_of(text, path))
    if marker is not None:
        remember_valid(marker)


def _line_of(text: str, path: list[Any]) -> int | None:
    """The 1-based line of the node at `path` in the YAML text (best effort)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                break
            line = match.start_mark.line + 1
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line
