"""CycloneDX 1.6 JSON schema validation that starts fast: plain jsonschema, mlgate's own format checks.

cyclonedx-python-lib's `JsonStrictValidator` uses jsonschema's full FormatChecker. With the
`format-nongpl` extra installed that checks `iri-reference` through rfc3987-syntax, whose Earley
parser costs seconds to import (jsonschema imports it at its own import, used or not) and
tens of milliseconds per URL: on a 445-component BOM, most of a minute. So mlgate depends on
plain jsonschema (no format extras, so `import jsonschema` stays cheap), validates against the
very schema files the library ships (its strict 1.6 schema, with the SPDX, JSF and
cryptography definitions it references), and checks the five formats that schema uses with
strict, linear-time checks of its own:

- `date`, `date-time`: RFC 3339 (full-date; date-time with seconds and a zone), and a real date;
- `iri-reference`, `uri`: RFC 3987 / RFC 3986 characters only (no space, control character,
  `<>"{}|\\^` or backtick), every `%` followed by two hex digits, a well-formed scheme if there
  is one; `uri` also needs a scheme and ASCII;
- `idn-email`: one `@` between a non-empty local part and a dotted domain, no space.

`uniqueItems` is checked in linear time: jsonschema compares unhashable items (every component
is an object) pairwise, which on 445 components took more than half of the validation.

The validator is built once per process; `validated.py` remembers documents that passed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})\Z", re.ASCII)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|\\^`]')
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+\Z")
_SCHEMA_PREFIX = "http://cyclonedx.org/schema/"


def _parsed(pattern: re.Pattern[str], parse: Callable[[str], object]) -> Callable[[object], bool]:
    """A check: strings must match `pattern` and `parse` (a real date, a real time of day)."""

    def check(value: object) -> bool:
        if not isinstance(value, str):
            return True  # formats apply to strings only (JSON Schema)
        if not pattern.match(value):
            return False
        try:
            parse(value)
        except ValueError:
            return False
        return True

    return check


is_date = _parsed(_DATE, dt.date.fromisoformat)
is_date_time = _parsed(_DATE_TIME, lambda value: dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00")))


def is_iri_reference(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if _BAD_IRI_CHARS.search(value) or _BAD_PERCENT.search(value):
        return False
    scheme_end = value.find(":")
    before_path = min((i for i in (value.find("/"), value.find("?"), value.find("#")) if i >= 0), default=len(value))
    if 0 <= scheme_end < before_path:  # a colon before any '/', '?' or '#' ends a scheme
        return bool(_SCHEME.match(value[: scheme_end + 1]))
    return True


def is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return value.isascii() and bool(_SCHEME.match(value)) and is_iri_reference(value)


def is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


CHECKS = {"date": is_date, "date-time": is_date_time, "iri-reference": is_iri_reference, "uri": is_uri,
          "idn-email": is_email}


def validation_errors(text: str) -> list[str]:
    """Why `text` is not valid CycloneDX 1.6 JSON (the first few reasons), or [] when it is."""
    document = json.loads(text)
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(document)'}: {e.message}" for e in errors[:3]]


def _json_key(value: Any) -> Any:
    """A hashable key equal for exactly the values JSON Schema calls equal (1 == 1.0, true != 1)."""
    if isinstance(value, dict):
        return ("object", frozenset((k, _json_key(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_json_key(v) for v in value))
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, int | float):
        return ("number", value)
    return (type(value).__name__, value)


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    if unique and validator.is_type(instance, "array"):
        keys = [_json_key(item) for item in instance]
        if len(set(keys)) != len(keys):
            yield ValidationError(f"{instance!r} has non-unique elements")


@functools.cache
def _validator() -> Any:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.schema._res import BOM_JSON_STRICT, CRYPTOGRAPHY_DEFS, JSF, SPDX_JSON
    from jsonschema import Draft7Validator, FormatChecker, validators
    from referencing import Registry
    from referencing.jsonschema import DRAFT7

    checker = FormatChecker(formats=())
    for name, check in CHECKS.items():
        checker.checks(name)(check)
    referenced = {"spdx.SNAPSHOT.schema.json": SPDX_JSON, "jsf-0.82.SNAPSHOT.schema.json": JSF,
                  "cryptography-defs.SNAPSHOT.schema.json": CRYPTOGRAPHY_DEFS}
    registry: Registry[Any] = Registry().with_resources(
        (_SCHEMA_PREFIX + name, DRAFT7.create_resource(_load(path))) for name, path in referenced.items())
    schema_file = BOM_JSON_STRICT.get(SchemaVersion.V1_6)
    if schema_file is None:  # an older library than pyproject.toml allows
        raise RuntimeError("this cyclonedx-python-lib ships no CycloneDX 1.6 JSON schema")
    schema = _load(schema_file)
    validator_class = validators.extend(Draft7Validator, {"uniqueItems": _unique_items})
    return validator_class(schema, registry=registry, format_checker=checker)


def _load(path: str | Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))
