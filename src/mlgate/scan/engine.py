"""scan(root) -> references: every place a model, adapter, dataset or API model is named.

Each file goes through the detectors that accept it (`files.py`: cache, byte prefilter,
detect, suppress), in worker processes when the tree is large (`parallel.py`). After all
files, each detector's `finish` hook runs over the whole result: the Python detector resolves
loader arguments that read another module's constants, the artifact detector recognises
local model directories; then data sets named by a folder of the tree are dropped (local data).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from mlgate.model import Reference, ScanResult, Skipped
from mlgate.scan import parallel
from mlgate.scan.base import Detector, Gathered, ScanOptions
from mlgate.scan.cache import ScanCache
from mlgate.scan.files import FileResult, scan_file
from mlgate.scan.fingerprint import scanner_fingerprint
from mlgate.scan.localfolders import without_listed_data_folders
from mlgate.scan.python.pending import Pending
from mlgate.scan.registry import DETECTORS
from mlgate.scan.walk import printable_path, walk_files

log = logging.getLogger(__name__)


def scan(
    root: Path,
    files: Sequence[str] | None = None,
    options: ScanOptions | None = None,
    detectors: Sequence[Detector] = DETECTORS,
    listed: Callable[[], frozenset[str]] | None = None,
) -> ScanResult:
    """Scan `root`, or only `files` (paths relative to `root`) when given.

    `listed` gives the project's files that another file's references may be read from (the module
    of an imported constant, a `conftest.py`), called at most once and only when needed. By
    default: the files walked, or when `files` are named, what a walk of `root` lists.
    """
    options = options or ScanOptions()
    if options.include_comments:
        options = replace(options, comment_triggers=tuple(dict.fromkeys(
            trigger for detector in detectors for trigger in detector.comment_triggers)))
    skipped: list[Skipped] = []
    files_scanned = 0
    # `files` is iterated once, lazily and in order (the CLI's progress display counts on it).
    listing: Iterable[str] = files if files is not None else walk_files(root, skipped)
    cache = _open_cache(root, options, detectors)
    chooser = _DetectorChooser(detectors)
    candidates: list[str] = []
    references: list[Reference] = []
    pending: list[tuple[str, Pending]] = []
    workers = parallel.worker_count(listing, options.workers)
    if workers > 1:
        assert isinstance(listing, Sequence)
        outcomes = parallel.scan_files(root, listing, chooser.for_path, options, cache, workers)
    else:
        outcomes = _serial(root, listing, chooser.for_path, options, cache)
    for rel, outcome in outcomes:
        candidates.append(rel)
        references.extend(outcome.references)
        pending.extend((rel, item) for item in outcome.pending)
        skipped.extend(Skipped(printable_path(rel), reason) for reason in outcome.skipped)
        files_scanned += outcome.scanned
    gathered = Gathered(root, candidates, references, pending,
                        listing=_project_files(root, candidates, listed, walked=files is None))
    for detector in detectors:
        gathered = replace(gathered, references=detector.finish(gathered))
    # A data set named by a folder of the tree is local data (`load_dataset("data/wikitext")`).
    gathered = replace(gathered, references=without_listed_data_folders(gathered.references, candidates))
    if cache is not None:
        cache.save()
    return ScanResult(sorted(set(gathered.references), key=_order), skipped, files_scanned,
                      consulted=tuple(sorted(gathered.consulted)))


def _project_files(root: Path, candidates: list[str], listed: Callable[[], frozenset[str]] | None,
                   walked: bool) -> Callable[[], frozenset[str]]:
    """The project's files, the scanned ones among them, listed at most once and only when asked."""
    @functools.cache
    def listing() -> frozenset[str]:
        if listed is None and walked:
            return frozenset(candidates)
        return frozenset(candidates).union(listed() if listed is not None else walk_files(root, []))

    return listing


def _serial(root: Path, listing: Iterable[str], choose: Callable[[str], list[Detector]], options: ScanOptions,
            cache: ScanCache | None) -> Iterator[tuple[str, FileResult]]:
    for rel in listing:
        wanted = choose(rel)
        yield rel, scan_file(root, rel, wanted, options, cache) if wanted else _NOT_SCANNED


_NOT_SCANNED = FileResult([], [], scanned=False)


def _order(ref: Reference) -> tuple[str, int, int, int, str, str, str, tuple[str, int, int]]:
    loc, origin = ref.location, ref.origin
    where = (origin.path, origin.line, origin.column) if origin is not None else ("", 0, 0)
    return (loc.path, loc.line, loc.column, loc.cell or 0, ref.target, ref.via, ref.role.value, where)


def _open_cache(root: Path, options: ScanOptions, detectors: Sequence[Detector]) -> ScanCache | None:
    if options.cache_dir is None:
        return None
    key = f"comments={options.include_comments}|detectors={','.join(d.name for d in detectors)}"
    return ScanCache.open(options.cache_dir, root, scanner_fingerprint(key))


# Suffixes whose detectors depend on nothing but the suffix (unlike `Dockerfile.dev` or `.yml`
# under `.github/`), so the choice can be remembered per suffix.
_PLAIN_SUFFIXES = frozenset({".py", ".md", ".txt", ".js", ".ts", ".c", ".h", ".cpp", ".rs", ".go", ".java"})
_SPECIAL_PREFIXES = ("dockerfile", "containerfile", "modelfile", ".env")


class _DetectorChooser:
    """Which detectors read a path; memoised by file name shape (most trees repeat a few)."""

    def __init__(self, detectors: Sequence[Detector]) -> None:
        self.detectors = detectors
        self.memo: dict[str, list[Detector]] = {}

    def for_path(self, rel: str) -> list[Detector]:
        name = rel.rsplit("/", 1)[-1]
        dot = name.rfind(".")
        plain = dot > 0 and name[dot:] in _PLAIN_SUFFIXES and not name.lower().startswith(_SPECIAL_PREFIXES)
        key = name[dot:] if plain else None
        if key is not None and key in self.memo:
            return self.memo[key]
        wanted = [d for d in self.detectors if d.accepts(rel)]
        if key is not None:
            self.memo[key] = wanted
        return wanted
