"""CycloneDX XML BOMs read into the same JSON-shaped dict the JSON reader works on (the fields mlgate reads)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from mlgate.errors import UsageError

NS_PATTERN = re.compile(r"^\{(http://cyclonedx\.org/schema/bom/(\d+\.\d+))\}bom$")


def namespace(root: ET.Element) -> str:
    match = NS_PATTERN.match(root.tag)
    if match is None:
        raise UsageError("not a CycloneDX BOM: the XML root is not a CycloneDX <bom> element")
    return match.group(1)


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_document(text: str, origin: str) -> dict[str, Any]:
    """An XML BOM as a JSON-shaped dict (the fields mlgate reads). UsageError if it is not one."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise UsageError(f"{origin}: not a CycloneDX BOM: invalid XML ({exc})") from None
    match = NS_PATTERN.match(root.tag)
    if match is None:
        raise UsageError(
            f"{origin}: not a CycloneDX BOM: the XML root is <{local_name(root.tag)}>, not a CycloneDX <bom>")
    ns = {"c": match.group(1)}
    doc: dict[str, Any] = {"bomFormat": "CycloneDX", "specVersion": match.group(2)}
    if root.get("serialNumber"):
        doc["serialNumber"] = root.get("serialNumber")
    metadata = root.find("c:metadata", ns)
    if metadata is not None:
        doc["metadata"] = _metadata(metadata, ns)
    doc["components"] = [_component(c, ns) for c in root.findall("c:components/c:component", ns)]
    return doc


def _metadata(element: ET.Element, ns: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    app = element.find("c:component", ns)
    if app is not None:
        out["component"] = _component(app, ns)
    tools = [_component(c, ns) for c in element.findall("c:tools/c:components/c:component", ns)]
    tools += [{"name": _text(t, "c:name", ns), "version": _text(t, "c:version", ns)}
              for t in element.findall("c:tools/c:tool", ns)]
    if tools:
        out["tools"] = {"components": tools}
    return out


def _text(element: ET.Element, path: str, ns: dict[str, str]) -> str | None:
    found = element.find(path, ns)
    return found.text.strip() if found is not None and found.text else None


def _texts(element: ET.Element, keys: tuple[str, ...], ns: dict[str, str]) -> dict[str, str]:
    """The text of each child element in `keys` that is present."""
    return {key: value for key in keys if (value := _text(element, f"c:{key}", ns)) is not None}


def _licenses(element: ET.Element | None, ns: dict[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for child in element if element is not None else ():
        ack = {"acknowledgement": child.get("acknowledgement")} if child.get("acknowledgement") else {}
        if local_name(child.tag) == "expression":
            out.append({"expression": (child.text or "").strip(), **ack})
        elif local_name(child.tag) == "license":
            out.append({"license": {**_texts(child, ("id", "name", "url"), ns), **ack}})
    return out


def _occurrence(element: ET.Element, ns: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = _texts(element, ("location", "symbol", "additionalContext"), ns)
    out.update((k, int(v)) for k, v in _texts(element, ("line", "offset"), ns).items() if v.isdigit())
    return out


def _component(element: ET.Element, ns: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": element.get("type", ""), **_texts(element, ("group", "name", "version", "purl"), ns)}
    if element.get("bom-ref"):
        out["bom-ref"] = element.get("bom-ref")
    out["licenses"] = _licenses(element.find("c:licenses", ns), ns)
    out["properties"] = [{"name": p.get("name", ""), "value": p.text or ""}
                         for p in element.findall("c:properties/c:property", ns)]
    evidence = element.find("c:evidence", ns)
    if evidence is not None:
        out["evidence"] = {
            "occurrences": [_occurrence(o, ns) for o in evidence.findall("c:occurrences/c:occurrence", ns)],
            "licenses": _licenses(evidence.find("c:licenses", ns), ns),
        }
    ancestors = element.findall("c:pedigree/c:ancestors/c:component", ns)
    if ancestors:
        out["pedigree"] = {"ancestors": [_component(a, ns) for a in ancestors]}
    out["externalReferences"] = [{"type": r.get("type", ""), "url": _text(r, "c:url", ns) or ""}
                                 for r in element.findall("c:externalReferences/c:reference", ns)]
    parameters = element.find("c:modelCard/c:modelParameters", ns)
    if parameters is not None:
        out["modelCard"] = {"modelParameters": _model_parameters(parameters, ns)}
    out["components"] = [_component(c, ns) for c in element.findall("c:components/c:component", ns)]
    return out


def _model_parameters(element: ET.Element, ns: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = _texts(element, ("task", "architectureFamily", "modelArchitecture"), ns)
    datasets: list[dict[str, Any]] = []
    for entry in element.findall("c:datasets/*", ns):
        if local_name(entry.tag) == "ref":
            datasets.append({"ref": (entry.text or "").strip()})
        else:
            datasets.append({"type": _text(entry, "c:type", ns) or "dataset", "name": _text(entry, "c:name", ns)})
    out["datasets"] = datasets
    return out
