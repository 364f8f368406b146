"""A call of a project class or function followed through the modules it passes the value on to."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlgate.model import Kind, Reference, Role
from mlgate.scan.python.onward import passed_on
from scan.helpers import scan_tree

# The stable_diffusion layout of mlx-examples: a script, the package's `__init__` defining the
# classes, and `model_io.py` holding the functions that download.
PIPELINE = '''from .model_io import load_unet, load_tokenizer, describe


class StableDiffusion:
    def __init__(self, model: str, float16: bool = False):
        self.unet = load_unet(model, float16)
        self.tokenizer = load_tokenizer(key=model)


class StableDiffusionXL(StableDiffusion):
    def __init__(self, model: str, float16: bool = False):
        super().__init__(model, float16)


def caption(name):
    return describe(name)
'''
MODEL_IO = '''from huggingface_hub import hf_hub_download


def load_unet(key: str, float16: bool = False):
    with open(hf_hub_download(key, "unet/config.json")) as f:
        return f.read()


def load_tokenizer(key: str):
    return hf_hub_download(key, "tokenizer/vocab.json")


def describe(key):
    return f"model {key}"
'''
SCRIPT = '''from stable_diffusion import StableDiffusion, StableDiffusionXL, caption

sd = StableDiffusionXL("stabilityai/sdxl-turbo", float16=True)
plain = StableDiffusion("stabilityai/stable-diffusion-2-1-base")
text = caption("acme/not-a-model")
'''
FILES = {"stable_diffusion/__init__.py": PIPELINE, "stable_diffusion/model_io.py": MODEL_IO, "txt2image.py": SCRIPT}


def _found(references: list[Reference]) -> list[tuple[str, int, int, str, Kind, Role, str]]:
    return [(r.location.path, r.location.line, r.location.column, r.target, r.kind, r.role, r.via) for r in references]


def test_a_class_passing_its_argument_to_another_modules_loader_is_reported_at_the_call(tmp_path: Path) -> None:
    result = scan_tree(tmp_path, FILES)
    assert _found(result.references) == [
        ("txt2image.py", 3, 24, "stabilityai/sdxl-turbo", Kind.MODEL, Role.INPUT,
         "StableDiffusionXL() -> StableDiffusion() -> load_unet() -> hf_hub_download"),
        ("txt2image.py", 4, 25, "stabilityai/stable-diffusion-2-1-base", Kind.MODEL, Role.INPUT,
         "StableDiffusion() -> load_unet() -> hf_hub_download"),
    ]  # (once each, though load_tokenizer loads it too; `caption` only formats it)


def test_a_third_module_that_loads_nothing_reports_nothing(tmp_path: Path) -> None:
    quiet = MODEL_IO.replace('hf_hub_download(key, "unet/config.json")', '"unet/config.json"').replace(
        'hf_hub_download(key, "tokenizer/vocab.json")', "key.upper()")
    result = scan_tree(tmp_path, {**FILES, "stable_diffusion/model_io.py": quiet})
    # (nothing followed; the id's own look still names a model where it is written: `hubshape`)
    assert [r.via for r in result.references] == ["Hub id shape"]


def test_a_keyword_slot_and_a_module_constant_are_followed(tmp_path: Path) -> None:
    result = scan_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/engine.py": "from pkg.weights import fetch\n\n\nclass Engine:\n"
                         "    def __init__(self, device, where=None):\n"
                         "        self.path = fetch(device, repo=where)\n",
        "pkg/weights.py": "from huggingface_hub import snapshot_download\n\n\n"
                          "def fetch(device, repo=None, other=None):\n    return snapshot_download(repo_id=repo)\n",
        "run.py": "from pkg.engine import Engine\nPICK = \"acme/engine-7b\"\n"
                  "model = Engine(\"cuda\", where=PICK)\n",
    })
    got = [(r.location.path, r.location.line, r.target, r.via, r.origin.line if r.origin else None)
           for r in result.references]
    assert got == [("run.py", 3, "acme/engine-7b", "Engine() -> fetch() -> snapshot_download", 2)]


def _chain(length: int) -> dict[str, str]:
    """`main.py` calls `m1.step`, which calls `m2.step`, ..., and the last one downloads."""
    files = {"main.py": "from m1 import step\nstep(\"acme/deep-model\")\n"}
    for index in range(1, length):
        files[f"m{index}.py"] = f"from m{index + 1} import step as onward\n\n\ndef step(name):\n    onward(name)\n"
    files[f"m{length}.py"] = "from transformers import AutoModel\n\n\ndef step(name):\n" \
                             "    return AutoModel.from_pretrained(name)\n"
    return files


def test_the_chain_is_followed_three_modules_deep_and_no_further(tmp_path: Path) -> None:
    deep = scan_tree(tmp_path / "three", _chain(3))
    assert [(r.location.path, r.target, r.via) for r in deep.references] == [
        ("main.py", "acme/deep-model", "step() -> step() -> step() -> AutoModel.from_pretrained")]
    assert scan_tree(tmp_path / "four", _chain(4)).references == []


def test_an_import_cycle_ends(tmp_path: Path) -> None:
    result = scan_tree(tmp_path, {
        "ping.py": "from pong import pong\n\n\ndef ping(name):\n    return pong(name)\n",
        "pong.py": "from ping import ping\n\n\ndef pong(name):\n    return ping(name)\n",
        "main.py": "from ping import ping\nping(\"acme/cyclic\")\n",
    })
    assert result.references == []


def test_a_cycle_whose_second_module_loads_is_followed_once(tmp_path: Path) -> None:
    # ping -> pong, which loads the value and also hands it back to ping: reported once, at the call
    result = scan_tree(tmp_path, {
        "ping.py": "from pong import pong\n\n\ndef ping(name):\n    return pong(name)\n",
        "pong.py": "from transformers import AutoModel\nfrom ping import ping\n\n\n"
                   "def pong(name, again=False):\n"
                   "    return ping(name) if again else AutoModel.from_pretrained(name)\n",
        "main.py": "from ping import ping\nping(\"acme/cyclic\")\n",
    })
    assert [(r.location.path, r.location.line, r.target) for r in result.references] == [
        ("main.py", 2, "acme/cyclic")]


def test_a_re_export_adds_no_call_to_the_chain(tmp_path: Path) -> None:
    # `from .engine import Engine` in the package (as a lazy-import `__init__` writes under TYPE_CHECKING).
    result = scan_tree(tmp_path, {
        "pkg/__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .engine import Engine\n",
        "pkg/engine.py": "from transformers import AutoModel\n\n\nclass Engine:\n"
                         "    def __init__(self, model):\n        self.model = AutoModel.from_pretrained(model)\n",
        "main.py": "from pkg import Engine\nmodel = Engine(\"acme/engine\")\n",
    })
    got = [(r.location.path, r.via) for r in result.references]
    assert got == [("main.py", "Engine() -> AutoModel.from_pretrained")]


@pytest.mark.parametrize("first, second", [("a", "b"), ("b", "a")])
def test_a_callee_reached_directly_and_through_a_class_serves_both_calls(tmp_path: Path, first: str,
                                                                          second: str) -> None:
    # The same probe of `load_unet`, once from a script and once from the class's module: analysed
    # once, or again at the next step when both are at the same one, and reported at both calls.
    result = scan_tree(tmp_path, {
        **FILES,
        f"{first}.py": "from stable_diffusion.model_io import load_unet\nmodel = load_unet(\"acme/unet\")\n",
        f"{second}.py": "from stable_diffusion import StableDiffusionXL\nmodel = StableDiffusionXL(\"acme/unet\")\n",
    })
    got = sorted((r.location.path, r.via) for r in result.references if r.target == "acme/unet")
    through = "StableDiffusionXL() -> StableDiffusion() -> load_unet() -> hf_hub_download"
    assert got == sorted([(f"{first}.py", "load_unet() -> hf_hub_download"), (f"{second}.py", through)])


def test_a_rescan_sees_a_changed_third_module(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = scan_tree(tmp_path / "tree", FILES, cache_dir=cache)
    assert len(first.references) == 2
    model_io = tmp_path / "tree" / "stable_diffusion" / "model_io.py"
    model_io.write_text(MODEL_IO.replace("hf_hub_download(key,", "print(key,"))
    os.utime(model_io, ns=(1, 1))  # an old mtime: only the content says it changed
    again = scan_tree(tmp_path / "tree", {}, cache_dir=cache)
    assert [r.via for r in again.references] == ["Hub id shape"]  # (nothing followed, as above)


def test_passed_on_records_the_slot_and_the_calls_before_it() -> None:
    text = PIPELINE + 'StableDiffusionXL("org/x")\ncaption("org/y")\nStableDiffusionXL(local_name)\n'
    last = text.count("\n")
    got = sorted((p.line, p.value, p.callee.module, p.callee.name, p.rule.position or 0, p.rule.keywords, p.lead)
                 for p in passed_on(text, [last - 2, last - 1, last]))
    assert got == [
        (last - 2, "org/x", "model_io", "load_tokenizer", 0, ("key",), "StableDiffusionXL() -> StableDiffusion() -> "),
        (last - 2, "org/x", "model_io", "load_unet", 0, (), "StableDiffusionXL() -> StableDiffusion() -> "),
        (last - 1, "org/y", "model_io", "describe", 0, (), "caption() -> "),
    ]  # (not the name: its value is unknown)
