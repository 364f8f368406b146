"""The revision an `hf://` path names (`hf://datasets/org/x@v1.0/train.parquet`) is the reference's."""

from __future__ import annotations

import pytest

from mlgate.scan.base import Detector
from mlgate.scan.detectors.configs import DETECTOR as CONFIGS
from mlgate.scan.detectors.scripts import DETECTOR as SCRIPTS
from mlgate.scan.detectors.tomlfiles import DETECTOR as TOML
from mlgate.scan.hubpath import hub_path_revision
from mlgate.scan.python.detector import DETECTOR as PYTHON
from scan.helpers import detect


@pytest.mark.parametrize(("path", "revision"), [
    ("hf://datasets/acme/rows@v1.0/train.parquet", "v1.0"),
    ("hf://acme/model@refs%2Fpr%2F1/x.safetensors", "refs/pr/1"),  # URL-decoded
    ("hf://acme/model@refs/pr/12/x.safetensors", "refs/pr/12"),  # a special ref, taken as it is
    ("hf://datasets/acme/rows@refs/convert/parquet/default/train/0.parquet", "refs/convert/parquet"),
    ("hf://datasets/acme/rows@~parquet/default/train/0.parquet", "refs/convert/parquet"),  # the short name
    ("HF://acme/model@main", "main"),
    ("hf://datasets/acme/rows@my%20branch/x?download=1", "my branch"),
    # none: no `@`, an empty one, an `@` below the repository, not a repository, not `hf://`
    ("hf://datasets/acme/rows/train.parquet", None), ("hf://acme/model@/x", None),
    ("hf://datasets/acme/rows/data/train@2x.parquet", None), ("hf://spaces/acme/demo@v1/app.py", None),
    ("hf://buckets/acme/scratch@v1/x.csv", None), ("https://huggingface.co/acme/model@v1/x", None),
    ("acme/model@v1", None),
])
def test_hub_path_revision(path: str, revision: str | None) -> None:
    assert hub_path_revision(path) == revision


def _revisions(detector: Detector, relpath: str, text: str) -> list[tuple[str, str | None, int]]:
    return [(r.target, r.revision, r.location.line) for r in detect(detector, relpath, text)]


def test_python_reads_the_revision_of_the_path() -> None:
    text = ('import pandas as pd\nfrom datasets import load_dataset\n'
            'rows = pd.read_parquet("hf://datasets/acme/rows@v1.0/data/train.parquet")\n'
            'DATA = "hf://datasets/acme/mix@refs%2Fpr%2F2/data/train.parquet"\n'
            'mix = load_dataset("parquet", data_files={"train": DATA})\n'
            'plain = pd.read_parquet("hf://datasets/acme/plain/data/train.parquet")\n'
            'from transformers import AutoModel\n'
            'AutoModel.from_pretrained("acme/model", revision="v2")\n')
    assert _revisions(PYTHON, "load.py", text) == [
        ("acme/rows", "v1.0", 3), ("acme/mix", "refs/pr/2", 4), ("acme/plain", None, 6), ("acme/model", "v2", 8)]


def test_configs_toml_and_shell_read_the_revision_of_the_path() -> None:
    yaml_text = ("dataset_path: hf://datasets/acme/rows@v2.1/data/train.parquet\n"
                 "eval_dataset: hf://datasets/acme/held/data/test.parquet\n")
    assert _revisions(CONFIGS, "train.yaml", yaml_text) == [("acme/rows", "v2.1", 1), ("acme/held", None, 2)]
    toml_text = '[data]\ndataset_path = "hf://datasets/acme/rows@2024-06/data/train.parquet"\n'
    assert _revisions(TOML, "train.toml", toml_text) == [("acme/rows", "2024-06", 2)]
    shell = ("DATA=hf://datasets/acme/rows@v3/data/train.parquet\n"
             'python train.py --dataset_name "$DATA" --model_name_or_path acme/base\n')
    assert _revisions(SCRIPTS, "train.sh", shell) == [("acme/rows", "v3", 1), ("acme/rows", "v3", 2),
                                                      ("acme/base", None, 2)]
