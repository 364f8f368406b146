"""Where a cold scan's CPU goes, and the least any scan built on CPython's `ast` could cost.

    python bench/corpus/rebuild.py          # once: extract the speed trees
    python bench/scan_floor.py [--tree DIR] [--runs 3]

Runs one serial cold scan of the tree in this process (`MLGATE_SCAN_WORKERS=1`, an empty cache),
recording every text the Python detector hands to `ast.parse`, then times apart, each the best of
`--runs`:

- the whole serial scan (CPU of this process);
- the candidate pass alone (`spots.spot_lines` over every Python file's text, as the detector runs it);
- `ast.parse` alone, over exactly the texts the scan parsed (reduced modules, re-parses included);
- ripgrep over the same tree (`rg -c from_pretrained`), when it is installed.

The floor is what a scan must spend even if its analysis cost nothing: the candidate pass, the parses
and the start-up before the workers fork (imports, listing). Spread over the machine's cores it gives
the least wall time, and its multiple of ripgrep's, that a scanner parsing with CPython's `ast` can
reach on this tree. A timing harness, not a test: it wraps `detector.parse_quietly` to record texts.
"""

from __future__ import annotations

import argparse
import ast
import gc
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout, suppress
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "bench" / "corpus"


def best_of(runs: int, work: Callable[[], object]) -> float:
    """Least CPU seconds of `runs` calls of `work`, with the garbage collector paused as the
    detector pauses it (a parse makes many objects and no cycles; collections would dominate)."""
    times = []
    for _ in range(runs):
        gc.disable()
        started = time.process_time()
        try:
            work()
        finally:
            times.append(time.process_time() - started)
            gc.enable()
    return min(times)


def python_texts(tree: Path) -> list[tuple[str, bytes]]:
    listed = subprocess.run(["git", "ls-files", "-z", "*.py"], cwd=tree, capture_output=True, check=True).stdout
    texts = []
    for name in listed.decode().split("\0"):
        if name and (tree / name).is_file():
            data = (tree / name).read_bytes()
            texts.append((data.decode("utf-8", "replace"), data))
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    first_speed_tree = json.loads((CORPUS / "speed.json").read_text())[0]["repo"].replace("/", "__")
    parser.add_argument("--tree", type=Path, default=CORPUS / "src" / first_speed_tree)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.tree.is_dir():
        sys.exit(f"{args.tree}: missing; run bench/corpus/rebuild.py")
    os.environ["MLGATE_SCAN_WORKERS"] = "1"
    os.environ["MLGATE_CACHE_DIR"] = tempfile.mkdtemp()
    started = time.process_time()
    from mlgate.cli import main as mlgate_main
    from mlgate.scan.python import detector, spots
    imports = time.process_time() - started

    parsed: list[str] = []
    parse_quietly = detector.parse_quietly

    def recording(text: str) -> ast.Module | None:
        parsed.append(text)
        return parse_quietly(text)

    detector.parse_quietly = recording  # type: ignore[assignment]
    sys.argv = ["mlgate", "scan", str(args.tree), "--format", "json"]
    started = time.process_time()
    with redirect_stdout(io.StringIO()), suppress(SystemExit):
        mlgate_main()
    scan = time.process_time() - started
    detector.parse_quietly = parse_quietly  # type: ignore[assignment]

    texts = python_texts(args.tree)
    megabytes = sum(len(data) for _, data in texts) / 1e6
    candidate = best_of(args.runs, lambda: [spots.spot_lines(text, data) for text, data in texts])
    parsing = best_of(args.runs, lambda: [ast.parse(text) for text in parsed])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    floor_cpu = imports + candidate + parsing
    floor_wall = imports + (candidate + parsing) / cores

    print(f"{args.tree.name}: {len(texts)} Python files, {megabytes:.1f} MB; {cores} cores; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"  serial cold scan     CPU {scan:.3f} s (after imports {imports:.3f} s)")
    print(f"  candidate pass       CPU {candidate:.3f} s over every Python file")
    print(f"  ast.parse alone      CPU {parsing:.3f} s over the {len(parsed)} texts the scan parsed "
          f"({sum(map(len, parsed)) / 1e6:.1f} M characters)")
    print(f"  everything else      CPU {scan - candidate - parsing:.3f} s (analysis, other detectors, reading, output)")
    print(f"  floor                CPU {floor_cpu:.3f} s; wall at least {floor_wall:.3f} s on {cores} cores")
    rg = shutil.which("rg")
    if rg:
        walls = []
        for _ in range(max(args.runs, 5)):
            started = time.perf_counter()
            subprocess.run([rg, "-c", "from_pretrained", str(args.tree)], stdout=subprocess.DEVNULL, check=False)
            walls.append(time.perf_counter() - started)
        print(f"  ripgrep              wall {min(walls):.3f} s: the floor is {floor_wall / min(walls):.0f}x ripgrep")
    return 0


if __name__ == "__main__":
    sys.exit(main())
