"""Local model directories and weight files: card front matter, LICENSE file, artifact headers.

Answers for `local-path` targets (`./models/ft`, `checkpoints/model.gguf`) and for Hub-shaped
ids that exist as a directory under the project root (transformers loads those locally
first). Several places can state a license; when they disagree the more restrictive reading
is used and the evidence names every one, so a human can settle it with an override.

License.source says which file answered: `card` (README front matter), `local` (LICENSE
file), `gguf` or `safetensors` (weight-file metadata). Paths outside the project root are not
read: the result would depend on the machine running the check.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlgate.config import RunConfig
from mlgate.licenses import normalise
from mlgate.model import BaseModelLink, Kind, License, Unresolved, UnresolvedReason
from mlgate.resolve.artifacts import gguf_base_models, read_gguf_metadata, read_safetensors_metadata
from mlgate.resolve.base import Answer, LicenseSource, Lookup
from mlgate.resolve.card import facts_from_metadata, find_card, hub_ids, read_front_matter
from mlgate.resolve.license_text import find_license_file, license_from_file

MAX_ADAPTER_CONFIG = 1024 * 1024


@dataclass
class _Findings:
    licenses: list[License] = field(default_factory=list)
    bases: list[BaseModelLink] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)


class LocalSource(LicenseSource):
    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def lookup(self, lookups: Sequence[Lookup]) -> Mapping[Lookup, Answer]:
        answers: dict[Lookup, Answer] = {}
        for item in lookups:
            if item.kind is Kind.LOCAL_PATH:
                answers[item] = self._local_path(item.target)
            elif item.kind in (Kind.MODEL, Kind.ADAPTER) and "/" in item.target:
                path = self.root / item.target
                if path.is_dir() and self._inside(path):
                    answers[item] = inspect(path, self._shown(path))
        return answers

    def _local_path(self, target: str) -> Answer:
        path = Path(target).expanduser()
        path = path if path.is_absolute() else self.root / path
        if not self._inside(path):
            return Answer(Unresolved(UnresolvedReason.NOT_FOUND,
                                     f"{target}: outside the project root, not read", self.name))
        if not path.exists():
            return Answer(Unresolved(UnresolvedReason.NOT_FOUND,
                                     f"{target}: no such file or directory under the project root", self.name))
        return inspect(path, self._shown(path))

    def _inside(self, path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(self.root)
        except (OSError, RuntimeError):  # symlink loops
            return False

    def _shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix() or "."
        except (OSError, ValueError, RuntimeError):
            return str(path)


def inspect(path: Path, shown: str) -> Answer:
    """Everything a directory (or a weight file and its directory) says about its license."""
    directory = path if path.is_dir() else path.parent
    prefix = shown if path.is_dir() else shown.rsplit("/", 1)[0] if "/" in shown else "."
    found = _Findings()
    _read_card(directory, prefix, found)
    for artifact in _artifacts(path, directory):
        label = f"{prefix}/{artifact.name}" if path.is_dir() else shown
        if artifact.suffix == ".gguf":
            _read_gguf(artifact, label, found)
        else:
            _read_safetensors(artifact, label, found)
    license_file = find_license_file(directory)
    if license_file is not None:
        from_file = license_from_file(license_file, source="local", shown=f"{prefix}/{license_file.name}")
        if from_file is not None:
            found.licenses.append(from_file)
        else:
            found.properties.append(("license-file", f"{prefix}/{license_file.name} (text not recognised)"))
    _read_adapter_config(directory, prefix, found)
    bases = tuple(dict.fromkeys(found.bases))
    datasets = tuple(dict.fromkeys(found.datasets))
    chosen = choose(found.licenses)
    license_: License | Unresolved = chosen or Unresolved(
        UnresolvedReason.NO_LICENSE,
        f"{shown}: no license in a model card, LICENSE file or weight-file metadata", "local")
    return Answer(license_, base_models=bases, datasets=datasets, properties=tuple(found.properties))


def choose(candidates: list[License]) -> License | None:
    """The license to report: the most restrictive known reading, every disagreement in the evidence."""
    if not candidates:
        return None
    known = [c for c in candidates if c.category.value != "unknown"] or candidates
    chosen = max(known, key=lambda c: c.category.restrictiveness)
    others = [c for c in candidates if c.expression != chosen.expression]
    if not others:
        return chosen
    disagreeing = "; ".join(f"{c.evidence} -> {c.expression}" for c in others)
    note = f"{chosen.evidence}; other files disagree ({disagreeing}); the more restrictive reading is used"
    return License(**{**chosen.__dict__, "evidence": note})


def _artifacts(path: Path, directory: Path) -> list[Path]:
    if path.is_file():
        return [path] if path.suffix in (".gguf", ".safetensors") else []
    try:
        ggufs = sorted(directory.glob("*.gguf"))[:1]
        tensors = sorted(directory.glob("*.safetensors"))[:1]
    except OSError:
        return []
    return [*ggufs, *tensors]


def _read_card(directory: Path, prefix: str, found: _Findings) -> None:
    card = find_card(directory)
    if card is None:
        return
    facts = facts_from_metadata(read_front_matter(card))
    shown = f"{prefix}/{card.name}"
    if facts.declares_license:
        found.licenses.append(facts.to_license(source="card", evidence=f"{shown} front matter: {facts.describe()}"))
    found.bases.extend(facts.base_models)
    found.datasets.extend(facts.datasets)
    if facts.pipeline_tag:
        found.properties.append(("pipeline_tag", facts.pipeline_tag))


def _read_gguf(path: Path, shown: str, found: _Findings) -> None:
    meta = read_gguf_metadata(path)
    value = meta.get("general.license")
    if isinstance(value, str) and value.strip():
        name, link = meta.get("general.license.name"), meta.get("general.license.link")
        name = name if isinstance(name, str) else None
        link = link if isinstance(link, str) else None
        described = f"general.license = {value!r}" + (f", general.license.name = {name!r}" if name else "")
        found.licenses.append(normalise(value, name, link, source="gguf", evidence=f"{shown}: {described}"))
    found.bases.extend(BaseModelLink(t, "quantized") for t in gguf_base_models(meta) if hub_ids(t))
    title = meta.get("general.name")
    if isinstance(title, str) and title:
        found.properties.append(("gguf-name", title[:200]))


def _read_safetensors(path: Path, shown: str, found: _Findings) -> None:
    meta = read_safetensors_metadata(path)
    for key in ("license", "modelspec.license"):
        value = meta.get(key)
        if value and value.strip():
            evidence = f"{shown}: __metadata__.{key} = {value!r}"
            found.licenses.append(normalise(value, source="safetensors", evidence=evidence))
            return


def _read_adapter_config(directory: Path, prefix: str, found: _Findings) -> None:
    config = directory / "adapter_config.json"
    try:
        if not config.is_file() or config.stat().st_size > MAX_ADAPTER_CONFIG:
            return
        data = json.loads(config.read_text(encoding="utf-8", errors="replace"))
    except (OSError, ValueError, RecursionError):
        return
    base = data.get("base_model_name_or_path") if isinstance(data, dict) else None
    if not isinstance(base, str) or not base.strip():
        return
    if hub_ids(base):
        found.bases.append(BaseModelLink(base.strip(), "adapter"))
    else:
        found.properties.append(("adapter-base", f"{base.strip()} (a local path in {prefix}/adapter_config.json)"))


def source(config: RunConfig, later: LicenseSource) -> LicenseSource | None:
    return LocalSource(config.root)
