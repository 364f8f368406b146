"""The official SPDX 3.0.1 checks, as a strict consumer runs them: the JSON schema and the SHACL shapes.

Both come from tests/data/spdx-3.0.1 (see tests/data/README.md). The shapes are checked with
pyshacl over the document read as RDF through the official JSON-LD context (the copy, so
nothing is fetched). The shapes raise four violations on the model's own built-in individuals
whatever the document holds; `BUILT_IN` names them so a test can require exactly those.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from conftest import REPO

DATA = REPO / "tests" / "data" / "spdx-3.0.1"
CONTEXT_URL = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
_TERMS = "https://spdx.org/rdf/3.0.1/terms/"
BUILT_IN = frozenset({
    (f"{_TERMS}Core/NoAssertionElement", f"{_TERMS}Core/creationInfo"),
    (f"{_TERMS}Core/NoneElement", f"{_TERMS}Core/creationInfo"),
    (f"{_TERMS}ExpandedLicensing/NoAssertionLicense", f"{_TERMS}Core/creationInfo"),
    (f"{_TERMS}ExpandedLicensing/NoneLicense", f"{_TERMS}Core/creationInfo"),
})


@cache
def _schema_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(json.loads((DATA / "schema-v3.0.1.json").read_text()))


def schema_errors(text: str) -> list[tuple[str, str]]:
    """(graph element id, message) for what the official JSON schema refuses in the document.

    The schema reports a bad element only as "'@graph' was unexpected"; each element is also
    checked alone (the schema accepts a one-element graph) so the result says which one.
    """
    validator = _schema_validator()
    doc = json.loads(text)
    if validator.is_valid(doc):
        return []
    found = []
    for element in doc.get("@graph", []):
        alone = {"@context": doc.get("@context"), "@graph": [element]}
        where = str(element.get("spdxId") or element.get("@id"))
        found += [(where, error.message[:300]) for error in validator.iter_errors(alone)]
    return found or [("", error.message[:300]) for error in validator.iter_errors(doc)]


@cache
def shapes() -> Any:
    import rdflib

    return rdflib.Graph().parse(DATA / "spdx-model-v3.0.1.jsonld", format="json-ld")


def as_rdf(texts: list[str]) -> Any:
    """The documents as one RDF graph, read through the official context (their ids never clash:
    each document has its own namespace, and blank nodes are kept apart per document)."""
    import rdflib

    context = json.loads((DATA / "spdx-context-v3.0.1.jsonld").read_text())["@context"]
    graph = rdflib.Graph()
    for text in texts:
        doc = json.loads(text)
        assert doc["@context"] == CONTEXT_URL
        graph.parse(data=json.dumps({**doc, "@context": context}), format="json-ld")
    return graph


def shacl_violations(texts: list[str]) -> set[tuple[str, str, str, str]]:
    """(focus node, path, value, message) of every SHACL result over the documents."""
    import pyshacl
    import rdflib

    model = shapes()
    _, report, _ = pyshacl.validate(as_rdf(texts), shacl_graph=model, ont_graph=model, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return {
        (str(report.value(result, sh.focusNode)), str(report.value(result, sh.resultPath)),
         str(report.value(result, sh.value)), str(report.value(result, sh.resultMessage)))
        for result in report.subjects(rdflib.RDF.type, sh.ValidationResult)
    }
