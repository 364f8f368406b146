"""License normalisation: Hub ids, license_name values, lists and SPDX expressions."""

from __future__ import annotations

import pytest

from mlgate.license_catalog import catalog
from mlgate.license_expression import parse_expression
from mlgate.licenses import conflict, normalise
from mlgate.model import Category

# The 83 ids of the Hub's license list (hub-docs repositories-licenses.md), `other` included.
HUB_IDS = [
    "apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m",
    "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "afl-3.0", "artistic-2.0", "bsl-1.0", "bsd",
    "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "c-uda", "cc", "cc0-1.0", "cc-by-2.0", "cc-by-2.5",
    "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0", "cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0",
    "cc-by-nd-4.0", "cc-by-nc-nd-3.0", "cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0",
    "cc-by-nc-sa-4.0", "cdla-sharing-1.0", "cdla-permissive-1.0", "cdla-permissive-2.0", "wtfpl", "ecl-2.0",
    "epl-1.0", "epl-2.0", "etalab-2.0", "eupl-1.1", "eupl-1.2", "agpl-3.0", "gfdl", "gpl", "gpl-2.0", "gpl-3.0",
    "lgpl", "lgpl-2.1", "lgpl-3.0", "isc", "h-research", "intel-research", "lppl-1.3c", "ms-pl", "apple-ascl",
    "apple-amlr", "mpl-2.0", "odc-by", "odbl", "openmdw-1.0", "openmdw-1.1", "openrail++", "osl-3.0",
    "postgresql", "ofl-1.1", "ncsa", "unlicense", "zlib", "pddl", "lgpl-lr", "deepfloyd-if-license",
    "fair-noncommercial-research-license", "llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4",
    "grok2-community", "gemma", "unknown", "other"
]

# Ids that name a family or say nothing: they must never pass as a known license.
VAGUE = {"cc", "unknown", "other"}


def test_every_hub_id_is_catalogued() -> None:
    assert len(HUB_IDS) == 83
    missing = [i for i in HUB_IDS if i != "other" and catalog().by_hub_id(i) is None]
    assert missing == []


@pytest.mark.parametrize("hub_id", [i for i in HUB_IDS if i not in VAGUE])
def test_each_hub_id_normalises_to_an_expression_and_known_category(hub_id: str) -> None:
    license_ = normalise(hub_id, source="hub", evidence="e")
    assert license_.category is not Category.UNKNOWN, hub_id
    assert license_.expression.startswith("LicenseRef-") or parse_expression(license_.expression), hub_id


def test_deprecated_gnu_ids_map_to_only() -> None:
    assert [normalise(i, source="t", evidence="e").expression for i in ("gpl-3.0", "agpl-3.0", "lgpl-2.1")] == [
        "GPL-3.0-only", "AGPL-3.0-only", "LGPL-2.1-only"]


@pytest.mark.parametrize(
    ("license_name", "expression", "category"),
    [
        ("qwen", "LicenseRef-Qwen-License", "community-conditional"),
        ("qwen-research", "LicenseRef-Qwen-Research-License", "research-only"),
        ("tongyi-qianwen", "LicenseRef-Tongyi-Qianwen-License-Agreement", "community-conditional"),
        ("tongyi-qianwen-license-agreement", "LicenseRef-Tongyi-Qianwen-License-Agreement", "community-conditional"),
        ("tongyi-qianwen-research", "LicenseRef-Tongyi-Qianwen-Research-License", "research-only"),
        ("mrl", "LicenseRef-Mistral-Research-License-0.1", "research-only"),
        ("mnpl", "LicenseRef-Mistral-Non-Production-License-0.1", "non-commercial"),
        ("flux-1-dev-non-commercial-license", "LicenseRef-FLUX.1-dev-Non-Commercial-License", "non-commercial"),
        ("stabilityai-ai-community", "LicenseRef-Stability-AI-Community-License", "community-conditional"),
        ("stabilityai-nc-research-community", "LicenseRef-Stability-AI-NC-Research-Community-License",
         "non-commercial"),
        ("sai-nc-community", "LicenseRef-Stability-AI-NC-Community-License", "non-commercial"),
        ("deepseek", "LicenseRef-DeepSeek-License-1.0", "responsible-ai"),
        ("deepseek-license", "LicenseRef-DeepSeek-License-1.0", "responsible-ai"),
        ("falcon-llm-license", "LicenseRef-TII-Falcon-License", "community-conditional"),
        ("yi-license", "LicenseRef-Yi-Series-Models-Community-License", "community-conditional"),
        ("microsoft-research-license", "LicenseRef-Microsoft-Research-License", "research-only"),
        ("llama-license", "LicenseRef-LLaMA-1-Non-Commercial-License", "research-only"),
        ("llama-2-community-license", "LicenseRef-Llama-2-Community-License", "community-conditional"),
        ("coqui-public-model-license", "LicenseRef-Coqui-Public-Model-License", "non-commercial"),
        # spellings vary: case, underscores, spaces, and Hub ids put in license_name
        ("Qwen_Research", "LicenseRef-Qwen-Research-License", "research-only"),
        ("Qwen Research License", "LicenseRef-Qwen-Research-License", "research-only"),
        ("llama3.1", "LicenseRef-Llama-3.1-Community-License", "community-conditional"),
        ("cc-by-nc-4.0", "CC-BY-NC-4.0", "non-commercial"),
        ("CreativeML Open RAIL++-M", "LicenseRef-CreativeML-OpenRAIL++-M", "responsible-ai"),  # a full title
    ],
)
def test_license_other_with_license_name(license_name: str, expression: str, category: str) -> None:
    license_ = normalise("other", license_name, "https://example.org/LICENSE", source="hub", evidence="e")
    assert (license_.expression, license_.category.value) == (expression, category)
    assert license_.url == "https://example.org/LICENSE"  # the card's own link is kept
    assert license_.declared == f"other ({license_name})"


