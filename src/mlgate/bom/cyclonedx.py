"""CycloneDX 1.6 ML-BOM writer, built with cyclonedx-python-lib and validated before writing.

An invalid BOM is a `ToolFailure` and is never written. With `reproducible=True` the serial
number is derived from the content and the timestamp is fixed, so the same input gives
byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import Any

from mlgate import __version__
from mlgate.bom.purl import purl_for
from mlgate.errors import ToolFailure
from mlgate.model import Component, Kind, License

PROPERTY_PREFIX = "mlgate:"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def bom_ref(component: Component) -> str:
    return f"{component.kind.value}:{component.target}" + (f"@{component.revision}" if component.revision else "")


def component_properties(component: Component) -> list[tuple[str, str]]:
    """mlgate's own facts, as `mlgate:*` name/value pairs (stable, sorted by the caller)."""
    props = [("mlgate:kind", component.kind.value), ("mlgate:category", component.category.value)]
    license_ = component.license
    if isinstance(license_, License):
        props.append(("mlgate:license-source", license_.source))
        props.append(("mlgate:license-evidence", license_.evidence))
        if license_.declared:
            props.append(("mlgate:license-declared", license_.declared))
        if license_.commercial_use:
            props.append(("mlgate:commercial-use", license_.commercial_use))
        props.extend(("mlgate:obligation", o.id) for o in license_.obligations)
    else:
        props.append(("mlgate:unresolved-reason", license_.reason.value))
        if license_.detail:
            props.append(("mlgate:unresolved-detail", license_.detail))
    if component.gated is not None:
        props.append(("mlgate:gated", str(component.gated).lower()))
    props.extend((k if k.startswith(PROPERTY_PREFIX) else PROPERTY_PREFIX + k, v) for k, v in component.properties)
    return props


def build_bom(components: Sequence[Component], app_name: str, reproducible: bool = False) -> Any:
    """A cyclonedx-python-lib `Bom` for the components (imports kept local: they are slow)."""
    from cyclonedx.model import Property, XsUri
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component as CdxComponent
    from cyclonedx.model.component import ComponentType
    from cyclonedx.model.component_evidence import ComponentEvidence, Occurrence
    from cyclonedx.model.contact import OrganizationalEntity
    from cyclonedx.model.license import LicenseAcknowledgement, LicenseExpression
    from cyclonedx.model.tool import ToolRepository
    from packageurl import PackageURL

    bom = Bom()
    bom.metadata.component = CdxComponent(
        name=app_name, type=ComponentType.APPLICATION, bom_ref=f"application:{app_name}"
    )
    tools = ToolRepository()
    tools.components.add(
        CdxComponent(
            name="mlgate", version=__version__, type=ComponentType.APPLICATION,
            supplier=OrganizationalEntity(name="mlgate"),
        )
    )
    bom.metadata.tools = tools
    for component in components:
        purl = purl_for(component)
        name, group = _name_group(component)
        licenses = []
        if isinstance(component.license, License):
            licenses.append(
                LicenseExpression(component.license.expression,
                                  acknowledgement=LicenseAcknowledgement.CONCLUDED)
            )
        occurrences = [
            Occurrence(location=r.location.path, line=r.location.line,
                       offset=r.location.column or None, symbol=r.via)
            for r in component.references
        ]
        external = []
        if isinstance(component.license, License) and component.license.url:
            from cyclonedx.model import ExternalReference, ExternalReferenceType

            external.append(ExternalReference(type=ExternalReferenceType.LICENSE,
                                              url=XsUri(component.license.url)))
        bom.components.add(
            CdxComponent(
                name=name,
                group=group,
                version=component.revision,
                type=ComponentType.DATA if component.kind is Kind.DATASET else ComponentType.MACHINE_LEARNING_MODEL,
                bom_ref=bom_ref(component),
                purl=PackageURL.from_string(purl) if purl else None,
                licenses=licenses,
                properties=[Property(name=k, value=v) for k, v in component_properties(component)],
                evidence=ComponentEvidence(occurrences=occurrences) if occurrences else None,
                external_references=external,
            )
        )
    bom.register_dependency(bom.metadata.component, list(bom.components))
    if reproducible:
        bom.metadata.timestamp = _EPOCH
    return bom


def _name_group(component: Component) -> tuple[str, str | None]:
    if component.kind in (Kind.MODEL, Kind.ADAPTER, Kind.DATASET) and "/" in component.target:
        group, name = component.target.split("/", 1)
        return name, group
    return component.target, None


def _normalise(doc: dict[str, Any]) -> None:
    """Fix the order of sets the library leaves in hash order (occurrences), for reproducibility."""
    for component in doc.get("components", []):
        occurrences = component.get("evidence", {}).get("occurrences")
        if occurrences:
            occurrences.sort(key=lambda o: (o.get("location", ""), o.get("line", 0), o.get("offset", 0),
                                            o.get("symbol", "")))


def render_json(components: Sequence[Component], app_name: str, reproducible: bool = False) -> str:
    """Serialise and strictly validate; raise ToolFailure rather than return an invalid BOM."""
    from cyclonedx.output.json import JsonV1Dot6
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    bom = build_bom(components, app_name, reproducible)
    doc: dict[str, Any] = json.loads(JsonV1Dot6(bom).output_as_string())
    _normalise(doc)
    if reproducible:
        # Serial from content: hash the document without its serial, then set it.
        doc.pop("serialNumber", None)
        digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).digest()
        doc["serialNumber"] = uuid.UUID(bytes=digest[:16], version=5).urn
    # Key order is fixed for reproducible diffs.
    text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    if errors is not None:
        raise ToolFailure(f"the generated BOM is not valid CycloneDX 1.6 and was not written: {errors}")
    return text
