"""What a module writes and reads back: the run's own outputs, not inputs from the supply chain
(and bare model names read through a name that says directory: local directories, not repositories).

`model.save_pretrained("qwen_lora")` then `PeftModel.from_pretrained(model, "qwen_lora")`, or
`pipe.load_lora_weights(args.output_dir)` after training into `--output_dir`: the loading call
reads a directory the code itself wrote. It is reported as what it is, a local path the run
writes (role `output`), so no license is looked up for it as if it were a dependency, and a
policy does not judge it as one.

Only what cannot be a Hub repository is taken for the run's own: a path, or a bare name that is
no canonical Hub id. `from_pretrained("meta-llama/Llama-2-7b-hf")` followed by
`save_pretrained("meta-llama/Llama-2-7b-hf")` (a download cached under its own name) and a
repository read and pushed to both stay inputs: the model read is still a dependency.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from mlgate.model import Kind, Role
from mlgate.scan.found import Found
from mlgate.scan.names import name_meaning
from mlgate.scan.python.statements import last_name
from mlgate.targets import KNOWN_BARE_IDS, is_legacy_canonical

# Kinds an input of which may be a directory the run wrote (a data set read through a Hub loader,
# or an API model name, never is).
_REREAD_KINDS = frozenset({Kind.MODEL, Kind.ADAPTER, Kind.LOCAL_PATH})
# Kinds a bare name read through a name that says "directory" may have been taken for. (Not data
# sets: the Hub still answers for legacy bare ones, `imdb` under `data_path`.)
_NAMED_KINDS = frozenset({Kind.MODEL, Kind.ADAPTER})


def own_outputs(found: list[tuple[ast.expr, Found]],
                written: list[tuple[ast.expr, Found]]) -> list[tuple[ast.expr, Found]]:
    """`found` with every input that is a directory the module itself writes turned into that output."""
    local_writes = {f.target for _, f in (*found, *written) if f.role is Role.OUTPUT and f.kind is Kind.LOCAL_PATH}
    result: list[tuple[ast.expr, Found]] = []
    for node, target in found:
        if (target.role is Role.INPUT and target.kind in _REREAD_KINDS and cannot_be_a_hub_id(target)
                and (target.target in local_writes or _names_a_run_directory(node))):
            target = replace(target, kind=Kind.LOCAL_PATH, role=Role.OUTPUT)
        elif (target.role is Role.INPUT and target.kind in _NAMED_KINDS and "/" not in target.target
              and not is_legacy_canonical(target.target) and _names_a_directory(node)):
            target = replace(target, kind=Kind.LOCAL_PATH)  # `from_pretrained(model_path)`, "llama-7b-local"
        result.append((node, target))
    return result


def cannot_be_a_hub_id(target: Found) -> bool:
    """A path, or a bare name the Hub has no canonical repository for (`qwen_lora`, `lora_model`)."""
    return target.kind is Kind.LOCAL_PATH or ("/" not in target.target and target.target not in KNOWN_BARE_IDS)


def _names_a_directory(node: ast.expr) -> bool:
    """`args.model_path`, `ckpt`, `checkpoint_dir`: a name that says a place on disk holds what it
    names. A bare model name there (`"llama-7b-local"`, no canonical Hub id) is a directory."""
    if not isinstance(node, (ast.Name, ast.Attribute)):
        return False
    meaning = name_meaning(last_name(node))
    return meaning is not None and meaning.path and meaning.role is Role.INPUT


def _names_a_run_directory(node: ast.expr) -> bool:
    """`args.output_dir`, `save_dir`, `training_args.output_dir`: a place the run writes."""
    if not isinstance(node, (ast.Name, ast.Attribute)):
        return False
    meaning = name_meaning(last_name(node))
    return meaning is not None and meaning.role is Role.OUTPUT and meaning.local
