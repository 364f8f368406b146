"""Hub-shaped literals: an `org/name` whose look alone says "model", wherever code hands it on.

Flow evidence needs a loader mlgate knows; name evidence a name that says model. A reader needs
neither for `{"small": "facebook/musicgen-small"}`, `Summary("sshleifer/distilbart-cnn-12-6")` or
`gr.Radio(["facebook/musicgen-melody"])`: the text is a Hub repository by its shape. This pass
reports such literals where they are written, when

- the whole literal is an `org/name` id (no spaces, no file ending, no placeholder), and
- its name carries a model family (`bert`, `qwen`, `musicgen`, `flux`, ...) with a size, version
  or variant mark (`7b`, `0.6B`, `-base`, `-chat`, `-v2`, `-GGUF`), or the organisation is a
  known Hub publisher (the knowledge base's and a curated list) and the name carries such a
  mark or family, or the organisation publishes only on the Hub (`hf-internal-testing`), or the
  name says it is an adapter or a quantised file set (`-lora`, `-adapter`, `-GGUF`, `-AWQ`);
- or it is audiocraft's `//pretrained/<org>/<name>` (the Hub id after the prefix), or one of the
  Hub's hyphenated legacy ids (`t5-small`, `bert-base-uncased`) given to a call or as a default.

It stays out of places that test, key, log or describe a value (comparisons, `in` tests, keys,
asserts, docstrings, messages), of calls that write, of names that say GitHub, a URL or a config
group, and of names that are a lone family word (`openai/whisper`: a code repository as often).
"""

from __future__ import annotations

import ast
import bisect
import functools
import re
from collections.abc import Iterator, Sequence

from mlgate.knowledge_data import knowledge
from mlgate.model import Kind, Role
from mlgate.scan.hubpath import PRETRAINED_SCHEME as _PRETRAINED  # audiocraft's: the Hub id follows
from mlgate.scan.names import name_words
from mlgate.scan.python.namedvalues import target_name
from mlgate.scan.python.rules import MESSAGES
from mlgate.scan.python.statements import last_name
from mlgate.scan.python.targets import Found
from mlgate.targets import DIRECTORY_WORDS, KNOWN_BARE_IDS, classify, has_file_suffix, is_placeholder, looks_like_hub_id

_VIA_SHAPE, _VIA_PRETRAINED, _VIA_LEGACY = "Hub id shape", "//pretrained/ id", "legacy id shape"
SHAPE_VIAS = frozenset({_VIA_SHAPE, _VIA_PRETRAINED, _VIA_LEGACY})
# Model families, matched at the start of a word of the name (`qwen3`, `distilbart`, `wav2vec2`).
_FAMILIES = (
    "bert", "roberta", "distil", "bart", "mbart", "albert", "electra", "deberta", "xlm", "xlnet", "mpnet", "minilm",
    "t5", "mt5", "flan", "byt5", "ul2", "pegasus", "marian", "opus", "m2m100", "nllb", "gpt", "llama", "codellama",
    "tinyllama", "vicuna", "qwen", "qwq", "mistral", "mixtral", "gemma", "phi", "falcon", "opt", "bloom",
    "pythia", "olmo", "smollm", "yi", "granite", "internlm", "chatglm", "glm", "baichuan", "deepseek", "starcoder",
    "santacoder", "codegen", "zephyr", "wizardlm", "clip", "siglip", "vit", "blip", "llava", "idefics", "whisper",
    "wav2vec", "hubert", "wavlm", "speecht5", "bark", "musicgen", "audiogen", "magnet", "encodec", "jasco",
    "stable", "diffusion", "sdxl", "sd3", "flux", "kandinsky", "controlnet", "animatediff", "pixart", "sana",
    "cogvideo", "hunyuan", "ltx", "wan2", "unet", "vae", "colbert", "bge", "gte", "e5", "jina", "nomic", "reranker",
    "dinov2", "sam", "detr", "yolo", "segformer", "swin", "convnext", "mobilenet", "efficientnet",
)
# Size, version and variant marks: words of the name.
_MARK_WORDS = frozenset({
    "base", "large", "small", "tiny", "medium", "mini", "micro", "nano", "xl", "xxl", "huge", "giant", "instruct",
    "chat", "uncased", "cased", "distilled", "finetuned", "hf", "it", "sft", "dpo", "gguf", "awq", "gptq", "int4",
    "int8", "fp16", "bf16", "fp8", "lora", "adapter", "random", "diffusion", "turbo", "dev", "schnell", "embedding",
    "multilingual", "squad", "mnli", "sst2", "mlx", "onnx", "quantized", "discriminator", "patch14", "patch16",
})
_DEFAULTING = frozenset({"get", "pop", "setdefault"})  # their second argument is a fallback
_FORMATS = frozenset({"gguf", "awq", "gptq", "fp8", "fp16", "bf16", "int4", "int8", "mlx", "onnx"})
_STRONG_WORDS = frozenset({"lora", "adapter", "gguf", "awq", "gptq"})  # a Hub artifact whatever the organisation
_SIZE = re.compile(r"(?<![a-z])(?:\d+x)?\d+(?:[._]\d+)?[bm](?![a-z])|(?<![a-z0-9])v\d+(?:[._]\d+)?(?![a-z])|\d+khz")
# The Hub's canonical ids without organisation: a family, a size, then only words such ids carry.
_LEGACY_FAMILIES = frozenset({"bert", "distilbert", "roberta", "distilroberta", "albert", "t5", "xlnet", "bart"})
_LEGACY_SIZES = frozenset({"base", "large", "small", "medium", "xl", "xxl", "3b", "11b"})
_LEGACY_WORDS = frozenset({"uncased", "cased", "multilingual", "chinese", "whole", "word", "masking", "distilled",
                           "squad", "finetuned", "sst", "2", "english", "mnli", "v1", "v2", "openai", "detector"})
