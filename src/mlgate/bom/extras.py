"""`modelCard` and `data`: the two CycloneDX 1.6 fields cyclonedx-python-lib cannot express.

They are built here as plain JSON-shaped dicts keyed by bom-ref; the JSON writer adds them
to the serialised document and `bom.xml` turns them into elements in XSD order. Both outputs
are validated afterwards, so a shape the schema rejects never reaches a file.

A model's card says what mlgate knows: its task and architecture (from the component's
properties, as the Hub reports them) and its datasets, each a `ref` to the dataset's own
component when the BOM has one, else an inline `dataset` entry naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mlgate.model import Component, Kind
from mlgate.purl import hub_dataset_url, hub_url

# Component property keys (first found wins) → modelCard.modelParameters field.
CARD_FIELDS = (
    ("task", ("task", "pipeline_tag")),
    ("architectureFamily", ("architecture_family", "model_type")),
    ("modelArchitecture", ("architecture", "architectures")),
)


def model_card(component: Component, dataset_refs: dict[str, str]) -> dict[str, Any] | None:
    values = dict(component.properties)
    parameters: dict[str, Any] = {}
    for field, keys in CARD_FIELDS:
        found = next((values[k] for k in keys if values.get(k)), None)
        if found:
            parameters[field] = found
    datasets: list[dict[str, Any]] = []
    for target in component.datasets:
        ref = dataset_refs.get(target)
        if ref is not None:
            datasets.append({"ref": ref})
        else:
            datasets.append({"type": "dataset", "name": target, "contents": {"url": hub_dataset_url(target)}})
    if datasets:
        parameters["datasets"] = datasets
    return {"modelParameters": parameters} if parameters else None


def dataset_data(component: Component) -> list[dict[str, Any]]:
    entry: dict[str, Any] = {"type": "dataset", "name": component.target}
    url = hub_url(component)
    if url:
        entry["contents"] = {"url": url}
    return [entry]


def component_extras(components: Sequence[Component], refs: Sequence[str]) -> dict[str, dict[str, Any]]:
    """bom-ref → {"modelCard": ...} for models, {"data": [...]} for datasets."""
    dataset_refs: dict[str, str] = {}
    for component, ref in zip(components, refs, strict=True):
        if component.kind is Kind.DATASET:
            dataset_refs.setdefault(component.target, ref)
    extras: dict[str, dict[str, Any]] = {}
    for component, ref in zip(components, refs, strict=True):
        if component.kind is Kind.DATASET:
            extras[ref] = {"data": dataset_data(component)}
            continue
        card = model_card(component, dataset_refs)
        if card is not None:
            extras[ref] = {"modelCard": card}
    return extras
