"""Python detector: value folding, scopes, helper calls, prefilter, tolerant path, comments."""

from __future__ import annotations

import textwrap

import pytest

from mlgate.scan.python import detector as python
from mlgate.scan.python.rules import FUNCTIONS, GENERIC_KEYWORDS, SITE_CALLS
from scan.helpers import detect, found, python_refs

refs = python_refs


def test_constant_is_reported_at_the_call_argument_and_where_it_is_written() -> None:
    assert refs('''
        from transformers import AutoModel
        MODEL = "org/chat-model"
        m = AutoModel.from_pretrained(MODEL)
    ''') == [("org/chat-model", "model", 3), ("org/chat-model", "model", 4)]


def test_flow_keeps_the_latest_binding_and_both_branches() -> None:
    assert refs('''
        from transformers import AutoModel
        name = "org/first"
        name = "org/second"
        AutoModel.from_pretrained(name)
        if flag:
            other = "org/yes"
        else:
            other = "org/no"
        AutoModel.from_pretrained(other)
    ''') == [("org/second", "model", 5), ("org/no", "model", 10), ("org/yes", "model", 10)]


def test_function_scope_shadows_module_constant() -> None:
    assert refs('''
        from transformers import AutoModel
        repo = "org/module-level"
        def load(repo):
            return AutoModel.from_pretrained(repo)
        load("org/from-caller")
    ''') == [("org/from-caller", "model", 6)]


def test_method_wrapper_and_constructor_wrapper_are_followed() -> None:
    assert refs('''
        from sentence_transformers import SentenceTransformer
        class Encoder:
            def __init__(self, name):
                self.model = SentenceTransformer(name)
        class Hub:
            @staticmethod
            def get(name):
                return Encoder(name)
        Encoder("org/direct")
        Hub.get("org/two-levels")
    ''') == [("org/direct", "model", 10), ("org/two-levels", "model", 11)]


def test_a_helper_run_elsewhere_is_called_with_its_parameters() -> None:
    # Modal's `f.remote(x)` / `f.spawn(x)` and Ray's `f.remote(x)` call `f(x)`; a `.remote()` of a
    # function whose parameter reaches no loader names nothing.
    assert refs('''
        import modal
        from huggingface_hub import snapshot_download
        app = modal.App()
        @app.function()
        def fetch(name):
            snapshot_download(name)
        @app.function()
        def announce(title):
            print(title)
        fetch.remote("org/remote")
        fetch.spawn(name="org/spawned")
        announce.remote("org/printed-only")
        fetch.map(["org/mapped"])
    ''') == [("org/remote", "model", 11), ("org/spawned", "model", 12)]


def test_the_openai_library_before_1_0_names_api_models() -> None:
    assert refs('''
        import openai
        import pandas as pd
        chat = openai.ChatCompletion.create(model="my-served-model", messages=[])
        vectors = openai.Embedding.acreate(engine="vicuna-7b-v1.5", input="hi")
        table = pd.read_csv("a.csv", engine="python")
        other = Completion.create(model="not-openai")
    ''') == [("my-served-model", "api-model", 4), ("vicuna-7b-v1.5", "api-model", 5)]


def test_a_helper_method_named_like_a_remote_call_is_still_the_helper() -> None:
    assert refs('''
        from transformers import AutoModel
        class Loader:
            def spawn(self, name):
                return AutoModel.from_pretrained(name)
        Loader().spawn("org/spawned-model")
    ''') == [("org/spawned-model", "model", 6)]


def test_a_remote_call_in_a_stubbed_body_parses_the_full_text() -> None:
    source = _PADDING + textwrap.dedent('''
        from huggingface_hub import snapshot_download
        DEFAULT = "acme/remote-default"

        def fetch(name):
            snapshot_download(name)

        def main(model_name=DEFAULT):
            fetch.remote(model_name)
    ''')
    line = source.splitlines().index("    fetch.remote(model_name)") + 1
    # (the default naming the constant is a place of it too: `nameddefaults`)
    assert refs(source) == [("acme/remote-default", "model", line - 1), ("acme/remote-default", "model", line)]


def test_string_building_forms() -> None:
    got = refs('''
        from transformers import AutoModel
        ORG, NAME = "acme", "bert-small"
        CONFIG = dict(model="acme/from-dict-call")
        AutoModel.from_pretrained("{org}/{name}".format(org=ORG, name=NAME))
        AutoModel.from_pretrained(CONFIG["model"])
        AutoModel.from_pretrained("acme/x".strip())
        AutoModel.from_pretrained(str("acme/y"))
        AutoModel.from_pretrained(MODELS.get("small", "acme/default"))
    ''')
    assert got == [("acme/from-dict-call", "model", 4), ("acme/bert-small", "model", 5),
                   ("acme/from-dict-call", "model", 6), ("acme/x", "model", 7), ("acme/y", "model", 8),
                   ("acme/default", "model", 9)]


