"""What a name says: is `--model-path`, `vision_tower`, `TEACHER_MODEL_NAME` or `data_path` a model or data set?

One vocabulary for every detector that sees a value under a name: CLI flags, config keys,
environment variables, shell variables and (on the Python side) parameters, fields, keyword
arguments and constants. The rule works on the name's words, not on a fixed list of names:

    --model-path, model_path, modelPath, MODEL_PATH      -> words (model, path)

A name means a target when it holds a *subject* word (model, tokenizer, processor, tower,
encoder, checkpoint, adapter/lora/peft, dataset, data, hf/hub/repo) and every other word
is a known *qualifier* (teacher, reward, vision, base, ...) or *naming* word (name, path,
id, dir, ...). Any other word makes the name mean something else, which is what keeps
`model_max_length`, `num_models`, `model_type`, `model_config`, `dataset_num_proc` and
`data_files` out. Upper-case names (environment variables, module constants) may carry a
free prefix (`OPENAI_MODEL`, `APP_EMBEDDING_MODEL`), except a counting or switching one
(`NUM_MODELS`, `USE_MODEL`).

The meaning says which kind of target the value is, whether the run writes there (`output_dir`,
`hub_model_id`, `new_model`), and whether the name is *specific* enough that a legacy bare id
(`gpt2`) counts: `model_name_or_path`, `teacher_model`, `dataset_name` are; `model`,
`model_name`, `dataset`, `data_path` accept only unmistakable values (`org/name`, `./path`).
A `model_name` key in a data row is still a name that says model: detectors decide from the
value and the document whether it is a reference.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from mlgate.model import Kind, Role
from mlgate.targets import SPLIT_NAMES


class Subject(StrEnum):
    """The thing a name is about."""

    MODEL = "model"
    TOKENIZER = "tokenizer"
    PROCESSOR = "processor"
    VISION_TOWER = "vision-tower"
    ENCODER = "encoder"
    CHECKPOINT = "checkpoint"
    ADAPTER = "adapter"
    DATASET = "dataset"
    HUB_PATH = "hub-path"
    OUTPUT = "output"  # an output location without a subject word (`output_dir`, `save_dir`)


@dataclass(frozen=True)
class NameMeaning:
    subject: Subject
    kind: Kind
    role: Role = Role.INPUT
    specific: bool = False  # legacy bare ids (`gpt2`) count under this name
    local: bool = False  # the value is a directory the run writes (`output_dir`)
    plural: bool = False  # a collection of targets (`MODELS`, `model_ids`, `datasets`)
    path: bool = False  # the value is a filesystem location (`model_path`, `checkpoint_dir`, `ckpt`)
    qualifier: str | None = None  # the role word in front (`teacher`, `reward`, `base`), if any
    vectors: bool = False  # an embedding's name: a path may be a file of word vectors (`glove.840B.300d.txt`)
    known_ids: bool = False  # generic, but a canonical legacy id (`KNOWN_BARE_IDS`) counts under it
    table: bool = False  # a table of targets by alias (`model_map`): its values name them, not its keys
    api_names: bool = True  # an API model name under it is a model used (`trailing_meaning`: not always)


_SUBJECTS: dict[str, Subject] = {
    # (OpenRLHF names its models `--pretrain`, `--reward_pretrain`, `--critic_pretrain`)
    **dict.fromkeys(("model", "models", "llm", "llms", "lm", "vlm", "mllm", "pretrain"), Subject.MODEL),
    **dict.fromkeys(("tokenizer", "tokenizers"), Subject.TOKENIZER),
    **dict.fromkeys(("processor", "processors", "extractor"), Subject.PROCESSOR),
    **dict.fromkeys(("tower", "towers"), Subject.VISION_TOWER),
    **dict.fromkeys(("encoder", "encoders", "embedder", "retriever", "reranker", "backbone"), Subject.ENCODER),
    # (an embedding model only under a word that says where it is: `EMBEDDING_PATH`; see `_EMBEDDING_NAMING`)
    **dict.fromkeys(("embedding", "embed"), Subject.ENCODER),
    **dict.fromkeys(("checkpoint", "checkpoints", "ckpt", "ckpts"), Subject.CHECKPOINT),
    **dict.fromkeys(("adapter", "adapters", "lora", "loras", "peft"), Subject.ADAPTER),
    **dict.fromkeys(("dataset", "datasets", "data"), Subject.DATASET),
    **dict.fromkeys(("hub", "hf", "repo", "repos"), Subject.HUB_PATH),
}
_PLURAL_SUBJECTS = frozenset({"models", "llms", "tokenizers", "processors", "towers", "encoders", "checkpoints",
                              "ckpts", "adapters", "loras", "datasets", "repos"})
# Words that need a naming word after them to name a target (`data_path`, `hf_path`, `repo_id`).
_NEEDS_NAMING = frozenset({"data", "hub", "hf", "repo", "repos"})
# `embedding` alone is a tensor or a layer (`embedding_dim`, `embedding_name` of a module, a file
# of vectors under `embedding_file` or `embedding_dir`): it names an embedding model only with
# one of these after it (`EMBEDDING_PATH`, `embedding_name_or_path`). (`embedding_model` is read
# as a model qualified by `embedding`; `embeddings` stays out.)
_EMBEDDING_WORDS = frozenset({"embedding", "embed"})
_EMBEDDING_NAMING = frozenset({"path", "or", "repo"})
_ADAPTER_WORDS = frozenset({"adapter", "adapters", "lora", "loras", "peft"})
# Role qualifiers: a name carrying one is specific (`teacher_model`, `base_model`, `reward_model_path`).
_ROLE_QUALIFIERS = frozenset({
    "base", "teacher", "student", "ref", "reference", "reward", "critic", "draft", "speculative", "judge", "sft",
    "policy", "actor", "embedding", "embed", "reranker", "init", "pretrained", "parent", "rm", "prm", "orm",
    "value", "assistant", "generator", "discriminator", "guard", "safety", "scorer", "proxy",
})
# Domain and stage qualifiers: allowed, but they do not make a name specific (`chat_model`, `vision_tower`).
_QUALIFIERS = _ROLE_QUALIFIERS | frozenset({
    # agent and pipeline roles (`task_model`, `proposer_model`, `sql_model_name`): not specific
    "task", "proposer", "planner", "agent", "router", "grader", "evaluator", "summarizer", "sql", "coder", "tool",
    "adapter", "all", "asr", "audio", "available", "backbone", "big", "caption", "captioning", "chat",
    "checkpoint", "ckpt", "classifier", "clip", "clm", "code", "completion", "completions", "controlnet",
    "critique", "cross", "custom", "data", "dataset", "decoder", "default", "dense", "description", "detection",
    "dev",
    "diffusion", "distill", "distilled", "doc", "dpo", "embeddings", "encoder", "eval", "evaluation", "extra",
    "evals", "fallback", "feature", "fine", "finetune", "finetuned", "first", "foundation", "frozen", "generation",
    "gguf",
    "grpo", "hf", "hub", "huggingface", "i2v", "image", "initial", "instruct", "kto", "language", "large", "llm",
    "lm",
    "local", "lora", "main", "math", "merged", "metadata", "mix", "mixer", "mixture", "mlm", "mm", "model",
    "modelscope", "ms", "multimodal", "ner", "nli", "ocr", "old", "ollama", "om", "openai", "orig", "original", "orpo",
    "passage", "peft", "ppo", "pref", "preference", "prompt", "prompts", "pretrain", "pretraining", "primary",
    "processor", "qa",
    "quantized", "query", "raw", "reasoning", "remote", "repo", "resume", "resumed", "retrieval", "rl", "sd",
    "sdxl", "second", "secondary", "seq2seq", "small", "source", "sparse", "speech", "src", "starting",
    "summarization", "supported", "t2i", "t2v", "target", "test", "testing", "text", "tiny", "tokenizer",
    "train", "training", "translation", "tts", "tuned", "unet", "upstream", "vae", "val", "validation", "video",
    "vision", "visual", "vlm",
})
_NAMING = frozenset({"name", "names", "path", "paths", "id", "ids", "or", "dir", "dirs", "folder", "url", "urls",
                     "uri", "file", "list", "identifier", "identifiers", "repo", "repos", "tag", "dirname",
                     "location", "slug", "to", "from"})
_PLURAL_NAMING = frozenset({"names", "paths", "ids", "list", "dirs", "urls", "identifiers", "repos"})
_LOCATION_WORDS = frozenset({"dir", "dirs", "folder", "dirname", "location"})
_PATH_NAMING = frozenset({"path", "paths", "dir", "dirs", "folder", "file", "dirname", "location"})
_OUTPUT_WORDS = frozenset({"output", "out", "save", "push", "export", "upload", "dest", "destination", "new"})
# Prefix words after which an upper-case name is about something else (`NUM_MODELS`, `USE_LORA`).
_NEGATIVE_PREFIX = frozenset({"num", "n", "max", "min", "count", "total", "is", "has", "no", "use", "enable",
                              "enabled", "disable", "skip", "allow", "with", "without", "should", "do", "if"})

# Byte strings one of which a file must hold for a name in it to say model or data set (the
# detectors' prefilter): every subject word, in the spellings names use.
_SPELLINGS = {spelled.encode() for word in _SUBJECTS for spelled in (word, word.upper(), word.capitalize())}
NAME_TRIGGERS: tuple[bytes, ...] = tuple(sorted(  # `data` covers `dataset`: keep only the shortest
    t for t in _SPELLINGS if not any(other != t and other in t for other in _SPELLINGS)))

# Words after the subject that make the name a setting of it: `lora_target` lists modules.
_SETTING_WORDS = frozenset({"target", "targets", "module", "modules", "layers", "rank", "alpha", "dropout"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")  # modelPath, SFTDataset
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


# `pretrained_weight(s)`: ADAPET's model (`"pretrained_weight": "albert-xxlarge-v2"`), but in vision
# code as often a weights tag (`imagenet`), a switch (`true`) or a `.pth` file. Generic: a Hub id, an
# API model or a path counts, and of bare names only a canonical legacy id (`bert-base-uncased`).
_PRETRAINED_WEIGHTS = frozenset({("pretrained", "weight"), ("pretrained", "weights")})
_PRETRAINED_WEIGHTS_MEANING = NameMeaning(Subject.MODEL, Kind.MODEL, known_ids=True)


@functools.lru_cache(maxsize=4096)
def name_words(name: str) -> tuple[str, ...]:
    """`--model-path` / `modelPath` / `MODEL_PATH` -> ("model", "path")."""
    return tuple(word for word in _SEPARATORS.split(_CAMEL.sub("_", name).lower()) if word)


@functools.lru_cache(maxsize=4096)
def name_meaning(name: str) -> NameMeaning | None:
    """What a flag, key, variable, field or parameter name says its value names, or None."""
    words = _without_indexes(name_words(name))
    if not words or len(words) > 8:
        return None
    if words in _PRETRAINED_WEIGHTS:
        return _PRETRAINED_WEIGHTS_MEANING
    meaning = _meaning(words, loose=False)
    if meaning is not None:
        return meaning
    if words[-1] == "files" and len(words) >= 2 and words[-2] in SPLIT_NAMES and set(words[:-2]) <= {"data"}:
        return NameMeaning(Subject.DATASET, Kind.DATASET)  # verl/EasyR1 `data.train_files` (a Hub id or files)
    # Names carry free prefixes: OPENAI_MODEL, APP_EMBEDDING_MODEL, HF_MODEL_ID, and in lower
    # case collections such as `fourbit_models`; under a free prefix bare ids do not count.
    if not name.lstrip("-").isupper() and words[-1] not in _PLURAL_SUBJECTS:
        return None
    for start in range(1, len(words)):
        if words[start - 1] in _NEGATIVE_PREFIX:
            return None
        meaning = _meaning(words[start:], loose=True)
        if meaning is not None:
            return meaning
    return None


_INDEX = re.compile(r"v?[0-9]+")


def _without_indexes(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words without those that only say which one (`text_encoder_2`, `MODEL_ID_V2`, the `1` of
    `TOKENIZER1_PATH`): a numbered model is still a model."""
    if not any(word[-1].isdigit() for word in words):
        return words
    kept: list[str] = []
    for word in words:
        if _INDEX.fullmatch(word):
            continue
        stripped = word.rstrip("0123456789")
        kept.append(stripped if stripped != word and stripped in _SUBJECTS else word)
    return tuple(kept)


