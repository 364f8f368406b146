"""Policies: load (presets or files, schema-validated) and evaluate components against them."""

from mlgate.policy.engine import evaluate
from mlgate.policy.loader import load_policy
from mlgate.policy_spec import Policy, Rule, Scope, Waiver

__all__ = ["Policy", "Rule", "Scope", "Waiver", "evaluate", "load_policy"]
