"""The Hugging Face Hub source: card data of models and datasets, through `huggingface_hub`.

`HF_ENDPOINT`, `HF_TOKEN` and `HF_HUB_OFFLINE` are read from the environment when the source
is built (the library reads some of them only once, at import). A lookup is answered from the
disk cache when a fresh record exists; otherwise, unless the run is offline, from the Hub
(see hub_client.py: concurrent, time-bounded, retried). Offline, nothing is requested: a
cache miss is `Unresolved(offline)` and later sources answer.

The license comes from `cardData` (`license`, `license_name`, `license_link`), else from
`license:*` tags; gated repos answer too (`model_info` works without access). A renamed repo
answers under its canonical id, kept as a property. Lineage comes from `baseModels` and the
card's `base_model`; datasets from the card's `datasets`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlgate.clock import SYSTEM_CLOCK, Clock
from mlgate.config import Environment, RunConfig
from mlgate.model import BaseModelLink, Kind, Unresolved, UnresolvedReason
from mlgate.redact import without_credentials
from mlgate.resolve.base import Answer, LicenseSource, Lookup
from mlgate.resolve.card import RELATIONS, CardFacts, facts_from_metadata, hub_ids
from mlgate.resolve.hub_cache import HubCache
from mlgate.targets import SENTENCE_TRANSFORMERS_MODELS, is_api_model, looks_like_hub_id

SOURCE = "hub"
DEFAULT_ENDPOINT = "https://huggingface.co"
DEFAULT_WORKERS = 32
# More Hub answers than this in one run, all "not found", means the endpoint is likely not the Hub.
ALL_NOT_FOUND_NOTE = 3
_REASONS = {
    "not-found": UnresolvedReason.NOT_FOUND,
    "gated": UnresolvedReason.GATED,
    "private": UnresolvedReason.PRIVATE,
    "invalid-id": UnresolvedReason.INVALID_ID,
    "offline": UnresolvedReason.OFFLINE,
    "network": UnresolvedReason.NETWORK,
}


@dataclass
class HubSettings:
    endpoint: str
    token: str | None
    offline: bool
    timeout: float
    budget: float
    cache_dir: Path
    ttl: float
    workers: int = DEFAULT_WORKERS
    # What the time budget and retry waits are measured with (tests inject a fake one).
    clock: Clock = field(default=SYSTEM_CLOCK, compare=False)
    wall_clock: Callable[[], float] = field(default=time.time, compare=False)  # the cache's expiry

    @classmethod
    def from_environment(cls, *, offline: bool, timeout: float, budget: float, cache_dir: Path, ttl: float,
                         endpoint: str | None = None, environment: Environment | None = None,
                         clock: Clock = SYSTEM_CLOCK) -> HubSettings:
        """Settings from the run's options and `environment` (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE);
        without one, the process environment as `config.Environment` reads it."""
        env = environment or Environment.current()
        return cls(
            endpoint=(endpoint or env.hf_endpoint or DEFAULT_ENDPOINT).rstrip("/"),
            token=env.hf_token,
            offline=offline or env.hf_offline,
            timeout=timeout,
            budget=budget,
            cache_dir=cache_dir,
            ttl=ttl,
            clock=clock,
        )

    def __repr__(self) -> str:  # never show the token, even in a debugger or a log line
        return f"HubSettings(endpoint={self.shown_endpoint!r}, offline={self.offline}, timeout={self.timeout})"

    @property
    def shown_endpoint(self) -> str:
        """The endpoint without any user:password part, for evidence and messages."""
        return without_credentials(self.endpoint)


@dataclass
class HubSource(LicenseSource):
    settings: HubSettings
    name: str = SOURCE
    requests: int = 0
    not_asked: int = 0  # offline cache misses
    failed: int = 0  # network failures
    asked: int = 0
    answered: int = 0  # Hub answers, fresh or cached (not network failures, not offline misses)
    not_found: int = 0  # of which "not found"
    budget: Any = None  # hub_client.Budget, created at the first network lookup

    def notes(self) -> tuple[str, ...]:
        """What the user should know about this run's Hub lookups (one line each, totals)."""
        found: list[str] = []
        if self.not_asked:
            found.append(f"offline: {self.not_asked} Hub lookup(s) not made; later sources answered where they could")
        if self.failed:
            found.append(f"the Hub at {self.settings.shown_endpoint} did not answer {self.failed} of {self.asked} "
                         "lookup(s); later sources answered where they could")
        if self.answered > ALL_NOT_FOUND_NOTE and self.not_found == self.answered:
            found.append(f"the Hub at {self.settings.shown_endpoint} answered \"not found\" to all {self.answered} "
                         "lookups: if those repositories exist, HF_ENDPOINT or a proxy points somewhere that is not "
                         "the Hub (these answers are cached only briefly)")
        return tuple(found)

    def lookup(self, lookups: Sequence[Lookup]) -> Mapping[Lookup, Answer]:
        settings = self.settings
        cache = HubCache(settings.cache_dir / "hub", settings.shown_endpoint, settings.ttl, settings.wall_clock)
        answers: dict[Lookup, Answer] = {}
        misses: list[Lookup] = []
        for item in lookups:
            if not is_hub_lookup(item):
                continue
            record = cache.get(_kind(item), hub_name(item), item.revision)
            if record is None:
                misses.append(item)
            else:
                answers[item] = self._answer(item, record["status"], record["data"], record["detail"], cached=True)
        if not misses:
            return answers
        if settings.offline:
            for item in misses:
                answers[item] = Answer(Unresolved(UnresolvedReason.OFFLINE, "the Hub was not asked (offline) and "
                                                  "no fresh cached answer exists", SOURCE))
            self.not_asked += len(misses)
            return answers
        answers.update(self._fetch(misses, cache))
        return answers

    def _fetch(self, misses: list[Lookup], cache: HubCache) -> dict[Lookup, Answer]:
        from mlgate.resolve.hub_client import Budget, Key, Outcome, fetch_all

        settings = self.settings
        if self.budget is None:
            self.budget = Budget(settings.budget, settings.clock)
        by_key: dict[Key, Lookup] = {(_kind(item), hub_name(item), item.revision): item for item in misses}

        def remember(key: Key, outcome: Outcome) -> None:
            if outcome.status in ("ok", "not-found", "gated", "private", "invalid-id"):
                cache.put(*key, outcome.status, data=outcome.data, detail=outcome.detail)

        outcomes = fetch_all(list(by_key), endpoint=settings.endpoint, token=settings.token,
                             timeout=settings.timeout, budget=self.budget, workers=settings.workers,
                             on_outcome=remember)
        answers = {}
        for key, outcome in outcomes.items():
            self.requests += outcome.attempts
            self.failed += outcome.status == "network"
            answers[by_key[key]] = self._answer(by_key[key], outcome.status, outcome.data or {}, outcome.detail)
        self.asked += len(outcomes)
        return answers

    def _answer(self, item: Lookup, status: str, data: dict[str, Any], detail: str, cached: bool = False) -> Answer:
        if status != "network":
            self.answered += 1
            self.not_found += status == "not-found"
        if status != "ok":
            reason = _REASONS.get(status, UnresolvedReason.NETWORK)
            where = " (cached)" if cached else ""
            return Answer(Unresolved(reason, f"{self.settings.shown_endpoint}: {detail}{where}", SOURCE))
        return answer_from_record(item, data, self.settings.shown_endpoint, cached=cached)