# Words of test names for a repository that is not there (`peft-internal-testing/non-existing-model`).
_MISSING_WORDS = frozenset({"non", "nonexistent", "nonexisting", "existing", "missing", "invalid", "fake", "bogus",
                            "dummy", "notexist", "doesnotexist", "unknown", "xyz"})
# Organisations and name words tests make up (`org/model-GGUF`, `owner/no-gguf`).
_STAND_IN_ORGS = frozenset({"org", "owner", "user", "username", "namespace", "someone", "example", "company",
                            "organization", "author", "my-org", "your-org", "test", "foo"})
_STAND_IN_WORDS = frozenset({"model", "models", "repo", "name", "has", "no", "my", "your", "some", "foo", "bar"})
# Organisations whose repositories are Hub repositories: tests' tiny models, mirrors, quantisers.
_HUB_ONLY = frozenset({
    "hf-internal-testing", "peft-internal-testing", "trl-internal-testing", "hf-tiny-model-private", "sshleifer",
    "thebloke", "sentence-transformers", "stabilityai", "runwayml", "compvis", "h94", "ostris",
    "stable-diffusion-v1-5", "openai-community", "google-bert", "google-t5", "distilbert", "facebookai", "llava-hf",
    "teknium", "ybelkada", "tinyllama", "kandinsky-community", "deepfloyd",
    "guoyww", "lmstudio-community", "bartowski", "mlx-community", "helsinki-nlp", "cross-encoder", "intfloat",
    "prajjwal1", "neuml", "colbert-ir", "ibm-granite", "opensearch-project", "assemblyai",
})
# Publishers that are also code owners on GitHub (`facebook/react`, `microsoft/DeepSpeed`): a mark
# or a family in the name is needed, as for any organisation.
_CODE_OWNERS = frozenset({
    "facebook", "google", "microsoft", "openai", "allenai", "intel", "laion", "xai-org", "deepset", "huggingface",
    "eleutherai", "bigcode", "mistralai", "deepseek-ai", "meta-llama", "qwen", "unsloth", "black-forest-labs",
    "baai", "jinaai", "tiiuae", "bigscience", "nvidia", "apple", "amazon", "salesforce", "thudm", "openbmb",
    "internlm",
})
# First parts that are config groups, metric prefixes and directories, not organisations.
_NOT_ORGS = frozenset({
    "lm", "model", "models", "solver", "solvers", "conditioner", "conditioners", "dset", "dataset", "datasets",
    "config", "configs", "conf", "train", "valid", "val", "test", "eval", "loss", "metrics", "metric", "optim",
    "schedule", "scheduler", "data", "src", "lib", "docs", "tests", "output", "outputs", "checkpoints", "ckpt",
    "compression", "diffusion", "watermarking", "default", "dev", "recipes", "recipe",
})
# Software repositories published under model organisations.
_SOFTWARE = frozenset({
    "transformers", "diffusers", "datasets", "peft", "accelerate", "trl", "tokenizers", "huggingface_hub",
    "safetensors", "optimum", "evaluate", "text-generation-inference", "candle", "lerobot", "smolagents",
})
# Calls whose arguments are tested, keyed, logged, written or described, not used as an id (messages as `rules` says).
_NOT_USES = MESSAGES | frozenset({
    "startswith", "endswith", "replace", "split", "rsplit", "find", "rfind", "index", "count", "strip", "lstrip",
    "rstrip", "removeprefix", "removesuffix", "partition", "rpartition", "get", "pop", "setdefault", "remove",
    "discard", "match", "search", "fullmatch", "sub", "compile", "format", "join", "fatal", "isinstance", "getattr",
    "hasattr", "setattr", "save_pretrained", "push_to_hub", "save", "upload_file", "upload_folder", "create_repo",
    "delete_repo", "write", "dump", "dumps", "skip", "skipif", "xfail", "subTest", "mark", "endpoint",
    # (runs, logs, filters and tests: `wandb.init(config={"model_name": ...})`, as name evidence reads them)
    "init", "filter", "query", "where", "select", "set_description", "set_postfix", "add_scalar", "add_text",
})
# Words of names (assigned, keyword, dict key, callee) under which an `org/name` is no model id.
_NOT_MODEL_WORDS = frozenset({
    "github", "git", "gh", "url", "urls", "slug", "homepage", "help", "description", "doc", "docs", "solver",
    "group", "metric", "metrics", "mime", "content", "type", "key", "keys", "prefix",
    "suffix", "pattern", "regex", "space", "spaces", "output", "hub_model_id", "dataset", "datasets", "data",
    "topic", "channel", "image", "docker", "container", "label", "title", "message", "msg", "repository",
    # (a data set's names: name evidence reads those that say so; a mix or subset of data is no model)
    "ds", "mixer", "mix", "corpus", "subset", "subsets", "split", "splits", "benchmark", "task", "tasks",
})
# Keys of a dict that describes data (`{"path": "org/x", "split": "train"}`).
_DATA_KEYS = frozenset({"split", "splits", "data_files", "data_dir", "subset", "dataset", "dataset_name"})
# Words of a repository name that say data set (`nvidia/Llama-Nemotron-Post-Training-Dataset`).
_DATA_WORDS = frozenset({"dataset", "datasets", "data", "mixture", "corpus", "bench", "benchmark", "evals",
                         "preference", "preferences", "conversations", "instructions", "pairs", "wildchat",
                         "ultrachat", "ultrafeedback", "sharegpt", "binarized", "shakespeare"})