def _meaning(words: tuple[str, ...], *, loose: bool) -> NameMeaning | None:
    if any(w not in _SUBJECTS and w not in _QUALIFIERS and w not in _NAMING and w not in _OUTPUT_WORDS
           for w in words):
        return None  # a word outside the vocabulary: `max`, `length`, `type`, `num`, `config`, `files`
    output = _output_meaning(words)
    if output is not None:
        return output
    subject_index = _head_subject(words)
    if subject_index is None:
        return None
    head = words[subject_index]
    subject = _SUBJECTS[head]
    after = words[subject_index + 1:]
    if _SETTING_WORDS & set(after):
        return None  # `lora_target`, `lora_target_modules`, `adapter_modules`: settings, not targets
    if "metadata" in words[:subject_index] and not any(w in _NAMING for w in after):
        # `train_metadata_dataset_name` (parler-tts) names a data set read beside the audio one;
        # `hf_metadata_dataset` (open-instruct) is where a run uploads its metadata
        return None
    # `hf_hub`, `hf_repo`, `hub_repo`: two Hub words name a Hub repository between them.
    hub_pair = head in {"hub", "repo"} and subject_index > 0 and words[subject_index - 1] in {"hf", "hub"}
    if head in _NEEDS_NAMING and not hub_pair and not any(w in _NAMING for w in after):
        return None  # `data`, `hf`, `repo` alone are too vague; `data_path`, `hf_path`, `repo_id` are not
    if head in _EMBEDDING_WORDS and (not _EMBEDDING_NAMING & set(after) or _OUTPUT_WORDS & set(words)):
        return None  # (`save_embedding_path`: vectors the run writes)
    adapter = any(w in _ADAPTER_WORDS for w in words) and "base" not in words
    if adapter:
        subject = Subject.ADAPTER
    kind = Kind.ADAPTER if adapter else Kind.DATASET if subject is Subject.DATASET else Kind.MODEL
    qualifier = next((w for w in words[:subject_index] if w in _ROLE_QUALIFIERS), None)
    plural = head in _PLURAL_SUBJECTS or any(w in _PLURAL_NAMING for w in after)
    specific = not loose and (
        qualifier is not None or "or" in words or "id" in words or "ids" in words
        or bool({"hf", "hub", "pretrained", "huggingface"} & set(words[:subject_index]))
        or (subject in {Subject.TOKENIZER, Subject.DATASET} and "name" in after)
        or (subject is Subject.ADAPTER and len(words) > 1))
    path = subject is Subject.CHECKPOINT or any(w in _PATH_NAMING for w in after)
    return NameMeaning(subject, kind, specific=specific, plural=plural, qualifier=qualifier, path=path,
                       vectors=head in _EMBEDDING_WORDS)