def answer_from_record(item: Lookup, data: dict[str, Any], endpoint: str, cached: bool = False) -> Answer:
    """An Answer from the Hub's JSON (fresh or cached); the evidence quotes the fields used."""
    ident = data.get("id")
    canonical: str = ident if isinstance(ident, str) else item.target
    sha = data.get("sha") if isinstance(data.get("sha"), str) else None
    facts = facts_from_metadata(data.get("cardData"))
    if not facts.declares_license:
        tags = data.get("tags")
        tagged = [t.split(":", 1)[1] for t in (tags if isinstance(tags, list) else ())
                  if isinstance(t, str) and t.startswith("license:")]
        facts = CardFacts(license=tagged[0] if len(tagged) == 1 else tagged or None,
                          base_models=facts.base_models, datasets=facts.datasets, pipeline_tag=facts.pipeline_tag)
        fields = f"tags license:{', license:'.join(tagged)}" if tagged else "no license in cardData or tags"
    else:
        fields = f"cardData {facts.describe()}"
    folder = "datasets/" if item.kind is Kind.DATASET else ""
    api = f"{endpoint}/api/{'datasets' if item.kind is Kind.DATASET else 'models'}/{canonical}"
    at = f" at {sha[:12]}" if sha else ""
    evidence = f"Hub {api}{at}: {fields}" + (" (cached answer)" if cached else "")
    link = facts.license_link
    if link and "://" not in link:  # `LICENSE` / `LICENSE.md`: a file in the repo
        link = f"{endpoint}/{folder}{canonical}/blob/{sha or 'main'}/{link.lstrip('./')}"
    license_ = facts.to_license(source=SOURCE, evidence=evidence, link=link)
    properties: list[tuple[str, str]] = []
    if canonical != item.target:
        properties.append(("hub-canonical-id", canonical))
    task = data.get("pipeline_tag") if isinstance(data.get("pipeline_tag"), str) else facts.pipeline_tag
    if task:
        properties.append(("pipeline_tag", task))
    modified = data.get("lastModified")
    if isinstance(modified, str):
        properties.append(("hub-last-modified", modified))
    if data.get("private") is True:
        properties.append(("hub-private", "true"))
    if data.get("disabled") is True:
        properties.append(("hub-disabled", "true"))
    gated = data.get("gated")
    return Answer(
        license_,
        revision=sha,
        canonical=canonical,
        base_models=_bases(data, facts),
        datasets=facts.datasets,
        gated=bool(gated) if gated is not None else None,
        properties=tuple(properties),
    )