# Words of a called name (`github.get_repo`, `requests.get_url`) that say the id is a code host's.
_NOT_MODEL_CALL_WORDS = frozenset({"github", "git", "gh", "url", "urls", "docker", "regex", "pattern", "metric",
                                   "metrics", "space", "spaces", "mime", "topic"})


@functools.cache
def _known_orgs() -> frozenset[str]:
    """Organisations of the knowledge base's models, with the curated ones."""
    models = knowledge()["models"]
    return frozenset({m.split("/", 1)[0].lower() for m in models if "/" in m} | _HUB_ONLY | _CODE_OWNERS)


def _made_up(words: list[str]) -> bool:
    """A name whose words besides marks are stand-ins (`model`, `has`) or one or two letters (`m`, `zz`)."""
    rest = [w for w in words if w not in _MARK_WORDS]
    if any(w.startswith(_FAMILIES) or any(map(str.isdigit, w)) for w in rest):
        return False
    return bool(rest) and all(w in _STAND_IN_WORDS or (len(w) <= 2 and w != "ip") for w in rest)


def _family_folder(org: str) -> bool:
    """`llama3`, `qwen2_5`, `musicgen`: a folder of recipes or configs named for a family (torchtune's
    `llama3/8B_lora`, audiocraft's `musicgen/musicgen_base_32khz`), not a Hub organisation."""
    return (org.islower() and org.lower() not in _known_orgs()
            and re.fullmatch(r"[a-z]+[0-9._]*(?:_vision)?", org) is not None and org.startswith(_FAMILIES))


