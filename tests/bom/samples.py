"""Components built directly (not through the resolver), and the checks every BOM test shares.

The set covers every shape the writer must carry: Hub models pinned and unpinned, an adapter,
a dataset, an API model, an Ollama model, a local path, a lineage component brought in by a
base model, SPDX ids, LicenseRefs, a compound expression, NOASSERTION and unresolved licenses,
notebook cells, suppressions, a reference spelled differently from its component (a renamed
repo), and properties that feed the model card.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from mlgate.license_catalog import catalog
from mlgate.model import (
    BaseModelLink,
    Category,
    Component,
    Kind,
    License,
    Location,
    Obligation,
    Reference,
    Role,
    Suppression,
    Unresolved,
    UnresolvedReason,
)

SHA = "0e9e39f249a16976918f6564b8830bc894c89659"
SHA_UPPER = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678"


def obligations(*ids: str) -> tuple[Obligation, ...]:
    texts = catalog().obligation_texts
    return tuple(Obligation(i, texts[i]) for i in ids)


def ref(target: str, kind: Kind, path: str, line: int, via: str, column: int = 0, **extra: Any) -> Reference:
    cell = extra.pop("cell", None)
    return Reference(target, kind, Location(path, line, column, cell), via, **extra)


def components() -> list[Component]:
    llama = License("LicenseRef-Llama-3.1-Community-License", Category.COMMUNITY_CONDITIONAL, "hub",
                    "cardData.license = 'llama3.1'", name="Llama 3.1 Community License Agreement",
                    url="https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/blob/main/LICENSE",
                    commercial_use="conditional", obligations=obligations("attribution", "acceptable-use-policy"),
                    declared="llama3.1")
    return [
        Component(
            "meta-llama/Llama-3.1-8B-Instruct", Kind.MODEL, llama,
            references=(
                ref("meta-llama/Llama-3.1-8B-Instruct", Kind.MODEL, "configs/finetune.yaml", 2, "model_name_or_path",
                    4),
                ref("meta-llama/Meta-Llama-3.1-8B-Instruct", Kind.MODEL, "notebooks/explore.ipynb", 3,
                    "AutoModelForCausalLM.from_pretrained", 8, cell=2, revision="main",
                    suppression=Suppression(("conditional-needs-review",), "evaluation only")),
            ),
            revision="main", resolved_revision=SHA,
            base_models=(BaseModelLink("meta-llama/Llama-3.1-8B", "finetune"),),
            datasets=("acme-support/support-conversations", "HuggingFaceH4/ultrachat_200k"),
            gated=True,
            properties=(("pipeline_tag", "text-generation"), ("model_type", "llama"),
                        ("architectures", "LlamaForCausalLM"), ("kind", "clashes with a reserved name")),
        ),
        Component(
            "meta-llama/Llama-3.1-8B", Kind.MODEL,
            Unresolved(UnresolvedReason.GATED, "gated repository: the card is not readable", "hub"),
            gated=True, introduced_by=("meta-llama/Llama-3.1-8B-Instruct",),
        ),
        Component(
            "acme-support/support-conversations", Kind.DATASET,
            License("CC-BY-4.0", Category.PERMISSIVE, "override", ".mlgate.toml: overrides", name="CC BY 4.0",
                    url="https://creativecommons.org/licenses/by/4.0/", commercial_use="yes",
                    obligations=obligations("attribution"), declared="cc-by-4.0"),
            references=(ref("acme-support/support-conversations", Kind.DATASET, "scripts/prepare_data.py", 12,
                            "load_dataset", 28),),
        ),
        Component(
            "Qwen/Qwen2.5-3B-Instruct", Kind.MODEL,
            License("LicenseRef-Qwen-Research-License", Category.RESEARCH_ONLY, "knowledge-base",
                    "mlgate knowledge base: Qwen/Qwen2.5-3B-Instruct", name="Qwen Research License Agreement",
                    commercial_use="no", obligations=obligations("no-commercial-use", "research-only"),
                    declared="other (qwen-research)"),
            references=(ref("Qwen/Qwen2.5-3B-Instruct", Kind.MODEL, "support_bot/summarize.py", 13, "pipeline", 57),),
            revision=SHA_UPPER, locked_expression="Apache-2.0",
        ),
        Component(
            "acme/support-lora", Kind.ADAPTER,
            License("Apache-2.0 AND LicenseRef-Qwen-Research-License", Category.RESEARCH_ONLY, "card",
                    "README.md front matter", declared="apache-2.0/other"),
            references=(ref("acme/support-lora", Kind.ADAPTER, "support_bot/chat.py", 20,
                            "PeftModel.from_pretrained"),),
            base_models=(BaseModelLink("Qwen/Qwen2.5-3B-Instruct", "adapter"),),
        ),
        Component(
            "gpt-4o", Kind.API_MODEL,
            License("LicenseRef-Proprietary-API-Terms", Category.PROPRIETARY_API, "knowledge-base",
                    "gpt-4o is a hosted API model", name="Provider API terms of service",
                    url="https://openai.com/policies/terms-of-use", commercial_use="per API terms",
                    obligations=obligations("api-terms")),
            references=(ref("gpt-4o", Kind.API_MODEL, "support_bot/search.py", 7, "OpenAI.chat.completions.create"),),
        ),
        Component(
            "llama3.1:8b", Kind.MODEL,
            License("NOASSERTION", Category.UNKNOWN, "hub", "no license in the Modelfile", declared="unknown"),
            references=(ref("llama3.1:8b", Kind.MODEL, "Dockerfile", 5, "ollama pull", role=Role.INPUT),),
        ),
        Component(
            "./models/classifier", Kind.LOCAL_PATH,
            Unresolved(UnresolvedReason.NOT_FOUND, "local path: no model card or license file found"),
            references=(ref("./models/classifier", Kind.LOCAL_PATH, "support_bot/settings.py", 3, "MODEL_DIR"),),
        ),
    ]


def canonical(component: Component) -> Component:
    """The component with its unordered parts sorted (a BOM keeps sets, not the order they were built in)."""
    license_ = component.license
    if isinstance(license_, License):
        license_ = replace(license_, obligations=tuple(sorted(license_.obligations, key=lambda o: o.id)))
    return replace(
        component,
        license=license_,
        references=tuple(sorted(component.references, key=lambda r: (r.location, r.via))),
        base_models=tuple(sorted(component.base_models, key=lambda b: (b.target, b.relation))),
        datasets=tuple(sorted(component.datasets)),
        properties=tuple(sorted(component.properties)),
        introduced_by=tuple(sorted(component.introduced_by)),
    )


def by_key(items: list[Component] | tuple[Component, ...]) -> dict[tuple[Kind, str], Component]:
    return {(c.kind, c.target): canonical(c) for c in items}


def assert_valid_cyclonedx(text: str, fmt: str = "json", version: str = "1.6") -> None:
    """Validate with the library's strict JSON validator or its XSD validator; every BOM a test produces passes here."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    from cyclonedx.validation.xml import XmlValidator

    schema = SchemaVersion.from_version(version)
    validator = JsonStrictValidator(schema) if fmt == "json" else XmlValidator(schema)
    error = validator.validate_str(text)
    assert error is None, f"invalid CycloneDX {version} {fmt}: {error}"


def assert_valid_purl(purl: str) -> None:
    """packageurl-python's validator (strict), which knows each type's rules (`huggingface` needs a namespace)."""
    from packageurl import PackageURL

    messages = PackageURL.validate_string(purl, strict=True)
    assert messages == [], f"{purl}: {[m.message for m in messages]}"


def assert_valid_spdx(text: str) -> Any:
    """Read the document back with spdx-python-model; every reference resolves. Returns the object set."""
    import json

    from spdx_python_model import v3_0_1 as spdx

    objects = spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().deserialize_data(json.loads(text), objects)
    assert objects.link() == set()
    return objects