def test_loops_over_zip_enumerate_and_split() -> None:
    got = refs('''
        from transformers import AutoModel
        for i, repo in enumerate(["acme/a", "acme/b"]):
            AutoModel.from_pretrained(repo)
        for repo, rev in zip(["acme/c"], ["main"]):
            AutoModel.from_pretrained(repo, revision=rev)
        for repo in "acme/d, acme/e".split(","):
            AutoModel.from_pretrained(repo)
    ''')
    assert got == [("acme/a", "model", 4), ("acme/b", "model", 4), ("acme/c", "model", 6),
                   ("acme/d", "model", 8), ("acme/e", "model", 8)]


def test_revision_is_kept() -> None:
    (ref,) = detect(python.DETECTOR, "m.py", 'from transformers import AutoModel\n'
                    'AutoModel.from_pretrained("acme/x", revision="abc123")\n')
    assert ref.revision == "abc123"


def test_unknown_values_and_placeholders_are_not_reported() -> None:
    assert refs('''
        from transformers import AutoModel
        AutoModel.from_pretrained(sys.argv[1])
        AutoModel.from_pretrained(f"{user}/{repo}")
        AutoModel.from_pretrained("<your model>")
        AutoModel.from_pretrained("./")
        AutoModel.from_pretrained("model.safetensors")
        SomeTrainer(model="resnet50")
    ''') == []


def test_local_paths_are_local_path_references() -> None:
    assert refs('''
        from transformers import AutoModel
        AutoModel.from_pretrained("./checkpoints/best")
        AutoModel.from_pretrained("/models/llama")
    ''') == [("./checkpoints/best", "local-path", 3), ("/models/llama", "local-path", 4)]


def test_python2_file_uses_the_tolerant_path() -> None:
    got = refs('''
        from transformers import AutoModel
        NAME = "acme/py2-model"
        print "hello"
        AutoModel.from_pretrained(NAME)
        AutoModel.from_pretrained(
            "acme/multi-line", revision="main")
    ''')
    assert got == [("acme/py2-model", "model", 5), ("acme/multi-line", "model", 7)]


def test_comments_only_with_include_comments() -> None:
    source = '''
        from transformers import AutoModel
        # AutoModel.from_pretrained("acme/in-comment")
        """See https://huggingface.co/datasets/acme/card-data for details."""
    '''
    assert refs(source) == []
    assert refs(source, comments=True) == [("acme/in-comment", "model", 3), ("acme/card-data", "dataset", 4)]


def test_usage_lines_in_docstrings_with_include_comments() -> None:
    source = '''
        """Fine-tune a model.

        Usage:
            python train.py --model_name_or_path acme/usage-model \\
                --dataset_name acme/usage-data
            $ vllm serve acme/served
        Don't pass --model gpt2 unless it's small; see --model_name_or_path <model>.
        """
        # accelerate launch train.py --model_name_or_path acme/commented
        import transformers
    '''
    assert refs(source) == []
    found = detect(python.DETECTOR, "m.py", textwrap.dedent(source), True)
    assert [(r.target, r.location.line, r.via) for r in found] == [
        ("acme/usage-model", 5, "--model_name_or_path (docstring)"),
        ("acme/usage-data", 6, "--dataset_name (docstring)"), ("acme/served", 7, "vllm serve (docstring)"),
        ("acme/commented", 10, "--model_name_or_path (comment)")]


def test_deep_nesting_falls_back_instead_of_crashing() -> None:
    nested = "x = " + "(" * 300 + "1" + ")" * 300 + "\n"
    chain = "y = " + " + ".join(['"a"'] * 20000) + "\n"
    source = ("from transformers import AutoModel\n" + nested + chain
              + 'AutoModel.from_pretrained("acme/after-nesting")\n')
    assert refs(source) == [("acme/after-nesting", "model", 4)]


def test_nul_bytes_and_invalid_utf8_do_not_escape() -> None:
    data = b'from transformers import AutoModel\n\xff\xfe\x00junk\nAutoModel.from_pretrained("acme/x")\n'
    assert found(detect(python.DETECTOR, "m.py", data)) == [("acme/x", "model", 3)]