def _words(name: str) -> list[str]:  # (`Qwen-1_8B-Chat` -> qwen, 1, 8b, chat)
    return [w for w in re.split(r"[-_.]", name.lower()) if w]


def shaped_kind(value: str) -> Kind | None:
    """The kind an `org/name` literal names by its shape alone, or None when its shape says too little."""
    if value.count("/") != 1 or not looks_like_hub_id(value) or is_placeholder(value) or has_file_suffix(value):
        return None
    org, name = value.split("/")
    lowered_org, lowered = org.lower(), name.lower()
    if (lowered_org in _NOT_ORGS or lowered_org in DIRECTORY_WORDS or lowered in _SOFTWARE
            or lowered.endswith((".cpp", ".js", ".rs", ".c", ".nvim"))):
        return None
    kind = classify(value)
    if kind is Kind.API_MODEL:
        return kind  # LiteLLM's `openai/gpt-4o`, `deepseek/deepseek-chat`
    if kind is not Kind.MODEL or _family_folder(org):
        return None
    if "_" in name and not any(c.islower() for c in name):
        return None  # `WAV2VEC2_ASR_BASE_960H`: an identifier of another library (a bundle, an enum), not a repository
    words = _words(name)
    family = any(w.startswith(_FAMILIES) for w in words)
    marks = sum(w in _MARK_WORDS for w in words) + len(_SIZE.findall(lowered))
    numbered = any(w.startswith(_FAMILIES) and any(c.isdigit() for c in w) for w in words)
    lone_word = len(words) == 1 and not any(c.isdigit() for c in lowered)  # `openai/whisper`, `microsoft/LoRA`
    known = lowered_org in _known_orgs()
    strong = len(words) > 1 and any(w in _STRONG_WORDS for w in words)
    if lowered_org in _STAND_IN_ORGS or _made_up(words):
        return None  # a test's `org/Model-GGUF`, `owner/has-gguf`, `unsloth/M-GGUF`
    if _MISSING_WORDS.intersection([*words, *name_words(org)]) or (lone_word and lowered_org not in _HUB_ONLY):
        return None
    # (a mark beside one plain word says little: a test's `unsloth/Active-GGUF`, `u/gated-gguf`)
    rest = [w for w in words if w not in _MARK_WORDS and not any(map(str.isdigit, w))]
    formats_only = all(w in _FORMATS for w in words if w in _MARK_WORDS) and not _SIZE.search(lowered)
    substantive = family or not formats_only or len(rest) != len(words) - marks or len(rest) >= 2
    if not ((substantive and (strong or (known and marks))) or (family and (marks or numbered or known))
            or lowered_org in _HUB_ONLY):
        return None
    if _DATA_WORDS.intersection(words) and not _SIZE.search(lowered):  # (`Llama3.1-8B-PRM-Deepseek-Data`: a model)
        return Kind.DATASET
    return Kind.ADAPTER if "lora" in words and len(words) > 1 else Kind.MODEL


def _legacy(value: str) -> bool:
    """`t5-small`, `bert-base-uncased`, `distilbert-base-cased-distilled-squad`: hyphenated canonical ids
    (a project's own `bert-finetuned-ner-lora` has words no canonical id has)."""
    if "-" not in value:
        return False
    if value in KNOWN_BARE_IDS:
        return True
    family, *words = value.lower().split("-")
    return (family in _LEGACY_FAMILIES and bool(words) and words[0] in _LEGACY_SIZES
            and all(w in _LEGACY_WORDS for w in words[1:]))


