"""`load_dataset`'s arguments kept under a name (`DEFAULT_DATASET_ARGS`, `dataset_args`)."""

from __future__ import annotations

from mlgate.scan.python.datasetargs import dataset_argument_literals, is_dataset_arguments
from mlgate.scan.python.spots import spot_lines

from .helpers import python_refs


def test_the_string_or_the_dicts_path_names_the_data_set() -> None:
    assert python_refs('''
        DEFAULT_DATASET_ARGS = "squad_v2"
        class Text:
            DEFAULT_DATASET_ARGS = {"path": "glue", "name": "sst2"}
        TASKS = {"ner": {"dataset_args": dict(path="acme/ner", name="type1_pro")}}
    ''') == [("squad_v2", "dataset", 2), ("glue", "dataset", 4), ("acme/ner", "dataset", 5)]


def test_a_loading_script_a_local_folder_and_other_names_are_not_data_sets() -> None:
    assert python_refs('''
        DATASET_ARGS = {"path": "json", "data_files": "train.jsonl"}
        eval_dataset_args = {"path": "./data/eval", "split": "test"}
        training_args = {"path": "glue"}
        dataset_name_args = "glue"
    ''') == []


def test_bare_names_are_candidates_only_under_such_a_name() -> None:
    text = 'DEFAULT_DATASET_ARGS: str = "squad_v2"\nother = "squad_v2"\n'
    assert dataset_argument_literals(text) == [text.index('"squad_v2"')]
    assert spot_lines(text) == [1]
    assert is_dataset_arguments("eval_dataset_kwargs") and not is_dataset_arguments("model_args")
