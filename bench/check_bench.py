"""How long `mlgate check <five files> --policy commercial` takes with a warm cache, as a
pre-commit hook runs it: interpreter start-up, imports and work, measured from outside.

    python bench/check_bench.py [--runs 15] [--importtime 15]

Set-up: a copy of fixtures/repos/demo in a scratch git repository; a local Hub-shaped server
(tests/fakehub.py) answers the first run, which fills mlgate's cache; the timed runs must then
be answered from the cache (the script prints how many Hub requests they made: expect 0).
Prints the median, min and max wall time, two baselines (`python -c pass`, importing the
CLI), and the modules that cost most to import on this path (`python -X importtime`).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "fixtures" / "repos" / "demo"
FIVE_FILES = ("support_bot/summarize.py", "support_bot/chat.py", "support_bot/search.py",
              "configs/finetune.yaml", "scripts/prepare_data.py")
# Libraries that must stay off this path (see FACTS: start-up cost).
HEAVY = {"jsonschema", "huggingface_hub", "cyclonedx", "httpx", "lxml", "license_expression", "spdx_python_model"}
# The CLI entry point, run the way the console script runs it.
ENTRY = "import sys; from mlgate.cli import main; sys.argv[0] = 'mlgate'; main()"

sys.path.insert(0, str(REPO / "tests"))
from fakehub import FakeHub  # noqa: E402  (a test helper, not part of the package)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str], cwd: Path, env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds per run. On a busy machine the CPU time is the
    steadier figure: it is what the run costs, whatever else competes for the cores."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return walls, cpus


def describe(measured: tuple[list[float], list[float]]) -> str:
    walls, cpus = measured
    return (f"wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}, max {max(walls):.3f})   "
            f"cpu median {statistics.median(cpus):.3f} s   ({len(walls)} runs)")


def import_times(cwd: Path, env: dict[str, str], args: list[str]) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module) for every module the run imports."""
    code = ENTRY.replace("main()", f"sys.argv[1:] = {args!r}; main()")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
        rows.append((int(own), int(cumulative), name))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs (after one warm-up run)")
    parser.add_argument("--importtime", type=int, default=15, help="how many import offenders to list")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mlgate-bench-") as scratch, FakeHub() as hub:
        project = Path(scratch) / "demo"
        shutil.copytree(DEMO, project)
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
        env = {**os.environ, "HF_ENDPOINT": hub.url, "MLGATE_CACHE_DIR": str(Path(scratch) / "cache")}
        env.pop("NO_COLOR", None)
        args = ["check", *FIVE_FILES, "--policy", "commercial"]
        argv = [sys.executable, "-c", ENTRY, *args]

        timed(argv, project, env, 1)  # warm-up: fills the cache from the local Hub
        warm_requests = hub.count()
        check = timed(argv, project, env, options.runs)
        escaped = hub.count() - warm_requests
        bare = timed([sys.executable, "-c", "pass"], project, env, options.runs)
        imports = timed([sys.executable, "-c", "import mlgate.cli"], project, env, options.runs)
        modules = import_times(project, env, args)

    print(f"mlgate check <{len(FIVE_FILES)} files> --policy commercial, warm cache, Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"  check              {describe(check)}")
    print(f"  python -c pass     {describe(bare)}")
    print(f"  import mlgate.cli  {describe(imports)}")
    print(f"  load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  Hub requests: {warm_requests} during the warm-up run, {escaped} during the timed runs")
    print(f"  modules imported: {len(modules)}, heavy ones among them: "
          f"{', '.join(sorted({m for _, _, m in modules if m.split('.')[0] in HEAVY})) or 'none'}")
    for title, key in (("cumulative", 1), ("self", 0)):
        print(f"\nslowest imports on this path by {title} time (python -X importtime, microseconds):")
        print(f"  {'cumulative':>10} {'self':>8}  module")
        for own, cumulative, name in sorted(modules, key=lambda r: -r[key])[: options.importtime]:
            print(f"  {cumulative:>10} {own:>8}  {name}")


if __name__ == "__main__":
    main()