def test_prefilter_rejects_prose_and_keeps_real_sites() -> None:
    assert not python.worth_parsing(b"# This module documents the data model of the parser.\nx = 1\n")
    assert python.worth_parsing(b"model = load()\nAutoModel.from_pretrained(x)\n")
    assert python.worth_parsing(b"from transformers import pipeline as pl\npl('x', 'gpt2')\n")


@pytest.mark.parametrize("call", [c for c in SITE_CALLS if c.endswith("(")])
def test_every_loader_call_passes_the_prefilter_when_imported(call: str) -> None:
    name = call[:-1].rsplit(".", 1)[-1]
    source = f"from somewhere import {name}\nx = {call}'acme/model-x')\n".encode()
    assert any(t in source for t in python.TRIGGERS) or name in {"Llama", "LLM"}, call
    assert python.worth_parsing(source), call


def test_every_generic_keyword_is_a_site() -> None:
    # `tokenizer=` and `output_dir=` alone carry none of the stage-1 words; they are found in files that load
    # or import a model (where it always appears), as docs/detection.md says.
    needs_company = {"tokenizer", "tokenizer_name", "tokenizer_name_or_path", "tokenizer_path", "output_dir"}
    for keyword in GENERIC_KEYWORDS:
        alone = f"x = f({keyword}='acme/x')\n".encode()
        with_import = b"from transformers import AutoModel\n" + alone
        assert python.worth_parsing(with_import), keyword
        assert python.worth_parsing(alone) or keyword in needs_company, keyword
    assert set(FUNCTIONS) <= {c[:-1] for c in SITE_CALLS} | {"from_pretrained"}


_PADDING = "".join(f"def helper_{i}(x):\n    '''Docstring\nat column 0.'''\n    return x + {i}\n\n" for i in range(120))


def test_large_modules_parse_only_bodies_that_matter_with_the_same_answer() -> None:
    from mlgate.scan.python.reduce import reduce_source

    body = textwrap.dedent('''
        from transformers import AutoModel
        MODEL = "acme/big-module"

        def load():
            return AutoModel.from_pretrained(MODEL)
    ''')
    source = _PADDING + body
    line = source.splitlines().index("    return AutoModel.from_pretrained(MODEL)") + 1
    reduced = reduce_source(source, [line])
    assert reduced is not None and len(reduced.text) < len(source) / 2
    assert reduced.text.count("\n") == source.count("\n")
    written = source.splitlines().index('MODEL = "acme/big-module"') + 1
    assert refs(source) == [("acme/big-module", "model", written), ("acme/big-module", "model", line)]


def test_large_modules_with_helpers_or_attributes_fall_back_to_the_full_text() -> None:
    helpers = _PADDING + textwrap.dedent('''
        from transformers import AutoModel

        def load(name):
            return AutoModel.from_pretrained(name)

        def main():
            return load("acme/called-from-a-stubbed-body")
    ''')
    assert refs(helpers)[0][:2] == ("acme/called-from-a-stubbed-body", "model")
    attributes = _PADDING + textwrap.dedent('''
        from transformers import AutoModel

        class Service:
            def configure(self):
                self.model_id = "acme/set-elsewhere"

            def start(self):
                return AutoModel.from_pretrained(self.model_id)
    ''')
    assert refs(attributes)[0][:2] == ("acme/set-elsewhere", "model")


def test_a_wrong_guess_at_block_ends_still_parses_the_original() -> None:
    from mlgate.scan.python.reduce import reduce_source

    # A continuation line at column 0 looks like the end of the body: the reduced text does
    # not parse, and the original is parsed instead.
    tricky = (_PADDING + "def odd():\n    x = (\n1)\n    return x\n"
              'from transformers import AutoModel\nAutoModel.from_pretrained("acme/after-odd")\n')
    line = tricky.count("\n")
    reduced = reduce_source(tricky, [line])
    assert reduced is not None and "\n1)\n" in reduced.text
    assert refs(tricky) == [("acme/after-odd", "model", line)]


def test_an_analysed_module_leaves_no_cycle_behind() -> None:
    # A cycle through the analyzer kept the whole tree alive until the cyclic collector ran:
    # a collection per file, and the tree in memory meanwhile.
    import ast
    import gc

    source = _PADDING + 'from transformers import AutoModel\nAutoModel.from_pretrained("acme/no-cycle")\n'
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        assert refs(source)[0][0] == "acme/no-cycle"
        gc.collect()
        left = [o for o in gc.garbage if isinstance(o, ast.AST)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []
