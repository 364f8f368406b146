"""Detection quality on the hand-labelled corpus: occurrence recall and precision, per form.

    python bench/corpus/rebuild.py            # once: extract the labelled sources
    python bench/detect_eval.py [--split dev|heldout|both] [--misses] [--false-positives]
                                [--repo owner/name] [--mlgate CMD]

Scores the installed `mlgate scan --format json` (as a user runs it) against the labels in
bench/corpus/<owner>__<name>/labels.jsonl, following ../shared/reference/labeling.md:

- a prediction matches a label on the same file and line (its own place, or its `origin`
  place) when its target equals the label's `id` or `resolved` (case-insensitive), or is the
  Hub id inside a URL-shaped label (`https://huggingface.co/datasets/x/y` -> `x/y`), or the
  label's name in the provider namespace mlgate gives it (`replicate/meta/x`, `ollama:llama3.1`,
  `github:owner/repo` for `torch.hub.load`);
- recall is over positives: role input, `how` not comment, not placeholder, not ambiguous,
  kind not local-path (local paths and outputs are reported apart);
- precision is over predictions on labelled files: one that matches a positive is right, one
  that matches no label at all is a false positive, one that matches only an excluded label
  (comment, placeholder, ambiguous, output, local path) counts for neither;
- a labelled negative (look-alike) that a prediction lands on is listed.

The corpus has two splits, reported apart (overall, per repository and per form): `dev`, the
repositories the scanner is developed against, and `heldout` (`"split": "heldout"` in meta.json),
labelled to check generalisation and never used to tune detection.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "corpus"
FORMS = ("call", "config", "cli-arg", "default", "constant", "notebook", "url")
# Repositories are labelled as `dev` (scores guide development) or `heldout` (meta.json
# `"split": "heldout"`: used only to check that the scanner generalises, never to tune it).
SPLITS = ("dev", "heldout")


@dataclass
class Score:
    positives: int = 0
    found: int = 0
    predictions: int = 0
    right: int = 0
    wrong: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    targets: int = 0  # distinct targets among the positives
    targets_found: int = 0  # ... that some reference of the repository's scan names
    targets_missed: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.positives += other.positives
        self.found += other.found
        self.predictions += other.predictions
        self.right += other.right
        self.wrong += other.wrong
        self.targets += other.targets
        self.targets_found += other.targets_found

    @property
    def target_recall(self) -> float:
        return self.targets_found / self.targets if self.targets else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.positives if self.positives else 1.0

    @property
    def precision(self) -> float:
        judged = self.right + self.wrong
        return self.right / judged if judged else 1.0


def is_positive(label: dict[str, Any]) -> bool:
    return (label.get("role", "input") == "input" and label.get("how") != "comment"
            and not label.get("placeholder") and not label.get("ambiguous")
            and label.get("kind") != "local-path")


def same_target(prediction: str, label: dict[str, Any]) -> bool:
    target = prediction.lower()
    written = str(label.get("id", "")).lower().strip("\"'")
    resolved = str(label.get("resolved") or "").lower()
    if target in (written, resolved):
        return True
    for text in (written, resolved):
        url = "://" in text or text.startswith(("hf.co/", "huggingface.co/"))
        inside = text.rstrip("/").endswith(target) or f"/{target}/" in text or f"/{target}@" in text
        if "/" in target and url and inside:
            return True
        # A prefixed id as written (`hf://datasets/x/y`, `huggingface/org/name`) names the id inside.
        if text.endswith("/" + target) or text.endswith(":" + target):
            return True
        # mlgate names some targets in its provider's namespace (`replicate/meta/x`, `ollama:llama3.1`,
        # a torch.hub repository `github:snakers4/silero-vad`):
        # the label writes the name as the code does.
        if text and any(target == prefix + text for prefix in _PROVIDER_NAMESPACES):
            return True
    # OpenAI's `clip.load("ViT-L/14")`: mlgate names the checkpoint by its Hub id (or, for a ResNet one
    # on no Hub, `github:openai/CLIP`); the label writes the name the package takes.
    # Whisper by size name (`whisper.load_model("small.en")`, faster-whisper's and whisperX's): the
    # same, by the Hub repository of either package's checkpoint of that name.
    return any(target == name.lower() for table in (_OPENAI_CLIP, _OPENAI_WHISPER, _FASTER_WHISPER)
               for written_name, name in table.items() if written_name.lower() == written)


# (a copy of `mlgate.scan.python.targets.OPENAI_CLIP`: the bench reads mlgate's output, not its code)
_OPENAI_CLIP = {
    "ViT-B/32": "openai/clip-vit-base-patch32", "ViT-B/16": "openai/clip-vit-base-patch16",
    "ViT-L/14": "openai/clip-vit-large-patch14", "ViT-L/14@336px": "openai/clip-vit-large-patch14-336",
    **dict.fromkeys(("RN50", "RN101", "RN50x4", "RN50x16", "RN50x64"), "github:openai/CLIP"),
}

# (copies of `mlgate.scan.python.targets.OPENAI_WHISPER` and `FASTER_WHISPER`)
_WHISPER_SIZES = ("tiny", "tiny.en", "base", "base.en", "small", "small.en", "medium", "medium.en")
_OPENAI_WHISPER = {
    **{name: f"openai/whisper-{name}" for name in _WHISPER_SIZES},
    "large-v1": "openai/whisper-large", "large-v2": "openai/whisper-large-v2",
    "large-v3": "openai/whisper-large-v3", "large": "openai/whisper-large-v3",
    "large-v3-turbo": "openai/whisper-large-v3-turbo", "turbo": "openai/whisper-large-v3-turbo",
}
_FASTER_WHISPER = {
    **{name: f"Systran/faster-whisper-{name}" for name in (*_WHISPER_SIZES, "large-v1", "large-v2", "large-v3")},
    "large": "Systran/faster-whisper-large-v3",
    **{f"distil-{name}": f"Systran/faster-distil-whisper-{name}" for name in (
        "large-v2", "medium.en", "small.en", "large-v3")},
    "distil-large-v3.5": "distil-whisper/distil-large-v3.5-ct2",
    "large-v3-turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
    "turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}


_PROVIDER_NAMESPACES = ("replicate/", "ollama:", "github:")


def places(prediction: dict[str, Any]) -> list[tuple[str, int]]:
    found = [(prediction["path"], prediction["line"])]
    origin = prediction.get("origin")
    if isinstance(origin, dict):
        found.append((origin.get("path", prediction["path"]), origin.get("line", 0)))
    return found


def run_mlgate(command: list[str], tree: Path) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "scan.json"
        proc = subprocess.run([*command, "scan", str(tree), "--format", "json", "-o", str(out)],
                              capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 1) or not out.exists():
            sys.exit(f"mlgate scan {tree} failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
        references: list[dict[str, Any]] = json.loads(out.read_text())["references"]
        return references


def score_repo(meta: dict[str, Any], labels: list[dict[str, Any]], negatives: list[dict[str, Any]],
               predictions: list[dict[str, Any]]) -> tuple[Score, dict[str, Score], list[str]]:
    files = set(meta["files"])
    by_line: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for label in labels:
        by_line[(label["path"], int(label["line"]))].append(label)
    matched: set[int] = set()
    total = Score()
    for prediction in predictions:
        if prediction["path"] not in files:
            continue
        if prediction.get("role", "input") == "output":
            continue  # outputs are scored apart (not in recall, not false positives)
        hits = [label for place in places(prediction) for label in by_line.get(place, [])
                if same_target(prediction["target"], label)]
        total.predictions += 1
        positive_hits = [label for label in hits if is_positive(label)]
        if positive_hits:
            total.right += 1
            matched.update(id(label) for label in positive_hits)
        elif not hits:
            total.wrong += 1
            total.false_positives.append(
                f"{prediction['path']}:{prediction['line']}: {prediction['target']} ({prediction.get('via', '')})")
    per_form: dict[str, Score] = defaultdict(Score)
    for label in labels:
        if not is_positive(label):
            continue
        form = per_form[str(label.get("how", "?"))]
        form.positives += 1
        total.positives += 1
        if id(label) in matched:
            form.found += 1
            total.found += 1
        else:
            total.misses.append(f"{label['path']}:{label['line']}:{label.get('col', '?')}: {label['id']} "
                                f"[{label.get('how')}, {label.get('kind')}, key={label.get('key', '')}]")
    _score_targets(total, labels, predictions)
    predicted = {(p["path"], p["line"]) for p in predictions if p["path"] in files}
    negatives_hit = [f"{n['path']}:{n['line']}: {n.get('text', '')} ({n.get('why', '')})"
                     for n in negatives if (n["path"], int(n["line"])) in predicted
                     and not by_line.get((n["path"], int(n["line"])))]
    return total, per_form, negatives_hit


def _score_targets(total: Score, labels: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> None:
    """Target recall: of the distinct targets the positives name, how many some input reference of
    the scan names anywhere in the repository (a license is checked once per target, so a target
    found at another place is checked; one found nowhere is a license never checked)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for label in labels:
        if is_positive(label):
            groups[str(label.get("resolved") or label["id"]).lower().strip("\"'")].append(label)
    named = {p["target"] for p in predictions if p.get("role", "input") != "output"}
    for key, group in sorted(groups.items()):
        total.targets += 1
        if any(same_target(target, label) for target in named for label in group):
            total.targets_found += 1
        else:
            first = group[0]
            total.targets_missed.append(f"{key} ({len(group)} place(s), first {first['path']}:{first['line']})")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def split_of(meta: dict[str, Any]) -> str:
    """The corpus split a labelled repository belongs to: `dev` (the default) or `heldout`."""
    return str(meta.get("split", "dev"))


def evaluate_split(name: str, metas: list[tuple[Path, dict[str, Any]]], command: list[str],
                   args: argparse.Namespace) -> None:
    """Score one split and print its table: per repository, overall, then per form."""
    overall = Score()
    forms: dict[str, Score] = defaultdict(Score)
    print(f"== {name} split ==")
    print(f"{'repository':34} {'labels':>6} {'recall':>7} {'precision':>9} {'FP':>4} {'neg hit':>7} {'targets':>11}")
    for meta_path, meta in metas:
        tree = CORPUS / "src" / meta_path.parent.name
        if not tree.is_dir():
            print(f"{meta['repo']}: sources missing, run bench/corpus/rebuild.py", file=sys.stderr)
            continue
        labels = read_jsonl(meta_path.parent / "labels.jsonl")
        negatives = read_jsonl(meta_path.parent / "negatives.jsonl")
        total, per_form, negatives_hit = score_repo(meta, labels, negatives, run_mlgate(command, tree))
        overall.add(total)
        for form_name, form in per_form.items():
            forms[form_name].add(form)
        print(f"{meta['repo']:34} {total.positives:6} {total.recall:7.3f} {total.precision:9.3f} "
              f"{total.wrong:4} {len(negatives_hit):7} {total.targets_found:5}/{total.targets:<5}")
        for line in (total.misses if args.misses else []):
            print(f"    miss  {line}")
        for line in (total.targets_missed if args.misses else []):
            print(f"    target missed everywhere  {line}")
        for line in (total.false_positives if args.false_positives else []):
            print(f"    FP    {line}")
        for line in negatives_hit:
            print(f"    NEG   {line}")
    print(f"{'overall ' + name:34} {overall.positives:6} {overall.recall:7.3f} {overall.precision:9.3f} "
          f"{overall.wrong:4} {'':7} {overall.targets_found:5}/{overall.targets:<5}")
    print(f"target recall, {name}: {overall.target_recall:.3f} ({overall.targets_found} of {overall.targets} "
          "distinct targets named somewhere in their repository's scan)")
    print(f"per form, {name} (recall):")
    order = [*FORMS, *sorted(set(forms) - set(FORMS))]
    for form_name in order:
        if form_name in forms:
            form = forms[form_name]
            print(f"  {form_name:10} {form.found:5}/{form.positives:<5} {form.recall:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", action="append", help="only this owner/name (repeatable)")
    parser.add_argument("--split", choices=("dev", "heldout", "both"), default="both",
                        help="which corpus split to score (default: both, each reported apart)")
    parser.add_argument("--misses", action="store_true", help="list every missed positive")
    parser.add_argument("--false-positives", action="store_true", help="list every false positive")
    parser.add_argument("--mlgate", help="the command to run (default: mlgate on PATH, else this Python's -m mlgate)")
    args = parser.parse_args(argv)
    if args.mlgate is None:
        installed = shutil.which("mlgate")
        args.mlgate = shlex.join([installed] if installed else [sys.executable, "-m", "mlgate"])
    command = shlex.split(args.mlgate)
    by_split: dict[str, list[tuple[Path, dict[str, Any]]]] = defaultdict(list)
    for meta_path in sorted(CORPUS.glob("*__*/meta.json")):
        meta = json.loads(meta_path.read_text())
        if args.repo and meta["repo"] not in args.repo:
            continue
        by_split[split_of(meta)].append((meta_path, meta))
    wanted = SPLITS if args.split == "both" else (args.split,)
    for index, name in enumerate(name for name in wanted if by_split.get(name)):
        if index:
            print()
        evaluate_split(name, by_split[name], command, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
