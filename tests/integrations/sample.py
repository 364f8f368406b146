"""A run result with everything a report must show: lineage, waivers (active and expired), an
API model, an unresolved gated model, a dataset that trains a model, and hostile strings.

Built from real parts: licenses from the shipped catalog, findings from the real policy engine
with a real policy file (the commercial preset plus waivers).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mlgate.license_catalog import catalog
from mlgate.licenses import from_entry
from mlgate.model import (
    BaseModelLink,
    Category,
    Component,
    Kind,
    License,
    Location,
    Reference,
    Result,
    Unresolved,
    UnresolvedReason,
)
from mlgate.policy.engine import evaluate
from mlgate.policy.loader import load_policy

HOSTILE = '<script>alert("x")</script> & "quotes" | pipes\nnew line =cmd'
TODAY = date(2026, 1, 15)

POLICY = """\
version: 1
name: acme-commercial
extends: commercial
waivers:
  - target: "Qwen/Qwen2.5-3B-Instruct"
    rule: no-research-only
    reason: "evaluation only, never shipped"
    approved_by: "legal@example.com"
    expires: 2026-06-30
  - target: "acme/support-llama-8b*"
    rule: derivative-more-permissive
    reason: "reviewed under LEG-7"
    approved_by: "counsel@example.com"
    expires: 2025-12-31
"""


def _license(key: str, source: str = "hub") -> License:
    entry = catalog().lookup(key)
    assert entry is not None, key
    return from_entry(entry, source=source, evidence=f"cardData.license = {key!r}")


def _ref(target: str, kind: Kind, path: str, line: int, via: str) -> Reference:
    return Reference(target=target, kind=kind, location=Location(path, line, 4), via=via)


def components() -> list[Component]:
    llama = "meta-llama/Llama-3.1-8B-Instruct"
    tuned = "acme/support-llama-8b"
    return [
        Component(tuned, Kind.MODEL, _license("mit"),
                  references=(_ref(tuned, Kind.MODEL, "serve/app.py", 12, "AutoModelForCausalLM.from_pretrained"),),
                  revision="0123456789abcdef0123456789abcdef01234567",
                  base_models=(BaseModelLink(llama, "finetune"),),
                  datasets=("acme-support/support-conversations",)),
        Component(llama, Kind.MODEL, _license("llama3.1"), introduced_by=(tuned,)),
        Component(f"{tuned}-GGUF", Kind.MODEL, _license("mit"),
                  references=(_ref(f"{tuned}-GGUF", Kind.MODEL, "ollama/Modelfile", 1, "FROM"),),
                  base_models=(BaseModelLink(tuned, "quantized"),)),
        Component("someone/qwen3b-lora", Kind.ADAPTER, _license("apache-2.0"),
                  references=(_ref("someone/qwen3b-lora", Kind.ADAPTER, "eval/run.py", 30,
                                   "PeftModel.from_pretrained"),),
                  base_models=(BaseModelLink("Qwen/Qwen2.5-3B-Instruct", "adapter"),)),
        Component("Qwen/Qwen2.5-3B-Instruct", Kind.MODEL, _license("qwen-research", "knowledge-base"),
                  references=(_ref("Qwen/Qwen2.5-3B-Instruct", Kind.MODEL, "eval/run.py", 29,
                                   "AutoModelForCausalLM.from_pretrained"),)),
        Component("gpt-4o", Kind.API_MODEL,
                  from_entry(catalog().api, source="knowledge-base", evidence="OpenAI client model='gpt-4o'"),
                  references=(_ref("gpt-4o", Kind.API_MODEL, "serve/fallback.py", 8, "OpenAI.chat.completions"),)),
        Component("private-org/secret-model", Kind.MODEL,
                  Unresolved(UnresolvedReason.GATED, "gated repository: accept its terms on the Hub", "hub"),
                  references=(_ref("private-org/secret-model", Kind.MODEL, "research/try.py", 3,
                                   "AutoModel.from_pretrained"),)),
        Component("evil/model", Kind.MODEL,
                  License("LicenseRef-Evil", Category.UNKNOWN, "card", HOSTILE, name=HOSTILE,
                          url="javascript:alert(1)", declared=HOSTILE),
                  references=(_ref("evil/model", Kind.MODEL, 'x"><img src=x onerror=alert(1)>.py', 1, HOSTILE),)),
        Component("acme-support/support-conversations", Kind.DATASET, _license("cc-by-4.0", "override"),
                  references=(_ref("acme-support/support-conversations", Kind.DATASET, "data/prep.py", 12,
                                   "load_dataset"),)),
    ]


def rich_result(tmp_path: Path) -> Result:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(POLICY)
    policy = load_policy(str(policy_file))
    comps = components()
    findings = evaluate(comps, policy, today=TODAY)
    return Result(root=tmp_path / "acme-support", components=comps, findings=findings, policy=policy,
                  files_scanned=42, notes=["the Hub was not consulted (--offline)"])
