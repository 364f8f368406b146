"""A module with one broken statement keeps full analysis everywhere else."""

from __future__ import annotations

import json
import textwrap

from mlgate.scan.detectors import notebook
from mlgate.scan.python import detector as python
from mlgate.scan.python.repair import inside, repair
from scan.helpers import detect, found

BROKEN = textwrap.dedent('''\
    import argparse
    from transformers import AutoModel

    def collate(batch):
        return processor(text=batch, return_tensors="pt" padding=True)

    def main():
        parser = argparse.ArgumentParser()
        parser.add_argument("--model_name_or_path", default="acme/base-model")
        name = "acme/chat-model"
        return AutoModel.from_pretrained(name)

    print "legacy"
    AutoModel.from_pretrained("acme/after-the-break")
''')


def test_the_broken_blocks_are_blanked_and_every_line_keeps_its_place() -> None:
    fixed = repair(BROKEN)
    assert fixed is not None
    kept, original = fixed.text.split("\n"), BROKEN.split("\n")
    assert len(kept) == len(original)
    blank = [i + 1 for i, line in enumerate(kept) if line != original[i]]
    assert blank == [4, 5, 13]  # the function with the missing comma, and the Python 2 print
    assert inside(fixed.blanked, BROKEN.index("padding")) and not inside(fixed.blanked, BROKEN.index("acme/base"))


def test_a_module_that_parses_or_cannot_be_mended_is_left_alone() -> None:
    assert repair("x = 1\n") is None
    assert repair("x = (\n") is None  # blanking the only block leaves nothing to analyse
    assert repair("    indented = 1\n") is None


def test_defaults_and_flows_outside_the_broken_block_are_still_found() -> None:
    got = found(detect(python.DETECTOR, "train.py", BROKEN))
    assert ("acme/base-model", "model", 9) in got  # an argparse default: name evidence needs the tree
    assert ("acme/chat-model", "model", 11) in got  # a flow through a local name
    assert ("acme/after-the-break", "model", 14) in got


def test_a_loader_inside_the_broken_block_is_read_by_the_tolerant_reader() -> None:
    source = textwrap.dedent('''\
        from transformers import AutoModel
        def load():
            print "loading"
            return AutoModel.from_pretrained("acme/in-broken")
        MODEL_ID = "acme/named-model"
    ''')
    got = found(detect(python.DETECTOR, "m.py", source))
    assert ("acme/named-model", "model", 5) in got
    assert ("acme/in-broken", "model", 4) in got


def test_one_broken_cell_does_not_blind_the_rest_of_the_notebook() -> None:
    cells = [
        'model_name = "acme/vl-model"\n',
        'def collate(examples):\n    return processor(text=examples, return_tensors="pt" padding=True)\n',
        'from transformers import AutoModel\nmodel = AutoModel.from_pretrained(model_name)\n',
    ]
    document = {"cells": [{"cell_type": "code", "source": c, "metadata": {}, "outputs": []} for c in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    refs = detect(notebook.DETECTOR, "n.ipynb", json.dumps(document, indent=1))
    assert {(r.target, r.location.cell) for r in refs} >= {("acme/vl-model", 1), ("acme/vl-model", 3)}
    use = next(r for r in refs if r.location.cell == 3)
    assert use.origin is not None and use.origin.cell == 1
