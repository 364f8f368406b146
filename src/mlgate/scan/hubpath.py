"""The revision a huggingface_hub file-system path names: `hf://datasets/org/x@v1.0/train.parquet`.

pandas, datatrove and `data_files=` read such paths at the revision after the repository's
`@`; the reference carries it as `from_pretrained(..., revision=)` does.
"""

from __future__ import annotations

import re
import urllib.parse

from mlgate.targets import hub_id_from_url, looks_like_hub_id

# The refs huggingface_hub's file system takes after `@` unencoded, slashes and all.
_SPECIAL_REFS = re.compile(r"refs/(?:pr/\d+|convert/\w+)")


_SHORT_REFS = {"~parquet": "refs/convert/parquet"}


def hub_path_revision(value: str) -> str | None:
    """The revision an `hf://` path names after its repository, URL-decoded as huggingface_hub
    reads it: `hf://datasets/org/name@v1.0/x.parquet` -> `v1.0`, `hf://org/name@refs%2Fpr%2F1/x`
    (and `@refs/pr/1/x`, which it also takes) -> `refs/pr/1`. None when it names none."""
    rest = value.strip()
    if rest[:5].lower() != "hf://" or "@" not in rest or hub_id_from_url(rest) is None:
        return None
    parts = rest[5:].split("?", 1)[0].split("#", 1)[0].split("/")
    if parts[0] == "datasets":
        parts = parts[1:]
    revision = parts[1].partition("@")[2] if len(parts) >= 2 else ""
    special = _SPECIAL_REFS.match("/".join([revision, *parts[2:4]])) if revision == "refs" else None
    if special is not None:
        revision = special.group()
    revision = urllib.parse.unquote(revision)
    # `@~parquet` is the Hub's short name of the automatic Parquet conversion (DuckDB, polars)
    return _SHORT_REFS.get(revision, revision) or None


# A commit id or a tag after a Hub id: pyannote's `speechbrain/spkrec-ecapa-voxceleb@5c0be38...`
# (`Model.from_pretrained` splits it off as the revision).
_AT_REVISION = re.compile(r"^([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)@([0-9a-f]{7,40}|v?\d+(?:\.\d+)*|main)$")


def hub_id_at_revision(value: str) -> tuple[str, str] | None:
    """`org/name@<commit or tag>` as (`org/name`, revision), when the part before `@` is a Hub id."""
    match = _AT_REVISION.match(value.strip())
    if match is None or not looks_like_hub_id(match[1]):
        return None
    return match[1], match[2]


def repository_path(value: str) -> bool:
    """`org/name/file.bin` under a Hub name: a file in the repository `org/name`."""
    return value.count("/") >= 2 and "://" not in value and not value.startswith(("/", ".", "~"))


PRETRAINED_SCHEME = "//pretrained/"  # audiocraft's: its loaders fetch what follows from the Hub


def pretrained_scheme_id(value: str) -> str | None:
    """The Hub id of audiocraft's `//pretrained/<org>/<name>` (`//pretrained/facebook/encodec_32khz`),
    else None (`//pretrained/debug_compression_model` is a model the code builds)."""
    if not value.startswith(PRETRAINED_SCHEME):
        return None
    hub = value[len(PRETRAINED_SCHEME):].strip()
    return hub if "/" in hub and looks_like_hub_id(hub) else None
