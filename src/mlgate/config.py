"""Configuration: project settings from `[tool.mlgate]` / `.mlgate.toml`, and the run config.

Project settings are parsed once into frozen objects; any error names the file and the key.
`RunConfig` is what `pipeline.run` takes: project settings merged with command-line choices.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlgate.clock import SYSTEM_CLOCK, Clock
from mlgate.errors import ConfigError, read_config_text
from mlgate.model import Severity
from mlgate.progress import Progress
from mlgate.sources import SOURCES

DEFAULT_SOURCES: tuple[str, ...] = tuple(SOURCES)  # every registered source, in registry order

_KNOWN_KEYS = {
    "policy",
    "sources",
    "offline",
    "exclude",
    "overrides",
    "fail-on",
    "include-comments",
    "lock-file",
    "timeout",
    "hub-budget",
    "cache-expiry-hours",
}


@dataclass(frozen=True)
class Override:
    """A user's statement of a target's license, with why (kept as the evidence)."""

    target: str
    license: str
    reason: str = ""


@dataclass(frozen=True)
class ProjectSettings:
    """What a repository says about how mlgate should judge it."""

    file: Path | None = None
    policy: str | None = None
    sources: tuple[str, ...] = DEFAULT_SOURCES
    offline: bool = False
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    fail_on: Severity | None = None
    include_comments: bool = False
    lock_file: str = "mlgate.lock"
    timeout: float = 10.0
    # Total seconds all Hub lookups of one run may take (retries and rate-limit waits included).
    hub_budget: float = 60.0
    # How long a cached Hub answer for a branch stays fresh (pinned commits: 30 days).
    cache_expiry_hours: float = 24.0


_TRUE = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class Environment:
    """The environment variables mlgate honours, read in this one place.

    The CLI reads them once per run (`Environment.current()`) into `RunConfig.environment`;
    library code takes its values from there and reads no variable itself. A library caller
    that builds a RunConfig or ScanOptions without one gets the same reading of the process
    environment.
    """

    cache_dir: Path | None = None  # MLGATE_CACHE_DIR; None: the user cache directory
    scan_workers: int | None = None  # MLGATE_SCAN_WORKERS: 1 turns parallel scanning off
    hf_endpoint: str | None = None  # HF_ENDPOINT
    hf_token: str | None = field(default=None, repr=False)  # HF_TOKEN: never shown
    hf_offline: bool = False  # HF_HUB_OFFLINE
    hf_hub_cache: Path | None = None  # HF_HUB_CACHE, else $HF_HOME/hub, else the XDG cache

    @classmethod
    def read(cls, env: Mapping[str, str]) -> Environment:
        workers = env.get("MLGATE_SCAN_WORKERS", "").strip()
        return cls(
            cache_dir=Path(env["MLGATE_CACHE_DIR"]) if env.get("MLGATE_CACHE_DIR") else None,
            scan_workers=int(workers) if workers.isdigit() else None,
            hf_endpoint=env.get("HF_ENDPOINT") or None,
            hf_token=env.get("HF_TOKEN") or None,
            hf_offline=env.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE,
            hf_hub_cache=_hf_hub_cache(env),
        )

    @classmethod
    def current(cls) -> Environment:
        return cls.read(os.environ)


def _hf_hub_cache(env: Mapping[str, str]) -> Path:
    """Where huggingface_hub keeps downloads, by its own rules."""
    configured = env.get("HF_HUB_CACHE")
    if configured:
        return Path(configured).expanduser()
    home = env.get("HF_HOME")
    if home:
        return Path(home).expanduser() / "hub"
    xdg = env.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


@dataclass(frozen=True)
class RunConfig:
    """Everything one run needs. Paths may be directories, files, or a BOM to evaluate."""

    paths: tuple[Path, ...]
    root: Path
    policy: str | None = None
    offline: bool = False
    strict: bool = False
    fail_on: Severity = Severity.ERROR
    include_comments: bool = False
    settings: ProjectSettings = field(default_factory=ProjectSettings)
    cache_dir: Path | None = None
    hub_endpoint: str | None = None
    timeout: float = 10.0
    resolve: bool = True
    evaluate: bool = True
    # `--no-inline-suppressions`: no `# mlgate: ignore` takes effect, whatever the policy says.
    deny_inline_suppressions: bool = False
    # `--require-verified`: a license only the knowledge base vouches for counts as unverified.
    require_verified: bool = False
    # Findings recorded in this file are marked baselined; with `update_baseline`, the file is
    # first rewritten with every finding of this run.
    baseline: Path | None = None
    update_baseline: bool = False
    environment: Environment = field(default_factory=Environment.current, repr=False)
    # Called as stages advance (see mlgate/progress.py); the CLI draws a bar on a terminal.
    progress: Progress | None = field(default=None, compare=False, repr=False)
    # What time budgets and retry waits are measured with (tests inject a fake clock).
    clock: Clock = field(default=SYSTEM_CLOCK, compare=False, repr=False)

    def cache_root(self) -> Path:
        """Where this run keeps its caches: `cache_dir`, else `MLGATE_CACHE_DIR` as the CLI read
        it, else the user cache directory."""
        from mlgate.paths import cache_dir

        return self.cache_dir or cache_dir(self.environment.cache_dir)


def find_settings_file(start: Path) -> Path | None:
    """The nearest `.mlgate.toml` or `pyproject.toml` with a `[tool.mlgate]` table."""
    here = start if start.is_dir() else start.parent
    for directory in (here, *here.parents):
        candidate = directory / ".mlgate.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_mlgate_table(pyproject):
            return pyproject
        if (directory / ".git").exists():
            break
    return None


def _has_mlgate_table(pyproject: Path) -> bool:
    """Whether `pyproject` has a `[tool.mlgate]` table. mlgate's settings pasted at its top level
    (`[overrides]` without `tool.mlgate.`) are a configuration error, not silently ignored."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    misplaced = sorted(set(data) & _KNOWN_KEYS)
    if misplaced:
        key = misplaced[0]
        where = f"[tool.mlgate.{key}]" if isinstance(data[key], dict) else "[tool.mlgate]"
        raise ConfigError(pyproject, f"'{key}' is at the top level, where mlgate does not read it; "
                          f"move it to {where}")
    return isinstance(data.get("tool"), dict) and "mlgate" in data["tool"]


