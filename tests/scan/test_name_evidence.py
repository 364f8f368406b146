"""Name evidence in Python: literals under names that say model or data set are references."""

from __future__ import annotations

import textwrap

import pytest

from mlgate.model import Kind, Location, Role
from mlgate.scan.base import ScanOptions
from mlgate.scan.python.detector import python_references

from .helpers import python_refs


def refs(source: str) -> set[tuple[int, str, str, str]]:
    text = textwrap.dedent(source)

    def locate(line: int, column: int) -> Location:
        return Location("m.py", line, column + 1)

    return {(r.location.line, r.target, r.kind.value, r.role.value)
            for r in python_references(text, locate, ScanOptions())}


@pytest.mark.parametrize(("source", "expected"), [
    ('TEACHER_MODEL = "Qwen/Qwen2.5-7B-Instruct"\n', (1, "Qwen/Qwen2.5-7B-Instruct", "model")),
    ('teacher_model_name = "meta-llama/Llama-3.1-8B"\n', (1, "meta-llama/Llama-3.1-8B", "model")),
    ('MODEL_PATH = "/models/llama"\n', (1, "/models/llama", "local-path")),
    ('payload = {"model": "gpt-4o", "messages": []}\n', (1, "gpt-4o", "api-model")),
    ('MODELS = ["Qwen/Qwen2.5-3B", "google/gemma-2-2b"]\n', (1, "google/gemma-2-2b", "model")),
    ('SUPPORTED_MODELS = {\n    "small": "Qwen/Qwen2.5-0.5B",\n}\n', (2, "Qwen/Qwen2.5-0.5B", "model")),
    ('import os\nMODEL = os.environ.get("MODEL", "mistralai/Mistral-7B-v0.1")\n',
     (2, "mistralai/Mistral-7B-v0.1", "model")),
    ('import os\nname = os.getenv("BASE_MODEL", "tiiuae/falcon-7b")\n', (2, "tiiuae/falcon-7b", "model")),
    ('import sys\nmodel_id = sys.argv[1] if len(sys.argv) > 1 else "org-a/model-b"\n',
     (2, "org-a/model-b", "model")),
    ('model_id = Prompt.ask("Model ID", default="Qwen/Qwen2.5-Coder-32B-Instruct")\n',
     (1, "Qwen/Qwen2.5-Coder-32B-Instruct", "model")),
    ('model_name = input("model? ") or "Qwen/Qwen2.5-7B-Instruct"\n', (1, "Qwen/Qwen2.5-7B-Instruct", "model")),
    ('def run(model_name_or_path="facebook/opt-125m"):\n    return helper(model_name_or_path)\n',
     (1, "facebook/opt-125m", "model")),
    ('parser.add_argument("--vision_tower", type=str, default="openai/clip-vit-large-patch14")\n',
     (1, "openai/clip-vit-large-patch14", "model")),
    ('parser.add_argument("--data_path", default="tatsu-lab/alpaca")\n', (1, "tatsu-lab/alpaca", "dataset")),
    ('task = LightevalTaskConfig(name="mmlu", hf_repo="cais/mmlu", hf_subset="all")\n', (1, "cais/mmlu", "dataset")),
    ('runner = Runner(hf_repo="acme/chat-model")\n', (1, "acme/chat-model", "model")),
    ('from dataclasses import dataclass, field\n@dataclass\nclass Args:\n'
     '    model_name_or_path: str = field(default="EleutherAI/pythia-70m")\n',
     (4, "EleutherAI/pythia-70m", "model")),
    ('class Settings(BaseModel):\n    embedding_model: str = Field("BAAI/bge-small-en-v1.5")\n',
     (2, "BAAI/bge-small-en-v1.5", "model")),
    ('import os\nEMBEDDING_PATH = os.environ.get("EMBEDDING_PATH", "BAAI/bge-large-zh-v1.5")\n',
     (2, "BAAI/bge-large-zh-v1.5", "model")),
    ('embedding_path = "/models/bge-m3"\n', (1, "/models/bge-m3", "local-path")),
    ('@pytest.mark.parametrize("model_id", ["hf-internal-testing/tiny-random-gpt2",\n'
     '                                      pytest.param("sshleifer/tiny-gpt2")])\n'
     'def test_x(model_id): ...\n', (2, "sshleifer/tiny-gpt2", "model")),
    ('client.run(model_name_or_path="gpt2")\n', (1, "gpt2", "model")),
    ('register(models={"Aya": {Source.DEFAULT: "CohereForAI/aya-23-8B"}})\n', (1, "CohereForAI/aya-23-8B", "model")),
    ('cfg = dict(hf_hub="timm/vit_base_patch16_clip_224.openai/")\n',
     (1, "timm/vit_base_patch16_clip_224.openai", "model")),
])
def test_a_literal_under_a_model_name_is_reported_where_it_is_written(source: str,
                                                                      expected: tuple[int, str, str]) -> None:
    line, target, kind = expected
    assert (line, target, kind, Role.INPUT.value) in refs(source)


