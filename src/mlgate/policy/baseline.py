"""Baselines: adopt the gate on an existing repository and fail only on new findings.

The file records (rule, target, path) for every accepted finding, never line numbers, so
moving code does not churn it. A finding's locations in files recorded for its rule and
target are baselined; a new file using an already-accepted model is new, and removing one use
of it is not. Written atomically, sorted, versioned.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from mlgate import __version__
from mlgate.atomic import write_atomic
from mlgate.errors import ConfigError, UsageError
from mlgate.model import Finding

BASELINE_VERSION = 1
DEFAULT_BASELINE = ".mlgate-baseline.json"

NEW_MARK = "baseline"  # Finding.extra key on findings a baseline was applied to but does not cover
Key = tuple[str, str, str]  # (rule id, target, path); path "" for a finding without locations


def keys(finding: Finding) -> set[Key]:
    paths = {loc.path for loc in finding.locations} or {""}
    return {(finding.rule_id, baseline_target(finding), path) for path in paths}


def baseline_target(finding: Finding) -> str:
    """The finding's target as a baseline records it: a name sent to a self-hosted server is another
    component than the same name at a provider (`chatglm3-6b @ http://127.0.0.1:8000/v1`), so one
    accepted entry never covers both."""
    endpoint = finding.component.endpoint
    return f"{finding.component.target} @ {endpoint}" if endpoint else finding.component.target


@dataclass(frozen=True)
class Baseline:
    entries: frozenset[Key]

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Baseline:
        """The baseline accepting `findings` (waived ones are left out: their waiver may expire)."""
        return cls(frozenset(k for f in findings if not f.waived for k in keys(f)))

    def covers(self, finding: Finding) -> bool:
        return keys(finding) <= self.entries

    def apply(self, findings: Sequence[Finding]) -> list[Finding]:
        """The findings with what the baseline covers marked `baselined` (reported, not failing).

        A finding recorded for some of its files only is split: the recorded locations are
        baselined, the others stay a finding of their own (marked new), so the report shows
        exactly what is new.
        """
        out: list[Finding] = []
        for finding in findings:
            if finding.waived:
                out.append(finding)
                continue
            if not finding.locations:
                out.append(self._mark(finding, self.covers(finding)))
                continue
            target = baseline_target(finding)
            old = tuple(loc for loc in finding.locations if (finding.rule_id, target, loc.path) in self.entries)
            new = tuple(loc for loc in finding.locations if loc not in old)
            if old:
                out.append(self._mark(replace(finding, locations=old), True))
            if new:
                out.append(self._mark(replace(finding, locations=new), False))
        return out

    @staticmethod
    def _mark(finding: Finding, accepted: bool) -> Finding:
        if accepted:
            return replace(finding, baselined=True)
        return replace(finding, extra=(*finding.extra, (NEW_MARK, "new")))

    def stale(self, findings: Iterable[Finding]) -> set[Key]:
        """Entries no finding of this run has any more (fixed, or moved to another file)."""
        return set(self.entries) - {k for f in findings for k in keys(f)}

    def render(self) -> str:
        doc = {
            "version": BASELINE_VERSION,
            "generated_by": f"mlgate {__version__}",
            "about": "Findings accepted when this baseline was written; `mlgate check --baseline` fails only "
                     "on others. Regenerate with `mlgate check --update-baseline`.",
            "findings": [{"rule": r, "target": t, "path": p} for r, t, p in sorted(self.entries)],
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: Path, baseline: Baseline) -> None:
    try:
        write_atomic(path, baseline.render())
    except OSError as exc:
        raise UsageError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None


def load_baseline(path: Path) -> Baseline:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: baseline file not found; create it with --update-baseline") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read baseline: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(path, f"invalid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION:
        found = doc.get("version") if isinstance(doc, dict) else type(doc).__name__
        raise ConfigError(path, f"version: got {found!r}, expected {BASELINE_VERSION} (an mlgate baseline file)")
    entries = doc.get("findings")
    if not isinstance(entries, list):
        raise ConfigError(path, "findings: expected a list")
    found_keys: set[Key] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("rule", "target", "path")):
            raise ConfigError(path, f"findings[{index}]: expected {{rule, target, path}} strings, got {entry!r}")
        found_keys.add((entry["rule"], entry["target"], entry["path"]))
    return Baseline(frozenset(found_keys))


def apply_baseline(findings: Sequence[Finding], path: Path, *, update: bool) -> tuple[list[Finding], tuple[str, ...]]:
    """Findings with those the baseline accepts marked, and status lines for the terminal.

    With `update`, the file is first rewritten to accept every finding given.
    """
    status: list[str] = []
    if update:
        accepted = Baseline.of(findings)
        write_baseline(path, accepted)
        status.append(f"wrote {path} ({len(accepted.entries)} accepted finding locations)")
    else:
        accepted = load_baseline(path)
    marked = accepted.apply(findings)
    stale = accepted.stale(marked)
    if stale:
        status.append(f"{len(stale)} entries in {path} no longer occur; --update-baseline drops them")
    return marked, tuple(status)
