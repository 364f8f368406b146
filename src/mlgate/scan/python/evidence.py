"""Name evidence in Python: a literal is a reference when the name it is attached to says so.

Flow evidence (`analysis`) needs a value to reach a loader mlgate knows. A reader needs less:
`TEACHER_MODEL = "Qwen/Qwen2.5-7B"`, `parser.add_argument("--vision_tower", default="x/y")`,
`model_name_or_path: str = field(default="x/y")`, `os.environ.get("MODEL_ID", "x/y")`,
`{"model": "gpt-4o"}`, `SUPPORTED_MODELS = {...}`, `pytest.mark.parametrize("model_id", [...])` all name a
model whatever happens to the value next. This pass reports such literals where they are written. What a
name says comes from `scan.names` (one vocabulary for flags, keys, fields and variables); what a value is
comes from `targets` (Hub id, API model, path).

Only statements that span a *spot line* (a line holding a reference-shaped literal, found by the
candidate pass) are visited, so the cost follows the candidates, not the module's size.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
from collections.abc import Callable, Sequence

from mlgate.apinames import is_ollama_named, is_ollama_sized
from mlgate.model import Kind, Role
from mlgate.scan.flagnames import is_engine
from mlgate.scan.hubpath import hub_id_at_revision, hub_path_revision, repository_path
from mlgate.scan.names import (
    NameMeaning,
    Subject,
    callee_meaning,
    hub_id_meaning,
    name_meaning,
    name_words,
    owned_meaning,
    trailing_meaning,
)
from mlgate.scan.python.analysis import NeedsFullSource
from mlgate.scan.python.clientargs import api_model_found, client_arguments, model_classes
from mlgate.scan.python.commands import command_evidence, model_args_evidence
from mlgate.scan.python.datasetargs import argument_values, is_dataset_arguments, read_argument
from mlgate.scan.python.membership import Membership
from mlgate.scan.python.nameddefaults import module_constants, named_defaults
from mlgate.scan.python.namedvalues import annotated_model, flag_name, getter_default, string_literals, target_name
from mlgate.scan.python.nodes import dotted_name, imports_module, parameter_defaults, walk
from mlgate.scan.python.parametrized import listed_pairs, parametrize_pairs, parametrized_names
from mlgate.scan.python.replicated import Given, replicate_found, replicate_names, replicated_role
from mlgate.scan.python.rules import MESSAGES, NOT_A_USE, known_loader
from mlgate.scan.python.stubbed import StubbedMethods
from mlgate.scan.python.targets import Found
from mlgate.scan.python.uses import attribute_uses, on_receiver, parameter_uses
from mlgate.scan.python.values import keyword_arg, table_values
from mlgate.targets import (
    DATASET_BUILDERS,
    DIRECTORY_WORDS,
    KNOWN_BARE_IDS,
    bare_id_shaped,
    classify,
    hub_id_from_url,
    is_data_file,
    is_placeholder,
    looks_like_hub_id,
    looks_like_hub_url,
    normalise_target,
)

_DEFAULTS = frozenset({"default", "field"})  # the attachments a module constant is read in (`nameddefaults`)
_HUB_WORDS = frozenset({"hf", "hub", "huggingface"})
_HELP_TEXT = frozenset({"help", "usage", "epilog", "description", "doc", "example", "examples"})
_ENVIRONMENT_KEYS = frozenset({"env", "environment", "env_vars", "envs"})
_HUB_KINDS = (Kind.MODEL, Kind.DATASET, Kind.ADAPTER)

# huggingface_hub's own parameter names: a repository on the Hub, model or data set.
# Words of a function or class that takes data (`LightevalTaskConfig`, `load_benchmark`).
_DATA_OWNERS = frozenset({"task", "tasks", "dataset", "datasets", "benchmark", "benchmarks", "corpus"})
_HUB_PARAMETERS = frozenset({"repo_id", "repo_ids", "hub_repo", "hf_repo", "hf_repo_id", "hub_repo_id", "hf_hub"})
_A_MODEL = NameMeaning(Subject.MODEL, Kind.MODEL)  # a parameter's annotation says it (`PipelineModel`)


@dataclasses.dataclass(frozen=True)
class _Attachment:
    name: str  # the flag, key, field, parameter or variable name
    how: str  # how mlgate says it: "constant", "default", "field", "dict key", "env", ...
    elsewhere: bool = False  # the environment of a container or endpoint: its paths are not on this machine
    owner: str = ""  # the function or class the name belongs to (`source` of `alpaca_dataset`)
    hub_only: bool = False  # only Hub ids and API models count (a class named like a model given a path)
    callee: bool = False  # `name` is the called function or class (`load_model`, `HFTokenizer`)
    trailing: bool = False  # only the name's end says model (`discrete_action_tokenizer`): Hub ids only
    meaning: NameMeaning | None = None  # what the value is, said by other than the name (a type annotation)


def name_evidence(tree: ast.Module, lines: Sequence[int] | None = None, stubbed: StubbedMethods | None = None,
                  source: str | None = None) -> list[tuple[ast.expr, Found]]:
    """Literals under names that say model or data set, with what they name (and the uses of
    parameters whose default is one of them, see `passed_on`). `lines`: sorted 1-based spot lines;
    statements spanning none are not visited (None: all).
    `stubbed`: `tree` was parsed with stubbed bodies (`reduce.py`), and these are the stubbed methods in
    view; a body that `passed_on` needs, or a class attribute one may give on, raises `NeedsFullSource`.
    `source`: the text `tree` was parsed from (places a command inside a string with line continuations).
    """
    walker = _Walker(list(lines) if lines is not None else None, stubbed)
    walker.replicated, walker.source = replicate_names(tree, source), source
    walker.constants, walker.model_classes = module_constants(tree.body), model_classes(tree, source)
    walker.membership, walker.ollama = Membership(tree, stubbed is not None), imports_module(tree, "ollama", source)
    walker.parametrized = parametrized_names(tree) if source is None or "parametrize" in source else {}
    walker.block(tree.body, in_class=False)
    return walker.found


class _Walker:
    def __init__(self, lines: list[int] | None, stubbed: StubbedMethods | None) -> None:
        self.lines = lines
        self.reduced = stubbed is not None
        self.stubbed = stubbed
        self.found: list[tuple[ast.expr, Found]] = []
        self.seen: set[int] = set()
        self.quiet: set[int] = set()  # dicts that are arguments of log/filter calls
        self.attributes: list[dict[str, Found]] = []  # per enclosing class: `self.x` set to a target
        self.classes: list[str] = []  # names of the enclosing classes
        self.source: str | None = None
        self.prose: set[int] = set()  # help text: commands there are examples, not runs
        self.literals: dict[str, ast.Constant] = {}  # `model = "org/x"`, for f-strings and argv lists
        self.constants: dict[str, ast.Constant] = {}  # the module's own, for defaults naming one (`nameddefaults`)
        self.environments: set[int] = set()  # dicts under an `env` key (`{"env": {"MODEL_ID": "/repository"}}`)
        # dicts listed under a name that says model or data set, by id: that name owns their keys
        # (OpenCompass and mmengine configs: `models = [dict(type=HFCausalLM, path="org/x")]`)
        self.listed_under: dict[int, str] = {}
        self.parametrized: dict[str, list[str]] = {}  # list names a `parametrize` takes, with its argument names
        self.replicated = Given()  # names the module gives to Replicate, and where (`python.replicated`)
        self.model_classes: frozenset[str] = frozenset()  # agno's and phidata's (`clientargs`)
        self.membership = Membership(ast.Module(body=[], type_ignores=[]), False)  # (the module's, in `name_evidence`)
        self.ollama = False  # the module imports the Ollama library: its Ollama-spelt names are models

    def spans(self, node: ast.AST) -> bool:
        if self.lines is None:
            return True
        start = getattr(node, "lineno", 0)
        end = getattr(node, "end_lineno", start) or start
        decorators = getattr(node, "decorator_list", None)
        if decorators:  # `def`'s line comes after its decorators'
            start = min(start, *(d.lineno for d in decorators))
        index = bisect.bisect_left(self.lines, start)
        return index < len(self.lines) and self.lines[index] <= end

    def block(self, body: list[ast.stmt], *, in_class: bool) -> None:
        for stmt in body:
            if self.spans(stmt):
                self.statement(stmt, in_class=in_class)
            elif self.constants and isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                owner = self.classes[-1] if in_class and self.classes else ""
                for node, name, how, owned_by in named_defaults(stmt, self.constants, owner):
                    self.attach(node, _Attachment(name, how, owner=owned_by))

    def statement(self, stmt: ast.stmt, *, in_class: bool) -> None:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            # a constructor's parameters are the class's: `class MathTask: def __init__(self, hf_repo=...)`
            self.function(stmt, self.classes[-1] if in_class and stmt.name == "__init__" else stmt.name)
            return
        if isinstance(stmt, ast.ClassDef):
            self.expressions([*stmt.decorator_list, *stmt.bases, *(k.value for k in stmt.keywords)])
            self.attributes.append({})
            self.classes.append(stmt.name)
            self.block(stmt.body, in_class=True)
            attributes, _ = self.attributes.pop(), self.classes.pop()
            if attributes:
                self.found.extend(attribute_uses(stmt.body, attributes, self.stubbed))
            return
        if isinstance(stmt, ast.Assign):
            if isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
                self.literals.update((t.id, stmt.value) for t in stmt.targets if isinstance(t, ast.Name))
            for target in stmt.targets:
                name = target_name(target)
                if name:
                    self.list_under(name, stmt.value)
                    before = len(self.found)
                    self.attach(stmt.value, _Attachment(name, "field" if in_class else "constant"))
                    self.membership.drop_tested(self.found, before, name, stmt.value)
                    if self.attributes and on_receiver(target) and len(self.found) == before + 1:
                        self.attributes[-1][name] = self.found[-1][1]  # `cls.dataset_name = "org/x"`
                    # a list a `parametrize` takes (`parametrize("model_path", HF_MODELS)`), when its own
                    # name said nothing: read with the argument's name
                    for value, argument in listed_pairs(self.parametrized.get(name, []), stmt.value):
                        self.attach(value, _Attachment(argument, "parametrize"))
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            name = target_name(stmt.target)
            if name:
                self.list_under(name, stmt.value)
                before = len(self.found)
                self.attach(stmt.value, _Attachment(name, "field" if in_class else "constant"))
                self.membership.drop_tested(self.found, before, name, stmt.value)
        for field_name, value in ast.iter_fields(stmt):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                self.block(value, in_class=False)
            elif isinstance(value, list) and value and isinstance(value[0], ast.excepthandler | ast.match_case):
                for item in value:
                    self.block(item.body, in_class=False)
            elif isinstance(value, list) and value and isinstance(value[0], ast.withitem):
                # `with dspy.context(lm=dspy.LM("openai/gpt-4o-mini")):`: the items are expressions too
                self.expressions([item.context_expr for item in value])
            elif isinstance(value, ast.expr) and field_name != "targets":
                self.expressions([value])
            elif isinstance(value, list) and field_name != "targets":
                self.expressions([v for v in value if isinstance(v, ast.expr)])
            elif isinstance(value, list) and field_name == "targets":
                self.expressions([t for t in value if isinstance(t, ast.Subscript)])

    def function(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef, owner: str) -> None:
        passed: dict[str, Found] = {}
        for arg, default in parameter_defaults(stmt.args):
            before = len(self.found)
            self.attach(default, _Attachment(arg.arg, "default", owner=owner))
            if len(self.found) == before and annotated_model(arg.annotation):  # `segmentation: PipelineModel = "org/x"`
                self.attach(default, _Attachment(arg.arg, "default", owner=owner, trailing=True, meaning=_A_MODEL))
            if len(self.found) == before and isinstance(default, ast.Dict):  # `{"checkpoint": "org/x", ...}`
                self.expressions([default])
            if len(self.found) == before + 1 and self.found[-1][0] is default:
                passed[arg.arg] = self.found[-1][1]
        self.expressions(stmt.decorator_list)
        self.block(stmt.body, in_class=False)
        if passed:
            if self.reduced and all(isinstance(s, ast.Pass) for s in stmt.body):
                raise NeedsFullSource(f"the body of {stmt.name}() is stubbed")
            self.found.extend(parameter_uses(stmt.body, passed))

    # -- expressions: calls and dict literals anywhere in a visited statement ------------
    def expressions(self, roots: list[ast.expr]) -> None:
        for root in roots:
            if not self.spans(root):
                continue
            for node in walk(root):
                if isinstance(node, ast.Call):
                    self.call(node)
                elif isinstance(node, ast.Constant) and isinstance(node.value, str) and looks_like_hub_url(node.value):
                    self.url(node)
                if isinstance(node, ast.JoinedStr):  # its literal parts are read with it, not alone
                    self.prose.update(id(part) for part in node.values)
                if isinstance(node, ast.Constant | ast.JoinedStr | ast.List | ast.Tuple) and id(node) not in self.prose:
                    self.found.extend(command_evidence(node, self.literals, self.source))  # `"vllm serve x"`, argv
                elif isinstance(node, ast.Dict) and id(node) not in self.quiet:
                    for key, value in zip(node.keys, node.values, strict=True):
                        if isinstance(key, ast.Constant) and isinstance(key.value, str):
                            if key.value.lower() in _ENVIRONMENT_KEYS and isinstance(value, ast.Dict):
                                self.environments.add(id(value))
                            owner = self.listed_under.get(id(node), "")
                            self.attach(value, _Attachment(key.value, "dict key", owner=owner,
                                                           elsewhere=id(node) in self.environments))

    def call(self, node: ast.Call) -> None:
        callee = dotted_name(node.func)
        last = callee.rsplit(".", 1)[-1]
        for keyword in node.keywords:  # `usage="tune download <repo-id>"`, `epilog=...`: examples in help text
            if keyword.arg in _HELP_TEXT:
                self.prose.update(id(n) for n in walk(keyword.value))
        if last in MESSAGES:  # `print("usage: train.py --model_name_or_path facebook/opt-125m")`
            self.prose.update(id(n) for arg in node.args for n in walk(arg))
        if last in NOT_A_USE:
            self.quiet.update(id(a) for a in [*node.args, *(k.value for k in node.keywords)] if isinstance(a, ast.Dict))
            return
        if last in {"add_argument", "option", "argument"} and (flag := flag_name(node)):
            for slot in ("default", "choices"):  # (`choices=[...]`: the models a `--vis-judger` may be)
                if (given := keyword_arg(node, slot)) is not None:
                    self.attach(given, _Attachment(flag, "default" if slot == "default" else "choice of"))
        elif last == "parametrize" and node.args:
            self.parametrize(node)
        elif (got := getter_default(node)) is not None:
            self.attach(got[1], _Attachment(got[0], "default of"))
        if known_loader(callee, self.source):
            # a loader mlgate knows: its arguments are read with their slot rules (`analysis`);
            # Replicate's `model="meta/x"` is Replicate's model, no Hub id (txtai's `LLM("openai/gpt-4o")` is no loader)
            return
        if last == "partial" and node.args:  # `partial(alpaca_dataset, source="org/x")` is a call of it
            last = dotted_name(node.args[0]).rsplit(".", 1)[-1]
        elif node.args and not isinstance(node.args[0], ast.Starred):
            # `HFTokenizer("org/x")`, `SFTDataset("org/x")`: a callee named like what it takes
            self.attach(node.args[0], _Attachment(last, "argument of", hub_only=True, callee=True))
        for constant, found in client_arguments(node, last, self.model_classes):  # `create_llm(client, "gpt-4o")`
            if id(constant) not in self.seen:
                self.seen.add(id(constant))
                self.found.append((constant, found))
        owner = self.listed_under.get(id(node), last) if last == "dict" else last
        for keyword in node.keywords:
            self.found.extend(model_args_evidence(keyword))  # lm-eval's `simple_evaluate(model_args="pretrained=x")`
            if keyword.arg:
                self.attach(keyword.value, _Attachment(keyword.arg, "keyword", owner=owner))

    def list_under(self, name: str, value: ast.expr) -> None:
        """Record the dicts `value` lists (or is) as owned by `name`, when it says model or data set:
        their how-keys (`path`, `name`) are read as its (`models = [dict(path="THUDM/chatglm3-6b")]`)."""
        items = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
        dicts = [item for item in items if isinstance(item, ast.Dict)
                 or (isinstance(item, ast.Call) and isinstance(item.func, ast.Name) and item.func.id == "dict")]
        if dicts and owned_meaning(name, "path") is not None:
            self.listed_under.update((id(item), name) for item in dicts)

    def parametrize(self, node: ast.Call) -> None:
        for value, name in parametrize_pairs(node):
            self.attach(value, _Attachment(name, "parametrize"))

    def url(self, node: ast.Constant) -> None:
        """A Hub URL in code names its repository whatever it is attached to."""
        assert isinstance(node.value, str)
        hub = hub_id_from_url(node.value)
        if hub is not None and id(node) not in self.seen:
            self.seen.add(id(node))
            self.found.append((node, Found(hub[0], hub[1], "Hub URL", revision=hub_path_revision(node.value))))

    # -- attaching values to a name ------------------------------------------------------
    def attach(self, value: ast.expr, attachment: _Attachment) -> None:
        role = replicated_role(self.replicated, attachment.name, value) if attachment.how == "constant" else None
        if role is not None:
            self.add(value, lambda text: replicate_found(text, f"constant {attachment.name}", role))
            return
        meaning = attachment.meaning or (
            callee_meaning(attachment.name) if attachment.callee else name_meaning(attachment.name))
        if meaning is None and not attachment.callee and (meaning := hub_id_meaning(attachment.name)):
            attachment = dataclasses.replace(attachment, hub_only=True)  # `pretrained="org/x"`, not `"imagenet"`
        if meaning is None and attachment.owner:
            meaning = owned_meaning(attachment.owner, attachment.name)
        if (meaning is None and attachment.how in _DEFAULTS and isinstance(value, ast.Name)
                and value.id in self.constants):
            meaning = name_meaning(value.id)  # `key=_DEFAULT_MODEL`: the constant's name says what it is
        if meaning is None and not attachment.callee and is_dataset_arguments(attachment.name):
            via = f"{attachment.how} {attachment.name}"
            for literal in argument_values(value):  # `DEFAULT_DATASET_ARGS = {"path": "glue", "name": "sst2"}`
                self.add(literal, lambda text: read_argument(text, via))
            return
        if meaning is None and not attachment.callee and (meaning := trailing_meaning(attachment.name)):
            attachment, value = dataclasses.replace(attachment, trailing=True), table_values(value, meaning)
        if meaning is None and not attachment.callee and is_engine(attachment.name):
            # `--llm_engine` defaulting to `gpt-4-0613`: the OpenAI library's old word for the model,
            # read as on a command line (`cmdline`): only a known API model name, not `vllm`
            self.add(value, lambda text: api_model_found(text, f"{attachment.how} {attachment.name}"))
            return
        if meaning is None:
            return
        if meaning.subject is Subject.HUB_PATH and _DATA_OWNERS & set(name_words(attachment.owner)):
            # `LightevalTaskConfig(hf_repo="cais/mmlu")`: a Hub repository given to a task or data
            # set is a data set (the Hub keeps data sets apart from models)
            meaning = dataclasses.replace(meaning, kind=Kind.DATASET)
        self.add(value, lambda text: _classify(text, meaning, attachment, self.ollama),
                 named=attachment.how in _DEFAULTS)

    def add(self, value: ast.expr, read: Callable[[str], Found | None], named: bool = False) -> None:
        """The string literals `value` stands for, each as `read` takes it (once a literal); with
        `named`, a module constant as a default or field (`nameddefaults`), at the name."""
        if named and isinstance(value, ast.Name) and value.id in self.constants and id(value) not in self.seen:
            found = read(str(self.constants[value.id].value))
            if found is not None:
                self.seen.add(id(value))
                self.found.append((value, found))
            return
        for constant in string_literals(value):
            if id(constant) in self.seen or not isinstance(constant.value, str):
                continue
            found = read(constant.value)
            if found is not None:
                self.seen.add(id(constant))
                self.found.append((constant, found))


def _classify(text: str, meaning: NameMeaning, attachment: _Attachment, ollama: bool = False) -> Found | None:
    value = text.strip()
    value = value[1:-1] if len(value) > 2 and value[0] == value[-1] and value[0] in "'\"" else value  # "'gpt-4'"
    if value.count("/") >= 2 and value.endswith("/") and "://" not in value and not value.startswith(("/", ".", "~")):
        value = value.rstrip("/")  # `timm/vit_base_patch16_clip_224.openai/`: the repository
    if not value or len(value) > 300 or any(c in value for c in " \n\t") or is_placeholder(value):
        return None
    via, (value, at) = f"{attachment.how} {attachment.name}", hub_id_at_revision(value) or (value, None)
    if meaning.role is Role.OUTPUT:
        if meaning.local or ("/" in value and value.split("/", 1)[0].lower() in DIRECTORY_WORDS):
            kind = classify(value, allow_bare=True)
            return Found(value, Kind.LOCAL_PATH, via, Role.OUTPUT) if kind is not None else None
        return Found(value, Kind.MODEL, via, Role.OUTPUT) if looks_like_hub_id(value, allow_bare=True) else None
    hub_parameter = attachment.name.lstrip("-").lower() in _HUB_PARAMETERS
    if (hub_parameter or _HUB_WORDS & set(name_words(attachment.name))) and repository_path(value):
        value = "/".join(value.split("/", 2)[:2])  # open_clip's `hf_hub="org/name/open_clip_model.bin"`
    if meaning.subject is Subject.HUB_PATH and not hub_parameter and not _HUB_WORDS & set(name_words(attachment.name)):
        return None  # `repo_slug`, `repo_url`: a repository, but most often a code host's
    default = meaning.kind if meaning.kind in (Kind.DATASET, Kind.ADAPTER) else Kind.MODEL
    if value.lower() in DATASET_BUILDERS:
        return None  # `hf_repo="json"`, `path="parquet"`: a loading script, the data are local files
    bare = value in KNOWN_BARE_IDS or hub_parameter or (meaning.specific and bare_id_shaped(value))
    kind = classify(value, default=default, allow_bare=bare)
    # `llama3.1:70b` (Ollama's name:size) anywhere; `nomic-embed-text` in a module that imports Ollama
    if kind is None and default is Kind.MODEL and (is_ollama_sized(value) or (ollama and is_ollama_named(value))):
        kind, value = Kind.MODEL, f"ollama:{value}"
    if kind is None:
        return None
    if kind is Kind.API_MODEL and default is Kind.DATASET:
        return None
    in_directory = "/" in value and "://" not in value and value.split("/", 1)[0].lower() in DIRECTORY_WORDS
    if kind in _HUB_KINDS and in_directory:
        kind = Kind.LOCAL_PATH
    if kind is Kind.LOCAL_PATH and ((meaning.kind is Kind.DATASET and not meaning.local)
                                    or (meaning.vectors and is_data_file(value))):
        return None  # a data file or folder (`data_path="./train.jsonl"`, word vectors in a `.txt`) is no reference
    if attachment.trailing and (kind is not Kind.API_MODEL or not meaning.api_names) and (
            kind not in _HUB_KINDS or "/" not in value):  # (`GptOssForCausalLM="gpt-oss"`: an architecture's tag)
        return None  # `action_tokenizer_name = "fast"`: only an `org/name` id or an API model (`opus_model`) here
    if kind is Kind.LOCAL_PATH and (attachment.elsewhere or attachment.hub_only):
        return None  # TGI's `"MODEL_ID": "/repository"` inside an endpoint's image: a path in the container
    return Found(normalise_target(value, kind), kind, via, Role.INPUT, hub_path_revision(value) or at)
