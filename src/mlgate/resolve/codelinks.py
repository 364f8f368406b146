"""Data sets the code uses next to a model: a training script that loads a model and a data set.

A model card names the data sets it was trained on; fine-tuning code shows the same thing for
the model it produces: the base model and the training data set are referenced in one file
(`load_dataset("tatsu-lab/alpaca")` beside `from_pretrained(...)` and a trainer, or an axolotl
config's `base_model` and `datasets`). The pairing is recorded as a property of the model
(`dataset-in-same-code`), so the policy can flag a model fine-tuned on a non-commercial set
(condition `trained-on-category`) while saying where the pairing was seen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from mlgate.model import Component, Kind, Role

PROPERTY = "dataset-in-same-code"
_MODEL_KINDS = (Kind.MODEL, Kind.ADAPTER)


def link_code_datasets(components: Sequence[Component]) -> list[Component]:
    """Each model used in a file that also loads data sets gets one property per such data set."""
    datasets_by_file: dict[str, list[str]] = defaultdict(list)
    for component in components:
        if component.kind is Kind.DATASET:
            for ref in component.references:
                if ref.role is Role.INPUT and component.target not in datasets_by_file[ref.location.path]:
                    datasets_by_file[ref.location.path].append(component.target)
    linked = []
    for component in components:
        pairs = {} if component.kind not in _MODEL_KINDS else {
            dataset: ref.location.path
            for ref in component.references if ref.role is Role.INPUT
            for dataset in datasets_by_file.get(ref.location.path, ())
        }
        props = tuple((PROPERTY, f"{dataset} ({path})") for dataset, path in sorted(pairs.items()))
        linked.append(replace(component, properties=(*component.properties, *props)) if props else component)
    return linked


def code_datasets(component: Component) -> list[str]:
    """The data sets recorded by `link_code_datasets` for this model."""
    return [value.rsplit(" (", 1)[0] for key, value in component.properties if key == PROPERTY]
