"""Policies: load (presets or files, schema-validated) and evaluate components against them.

The names below are imported on first use (PEP 562), so that importing one submodule (the
rule catalogue a report names, the baseline file's name) does not load the engine, the
loader and YAML.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlgate.policy.engine import evaluate
    from mlgate.policy.loader import load_policy
    from mlgate.policy_spec import Policy, Rule, Scope, Waiver

__all__ = ["Policy", "Rule", "Scope", "Waiver", "evaluate", "load_policy"]

_HOMES = {"evaluate": "mlgate.policy.engine", "load_policy": "mlgate.policy.loader", "Policy": "mlgate.policy_spec",
          "Rule": "mlgate.policy_spec", "Scope": "mlgate.policy_spec", "Waiver": "mlgate.policy_spec"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
