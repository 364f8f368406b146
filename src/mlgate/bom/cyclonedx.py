"""CycloneDX 1.6 ML-BOM writer (JSON and XML), built with cyclonedx-python-lib and validated.

What goes where (docs/bom.md has the full table):

- one `machine-learning-model` component per model, adapter, API model and local model, one
  `data` component per dataset; purls from `bom.purl`;
- licenses: the license mlgate concluded, `acknowledgement: concluded`, as an SPDX id when it
  is one (then the declared value follows as a second entry, `acknowledgement: declared`),
  else as the one `expression` the schema allows (then the declared value goes to
  `evidence.licenses`, because a license list may not mix expressions and licenses);
- every place the code names the component in `evidence.occurrences`;
- base models in `pedigree.ancestors` (with the version and purl of the base model's own
  component when the BOM has one); `dependencies` from the application to what the code uses
  directly, and from each model to its base models and datasets in the BOM, a leaf with an
  empty `dependsOn`;
- the application as `metadata.component`, with the project's version (`git describe`) when known;
- `modelCard` and `data`, which the library cannot express, added to the serialised
  document before validation (`bom.extras`);
- everything else mlgate knows as `mlgate:*` properties (`bom.properties`).

The document is validated with the library's strict validators before it is returned: an
invalid BOM is a `ToolFailure` and never reaches a file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mlgate import __version__
from mlgate import bom_properties as properties
from mlgate.bom import validated
from mlgate.bom.extras import component_extras
from mlgate.errors import ToolFailure
from mlgate.model import Component, Kind, License, LicenseResult, Reference, Role
from mlgate.purl import hub_purl, hub_url, purl_for, version_of

NOASSERTION = "NOASSERTION"
_TOP_LEVEL_ORDER = ("$schema", "bomFormat", "specVersion", "serialNumber", "version", "metadata", "components",
                    "dependencies")


def bom_ref(component: Component) -> str:
    return f"{component.kind.value}:{component.target}" + (f"@{component.revision}" if component.revision else "")


def assign_refs(components: Sequence[Component]) -> list[str]:
    """A unique bom-ref per component, in order (a repeat gets `#2`, `#3`, ...)."""
    seen: dict[str, int] = defaultdict(int)
    refs = []
    for component in components:
        ref = bom_ref(component)
        seen[ref] += 1
        refs.append(ref if seen[ref] == 1 else f"{ref}#{seen[ref]}")
    return refs


def app_ref(app_name: str) -> str:
    return f"application:{app_name}"


def _name_group(target: str, kind: Kind) -> tuple[str, str | None]:
    if kind in (Kind.MODEL, Kind.ADAPTER, Kind.DATASET) and "/" in target:
        group, name = target.split("/", 1)
        return name, group
    return target, None


def _licenses(license_: LicenseResult) -> tuple[list[Any], list[Any]]:
    """(component licenses, evidence licenses) for a resolved license; see the module docstring."""
    from cyclonedx.model import XsUri
    from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement, LicenseExpression
    from cyclonedx.spdx import is_supported_id

    if not isinstance(license_, License):
        return [], []
    declared = []
    if license_.declared:
        spdx_id = is_supported_id(license_.declared)
        declared.append(DisjunctiveLicense(id=license_.declared if spdx_id else None,
                                           name=None if spdx_id else license_.declared,
                                           acknowledgement=LicenseAcknowledgement.DECLARED))
    expression = license_.expression
    if expression == NOASSERTION:
        return declared, []
    if is_supported_id(expression):
        url = XsUri(license_.url) if license_.url else None
        concluded = DisjunctiveLicense(id=expression, url=url, acknowledgement=LicenseAcknowledgement.CONCLUDED)
        return [concluded, *declared], []
    return [LicenseExpression(expression, acknowledgement=LicenseAcknowledgement.CONCLUDED)], declared


def _occurrences(component: Component) -> list[Any]:
    from cyclonedx.model.component_evidence import Occurrence

    return [
        Occurrence(location=ref.location.path, line=ref.location.line, offset=ref.location.column or None,
                   symbol=ref.via or None, additional_context=_reference_context(component, ref))
        for ref in component.references
    ]


def _reference_context(component: Component, ref: Reference) -> str | None:
    """What an occurrence cannot say in its own fields, as compact JSON (kept so reading back loses nothing)."""
    context: dict[str, Any] = {}
    if ref.target != component.target:
        context["target"] = ref.target
    if ref.location.cell is not None:
        context["cell"] = ref.location.cell
    if ref.revision is not None:
        context["revision"] = ref.revision
    if ref.role is not Role.INPUT:
        context["role"] = ref.role.value
    if ref.suppression is not None:
        context["suppress"] = list(ref.suppression.rules)
        if ref.suppression.reason:
            context["suppress_reason"] = ref.suppression.reason
    if ref.origin is not None:  # where the value is written, when it reached this use through a name
        origin = ref.origin
        context["origin"] = [origin.path, origin.line, origin.column, origin.cell]
    if ref.endpoint is not None:  # the self-hosted server this use sends the name to
        context["endpoint"] = ref.endpoint
    return json.dumps(context, sort_keys=True, separators=(",", ":")) if context else None


def _external_references(component: Component) -> list[Any]:
    from cyclonedx.model import ExternalReference, ExternalReferenceType, XsUri

    refs = []
    card = hub_url(component)
    if card:
        kind = ExternalReferenceType.MODEL_CARD if component.kind is not Kind.DATASET \
            else ExternalReferenceType.DOCUMENTATION
        refs.append(ExternalReference(type=kind, url=XsUri(card)))
    if isinstance(component.license, License) and component.license.url:
        refs.append(ExternalReference(type=ExternalReferenceType.LICENSE, url=XsUri(component.license.url)))
    return refs


def _cdx_component(component: Component, ref: str, models: dict[str, Component]) -> Any:
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component as CdxComponent
    from cyclonedx.model.component import ComponentType, Pedigree
    from cyclonedx.model.component_evidence import ComponentEvidence
    from packageurl import PackageURL

    purl = purl_for(component)
    name, group = _name_group(component.target, component.kind)
    licenses, evidence_licenses = _licenses(component.license)
    occurrences = _occurrences(component)
    ancestors = [_ancestor(link.target, link.relation, models.get(link.target)) for link in component.base_models]
    return CdxComponent(
        name=name,
        group=group,
        version=version_of(component),
        type=ComponentType.DATA if component.kind is Kind.DATASET else ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=ref,
        purl=PackageURL.from_string(purl) if purl else None,
        licenses=licenses,
        properties=[Property(name=k, value=v) for k, v in properties.encode(component)],
        evidence=ComponentEvidence(occurrences=occurrences, licenses=evidence_licenses)
        if occurrences or evidence_licenses else None,
        external_references=_external_references(component),
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
    )


def _ancestor(target: str, relation: str, known: Component | None) -> Any:
    """A base model as a pedigree ancestor: identity, version and purl (those of its own component
    when the BOM has one) and how the component derives from it."""
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component as CdxComponent
    from cyclonedx.model.component import ComponentType
    from packageurl import PackageURL

    name, group = _name_group(target, Kind.MODEL)
    purl = purl_for(known) if known is not None else hub_purl(target)
    return CdxComponent(
        name=name, group=group, type=ComponentType.MACHINE_LEARNING_MODEL,
        version=version_of(known) if known is not None else None,
        purl=PackageURL.from_string(purl) if purl else None,
        properties=[Property(name=properties.RELATION, value=relation)],
    )


def build_bom(components: Sequence[Component], app_name: str, refs: Sequence[str],
              app_version: str | None = None) -> Any:
    """A cyclonedx-python-lib `Bom` for the components (imports kept local: they are slow)."""
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component as CdxComponent
    from cyclonedx.model.component import ComponentType
    from cyclonedx.model.contact import OrganizationalEntity
    from cyclonedx.model.tool import ToolRepository

    bom = Bom()
    app = CdxComponent(name=app_name, version=app_version, type=ComponentType.APPLICATION, bom_ref=app_ref(app_name))
    bom.metadata.component = app
    tools = ToolRepository()
    tools.components.add(
        CdxComponent(name="mlgate", version=__version__, type=ComponentType.APPLICATION,
                     supplier=OrganizationalEntity(name="mlgate"))
    )
    bom.metadata.tools = tools
    models = {c.target: c for c in reversed(components) if c.kind in (Kind.MODEL, Kind.ADAPTER)}
    built = [_cdx_component(c, ref, models) for c, ref in zip(components, refs, strict=True)]
    for item in built:
        bom.components.add(item)
    direct, edges = dependency_edges(components)
    bom.register_dependency(app, [built[i] for i in direct])
    for index, item in enumerate(built):
        bom.register_dependency(item, [built[j] for j in edges[index]])
    return bom


def dependency_edges(components: Sequence[Component]) -> tuple[list[int], list[list[int]]]:
    """(what the application uses directly, and what each component depends on), by position.

    A model depends on its base models and datasets when they are in the BOM; a component
    brought in by lineage hangs under what brought it in, and is direct only when that is absent.
    """
    positions: dict[str, list[int]] = defaultdict(list)
    for index, component in enumerate(components):
        positions[component.target].append(index)
    edges: list[set[int]] = [set() for _ in components]
    direct = []
    for index, component in enumerate(components):
        for target in [link.target for link in component.base_models] + list(component.datasets):
            edges[index].update(positions.get(target, ()))
        introducers = [j for target in component.introduced_by for j in positions.get(target, ())]
        for j in introducers:
            edges[j].add(index)
        if not introducers:
            direct.append(index)
    return direct, [sorted(found - {index}) for index, found in enumerate(edges)]


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def _document(bom: Any, components: Sequence[Component], refs: Sequence[str]) -> dict[str, Any]:
    """The JSON document: the library's output plus modelCard/data, in a fixed key order."""
    from cyclonedx.output.json import JsonV1Dot6

    doc: dict[str, Any] = json.loads(JsonV1Dot6(bom).output_as_string())
    extras = component_extras(components, refs)
    for item in doc.get("components", []):
        item.update(extras.get(item.get("bom-ref", ""), {}))
        occurrences = item.get("evidence", {}).get("occurrences")
        if occurrences:  # fix the order of what the library keeps in a set
            occurrences.sort(key=lambda o: (o["location"], o.get("line", 0), o.get("offset", 0),
                                            o.get("symbol", ""), o.get("additionalContext", "")))
    for entry in doc.get("dependencies", []):
        # A leaf says so: `"dependsOn": []` (the library leaves it out; cdxgen's strict validator needs it).
        entry.setdefault("dependsOn", [])
    ordered = {key: _sorted(doc[key]) for key in _TOP_LEVEL_ORDER if key in doc}
    ordered.update({key: _sorted(value) for key, value in doc.items() if key not in ordered})
    return ordered


