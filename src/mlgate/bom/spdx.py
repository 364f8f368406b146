"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, through spdx-python-model (optional extra).

One `ai_AIPackage` per model, adapter and API model, one `dataset_DatasetPackage` per dataset,
under a `software_Sbom` whose root is the scanned application. Licenses are relationships,
exactly one of each kind per package: `hasConcludedLicense` to mlgate's expression and
`hasDeclaredLicense` to what the source declared, NoAssertionLicense where nothing is known
(written as its full IRI: the official JSON-LD context has no short name for it). The fields
the AI and Dataset profiles expect come from what the Hub said: `suppliedBy` / `originatedBy`
the organisation that publishes the repository (the provider for an API model),
`releaseTime` the Hub's last modification of it, `packageVersion` the commit; what is not
known is named in the package's `comment`. Lineage is `ancestorOf` from a base model
to what derives from it and `trainedOn` from a model to its datasets; the application
`dependsOn` what the code names. mlgate's own facts ride along as CycloneDX-style properties
(`extension_CdxPropertiesExtension`, the SPDX 3 way to carry them), and where the code names
each component goes in `software_sourceInfo`.

The document is read back with the library's deserializer before it is returned; a document
that does not read back, or refers to elements it does not hold, is a ToolFailure. (The tests
check every kind of document against the official JSON schema and SHACL shapes as well.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from mlgate import __version__
from mlgate import bom_properties as properties
from mlgate.bom.cyclonedx import dependency_edges
from mlgate.errors import ToolFailure, UsageError
from mlgate.model import Component, Kind, License
from mlgate.purl import (
    HUB_URL,
    api_provider,
    canonical_repo_id,
    hub_dataset_url,
    hub_purl,
    hub_repo_id,
    hub_url,
    is_hub,
    is_ollama,
    ollama_parts,
    purl_for,
    version_of,
)

INSTALL_HINT = "--format spdx needs the optional spdx-python-model package: pip install 'mlgate[spdx]'"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_PLACEHOLDER_ID = uuid.UUID(int=0)
_PROFILES = ("core", "software", "simpleLicensing", "ai", "dataset")
# The library writes these individuals by names the official context does not define.
_FULL_IRIS = {"expandedlicensing_NoAssertionLicense": "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"}


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
        self._agents: dict[str, Any] = {}
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

    def organization(self, name: str) -> Any:
        """One Organization element per name (the publisher of one or more packages)."""
        if name not in self._agents:
            self._agents[name] = self.new(self.spdx.Organization, f"agent-{len(self._agents) + 1}", name=name)
        return self._agents[name]


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


def _publisher(component: Component) -> str | None:
    """Who publishes the component: the Hub org (or user), the Ollama namespace, the API provider."""
    if component.kind is Kind.API_MODEL:
        provider = api_provider(component.target)
        return None if provider == "unknown" else provider
    if is_ollama(component):
        namespace = ollama_parts(component.target)[0]
        return "ollama" if namespace == "library" else namespace
    if is_hub(component):
        repo = hub_repo_id(component)
        return repo.split("/", 1)[0] if "/" in repo else None
    return None


def _release_time(component: Component) -> dt.datetime | None:
    """The Hub's last modification of the repository, as the time this version was released."""
    stamp = dict(component.properties).get("hub-last-modified")
    try:
        parsed = dt.datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed.astimezone(dt.UTC).replace(microsecond=0)


def _profile_fields(b: _Builder, dataset: bool, publisher: str | None, version: str | None,
                    released: dt.datetime | None) -> dict[str, Any]:
    """What the AI / Dataset profile expects (`suppliedBy`, `releaseTime`, `packageVersion`;
    `originatedBy`, `builtTime`, `releaseTime`), and a comment naming what is not known."""
    fields: dict[str, Any] = {}
    unknown = []
    agent = b.organization(publisher) if publisher else None
    if agent is not None:
        fields["suppliedBy"] = agent
        if dataset:
            fields["originatedBy"] = [agent]
    else:
        unknown += ["suppliedBy", "originatedBy"] if dataset else ["suppliedBy"]
    if version:
        fields["software_packageVersion"] = version
    else:
        unknown.append("packageVersion (no commit resolved)")
    if released is not None:
        fields["releaseTime"] = released
    else:
        unknown.append("releaseTime")
    if dataset:
        unknown.append("builtTime")  # the Hub does not say when a data set was built
    fields["comment"] = "Not known to mlgate: " + ", ".join(unknown) + "."
    return fields


def _package(b: _Builder, component: Component, index: int) -> Any:
    spdx = b.spdx
    dataset = component.kind is Kind.DATASET
    fields: dict[str, Any] = {"name": component.target}
    fields.update(_profile_fields(b, dataset, _publisher(component), version_of(component),
                                  _release_time(component)))
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
    return _typed_package(b, f"{'dataset' if dataset else 'model'}-{index}", dataset, fields)


def _typed_package(b: _Builder, local: str, dataset: bool, fields: dict[str, Any]) -> Any:
    """An AIPackage, or a DatasetPackage (whose type the Hub does not tell: noAssertion)."""
    spdx = b.spdx
    if dataset:
        return b.new(spdx.dataset_DatasetPackage, local, software_primaryPurpose=spdx.software_SoftwarePurpose.data,
                     dataset_datasetType=[spdx.dataset_DatasetType.noAssertion], **fields)
    return b.new(spdx.ai_AIPackage, local, software_primaryPurpose=spdx.software_SoftwarePurpose.model, **fields)


def _lineage_package(b: _Builder, target: str, dataset: bool) -> Any:
    """A base model or dataset the BOM names only through lineage (its license is not known)."""
    page = hub_dataset_url(target) if dataset else f"{HUB_URL}/{target}"
    repo = canonical_repo_id(target)
    fields: dict[str, Any] = {"name": target, "software_homePage": page}
    fields.update(_profile_fields(b, dataset, repo.split("/", 1)[0] if "/" in repo else None, None, None))
    purl = hub_purl(target, dataset=dataset)
    if purl:
        fields["software_packageUrl"] = purl
    package = _typed_package(b, "lineage-dataset" if dataset else "lineage-model", dataset, fields)
    no_assertion = b.spdx.expandedlicensing_IndividualLicensingInfo.NoAssertionLicense
    b.relate(package, "hasConcludedLicense", [no_assertion])
    b.relate(package, "hasDeclaredLicense", [no_assertion])
    return package


def _build(spdx: ModuleType, components: Sequence[Component], app_name: str, namespace: str,
           created: dt.datetime, app_version: str | None) -> Any:
    b = _Builder(spdx, namespace, created)
    agent = b.new(spdx.SoftwareAgent, "mlgate", name="mlgate")
    tool = b.new(spdx.Tool, "mlgate-tool", name=f"mlgate {__version__}")
    b.info.createdBy = [agent]
    b.info.createdUsing = [tool]
    app = b.new(spdx.software_Package, "application", name=app_name,
                software_primaryPurpose=spdx.software_SoftwarePurpose.application,
                **({"software_packageVersion": app_version} if app_version else {}))
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
    else:  # the profiles want exactly one declared license: none was found
        b.relate(package, "hasDeclaredLicense", [no_assertion], comment="no declared license found")


def render_spdx(components: Sequence[Component], app_name: str, reproducible: bool = False,
                timestamp: dt.datetime | None = None, app_version: str | None = None,
                memo: Path | None = None) -> str:
    """SPDX 3.0.1 JSON-LD; with `reproducible`, ids and time come from the content (or `timestamp`).

    Every document is read back before it is written (cheap next to building it), so the
    validation memo of the other BOM writers (`memo`) is not consulted."""
    spdx = spdx_model()
    if reproducible:
        # Written under a placeholder namespace first; the document id is then a hash of what
        # was written, so only the document's content (never how it was reached) decides it.
        doc_id, created = _PLACEHOLDER_ID, timestamp or _EPOCH  # SPDX requires a creation time
    else:
        doc_id, created = uuid.uuid4(), timestamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    objects = _build(spdx, components, app_name, _namespace(doc_id), created, app_version)
    try:
        data = spdx.JSONLDSerializer().serialize_data(objects)
    except (ValueError, TypeError) as exc:
        raise ToolFailure(f"the generated SPDX document is not valid SPDX 3.0.1 and was not written: {exc}") from None
    _expand_individuals(data)
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if reproducible:
        digest = hashlib.sha256(f"{__version__}\0{text}".encode()).digest()
        text = text.replace(_namespace(_PLACEHOLDER_ID), _namespace(uuid.UUID(bytes=digest[:16], version=5)))
    validate_spdx(text, spdx)
    return text


def _namespace(doc_id: uuid.UUID) -> str:
    return f"https://mlgate.invalid/spdx/{doc_id}/"


def _expand_individuals(data: dict[str, Any]) -> None:
    """Relationship ends the library wrote by an undefined short name get their full IRI."""
    for element in data.get("@graph", []):
        if element.get("type") == "Relationship":
            element["to"] = [_FULL_IRIS.get(target, target) for target in element.get("to", [])]


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
