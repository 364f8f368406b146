"""Loading policies: presets by name or files by path, validated against the JSON Schema.

A bad policy is a `ConfigError` naming the file, the line, the field and what was expected.
Validation imports jsonschema (slow to import), so a policy that validated once is remembered
by content hash in the cache and not validated again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from mlgate import __version__
from mlgate.errors import ConfigError, UsageError
from mlgate.model import Severity
from mlgate.paths import cache_dir

PRESETS = ("commercial", "internal", "research", "permissive-only")
MAX_EXTENDS_DEPTH = 8


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity | None  # None: switched off ("off")
    when: tuple[tuple[str, Any], ...]
    description: str = ""
    message: str = ""
    policy: str = ""  # the name of the policy that defined it

    @property
    def conditions(self) -> dict[str, Any]:
        return dict(self.when)


@dataclass(frozen=True)
class Policy:
    name: str
    origin: str  # preset name or file path
    rules: tuple[Rule, ...]
    description: str = ""


def preset_names() -> list[str]:
    folder = resources.files("mlgate").joinpath("policies")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def schema_text() -> str:
    return resources.files("mlgate").joinpath("policies/policy.schema.json").read_text("utf-8")


def load_policy(spec: str, base: Path | None = None) -> Policy:
    """A preset name (`commercial`) or a path to a YAML file."""
    return _load(spec, base or Path.cwd(), depth=0)


def _load(spec: str, base: Path, depth: int) -> Policy:
    if depth > MAX_EXTENDS_DEPTH:
        raise UsageError(f"policy {spec}: 'extends' chain deeper than {MAX_EXTENDS_DEPTH} (a cycle?)")
    text, origin, folder = _read(spec, base)
    data = _parse(text, origin)
    _validate(data, text, origin)
    parent: Policy | None = None
    if data.get("extends"):
        parent = _load(data["extends"], folder, depth + 1)
    name = data.get("name") or Path(origin).stem
    rules = tuple(
        Rule(
            id=r["id"],
            severity=None if r["severity"] == "off" else Severity(r["severity"]),
            when=tuple(sorted((k, _freeze(v)) for k, v in r["when"].items())),
            description=r.get("description", ""),
            message=r.get("message", ""),
            policy=name,
        )
        for r in data.get("rules", [])
    )
    if parent is not None:
        # A child rule with the same id replaces the parent's (that is how to relax or
        # tighten a preset); other parent rules are inherited in order.
        own = {r.id for r in rules}
        rules = tuple(r for r in parent.rules if r.id not in own) + rules
    return Policy(name=name, origin=origin, rules=rules, description=data.get("description", ""))


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def _read(spec: str, base: Path) -> tuple[str, str, Path]:
    looks_like_path = "/" in spec or "\\" in spec or spec.endswith((".yaml", ".yml", ".json"))
    if not looks_like_path:
        if spec in preset_names():
            text = resources.files("mlgate").joinpath(f"policies/{spec}.yaml").read_text("utf-8")
            return text, spec, base
        raise UsageError(
            f"unknown policy preset {spec!r}: choose one of {', '.join(preset_names())},"
            " or give a path to a policy file"
        )
    path = Path(spec) if Path(spec).is_absolute() else base / spec
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{spec}: policy file not found") from None
    except IsADirectoryError:
        raise UsageError(f"{spec}: is a directory, expected a policy file") from None
    except OSError as exc:
        raise UsageError(f"{spec}: cannot read policy file: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig"), str(spec), path.parent
    except UnicodeDecodeError:
        raise ConfigError(spec, "policy file is not UTF-8 text") from None


def _parse(text: str, origin: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError(origin, f"invalid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(origin, f"invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(origin, "expected a mapping with 'version: 1' and 'rules'")
    return data


def _validate(data: dict[str, Any], text: str, origin: str) -> None:
    schema = schema_text()
    stamp = hashlib.sha256(f"{__version__}\0{schema}\0{text}".encode()).hexdigest()
    marker = cache_dir() / "validated" / stamp
    if marker.exists():
        return
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(schema))
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        error = jsonschema.exceptions.best_match(errors) or errors[0]
        path = list(error.absolute_path)
        field = _field_name(path)
        raise ConfigError(origin, f"{field}: {_explain(error)}", _line_of(text, path))
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # a read-only cache only costs speed


def _field_name(path: Sequence[Any]) -> str:
    if not path:
        return "(top level)"
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _explain(error: Any) -> str:
    validator = error.validator
    if validator == "enum":
        return f"got {error.instance!r}, expected one of {', '.join(map(str, error.validator_value))}"
    if validator == "const":
        return f"got {error.instance!r}, expected {error.validator_value!r}"
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, Mapping) else []
        return f"unknown field {extra[0]!r}; expected one of {', '.join(allowed)}" if extra else error.message
    if validator == "required":
        return str(error.message).replace("is a required property", "is required")
    if validator == "type":
        return f"got {error.instance!r}, expected {error.validator_value}"
    return str(error.message)


def _line_of(text: str, path: Sequence[Any]) -> int | None:
    """The 1-based line of the node at `path` in the YAML text (best effort)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
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