def content_serial(doc: dict[str, Any]) -> uuid.UUID:
    """A serial number derived from the content (without serial and timestamp)."""
    stripped = {k: v for k, v in doc.items() if k != "serialNumber"}
    stripped["metadata"] = {k: v for k, v in doc.get("metadata", {}).items() if k != "timestamp"}
    digest = hashlib.sha256(json.dumps(stripped, sort_keys=True).encode()).digest()
    return uuid.UUID(bytes=digest[:16], version=5)


def _prepared(components: Sequence[Component], app_name: str, reproducible: bool,
              timestamp: dt.datetime | None, app_version: str | None) -> tuple[Any, list[str]]:
    """The library Bom with serial and timestamp set as asked."""
    from cyclonedx.exception import CycloneDxException

    refs = assign_refs(components)
    try:
        bom = build_bom(components, app_name, refs, app_version)
    except CycloneDxException as exc:  # a value the library refuses: the BOM would be invalid
        raise ToolFailure(f"the BOM could not be built and was not written: {exc}") from None
    if reproducible:
        # The same input gives the same bytes: no clock; the serial is a hash of the content.
        bom.metadata.timestamp = timestamp
        bom.serial_number = content_serial(_document(bom, components, refs))
    elif timestamp is not None:
        bom.metadata.timestamp = timestamp
    return bom, refs


