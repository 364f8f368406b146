"""Internal use per license (catalog data) and the `internal` preset that judges it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_mlgate
from mlgate.model import Category
from mlgate.policy.conditions import CONDITIONS, Context
from policy.factories import component, lic

MODELS = {
    "mistralai/Codestral-22B-v0.1": "error",  # MNPL: no internal business use by employees
    "mistralai/Ministral-8B-Instruct-2410": "error",  # MRL: not employees' daily tasks
    "black-forest-labs/FLUX.1-dev": "warning",  # FLUX.1 [dev]: evaluation only, no business operations
    "Qwen/Qwen2.5-7B-Instruct": None,
}


def test_internal_preset_fails_mnpl_and_mrl_and_warns_on_flux_dev(tmp_path: Path) -> None:
    lines = ["from transformers import AutoModel"]
    lines += [f'm{i} = AutoModel.from_pretrained("{target}")' for i, target in enumerate(MODELS)]
    (tmp_path / "app.py").write_text("\n".join(lines) + "\n")
    proc = run_mlgate("check", tmp_path, "--offline", "--policy", "internal", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    internal = {f["target"]: f["severity"] for f in findings if f["rule"].startswith("internal-use")}
    assert internal == {t: s for t, s in MODELS.items() if s}
    reasons = " ".join(f["message"] for f in findings if f["target"] == "mistralai/Codestral-22B-v0.1")
    assert "internal usage by employees" in reasons


def test_internal_use_condition_follows_the_expression_operators() -> None:
    check = CONDITIONS["internal-use"]
    mnpl = "LicenseRef-Mistral-Non-Production-License-0.1"
    anded = component("acme/a", lic(f"Apache-2.0 AND {mnpl}", Category.NON_COMMERCIAL))
    ored = component("acme/b", lic(f"Apache-2.0 OR {mnpl}", Category.NON_COMMERCIAL))
    assert check(anded, ("no",), Context()) is not None
    assert check(ored, ("no",), Context()) is None  # the licensee may pick Apache-2.0
    assert check(component("acme/c", "Apache-2.0"), ("no", "conditional"), Context()) is None  # not assessed