@pytest.mark.parametrize("source", [
    'model_type = "llama"\n',
    'MODEL_MAX_LENGTH = "2048"\n',
    'lora_target = "q_proj,v_proj"\nlora_target_modules = ["q_proj", "v_proj"]\n',
    'if model_name == "meta-llama/Llama-3.1-8B":\n    pass\n',
    'wandb.init(config={"model_name": "meta-llama/Llama-3.1-8B"})\n',
    'df = df.query(model_name="meta-llama/Llama-3.1-8B")\n',
    'url = "https://github.com/org/repo"\n',
    'model_name = "your-username/your-model"\n',
    'dataset_path = "data/train.jsonl"\n',
    'template = "llama3"\nchat_template = "chatml"\n',
    'content_type = "application/json"\n',
    'def f():\n    """Load with from_pretrained("org-a/model-b")."""\n',
    '# model = "org-a/model-b"\n',
    # an embedding path takes no bare name; vectors, layers and files of vectors are no embedding model
    'EMBEDDING_PATH = "bge-m3"\nembedding_path = "emb/data.npy"\n',
    'EMBEDDINGS_PATH = "acme/precomputed-vectors"\nembedding_file = "acme/glove-vectors"\n',
    'embedding_name = "acme/embed-layer"\nsave_embedding_path = "./out/vectors"\nembedding_dir = "./vectors"\n',
    'table = Embedding(path="acme/vector-table")\n',
])
def test_look_alikes_are_not_reported(source: str) -> None:
    assert refs(source) == set()


def test_output_names_are_outputs() -> None:
    found = refs('output_dir = "outputs/sft-run"\nhub_model_id = "acme/finetuned"\n')
    assert (1, "outputs/sft-run", Kind.LOCAL_PATH.value, Role.OUTPUT.value) in found
    assert (2, "acme/finetuned", Kind.MODEL.value, Role.OUTPUT.value) in found


def test_a_value_that_leaves_the_file_is_still_reported_at_its_literal() -> None:
    source = '''
        from project.loading import load_everything

        DEFAULT_MODEL = "stabilityai/sdxl-turbo"

        def main():
            load_everything(DEFAULT_MODEL)
    '''
    assert (4, "stabilityai/sdxl-turbo", "model", "input") in refs(source)


def test_a_loader_argument_and_its_literal_are_one_reference_each() -> None:
    source = '''
        from transformers import AutoModel
        MODEL_ID = "Qwen/Qwen2.5-7B"
        model = AutoModel.from_pretrained(MODEL_ID)
    '''
    found = refs(source)
    assert (3, "Qwen/Qwen2.5-7B", "model", "input") in found  # where it is written
    assert (4, "Qwen/Qwen2.5-7B", "model", "input") in found  # where it is used


def test_a_use_through_a_name_points_at_its_literal() -> None:
    text = textwrap.dedent('''
        from transformers import AutoModel
        MODEL_ID = "Qwen/Qwen2.5-7B"
        model = AutoModel.from_pretrained(MODEL_ID)
        inline = AutoModel.from_pretrained("Qwen/Qwen2.5-0.5B")
    ''')
    found = python_references(text, lambda line, column: Location("m.py", line, column + 1), ScanOptions())
    use = next(r for r in found if r.location.line == 4)
    assert use.origin == Location("m.py", 3, 12)
    assert next(r for r in found if r.location.line == 3).origin is None  # the literal itself
    assert next(r for r in found if r.location.line == 5).origin is None  # written at the use


def test_a_value_written_in_two_places_points_at_the_one_the_use_follows() -> None:
    # Two functions' defaults hold the same text: each use points at the default it reads, the
    # last one written before it (not the first in the module).
    text = textwrap.dedent('''
        import openai
        def embed(word, model="vicuna-7b-v1.1"):
            return openai.Embedding.create(model=model, input=word)
        def search(query, model="vicuna-7b-v1.1"):
            return embed(query, model=model)
    ''')
    found = python_references(text, lambda line, column: Location("m.py", line, column + 1), ScanOptions())
    origins = {r.location.line: r.origin for r in found}
    assert origins[4] == Location("m.py", 3, 23)
    assert origins[6] == Location("m.py", 5, 25)