def load_settings(path: Path | None) -> ProjectSettings:
    """Parse a settings file. `None` gives the defaults."""
    if path is None:
        return ProjectSettings()
    text = read_config_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"invalid TOML: {exc}") from None
    table: Any = data
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("mlgate", {})
    elif isinstance(data.get("tool"), dict) and "mlgate" in data["tool"]:
        table = data["tool"]["mlgate"]
    if not isinstance(table, dict):
        raise ConfigError(path, "[tool.mlgate] must be a table")
    return _parse_table(path, table)


def _parse_table(path: Path, table: Mapping[str, Any]) -> ProjectSettings:
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            path, f"unknown key {unknown[0]!r}; expected one of {', '.join(sorted(_KNOWN_KEYS))}"
        )
    sources = tuple(_str_list(path, table, "sources", list(DEFAULT_SOURCES)))
    bad = [s for s in sources if s not in DEFAULT_SOURCES]
    if bad:
        raise ConfigError(
            path, f"sources: unknown source {bad[0]!r}; expected some of {', '.join(DEFAULT_SOURCES)}"
        )
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in {s.value for s in Severity}:
        raise ConfigError(path, f"fail-on: expected error, warning or info, got {fail_on!r}")
    return ProjectSettings(
        file=path,
        policy=_opt_str(path, table, "policy"),
        sources=sources,
        offline=_bool(path, table, "offline"),
        exclude=tuple(_str_list(path, table, "exclude", [])),
        overrides=_overrides(path, table.get("overrides", {})),
        fail_on=Severity(fail_on) if fail_on else None,
        include_comments=_bool(path, table, "include-comments"),
        lock_file=_opt_str(path, table, "lock-file") or "mlgate.lock",
        timeout=_number(path, table, "timeout", 10.0),
        hub_budget=_number(path, table, "hub-budget", 60.0),
        cache_expiry_hours=_number(path, table, "cache-expiry-hours", 24.0),
    )


def _opt_str(path: Path, table: Mapping[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(path, f"{key}: expected a string, got {type(value).__name__}")
    return value


def _bool(path: Path, table: Mapping[str, Any], key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(path, f"{key}: expected true or false, got {value!r}")
    return value


def _number(path: Path, table: Mapping[str, Any], key: str, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(path, f"{key}: expected a positive number, got {value!r}")
    return float(value)


def _str_list(path: Path, table: Mapping[str, Any], key: str, default: list[str]) -> list[str]:
    value = table.get(key, default)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, f"{key}: expected a list of strings")
    return value


def _overrides(path: Path, raw: Any) -> tuple[Override, ...]:
    if not isinstance(raw, dict):
        raise ConfigError(path, "overrides: expected a table of target = license")
    result = []
    for target, value in sorted(raw.items()):
        if isinstance(value, str):
            result.append(Override(target, value))
        elif isinstance(value, dict) and isinstance(value.get("license"), str):
            reason = value.get("reason", "")
            if not isinstance(reason, str):
                raise ConfigError(path, f"overrides.{target}.reason: expected a string")
            result.append(Override(target, value["license"], reason))
        else:
            raise ConfigError(
                path, f"overrides.{target}: expected a license string or {{license = ..., reason = ...}}"
            )
    return tuple(result)
