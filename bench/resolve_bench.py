#!/usr/bin/env python3
"""Hub resolution speed: N distinct models against a local Hub that answers each request late.

    python bench/resolve_bench.py [--models 500] [--delay 0.1] [--runs 3]

Starts `tests/fakehub.py --synthetic` in its own process (so the server does not share this
interpreter's GIL) answering every request after `--delay` seconds, then times, each run with
a fresh cache directory:

- cold: `HubSource.lookup` of N distinct ids, nothing cached (includes importing huggingface_hub
  on the first run, as a CLI run would);
- warm: the same lookups from a new source, answered by the disk cache;
- warm, new interpreter: a fresh `python` resolving the N ids from the cache, start-up included.

Prints figures; the goals (500 models, 100 ms per request) are cold within 3 s, warm within 0.2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

WARM_PROCESS = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from mlgate.model import Kind
from mlgate.resolve.base import Lookup
from mlgate.resolve.hub import HubSettings, HubSource
endpoint, cache, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
settings = HubSettings(endpoint=endpoint, token=None, offline=False, timeout=10, budget=60, cache_dir=cache, ttl=3600)
source = HubSource(settings)
answers = source.lookup([Lookup(f"bench-org/model-{i}", Kind.MODEL) for i in range(count)])
assert len(answers) == count and source.requests == 0, (len(answers), source.requests)
print(time.perf_counter() - started, "huggingface_hub" in sys.modules)
"""


def start_hub(delay: float) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, str(REPO / "tests" / "fakehub.py"), "--delay", str(delay), "--synthetic"],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        proc.kill()
        raise SystemExit(f"fake Hub did not start: {url!r}")
    return proc, url


def one_run(url: str, count: int, cache: Path) -> dict[str, float]:
    from mlgate.model import Kind, License
    from mlgate.resolve.base import Lookup
    from mlgate.resolve.hub import HubSettings, HubSource

    lookups = [Lookup(f"bench-org/model-{i}", Kind.MODEL) for i in range(count)]
    settings = HubSettings(endpoint=url, token=None, offline=False, timeout=10, budget=60, cache_dir=cache, ttl=3600)
    cold_source = HubSource(settings)
    started = time.perf_counter()
    cold = cold_source.lookup(lookups)
    cold_s = time.perf_counter() - started
    resolved = sum(isinstance(a.license, License) for a in cold.values())
    assert resolved == count, f"only {resolved} of {count} resolved"
    warm_source = HubSource(settings)
    started = time.perf_counter()
    warm = warm_source.lookup(lookups)
    warm_s = time.perf_counter() - started
    assert len(warm) == count and warm_source.requests == 0
    proc = subprocess.run([sys.executable, "-c", WARM_PROCESS, url, str(cache), str(count)], capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    process_s, imported = proc.stdout.split()
    assert imported == "False", "the warm path imported huggingface_hub"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - start
    return {"cold": cold_s, "warm": warm_s, "warm_process": float(process_s), "python": bare,
            "requests": float(cold_source.requests)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=500)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    hub, url = start_hub(args.delay)
    try:
        runs = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="mlgate-bench-") as cache:
                runs.append(one_run(url, args.models, Path(cache)))
    finally:
        hub.kill()
    from mlgate.resolve.hub import DEFAULT_WORKERS

    def show(key: str) -> str:
        values = [r[key] for r in runs]
        return f"median {statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})"

    print(f"{args.models} distinct models, Hub answers after {args.delay * 1000:.0f} ms, "
          f"{DEFAULT_WORKERS} workers, {args.runs} runs, {os.cpu_count()} CPUs")
    print(f"  serial estimate        {args.models * args.delay:.1f} s")
    print(f"  cold (nothing cached)  {show('cold')}   requests per run: {runs[0]['requests']:.0f}")
    each = ", ".join(f"{r['cold']:.3f}" for r in runs)
    print(f"    each cold run        {each}")
    print(f"  warm (disk cache)      {show('warm')}")
    print(f"  warm, new interpreter  {show('warm_process')} (from interpreter start; python -c pass: "
          f"{statistics.median(r['python'] for r in runs):.3f} s)")
    print("  the first cold run includes importing huggingface_hub; the warm paths never import it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
