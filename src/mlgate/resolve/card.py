"""Model and dataset card metadata: the YAML front matter of a README, and the same fields as
the Hub returns them in `cardData`.

Shared by the Hub, local-directory and HF-cache sources so that all three read `license`,
`license_name`, `license_link`, `base_model`, `base_model_relation` and `datasets` the same
way. Reads are bounded and YAML is loaded with the safe loader: a card is data, never code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlgate.licenses import conflict, normalise
from mlgate.model import BaseModelLink, Category, License
from mlgate.targets import looks_like_hub_id

MAX_CARD_BYTES = 512 * 1024
RELATIONS = ("finetune", "adapter", "quantized", "merge")
CARD_NAMES = ("README.md", "README.MD", "readme.md", "README")


@dataclass(frozen=True)
class CardFacts:
    """What a card declares about licensing and lineage, exactly as written."""

    license: str | list[str] | None = None
    license_name: str | None = None
    license_link: str | None = None
    base_models: tuple[BaseModelLink, ...] = ()
    datasets: tuple[str, ...] = ()
    pipeline_tag: str | None = None  # the task (`text-generation`): CycloneDX modelCard's `task`

    @property
    def declares_license(self) -> bool:
        return bool(self.license) or bool(self.license_name)

    def describe(self) -> str:
        """The fields as evidence: `license: other, license_name: qwen-research, license_link: …`."""
        parts = []
        if self.license:
            value = self.license if isinstance(self.license, str) else "[" + ", ".join(self.license) + "]"
            parts.append(f"license: {value}")
        if self.license_name:
            parts.append(f"license_name: {self.license_name}")
        if self.license_link:
            parts.append(f"license_link: {self.license_link}")
        return ", ".join(parts) or "no license field"

    def to_license(self, *, source: str, evidence: str, link: str | None = None) -> License:
        """Normalise the declaration; contradicting fields give the more restrictive reading."""
        link = link or self.license_link
        license_ = normalise(self.license, self.license_name, link, source=source, evidence=evidence)
        clash = conflict(self.license, self.license_name)
        if clash is None:
            return license_
        named = normalise("other", self.license_name, link, source=source, evidence=evidence)
        stricter = max((license_, named), key=lambda item: item.category.restrictiveness)
        note = f"{evidence}; conflicting card metadata: {clash}; the more restrictive reading is used"
        return License(**{**stricter.__dict__, "evidence": note})


def facts_from_metadata(meta: dict[str, Any] | None) -> CardFacts:
    """CardFacts from a parsed front matter or a Hub `cardData` mapping. Odd types are ignored."""
    if not isinstance(meta, dict):
        return CardFacts()
    raw_license = meta.get("license")
    license_: str | list[str] | None
    if isinstance(raw_license, str):
        license_ = raw_license
    elif isinstance(raw_license, list):
        license_ = [v for v in raw_license if isinstance(v, str)] or None
    else:
        license_ = None
    relation = meta.get("base_model_relation")
    relation = relation if isinstance(relation, str) and relation in RELATIONS else "finetune"
    bases = tuple(BaseModelLink(target, relation) for target in hub_ids(meta.get("base_model")))
    return CardFacts(
        license=license_,
        license_name=_text(meta.get("license_name")),
        license_link=_text(meta.get("license_link")),
        base_models=bases,
        datasets=hub_ids(meta.get("datasets")),
        pipeline_tag=_text(meta.get("pipeline_tag")),
    )


def hub_ids(value: Any) -> tuple[str, ...]:
    """Hub-shaped ids from a str or list field, deduplicated, order kept."""
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    found = [v.strip() for v in values if isinstance(v, str) and looks_like_hub_id(v.strip(), allow_bare=True)]
    return tuple(dict.fromkeys(found))


def read_front_matter(path: Path) -> dict[str, Any] | None:
    """The YAML front matter of a card file, or None (no file, no front matter, invalid YAML)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_CARD_BYTES)
    except OSError:
        return None
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if not text.startswith("---"):
        return None
    lines = text.splitlines()
    if lines[0].strip() != "---":
        return None
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return _load_yaml("\n".join(lines[1:end]))
    return None


def first_file(directory: Path, names: tuple[str, ...]) -> Path | None:
    """The first of `names` that is a file in `directory`."""
    return next((directory / name for name in names if (directory / name).is_file()), None)


def find_card(directory: Path) -> Path | None:
    return first_file(directory, CARD_NAMES)


def category_known(license_: License) -> bool:
    return license_.category is not Category.UNKNOWN


def _load_yaml(text: str) -> dict[str, Any] | None:
    import yaml

    from mlgate.yamlsafe import safe_loader

    loader = safe_loader(text)
    try:
        data = yaml.load(text, Loader=loader)  # a safe loader: plain data only
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
