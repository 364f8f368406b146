"""Which Python calls name a model, adapter, dataset or API model, and in which argument.

A call is matched by its dotted name after import aliases are expanded
(`from transformers import AutoModel as M; M.from_pretrained(...)` is
`transformers.AutoModel.from_pretrained`). Each match yields argument slots (`ArgRule`);
any call also gets the generic keyword slots (`model=`, `model_id=`, `repo_id=`, ...), which
accept only values that are unmistakably references (`org/name`, an API model, `./path`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from mlgate.model import Kind, Role


@dataclass(frozen=True)
class ArgRule:
    """One argument of a call that carries a target: by position and/or keyword."""

    position: int | None
    keywords: tuple[str, ...]
    kind: Kind = Kind.MODEL
    allow_bare: bool = True  # legacy ids without an org (`gpt2`) are accepted in this slot
    role: Role = Role.INPUT
    scheme: str = ""  # "": Hub/API/local via classify; "ollama"; "github" (torch.hub); "local"; "timm";
    # "api": an API's model parameter, any name is a model (a Hub id or path still reads as one);
    # "replicate": Replicate's `owner/name[:version]`, an API model in Replicate's namespace;
    # "openai_clip": a name OpenAI's `clip.load` knows (`ViT-L/14`), or a checkpoint file;
    # "openai_whisper" / "faster_whisper": a Whisper size name (`small.en`) in that package's table, or a path


@dataclass(frozen=True)
class CallSpec:
    via: str
    args: tuple[ArgRule, ...]
    repo_type_aware: bool = False  # `repo_type="dataset"` turns the model slot into a dataset
    extra: dict[str, str] = field(default_factory=dict)


def _slot(position: int | None, *keywords: str, kind: Kind = Kind.MODEL, bare: bool = True,
          role: Role = Role.INPUT, scheme: str = "") -> ArgRule:
    return ArgRule(position, keywords, kind, bare, role, scheme)


_PRETRAINED_KW = ("pretrained_model_name_or_path", "model_id", "repo_id", "model_name_or_path",
                  "pretrained_model_or_path")
FROM_PRETRAINED = (_slot(0, *_PRETRAINED_KW),)
PEFT_ADAPTER = (_slot(1, "model_id", "pretrained_model_name_or_path", kind=Kind.ADAPTER),)
AUTO_PEFT = (_slot(0, *_PRETRAINED_KW, kind=Kind.ADAPTER),)
_PEFT_RECEIVERS = {"PeftModel", "PeftModelForCausalLM", "PeftModelForSeq2SeqLM", "PeftModelForSequenceClassification",
                   "PeftModelForTokenClassification", "PeftModelForQuestionAnswering",
                   "PeftModelForFeatureExtraction", "PeftMixedModel"}

_OUT_LOCAL = _slot(0, "save_directory", "output_dir", "path", role=Role.OUTPUT, scheme="local")
_OUT_REPO = _slot(0, "repo_id", role=Role.OUTPUT)

# Keyed by the last component of the dotted name.
FUNCTIONS: dict[str, CallSpec] = {
    "pipeline": CallSpec("pipeline", (_slot(1, "model"), _slot(None, "tokenizer"))),
    "hf_hub_download": CallSpec("hf_hub_download", (_slot(0, "repo_id"),), repo_type_aware=True),
    "snapshot_download": CallSpec("snapshot_download", (_slot(0, "repo_id"),), repo_type_aware=True),
    "hf_hub_url": CallSpec("hf_hub_url", (_slot(0, "repo_id"),), repo_type_aware=True),
    "list_repo_files": CallSpec("list_repo_files", (_slot(0, "repo_id"),), repo_type_aware=True),
    "model_info": CallSpec("model_info", (_slot(0, "repo_id"),)),
    "dataset_info": CallSpec("dataset_info", (_slot(0, "repo_id", kind=Kind.DATASET),)),
    "load_dataset": CallSpec("load_dataset", (_slot(0, "path", kind=Kind.DATASET),)),
    "load_dataset_builder": CallSpec("load_dataset_builder", (_slot(0, "path", kind=Kind.DATASET),)),
    "get_dataset_config_names": CallSpec("get_dataset_config_names", (_slot(0, "path", kind=Kind.DATASET),)),
    "get_dataset_split_names": CallSpec("get_dataset_split_names", (_slot(0, "path", kind=Kind.DATASET),)),
    "SentenceTransformer": CallSpec("SentenceTransformer", (_slot(0, "model_name_or_path"),)),
    "CrossEncoder": CallSpec("CrossEncoder", (_slot(0, "model_name_or_path", "model_name"),)),
    "SparseEncoder": CallSpec("SparseEncoder", (_slot(0, "model_name_or_path"),)),
    "GenerativeModel": CallSpec("GenerativeModel", (_slot(0, "model_name", bare=False),)),
    # FlagEmbedding's embedders and rerankers (`FlagAutoModel.from_finetuned` in `spec_for`)
    **{name: CallSpec(name, (_slot(0, "model_name_or_path"),)) for name in (
        "FlagModel", "BGEM3FlagModel", "FlagLLMModel", "FlagICLModel", "FlagPseudoMoEModel", "FlagReranker",
        "FlagLLMReranker", "LayerWiseFlagLLMReranker", "LightWeightFlagLLMReranker")},
    "SetFitModel": CallSpec("SetFitModel", (_slot(0, "model_id"),)),
    "load_adapter": CallSpec("load_adapter", (_slot(0, "peft_model_id", "model_id", kind=Kind.ADAPTER),)),
    "load_lora_weights": CallSpec("load_lora_weights", (
        _slot(0, "pretrained_model_name_or_path_or_dict", kind=Kind.ADAPTER),)),
    "load_textual_inversion": CallSpec("load_textual_inversion", (
        _slot(0, "pretrained_model_name_or_path", kind=Kind.ADAPTER),)),
    "load_ip_adapter": CallSpec("load_ip_adapter", (
        _slot(0, "pretrained_model_name_or_path_or_dict", kind=Kind.ADAPTER),)),
    "from_single_file": CallSpec("from_single_file", (_slot(0, "pretrained_model_link_or_path", bare=False),)),
    "from_model_id": CallSpec("from_model_id", (_slot(None, "model_id"),)),
    "create_model_from_pretrained": CallSpec("create_model_from_pretrained", (_slot(0, "model_name", bare=False),)),
    "create_model_and_transforms": CallSpec("create_model_and_transforms", (_slot(0, "model_name", bare=False),)),
    "get_tokenizer": CallSpec("get_tokenizer", (_slot(0, "model_name", bare=False),)),
    # (`load_from_disk` / `save_to_disk` name local data folders: data, not references)
    # Where a run writes: never inputs.
    "save_pretrained": CallSpec("save_pretrained", (_OUT_LOCAL, _slot(None, "repo_id", role=Role.OUTPUT))),
    "save_model": CallSpec("save_model", (_OUT_LOCAL,)),
    "push_to_hub": CallSpec("push_to_hub", (_OUT_REPO,)),
    # (`repo_type="dataset"` makes the repository a data set, as for the downloads above)
    "create_repo": CallSpec("create_repo", (_OUT_REPO,), repo_type_aware=True),
    "upload_folder": CallSpec("upload_folder", (_slot(None, "repo_id", role=Role.OUTPUT),), repo_type_aware=True),
    "upload_file": CallSpec("upload_file", (_slot(None, "repo_id", role=Role.OUTPUT),), repo_type_aware=True),
    "upload_large_folder": CallSpec("upload_large_folder", (_slot(None, "repo_id", role=Role.OUTPUT),),
                                    repo_type_aware=True),
    # Hosted inference through the Hub and agent frameworks.
    "InferenceClient": CallSpec("InferenceClient", (_slot(0, "model"),)),
    "AsyncInferenceClient": CallSpec("AsyncInferenceClient", (_slot(0, "model"),)),
    "InferenceClientModel": CallSpec("InferenceClientModel", (_slot(0, "model_id"),)),
    "HfApiModel": CallSpec("HfApiModel", (_slot(0, "model_id"),)),
    "HfApiEngine": CallSpec("HfApiEngine", (_slot(0, "model"),)),
    "TransformersModel": CallSpec("TransformersModel", (_slot(0, "model_id"),)),
    "create_inference_endpoint": CallSpec("create_inference_endpoint", (_slot(None, "repository"),)),
    # Evaluation harnesses: lm-eval's model classes take `pretrained=`.
    "HFLM": CallSpec("HFLM", (_slot(None, "pretrained"),)),
    "VLLM": CallSpec("VLLM", (_slot(None, "pretrained", "model"),)),
    "SGLangLM": CallSpec("SGLangLM", (_slot(None, "pretrained"),)),
    # litgpt
    "auto_download_checkpoint": CallSpec("auto_download_checkpoint", (_slot(0, "model_name"),)),
    # inspect_ai: `get_model("hf-inference-providers/org/name")`, `get_model("openai/gpt-4o")`
    "get_model": CallSpec("get_model", (_slot(0, "model", bare=False),)),
}

# optimum's `TasksManager` methods that download a model (or its config) to inspect it.
OPTIMUM_TASKS_MANAGER: dict[str, ArgRule] = {
    "infer_task_from_model": _slot(0, "model"),
    "infer_library_from_model": _slot(0, "model", "model_name_or_path"),
    "get_model_from_task": _slot(1, "model"),
}

# LeRobot's data sets, read from the Hub by repository id (only under `lerobot`).
LEROBOT_DATASETS = frozenset({"LeRobotDataset", "LeRobotDatasetMetadata", "StreamingLeRobotDataset"})
# llm-compressor / compressed-tensors entry points that read a checkpoint by its id (`model_stub`).
COMPRESSION_ENTRYPOINTS = frozenset({"model_free_ptq", "convert_checkpoint"})

# fastembed's models (ONNX exports of Hub models, downloaded from the Hub): matched only under the
# library's own module, as `TextEmbedding` is a common class name.
FASTEMBED_CLASSES = frozenset({"TextEmbedding", "SparseTextEmbedding", "LateInteractionTextEmbedding",
                               "ImageEmbedding", "LateInteractionMultimodalEmbedding", "TextCrossEncoder"})

# DSPy's clients: `dspy.LM("openai/gpt-4o-mini")` and `dspy.Embedder("text-embedding-3-small")` hand
# their first argument (or `model=`) to LiteLLM, so the value says what it is: an API model, a Hub id
# behind a router (`huggingface/org/x`), a path. Matched only under `dspy` (`LM` is many a project's class).
DSPY_CLIENTS = frozenset({"LM", "Embedder"})

# Sentence-Transformers' building blocks that load a Hub model themselves: `models.Transformer(name)`
# and `models.CLIPModel(name)` (a `SentenceTransformer(modules=[...])` built by hand), the sparse
# encoder's `MLMTransformer(name)`, and the decoder TSDAE's loss loads (`decoder_name_or_path=`).
# Matched only under the library's own module: `Transformer` is also torch's `nn.Transformer` and
# many a project's class.
SENTENCE_TRANSFORMERS_MODULES: dict[str, CallSpec] = {
    "Transformer": CallSpec("models.Transformer", (_slot(0, "model_name_or_path"),)),
    "MLMTransformer": CallSpec("MLMTransformer", (_slot(0, "model_name_or_path"),)),
    "CLIPModel": CallSpec("models.CLIPModel", (_slot(0, "model_name"),)),
    "DenoisingAutoEncoderLoss": CallSpec("DenoisingAutoEncoderLoss", (_slot(None, "decoder_name_or_path"),)),
}

# Keyword arguments that name a target in *any* call (wrappers, trainers, API clients).
# Values must be unmistakable here: `org/name`, an API model, or an explicit local path.
GENERIC_KEYWORDS: dict[str, ArgRule] = {
    name: _slot(None, name, bare=False)
    for name in ("model", "model_name", "model_id", "model_name_or_path", "pretrained_model_name_or_path",
                 "base_model", "base_model_name_or_path", "tokenizer", "tokenizer_name", "tokenizer_name_or_path",
                 "repo_id", "ref_model", "ref_model_name_or_path", "reward_model", "reward_model_name_or_path",
                 "teacher_model", "teacher_model_name_or_path", "draft_model", "speculative_model",
                 "embedding_model", "embed_model", "model_path", "tokenizer_path")
}
GENERIC_KEYWORDS.update({
    "adapter_name_or_path": _slot(None, "adapter_name_or_path", kind=Kind.ADAPTER, bare=False),
    "peft_model_id": _slot(None, "peft_model_id", kind=Kind.ADAPTER, bare=False),
    "dataset_name": _slot(None, "dataset_name", kind=Kind.DATASET, bare=False),
    "dataset_id": _slot(None, "dataset_id", kind=Kind.DATASET, bare=False),
    "output_dir": _slot(None, "output_dir", role=Role.OUTPUT, scheme="local"),
    "hub_model_id": _slot(None, "hub_model_id", role=Role.OUTPUT, bare=False),
})
API_ONLY_KEYWORDS: frozenset[str] = frozenset()
# The resources of OpenAI-compatible and Anthropic clients whose `create(model=...)` names the
# model an API serves: whatever the name, it is one (`llama3-70b-8192` at Groq).
# LangChain and LlamaIndex clients of providers that serve their own model names (`ChatGroq(
# model_name="llama3-8b-8192")`, `Fireworks(model="accounts/fireworks/models/...")`).
HOSTED_CLIENT_CLASSES = frozenset({"ChatGroq", "Groq", "ChatTogether", "Together", "TogetherLLM", "ChatFireworks",
                                   "Fireworks", "ChatCerebras", "Cerebras", "ChatSambaNovaCloud",
                                   # Amazon Bedrock ids (`anthropic.claude-3-haiku-20240307-v1:0`)
                                   "ChatBedrock", "ChatBedrockConverse", "BedrockChat", "BedrockLLM", "Bedrock",
                                   "AmazonBedrockModel"})
# Replicate: the client's calls (`replicate.run("owner/name:<version>")`, `replicate.models.get(...)`,
# `replicate.predictions.create(model=...)`, `replicate.deployments.get(...)`) and the LangChain /
# LlamaIndex classes (`Replicate(model="meta/meta-llama-3-70b-instruct")`) name Replicate's models.
_REPLICATE_RUNS = frozenset({"run", "async_run", "stream", "async_stream", "use"})
_REPLICATE_GETS = frozenset({"get", "async_get"})
_REPLICATE_CREATES = frozenset({"create", "async_create"})
REPLICATE_CLASSES = frozenset({"Replicate", "ReplicateEmbeddings", "ReplicateMultiModal"})
API_RESOURCES = frozenset({"completions", "responses", "embeddings", "messages", "images", "transcriptions",
                           "translations", "speech", "moderations"})

# The module-level resources of the OpenAI library before 1.0 (`openai.ChatCompletion.create(model=...)`,
# `openai.Embedding.acreate(...)`), still in much code and in OpenAI-compatible servers' examples.
LEGACY_API_RESOURCES = frozenset({"ChatCompletion", "Completion", "Embedding", "Image", "Moderation", "Edit"})

# Whisper's loaders by size name, under their packages' own import names only (a project's own
# `load_model("small")` or `WhisperModel` is not one): openai-whisper, faster-whisper, whisperX.
WHISPER_LOADERS: dict[str, CallSpec] = {
    "whisper.load_model": CallSpec("whisper.load_model", (_slot(0, "name", scheme="openai_whisper"),)),
    "faster_whisper.WhisperModel": CallSpec("faster_whisper.WhisperModel", (
        _slot(0, "model_size_or_path", scheme="faster_whisper"),)),
    "whisperx.load_model": CallSpec("whisperx.load_model", (_slot(0, "whisper_arch", scheme="faster_whisper"),)),
}
# Calls matched by a module's name that a project's own object of that name may shadow.
_MODULE_CALLS = frozenset({"clip.load", *WHISPER_LOADERS})

_HF_WRAPPER_KEYWORDS = ("model_name", "model_id", "repo_id", "model", "tokenizer_name", "model_name_or_path")
_DATASET_RECEIVER_HINTS = ("dataset", "ds", "data")


def spec_for(dotted: str) -> CallSpec | None:
    """The call spec of a call whose alias-expanded name is `dotted`, or None."""
    parts = dotted.split(".")
    last = parts[-1]
    receiver = parts[-2].removesuffix("()") if len(parts) >= 2 else ""
    if last == "from_pretrained":
        via = f"{receiver}.from_pretrained" if receiver else "from_pretrained"
        if receiver in _PEFT_RECEIVERS:
            return CallSpec(via, PEFT_ADAPTER)
        if receiver.startswith("AutoPeftModel") or receiver in {"PeftConfig", "LoraConfig"}:
            return CallSpec(via, AUTO_PEFT)
        if receiver == "Llama" or "llama_cpp" in parts:
            return CallSpec(via, (_slot(0, "repo_id"),))
        if receiver == "AbsaModel":  # setfit: an aspect model, then a polarity model
            return CallSpec(via, (*FROM_PRETRAINED, _slot(1, "polarity_model_id")))
        return CallSpec(via, FROM_PRETRAINED)
    if dotted == "clip.load":  # OpenAI's CLIP package: `clip.load("ViT-L/14", device=...)`
        return CallSpec("clip.load", (_slot(0, "name", scheme="openai_clip"),))
    if dotted in WHISPER_LOADERS:  # `whisper.load_model("small.en")`, `WhisperModel("large-v3")`
        return WHISPER_LOADERS[dotted]
    if last == "load" and len(parts) >= 2 and parts[-2] == "hub" and (len(parts) == 2 or parts[-3] == "torch"):
        return CallSpec("torch.hub.load", (_slot(0, "repo_or_dir", scheme="github"),))
    if last == "LLM" and parts[0] == "vllm":
        return CallSpec("vllm.LLM", (_slot(0, "model"), _slot(None, "tokenizer")))
    if last == "Llama" and parts[0] == "llama_cpp":
        return CallSpec("Llama", (_slot(None, "model_path", scheme="local"),))
    if parts[0] == "mii" and last in {"pipeline", "serve", "client"}:
        return CallSpec(f"mii.{last}", (_slot(0, "model_name_or_path", "model"),))
    if parts[0] == "mlx_lm" and last in {"load", "generate", "stream_generate", "convert"}:
        return CallSpec(f"mlx_lm.{last}", (_slot(0, "path_or_hf_repo", "hf_path", "model"),))
    if parts[0] == "outlines" and last in {"transformers", "vllm", "llamacpp", "mlxlm", "from_transformers"}:
        return CallSpec(f"outlines.{last}", (_slot(0, "model_name", "model"),))
    if parts[0] == "sentence_transformers" and last in SENTENCE_TRANSFORMERS_MODULES:
        return SENTENCE_TRANSFORMERS_MODULES[last]
    if last == "from_finetuned" and receiver in {"FlagAutoModel", "FlagAutoReranker"}:
        return CallSpec(f"{receiver}.from_finetuned", (_slot(0, "model_name_or_path"),))
    if last == "MLCEngine" and parts[0] == "mlc_llm":  # `MLCEngine("HF://mlc-ai/...")`
        return CallSpec("mlc_llm.MLCEngine", (_slot(0, "model"),))
    if receiver == "TasksManager" and last in OPTIMUM_TASKS_MANAGER:  # optimum: reads the model's Hub files
        return CallSpec(f"TasksManager.{last}", (OPTIMUM_TASKS_MANAGER[last],))
    if last == "main_export" and parts[0] == "optimum":  # `main_export("org/x", output="onnx/")`
        return CallSpec("optimum.main_export", (_slot(0, "model_name_or_path"),))
    if last in COMPRESSION_ENTRYPOINTS and parts[0] in {"llmcompressor", "compressed_tensors"}:
        # `model_free_ptq(model_stub="org/x", ...)`: quantises a checkpoint's files without loading a model
        return CallSpec(last, (_slot(0, "model_stub"),))
    if parts[0] == "lerobot" and last in LEROBOT_DATASETS:  # `LeRobotDataset("lerobot/pusht")`
        return CallSpec(last, (_slot(0, "repo_id", kind=Kind.DATASET),))
    if parts[0] == "lerobot" and last == "make_pre_post_processors":  # the processors saved with a policy
        return CallSpec(last, (_slot(1, "pretrained_path"),))
    if parts[0] == "dspy" and last in DSPY_CLIENTS:  # `dspy.Embedder(model)`: whatever LiteLLM takes
        return CallSpec(f"dspy.{last}", (_slot(0, "model", bare=False),))
    if parts[0] == "fastembed" and last in FASTEMBED_CLASSES:  # `TextEmbedding("BAAI/bge-small-en-v1.5")`
        return CallSpec(f"fastembed.{last}", (_slot(0, "model_name"),))
    if parts[0] == "fiftyone":  # `fouh.load_from_hub("org/data")`, `fob.compute_similarity(name_or_path="org/x")`
        if last == "load_from_hub":
            return CallSpec("fiftyone.load_from_hub", (_slot(0, "repo_id", kind=Kind.DATASET),))
        return CallSpec(f"fiftyone.{last}", (_slot(None, "name_or_path"),))
    if last == "load" and receiver == "LLM":  # litgpt's LLM.load("org/name")
        return CallSpec("LLM.load", (_slot(0, "model"),))
    if last == "create_model" and parts[0] == "timm":
        return CallSpec("timm.create_model", (_slot(0, "model_name", scheme="timm"),))
    if parts[0] == "ollama" or "Ollama" in last:
        return CallSpec(last if parts[0] != "ollama" else f"ollama.{last}",
                        (_slot(0 if parts[0] == "ollama" else None, "model", scheme="ollama"),))
    if is_replicate_call(dotted):
        return _replicate_spec(parts)
    if parts[0] == "together" and last in {"create", "create_streaming"}:  # `together.Complete.create(model=)`
        return CallSpec(f"together.{receiver}.{last}", (_slot(None, "model", scheme="api"),))
    if last == "create" and receiver in API_RESOURCES:  # `client.chat.completions.create(model=...)`
        return CallSpec(f"{receiver}.create", (_slot(None, "model", scheme="api"),))
    if last in ("create", "acreate") and receiver in LEGACY_API_RESOURCES and parts[0] == "openai":
        return CallSpec(f"openai.{receiver}.{last}", (_slot(None, "model", "engine", scheme="api"),))
    if last in HOSTED_CLIENT_CLASSES:  # LangChain / LlamaIndex clients of hosted providers
        return CallSpec(last, (_slot(None, "model", "model_name", "model_id", scheme="api"),))
    if last.startswith(("HuggingFace", "ChatHuggingFace")) or last == "SentenceTransformerEmbeddings":
        return CallSpec(last, tuple(_slot(None, keyword) for keyword in _HF_WRAPPER_KEYWORDS))
    spec = FUNCTIONS.get(last)
    if spec is not None and last == "push_to_hub" and any(h in receiver.lower() for h in _DATASET_RECEIVER_HINTS):
        return CallSpec(spec.via, (_slot(0, "repo_id", kind=Kind.DATASET, role=Role.OUTPUT),))
    return spec


# The `datasets` library's module functions. Called as a method (`backend.load_dataset("name")`,
# `self.load_dataset(...)`), the name is a project's own storage or loader class; only a bare call
# (imported from `datasets` or a project's re-export) or a call on an imported name
# (`datasets.load_dataset`, `import datasets as ds; ds.load_dataset`) reads the Hub.
MODULE_FUNCTIONS = frozenset({"load_dataset", "load_dataset_builder", "get_dataset_config_names",
                              "get_dataset_split_names"})


def method_of_an_object(dotted: str, receiver_imported: bool) -> bool:
    """Whether `dotted` (alias-expanded) is a module function of `datasets` called on something made
    in the code, no imported name (`self`, a local object): an imported module or a library's class
    (openmind's `OmDataset.load_dataset`) keeps it; or `clip.load` (`whisper.load_model`, ...) on a
    `clip` that is not the imported module (a project's own `clip` object)."""
    parts = dotted.split(".")
    if dotted not in _MODULE_CALLS and (len(parts) < 2 or parts[-1] not in MODULE_FUNCTIONS or parts[0] == "datasets"):
        return False  # (`datasets.load_dataset` is the library by its name, its import seen or not)
    return not receiver_imported


def is_replicate_call(dotted: str) -> bool:
    """A call of Replicate's client or of a LangChain / LlamaIndex Replicate class: its `model=` is Replicate's."""
    return dotted.startswith("replicate.") or dotted.rsplit(".", 1)[-1] in REPLICATE_CLASSES


def _replicate_spec(parts: list[str]) -> CallSpec | None:
    """The slots of a Replicate call: `replicate.run(ref)`, `replicate.models.get(key)`,
    `replicate.deployments.get(name)`, `replicate.predictions.create(version=|model=|deployment=)`,
    `replicate.trainings.create(version=, destination=)`, `Replicate(model=)`."""
    last, via = parts[-1], ".".join(parts)
    resources = set(parts[1:-1])
    if last in REPLICATE_CLASSES:
        return CallSpec(last, (_slot(None, "model", "model_name", scheme="replicate"),))
    if len(parts) == 2 and last in _REPLICATE_RUNS:
        return CallSpec(via, (_slot(0, "ref", scheme="replicate"),))
    if last in _REPLICATE_GETS and resources & {"models", "deployments"}:
        return CallSpec(via, (_slot(0, "key", "name", scheme="replicate"),))
    if last in _REPLICATE_CREATES and "trainings" in resources:
        return CallSpec(via, (_slot(None, "version", scheme="replicate"),
                              _slot(None, "destination", role=Role.OUTPUT, scheme="replicate")))
    if last in _REPLICATE_CREATES and "predictions" in resources:  # (a bare version id is no model: left out)
        return CallSpec(via, (_slot(0, "deployment", "version", "model", scheme="replicate"),))
    return None


# Text that marks a line worth analysing once a file is parsed, and (as bytes) a file worth
# parsing at all: a loader name directly followed by `(`, or a target keyword and `=`.
SITE_CALLS: tuple[str, ...] = (
    "from_pretrained(", *(f"{name}(" for name in FUNCTIONS if name != "from_pretrained"),
    "hub.load(", "clip.load(", "load_model(", "WhisperModel(",
    "LLM(", "Llama(", "create_model", "ollama.", "Ollama(", "HuggingFace", "LLM.load(",
    "mii.", "mlx_lm", "outlines.", "replicate.", "from_finetuned(", "MLCEngine(", "load_from_hub(", "main_export(",
    "make_pre_post_processors(", "partial(",  # (`partial(AutoModel.from_pretrained, ...)`)
    *(f"{name}(" for name in sorted(LEROBOT_DATASETS)),
    *(f"{name}(" for name in sorted(COMPRESSION_ENTRYPOINTS)),
    *(f"{name}(" for name in OPTIMUM_TASKS_MANAGER),
    *(f"{name}(" for name in sorted(FASTEMBED_CLASSES)),
    *(f"{name}(" for name in sorted(DSPY_CLIENTS)),
    *(f"{name}(" for name in SENTENCE_TRANSFORMERS_MODULES),
    *(f"{resource}.{verb}(" for resource in sorted(LEGACY_API_RESOURCES) for verb in ("create", "acreate")),
)
SITE_NEEDLES: tuple[str, ...] = (
    *SITE_CALLS, *(f"{k}{sep}" for k in GENERIC_KEYWORDS for sep in ("=", " =", '":', "':")),
)
# Call names an import alias may rename (`from transformers import pipeline as pl`).
ALIASABLE_CALLS: frozenset[str] = frozenset({*FUNCTIONS, "LLM", "Llama", "create_model"})


# Calls whose keyword arguments and dict payloads are about runs, logs, filters or tests, not
# about what is loaded: `wandb.init(config={"model_name": ...})`, `df.query(model_name=...)`,
# `self.subTest(model_name=...)`. Generic keywords and name evidence are not read in them.
# A mock's assertion (`event.assert_called_once_with("x", model="gpt-4o")`) checks what a test's
# stand-in was called with: a comparison, like `assertEqual`, not a call that loads anything.
NOT_A_USE = frozenset({
    "init", "log", "log_metrics", "log_params", "log_dict", "log_hyperparams", "update", "filter", "query",
    "where", "select", "subTest", "print", "format", "info", "debug", "warning", "error", "write", "append",
    "assertEqual", "assertIn", "assertNotIn", "startswith", "endswith", "replace", "get_logger", "set_description",
    "set_postfix", "add_scalar", "add_text", "dumps", "dump",
    "assert_called_with", "assert_called_once_with", "assert_any_call", "assert_not_called_with",
})
# Calls whose arguments are messages (`print("usage: train.py --model_name_or_path facebook/opt-125m")`):
# a command there is an example, not a run; so is a text a test looks for in a message
# (`assertNotIn("--model gpt-4-0613", warning)`).
MESSAGES = frozenset({"print", "echo", "info", "debug", "warning", "warn", "error", "exception", "critical", "log",
                      "assertIn", "assertNotIn"})


def known_loader(callee: str, source: str | None) -> bool:
    """Whether `callee` is a loader whose arguments `analysis` reads with their slot rules (not name evidence):
    an aliasable loader, `from_pretrained`, Replicate's calls; `LLM` only if no library but vLLM gives it."""
    last = callee.rsplit(".", 1)[-1]
    if last == "LLM":
        return not imported_llm(source)
    return last in ALIASABLE_CALLS or last == "from_pretrained" or is_replicate_call(callee)


@functools.lru_cache(maxsize=4)
def imported_llm(source: str | None) -> bool:
    """Whether the module imports a class `LLM` from a library other than vLLM (`from txtai import LLM`): a
    callee named like what it takes (`LLM("openai/gpt-4o")`); a project's own `class LLM` is read through its body."""
    lines = (line.split() for line in (source or "").splitlines() if "LLM" in line and "import" in line)
    return any(len(words) > 3 and words[0] == "from" and words[2] == "import" and not words[1].startswith("vllm")
               and "LLM" in " ".join(words[3:]).replace(",", " ").split() for words in lines)
