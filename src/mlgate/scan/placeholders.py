"""Fill-in placeholders: values a reader must replace before running (`your-username/my-model`).

Where a name says the value is a model or data set (`--model_name_or_path <model>`,
`base_model: HF_USERNAME/llama-ft`), a placeholder is still worth showing: the code names a
model there, and nobody can check its license until someone fills it in. Such values are
reported with `placeholder: true` and are never resolved or judged (docs/detection.md).
Templates and variables (`{model}`, `$MODEL`, `%s`) are not placeholders: they are filled by
the program, not by a reader, and are not reported.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlgate.model import Kind, Role
from mlgate.targets import is_data_file, is_local_path

if TYPE_CHECKING:  # configkeys asks `is_fill_in` about output directories
    from mlgate.scan.configkeys import KeyRule

# Path parts that stand for "put yours here": `HF_USERNAME/x`, `username/repo`, `org/model`.
_STAND_IN_PARTS = frozenset({
    "hf_username", "username", "user_name", "user", "hf_user", "your_username", "org", "org_name", "organization",
    "namespace", "owner", "xxx", "xxxx", "...", "todo", "changeme", "tbd", "repo_name", "model_name", "model-name",
    "dataset_name", "dataset-name", "model_id", "model-id", "my_username", "my-username", "hf-username",
})
_TEMPLATE_MARKS = ("$", "{", "}", "%s", "%(", "\n")
_PATH_TO = ("path/to/", "path-to-", "path_to_")
_ONE_BRACKET = re.compile(r"<[^<>]+>")


def is_fill_in(value: str) -> bool:
    """`<model>`, `your-org/x`, `HF_USERNAME/x`, `/path/to/model`, `path-to-your-trained-model`, `org/model_name`;
    not words with spaces between them, but for one `<...>` (`<path to model>`)."""
    value = value.strip()
    if not value or len(value) > 200 or any(mark in value for mark in _TEMPLATE_MARKS):
        return False
    lowered = value.lower()
    spaced = any(c.isspace() for c in value)
    if "<" in value and ">" in value and (not spaced or _ONE_BRACKET.fullmatch(value)):
        return True
    if spaced:
        return False  # prose (`path/to/your/dataset csv/jsonl files`): no path or id has spaces
    if lowered.startswith(_PATH_TO) or any(f"/{marker}" in lowered for marker in _PATH_TO):
        return True
    parts = [p for p in lowered.replace("\\", "/").split("/") if p not in {"", "."}]
    return any(p.startswith(("your-", "your_", "yourname", "your-name")) or p in _STAND_IN_PARTS for p in parts)


def placeholder_target(value: str, rule: KeyRule) -> tuple[str, Kind] | None:
    """A placeholder under a name that says model or data set, as (text as written, kind); else None.

    Outputs are left out (where a run writes is not checked), and so are local data files: a data
    set's fill-in written as a file (`path/to/your/dataset.json`) is the reader's own data, not a
    data set to look up.
    """
    value = value.strip().strip("\"'")
    if rule.role is not Role.INPUT or rule.local or not is_fill_in(value):
        return None
    if is_local_path(value):
        return None if rule.kind is Kind.DATASET else (value, Kind.LOCAL_PATH)
    return None if rule.kind is Kind.DATASET and is_data_file(value) else (value, rule.kind)
