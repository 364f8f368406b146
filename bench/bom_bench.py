"""How long BOM validation takes: `mlgate bom` on the demo with a cold cache, and the schema
validation of a large BOM (445 components, 1335 URLs) in a fresh interpreter.

    python bench/bom_bench.py [--runs 5]

Every figure is measured from outside in a new interpreter with an empty mlgate cache (so the
validation memo cannot answer), as wall-clock and as CPU time (user + system of the child);
on a busy machine the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "fixtures" / "repos" / "demo"
ENTRY = "import sys; from mlgate.cli import main; sys.argv[0] = 'mlgate'; main()"
# In the child: import, build the validator and validate once (cold), then once more (warm).
VALIDATE = """
import sys, time
started = time.perf_counter()
from mlgate.bom.json_schema import validation_errors
text = open(sys.argv[1], encoding="utf-8").read()
errors = validation_errors(text)
cold = time.perf_counter() - started
started = time.perf_counter()
validation_errors(text)
print(f"{cold:.3f} {time.perf_counter() - started:.3f} {len(errors)} {'rfc3987_syntax' in sys.modules}")
"""


def large_bom(components: int = 445, extra_urls: int = 17) -> str:
    """A CycloneDX 1.6 JSON BOM of `components` Hub models, each with a license link and a
    model-card URL, plus `extra_urls` more links: 1335 URLs in the document with the purls and card links."""
    from mlgate.bom.cyclonedx import render_json
    from mlgate.model import Category, Component, Kind, License, Location, Reference

    items = []
    for number in range(components):
        target = f"bench-org/model-{number:03d}"
        link = f"https://huggingface.co/{target}/blob/main/LICENSE"
        if number < extra_urls:
            link += f"?rev={number}"
        license_ = License("Apache-2.0", Category.PERMISSIVE, "hub", f"Hub cardData license: apache-2.0 ({target})",
                           url=link)
        reference = Reference(target, Kind.MODEL, Location(f"src/models/m{number:03d}.py", 3), "from_pretrained")
        items.append(Component(target, Kind.MODEL, license_, revision=f"{number:040x}", references=(reference,)))
    return render_json(items, "bench-app", reproducible=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    cpu, start = _children_cpu(), time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    wall, used = time.perf_counter() - start, _children_cpu() - cpu
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return wall, used, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}
        walls, cpus = [], []
        for run in range(args.runs):
            cold = {**env, "MLGATE_CACHE_DIR": str(base / f"cache-{run}")}
            wall, cpu, _ = timed([sys.executable, "-c", ENTRY, "bom", str(DEMO), "--offline", "-o",
                                  str(base / "demo.json")], cold)
            walls.append(wall)
            cpus.append(cpu)
        print(f"mlgate bom fixtures/repos/demo --offline, cold cache ({args.runs} runs): wall median "
              f"{statistics.median(walls):.3f} s (max {max(walls):.3f}), CPU median {statistics.median(cpus):.3f} s")

        bom = base / "large.json"
        bom.write_text(large_bom(), encoding="utf-8")
        size = bom.stat().st_size
        text_urls = bom.read_text(encoding="utf-8").count("https://")
        colds, warms, cpus = [], [], []
        for _ in range(args.runs):
            _, cpu, out = timed([sys.executable, "-c", VALIDATE, str(bom)], env)
            cold_s, warm_s, errors, rfc = out.split()
            if errors != "0":
                sys.exit(f"the large BOM did not validate ({errors} errors)")
            colds.append(float(cold_s))
            warms.append(float(warm_s))
            cpus.append(cpu)
        print(f"validate a 445-component BOM ({size // 1024} KiB, {text_urls} URLs) in a fresh interpreter "
              f"({args.runs} runs): import + first validation median {statistics.median(colds):.3f} s "
              f"(max {max(colds):.3f}), a second validation {statistics.median(warms):.3f} s, "
              f"child CPU median {statistics.median(cpus):.3f} s; rfc3987_syntax imported: {rfc}")
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}, CPUs: {os.cpu_count()}")


if __name__ == "__main__":
    main()