def _read(value: str, bare: bool, data: bool = False) -> Found | None:
    if value.startswith(_PRETRAINED):
        hub = value[len(_PRETRAINED):]
        kind = shaped_kind(hub) if "/" in hub else None
        return Found(hub, Kind.MODEL, _VIA_PRETRAINED, Role.INPUT) if kind is not None else None
    if "/" not in value:
        return Found(value, Kind.MODEL, _VIA_LEGACY, Role.INPUT) if bare and _legacy(value) else None
    kind = shaped_kind(value)
    if kind in (Kind.MODEL, Kind.ADAPTER) and data:
        kind = Kind.DATASET  # `snapshot_download(..., repo_type="dataset")`, `{"path": ..., "split": ...}`
    return Found(value, kind, _VIA_SHAPE, Role.INPUT) if kind is not None else None


def _says_no_model(name: str, words: frozenset[str] = _NOT_MODEL_WORDS) -> bool:
    return bool(words.intersection(name_words(name))) if name else False


def hub_shaped(tree: ast.Module, lines: Sequence[int], found: Sequence[tuple[ast.expr, Found]], source: str
               ) -> list[tuple[ast.expr, Found]]:
    """Hub-shaped literals in the statements spanning `lines` (sorted spot lines), none of `found`'s;
    `source`: the module's whole text (a name assigned and never named again holds nothing that is used)."""
    walker = _Walker(list(lines), {id(node) for node, _ in found}, source)
    walker.block(tree.body)
    return walker.found


