"""Building components, references and policies for policy and report tests.

Components are constructed directly (no scan, no resolve) so each test states exactly the
facts it judges; policies are YAML written to a temporary file and loaded by the real loader,
so every test also goes through the schema.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

from mlgate.model import (
    BaseModelLink,
    Category,
    Component,
    Kind,
    License,
    Location,
    Reference,
    Suppression,
    Unresolved,
    UnresolvedReason,
)
from mlgate.policy import Policy, evaluate, load_policy

CATEGORY_OF = {
    "Apache-2.0": Category.PERMISSIVE,
    "MIT": Category.PERMISSIVE,
    "CC-BY-4.0": Category.PERMISSIVE,
    "GPL-3.0-only": Category.COPYLEFT,
    "LGPL-3.0-only": Category.WEAK_COPYLEFT,
    "CC-BY-NC-4.0": Category.NON_COMMERCIAL,
    "LicenseRef-Qwen-Research-License": Category.RESEARCH_ONLY,
    "LicenseRef-Llama-3.1-Community-License": Category.COMMUNITY_CONDITIONAL,
    "LicenseRef-OpenRAIL-M": Category.RESPONSIBLE_AI,
}


def ref(target: str, path: str = "app/main.py", line: int = 1, *, kind: Kind = Kind.MODEL,
        via: str = "AutoModel.from_pretrained", ignore: tuple[str, ...] | None = None,
        reason: str = "") -> Reference:
    """A reference; `ignore` adds an inline suppression (empty tuple: every rule)."""
    suppression = Suppression(ignore, reason) if ignore is not None else None
    return Reference(target, kind, Location(path, line, 5), via, suppression=suppression)


def lic(expression: str, category: Category | None = None, source: str = "hub") -> License:
    return License(expression, category or CATEGORY_OF[expression], source, f"test: {expression}",
                   name=f"{expression} license")


def component(target: str, license_: str | License | Unresolved = "Apache-2.0", *,
              kind: Kind = Kind.MODEL, paths: tuple[str, ...] = ("app/main.py",),
              refs: tuple[Reference, ...] | None = None, **fields: Any) -> Component:
    """A component used at line 3 of each of `paths` (or at `refs`)."""
    if isinstance(license_, str):
        license_ = lic(license_)
    references = refs if refs is not None else tuple(ref(target, p, 3, kind=kind) for p in paths)
    return Component(target, kind, license_, references, **fields)


def unresolved(reason: UnresolvedReason = UnresolvedReason.NOT_FOUND) -> Unresolved:
    return Unresolved(reason, "test", source="hub")


def base(target: str, relation: str = "finetune") -> tuple[BaseModelLink, ...]:
    return (BaseModelLink(target, relation),)


def write_policy(folder: Path, text: str, name: str = "policy.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def policy_of(folder: Path, text: str, name: str = "policy.yaml") -> Policy:
    return load_policy(str(write_policy(folder, text, name)))


def rule_policy(folder: Path, when: str, severity: str = "error", rule_id: str = "r") -> Policy:
    """A policy with one rule `rule_id` whose `when:` is the YAML flow mapping `when`."""
    return policy_of(folder, f"""
        version: 1
        rules:
          - id: {rule_id}
            when: {when}
            severity: {severity}
        """)


def fired(folder: Path, when: str, *components: Component) -> list[str]:
    """Targets a one-rule policy with condition `when` reports among `components`."""
    findings = evaluate(list(components), rule_policy(folder, when), today=date(2026, 6, 1))
    return sorted(f.component.target for f in findings)
