"""IPython magics translated line by line: Python keeps its line numbers, shell and files are read apart."""

from __future__ import annotations

import ast
import json

from mlgate.scan.detectors import notebook
from mlgate.scan.detectors.magics import CellKind, translate_cell
from scan.helpers import detect


def test_magic_lines_become_pass_so_blocks_still_parse() -> None:
    lines = ["if missing:", "    !pip install -q peft", "%pip install trl", "files = !ls", "obj?", "x = 1"]
    cell = translate_cell(lines)
    assert cell.python == ["if missing:", "    pass", "pass", "pass", "pass", "x = 1"]
    ast.parse("\n".join(cell.python))
    assert [c.text(lines) for c in cell.shell] == ["pip install -q peft", "ls"]
    env = translate_cell(["%env HF_MODEL_ID=acme/env", "%env"])
    assert (env.python, [c.text(["%env HF_MODEL_ID=acme/env"]) for c in env.shell]) == (
        ["pass", "pass"], ["HF_MODEL_ID=acme/env"])


def test_shell_continuations_join_and_leave_blank_python_lines() -> None:
    lines = ["!python train.py \\", "  --model acme/m \\", "  --data_path x", "y = 2", "%pip install a \\", "  b"]
    cell = translate_cell(lines)
    assert cell.python == ["pass", "", "", "y = 2", "pass", ""]
    assert [c.pieces for c in cell.shell] == [[(0, 1), (1, 0), (2, 0)]]


def test_cell_magics() -> None:
    assert translate_cell(["%%bash", "hf download acme/x"]).kind is CellKind.SHELL
    written = translate_cell(["%%writefile cfg/train.yaml", "base_model: acme/x"])
    assert (written.kind, written.written_file) == (CellKind.CONFIG, "cfg/train.yaml")
    python_file = translate_cell(["%%writefile run.py", "import os"])
    assert (python_file.kind, python_file.python) == (CellKind.PYTHON, ["", "import os"])
    assert translate_cell(["%%time", "%time f()", "g()"]).python == ["", "if 1: f()", "g()"]
    assert translate_cell(["  %timeit x = f()"]).python == ["  if 1:   x = f()"]  # same columns
    assert translate_cell(["%%html", "<b>from_pretrained('acme/no')</b>"]).kind is CellKind.OTHER
    assert translate_cell([]).python == []


def _notebook(*sources: str) -> str:
    cells = [{"cell_type": "code", "source": s.splitlines(keepends=True), "outputs": []} for s in sources]
    return json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_notebook_cells_with_magics_are_analysed_not_skimmed() -> None:
    text = _notebook(
        "from transformers import AutoModel\nif x:\n    !pip install peft\n"
        "def load(name):\n    return AutoModel.from_pretrained(name)\nload('acme/helper')\n",
        "!python train.py \\\n  --model_name_or_path acme/cont\n",
        "%%writefile train.yaml\nbase_model: acme/written\nchat_template: chatml\n",
    )
    refs = detect(notebook.DETECTOR, "n.ipynb", text)
    assert [(r.target, r.via, r.location.cell) for r in refs] == [
        ("acme/helper", "load() -> AutoModel.from_pretrained", 1), ("acme/cont", "--model_name_or_path", 2),
        ("acme/written", "base_model", 3)]
    for ref in refs:  # every place points into the .ipynb text at the target
        line = text.splitlines()[ref.location.line - 1]
        assert line[ref.location.column - 1:].lstrip("\\'\"").startswith(ref.target)


def test_a_cell_magic_below_colab_form_lines_still_opens_the_cell() -> None:
    lines = ['#@title Colab Extra Install { display-mode: "form" }', "%%capture", "import os",
             "!pip install -q unsloth"]
    cell = translate_cell(lines)
    assert (cell.kind, cell.python) == (CellKind.PYTHON, ["", "", "import os", "pass"])
    assert [c.text(lines) for c in cell.shell] == ["pip install -q unsloth"]
    written = translate_cell(["# @title config", "%%writefile train.yaml", "model_name_or_path: acme/m"])
    assert (written.kind, written.written_file, written.body_start) == (CellKind.CONFIG, "train.yaml", 2)
    shell = translate_cell(["# download", "%%bash", "hf download acme/b"])
    assert (shell.kind, [c.pieces for c in shell.shell]) == (CellKind.SHELL, [[(2, 0)]])
    # a `%%magic` line further down (not after form lines only) is not Python either
    assert translate_cell(["x = 1", "%%time"]).python == ["x = 1", "pass"]