class _Walker:
    def __init__(self, lines: list[int], seen: set[int], source: str) -> None:
        self.lines, self.seen, self.source = lines, seen, source
        self.found: list[tuple[ast.expr, Found]] = []

    def spans(self, node: ast.AST) -> bool:
        start = getattr(node, "lineno", 0)
        end = getattr(node, "end_lineno", start) or start
        decorators = getattr(node, "decorator_list", None)
        if decorators:
            start = min(start, *(d.lineno for d in decorators))
        index = bisect.bisect_left(self.lines, start)
        return index < len(self.lines) and self.lines[index] <= end

    def block(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            if not self.spans(stmt):
                continue
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant | ast.JoinedStr):
                continue  # a docstring, or prose standing alone
            self.statement(stmt)

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            self.each(stmt.decorator_list)
            arguments = stmt.args
            positional = [*arguments.posonlyargs, *arguments.args]
            pairs = [*zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults, strict=True),
                     *zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)]
            for arg, default in pairs:
                if default is not None and not _says_no_model(arg.arg):
                    self.value(default, bare=True)
            self.block(stmt.body)
        elif isinstance(stmt, ast.ClassDef):
            self.each(stmt.decorator_list)
            self.block(stmt.body)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            quiet = any(_says_no_model(target_name(t) or "") or self.unused(t) for t in targets)
            if stmt.value is not None and not quiet:
                self.value(stmt.value, bare=False)
        elif isinstance(stmt, ast.Return | ast.Expr) and stmt.value is not None:
            self.value(stmt.value, bare=False)
        elif isinstance(stmt, ast.For | ast.AsyncFor):
            self.value(stmt.iter, bare=False)
            self.block(stmt.body)
            self.block(stmt.orelse)
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            self.each([item.context_expr for item in stmt.items])
            self.block(stmt.body)
        elif isinstance(stmt, ast.If | ast.While):
            self.block(stmt.body)  # (the test compares; the bodies use)
            self.block(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            for body in (stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody):
                self.block(body)
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                self.block(case.body)

    def each(self, nodes: list[ast.expr]) -> None:
        for node in nodes:
            self.value(node, bare=False)

    def unused(self, target: ast.expr) -> bool:
        """`UNUSED = "org/x"`: a plain name the module never names again (a text count: a reduced tree
        lacks the stubbed bodies that may read it)."""
        return isinstance(target, ast.Name) and self.source.count(target.id) < 2

    def value(self, node: ast.expr, *, bare: bool) -> None:
        """The literals `node` stands for or hands on; `bare`: legacy ids count (a call's or default's)."""
        for literal, legacy, data in _used_literals(node, bare):
            if id(literal) in self.seen or not self.spans(literal):
                continue
            assert isinstance(literal.value, str)
            read = _read(literal.value, legacy, data)
            if read is not None:
                self.seen.add(id(literal))
                self.found.append((literal, read))


_Used = Iterator[tuple[ast.Constant, bool, bool]]  # a literal, whether legacy ids count, whether it is data


def _chain(func: ast.expr) -> str:
    """The names along a called expression (`Github().get_repo` -> `Github_get_repo`)."""
    names: list[str] = []
    while True:
        if isinstance(func, ast.Call):
            func = func.func
        elif isinstance(func, ast.Attribute):
            names.append(func.attr)
            func = func.value
        else:
            if isinstance(func, ast.Name):
                names.append(func.id)
            return "_".join(reversed(names))


def _used_literals(node: ast.expr, bare: bool, data: bool = False) -> _Used:
    """String literals in value positions of `node`: not compared, keyed, logged or described."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            yield node, bare, data
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        # beside prose or code (`excluded_snippets = ["from_langchain", "ollama_chat/llama3.2", ...]`) an
        # API model name is a snippet to look for; a Hub id beside a prompt (Gradio's examples) is still one
        prose = any(isinstance(e, ast.Constant) and isinstance(e.value, str) and " " in e.value for e in node.elts)
        for element in node.elts:
            if not (prose and isinstance(element, ast.Constant) and isinstance(element.value, str)
                    and shaped_kind(element.value) is Kind.API_MODEL):
                yield from _used_literals(element, bare, data)
    elif isinstance(node, ast.Starred | ast.NamedExpr | ast.Await):
        yield from _used_literals(node.value, bare, data)
    elif isinstance(node, ast.Dict):
        keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        data = data or bool(keys & _DATA_KEYS)
        for key, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and _says_no_model(key.value)):
                yield from _used_literals(value, bare, data)
    elif isinstance(node, ast.IfExp):  # `path if path else "t5-small"`: a fallback, as a default is
        yield from _used_literals(node.body, True, data)
        yield from _used_literals(node.orelse, True, data)
    elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        for value in node.values:  # `path or "org/x"`
            yield from _used_literals(value, True, data)
    elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
        for generator in node.generators:
            yield from _used_literals(generator.iter, False, data)
    elif isinstance(node, ast.Call):
        yield from _call_literals(node)


def _call_literals(call: ast.Call) -> _Used:
    name = last_name(call.func)
    if (name in _NOT_USES or name.startswith(("assert", "save", "push", "upload", "log")) or name.endswith(
            ("Error", "Exception", "Warning")) or _says_no_model(_chain(call.func), _NOT_MODEL_CALL_WORDS)):
        if name in _DEFAULTING and len(call.args) > 1:  # `cfg.get("path", "org/x")`: the default is used
            yield from _used_literals(call.args[1], True)
        return
    # a data set by the call's receiver or keyword: `dataset_constructor.register("org/x")`, `repo_type="dataset"`
    # (not by a function's own name: `_test_dataset_map("org/model", "org/data")` takes both)
    receiver = _chain(call.func.value) if isinstance(call.func, ast.Attribute) else ""
    data = bool({"dataset", "datasets"}.intersection(name_words(receiver))) or any(
        k.arg == "repo_type" and isinstance(k.value, ast.Constant) and k.value.value == "dataset"
        for k in call.keywords)
    flag = call.args[0] if call.args else None
    if (isinstance(flag, ast.Constant) and isinstance(flag.value, str) and flag.value.startswith("-")
            and _says_no_model(flag.value)):
        return  # `add_argument("--base_ds", default="org/x")`: the flag says what the value is
    if isinstance(call.func, ast.Attribute):  # `X("org/x").run(...)`, `Pipeline.from_config(...)`
        yield from _used_literals(call.func.value, False)
    for argument in call.args:
        yield from _used_literals(argument, True, data)
    for keyword in call.keywords:
        if keyword.arg is None or not _says_no_model(keyword.arg):
            yield from _used_literals(keyword.value, True, data)
