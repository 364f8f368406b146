"""The network path to the Hub: `HfApi.model_info` / `dataset_info`, concurrent, bounded, retried.

Only imported when a lookup is not answered by the disk cache and the run is online, because
importing huggingface_hub costs a few hundred milliseconds.

What `huggingface_hub` does not do and this module does (see FACTS.md):
- a timeout on every request (the library waits forever by default), clipped to what is left
  of the run's total time budget;
- retries of 429 and 5xx (and malformed or cut-off replies) with exponential backoff that
  honours `Retry-After` and `RateLimit: "api";r=0;t=<seconds>`; a 429 pauses every worker;
- a circuit breaker: after a few consecutive timeouts or refused connections the remaining
  lookups fail at once instead of each waiting out its own timeout;
- worker threads are daemons and the caller stops waiting at the deadline, so a stalled or
  trickling server can never hold a run (or the interpreter's exit) hostage;
- huggingface_hub's telemetry is off while mlgate's lookups run: with it on, the first request
  of a process also fetches `<HF_ENDPOINT as of import>/api/agent-harnesses` (3 s timeout, once
  per racing thread), which ignores the endpoint mlgate was given, reaches huggingface.co from
  an air-gapped or mirrored setup, and stalled cold runs by seconds (measured: 5 s of 5.5 s).

Error details are written here from status codes and exception types, never copied from
exception text or headers, so a token cannot leak into a message.
"""

from __future__ import annotations

import contextlib
import email.utils
import queue
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mlgate import __version__

EXPAND = {
    "model": ["cardData", "sha", "lastModified", "gated", "private", "disabled", "tags", "baseModels", "pipeline_tag"],
    "dataset": ["cardData", "sha", "lastModified", "gated", "private", "disabled", "tags"],
}
CARD_FIELDS = ("license", "license_name", "license_link", "base_model", "base_model_relation", "datasets",
               "pipeline_tag")
MAX_ATTEMPTS = 4
BREAKER_LIMIT = 3
MAX_BACKOFF = 8.0
_RATELIMIT_T = re.compile(r"(?:^|;)\s*t=(\d+(?:\.\d+)?)")

Key = tuple[str, str, str | None]  # (kind, repo id, revision)


@dataclass(frozen=True)
class Outcome:
    """What one lookup came to. `status`: ok, not-found, gated, private, invalid-id, network, offline."""

    status: str
    data: dict[str, Any] | None = None
    detail: str = ""
    attempts: int = 0


@dataclass(frozen=True)
class _Verdict:
    status: str
    detail: str
    retry_after: float | None = None  # set: retryable, with the server's hint (0 = no hint)
    transport: bool = False  # counts towards the circuit breaker


class Budget:
    """What all Hub lookups of one run share: the deadline, the rate-limit pause, the circuit breaker.

    One per HubSource, so lineage rounds and lock checks spend the same budget and a Hub that
    failed in one round is not tried again in the next.
    """

    def __init__(self, budget: float) -> None:
        self.budget = budget
        self.deadline = time.monotonic() + budget
        self.lock = threading.Lock()
        self.not_before = 0.0
        self.failures = 0
        self.open_reason: str | None = None

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def blocked(self) -> str | None:
        if self.open_reason:
            return self.open_reason
        if self.remaining() <= 0:
            return f"the Hub time budget of {self.budget:g}s is spent"
        return None

    def wait_turn(self) -> None:
        """Sleep out a rate-limit pause (never past the deadline)."""
        with self.lock:
            until = min(self.not_before, self.deadline)
        delay = until - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def pause(self, seconds: float) -> None:
        with self.lock:
            self.not_before = max(self.not_before, time.monotonic() + seconds)

    def record(self, verdict: _Verdict | None) -> None:
        with self.lock:
            if verdict is None or not verdict.transport:
                self.failures = 0
                return
            self.failures += 1
            if self.failures >= BREAKER_LIMIT and self.open_reason is None:
                self.open_reason = f"not tried: the Hub failed {self.failures} times in a row ({verdict.detail})"


