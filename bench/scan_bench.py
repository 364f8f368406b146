"""Scan cost on real repositories, beside ripgrep over the same trees.

    python bench/corpus/rebuild.py          # once: extract the trees of bench/corpus/speed.json
    python bench/scan_bench.py [--runs 3] [--tree DIR ...]

For each tree (default: the speed trees of bench/corpus/speed.json, a large diffusion-models
library and a collection of fine-tuning notebooks), in fresh processes, as a user runs them:

- ripgrep: `rg -c from_pretrained TREE` (what a reader would grep first);
- cold: `mlgate scan TREE --format json` with an empty cache directory;
- warm: the same command again with the cache the cold run wrote (nothing changed).

Prints best and median wall time, CPU time (user + system of the command and its worker
processes) and peak memory (largest resident set of the command or one of its workers),
and each mlgate figure as a multiple of ripgrep's wall time. Wall time on a shared machine
varies with its load; CPU time is the steadier figure, and the load average is printed.

mlgate's modules are byte-compiled first, as `pip install` does: an editable install under
PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run, and a warm
rescan would mostly measure that.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "bench" / "corpus"


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the process and its children, peak RSS in MB) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} exited {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def tree_stats(tree: Path) -> tuple[int, float]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=tree, capture_output=True, check=True).stdout
    files = [f for f in listed.decode().split("\0") if f]
    size = sum((tree / f).stat().st_size for f in files if (tree / f).is_file())
    return len(files), size / 1e6


def summary(runs: list[tuple[float, float, float]]) -> dict[str, float]:
    walls, cpus, rss = zip(*runs, strict=True)
    return {"best": min(walls), "median": statistics.median(walls), "cpu": statistics.median(cpus), "rss": max(rss)}


def bench_tree(tree: Path, runs: int, mlgate: str) -> None:
    count, megabytes = tree_stats(tree)
    print(f"\n{tree.name}: {count} files, {megabytes:.1f} MB (load average {os.getloadavg()[0]:.1f})")
    rg = shutil.which("rg")
    rg_best = None
    if rg:
        rg_runs = [measure([rg, "-c", "from_pretrained", str(tree)]) for _ in range(max(runs, 5))]
        rg_summary = summary(rg_runs)
        rg_best = rg_summary["best"]
        print(f"  {'ripgrep':6} wall best {rg_summary['best']:.3f} s  median {rg_summary['median']:.3f} s  "
              f"CPU {rg_summary['cpu']:.3f} s")
    else:
        print("  ripgrep not installed (apt-get install -y ripgrep): no ratio")
    cold: list[tuple[float, float, float]] = []
    warm: list[tuple[float, float, float]] = []
    references = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            env = {**os.environ, "MLGATE_CACHE_DIR": scratch, "NO_COLOR": "1"}
            out = Path(scratch) / "scan.json"
            command = [mlgate, "scan", str(tree), "--format", "json", "-o", str(out)]
            cold.append(measure(command, env))
            references = len(json.loads(out.read_text())["references"])
            warm.append(measure(command, env))
    for label, figures in (("cold", summary(cold)), ("warm", summary(warm))):
        ratio = f"  = {figures['best'] / rg_best:.0f}x ripgrep (best)" if rg_best else ""
        print(f"  {label:6} wall best {figures['best']:.3f} s  median {figures['median']:.3f} s  "
              f"CPU {figures['cpu']:.3f} s  peak {figures['rss']:.0f} MB{ratio}")
    print(f"  references: {references}")


def byte_compile() -> None:
    """Compile the mlgate package this interpreter imports, where its bytecode is missing."""
    spec = importlib.util.find_spec("mlgate")
    if spec is None or not spec.submodule_search_locations:
        print("mlgate is not importable here: its bytecode is left as it is")
        return
    package = next(iter(spec.submodule_search_locations))
    compiled = compileall.compile_dir(package, quiet=1)
    print(f"bytecode of {package}: {'present' if compiled else 'NOT all compiled'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tree", type=Path, action="append", help="a tree to scan (repeatable)")
    parser.add_argument("--mlgate", default=shutil.which("mlgate") or "mlgate")
    args = parser.parse_args(argv)
    trees = args.tree or [CORPUS / "src" / entry["repo"].replace("/", "__")
                          for entry in json.loads((CORPUS / "speed.json").read_text())]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, mlgate: {args.mlgate}")
    byte_compile()
    for tree in trees:
        if not tree.is_dir():
            print(f"{tree}: missing; run bench/corpus/rebuild.py", file=sys.stderr)
            continue
        bench_tree(tree, args.runs, args.mlgate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
