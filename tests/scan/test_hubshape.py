"""Hub-shaped literals: an `org/name` whose look says model, reported wherever code uses it."""

from __future__ import annotations

import textwrap

import pytest

from mlgate.model import Kind, Location
from mlgate.scan.base import ScanOptions
from mlgate.scan.python.detector import python_references
from mlgate.scan.python.hubshape import shaped_kind


def refs(source: str) -> set[tuple[int, str, str]]:
    text = textwrap.dedent(source)

    def locate(line: int, column: int) -> Location:
        return Location("m.py", line, column + 1)

    return {(r.location.line, r.target, r.kind.value) for r in python_references(text, locate, ScanOptions())}


@pytest.mark.parametrize(("value", "kind"), [
    ("facebook/musicgen-small", Kind.MODEL),
    ("Qwen/Qwen-1_8B-Chat", Kind.MODEL),
    ("sshleifer/distilbart-cnn-12-6", Kind.MODEL),
    ("hf-internal-testing/tiny-random-t5", Kind.MODEL),
    ("google/bert_uncased_L-2_H-128_A-2", Kind.MODEL),
    ("black-forest-labs/FLUX.1-Canny-dev-lora", Kind.ADAPTER),
    ("h94/IP-Adapter", Kind.MODEL),
    ("openai/gpt-4o", Kind.API_MODEL),
    ("nvidia/Llama-Nemotron-Post-Training-Dataset", Kind.DATASET),
    ("huggingface/transformers", None),
    ("huggingface/diffusers", None),
    ("facebook/react", None),
    ("openai/whisper", None),
    ("meta-llama/llama", None),
    ("ggerganov/llama.cpp", None),
    ("lm/audiogen_lm", None),
    ("musicgen/musicgen_base_32khz", None),
    ("train/loss", None),
    ("application/json", None),
    ("acme/x/model.safetensors", None),
    ("hf-internal-testing/non-existing-model", None),
    ("your-org/your-model", None),
    ("org/Model-GGUF", None),
    ("unsloth/M-GGUF", None),
    ("owner/has-gguf", None),
    ("unsloth/Active-GGUF", None),
    ("unsloth/Model-FP8", None),
    ("work_dirs/qwen3p5_sft", None),
    ("llama3/8B_lora", None),
    ("acme-bundles/WAV2VEC2_ASR_BASE_960H", None),
    ("deepseek/deepseek-chat", Kind.API_MODEL),
    ("01-ai/Yi-6B", Kind.MODEL),
])
def test_shape_alone(value: str, kind: Kind | None) -> None:
    assert shaped_kind(value) is kind


@pytest.mark.parametrize(("source", "expected"), [
    ('MAP = {"small": "facebook/musicgen-small"}\nload(MAP["small"])\n', (1, "facebook/musicgen-small", "model")),
    ('def get(name="facebook/musicgen-melody"):\n    return name\n', (1, "facebook/musicgen-melody", "model")),
    ('def f(path=None):\n    path = path if path else "sshleifer/distilbart-cnn-12-6"\n',
     (2, "sshleifer/distilbart-cnn-12-6", "model")),
    ('def f(path=None):\n    return path or "t5-small"\n', (2, "t5-small", "model")),
    ('s = Summary("distilbert-base-cased-distilled-squad")\n', (1, "distilbert-base-cased-distilled-squad", "model")),
    ('e = Embeddings(path="sentence-transformers/nli-mpnet-base-v2")\n',
     (1, "sentence-transformers/nli-mpnet-base-v2", "model")),
    ('c = X.load_config("stabilityai/stable-diffusion-3-medium-diffusers", subfolder="vae")\n',
     (1, "stabilityai/stable-diffusion-3-medium-diffusers", "model")),
    ('cls, tok = AutoTokenizer, "hf-internal-testing/tiny-random-t5"\n',
     (1, "hf-internal-testing/tiny-random-t5", "model")),
    ('for lora in ["black-forest-labs/FLUX.1-Canny-dev-lora"]:\n    pipe.load(lora)\n',
     (1, "black-forest-labs/FLUX.1-Canny-dev-lora", "adapter")),
    ('m = gr.Radio(["facebook/musicgen-large"], value="facebook/musicgen-melody")\n',
     (1, "facebook/musicgen-melody", "model")),
    ("m = Solver.model_from_checkpoint('//pretrained/facebook/encodec_32khz')\n",
     (1, "facebook/encodec_32khz", "model")),
    ('p = cfg.get("path", "opensearch-project/opensearch-neural-sparse-encoding-doc-v2-mini")\n',
     (1, "opensearch-project/opensearch-neural-sparse-encoding-doc-v2-mini", "model")),
    ('fetch("argilla/distilabel-intel-orca-dpo-pairs", repo_type="dataset")\n',
     (1, "argilla/distilabel-intel-orca-dpo-pairs", "dataset")),
])
def test_reported(source: str, expected: tuple[int, str, str]) -> None:
    assert expected in refs(source)


@pytest.mark.parametrize("source", [
    'GITHUB_REPO = "huggingface/diffusers"\n',
    'x = "huggingface/transformers"\n',
    'if name == "Qwen/Qwen2.5-7B-Instruct":\n    pass\n',
    'ok = name in ("meta-llama/Llama-2-7b-hf",)\n',
    'ok = name.startswith("mistralai/Mistral-7B-v0.1")\n',
    'v = config["google/flan-t5-base"]\n',
    'v = config.get("bigscience/bloom-560m")\n',
    'assert name != "tiiuae/falcon-7b"\n',
    'log.info("loading %s", "EleutherAI/pythia-70m")\n',
    'raise ValueError("microsoft/phi-2")\n',
    'Github().get_repo("deepseek-ai/DeepSeek-V3")\n',
    'run(solver="musicgen/musicgen_base_32khz")\n',
    'd = {"Qwen/Qwen2.5-7B": 1.0}\n',
    'def f():\n    """Uses facebook/musicgen-small."""\n',
    '"facebook/musicgen-small"\n',
    'parser.add_argument("--base_ds", default="allenai/tulu-3-sft-mixture")\n',
    'name = "bert-finetuned-ner-lora"\nf("bert-lora-imdb")\n',
    'x = "t5-small"\n',
    'UNUSED = "deepseek-ai/DeepSeek-V3"\n',
    'b = Transformer("acme/tiny-block")\n',
    'BUNDLES = {"en": "acme-bundles/WAV2VEC2_ASR_BASE_960H"}\nuse(BUNDLES)\n',
    'f("gpt2")\n',
])
def test_kept_out(source: str) -> None:
    assert refs(source) == set()