def _head_subject(words: tuple[str, ...]) -> int | None:
    """The last subject word (English compounds end on their head: `vision_tower`, `reward_model`)."""
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if word not in _SUBJECTS or index == 0:
            if word in _SUBJECTS:
                return index
            continue
        if word in _NAMING and _is_subject_before(words, index):
            continue  # `model_repo`: the repository of the model
        if word in _SOURCE_WORDS and any(w in _SUBJECTS and w not in _NAMING and w not in _SOURCE_WORDS
                                         for w in words[:index]):
            continue  # `MODELS_HF`: the models, from the Hub
        return index
    return None


# Subject words that, after another subject, only say where it comes from: `DEFAULT_ALIGN_MODELS_HF`
# (whisperX's Hub models per language), `model_hub`.
_SOURCE_WORDS = frozenset({"hf", "hub"})


def _is_subject_before(words: tuple[str, ...], index: int) -> bool:
    """`model_repo`: `repo` names the model here (a naming word), it is not the subject."""
    return any(w in _SUBJECTS and w not in _NAMING for w in words[:index])


def _output_meaning(words: tuple[str, ...]) -> NameMeaning | None:
    """Where a run writes: `output_dir`, `save_dir`, `hub_model_id`, `push_to_hub_model_id`, `new_model`."""
    if words[0] == "hub" and "model" in words:  # transformers' `hub_model_id`: the push target
        return NameMeaning(Subject.MODEL, Kind.MODEL, Role.OUTPUT)
    if not any(w in _OUTPUT_WORDS for w in words):
        return None
    if any(w in _LOCATION_WORDS for w in words):
        return NameMeaning(Subject.OUTPUT, Kind.LOCAL_PATH, Role.OUTPUT, local=True)
    subject_index = _head_subject(words)
    if (subject_index is None or _SUBJECTS[words[subject_index]] is Subject.DATASET
            or words[subject_index] in _EMBEDDING_WORDS):
        return None
    return NameMeaning(_SUBJECTS[words[subject_index]], Kind.MODEL, Role.OUTPUT)


