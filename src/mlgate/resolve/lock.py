"""`mlgate.lock`: the license and revision each target resolved to, pinned for later runs.

The file is JSON with stable ordering (entries sorted by target, kind, requested revision;
keys sorted), written atomically, and keeps an entry's `locked_on` date when re-locking finds
the same license and revision, so re-running `mlgate lock` does not churn the diff.

As a source, the lock answers for the targets it lists (License.source `lock`), lineage
included. A run that is online still asks the sources after it for targets whose revision is
not pinned: when they now say something different, the current answer is used and
`locked_expression` records what was locked, so the policy can report "license changed
upstream since locked".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mlgate import __version__
from mlgate.atomic import write_atomic
from mlgate.config import RunConfig
from mlgate.errors import ConfigError, read_config_text
from mlgate.license_catalog import catalog
from mlgate.model import BaseModelLink, Category, Component, Kind, License
from mlgate.resolve.base import Answer, LicenseSource, Lookup, shown_path

FORMAT = 1
SOURCE = "lock"
_SHA = re.compile(r"^[0-9a-fA-F]{40}$")  # a pinned revision cannot have changed upstream


@dataclass(frozen=True)
class LockEntry:
    target: str
    kind: Kind
    requested_revision: str | None
    revision: str | None
    expression: str
    category: Category
    name: str | None
    source: str
    evidence: str
    url: str | None
    locked_on: str
    base_models: tuple[BaseModelLink, ...] = ()
    datasets: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.target.lower(), self.kind.value, self.requested_revision or "")

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "kind": self.kind.value,
            "requested_revision": self.requested_revision,
            "revision": self.revision,
            "license": {"expression": self.expression, "category": self.category.value, "name": self.name,
                        "source": self.source, "evidence": self.evidence, "url": self.url},
            "locked_on": self.locked_on,
            "base_models": [{"target": b.target, "relation": b.relation} for b in self.base_models],
            "datasets": list(self.datasets),
        }


class LockFile:
    def __init__(self, path: Path, entries: Sequence[LockEntry] = ()) -> None:
        self.path = path
        self.entries = {entry.key: entry for entry in entries}

    @classmethod
    def load(cls, path: Path) -> LockFile:
        """Read a lock file; a malformed one is a ConfigError naming the file and the problem."""
        text = read_config_text(path)
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ConfigError(path, f"not valid JSON ({exc}); delete it and run `mlgate lock` again") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), list):
            raise ConfigError(path, f"not an mlgate lock file (expected format {FORMAT} with an entries list)")
        entries = [_entry(path, index, raw) for index, raw in enumerate(data["entries"])]
        return cls(path, entries)

    def find(self, item: Lookup) -> LockEntry | None:
        return self.entries.get((item.target.lower(), item.kind.value, item.revision or ""))


def _entry(path: Path, index: int, raw: Any) -> LockEntry:
    where = f"entries[{index}]"
    try:
        license_ = raw["license"]
        return LockEntry(
            target=str(raw["target"]),
            kind=Kind(raw["kind"]),
            requested_revision=raw.get("requested_revision"),
            revision=raw.get("revision"),
            expression=str(license_["expression"]),
            category=Category(license_["category"]),
            name=license_.get("name"),
            source=str(license_.get("source", "")),
            evidence=str(license_.get("evidence", "")),
            url=license_.get("url"),
            locked_on=str(raw.get("locked_on", "")),
            base_models=tuple(BaseModelLink(str(b["target"]), str(b.get("relation", "finetune")))
                              for b in raw.get("base_models", ())),
            datasets=tuple(str(d) for d in raw.get("datasets", ())),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(path, f"{where}: malformed entry ({type(exc).__name__}: {exc})") from None


class LockSource(LicenseSource):
    """The lock file's answers, verified against the sources after it (`later`) when online."""

    name = SOURCE

    def __init__(self, lock: LockFile, shown: str, later: LicenseSource | None = None, offline: bool = True) -> None:
        self.lock = lock
        self.shown = shown
        self.later = later
        self.offline = offline

    def lookup(self, lookups: Sequence[Lookup]) -> Mapping[Lookup, Answer]:
        answers = {}
        for item in lookups:
            # A name at a self-hosted server is never answered from the lock: an entry under the name is
            # the provider's. (The weights it names are locked only when the code names them directly.)
            if item.endpoint:
                continue
            entry = self.lock.find(item)
            if entry is not None:
                # Which source the lock recorded, so a verdict locked from the knowledge base is
                # not taken for one verified at the source (certainty.py).
                answers[item] = Answer(locked_license(entry, self.shown), revision=entry.revision,
                                       base_models=entry.base_models, datasets=entry.datasets,
                                       properties=(("locked-from", entry.source),) if entry.source else ())
        return self._verified(answers)

    def _verified(self, answers: dict[Lookup, Answer]) -> dict[Lookup, Answer]:
        """Answers whose license changed upstream since locked: the current one, the locked expression
        kept. Answers not asked again (offline, pinned) are checked against the recorded license history."""
        online = not self.offline and self.later is not None
        to_verify = [item for item in answers if online and not _SHA.match(item.revision or "")]
        current = self.later.lookup(to_verify) if self.later is not None and to_verify else {}
        for item, answer in answers.items():
            entry = self.lock.find(item)
            if entry is None:
                continue
            now = current.get(item, answer)
            if isinstance(now.license, License) and drifted(entry, now.license):
                answers[item] = replace(now, locked_expression=entry.expression)
            elif isinstance(now.license, License) and now.license.source == SOURCE:
                answers[item] = against_history(item, entry, now)
        return answers