def test_a_use_through_a_name_points_at_that_names_literal_not_a_later_equal_one() -> None:
    text = textwrap.dedent('''
        from transformers import AutoModel
        MODEL = "org/chat-model"

        def helper(model_name="org/chat-model"):
            return model_name

        def load():
            return AutoModel.from_pretrained(MODEL)
    ''')
    found = python_references(text, lambda line, column: Location("m.py", line, column + 1), ScanOptions())
    assert next(r for r in found if r.location.line == 9).origin == Location("m.py", 3, 9)


def test_a_value_built_at_the_use_points_at_the_constant_it_interpolates() -> None:
    text = textwrap.dedent('''
        from transformers import AutoModel
        ORG = "acme"
        BASE: str = "acme/base-model"
        NAME = "tiny-7b"
        a = AutoModel.from_pretrained(f"{BASE}-v2")
        b = AutoModel.from_pretrained(ORG + "/lm")
        c = AutoModel.from_pretrained(f"{ORG}/{NAME}")
        d = AutoModel.from_pretrained(f"{'acme'}/inline")
        e = AutoModel.from_pretrained(ORG + "/most-of-the-name")
    ''')
    found = python_references(text, lambda line, column: Location("m.py", line, column + 1), ScanOptions())
    origins = {r.location.line: r.origin for r in found}
    assert origins[6] == Location("m.py", 4, 13)
    assert origins[7] == Location("m.py", 3, 7)
    assert origins[8] == Location("m.py", 5, 8)  # the longest constant the value is built from
    assert origins[9] is None  # every part written at the use
    assert origins[10] is None  # most of it written at the use


def test_how_names_are_read_with_their_owner_and_passed_on_defaults_are_uses() -> None:
    source = '''\
        from functools import partial

        def alpaca_dataset(tokenizer, *, source="tatsu-lab/alpaca", note="acme/unrelated"):
            ds = SFTDataset(source=source, model_transform=tokenizer)
            emit(message=source)
            return ds

        cleaned = partial(alpaca_dataset, source="yahma/alpaca-cleaned")
        tok = HFTokenizer("openai/clip-vit-base-patch32")
        cfg = _pcfg(hf_hub="laion/CLIP-ViT-B-32/open_clip_pytorch_model.bin")
        local = SFTDataset(source="json", data_files="data/train.json")
        images = ImageDataset("./images/train")
        def build_model(name="resnet50"):
            return name
    '''
    assert refs(source) == {
        (3, "tatsu-lab/alpaca", "dataset", "input"), (4, "tatsu-lab/alpaca", "dataset", "input"),
        (8, "yahma/alpaca-cleaned", "dataset", "input"), (9, "openai/clip-vit-base-patch32", "model", "input"),
        (10, "laion/CLIP-ViT-B-32", "model", "input")}


def test_a_passed_on_default_in_a_stubbed_body_is_found_on_the_full_text() -> None:
    # Long modules are parsed with uninteresting bodies stubbed out (`reduce.py`): the body that
    # passes the default on holds no literal, and is read from the full text all the same.
    filler = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n" for i in range(200))
    source = filler + textwrap.dedent('''\
        def samsum_dataset(tokenizer, *, source="Samsung/samsum"):
            return SFTDataset(
                source=source,
            )
    ''')
    start = filler.count("\n")
    assert refs(source) == {(start + 1, "Samsung/samsum", "dataset", "input"),
                            (start + 3, "Samsung/samsum", "dataset", "input")}


def test_class_attributes_set_once_are_used_where_they_are_given_on() -> None:
    assert refs('''\
        class TestMixture(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                cls.dataset_name = "trl-internal-testing/zen"
                cls.split_name = "acme/not-a-split"

            def test_weighted(self):
                configs = [DatasetConfig(id=self.dataset_name, split="train")]
                self.assertEqual(len(configs), 1, msg=self.dataset_name)
                self.check(split=self.split_name)
    ''') == {(4, "trl-internal-testing/zen", "dataset", "input"), (8, "trl-internal-testing/zen", "dataset", "input")}