# `pretrained` alone: lm-eval's model argument (`HFLM(pretrained="org/x")`, `--pretrained org/x`), but
# elsewhere a switch (`pretrained=True`), a weights tag (`"imagenet"`, open_clip's `"openai"`) or a
# checkpoint file. Under it only an unmistakable Hub id counts: never a bare name or a local path.
_PRETRAINED = NameMeaning(Subject.MODEL, Kind.MODEL)


def hub_id_meaning(name: str) -> NameMeaning | None:
    """What a name says when only a Hub id (or an API model) given under it names a target."""
    return _PRETRAINED if name.lstrip("-").lower() == "pretrained" else None


_LONE_EMBEDDING = NameMeaning(Subject.ENCODER, Kind.MODEL)
# A judge, by its own word: the model that grades (`--vis-judger`, `judge`); a judge's prompt or
# threshold has another word last (`judge_prompt`).
_JUDGE_WORDS = frozenset({"judge", "judger"})
_JUDGE = NameMeaning(Subject.MODEL, Kind.MODEL)
# Words after a subject that make the name a table of them, keyed by aliases (`model_map`, `MODEL_ALIASES`).
_TABLE_WORDS = frozenset({"map", "mapping", "aliases", "alias"})
# Words before a subject that set the models aside: FastChat's `deprecated_model_name` lists models the
# leaderboard hides (a filter, not a use).
_SET_ASIDE = frozenset({"deprecated", "hidden", "hide", "excluded", "exclude", "ignored", "ignore", "blocked",
                        "blacklisted", "banned", "unsupported", "skipped", "removed", "retired"})


