"""Turn the curated knowledge (kb_curated.py, kb_mirrors_datasets.py) into models.json sections, checked.

The checks make the build fail rather than ship a wrong inference: a family rule that covers an
exact entry under another license, an Ollama size or mirror rename whose upstream mlgate does
not know, a license id the catalog does not have.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

import kb_usage_datasets
import kb_usage_facts
from kb_curated import FAMILY_RULES, HISTORY, UNVERIFIED
from kb_mirrors_datasets import (
    DATASETS,
    LEGACY_DATASETS,
    MIRROR_EVIDENCE,
    MIRROR_ORGS,
    MIRROR_RENAMES,
    MIRROR_SUFFIXES,
    OLLAMA,
    OLLAMA_EVIDENCE,
)


def unverified_entry(repo: str, confidence: str, source: str) -> dict[str, object]:
    """An entry for a reference row whose card value was not verified: no declared license."""
    hub_id, license_name, known = UNVERIFIED[repo]
    entry: dict[str, object] = {"declared": False, "confidence": confidence, "evidence": f"{known}; sources: {source}"}
    if hub_id:
        entry["license"] = hub_id
    if license_name:
        entry["license_name"] = license_name
    return entry


Expressions = dict[str, str]  # Hub id or license_name -> the expression mlgate writes for it


def _key(record: dict[str, Any], hub_ids: Expressions, names: Expressions) -> str:
    """The license expression a record stands for (two spellings of one license compare equal)."""
    license_ = record.get("license", "")
    if license_ == "other":
        return names.get(str(record.get("license_name", "")), "?")
    values = license_ if isinstance(license_, list) else [license_]
    return " AND ".join(hub_ids.get(str(v), "?") for v in values)


def _check_license(where: str, hub_id: str, name: str, hub_ids: Expressions, names: Expressions) -> None:
    if (hub_id == "other" and name not in names) or (hub_id != "other" and hub_id not in hub_ids):
        raise SystemExit(f"{where}: unknown license {hub_id}/{name}")


def _families(models: dict[str, Any], hub_ids: Expressions, names: Expressions) -> list[dict[str, str]]:
    rules = []
    for pattern, hub_id, name, confidence, evidence, note in FAMILY_RULES + kb_usage_facts.FAMILY_RULES:
        _check_license(pattern, hub_id, name, hub_ids, names)
        rule = {"pattern": pattern, "license": hub_id, "confidence": confidence, "evidence": evidence}
        if name:
            rule["license_name"] = name
        if note:
            rule["note"] = note
        for repo, entry in models.items():
            if fnmatchcase(repo.lower(), pattern.lower()) and _key(entry, hub_ids, names) != _key(rule, hub_ids, names):
                raise SystemExit(f"family rule {pattern} covers {repo}, which is under "
                                 f"{_key(entry, hub_ids, names)}: narrow the pattern")
        rules.append(rule)
    return rules


def _resolvable(target: str, models: dict[str, Any], rules: list[dict[str, str]]) -> dict[str, Any]:
    exact = {k.lower(): v for k, v in models.items()}.get(target.lower())
    rule = next((r for r in rules if fnmatchcase(target.lower(), r["pattern"].lower())), None)
    found = exact or rule
    if found is None or "license" not in found:
        raise SystemExit(f"{target}: named by a mirror rename or an Ollama tag, but mlgate knows no license for it")
    return found


def build_offline(models: dict[str, Any], hub_ids: Expressions, names: Expressions) -> dict[str, object]:
    rules = _families(models, hub_ids, names)
    for target in MIRROR_RENAMES.values():
        _resolvable(target, models, rules)
    ollama = {}
    for model, tags in OLLAMA.items():
        licenses = {_key(_resolvable(upstream, models, rules), hub_ids, names) for upstream in tags.values()}
        ollama[model] = {"tags": tags, "uniform": len(licenses) == 1, "evidence": OLLAMA_EVIDENCE}
    datasets = {}
    for repo, (hub_id, name, confidence, evidence) in {**DATASETS, **kb_usage_datasets.DATASETS}.items():
        for value in hub_id if isinstance(hub_id, list) else [hub_id]:  # a card may list several
            _check_license(repo, value, name, hub_ids, names)
        datasets[repo] = {"license": hub_id, "confidence": confidence, "evidence": evidence,
                          **({"license_name": name} if name else {})}
    for repo, (confidence, evidence) in kb_usage_datasets.UNDECLARED.items():
        assert repo not in datasets, repo  # a card that declares nothing has no license entry too
        datasets[repo] = {"declared": False, "confidence": confidence, "evidence": evidence}
    return {
        "families": rules,
        "history": {**HISTORY, **kb_usage_facts.HISTORY},
        "mirrors": {"orgs": MIRROR_ORGS, "suffixes": MIRROR_SUFFIXES, "renames": MIRROR_RENAMES,
                    "evidence": MIRROR_EVIDENCE},
        "ollama": ollama,
        "datasets": datasets,
        "legacy_datasets": LEGACY_DATASETS,
    }
