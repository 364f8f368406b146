"""`mlgate notice`: the attribution file built from the license obligations."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from sample import TODAY, rich_result

from conftest import DEMO, run_mlgate
from mlgate.license_catalog import catalog
from mlgate.licenses import from_entry
from mlgate.model import Component, Kind, Severity
from mlgate.report.inventory import Inventory
from mlgate.report.notice import NoticeFile, notice_data

LLAMA_31_NOTICE = ("Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. "
                   "All Rights Reserved.")


def _section(text: str, title: str) -> str:
    after = text.split(title, 1)[1]
    return after.split("=" * 78 + "\n", 2)[1].split("\n" + "=" * 78, 1)[0]


def test_demo_notice_file(tmp_path: Path) -> None:
    out = tmp_path / "NOTICE"
    proc = run_mlgate("notice", DEMO, "--offline", "-o", out)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    displays = _section(text, "Display prominently")
    assert "Built with Llama\n    required by the license of meta-llama/Llama-3.1-8B-Instruct" in displays
    assert "Built with Qwen" in displays
    notices = _section(text, "\nNotices\n")
    assert LLAMA_31_NOTICE in notices
    assert "Qwen is licensed under the Qwen RESEARCH LICENSE AGREEMENT" in notices
    copies = _section(text, "License texts to ship")
    assert "Apache License 2.0 (Apache-2.0)\n    text: https://spdx.org/licenses/Apache-2.0.html\n" \
           "    for:  Qwen/Qwen2.5-7B-Instruct, sentence-transformers/all-MiniLM-L6-v2" in copies
    assert "CC-BY-4.0" in copies and "acme-support/support-conversations" in copies
    assert "LicenseRef-Llama-3.1-Community-License" in copies
    assert "NOT COVERED" not in text
    # Stable: the same input gives the same file, so it can be committed and diffed.
    again = run_mlgate("notice", DEMO, "--offline")
    assert again.stdout == text


def test_notice_lists_hosted_and_uncovered_components(tmp_path: Path) -> None:
    text = NoticeFile().render(Inventory.of(rich_result(tmp_path), Severity.ERROR, today=TODAY))
    hosted = _section(text, "Hosted models used through an API")
    assert "gpt-4o" in hosted
    uncovered = _section(text, "NOT COVERED")
    assert "private-org/secret-model (model): gated" in uncovered
    assert "evil/model" in uncovered
    assert "gpt-4o" not in _section(text, "\nNotices\n")


def test_vendor_notices_and_display_statements_come_from_the_catalog(tmp_path: Path) -> None:
    components = [
        Component(f"org/{key}", Kind.MODEL, from_entry(entry, source="hub", evidence="test"))
        for key in ("gemma", "stabilityai-ai-community", "llama3", "mrl")
        if (entry := catalog().lookup(key)) is not None
    ]
    assert len(components) == 4
    result = replace(rich_result(tmp_path), components=components, findings=[])
    text = NoticeFile().render(Inventory.of(result))
    assert "Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms" in text
    assert "Powered by Stability AI" in text and "Built with Meta Llama 3" in text
    assert "Licensed by Mistral AI under the Mistral AI Research License" in text


def test_notice_data_names_only_catalog_obligations_and_licenses() -> None:
    raw = json.loads((Path(__file__).resolve().parents[2] / "src/mlgate/resolve/data/licenses.json").read_text())
    expressions = {v["expression"] for table in ("hub_ids", "license_names") for v in raw[table].values()}
    data = notice_data()
    assert set(data.notices) <= expressions, set(data.notices) - expressions
    assert set(data.displays) <= set(raw["obligations"])


def test_notice_warns_about_uncovered_components(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('from transformers import AutoModel\nm = AutoModel.from_pretrained("nobody/x")\n')
    proc = run_mlgate("notice", tmp_path, "--offline", "-o", tmp_path / "NOTICE")
    assert proc.returncode == 0, proc.stderr
    assert "not covered (license not established): nobody/x" in proc.stderr
    assert "nobody/x" in _section((tmp_path / "NOTICE").read_text(), "NOT COVERED")


def _notice_for(tmp_path: Path, *keys: str) -> str:
    components = [Component(f"org/{key}", Kind.MODEL, from_entry(entry, source="hub", evidence="test"))
                  for key in keys if (entry := catalog().lookup(key)) is not None]
    assert len(components) == len(keys)
    result = replace(rich_result(tmp_path), components=components, findings=[])
    return NoticeFile().render(Inventory.of(result))


def test_flux_dev_notice_line_goes_into_notice(tmp_path: Path) -> None:
    text = _notice_for(tmp_path, "flux-1-dev-non-commercial-license")
    assert ("The FLUX.1 [dev] Model is licensed by Black Forest Labs. Inc. under the FLUX.1 [dev] "
            "Non-Commercial License. Copyright Black Forest Labs. Inc.") in _section(text, "\nNotices\n")


def test_qwen_license_texts_are_linked_never_ask_the_licensor(tmp_path: Path) -> None:
    text = _notice_for(tmp_path, "qwen", "qwen-research", "tongyi-qianwen", "tongyi-qianwen-research")
    copies = _section(text, "License texts to ship")
    assert "ask the licensor" not in copies
    assert "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE" in copies
    assert "https://huggingface.co/Qwen/Qwen2.5-3B-Instruct/blob/main/LICENSE" in copies


def test_built_with_qwen_is_required_only_when_a_model_built_with_it_is_distributed(tmp_path: Path) -> None:
    displays = _section(_notice_for(tmp_path, "qwen"), "Display prominently")
    assert "Built with Qwen" in displays and "only when" in displays and "distributed" in displays
    llama = _section(_notice_for(tmp_path, "llama3.1"), "Display prominently")
    assert "only when" not in llama  # Llama's display duty has no such condition


def test_deepseek_derivatives_may_use_other_terms_if_restrictions_travel() -> None:
    entry = catalog().lookup("deepseek")
    assert entry is not None
    ids = {o.id for o in entry.obligations}
    assert "derivatives-own-terms-keep-restrictions" in ids and "use-restrictions-passthrough" in ids
    assert "derivatives-covered" not in ids


def test_grok_2_terms_cite_the_license_sections_checked_and_flag_the_rest() -> None:
    entry = catalog().lookup("grok2-community")
    assert entry is not None and "grok-terms-unreviewed" in {o.id for o in entry.obligations}
    terms = catalog().terms[entry.expression]
    # sections 1-2 were read in the LICENSE file: the grant and the output restriction cite it
    for key in ("commercial", "outputs"):
        assert "huggingface.co/xai-org/grok-2/blob/main/LICENSE" in terms[key] and "2025-11-04" in terms[key]
    assert "Acceptable Use Policy" in terms["commercial"] and "USD 1M" in terms["commercial"]  # the earlier text
    assert "general-purpose" in terms["outputs"] and "fine-tuning of Grok 2" in terms["outputs"]
    # what comes after them was not read, and says so
    assert all("not read here" in terms[key] for key in ("attribution", "redistribution"))
    assert "read the rest" in terms["text"]
