"""What the schema cannot say about a policy, and schema errors put in words a person can act on.

Every message here is the part after `file:line: field:`; it says what was found and what
was expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from mlgate.policy.rules import ENGINE_RULES

LICENSE_LIST_CONDITIONS = ("license-allow", "license-deny")
_LICENSE_REF = re.compile(r"^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$")


def field_name(path: Sequence[Any]) -> str:
    """`rules[0].when.category[1]` for a JSON path; `(top level)` for the document itself."""
    if not path:
        return "(top level)"
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def error_path(error: Any) -> list[Any]:
    """Where a schema error is; for an unknown field, the field itself (so the line is its line)."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if extra:
            path.append(extra[0])
    return path


def explain(error: Any) -> str:
    validator = error.validator
    if validator == "enum":
        return f"got {error.instance!r}, expected one of {', '.join(map(str, error.validator_value))}"
    if validator == "const":
        return f"got {error.instance!r}, expected {error.validator_value!r}"
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, Mapping) else []
        return f"unknown field {extra[0]!r}; expected one of {', '.join(allowed)}" if extra else str(error.message)
    if validator == "required":
        return str(error.message).replace("is a required property", "is required")
    if validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"got {error.instance!r}, expected {expected}"
    if validator == "pattern":
        wanted = error.schema.get("description") or f"to match {error.validator_value}"
        return f"got {error.instance!r}, expected {wanted}"
    if validator in ("minItems", "minProperties"):
        return f"got {error.instance!r}, expected at least {error.validator_value} entr" + (
            "y" if error.validator_value == 1 else "ies")
    if validator == "minLength":
        return f"got {error.instance!r}, expected a non-empty string"
    return str(error.message)


def semantic_error(data: Mapping[str, Any]) -> tuple[list[Any], str] | None:
    """The first problem in a schema-valid policy, as (JSON path, message), or None."""
    seen: dict[str, int] = {}
    for index, rule in enumerate(data.get("rules", [])):
        rule_id = rule["id"]
        if rule_id in ENGINE_RULES:
            return ["rules", index, "id"], f"{rule_id!r} is reserved for mlgate's own findings; choose another id"
        if rule_id in seen:
            return ["rules", index, "id"], f"duplicate rule id {rule_id!r} (also rules[{seen[rule_id]}])"
        seen[rule_id] = index
        if "message" in rule:
            try:
                rule["message"].format(**message_fields("t", "c", "l", "r", "p"))
            except (KeyError, IndexError, ValueError) as exc:
                return ["rules", index, "message"], (
                    f"cannot fill in {rule['message']!r} ({type(exc).__name__}: {exc}); expected placeholders "
                    + ", ".join("{" + k + "}" for k in message_fields("", "", "", "", "")))
        for key in LICENSE_LIST_CONDITIONS:
            for position, entry in enumerate(rule["when"].get(key, [])):
                problem = license_entry_problem(entry)
                if problem:
                    return ["rules", index, "when", key, position], problem
    for index, waiver in enumerate(data.get("waivers", [])):
        expires = waiver.get("expires")
        if expires is not None:
            try:
                date.fromisoformat(expires)
            except ValueError:
                return ["waivers", index, "expires"], f"got {expires!r}, expected a real date YYYY-MM-DD"
    return None


def message_fields(target: str, category: str, license_: str, rule: str, policy: str) -> dict[str, str]:
    """The placeholders a rule's `message` template may use."""
    return {"target": target, "category": category, "license": license_, "rule": rule, "policy": policy}


def license_entry_problem(entry: str) -> str | None:
    """Why an allow/deny list entry can never match anything, or None when it is usable.

    Accepted: SPDX ids (any case), `X WITH exception`, LicenseRef-…, Hugging Face license ids
    and license names from mlgate's catalog, and globs (`CC-BY-NC-*`).
    """
    if any(c in entry for c in "*?["):
        return None
    if entry.startswith(("LicenseRef-", "DocumentRef-")):
        return None if _LICENSE_REF.match(entry) else (
            f"got {entry!r}, expected LicenseRef- followed by letters, digits, '.' or '-'")
    from mlgate.license_catalog import catalog

    if catalog().lookup(entry) is not None:
        return None
    from license_expression import ExpressionError, get_spdx_licensing

    try:
        info = get_spdx_licensing().validate(entry)
    except (ExpressionError, AttributeError, TypeError):
        info = None
    if info is not None and not info.errors and " OR " not in info.normalized_expression.upper() \
            and " AND " not in info.normalized_expression.upper():
        return None
    return (f"unknown license {entry!r}; expected one SPDX id (e.g. Apache-2.0), a LicenseRef-…, "
            "a Hugging Face license id (e.g. llama3.1) or a glob (e.g. CC-BY-NC-*)")
