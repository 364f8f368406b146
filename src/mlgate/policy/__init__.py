"""Policies: load (presets or files, schema-validated) and evaluate components against them."""

from mlgate.policy.engine import evaluate
from mlgate.policy.loader import Policy, Rule, load_policy

__all__ = ["Policy", "Rule", "evaluate", "load_policy"]