@functools.lru_cache(maxsize=4096)
def trailing_meaning(name: str) -> NameMeaning | None:
    """What the end of a name says when its first words are the project's own (`discrete_action_tokenizer`,
    `action_tokenizer_name`, `wan_pretrained_path`, aider's `weak_model_name`, `gpt_4_model`): its last
    subject word (or `pretrained`), with only naming words after it; also a table of them (`model_map`,
    `MODEL_ALIASES`) and a judge (`--vis-judger`). Read only for a Hub id (`org/name`) or a recognised API
    model under the name, never a bare word or a path: the value has to say as much as the name."""
    words = _without_indexes(name_words(name))
    if words == ("embedding",):  # pyannote's `embedding="speechbrain/spkrec-ecapa-voxceleb"`: a model by its id
        return _LONE_EMBEDDING
    if words and words[-1] in _JUDGE_WORDS:  # Qwen-Agent's `--vis-judger` (a judge is a model here)
        return _JUDGE
    table = len(words) > 1 and words[-1] in _TABLE_WORDS  # `model_map`, `MODEL_ALIASES`: names to models
    if table:
        words = words[:-1]
    for index in range(len(words) - 1, 0 if not table else -1, -1):
        rest = words[index + 1:]
        if not all(word in _NAMING for word in rest) or (table and {"name", "names"} & set(rest)):
            return None  # (`model_name_mapping`: names to names, display names for a table's rows)
        if words[index] == "pretrained":
            return _PRETRAINED
        if words[index] in _SUBJECTS and words[index] not in _NEEDS_NAMING:
            if (_NEGATIVE_PREFIX | _SET_ASIDE) & set(words[:index]):
                return None  # `num_models`, `use_lora_adapter`, `deprecated_model_name`: a count, a switch, a filter
            meaning = name_meaning("_".join(words[index:]))
            # (`GptOssForCausalLM="gpt-oss"`: an architecture's tag; FastChat's `baseline_model="gpt-3.5-turbo"`:
            # the stored answers a pairwise judgment compares with) Hub ids still count under these
            api_names = not {"for", "baseline"} & set(words)
            return dataclasses.replace(meaning, specific=False, table=table, api_names=api_names) if meaning else None
    return None


