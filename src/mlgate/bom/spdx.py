"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, through spdx-python-model (optional extra).

One `ai_AIPackage` per model, adapter and API model, one `dataset_DatasetPackage` per dataset,
under a `software_Sbom` whose root is the scanned application. Licenses are relationships:
`hasConcludedLicense` to mlgate's expression (or NoAssertionLicense when unresolved) and
`hasDeclaredLicense` to what the source declared; lineage is `ancestorOf` from a base model
to what derives from it and `trainedOn` from a model to its datasets; the application
`dependsOn` what the code names. mlgate's own facts ride along as CycloneDX-style properties
(`extension_CdxPropertiesExtension`, the SPDX 3 way to carry them), and where the code names
each component goes in `software_sourceInfo`.

The document is read back with the library's deserializer before it is returned; a document
that does not read back, or refers to elements it does not hold, is a ToolFailure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from mlgate import __version__
from mlgate import bom_properties as properties
from mlgate.bom.cyclonedx import dependency_edges
from mlgate.errors import ToolFailure, UsageError
from mlgate.model import Component, Kind, License
from mlgate.purl import HUB_URL, hub_dataset_url, hub_purl, hub_url, purl_for, version_of

INSTALL_HINT = "--format spdx needs the optional spdx-python-model package: pip install 'mlgate[spdx]'"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_PROFILES = ("core", "software", "simpleLicensing", "ai", "dataset")


def spdx_model() -> ModuleType:
    try:
        from spdx_python_model import v3_0_1
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    return v3_0_1


class _Builder:
    """Collects SPDX elements with ids under one document namespace."""

    def __init__(self, spdx: ModuleType, namespace: str, created: dt.datetime) -> None:
        self.spdx = spdx
        self.namespace = namespace
        self.info = spdx.CreationInfo(specVersion="3.0.1", created=created)
        self.elements: list[Any] = []
        self._ids: dict[str, int] = {}
        self._licenses: dict[str, Any] = {}
        self._relationships = 0

    def new(self, cls: Any, local: str, **fields: Any) -> Any:
        count = self._ids.get(local, 0) + 1
        self._ids[local] = count
        spdx_id = f"{self.namespace}{local}" + (f"-{count}" if count > 1 else "")
        element = cls(spdxId=spdx_id, creationInfo=self.info, **fields)
        self.elements.append(element)
        return element

    def relate(self, source: Any, kind: str, targets: Sequence[Any], comment: str | None = None) -> None:
        if targets:
            rel_type = getattr(self.spdx.RelationshipType, kind)
            extra = {"comment": comment} if comment else {}
            self._relationships += 1
            self.new(self.spdx.Relationship, f"relationship-{self._relationships}", from_=source, to=list(targets),
                     relationshipType=rel_type, **extra)

    def license(self, expression: str, url: str | None) -> Any:
        """One LicenseExpression element per distinct expression; LicenseRef links become customIdToUri."""
        if expression not in self._licenses:
            links = [self.spdx.DictionaryEntry(key=ref, value=url)
                     for ref in _license_refs(expression)] if url else []
            self._licenses[expression] = self.new(
                self.spdx.simplelicensing_LicenseExpression, f"license-{len(self._licenses) + 1}",
                simplelicensing_licenseExpression=expression, simplelicensing_customIdToUri=links)
        return self._licenses[expression]


def _license_refs(expression: str) -> list[str]:
    return sorted({word.strip("()") for word in expression.split() if word.strip("()").startswith("LicenseRef-")})


def _declared_expression(declared: str) -> str | None:
    """What the source declared as an expression: its SPDX id when it spells one (`cc-by-4.0`), a
    LicenseRef naming it otherwise, None when it declared nothing (`unknown`)."""
    from cyclonedx.spdx import fixup_id

    if declared.strip().lower() in ("unknown", "none", "noassertion"):
        return None
    if declared.startswith("LicenseRef-"):
        return declared
    spdx_id = fixup_id(declared.strip())
    if spdx_id:
        return spdx_id
    safe = re.sub(r"[^A-Za-z0-9.]+", "-", declared).strip("-") or "unknown"
    return f"LicenseRef-declared-{safe}"


def _package(b: _Builder, component: Component, index: int) -> Any:
    spdx = b.spdx
    fields: dict[str, Any] = {"name": component.target}
    if version_of(component):
        fields["software_packageVersion"] = version_of(component)
    purl = purl_for(component)
    if purl:
        fields["software_packageUrl"] = purl
    page = hub_url(component)
    if page:
        fields["software_homePage"] = page
        fields["software_downloadLocation"] = page
    if component.references:
        fields["software_sourceInfo"] = "named in the code at " + "; ".join(
            f"{ref.location} ({ref.via})" for ref in component.references)
    entries = [spdx.extension_CdxPropertyEntry(extension_cdxPropName=k, extension_cdxPropValue=v)
               for k, v in sorted(properties.encode(component))]
    fields["extension"] = [spdx.extension_CdxPropertiesExtension(extension_cdxProperty=entries)]
    dataset = component.kind is Kind.DATASET
    return _typed_package(b, f"{'dataset' if dataset else 'model'}-{index}", dataset, fields)