def test_a_constructor_parameter_belongs_to_its_class() -> None:
    # lighteval's task classes: `hf_repo` of a *Task* constructor names a data set, and the
    # value passed on through `super().__init__` stays one
    found = refs('''
        class CustomMathEvaluationTask(LightevalTaskConfig):
            def __init__(self, name, hf_repo="DigitalLearningGmbH/MATH-lighteval"):
                super().__init__(name=name, hf_repo=hf_repo)

        class Embedder:
            def __init__(self, name="sentence-transformers/all-mpnet-base-v2"):
                self.model = SentenceTransformer(name)
    ''')
    assert (3, "DigitalLearningGmbH/MATH-lighteval", "dataset", "input") in found
    assert (4, "DigitalLearningGmbH/MATH-lighteval", "dataset", "input") in found
    assert not any(kind == "model" and target.startswith("DigitalLearning") for _, target, kind, _ in found)
    assert (7, "sentence-transformers/all-mpnet-base-v2", "model", "input") in found


def test_pretrained_names_a_model_only_by_an_unmistakable_hub_id() -> None:
    assert refs('''\
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--pretrained", default="acme/pythia")
        def wrapper(pretrained="acme/mamba", other="x"):
            return pretrained
        def clip(pretrained="openai", tag="laion2b_s34b_b79k"):
            return pretrained
        def backbone(pretrained="imagenet", ckpt="x"):
            return pretrained
        def local(pretrained="/data/ckpt/resnet50.pth"):
            return pretrained
        flag = build(pretrained=True)
    ''') == {(3, "acme/pythia", "model", "input"), (4, "acme/mamba", "model", "input")}


def test_word_vectors_under_an_embeddings_name_are_no_model() -> None:
    assert python_refs('''
        EMBEDDING_PATH = "data/glove/glove.840B.300d.txt"
        EMBED_MODEL_PATH = "/models/bge-m3"
    ''') == [("/models/bge-m3", "local-path", 3)]


def test_project_words_before_model_take_api_models_and_hub_ids_only() -> None:
    # aider's deprecated.py: the name's end says model, the value says which
    assert python_refs('''
        def add(group):
            opus_model = "claude-3-opus-20240229"
            gpt_3_model_name = "gpt-3.5-turbo"
            vision_model = "acme/vision"
            weak_model_name = "weak"
            editor_model = "vim"
            num_models = "gpt-4o"
            model_map_path = "maps/gpt-4o.json"
            return opus_model, gpt_3_model_name, vision_model, weak_model_name, editor_model, num_models
    ''') == [("claude-3-opus-20240229", "api-model", 3), ("gpt-3.5-turbo", "api-model", 4),
             ("acme/vision", "model", 5)]


def test_a_table_by_alias_names_models_by_its_values() -> None:
    assert python_refs('''
        MODEL_ALIASES = {"sonnet": "claude-sonnet-4-5", "gpt-4o": "gpt-4o-2024-08-06"}
        DATASET_NAME_MAPPING = {"acme/captions": ("image", "text")}
        def handle():
            model_map = {"opus": "claude-3-opus-20240229", "local": "./weights"}
            return model_map
    ''') == [("claude-sonnet-4-5", "api-model", 2), ("gpt-4o-2024-08-06", "api-model", 2),
             ("claude-3-opus-20240229", "api-model", 5)]


def test_argparse_choices_and_a_quoted_default() -> None:
    # Qwen-Agent's `--vis-judger`: a judge is a model; its choices are the models it may be
    assert python_refs('''
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--vis-judger", default="'gpt-4-vision-preview'",
                            choices=["gpt-4-vision-preview", "qwen-vl-plus"])
        parser.add_argument("--judger-mode", default="gpt-4o", choices=["gpt-4o", "strict"])
        parser.add_argument("--model_name_or_path", choices=["acme/a", "acme/b"])
    ''') == [("gpt-4-vision-preview", "api-model", 4), ("gpt-4-vision-preview", "api-model", 5),
             ("qwen-vl-plus", "api-model", 5), ("acme/a", "model", 7), ("acme/b", "model", 7)]


def test_a_tables_nested_entries_are_read_by_their_own_keys() -> None:
    # opencompass's `DATASETS_MAPPING = {"x": {"ms_id": ..., "hf_id": ...}}`: not every string is the Hub's
    assert python_refs('''
        DATASETS_MAPPING = {"opencompass/x": {"ms_id": "acme/on-modelscope", "local": "./data/x"}}
    ''') == []
