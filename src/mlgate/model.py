"""The data types every stage of the pipeline shares.

All are frozen: a stage takes values and returns new ones, so results can be cached,
hashed, compared and serialised without anyone mutating them behind another's back.
A failed lookup is a value (`Unresolved`), never an exception, because the policy must
see what could not be verified.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the policy document's types are domain values too; they need `Severity` from here
    from mlgate.policy_spec import Policy


class Kind(StrEnum):
    """What a reference names."""

    MODEL = "model"
    ADAPTER = "adapter"
    DATASET = "dataset"
    API_MODEL = "api-model"
    LOCAL_PATH = "local-path"


class Role(StrEnum):
    """Whether the code consumes the target or produces it (output dirs, push targets)."""

    INPUT = "input"
    OUTPUT = "output"


class Category(StrEnum):
    """What a license means for a product, coarse enough for a policy to reason about."""

    PERMISSIVE = "permissive"
    WEAK_COPYLEFT = "weak-copyleft"
    COPYLEFT = "copyleft"
    RESPONSIBLE_AI = "responsible-ai"
    COMMUNITY_CONDITIONAL = "community-conditional"
    NON_COMMERCIAL = "non-commercial"
    RESEARCH_ONLY = "research-only"
    PROPRIETARY_API = "proprietary-api"
    UNKNOWN = "unknown"

    @property
    def restrictiveness(self) -> int:
        """Order used to compare a derivative with its base (higher = more restrictive)."""
        return _RESTRICTIVENESS[self]


_RESTRICTIVENESS = {
    Category.PERMISSIVE: 0,
    Category.WEAK_COPYLEFT: 1,
    Category.COPYLEFT: 2,
    Category.RESPONSIBLE_AI: 2,
    Category.COMMUNITY_CONDITIONAL: 3,
    Category.PROPRIETARY_API: 4,
    Category.NON_COMMERCIAL: 5,
    Category.RESEARCH_ONLY: 6,
    Category.UNKNOWN: 7,
}


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class UnresolvedReason(StrEnum):
    """Why no license could be established. Stable strings: they appear in BOMs and JSON."""

    NOT_FOUND = "not-found"
    GATED = "gated"
    PRIVATE = "private"
    NETWORK = "network-failure"
    OFFLINE = "offline"
    INVALID_ID = "invalid-id"
    NO_LICENSE = "no-license-declared"
    UNKNOWN_TARGET = "unknown-target"
    # An API model name sent to a server the code runs itself (`base_url="http://127.0.0.1:8000/v1"`):
    # no provider's terms apply, and the name does not say whose weights the server runs.
    SELF_HOSTED = "self-hosted-endpoint"


@dataclass(frozen=True, order=True)
class Location:
    """Where a reference stands. `path` is POSIX, relative to the scan root; `line` is 1-based."""

    path: str
    line: int
    column: int = 0
    cell: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where} (cell {self.cell})" if self.cell is not None else where


@dataclass(frozen=True)
class Suppression:
    """An inline `# mlgate: ignore[rule, ...] reason` on the reference's line.

    `rules` empty means every rule (and, for `scan`, the reference is not reported at all).
    """

    rules: tuple[str, ...] = ()
    reason: str = ""

    def covers(self, rule_id: str) -> bool:
        return not self.rules or rule_id in self.rules


@dataclass(frozen=True)
class Reference:
    """One place in the code base that names a model, adapter, dataset or API model."""

    target: str
    kind: Kind
    location: Location
    via: str
    revision: str | None = None
    role: Role = Role.INPUT
    suppression: Suppression | None = None
    # A fill-in value (`your-username/model`) where a name says model: shown, never resolved or judged.
    placeholder: bool = False
    # Where the value was written, when it reached this use through a name (`MODEL_ID = "x"`
    # then `from_pretrained(MODEL_ID)`): the line a developer edits to change the model.
    origin: Location | None = None
    # An API model reference whose module sends its calls to a self-hosted server only (a local,
    # loopback or private-network base URL, `scan.python.endpoints`): that URL, without user-info,
    # query or fragment (several, space-separated, when the module configures several). Not part of
    # the identity: a baseline does not churn when a server moves.
    endpoint: str | None = None

    @property
    def identity(self) -> tuple[str, str, str, str, str]:
        """Identity for baselines: ignores line and column so moving code does not churn."""
        return (self.target, self.kind.value, self.location.path, self.via, self.role.value)


@dataclass(frozen=True)
class Obligation:
    """One duty or restriction a license imposes (attribution, MAU cap, AUP, ...)."""

    id: str
    text: str


@dataclass(frozen=True)
class License:
    """A license fact with its provenance.

    `expression` is an SPDX id or expression, or a `LicenseRef-…`; `source` names where it
    came from (hub, card, gguf, safetensors, knowledge-base, override, lock, hf-cache);
    `evidence` is the exact field or text it was read from.
    """

    expression: str
    category: Category
    source: str
    evidence: str
    name: str | None = None
    url: str | None = None
    commercial_use: str | None = None
    obligations: tuple[Obligation, ...] = ()
    declared: str | None = None  # the raw value as the source declared it (e.g. "other/qwen")


@dataclass(frozen=True)
class Unresolved:
    """No license could be established; `reason` is stable, `detail` is for humans."""

    reason: UnresolvedReason
    detail: str = ""
    source: str | None = None

    @property
    def category(self) -> Category:
        return Category.UNKNOWN

    def __str__(self) -> str:
        return f"{self.reason.value}: {self.detail}" if self.detail else self.reason.value


LicenseResult = License | Unresolved


# The component property naming the self-hosted endpoint(s) of an API model component.
SELF_HOSTED_PROPERTY = "self-hosted-endpoint"


@dataclass(frozen=True)
class BaseModelLink:
    """A lineage edge: this component derives from `target` by `relation`."""

    target: str
    relation: str = "finetune"  # finetune | adapter | quantized | merge


@dataclass(frozen=True)
class Component:
    """One unique target with everything mlgate learned about it."""

    target: str
    kind: Kind
    license: LicenseResult
    references: tuple[Reference, ...] = ()
    revision: str | None = None
    base_models: tuple[BaseModelLink, ...] = ()
    datasets: tuple[str, ...] = ()
    gated: bool | None = None
    properties: tuple[tuple[str, str], ...] = ()
    # Set by the lock source: the license expression recorded in mlgate.lock, when it differs
    # from what was resolved now ("license changed upstream since locked").
    locked_expression: str | None = None
    # Targets of the components whose lineage brought this one in (base models, datasets
    # named in a card rather than in code). Empty for components the code names itself.
    introduced_by: tuple[str, ...] = ()
    # The commit sha a source resolved (the Hub's answer, a lock entry, a cache snapshot).
    # `revision` stays what the code asked for, so `pinned` still says whether the code pins.
    resolved_revision: str | None = None

    @property
    def category(self) -> Category:
        return self.license.category

    @property
    def pinned(self) -> bool:
        """Whether the revision is an exact commit sha (a branch or tag can move)."""
        rev = self.revision or ""
        return len(rev) == 40 and all(c in "0123456789abcdefABCDEF" for c in rev)

    @property
    def resolved(self) -> bool:
        return isinstance(self.license, License)

    @property
    def endpoint(self) -> str | None:
        """The self-hosted server(s) an API model component's references send its name to, if any.
        Such a component is never merged with the same name at a provider: each has its own verdict."""
        return dict(self.properties).get(SELF_HOSTED_PROPERTY)

    @property
    def locations(self) -> tuple[Location, ...]:
        return tuple(sorted({r.location for r in self.references}))


@dataclass(frozen=True)
class Finding:
    """A policy verdict about one component, with the places that make it matter."""

    rule_id: str
    severity: Severity
    message: str
    component: Component
    locations: tuple[Location, ...] = ()
    waived_by: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())
    # Recorded in the baseline file: reported, but not failing (an old finding, not a new one).
    baselined: bool = False

    @property
    def waived(self) -> bool:
        return self.waived_by is not None

    @property
    def active(self) -> bool:
        """Neither waived nor recorded in the baseline: a finding that still counts."""
        return self.waived_by is None and not self.baselined

    def fails(self, threshold: Severity) -> bool:
        """Whether this finding fails a run that fails at `threshold`."""
        return self.active and self.severity.rank >= threshold.rank

    @property
    def identity(self) -> tuple[str, str, tuple[str, ...]]:
        """Identity for baselines: rule, target and files, never line numbers."""
        return (self.rule_id, self.component.target, tuple(sorted({loc.path for loc in self.locations})))


@dataclass(frozen=True)
class Skipped:
    """A file the scan did not read, and why (binary, too large, unreadable, ...)."""

    path: str
    reason: str


@dataclass(frozen=True)
class ScanResult:
    """What the scan stage found: references, and the files it did not read."""

    references: list[Reference] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    files_scanned: int = 0
    # Set by the pipeline: files the walk listed under the paths, and how many of those the
    # settings' `exclude` dropped (so an empty scan can say why nothing was read).
    files_listed: int = 0
    files_excluded: int = 0
    # Paths besides the scanned files whose presence or content shaped the result (the modules
    # whose constants were looked up): a rescan may reuse the result only if they are unchanged.
    consulted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """One run of the pipeline: what was found, resolved and judged.

    Frozen: a step that changes a finished run (the baseline step) returns a new one
    (`dataclasses.replace`).
    """

    root: Path
    references: list[Reference] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    policy: Policy | None = None
    files_scanned: int = 0
    # Things the user should know that are not findings (Hub unreachable, cache stale, ...).
    notes: list[str] = field(default_factory=list)
    # What the run did to the project's own files (baseline written, stale baseline entries):
    # lines for the terminal, part of no report.
    status: tuple[str, ...] = ()
    # The scan's paths besides the listed files whose state shaped its references (`ScanResult.consulted`).
    consulted: tuple[str, ...] = ()

    def failing(self, threshold: Severity) -> list[Finding]:
        """Findings at or above `threshold` that are neither waived nor in the baseline."""
        return [f for f in self.findings if f.fails(threshold)]
