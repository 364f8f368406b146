"""What a module writes and reads back: the run's own outputs, not inputs from the supply chain.

`model.save_pretrained("qwen_lora")` then `PeftModel.from_pretrained(model, "qwen_lora")`, or
`pipe.load_lora_weights(args.output_dir)` after training into `--output_dir`: the loading call
reads a directory the code itself wrote. It is reported as what it is, an output of the run (a
local path when the writing call names one, role `output`), so no license is looked up for it as if it were a
dependency, and a policy does not judge it as one.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from mlgate.model import Kind, Role
from mlgate.scan.found import Found
from mlgate.scan.names import name_meaning
from mlgate.scan.python.statements import last_name

# Kinds an input of which may be a directory the run wrote (an API model name never is).
_REREAD_KINDS = frozenset({Kind.MODEL, Kind.ADAPTER, Kind.DATASET, Kind.LOCAL_PATH})


def own_outputs(found: list[tuple[ast.expr, Found]],
                written: list[tuple[ast.expr, Found]]) -> list[tuple[ast.expr, Found]]:
    """`found` with every input the module itself writes turned into the output it is."""
    outputs = {f.target: f for _, f in (*found, *written) if f.role is Role.OUTPUT}
    result: list[tuple[ast.expr, Found]] = []
    for node, target in found:
        if target.role is Role.INPUT and target.kind in _REREAD_KINDS:
            own = outputs.get(target.target)
            if own is not None:  # a local directory is one; a Hub repository keeps the kind its loader says
                kind = Kind.LOCAL_PATH if own.kind is Kind.LOCAL_PATH else target.kind
                target = replace(target, kind=kind, role=Role.OUTPUT)
            elif _names_a_run_directory(node):
                target = replace(target, kind=Kind.LOCAL_PATH, role=Role.OUTPUT)
        result.append((node, target))
    return result


def _names_a_run_directory(node: ast.expr) -> bool:
    """`args.output_dir`, `save_dir`, `training_args.output_dir`: a place the run writes."""
    if not isinstance(node, (ast.Name, ast.Attribute)):
        return False
    meaning = name_meaning(last_name(node))
    return meaning is not None and meaning.role is Role.OUTPUT and meaning.local
