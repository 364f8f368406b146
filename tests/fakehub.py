"""A local, Hub-shaped HTTP server for tests and benchmarks (`ThreadingHTTPServer` on 127.0.0.1:0).

It answers what the real `huggingface_hub` client asks for `model_info` / `dataset_info`:

- `GET /api/models/{id}` and `/api/models/{id}/revision/{rev}` (datasets likewise) with the
  recorded-shape JSON in `fixtures/hub/models/<org>/<name>.json` (`datasets/` for datasets);
- renamed repos (`fixtures/hub/special.json` "redirects") as a 307 to the canonical id;
- errors with `X-Error-Code` / `X-Error-Message` the way the Hub sends them (404 RepoNotFound,
  401/403 GatedRepo, 404 RevisionNotFound), configured in `special.json` "errors".

Tests script faults per repo with `hub.script(repo_id, Reply(...), ...)`: each request for that
repo consumes the next scripted reply (status, headers, body, delay, truncated body, dropped
connection, redirect) before the fixture answers again. Every request is recorded, so tests
assert request counts. Fixture keys starting with `_` are not served: `_revisions` maps a
revision to the fields that differ at that commit (license drift).

Run it standalone for a benchmark: `python tests/fakehub.py --delay 0.1 --synthetic`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

FIXTURES_HUB = Path(__file__).resolve().parents[1] / "fixtures" / "hub"
REPO_TYPES = {"models": "model", "datasets": "dataset"}


@dataclass
class Reply:
    """One scripted answer. `body` may be a dict (sent as JSON) or raw bytes (e.g. malformed JSON)."""

    status: int = 200
    body: dict[str, Any] | bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    truncate: bool = False  # announce the full length, send half, close
    drop: bool = False  # close the connection without any response
    use_fixture: bool = False  # after `delay`, answer from the fixture as usual
    hold: bool = False  # never answer: hold the connection until the hub stops (a stalled server)


@dataclass(frozen=True)
class Request:
    method: str
    kind: str
    repo_id: str
    revision: str | None
    expand: tuple[str, ...]
    authorization: str | None


def load_fixtures(root: Path = FIXTURES_HUB) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, Any]]:
    """{(kind, repo_id): response JSON} and the special behaviours from `special.json`."""
    repos: dict[tuple[str, str], dict[str, Any]] = {}
    for folder, kind in REPO_TYPES.items():
        base = root / folder
        for path in sorted(base.glob("*/*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            repos[(kind, data["id"])] = data
    special_path = root / "special.json"
    special = json.loads(special_path.read_text(encoding="utf-8")) if special_path.exists() else {}
    return repos, special


class FakeHub:
    """The server plus its state; use as a context manager: `with FakeHub() as hub: hub.url`."""

    def __init__(
        self,
        root: Path = FIXTURES_HUB,
        *,
        delay: float = 0.0,
        stalled: bool = False,
        generate: Callable[[str, str], dict[str, Any] | None] | None = None,
    ) -> None:
        self.repos, special = load_fixtures(root)
        self.redirects: dict[str, str] = special.get("redirects", {})
        self.errors: dict[str, dict[str, Any]] = special.get("errors", {})
        self.delay = delay
        # Every unscripted request is held until stop(): the client's own timeout must give up,
        # however long that takes on a busy machine (a delay could run out first).
        self.stalled = stalled
        self.released = threading.Event()
        self.generate = generate
        self.requests: list[Request] = []
        self.paths: list[str] = []  # every path asked for, API or not
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests served at the same time (concurrency seen)
        # With `overlap` N > 0, every request is held until N are in flight at once (or stop()): a
        # client that asks one at a time then times out, one that asks concurrently goes on at once,
        # whatever the machine's load (no delay to outlast).
        self.overlap = 0
        self._together = threading.Event()
        self._scripts: dict[str, deque[Reply]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- control ------------------------------------------------------------------------------
    def start(self) -> FakeHub:
        hub = self

        class Handler(_Handler):
            fake = hub

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fakehub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._together.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the FakeHub first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, repo_id: str, *replies: Reply) -> None:
        """Queue replies for the next requests naming `repo_id` (then the fixture answers)."""
        with self._lock:
            self._scripts[repo_id].extend(replies)

    def add(self, data: dict[str, Any], kind: str = "model") -> None:
        with self._lock:
            self.repos[(kind, data["id"])] = data

    def count(self, repo_id: str | None = None) -> int:
        """Requests received in total, or for one repo id (as requested, before redirects)."""
        with self._lock:
            return sum(1 for r in self.requests if repo_id is None or r.repo_id == repo_id)

    def counts(self) -> Counter[str]:
        with self._lock:
            return Counter(r.repo_id for r in self.requests)

    # -- answering ----------------------------------------------------------------------------
    def _record(self, request: Request) -> Reply | None:
        with self._lock:
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if self.overlap and self.in_flight >= self.overlap:
                self._together.set()
            queue = self._scripts.get(request.repo_id)
            reply = queue.popleft() if queue else None
        if self.overlap:
            self._together.wait()
        return reply

    def _finished(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def answer(self, request: Request, query: str) -> Reply:
        """The reply for a request no script intercepted."""
        repo_id, kind = request.repo_id, request.kind
        if kind == "model" and repo_id in self.redirects:
            target = f"/api/models/{self.redirects[repo_id]}"
            if request.revision is not None:
                target += f"/revision/{quote(request.revision, safe='')}"
            return Reply(307, headers={"Location": target + (f"?{query}" if query else "")})
        error = self.errors.get(repo_id)
        if error is not None:
            return _error_reply(error["status"], error.get("code"), error.get("message"))
        data = self.repos.get((kind, repo_id))
        if data is None and self.generate is not None:
            data = self.generate(kind, repo_id)
        if data is None:
            return _error_reply(404, "RepoNotFound", "Repository not found")
        body = _at_revision(data, request.revision)
        if body is None:
            return _error_reply(404, "RevisionNotFound", "Invalid rev id")
        if request.expand:
            body = {k: v for k, v in body.items() if k in request.expand or k in {"id", "_id"}}
        return Reply(200, body)


def _at_revision(data: dict[str, Any], revision: str | None) -> dict[str, Any] | None:
    served = {k: v for k, v in data.items() if not k.startswith("_")}
    if revision is None or revision in {"main", served.get("sha")}:
        return served
    for rev, changes in data.get("_revisions", {}).items():
        if revision == rev or (len(revision) >= 7 and rev.startswith(revision)):
            return {**served, **changes, "sha": rev}
    return None


def _error_reply(status: int, code: str | None, message: str | None) -> Reply:
    headers = {}
    if code:
        headers["X-Error-Code"] = code
    if message:
        headers["X-Error-Message"] = message
    return Reply(status, {"error": message or code or "error"}, headers)


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops SYNs when dozens of workers connect at once,
    # and the client's retransmit then costs a second: keep the queue deep like a real server.
    request_queue_size = 256


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHub
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms stalls

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        return

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        with self.fake._lock:
            self.fake.paths.append(self.path)
        split = urlsplit(self.path)
        parsed = _parse_api_path(split.path)
        if parsed is None:
            self._send(_error_reply(404, "EntryNotFound", "Not found"))
            return
        kind, repo_id, revision = parsed
        expand = tuple(parse_qs(split.query).get("expand", []))
        request = Request(self.command, kind, repo_id, revision, expand, self.headers.get("Authorization"))
        scripted = self.fake._record(request)
        try:
            reply = scripted or self.fake.answer(request, split.query)
            if scripted is None and self.fake.stalled:
                reply = Reply(hold=True)
            if scripted is not None and scripted.use_fixture:
                time.sleep(scripted.delay)
                reply = self.fake.answer(request, split.query)
            elif scripted is None and self.fake.delay:
                time.sleep(self.fake.delay)
            self._send(reply)
        finally:
            self.fake._finished()

    def _send(self, reply: Reply) -> None:
        if reply.delay and not reply.use_fixture:
            time.sleep(reply.delay)
        if reply.hold:
            self.fake.released.wait()
        if reply.drop or reply.hold:
            self.close_connection = True
            return
        if isinstance(reply.body, bytes):
            payload = reply.body
        elif reply.body is None:
            payload = b""
        else:
            payload = json.dumps(reply.body).encode("utf-8")
        try:
            self.send_response(reply.status)
            headers = {"Content-Type": "application/json; charset=utf-8", **reply.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            if reply.truncate:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload[: len(payload) // 2] if reply.truncate else payload)
            if reply.truncate:
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout): fine
            self.close_connection = True


def _parse_api_path(path: str) -> tuple[str, str, str | None] | None:
    """`/api/models/org/name[/revision/rev]` -> (kind, repo_id, revision)."""
    parts = path.split("/", 3)
    if len(parts) < 4 or parts[1] != "api" or parts[2] not in REPO_TYPES:
        return None
    kind = REPO_TYPES[parts[2]]
    rest = parts[3]
    revision = None
    if "/revision/" in rest:
        rest, revision = rest.split("/revision/", 1)
        revision = unquote(revision)
    repo_id = unquote(rest)
    return (kind, repo_id, revision) if repo_id else None


def synthetic_model(kind: str, repo_id: str) -> dict[str, Any] | None:
    """A plausible model for any `bench-org/...` id (benchmarks ask for hundreds of them)."""
    if not repo_id.startswith("bench-org/"):
        return None
    number = sum(repo_id.encode()) % 4
    license_ = ["apache-2.0", "mit", "other", "llama3.1"][number]
    card: dict[str, Any] = {"license": license_, "tags": ["text-generation"]}
    if license_ == "other":
        card["license_name"] = "qwen-research"
    return {
        "id": repo_id,
        "sha": hashlib.sha1(repo_id.encode()).hexdigest(),
        "lastModified": "2026-01-01T00:00:00.000Z",
        "private": False,
        "gated": False,
        "disabled": False,
        "tags": [f"license:{license_}"],
        "cardData": card,
    }


def iter_fixture_ids(kind: str = "model") -> Iterator[str]:
    repos, _ = load_fixtures()
    for repo_kind, repo_id in sorted(repos):
        if repo_kind == kind:
            yield repo_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--synthetic", action="store_true", help="answer any bench-org/* id")
    args = parser.parse_args()
    hub = FakeHub(delay=args.delay, generate=synthetic_model if args.synthetic else None).start()
    print(hub.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        hub.stop()


if __name__ == "__main__":
    main()