def lock_path(config: RunConfig) -> Path:
    """`lock-file` (default mlgate.lock) beside the settings file, else in the project root."""
    settings = config.settings
    base = settings.file.parent if settings.file is not None else config.root
    return base / settings.lock_file


def source(config: RunConfig, later: LicenseSource) -> LicenseSource | None:
    path = lock_path(config)
    if not path.is_file():
        return None
    return LockSource(LockFile.load(path), shown_path(path, config.root), later, config.offline)


def drifted(entry: LockEntry, now: License) -> bool:
    """Whether `now` says the license changed since `entry` was locked.

    Overrides and the lock itself say nothing about upstream. The knowledge base speaks for
    mlgate, not for upstream, so it cannot contradict a lock taken from the Hub or a card (it
    can contradict one it gave itself: mlgate learned better since).
    """
    if now.expression in (entry.expression, "NOASSERTION") or now.source in ("override", SOURCE):
        return False
    return not (now.source == "knowledge-base" and entry.source != "knowledge-base")


def against_history(item: Lookup, entry: LockEntry, answer: Answer) -> Answer:
    """A lock answer checked against the license history the knowledge base records.

    The lock is dated, so a revision locked before a change predates it: a pinned reference keeps
    the license in force on the lock date; an unpinned one follows upstream, and a change after the
    lock date is reported like any other (`locked_expression`). A pin locked after a change from
    the knowledge base (which never read that revision) still carries the history.
    """
    from mlgate.resolve.knowledge import change_since, history_note

    change = change_since(item.target, entry.locked_on)
    if change is None:
        # Locked after every change: a revision locked then was made before the lock, but maybe
        # before a change too. Only a source that read the card at that revision settles it; the
        # knowledge base did not, so the history still applies to an undated pin.
        history = history_note(item.target, item.revision) if entry.source == "knowledge-base" else None
        return replace(answer, properties=(*answer.properties, history)) if history else answer
    then, now = change
    if item.revision:  # locked before a change: the revision predates it, so the earlier license applies
        return answer if then.expression == entry.expression else replace(answer, license=then)
    if now.expression == entry.expression:
        return answer
    note = f"; locked {entry.locked_on}, before the license changed ({entry.expression} -> {now.expression})"
    return replace(answer, license=replace(now, evidence=now.evidence + note), locked_expression=entry.expression)


def locked_license(entry: LockEntry, shown: str) -> License:
    known = catalog().by_expression(entry.expression)
    evidence = f"{shown}: locked {entry.locked_on} from {entry.source or 'unknown source'}: {entry.evidence}"
    return License(
        expression=entry.expression,
        category=entry.category,
        source=SOURCE,
        evidence=evidence,
        name=entry.name,
        url=entry.url,
        commercial_use=known.commercial_use if known else None,
        obligations=known.obligations if known else (),
    )


def build_entries(components: Sequence[Component], previous: LockFile | None, today: str | None = None
                  ) -> list[LockEntry]:
    """Entries for every resolved component; unresolved ones have nothing to pin, and a name sent to a
    self-hosted server is not locked under its name (its license is that of the weights it names)."""
    today = today or dt.date.today().isoformat()
    entries = []
    for component in components:
        license_ = component.license
        if not isinstance(license_, License) or component.endpoint:
            continue  # (a self-hosted name's entry would answer for the same name at a provider)
        revision = component.resolved_revision or component.revision
        probe = Lookup(component.target, component.kind, component.revision)
        old = previous.find(probe) if previous else None
        unchanged = old is not None and old.expression == license_.expression and old.revision == revision
        if license_.source == SOURCE and old is not None:
            entries.append(old)  # answered from the lock itself: keep the original record
            continue
        entries.append(LockEntry(
            target=component.target, kind=component.kind, requested_revision=component.revision,
            revision=revision, expression=license_.expression, category=license_.category,
            name=license_.name, source=license_.source, evidence=license_.evidence, url=license_.url,
            locked_on=old.locked_on if unchanged and old else today,
            base_models=component.base_models, datasets=component.datasets,
        ))
    return sorted({e.key: e for e in entries}.values(), key=lambda e: e.key)


def render(entries: Sequence[LockEntry]) -> str:
    doc = {
        "format": FORMAT,
        "generated_by": f"mlgate {__version__}",
        "comment": "Written by `mlgate lock`. Commit it; `mlgate check` reports licenses that changed since.",
        "entries": [entry.to_json() for entry in sorted(entries, key=lambda e: e.key)],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_lock(path: Path, components: Sequence[Component], previous: LockFile | None) -> list[LockEntry]:
    entries = build_entries(components, previous)
    write_atomic(path, render(entries))
    return entries
