"""Offline answers for Hub ids without an exact knowledge-base entry.

Three kinds of knowledge, all data in `data/models.json` (built by scripts/build_data.py):

- family rules: a pattern (`Qwen/Qwen2.5-7B*`) maps to a license with its source and
  confidence. Exact entries always win, and the build refuses a rule that covers an exact
  entry under another license, so a pattern never swallows an exception (Qwen2.5-3B).
- mirrors: `unsloth/<name>`, `TheBloke/<name>-GGUF`, `mlx-community/<name>-4bit` are re-uploads
  of an upstream model; they resolve to the upstream's license as lineage.
- Ollama library names (`ollama:llama3.2:3b`) map to the upstream checkpoint of that size.

Everything here is an inference from a name, so the answers say so in their evidence and never
claim to be what a card declares.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

OLLAMA_PREFIX = "ollama:"
# The size at the start of an Ollama tag: `3b`, `0.5b`, `8x7b`, `3b-instruct-q4_K_M`.
_OLLAMA_SIZE = re.compile(r"^(\d+x\d+b|\d+(?:\.\d+)?b)(?:$|-)", re.IGNORECASE)

Exact = Callable[[str], "tuple[str, dict[str, Any]] | None"]


@dataclass(frozen=True)
class Inferred:
    """What a name lets mlgate infer: the license record to apply and how it was reached."""

    record: Mapping[str, Any]  # an exact entry or a family rule: license, license_name, confidence, evidence
    evidence: str
    upstream: str | None = None  # the model the target re-uploads or packages (a lineage link)
    note: str = ""


def match_rule(rules: Sequence[Mapping[str, Any]], target: str) -> Mapping[str, Any] | None:
    """The first family rule whose pattern matches `target` (case-insensitive), if any."""
    low = target.lower()
    return next((rule for rule in rules if fnmatchcase(low, rule["pattern"].lower())), None)


def infer(kb: Mapping[str, Any], target: str, exact: Exact) -> Inferred | None:
    """A license for `target` from a family rule, a mirror name or an Ollama name; None if none applies."""
    if target.lower().startswith(OLLAMA_PREFIX):
        return _ollama(kb, target[len(OLLAMA_PREFIX):], exact)
    rule = match_rule(kb.get("families", ()), target)
    if rule is not None:
        return Inferred(rule, f"family rule {rule['pattern']} (confidence {rule['confidence']}; {rule['evidence']})",
                        note=rule.get("note", ""))
    upstream = mirror_upstream(kb, target, exact)
    if upstream is None:
        return None
    found = known(kb, upstream, exact)
    if found is None:
        return None
    mirrors = kb["mirrors"]
    return Inferred(found.record, f"{target} is a re-upload of {upstream}: {mirrors['evidence']}; upstream: "
                    f"{found.evidence}", upstream=upstream, note=found.note)


def known(kb: Mapping[str, Any], target: str, exact: Exact) -> Inferred | None:
    """The exact entry or the family rule for an upstream id."""
    hit = exact(target)
    rule = match_rule(kb.get("families", ()), target)
    if hit is not None:
        canonical, entry = hit
        note = rule.get("note", "") if rule else ""  # same license as the entry (the build checks it)
        return Inferred(entry, f"{canonical} (confidence {entry['confidence']}; {entry['evidence']})", note=note)
    if rule is None:
        return None
    return Inferred(rule, f"family rule {rule['pattern']} (confidence {rule['confidence']}; {rule['evidence']})",
                    note=rule.get("note", ""))


def mirror_upstream(kb: Mapping[str, Any], target: str, exact: Exact) -> str | None:
    """The upstream id a known mirror organisation's re-upload names, when mlgate knows that upstream."""
    mirrors = kb.get("mirrors")
    if not mirrors or target.count("/") != 1:
        return None
    org, name = target.split("/")
    if org.lower() not in {o.lower() for o in mirrors["orgs"]}:
        return None
    for suffix in sorted(mirrors["suffixes"], key=len, reverse=True):
        if name.lower().endswith(suffix.lower()):
            name = name[: -len(suffix)]
            break
    renamed = mirrors["renames"].get(name.lower())
    if renamed:
        return str(renamed)
    by_name = kb.get("upstream_by_name", {})
    if name.lower() in by_name:
        return str(by_name[name.lower()])
    for rule in kb.get("families", ()):
        rule_org, _, rule_name = rule["pattern"].partition("/")
        # A rule over a whole organisation (`org/*`) says nothing about which model a mirror's
        # name is: it would make that organisation the upstream of every re-upload.
        if rule_name.strip("*?") and fnmatchcase(name.lower(), rule_name.lower()):
            return f"{rule_org}/{name}"
    return None


def _ollama(kb: Mapping[str, Any], name: str, exact: Exact) -> Inferred | None:
    model, _, tag = name.partition(":")
    if model.startswith("library/"):
        model = model[len("library/"):]
    sizes = kb.get("ollama", {}).get(model.lower())
    if sizes is None:
        return None
    size = _OLLAMA_SIZE.match(tag)
    if size is not None:
        upstream = sizes["tags"].get(size.group(1).lower())
        found = known(kb, upstream, exact) if upstream else None
        if found is None:
            return None
        evidence = sizes["evidence"].format(name=model, tag=size.group(1).lower(), upstream=upstream)
        return Inferred(found.record, f"{evidence}; upstream: {found.evidence}", upstream=upstream, note=found.note)
    if tag not in ("", "latest") or not sizes.get("uniform"):
        return None  # no size, and the sizes differ in license (qwen2.5: 3B research-only, 7B Apache)
    first = next(iter(sizes["tags"].values()))
    found = known(kb, first, exact)
    if found is None:
        return None
    listed = ", ".join(sizes["tags"])
    return Inferred(found.record, f"Ollama library model {model} without a size: every size ({listed}) packages"
                    f" weights under this license; e.g. {found.evidence}", note=found.note)