def _typed_package(b: _Builder, local: str, dataset: bool, fields: dict[str, Any]) -> Any:
    """An AIPackage, or a DatasetPackage (whose type the Hub does not tell: noAssertion)."""
    spdx = b.spdx
    if dataset:
        return b.new(spdx.dataset_DatasetPackage, local, software_primaryPurpose=spdx.software_SoftwarePurpose.data,
                     dataset_datasetType=[spdx.dataset_DatasetType.noAssertion], **fields)
    return b.new(spdx.ai_AIPackage, local, software_primaryPurpose=spdx.software_SoftwarePurpose.model, **fields)


def _lineage_package(b: _Builder, target: str, dataset: bool) -> Any:
    """A base model or dataset the BOM names only through lineage."""
    page = hub_dataset_url(target) if dataset else f"{HUB_URL}/{target}"
    fields = {"name": target, "software_packageUrl": hub_purl(target, dataset=dataset), "software_homePage": page}
    return _typed_package(b, "lineage-dataset" if dataset else "lineage-model", dataset, fields)


def _build(spdx: ModuleType, components: Sequence[Component], app_name: str, namespace: str,
           created: dt.datetime) -> Any:
    b = _Builder(spdx, namespace, created)
    agent = b.new(spdx.SoftwareAgent, "mlgate", name="mlgate")
    tool = b.new(spdx.Tool, "mlgate-tool", name=f"mlgate {__version__}")
    b.info.createdBy = [agent]
    b.info.createdUsing = [tool]
    app = b.new(spdx.software_Package, "application", name=app_name,
                software_primaryPurpose=spdx.software_SoftwarePurpose.application)
    packages = [_package(b, c, i) for i, c in enumerate(components, 1)]
    by_target: dict[tuple[str, bool], Any] = {}
    for component, package in zip(components, packages, strict=True):
        by_target.setdefault((component.target, component.kind is Kind.DATASET), package)
        _licenses(b, component, package)

    def lookup(target: str, dataset: bool) -> Any:
        if (target, dataset) not in by_target:
            by_target[(target, dataset)] = _lineage_package(b, target, dataset)
        return by_target[(target, dataset)]

    for component, package in zip(components, packages, strict=True):
        for link in component.base_models:
            b.relate(lookup(link.target, False), "ancestorOf", [package], comment=f"relation: {link.relation}")
        b.relate(package, "trainedOn", [lookup(d, True) for d in component.datasets])
    direct, _ = dependency_edges(components)
    b.relate(app, "dependsOn", [packages[i] for i in direct])
    sbom = b.new(spdx.software_Sbom, "sbom", rootElement=[app], software_sbomType=[spdx.software_SbomType.source])
    sbom.element = [e for e in b.elements if e is not sbom and e is not agent and e is not tool]
    document = b.new(spdx.SpdxDocument, "document", name=f"ML-BOM of {app_name}", rootElement=[sbom],
                     profileConformance=[getattr(spdx.ProfileIdentifierType, p) for p in _PROFILES])
    document.element = [e for e in b.elements if e is not document]
    objects = spdx.SHACLObjectSet()
    for element in b.elements:
        objects.add(element)
    return objects


def _licenses(b: _Builder, component: Component, package: Any) -> None:
    license_ = component.license
    no_assertion = b.spdx.expandedlicensing_IndividualLicensingInfo.NoAssertionLicense
    if not isinstance(license_, License) or license_.expression == "NOASSERTION":
        b.relate(package, "hasConcludedLicense", [no_assertion])
    else:
        b.relate(package, "hasConcludedLicense", [b.license(license_.expression, license_.url)])
    if isinstance(license_, License) and license_.declared:
        declared = _declared_expression(license_.declared)
        b.relate(package, "hasDeclaredLicense", [b.license(declared, None) if declared else no_assertion],
                 comment=f"declared by the source as {license_.declared!r}")


def render_spdx(components: Sequence[Component], app_name: str, reproducible: bool = False,
                timestamp: dt.datetime | None = None) -> str:
    """SPDX 3.0.1 JSON-LD; with `reproducible`, ids and time come from the content (or `timestamp`)."""
    spdx = spdx_model()
    if reproducible:
        digest = hashlib.sha256(repr((app_name, __version__, components)).encode()).digest()
        doc_id = uuid.UUID(bytes=digest[:16], version=5)
        created = timestamp or _EPOCH  # SPDX requires a creation time
    else:
        doc_id, created = uuid.uuid4(), timestamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    objects = _build(spdx, components, app_name, f"https://mlgate.invalid/spdx/{doc_id}/", created)
    try:
        data = spdx.JSONLDSerializer().serialize_data(objects)
    except (ValueError, TypeError) as exc:
        raise ToolFailure(f"the generated SPDX document is not valid SPDX 3.0.1 and was not written: {exc}") from None
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    validate_spdx(text, spdx)
    return text


def validate_spdx(text: str, spdx: ModuleType | None = None) -> None:
    """Read the document back with spdx-python-model; every reference must resolve."""
    spdx = spdx or spdx_model()
    objects = spdx.SHACLObjectSet()
    try:
        spdx.JSONLDDeserializer().deserialize_data(json.loads(text), objects)
    except (ValueError, TypeError, KeyError) as exc:
        raise ToolFailure(f"the generated SPDX document does not read back and was not written: {exc}") from None
    missing = objects.link()
    if missing:
        raise ToolFailure(f"the generated SPDX document refers to elements it does not hold: {sorted(missing)[:3]}")