def test_unrecognised_license_name_is_unknown_with_link_never_permissive() -> None:
    license_ = normalise("other", "acme-model-license-v2", "https://acme.example/license", source="hub",
                         evidence="e")
    assert license_.category is Category.UNKNOWN
    assert license_.expression == "LicenseRef-acme-model-license-v2"
    assert license_.url == "https://acme.example/license"
    assert license_.obligations == ()


@pytest.mark.parametrize("value", [None, "", "unknown", ["unknown"]])
def test_no_license_is_noassertion(value: object) -> None:
    license_ = normalise(value, source="hub", evidence="e")  # type: ignore[arg-type]
    assert (license_.expression, license_.category) == ("NOASSERTION", Category.UNKNOWN)


def test_list_of_licenses_is_a_conjunction_with_the_strictest_category() -> None:
    license_ = normalise(["apache-2.0", "cc-by-nc-4.0"], source="hub", evidence="e")
    assert license_.expression == "Apache-2.0 AND CC-BY-NC-4.0"
    assert license_.category is Category.NON_COMMERCIAL
    assert {o.id for o in license_.obligations} >= {"no-commercial-use", "mark-modifications"}


def test_list_with_an_unknown_member_is_unknown() -> None:
    license_ = normalise(["apache-2.0", "cc"], source="hub", evidence="e")
    assert license_.category is Category.UNKNOWN


@pytest.mark.parametrize(
    ("value", "expression", "category"),
    [
        ("Apache-2.0 OR MIT", "Apache-2.0 OR MIT", "permissive"),
        ("mit AND cc-by-nc-4.0", "MIT AND CC-BY-NC-4.0", "non-commercial"),
        ("CC-BY-NC-4.0 OR Apache-2.0", "CC-BY-NC-4.0 OR Apache-2.0", "permissive"),  # the licensee may choose
        ("GPL-2.0+", "GPL-2.0-or-later", "copyleft"),
        ("0BSD", "0BSD", "permissive"),
        ("Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception", "permissive"),
        ("LicenseRef-Qwen-Research-License AND MIT", "LicenseRef-Qwen-Research-License AND MIT", "research-only"),
        ("(MIT OR LicenseRef-acme) AND CC-BY-4.0", "(MIT OR LicenseRef-acme) AND CC-BY-4.0", "permissive"),
    ],
)
def test_spdx_expressions(value: str, expression: str, category: str) -> None:
    license_ = normalise(value, source="card", evidence="e")
    assert (license_.expression, license_.category.value) == (expression, category)


@pytest.mark.parametrize("value", ["Apache-2.0 AND", "Foo-Bar-License", "MIT OR", "((MIT)", "x" * 2000])
def test_invalid_expressions_are_not_guessed(value: str) -> None:
    assert parse_expression(value) is None
    license_ = normalise(value, source="card", evidence="e")
    assert license_.category is Category.UNKNOWN
    assert license_.expression.startswith("LicenseRef-unrecognised-")


def test_card_whose_license_and_license_name_disagree_is_flagged() -> None:
    assert conflict("mit", "microsoft-research-license") is not None
    assert conflict("other", "qwen") is None
    assert conflict("apache-2.0", "apache-2.0") is None


def test_catalog_terms_cover_the_non_standard_licenses() -> None:
    terms = catalog().terms
    for key in ("qwen", "qwen-research", "tongyi-qianwen", "mrl", "mnpl", "flux-1-dev-non-commercial-license",
                "stabilityai-ai-community", "deepseek", "llama3.1", "gemma"):
        entry = catalog().lookup(key)
        assert entry is not None and entry.expression in terms, key
        assert set(terms[entry.expression]) >= {"commercial", "attribution", "outputs", "redistribution"}
    assert "Built with Llama" in terms["LicenseRef-Llama-3.1-Community-License"]["attribution"]
    assert "forbidden" in terms["LicenseRef-Llama-3-Community-License"]["outputs"]
