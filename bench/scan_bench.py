"""Scan throughput: cold and warm `mlgate.scan.engine.scan` on a large Python-heavy tree, against ripgrep.

    python bench/scan_bench.py [--files 3000] [--mb 50] [--runs 5] [--tree DIR] [--keep]

Builds (in a temporary directory, unless --tree names an existing one) a tree of about
`--files` files and `--mb` MB that looks like a large ML code base: real Python modules (the
running interpreter's standard library, copied under several package names) with about 5 %
ML files mixed in (the Python, notebook, config and shell files of `fixtures/repos/forms`,
each followed by a real stdlib module so it has the size of a working script). Then prints,
best and median over `--runs` fresh processes:

- cold: list the tree and `scan()` it with an empty per-file cache (page cache warm, as for
  ripgrep), as `mlgate scan` does;
- warm: the same with the cache the cold run wrote (nothing changed in the tree);
- the same two through the installed `mlgate scan` command (interpreter start and imports
  included), for reference;
- ripgrep: `rg -c from_pretrained TREE` (install ripgrep to get this line; without it the
  bench says so and prints the rest).

Files/s and MB/s are over the whole tree; CPU is user + system time of the scanning process
and its workers (useful on a busy machine, where wall time varies); peak memory is the
largest maximum RSS of the scanning process or one of its workers.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORMS = REPO / "fixtures" / "repos" / "forms"
ML_SHARE = 0.05

# As `pipeline.scan_paths` does: list the tree, then scan the list (a list lets large trees be
# scanned by several processes). Wall and CPU time (this process and its workers) are kept.
_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from mlgate.scan.base import ScanOptions
from mlgate.scan.engine import scan
from mlgate.scan.walk import walk_files
root, cache = Path(sys.argv[1]), Path(sys.argv[2])
started, cpu = time.perf_counter(), time.process_time()
files = sorted(walk_files(root, []))
result = scan(root, files=files, options=ScanOptions(cache_dir=cache))
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "cpu": cpu + children.ru_utime + children.ru_stime,
                  "files": result.files_scanned, "refs": len(result.references), "skipped": len(result.skipped),
                  "rss_mb": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, children.ru_maxrss) / 1024}))
"""


def build_tree(root: Path, files: int, megabytes: float) -> tuple[int, int]:
    """Write the tree; returns (file count, total bytes)."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    modules = sorted(p for p in stdlib.rglob("*.py") if "site-packages" not in p.parts and "test" not in p.parts
                     and p.stat().st_size < 400_000)
    fillers = [p for p in modules if b"__future__" not in p.read_bytes() and 2_000 < p.stat().st_size < 12_000]
    ml_sources = sorted(p for p in FORMS.rglob("*") if p.is_file() and p.suffix in {".py", ".yaml", ".yml",
                                                                                    ".toml", ".sh", ".ipynb"})
    ml_count = int(files * ML_SHARE)
    budget = int(megabytes * 1_000_000)
    written = count = 0
    for i in range(ml_count):
        source = ml_sources[i % len(ml_sources)]
        target = root / "ml" / f"project{i // len(ml_sources):02d}" / source.relative_to(FORMS)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        if source.suffix == ".py" and "legacy" not in source.parts:
            data += b"\n\n" + fillers[i % len(fillers)].read_bytes()
        target.write_bytes(data)
        written += len(data)
        count += 1
    # Generic code: stdlib modules, each chosen near the size that keeps the tree on course for
    # `megabytes` (modules repeat under other package names when the stdlib runs short).
    generic = files - ml_count
    by_size = sorted(modules, key=lambda p: p.stat().st_size)
    sizes = [p.stat().st_size for p in by_size]
    for i in range(generic):
        wanted = (budget - written) // (generic - i)
        at = min(bisect.bisect_left(sizes, wanted) + i % 3, len(by_size) - 1)  # vary among neighbours
        source = by_size[at]
        target = root / "lib" / f"pkg{i % 40:02d}" / f"m{i:04d}_{source.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written += sizes[at]
        count += 1
    return count, written


def _child(tree: Path, cache: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(tree), str(cache)], capture_output=True, text=True,
                          check=True)
    result: dict[str, float] = json.loads(proc.stdout)
    return result


def _timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, env=env)
    return time.perf_counter() - started


def _cpu_of(command: list[str]) -> float:
    """CPU seconds (user + system, all threads) one run of `command` takes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _summary(values: list[float]) -> str:
    return f"best {min(values):.3f} s  median {statistics.median(values):.3f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, help="scan this existing tree instead of building one")
    parser.add_argument("--keep", action="store_true", help="keep the generated tree and print where it is")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="mlgate-scan-bench-"))
    try:
        if args.tree:
            tree = args.tree.resolve()
            files = sum(1 for p in tree.rglob("*") if p.is_file())
            size = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
        else:
            tree = scratch / "tree"
            files, size = build_tree(tree, args.files, args.mb)
            time.sleep(2.1)  # let the tree age past the cache's racy-timestamp window
        print(f"tree: {files} files, {size / 1e6:.1f} MB at {tree}")

        rg = shutil.which("rg")
        rg_command = [rg, "-c", "from_pretrained", str(tree)] if rg else []
        rg_times = [_timed(rg_command) for _ in range(args.runs + 2)][2:] if rg else []
        rg_cpu = [_cpu_of(rg_command) for _ in range(args.runs)] if rg else []

        cold = [_child(tree, scratch / f"cold-cache-{i}") for i in range(args.runs)]
        warm_cache = scratch / "warm-cache"
        _child(tree, warm_cache)
        warm = [_child(tree, warm_cache) for _ in range(args.runs)]

        env = {**os.environ, "MLGATE_CACHE_DIR": str(scratch / "cli-cache")}
        mlgate = shutil.which("mlgate") or str(Path(sys.executable).with_name("mlgate"))
        command = [mlgate, "scan", str(tree), "--format", "json", "-o", str(scratch / "out.json")]
        cli_cold = []
        for _ in range(args.runs):
            shutil.rmtree(scratch / "cli-cache", ignore_errors=True)
            cli_cold.append(_timed(command, env))
        cli_warm = [_timed(command, env) for _ in range(args.runs)]

        first = cold[0]
        print(f"found: {first['refs']:.0f} references in {first['files']:.0f} files scanned, "
              f"{first['skipped']:.0f} skipped")
        for name, runs in (("cold", cold), ("warm", warm)):
            seconds = [r["seconds"] for r in runs]
            best = min(seconds)
            rss = max(r["rss_mb"] for r in runs)
            print(f"{name:5} scan(): {_summary(seconds)}  |  {files / best:,.0f} files/s  "
                  f"{size / 1e6 / best:,.1f} MB/s  |  CPU {min(r['cpu'] for r in runs):.3f} s  |  "
                  f"peak RSS {rss:.0f} MB")
        print(f"CLI   cold: {_summary(cli_cold)}   warm: {_summary(cli_warm)}  (`mlgate scan`, whole process)")
        if rg_times:
            rg_best = min(rg_times)
            print(f"ripgrep `rg -c from_pretrained`: {_summary(rg_times)}  |  CPU {min(rg_cpu):.3f} s")
            print(f"ratio to ripgrep (best): cold {min(r['seconds'] for r in cold) / rg_best:.1f}x (goal 10x), "
                  f"warm {min(r['seconds'] for r in warm) / rg_best:.1f}x (goal 3x)")
        else:
            print("ripgrep: not installed (apt-get install -y ripgrep), no ratio printed")
    finally:
        if args.keep and not args.tree:
            print(f"kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
