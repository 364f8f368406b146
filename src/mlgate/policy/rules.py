"""Documentation of rule ids: what each rule means and what to do about a finding.

Rule ids are stable: SARIF uploads, baselines and waivers refer to them. The presets use the
ids documented here; a policy's own rules document themselves with `title`, `description`
and `help`, and anything they leave out is filled in from this table or from the conditions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mlgate.policy.suppressions import SUPPRESSION_DENIED, SUPPRESSION_WITHOUT_REASON, WAIVER_UNUSED
from mlgate.policy.waivers import WAIVER_EXPIRED
from mlgate.policy_spec import Policy, Rule


@dataclass(frozen=True)
class RuleDoc:
    id: str
    title: str
    description: str
    help: str


_DEFAULT_HELP = ("Fix the use (replace the model or dataset), or record an approved exception as a waiver in "
                 "the policy with a reason, who approved it and an expiry date.")

RULES: dict[str, RuleDoc] = {doc.id: doc for doc in (
    RuleDoc(
        "no-research-only",
        "Research-only or non-commercial license in a commercial build",
        "Research-only and non-commercial licenses (research licenses, CC-BY-NC, FAIR non-commercial and the "
        "like) forbid use in a commercial product, including internal business use.",
        "Use a model whose license allows commercial use (often a sibling size is Apache-2.0), obtain a "
        "commercial license and record it as an override, or, if the code never ships (evaluation only), "
        "move it under a research scope or waive it with a reason and an expiry date.",
    ),
    RuleDoc(
        "license-unknown",
        "License could not be established",
        "No license could be established: no configured source knows the target, the card declares none, or "
        "the lookup failed. Nothing of unknown license can be relied on.",
        "Read the model or dataset card. If the license is known, record it under [tool.mlgate.overrides] "
        "with a reason; if the lookup failed (offline, network), run again with the Hub reachable.",
    ),
    RuleDoc(
        "conditional-needs-review",
        "License with conditions that need legal review",
        "Use is allowed with conditions: user caps (Llama 700M, Qwen 100M monthly active users), attribution "
        "and naming duties, acceptable-use restrictions (Llama, Gemma, OpenRAIL) or an API's terms of service.",
        "Check the obligations listed with the finding against the product, and record legal's approval as a "
        "waiver (approved_by, expires); until then it stays a warning that --fail-on warning turns into a failure.",
    ),
    RuleDoc(
        "copyleft-needs-review",
        "Copyleft license",
        "Strong copyleft licenses (GPL, AGPL, CC-BY-SA) require derivatives, and for AGPL network use, to be "
        "released under the same license.",
        "Confirm with legal how the model or dataset is combined and distributed, or use a permissive one.",
    ),
    RuleDoc(
        "derivative-more-permissive",
        "Derivative claims a more permissive license than its base",
        "A fine-tune, adapter, quantization or merge declares a license more permissive than the model it "
        "derives from. A base model's terms usually bind its derivatives, so the declared license is not the "
        "whole story.",
        "Treat the derivative as under its base model's license too, or choose a derivative of a permissively "
        "licensed base.",
    ),
    RuleDoc(
        "license-changed",
        "License changed since it was locked",
        "The license resolved now differs from the one recorded in the lock file: the upstream repository "
        "changed its terms since they were reviewed.",
        "Review the new terms; if acceptable, update the lock to record them. Pin the revision to keep the "
        "files whose terms you reviewed.",
    ),
    RuleDoc(
        "license-history-may-apply",
        "Pinned revision may predate a license change",
        "The code pins a revision (a commit sha) of a model whose license changed over time (tiiuae/falcon-7b "
        "was under the TII Falcon LLM License until 2023-05-31, facebook/dinov2-* under CC-BY-NC-4.0 until "
        "2023-08-31). Offline, mlgate cannot tell when the revision was made, so the earlier license may be "
        "the one that applies to those files.",
        "Run online (the Hub answers with the card at that revision), lock it (`mlgate lock` records the "
        "date), or pin a revision made after the change.",
    ),
    RuleDoc(
        "trained-on-restricted-data",
        "Model trained on non-commercial or research-only data",
        "The model's card names a training data set, or the same code that loads the model also loads a data "
        "set, whose license is non-commercial or research-only. A model fine-tuned on such data may carry its "
        "restrictions.",
        "Check whether the data set is used for training; if so, use a commercially licensed data set or get "
        "the data owner's permission.",
    ),
    RuleDoc(
        "internal-use-excluded",
        "License excludes internal business use",
        "The license excludes use inside a company's business even when nothing is distributed (the Mistral "
        "Non-Production License excludes internal use by employees in the company's business activities; the "
        "Mistral Research License excludes employees' daily tasks).",
        "Use another model, or obtain a commercial license from the licensor.",
    ),
    RuleDoc(
        "internal-use-limited",
        "License allows internal use only for evaluation or non-commercial purposes",
        "The license allows internal use only in limited settings: testing or evaluation in a non-production "
        "environment (FLUX.1 [dev]) or non-commercial research. Business operations are excluded.",
        "Keep the use to evaluation, confirm with legal, or obtain a commercial license.",
    ),
    RuleDoc(
        "research-only-review",
        "Research-only license in internal tools",
        "Research-only licenses often forbid any use beyond research, including internal business tools.",
        "Confirm with legal that the internal use counts as research, or use another model.",
    ),
    RuleDoc(
        "not-permissive",
        "License is not permissive or weak-copyleft",
        "This policy admits only permissive (Apache-2.0, MIT, BSD, CC-BY) and weak-copyleft (LGPL, MPL) "
        "licenses.",
        "Use a permissively licensed model or dataset, or record an approved waiver.",
    ),
    RuleDoc(
        WAIVER_EXPIRED,
        "A waiver expired",
        "A waiver in the policy passed its expiry date, so the finding it waived applies again.",
        "Have the exception approved again and give the waiver a new expires date, or fix the finding and "
        "remove the waiver.",
    ),
    RuleDoc(
        SUPPRESSION_WITHOUT_REASON,
        "An inline suppression gives no reason",
        "A `# mlgate: ignore` comment without a reason does not suppress anything: the policy requires every "
        "inline exception to say why it is acceptable (inline_suppressions: require-reason).",
        "Write the rule and the reason on the line (`# mlgate: ignore[no-research-only] evaluation only, never "
        "shipped`), record a waiver in the policy, or fix the use.",
    ),
    RuleDoc(
        SUPPRESSION_DENIED,
        "Inline suppressions are not allowed",
        "The policy (inline_suppressions: deny) or the command line (--no-inline-suppressions) forbids "
        "`# mlgate: ignore` comments, so this one suppresses nothing.",
        "Record the exception as a waiver in the policy (reason, approved_by, expires), or fix the use.",
    ),
    RuleDoc(
        WAIVER_UNUSED,
        "A waiver waived nothing",
        "A waiver in the policy matched no finding in this run: the model is gone, the license changed, or the "
        "waiver names the wrong target or rule.",
        "Remove the waiver if it is no longer needed, or correct its target and rule.",
    ),
)}

# Findings the engine makes itself, whatever the policy's rules.
ENGINE_RULES = (WAIVER_EXPIRED, SUPPRESSION_WITHOUT_REASON, SUPPRESSION_DENIED, WAIVER_UNUSED)


def describe(rule: Rule) -> RuleDoc:
    """The rule's documentation: its own fields first, then the table, then its conditions."""
    known = RULES.get(rule.id)
    description = rule.description or (known.description if known else f"Fires when {conditions_text(rule)}.")
    title = rule.title or (known.title if known else _first_sentence(rule.description) or rule.id)
    help_text = rule.help or (known.help if known else _DEFAULT_HELP)
    return RuleDoc(rule.id, title, description, help_text)