# Names that say only *how* a value names its subject (`source`, `path`, `name`): read with the
# name of what owns them, as config keys are read with their parent's (`tokenizer: {path: x}`).
HOW_NAMES = frozenset({"source", "path", "name", "id", "name_or_path", "repo", "uri", "location"})


@functools.lru_cache(maxsize=4096)
def owned_meaning(owner: str, name: str) -> NameMeaning | None:
    """What a how-name means under the function or class that owns it: torchtune's
    `alpaca_dataset(source="org/x")` and `SFTDataset(source=...)` name a data set,
    `build_tokenizer(path=...)` a tokenizer. Never specific: only unmistakable values count."""
    if name.lower() not in HOW_NAMES:
        return None
    words = name_words(owner)
    if not words or words[-1] not in _SUBJECTS or words[-1] in _NEEDS_NAMING or words[-1] in _EMBEDDING_WORDS:
        return None  # (`Embedding(path=...)`: a layer, or a file of vectors)
    meaning = name_meaning(f"{words[-1]}_{name}")
    return dataclasses.replace(meaning, specific=False) if meaning is not None else None


# Verbs of getting something ready to use: `load_model("org/x")` takes the model it names.
_LOADING_VERBS = frozenset({"load", "get", "build", "create", "init", "make", "fetch", "download", "setup",
                            "prepare", "instantiate", "from", "open", "pull"})


@functools.lru_cache(maxsize=4096)
def callee_meaning(name: str) -> NameMeaning | None:
    """What the first argument of a function or class called `name` names: `HFTokenizer`,
    `SFTDataset` by their own name, `load_model`, `get_tokenizer`, `build_llm` by what the verb
    gets ready (`save_model` stays an output, `print_model` means nothing), and a model client or
    its factory (`llm_factory`, `create_legacy_embeddings`, `HuggingFaceEmbedding`) by its last words."""
    words = name_words(name)
    if not words or len(words) > 8:
        return None
    client = _CLIENT_MEANING if is_client_callee(name) else None  # `llm_factory`, `HuggingFaceEmbedding`
    if words[0] in _LOADING_VERBS:
        words = words[1:]
    # Every word must be in the vocabulary: no free prefix (`compare_models` compares them).
    return (_meaning(words, loose=False) if words else None) or client


# A model client or its factory by its name: the last word says LLM, chat or embedding
# (`create_legacy_llm`, `HuggingFaceEmbedding`, `PretrainedSpeakerEmbedding`), or a builder word
# follows one (`llm_factory`, `embedding_factory`, `SentenceTransformerEmbeddingFunction`).
_CLIENT_WORDS = frozenset({"llm", "llms", "chat", "embedding", "embeddings", "embedder"})
_BUILDER_WORDS = frozenset({"factory", "builder", "client", "function"})
_CLIENT_MEANING = NameMeaning(Subject.MODEL, Kind.MODEL)


@functools.lru_cache(maxsize=4096)
def is_client_callee(name: str) -> bool:
    """Whether a function or class called `name` makes an LLM, chat or embedding client: its
    arguments name the model (`llm_factory("gpt-4o")`), whatever the library's own prefix."""
    words = name_words(name)
    if not words or len(words) > 6:
        return False
    return words[-1] in _CLIENT_WORDS or (len(words) >= 2 and words[-1] in _BUILDER_WORDS
                                          and words[-2] in _CLIENT_WORDS)
