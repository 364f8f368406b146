"""CycloneDX XML: adding `modelCard`/`data` to the library's output, and reading XML BOMs.

cyclonedx-python-lib cannot write `modelCard` or `data`, so they are inserted into its
output in the place the XSD requires (after `evidence`/`releaseNotes`, before
`cryptoProperties`, `tags` and `signature`). Reading turns an XML BOM into the same
JSON-shaped dict the JSON reader works on, for the fields mlgate reads.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from mlgate.errors import UsageError

_NS_PATTERN = re.compile(r"^\{(http://cyclonedx\.org/schema/bom/(\d+\.\d+))\}bom$")
_AFTER_EXTRAS = ("cryptoProperties", "tags", "signature")
# Characters XML 1.0 cannot hold at all (a NUL in a card's text, say); JSON escapes them, XML cannot.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def insert_extras(text: str, extras: dict[str, dict[str, Any]]) -> str:
    """The library's XML with each component's modelCard/data added and occurrences in order, pretty-printed."""
    root = ET.fromstring(_NOT_XML.sub("\ufffd", text))
    ns = _namespace(root)
    ET.register_namespace("", ns)
    components = root.find(f"{{{ns}}}components")
    for element in components if components is not None else ():
        added = extras.get(element.get("bom-ref", ""), {})
        new = []
        if "modelCard" in added:
            new.append(_element(ns, "modelCard", added["modelCard"]))
        new.extend(_element(ns, "data", entry) for entry in added.get("data", ()))
        position = next((i for i, child in enumerate(element) if _local(child.tag) in _AFTER_EXTRAS), len(element))
        for offset, child in enumerate(new):
            element.insert(position + offset, child)
        _sort_occurrences(element, ns)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _sort_occurrences(component: ET.Element, ns: str) -> None:
    """The library orders occurrences by a random internal id; order them by place, as the JSON does."""
    holder = component.find(f"{{{ns}}}evidence/{{{ns}}}occurrences")
    if holder is None:
        return

    def place(occurrence: ET.Element) -> tuple[str, int, int, str, str]:
        def text(tag: str) -> str:
            return occurrence.findtext(f"{{{ns}}}{tag}") or ""
        return (text("location"), int(text("line") or 0), int(text("offset") or 0), text("symbol"),
                text("additionalContext"))

    holder[:] = sorted(holder, key=place)


def _element(ns: str, tag: str, value: Any) -> ET.Element:
    element = ET.Element(f"{{{ns}}}{tag}")
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "datasets":
                holder = ET.SubElement(element, f"{{{ns}}}datasets")
                for entry in child:
                    holder.append(_element(ns, "ref", entry["ref"]) if "ref" in entry
                                  else _element(ns, "dataset", entry))
            else:
                element.append(_element(ns, key, child))
    else:
        element.text = str(value)
    return element


def _namespace(root: ET.Element) -> str:
    match = _NS_PATTERN.match(root.tag)
    if match is None:
        raise UsageError("not a CycloneDX BOM: the XML root is not a CycloneDX <bom> element")
    return match.group(1)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_document(text: str, origin: str) -> dict[str, Any]:
    """An XML BOM as a JSON-shaped dict (the fields mlgate reads). UsageError if it is not one."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise UsageError(f"{origin}: not a CycloneDX BOM: invalid XML ({exc})") from None
    match = _NS_PATTERN.match(root.tag)
    if match is None:
        raise UsageError(f"{origin}: not a CycloneDX BOM: the XML root is <{_local(root.tag)}>, not a CycloneDX <bom>")
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
        if _local(child.tag) == "expression":
            out.append({"expression": (child.text or "").strip(), **ack})
        elif _local(child.tag) == "license":
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
        if _local(entry.tag) == "ref":
            datasets.append({"ref": (entry.text or "").strip()})
        else:
            datasets.append({"type": _text(entry, "c:type", ns) or "dataset", "name": _text(entry, "c:name", ns)})
    out["datasets"] = datasets
    return out