def fetch_all(
    keys: Sequence[Key],
    *,
    endpoint: str,
    token: str | None,
    timeout: float,
    budget: Budget,
    workers: int,
    on_outcome: Callable[[Key, Outcome], None] | None = None,
) -> dict[Key, Outcome]:
    """Look every key up on the Hub; every key gets an Outcome by the budget's deadline."""
    from huggingface_hub import HfApi, constants

    token = token or _saved_token()
    api = HfApi(endpoint=endpoint, token=token or False, library_name="mlgate", library_version=__version__)
    telemetry = constants.HF_HUB_DISABLE_TELEMETRY
    constants.HF_HUB_DISABLE_TELEMETRY = True  # see the module docstring; restored below
    try:
        return _run_pool(api, keys, timeout, budget, workers, on_outcome)
    finally:
        constants.HF_HUB_DISABLE_TELEMETRY = telemetry


def _run_pool(api: Any, keys: Sequence[Key], timeout: float, state: Budget, workers: int,
              on_outcome: Callable[[Key, Outcome], None] | None) -> dict[Key, Outcome]:
    jobs: queue.SimpleQueue[Key] = queue.SimpleQueue()
    for key in keys:
        jobs.put(key)
    done: queue.SimpleQueue[tuple[Key, Outcome]] = queue.SimpleQueue()

    def work() -> None:
        while True:
            try:
                key = jobs.get_nowait()
            except queue.Empty:
                return
            outcome = fetch_one(api, key, state, timeout)
            if on_outcome is not None:
                with contextlib.suppress(Exception):  # a cache write must not lose the answer
                    on_outcome(key, outcome)
            done.put((key, outcome))

    for index in range(max(1, min(workers, len(keys)))):
        threading.Thread(target=work, name=f"mlgate-hub-{index}", daemon=True).start()
    results: dict[Key, Outcome] = {}
    while len(results) < len(keys):
        left = state.remaining() + 0.5
        try:
            key, outcome = done.get(timeout=max(left, 0.01))
        except queue.Empty:
            break
        results[key] = outcome
    # Workers still waiting on a stalled reply are abandoned (daemon threads); past the deadline,
    # `blocked()` stops them from starting another request.
    spent = f"no answer from the Hub within the {state.budget:g}s time budget"
    return {key: results.get(key) or Outcome("network", detail=spent) for key in keys}


def fetch_one(api: Any, key: Key, state: Budget, timeout: float) -> Outcome:
    kind, repo_id, revision = key
    getter = api.dataset_info if kind == "dataset" else api.model_info
    attempts = 0
    while True:
        reason = state.blocked()
        if reason:
            return Outcome("network", detail=reason, attempts=attempts)
        state.wait_turn()
        limit = min(timeout, state.remaining())
        if limit <= 0:
            continue  # the next loop reports the spent budget
        attempts += 1
        try:
            info = getter(repo_id, revision=revision, timeout=limit, expand=EXPAND[kind])
            data = record_of(info, kind)
        except Exception as exc:  # every failure becomes a value; see classify()
            verdict = classify(exc, limit)
        else:
            state.record(None)
            return Outcome("ok", data, attempts=attempts)
        if verdict.retry_after is not None and attempts < MAX_ATTEMPTS:
            wait = verdict.retry_after or _backoff(attempts)
            if wait < state.remaining():
                if verdict.status == "rate-limited":
                    state.pause(wait)
                    continue
                time.sleep(wait)
                continue
            detail = f"{verdict.detail}; retrying after {wait:g}s would pass the time budget"
            return Outcome("network", detail=detail, attempts=attempts)
        state.record(verdict)
        status = "network" if verdict.status == "rate-limited" else verdict.status
        suffix = f" after {attempts} attempts" if attempts > 1 else ""
        return Outcome(status, detail=verdict.detail + suffix, attempts=attempts)