def render_json(components: Sequence[Component], app_name: str, reproducible: bool = False,
                timestamp: dt.datetime | None = None, app_version: str | None = None,
                memo: Path | None = None) -> str:
    """The BOM as CycloneDX 1.6 JSON, strictly validated; ToolFailure rather than an invalid BOM.

    With `reproducible`, the timestamp is `timestamp` (None: left out) and the serial number
    is derived from the content, so the same input gives byte-identical output. `app_version`
    is the application's version (`metadata.component.version`).
    """
    bom, refs = _prepared(components, app_name, reproducible, timestamp, app_version)
    text = json.dumps(_document(bom, components, refs), indent=2, ensure_ascii=False) + "\n"
    validate_json(text, memo)
    return text


def render_xml(components: Sequence[Component], app_name: str, reproducible: bool = False,
               timestamp: dt.datetime | None = None, app_version: str | None = None,
               memo: Path | None = None) -> str:
    """The BOM as CycloneDX 1.6 XML, validated against the XSD; same content as `render_json`."""
    from cyclonedx.output.xml import XmlV1Dot6

    from mlgate.bom.xml import insert_extras

    bom, refs = _prepared(components, app_name, reproducible, timestamp, app_version)
    text = insert_extras(XmlV1Dot6(bom).output_as_string(), component_extras(components, refs))
    validate_xml(text, memo)
    return text


def validate_json(text: str, memo: Path | None = None) -> None:
    """Strict CycloneDX 1.6 JSON schema validation (skipped for a document that passed before,
    as recorded under the cache directory `memo`)."""
    if validated.seen(memo, "json", text):
        return
    from mlgate.bom.json_schema import validation_errors

    errors = validation_errors(text)
    if errors:
        raise ToolFailure(f"the generated BOM is not valid CycloneDX 1.6 JSON and was not written: {errors[0]}")
    validated.remember(memo, "json", text)


def validate_xml(text: str, memo: Path | None = None) -> None:
    """CycloneDX 1.6 XSD validation (skipped for a document that passed before)."""
    if validated.seen(memo, "xml", text):
        return
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.xml import XmlValidator

    error = XmlValidator(SchemaVersion.V1_6).validate_str(text)
    if error is not None:
        raise ToolFailure(f"the generated BOM is not valid CycloneDX 1.6 XML and was not written: {error}")
    validated.remember(memo, "xml", text)
