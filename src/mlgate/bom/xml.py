"""CycloneDX XML: adding `modelCard`/`data` to the library's output.

cyclonedx-python-lib cannot write `modelCard` or `data`, so they are inserted into its
output in the place the XSD requires (after `evidence`/`releaseNotes`, before
`cryptoProperties`, `tags` and `signature`). Reading XML BOMs is `bomread/xml.py`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from mlgate.bomread.xml import local_name, namespace

_AFTER_EXTRAS = ("cryptoProperties", "tags", "signature")
# Characters XML 1.0 cannot hold at all (a NUL in a card's text, say); JSON escapes them, XML cannot.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def insert_extras(text: str, extras: dict[str, dict[str, Any]]) -> str:
    """The library's XML with each component's modelCard/data added and occurrences in order, pretty-printed."""
    root = ET.fromstring(_NOT_XML.sub("\ufffd", text))
    ns = namespace(root)
    ET.register_namespace("", ns)
    components = root.find(f"{{{ns}}}components")
    for element in components if components is not None else ():
        added = extras.get(element.get("bom-ref", ""), {})
        new = []
        if "modelCard" in added:
            new.append(_element(ns, "modelCard", added["modelCard"]))
        new.extend(_element(ns, "data", entry) for entry in added.get("data", ()))
        position = next((i for i, child in enumerate(element) if local_name(child.tag) in _AFTER_EXTRAS), len(element))
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
