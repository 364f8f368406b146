"""`!` lines read as IPython hands them to the shell: `{name}` and `$name` take the Python literal."""

from __future__ import annotations

import json

import pytest

from mlgate.model import Kind
from mlgate.scan.detectors import notebook
from mlgate.scan.detectors.ipython_expand import Literal, PythonBindings, expand
from scan.helpers import detect


def _notebook(*sources: str) -> str:
    cells = [{"cell_type": "code", "source": s.splitlines(keepends=True), "outputs": []} for s in sources]
    return json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def _at(text: str, line: int, column: int) -> str:
    return text.splitlines()[line - 1][column - 1:]


def test_braced_and_dollar_names_take_the_python_literal_with_its_place_as_origin() -> None:
    text = _notebook('path = "acme/nb-model"\ndata = "acme/nb-data"\n',
                     "!python gen.py --model-path {path} --dataset_name $data\n")
    refs = detect(notebook.DETECTOR, "n.ipynb", text)
    assert [(r.target, r.kind, r.via, r.location.cell) for r in refs] == [
        ("acme/nb-model", Kind.MODEL, "--model-path", 2), ("acme/nb-data", Kind.DATASET, "--dataset_name", 2)]
    model, data = refs
    assert _at(text, model.location.line, model.location.column).startswith("{path}")
    assert _at(text, data.location.line, data.location.column).startswith("$data")
    assert model.origin is not None and data.origin is not None
    assert _at(text, model.origin.line, model.origin.column).startswith("acme/nb-model")
    assert (model.origin.cell, data.origin.cell) == (1, 1)


def test_the_last_assignment_before_the_line_counts_else_the_only_one() -> None:
    text = _notebook('m = "acme/first"\n', '!python a.py --model_name_or_path {m}\n',
                     'm = "acme/second"\n!python b.py --model_name_or_path {m}\n',
                     '!python c.py --model_name_or_path {late}\n', 'late = "acme/assigned-later"\n')
    refs = detect(notebook.DETECTOR, "n.ipynb", text)
    assert [(r.target, r.location.cell, r.origin.cell if r.origin else None) for r in refs] == [
        ("acme/first", 2, 1), ("acme/second", 3, 3), ("acme/assigned-later", 4, 5)]


def test_a_name_rebound_to_something_unknown_is_not_given_the_old_literal() -> None:
    text = _notebook('m = "acme/old"\n', 'm = pick()\n', '!python a.py --model_name_or_path {m}\n',
                     'for n in ["acme/x"]:\n    pass\n', 'n = "acme/y"\n', '!python b.py --model_name_or_path {n}\n')
    refs = detect(notebook.DETECTOR, "n.ipynb", text)
    assert [(r.target, r.location.cell) for r in refs] == [("acme/y", 6)]


def test_bash_cells_and_shell_variables_stay_shell() -> None:
    text = _notebook('m = "acme/python-only"\n', "%%bash\npython a.py --model_name_or_path $m\n",
                     "!python b.py --model_name_or_path $HOME/{m}\n",  # $HOME fails in IPython: line as written
                     "!python c.py --model_name_or_path $$m\n", "!python d.py --model_name_or_path '$m'\n")
    assert detect(notebook.DETECTOR, "n.ipynb", text) == []


def test_a_local_folder_is_a_local_path_and_a_bare_run_name_is_not_a_model() -> None:
    text = _notebook('out = "./outputs/sft"\nrun = "mistral-dolphin-sft"\nold = "gpt2"\n',
                     "!python gen.py --model-id {run} --model-path {out} --model_name_or_path {old}\n")
    refs = detect(notebook.DETECTOR, "n.ipynb", text)
    assert [(r.target, r.kind, r.via) for r in refs] == [
        ("./outputs/sft", Kind.LOCAL_PATH, "--model-path"), ("gpt2", Kind.MODEL, "--model_name_or_path")]


def test_env_magic_is_expanded() -> None:
    text = _notebook('m = "acme/env-model"\n%env MODEL_ID={m}\n')
    (ref,) = detect(notebook.DETECTOR, "n.ipynb", text)
    assert (ref.target, ref.via) == ("acme/env-model", "MODEL_ID")
    assert ref.origin is not None and _at(text, ref.origin.line, ref.origin.column).startswith("acme/env-model")


def _bindings(*cells: str) -> PythonBindings:
    bindings = PythonBindings()
    for number, cell in enumerate(cells, start=1):
        bindings.add_cell(number, cell.splitlines())
    return bindings


def test_expressions_are_worked_out_from_literals_only() -> None:
    bindings = _bindings('repo = "acme/long-name"\nitems = ["a"]\n')

    def lookup(name: str) -> Literal | object | None:
        return bindings.lookup(name, (2, 0))

    expanded = expand("x {repo.split('/')[-1]} {repo.upper()} {items[0]} {len(repo)} {{lit}}", lookup)
    assert expanded is not None
    # `items` is bound to a list and `len` is not a string method: both stay as written
    assert expanded.text == "x long-name ACME/LONG-NAME {items[0]} {len(repo)} {lit}"
    assert expanded.source_offset(expanded.text.index("ACME")) == len("x {repo.split('/')[-1]} ")


@pytest.mark.parametrize("line", [
    """echo '{"model": "acme/json"}' > cfg.json""",  # not an expression: IPython fails, line kept
    "jq '.model' cfg.json",
    "awk '{print $1}' models.txt",
    "echo $HOME $PATH {repo}",  # names nothing binds in Python: the whole line is kept
    "echo }",
    "echo {repo",
    "pip install -q transformers",
])
def test_look_alikes_leave_the_line_as_written(line: str) -> None:
    bindings = _bindings('repo = "acme/x"\n')
    assert expand(line, lambda name: bindings.lookup(name, (2, 0))) is None


def test_a_cell_that_does_not_parse_binds_nothing() -> None:
    bindings = _bindings('repo = "acme/x"\nif (:\n')
    assert bindings.lookup("repo", (2, 0)) is None


def test_a_replace_chain_that_grows_past_the_value_bound_is_not_worked_out() -> None:
    # each `.replace` multiplies the length by ten: worked out, nine of them would take gigabytes
    bindings = _bindings('repo = "acme/x"\n')
    chain = "{repo" + ".replace('a', 'aaaaaaaaaa')" * 9 + "}"
    expanded = expand(f"echo {chain} {{repo.replace('x', 'y')}}", lambda name: bindings.lookup(name, (2, 0)))
    assert expanded is not None
    assert expanded.text == f"echo {chain} acme/y"


def test_a_field_deeper_than_the_reader_goes_is_left_as_written_and_the_notebook_still_read() -> None:
    deep = "{m" + "[0]" * 1500 + "}"
    text = _notebook('m = "acme/model"\n', f"!echo {deep}\n!python a.py --model_name_or_path {{m}}\n")
    refs = detect(notebook.DETECTOR, "n.ipynb", text)
    assert [r.target for r in refs] == ["acme/model"]


def test_a_lookup_finds_the_last_binding_before_the_line_whatever_order_cells_were_added_in() -> None:
    bindings = PythonBindings()
    bindings.add_cell(3, ['m = "acme/third"'])
    bindings.add_cell(1, ['m = "acme/first"', 'm = "acme/first-again"'])
    found = [bindings.lookup("m", use) for use in [(1, 1), (2, 0), (4, 0)]]
    assert [held.value if isinstance(held, Literal) else held for held in found] == [
        "acme/first", "acme/first-again", "acme/third"]