def _bases(data: dict[str, Any], facts: CardFacts) -> tuple[BaseModelLink, ...]:
    """`baseModels` (Hub-computed, with relation) first, then the card's `base_model`."""
    raw = data.get("baseModels")
    groups = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    links: dict[str, BaseModelLink] = {}
    for group in groups:
        if not isinstance(group, dict):
            continue
        relation = group.get("relation")
        relation = relation if relation in RELATIONS else "finetune"
        models = group.get("models")
        for model in models if isinstance(models, list) else []:
            ident = model.get("id") if isinstance(model, dict) else None
            if isinstance(ident, str) and hub_ids(ident):
                links.setdefault(ident.lower(), BaseModelLink(ident, relation))
    for link in facts.base_models:
        links.setdefault(link.target.lower(), link)
    return tuple(links.values())


def is_hub_lookup(item: Lookup) -> bool:
    """Hub-shaped ids of models, adapters and datasets (not API names, paths or Ollama tags)."""
    if item.kind not in (Kind.MODEL, Kind.ADAPTER, Kind.DATASET):
        return False
    if item.kind is not Kind.DATASET and is_api_model(item.target):
        return False
    return looks_like_hub_id(item.target, allow_bare=True)


def hub_name(item: Lookup) -> str:
    """The repository the Hub is asked for: the target, but for a Sentence-Transformers model named
    bare (`all-MiniLM-L6-v2`), which the library loads from its organisation and the Hub does not
    redirect, `sentence-transformers/<name>`."""
    if item.kind is Kind.MODEL and item.target in SENTENCE_TRANSFORMERS_MODELS:
        return f"sentence-transformers/{item.target}"
    return item.target


def _kind(item: Lookup) -> str:
    return "dataset" if item.kind is Kind.DATASET else "model"


def source(config: RunConfig, later: LicenseSource) -> LicenseSource | None:
    settings = HubSettings.from_environment(
        offline=config.offline, timeout=config.timeout, budget=config.settings.hub_budget,
        cache_dir=config.cache_root(),
        ttl=config.settings.cache_expiry_hours * 3600, endpoint=config.hub_endpoint, environment=config.environment,
        clock=config.clock,
    )
    return HubSource(settings)
