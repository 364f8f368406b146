"""Large modules are parsed with uninteresting bodies stubbed (`python/reduce.py`): same answer as the full text.

Each case is analysed twice: alone (too small to be reduced, so read in full) and after a long
run of helper functions (reduced); the references must be the same, line for line.
"""

from __future__ import annotations

import textwrap

import pytest

from mlgate.model import Reference
from mlgate.scan.base import line_starts
from mlgate.scan.python import detector as python
from mlgate.scan.python.reduce import MIN_CHARS, reduce_source
from mlgate.scan.python.sites import site_lines
from mlgate.scan.python.spots import spot_lines
from scan.helpers import detect

_PADDING = "".join(f"def helper_{i}(x):\n    y = x * {i}\n    return y + {i}\n\n" for i in range(150))
_SHIFT = _PADDING.count("\n")

_CASES = {
    "an attribute also set in a stubbed method": '''
        from transformers import AutoModel
        FALLBACK = "acme/fallback"

        class Service:
            def __init__(self):
                self.weights = "acme/first"

            def reset(self):
                self.weights = FALLBACK

            def start(self):
                return AutoModel.from_pretrained(self.weights)
    ''',
    "a class attribute given on in a stubbed method": '''
        class TestMixture(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                cls.dataset_name = "trl-internal-testing/zen"

            def test_weighted(self):
                self.check(DatasetConfig(id=self.dataset_name))
    ''',
    "an import in a stubbed method": '''
        class Engine:
            def setup(self):
                from vllm import LLM
                return LLM

            def run(self):
                return LLM("acme/served-model")
    ''',
    "a helper called from a stubbed method": '''
        from transformers import AutoModel
        NAME = "acme/through-helper"

        def load(name):
            return AutoModel.from_pretrained(name)

        class Runner:
            def start(self):
                return AutoModel.from_pretrained("acme/direct")

            def other(self):
                return load(NAME)
    ''',
    "an attribute set in a stubbed function, read after another is missing": '''
        from transformers import AutoModel
        FALLBACK = "acme/fallback"

        def show(cfg):
            print(cfg.checkpoint)

        def reset(cfg):
            cfg.weights = FALLBACK

        class Holder:
            weights = "acme/first"

        def main(cfg):
            AutoModel.from_pretrained(cfg.checkpoint)
            return AutoModel.from_pretrained(cfg.weights)
    ''',
    "a name assigned first in a stubbed method, interpolated at the use": '''
        from transformers import AutoModel

        class Loader:
            def configure(self):
                BASE = "unset"
                return BASE

            def load(self):
                return AutoModel.from_pretrained(f"{BASE}-turbo")

        BASE = "stabilityai/sdxl"
    ''',
    "an argparse default set in a stubbed method": '''
        from transformers import AutoModel
        NAME = "acme/from-argparse"

        class Cli:
            def options(self, parser):
                parser.add_argument ("-w", dest="weights", default=NAME)

            def run(self, args):
                return AutoModel.from_pretrained(args.weights)
    ''',
}


def _answer(references: list[Reference], shift: int = 0) -> list[tuple[object, ...]]:
    def line(location: object) -> object:
        return None if location is None else (location.line - shift, location.column)  # type: ignore[attr-defined]

    return [(r.target, r.kind.value, r.via, line(r.location), line(r.origin)) for r in references]


@pytest.mark.parametrize("body", list(_CASES.values()), ids=list(_CASES))
def test_stubbing_the_methods_of_a_class_with_a_loader_keeps_the_answer(body: str) -> None:
    body = textwrap.dedent(body)
    assert len(body) < MIN_CHARS  # alone, the module is read in full
    alone = _answer(detect(python.DETECTOR, "m.py", body))
    padded = _answer(detect(python.DETECTOR, "m.py", _PADDING + body), shift=_SHIFT)
    assert alone and padded == alone


def test_methods_without_a_line_of_interest_are_stubbed_and_handed_over() -> None:
    source = _PADDING + textwrap.dedent(_CASES["an attribute also set in a stubbed method"])
    starts = line_starts(source)
    keep = sorted({*site_lines(source, starts=starts), *spot_lines(source)})
    reduced = reduce_source(source, keep, starts)
    assert reduced is not None
    assert "self.weights = FALLBACK" not in reduced.text  # the method holds no line of interest
    assert reduced.methods.strip() == "self.weights = FALLBACK"
    assert 'self.weights = "acme/first"' in reduced.text
    assert reduced.text.count("\n") == source.count("\n")


def test_an_analysis_that_needs_the_methods_gets_them_back_without_the_other_bodies() -> None:
    source = _PADDING + textwrap.dedent(_CASES["an attribute also set in a stubbed method"])
    starts = line_starts(source)
    keep = sorted({*site_lines(source, starts=starts), *spot_lines(source)})
    again = reduce_source(source, keep, starts, keep_methods=True)
    assert again is not None and again.methods == ""
    assert "self.weights = FALLBACK" in again.text
    assert "return y + 7" not in again.text  # the padding's bodies stay stubbed
