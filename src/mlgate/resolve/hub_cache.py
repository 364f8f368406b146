"""On-disk cache of Hub answers, keyed by (endpoint, kind, repo id, revision), with an expiry.

One small JSON file per key under `<cache dir>/hub/`, written atomically (temporary file and
rename), so two concurrent runs never see a torn file: a reader gets the old record or the new
one. A record that fails to parse is a miss. Records hold only what the Hub said about the
repo (card license fields, lineage, sha, gated): never a token or request header.

Expiry: answers for a branch (`main`) live `ttl` seconds; answers for a pinned commit sha do
not change upstream and live 30 days; "gated" / "private" live at most an hour, so a repo made
public or a request granted is seen soon; "not found" lives only minutes, because a misrouted
endpoint (a proxy, a mistyped `HF_ENDPOINT`) answers it to everything, and a run after the fix
must not keep repeating it. Network failures are never cached.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mlgate.atomic import write_atomic

FORMAT = 1
PINNED_TTL = 30 * 24 * 3600.0
NEGATIVE_TTL = 3600.0
NOT_FOUND_TTL = 300.0
_NOT_FOUND = ("not-found", "invalid-id")
_SHA = re.compile(r"^[0-9a-fA-F]{40}$")


class HubCache:
    def __init__(self, directory: Path, endpoint: str, ttl: float, clock: Callable[[], float] = time.time) -> None:
        self.directory = directory
        self.endpoint = endpoint
        self.ttl = ttl
        self.clock = clock  # seconds since the epoch; tests pass their own
        self.write_errors = 0

    def path(self, kind: str, repo_id: str, revision: str | None) -> Path:
        key = "\n".join((self.endpoint, kind, repo_id.lower(), revision or ""))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.directory / digest[:2] / f"{digest}.json"

    def get(self, kind: str, repo_id: str, revision: str | None, now: float | None = None) -> dict[str, Any] | None:
        """The record if present, well-formed, for this key and still fresh; else None."""
        try:
            record = json.loads(self.path(kind, repo_id, revision).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            return None
        if str(record.get("repo_id", "")).lower() != repo_id.lower() or record.get("kind") != kind:
            return None  # a hash collision or a hand-edited file: do not trust it
        if not (isinstance(record.get("status"), str) and isinstance(record.get("data"), dict)
                and isinstance(record.get("detail"), str)):
            return None
        fetched = record.get("fetched_at")
        if not isinstance(fetched, int | float):
            return None
        age = (now if now is not None else self.clock()) - fetched
        return record if 0 <= age < self._ttl(record, revision) else None

    def put(self, kind: str, repo_id: str, revision: str | None, status: str, *,
            data: dict[str, Any] | None = None, detail: str = "") -> None:
        """Store an answer. A failure to write (read-only home, full disk) only costs speed."""
        record = {
            "format": FORMAT,
            "kind": kind,
            "repo_id": repo_id,
            "revision": revision,
            "fetched_at": self.clock(),
            "status": status,
            "detail": detail,
            "data": data or {},
        }
        target = self.path(kind, repo_id, revision)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, json.dumps(record, sort_keys=True))
        except OSError:
            self.write_errors += 1

    def _ttl(self, record: dict[str, Any], revision: str | None) -> float:
        if record.get("status") in _NOT_FOUND:
            return min(self.ttl, NOT_FOUND_TTL)
        if record.get("status") != "ok":
            return min(self.ttl, NEGATIVE_TTL)
        if revision and _SHA.match(revision):
            return max(self.ttl, PINNED_TTL)
        return self.ttl