def classify(exc: Exception, timeout: float) -> _Verdict:
    """Map a failed call to a stable status and a message written here (never the exception text)."""
    import httpx2
    from huggingface_hub import errors

    if isinstance(exc, errors.GatedRepoError):
        return _Verdict("gated", "gated repository: access not granted (set HF_TOKEN for an account that "
                        "accepted its terms)")
    if isinstance(exc, errors.RevisionNotFoundError):
        return _Verdict("not-found", "no such revision on the Hub")
    if isinstance(exc, errors.DisabledRepoError):
        return _Verdict("not-found", "the repository is disabled on the Hub")
    if isinstance(exc, errors.RepositoryNotFoundError):
        status = _status(exc)
        if status in (401, 403):
            return _Verdict("private", f"the Hub refused access (HTTP {status}): private, or does not exist")
        return _Verdict("not-found", "no such repository on the Hub")
    if isinstance(exc, errors.HFValidationError):
        return _Verdict("invalid-id", "not a valid Hub repository id")
    if isinstance(exc, errors.OfflineModeIsEnabled):
        return _Verdict("offline", "huggingface_hub is in offline mode (HF_HUB_OFFLINE)")
    if isinstance(exc, errors.HfHubHTTPError):
        status = _status(exc)
        if status == 429:
            return _Verdict("rate-limited", "rate limited by the Hub (HTTP 429)", _retry_hint(exc))
        if status is not None and status >= 500:
            return _Verdict("network", f"the Hub answered HTTP {status}", _retry_hint(exc))
        if status in (401, 403):
            return _Verdict("private", f"the Hub refused access (HTTP {status})")
        if status == 404:
            return _Verdict("not-found", "no such repository on the Hub")
        return _Verdict("network", f"the Hub answered HTTP {status}")
    if isinstance(exc, httpx2.TimeoutException):
        return _Verdict("network", f"no answer from the Hub within {timeout:g}s", transport=True)
    if isinstance(exc, httpx2.ConnectError | httpx2.NetworkError) and not isinstance(exc, httpx2.ReadError):
        return _Verdict("network", "cannot connect to the Hub", transport=True)
    if isinstance(exc, httpx2.TooManyRedirects):
        return _Verdict("network", "the Hub redirected too many times (a redirect loop)")
    if isinstance(exc, httpx2.TransportError | httpx2.DecodingError):
        return _Verdict("network", "the Hub's reply was cut off or garbled", 0.0)
    if isinstance(exc, ValueError | KeyError | TypeError | AttributeError):
        return _Verdict("network", "the Hub sent a malformed reply", 0.0)
    return _Verdict("network", f"Hub request failed ({type(exc).__name__})")


def record_of(info: Any, kind: str) -> dict[str, Any]:
    """The fields mlgate uses, in the Hub's JSON shape (what the disk cache stores)."""
    if not isinstance(getattr(info, "id", None), str):
        raise ValueError("reply without an id")
    card = getattr(info, "card_data", None)
    card_fields: dict[str, Any] = {}
    for name in CARD_FIELDS:
        value = getattr(card, name, None) if card is not None else None
        if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            card_fields[name] = value
    modified = getattr(info, "last_modified", None)
    data: dict[str, Any] = {
        "id": info.id,
        "sha": info.sha if isinstance(info.sha, str) else None,
        "lastModified": modified.isoformat() if modified is not None else None,
        "private": info.private if isinstance(info.private, bool) else None,
        "gated": info.gated if isinstance(info.gated, str | bool) else None,
        "disabled": info.disabled if isinstance(info.disabled, bool) else None,
        "tags": [t for t in (info.tags or []) if isinstance(t, str) and t.startswith("license:")],
        "cardData": card_fields,
    }
    task = getattr(info, "pipeline_tag", None) if kind == "model" else None
    if isinstance(task, str):
        data["pipeline_tag"] = task
    bases = getattr(info, "base_models", None) if kind == "model" else None
    if isinstance(bases, dict | list):
        data["baseModels"] = bases
    return data


def _saved_token() -> str | None:
    """The token `hf auth login` saved, read once per run (the library would re-read it per request)."""
    try:
        from huggingface_hub import get_token

        return get_token()
    except Exception:  # an unreadable token file or a failed OIDC exchange: go anonymous
        return None


def _status(exc: Exception) -> int | None:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def _retry_hint(exc: Exception) -> float:
    """Seconds the server asked us to wait (`Retry-After`, `RateLimit` t=), 0.0 when it did not say."""
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    hints = []
    retry_after = headers.get("Retry-After")
    if retry_after:
        if retry_after.strip().isdigit():
            hints.append(float(retry_after.strip()))
        else:
            try:
                when = email.utils.parsedate_to_datetime(retry_after)
                hints.append(max(0.0, when.timestamp() - time.time()))
            except (TypeError, ValueError, IndexError):
                pass
    ratelimit = headers.get("RateLimit")
    if ratelimit and (match := _RATELIMIT_T.search(ratelimit)):
        hints.append(float(match.group(1)))
    return float(max(hints, default=0.0))


def _backoff(attempt: int) -> float:
    base = min(MAX_BACKOFF, 0.25 * 2.0 ** (attempt - 1))
    return float(base * random.uniform(0.75, 1.25))