def doc_for(rule_id: str) -> RuleDoc:
    """Documentation for a rule id that has no policy rule behind it (mlgate's own findings)."""
    return RULES.get(rule_id) or RuleDoc(rule_id, rule_id, rule_id, _DEFAULT_HELP)


def conditions_text(rule: Rule) -> str:
    parts = []
    for key, value in rule.when:
        shown = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value).lower()
        parts.append(f"{key}: {shown}")
    return " and ".join(parts)


def _first_sentence(text: str) -> str:
    return text.split(". ", 1)[0].rstrip(".").strip()


def rule_docs(policy: Policy | None, finding_rules: Iterable[str] = ()) -> dict[str, RuleDoc]:
    """Documentation of every rule a run can report, by id: the policy's (scopes included,
    the first definition of an id wins), mlgate's own, and any other id a finding carries."""
    docs: dict[str, RuleDoc] = {}
    if policy is not None:
        for rule in policy.all_rules():
            if rule.severity is not None:
                docs.setdefault(rule.id, describe(rule))
    for rule_id in (*ENGINE_RULES, *finding_rules):
        docs.setdefault(rule_id, doc_for(rule_id))
    return docs


def find_rule(policy: Policy | None, policy_name: str, rule_id: str) -> Rule | None:
    """The rule of policy `policy_name` (the policy or one of its scopes) with `rule_id`."""
    if policy is None:
        return None
    return next((r for r in policy.all_rules() if r.id == rule_id and r.policy == policy_name), None)
