"""The policy as loaded: rules, scopes and waivers. Frozen values, built by `loader.py`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from mlgate.model import Severity


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity | None  # None: switched off ("off")
    when: tuple[tuple[str, Any], ...]
    description: str = ""
    message: str = ""
    policy: str = ""  # the name of the policy that defined it
    title: str = ""
    help: str = ""

    @property
    def conditions(self) -> dict[str, Any]:
        return dict(self.when)


@dataclass(frozen=True)
class Waiver:
    """An approved exception: findings of `rule` (or every rule, "*") on `target` are waived.

    `target` is a glob matched case-insensitively; `expires` is the last day it waives.
    """

    target: str
    rule: str
    reason: str
    approved_by: str
    expires: date | None = None
    origin: str = ""  # "policy.yaml:12", for messages that say where to renew it

    def applies_to(self, rule_id: str, target: str) -> bool:
        """Whether this waiver covers findings of `rule_id` on `target` (expired or not)."""
        return self.rule in ("*", rule_id) and fnmatchcase(target.lower(), self.target.lower())

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires

    def describe(self) -> str:
        until = f", until {self.expires.isoformat()}" if self.expires else ""
        return f"waiver: {self.reason} (approved by {self.approved_by}{until}; {self.origin})"


@dataclass(frozen=True)
class Scope:
    """Locations matching `paths` (gitignore-style globs relative to the project root) are
    judged by `policy` instead of the policy that declares the scope."""

    paths: tuple[str, ...]
    policy: Policy

    @property
    def label(self) -> str:
        return ", ".join(self.paths)


@dataclass(frozen=True)
class Policy:
    name: str
    origin: str  # preset name or file path
    rules: tuple[Rule, ...]
    description: str = ""
    scopes: tuple[Scope, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    path: Path | None = None  # the file's absolute path; None for a preset
    # allow | require-reason | deny: which `# mlgate: ignore` comments take effect (suppressions.py)
    inline_suppressions: str = "require-reason"

    def all_waivers(self) -> list[Waiver]:
        """This policy's waivers and those of the policies its scopes apply, each once."""
        found = list(self.waivers)
        for scope in self.scopes:
            found += [w for w in scope.policy.all_waivers() if w not in found]
        return found

    def all_rules(self) -> Iterator[Rule]:
        """This policy's rules, then those of every scope policy (ids may repeat)."""
        yield from self.rules
        for scope in self.scopes:
            yield from scope.policy.all_rules()
