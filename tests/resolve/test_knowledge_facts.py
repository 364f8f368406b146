"""Knowledge-base facts true at their revision: no invented declarations, license history, spellings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import invoke_mlgate
from mlgate.config import ProjectSettings, RunConfig
from mlgate.licenses import normalise
from mlgate.model import Category, Component, Kind, License, Location, Reference
from mlgate.resolve import resolve
from mlgate.resolve.history import undated
from mlgate.resolve.knowledge import model_entry
from mlgate.resolve.lock import LockEntry, render
from mlgate.targets import is_api_model

from .kb_lookup import answer

SHA = "0123456789abcdef0123456789abcdef01234567"


def kb(target: str, kind: Kind = Kind.MODEL, revision: str | None = None) -> License:
    found = answer(target, kind, revision)
    assert found is not None and isinstance(found.license, License)
    return found.license


def offline(root: Path, *targets: tuple[str, str | None]) -> dict[str, Component]:
    refs = [Reference(t, Kind.MODEL, Location("app.py", 1), "from_pretrained", rev) for t, rev in targets]
    config = RunConfig(paths=(root,), root=root, offline=True, timeout=2.0, hub_endpoint=None,
                       cache_dir=root / ".cache", settings=ProjectSettings())
    return {c.target: c for c in resolve(refs, config).components}


def test_unverified_card_value_is_not_declared_and_says_what_is_known() -> None:
    clip = kb("openai/clip-vit-large-patch14")
    assert (clip.expression, clip.category, clip.declared) == ("NOASSERTION", Category.UNKNOWN, None)
    assert "MIT" in clip.evidence and "out of scope" in clip.evidence
    whisper = kb("openai/whisper-large-v3")
    assert (whisper.expression, whisper.declared) == ("Apache-2.0", None)
    assert "apache-2.0" in whisper.evidence and "MIT" in whisper.evidence
    v3 = kb("deepseek-ai/DeepSeek-V3")
    assert v3.declared is None and v3.expression == "LicenseRef-DeepSeek-License-1.0"


def test_low_medium_rows_are_low_confidence_and_not_entries() -> None:
    # The reference row (low-medium) is never an entry; the Qwen2.5-Coder family rule, sourced
    # separately, answers for the id by name (kb_usage_facts.py), never as a declaration.
    assert model_entry("Qwen/Qwen2.5-Coder-32B-Instruct") is None
    license_ = kb("Qwen/Qwen2.5-Coder-32B-Instruct")
    assert "family rule Qwen/Qwen2.5-Coder-32B*" in license_.evidence and license_.declared is None
    assert "not directly verified" not in license_.evidence


def test_pinned_revision_of_a_relicensed_model_carries_its_history() -> None:
    license_ = kb("facebook/dinov2-base", revision=SHA)
    assert license_.expression == "Apache-2.0"
    assert "until 2023-08-31: cc-by-nc-4.0" in license_.evidence and "not dated offline" in license_.evidence
    pinned = answer("facebook/dinov2-base", revision=SHA)
    assert pinned is not None
    assert dict(pinned.properties)["license-history"].startswith("until 2023-08-31: cc-by-nc-4.0")
    unpinned = answer("facebook/dinov2-base")
    assert unpinned is not None and "license-history" not in dict(unpinned.properties)


def test_only_a_revision_that_cannot_be_dated_carries_the_history() -> None:
    assert undated(SHA) and undated("v1.0") and not undated("main") and not undated(None)
    on_main = answer("facebook/dinov2-base", revision="main")
    assert on_main is not None
    assert "license-history" not in dict(on_main.properties) and "not dated" not in on_main.license.evidence


def test_pinned_revision_of_a_relicensed_family_names_the_change() -> None:
    # dinov2-small has no entry of its own: the family rule answers, and its history applies too.
    assert model_entry("facebook/dinov2-small") is None
    pinned = answer("facebook/dinov2-small", revision=SHA)
    assert pinned is not None and isinstance(pinned.license, License) and pinned.license.expression == "Apache-2.0"
    assert dict(pinned.properties)["license-history"].startswith("until 2023-08-31: cc-by-nc-4.0")
    assert f"revision {SHA} is not dated offline" in pinned.license.evidence
    unpinned = answer("facebook/dinov2-small")
    assert unpinned is not None and "license-history" not in dict(unpinned.properties)


def test_a_family_whose_license_changed_carries_the_change_for_a_pinned_chat_variant() -> None:
    pinned = answer("01-ai/Yi-34B-Chat", revision=SHA)
    assert pinned is not None
    assert dict(pinned.properties)["license-history"].startswith("until 2024-05-30: other/yi-license")


def test_check_warns_that_an_earlier_license_may_apply_to_a_pinned_sha(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from transformers import AutoModel\n"
        f"m = AutoModel.from_pretrained('tiiuae/falcon-7b', revision='{SHA}')\n")
    done = invoke_mlgate("check", "--offline", "--format", "json", ".", cwd=tmp_path)
    findings = json.loads(done.stdout)["findings"]
    [history] = [f for f in findings if f["rule"] == "license-history-may-apply"]
    assert history["severity"] == "warning" and "until 2023-05-31: other/tii-falcon-llm" in history["message"]
    assert invoke_mlgate("check", "--offline", "--fail-on", "warning", ".", cwd=tmp_path).returncode == 1


def write_lock(root: Path, target: str, expression: str, category: Category, on: str, pinned: str | None,
               source: str = "hub") -> None:
    entry = LockEntry(target, Kind.MODEL, pinned, pinned or SHA, expression, category, None, source,
                      "card at lock time", None, on)
    (root / "mlgate.lock").write_text(render([entry]))


def test_lock_older_than_a_license_change_reports_the_change(tmp_path: Path) -> None:
    write_lock(tmp_path, "tiiuae/falcon-40b", "LicenseRef-TII-Falcon-LLM-License-1.0",
               Category.COMMUNITY_CONDITIONAL, "2023-05-20", None)
    falcon = offline(tmp_path, ("tiiuae/falcon-40b", None))["tiiuae/falcon-40b"]
    assert isinstance(falcon.license, License) and falcon.license.expression == "Apache-2.0"
    assert falcon.locked_expression == "LicenseRef-TII-Falcon-LLM-License-1.0"
    assert "before the license changed" in falcon.license.evidence


def test_lock_after_the_change_stays_quiet(tmp_path: Path) -> None:
    write_lock(tmp_path, "tiiuae/falcon-40b", "Apache-2.0", Category.PERMISSIVE, "2024-01-02", None)
    falcon = offline(tmp_path, ("tiiuae/falcon-40b", None))["tiiuae/falcon-40b"]
    assert falcon.locked_expression is None and falcon.category is Category.PERMISSIVE


def test_pinned_lock_revision_resolves_against_the_history(tmp_path: Path) -> None:
    # A lock taken before the change that recorded today's license for its pinned revision:
    # the revision's own license is the one in force on the lock date.
    write_lock(tmp_path, "tiiuae/falcon-7b", "Apache-2.0", Category.PERMISSIVE, "2023-05-10", SHA)
    falcon = offline(tmp_path, ("tiiuae/falcon-7b", SHA))["tiiuae/falcon-7b"]
    assert isinstance(falcon.license, License)
    assert falcon.license.expression == "LicenseRef-TII-Falcon-LLM-License-1.0"
    assert "2023-05-10, before 2023-05-31" in falcon.license.evidence


@pytest.mark.parametrize(("source", "warns"), [("knowledge-base", True), ("hub", False)])
def test_a_pin_locked_after_the_change_is_settled_only_by_a_source_that_read_it(
        tmp_path: Path, source: str, warns: bool) -> None:
    # Locked in 2024: the sha was made before the lock, but maybe before the 2023 change too. The
    # Hub answered with the card at that revision; the knowledge base never read the revision.
    write_lock(tmp_path, "tiiuae/falcon-7b", "Apache-2.0", Category.PERMISSIVE, "2024-02-01", SHA, source)
    falcon = offline(tmp_path, ("tiiuae/falcon-7b", SHA))["tiiuae/falcon-7b"]
    assert isinstance(falcon.license, License) and falcon.license.expression == "Apache-2.0"
    assert ("license-history" in dict(falcon.properties)) is warns


def test_distill_llama_70b_carries_llama_3_3_terms() -> None:
    distill = kb("deepseek-ai/DeepSeek-R1-Distill-Llama-70B")
    assert distill.expression == "MIT AND LicenseRef-Llama-3.3-Community-License"
    assert distill.category is Category.COMMUNITY_CONDITIONAL and distill.declared == "mit"


def test_gpt_oss_hub_ids_are_open_weights_not_api_models() -> None:
    assert not is_api_model("openai/gpt-oss-20b") and not is_api_model("openai/gpt-oss-120b")
    assert is_api_model("openai/gpt-4o") and is_api_model("gpt-oss-20b")  # a bare name sent to a hosted API
    for size in ("20b", "120b"):
        license_ = kb(f"openai/gpt-oss-{size}")
        assert (license_.expression, license_.category) == ("Apache-2.0", Category.PERMISSIVE)
        assert "usage policy" in license_.evidence


@pytest.mark.parametrize(("spelling", "expression"), [
    ("llama-3.1", "LicenseRef-Llama-3.1-Community-License"),
    ("llama-3.2", "LicenseRef-Llama-3.2-Community-License"),
    ("llama3_1", "LicenseRef-Llama-3.1-Community-License"),
    ("Llama 3.3", "LicenseRef-Llama-3.3-Community-License"),
    ("llama-2", "LicenseRef-Llama-2-Community-License"),
    ("llama-3.1-community", "LicenseRef-Llama-3.1-Community-License"),
    ("gemma-terms-of-use", "LicenseRef-Gemma-Terms-of-Use"),
    ("gemma-terms", "LicenseRef-Gemma-Terms-of-Use"),
    ("qwen-research-license", "LicenseRef-Qwen-Research-License"),
    ("tongyi-qianwen-license", "LicenseRef-Tongyi-Qianwen-License-Agreement"),
    ("mistral-ai-research-license", "LicenseRef-Mistral-Research-License-0.1"),
    ("grok-2-community", "LicenseRef-Grok-2-Community-License"),
    ("flux-1-dev", "LicenseRef-FLUX.1-dev-Non-Commercial-License"),
])
def test_license_spellings_people_write_resolve(spelling: str, expression: str) -> None:
    as_name = normalise("other", spelling, source="card", evidence="test")
    as_value = normalise(spelling, None, source="card", evidence="test")
    assert as_name.expression == expression and as_value.expression == expression


@pytest.mark.parametrize("declared", [
    "CC-BY-NC-4.0 AND Apache-2.0", "MIT AND CC-BY-NC-SA-4.0", "LicenseRef-acme-internal AND CC-BY-NC-4.0",
    "Apache-2.0 AND LicenseRef-Qwen-Research-License"])
def test_any_non_commercial_part_means_commercial_use_no(declared: str) -> None:
    assert normalise(declared, None, source="card", evidence="test").commercial_use == "no"


def test_a_non_commercial_alternative_does_not_rule_commercial_use_out() -> None:
    assert normalise("CC-BY-NC-4.0 OR MIT", None, source="card", evidence="test").commercial_use == "yes"
