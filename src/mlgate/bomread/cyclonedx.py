"""Reading CycloneDX BOMs (JSON or XML, 1.2–1.7) back into components.

A BOM mlgate wrote reads back without loss: its `mlgate:*` properties carry what the standard
fields cannot. Another tool's BOM (cdxgen, Syft, ...) is read as far as it goes: every
`machine-learning-model` and `data` component, and any component whose purl names a Hub
repository, becomes a component whose license is mapped to a category through the license
catalog (`license_map.py`); other components (libraries, files) are counted and left out.

Read as plain JSON, not with `Bom.from_json`, which drops `modelCard` and `data`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlgate import bom_properties as properties
from mlgate.bomread.license_map import by_acknowledgement, license_from_bom, split_by_acknowledgement
from mlgate.errors import UsageError
from mlgate.model import (
    BaseModelLink,
    Component,
    Kind,
    LicenseResult,
    Location,
    Reference,
    Role,
    Suppression,
)
from mlgate.purl import target_from_purl
from mlgate.redact import without_credentials

ML_TYPES = {"machine-learning-model": Kind.MODEL, "data": Kind.DATASET}
NOASSERTION = "NOASSERTION"


@dataclass(frozen=True)
class BomInput:
    """What a BOM file holds, as mlgate sees it."""

    path: Path
    spec_version: str
    tool: str | None
    application: str | None
    components: tuple[Component, ...]
    ignored: int  # components that name no model or dataset (libraries, files, ...)

    @property
    def ours(self) -> bool:
        return bool(self.tool) and str(self.tool).split()[0] == "mlgate"


def _obj(raw: dict[str, Any], key: str) -> dict[str, Any]:
    """raw[key] when it is an object, else {}: other tools' BOMs are read defensively."""
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def _seq(raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key)
    return value if isinstance(value, list) else []


def load_document(path: Path) -> dict[str, Any]:
    """The BOM as a JSON-shaped dict; UsageError (one line, naming the file) if it is not one."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not a CycloneDX BOM: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if text.lstrip().startswith("<"):
        from mlgate.bomread.xml import read_document

        return read_document(text, str(path))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not a CycloneDX BOM: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if isinstance(doc, dict) and ("spdxVersion" in doc or "spdx.org/rdf/3" in str(doc.get("@context", ""))):
        from mlgate.bomread.detect import SPDX_REFUSAL

        raise UsageError(f"{path}: {SPDX_REFUSAL}")
    if not isinstance(doc, dict) or doc.get("bomFormat") != "CycloneDX":
        raise UsageError(f'{path}: not a CycloneDX BOM: no "bomFormat": "CycloneDX" at the top level')
    if not isinstance(doc.get("components", []), list):
        raise UsageError(f"{path}: not a CycloneDX BOM: 'components' is not a list")
    return doc


def read_bom(path: Path) -> BomInput:
    doc = load_document(path)
    metadata = _obj(doc, "metadata")
    everything = list(_walk(_seq(doc, "components")))
    by_ref = {c["bom-ref"]: c for c in everything if isinstance(c.get("bom-ref"), str)}
    components, ignored = [], 0
    for raw in everything:
        component = _component(raw, by_ref, path.name)
        if component is None:
            ignored += 1
        else:
            components.append(component)
    app = metadata.get("component")
    return BomInput(
        path=path,
        spec_version=str(doc.get("specVersion", "")),
        tool=_tool(metadata),
        application=str(app["name"]) if isinstance(app, dict) and app.get("name") else None,
        components=tuple(components),
        ignored=ignored,
    )


def _walk(items: Any) -> Iterator[dict[str, Any]]:
    """Every component, nested ones included (a model may sit inside a container or package)."""
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict):
            yield item
            yield from _walk(item.get("components"))


def _tool(metadata: dict[str, Any]) -> str | None:
    tools = metadata.get("tools")
    if isinstance(tools, dict):  # 1.5+: {"components": [...], "services": [...]}
        tools = _seq(tools, "components") + _seq(tools, "services")
    for tool in tools if isinstance(tools, list) else ():
        if isinstance(tool, dict) and tool.get("name"):
            return f"{tool['name']} {tool.get('version', '')}".strip()
    return None


def _props(raw: dict[str, Any]) -> properties.Decoded:
    pairs = raw.get("properties")
    return properties.Decoded(
        (str(p.get("name", "")), str(p.get("value", ""))) for p in pairs if isinstance(p, dict)
    ) if isinstance(pairs, list) else properties.Decoded(())


def _identity(raw: dict[str, Any], props: properties.Decoded) -> tuple[Kind, str, str | None] | None:
    """(kind, target, revision), or None when the component is not a model or dataset."""
    # Syft writes "unknown" where it has no version; that is no version at all.
    version = str(raw["version"]) if raw.get("version") and str(raw["version"]).lower() != "unknown" else None
    name = str(raw.get("name", ""))
    joined = f"{raw['group']}/{name}" if raw.get("group") else name
    if props.ours and name:
        try:
            return Kind(props.one(properties.KIND) or ""), joined, version
        except ValueError:
            pass  # an unknown kind: read it like another tool's component
    from_purl = target_from_purl(str(raw["purl"])) if raw.get("purl") else None
    kind = ML_TYPES.get(str(raw.get("type", "")))
    if from_purl is not None:
        purl_kind, target, purl_version = from_purl
        return kind if kind is Kind.DATASET else purl_kind, target, version or purl_version
    if kind is None:
        return None
    if not name:
        # A model or dataset the BOM does not name is still in the product: keep it, so the
        # policy judges it (its license is usually unknown too) instead of passing silently.
        ref = raw.get("bom-ref")
        joined = f"<unnamed {raw.get('type')}{f' {ref}' if isinstance(ref, str) and ref else ''}>"
    return kind, joined, version


def _component(raw: dict[str, Any], by_ref: dict[str, dict[str, Any]], origin: str) -> Component | None:
    props = _props(raw)
    identity = _identity(raw, props)
    if identity is None:
        return None
    kind, target, version = identity
    revision, resolved = props.revisions(version) if props.ours else (version, None)
    licenses = _seq(raw, "licenses")
    evidence = _obj(raw, "evidence")
    evidence_licenses = _seq(evidence, "licenses")
    if props.ours:
        license_: LicenseResult = _our_license(props, licenses, evidence_licenses, raw)
    else:
        license_ = license_from_bom(licenses, evidence_licenses, f"{origin}: {raw.get('bom-ref') or target}")
    return Component(
        target=target,
        kind=kind,
        license=license_,
        references=_references(evidence.get("occurrences"), target, kind) or _syft_locations(props, target, kind),
        revision=revision,
        resolved_revision=resolved,
        base_models=_ancestors(raw),
        datasets=_datasets(raw, by_ref),
        gated=props.gated(),
        properties=props.extras(),
        locked_expression=props.one(properties.LOCKED_EXPRESSION),
        introduced_by=props.all(properties.INTRODUCED_BY),
    )


def _our_license(props: properties.Decoded, licenses: list[Any], evidence_licenses: list[Any],
                 raw: dict[str, Any]) -> LicenseResult:
    # mlgate acknowledges every entry it writes; one without an acknowledgement (another tool, a
    # hand edit) is the license the component carries, not an undeclared one.
    grouped = by_acknowledgement(licenses)
    unlabelled = grouped.get(None, [])
    concluded = grouped.get("concluded") or unlabelled
    declared = grouped.get("declared", []) + (unlabelled if concluded is not unlabelled else [])
    if not declared:
        _, declared = split_by_acknowledgement(evidence_licenses)
    links = [r.get("url") for r in _seq(raw, "externalReferences")
             if isinstance(r, dict) and r.get("type") == "license"]
    return props.license(concluded[0] if concluded else NOASSERTION, declared[0] if declared else None,
                         str(links[0]) if links else None)


def _references(occurrences: Any, target: str, kind: Kind) -> tuple[Reference, ...]:
    refs = []
    for occurrence in occurrences if isinstance(occurrences, list) else ():
        if not isinstance(occurrence, dict) or not occurrence.get("location"):
            continue
        context = _context(occurrence.get("additionalContext"))
        path, line = _path_line(str(occurrence["location"]), occurrence.get("line"))
        rules = context.get("suppress")
        suppression = Suppression(tuple(map(str, rules)), str(context.get("suppress_reason", ""))) \
            if isinstance(rules, list) else None
        refs.append(Reference(
            target=str(context.get("target", target)),
            kind=kind,
            location=Location(path, line, _count(occurrence.get("offset")) or 0, _count(context.get("cell"))),
            via=str(occurrence.get("symbol", "")),
            revision=str(context["revision"]) if "revision" in context else None,
            role=_role(context.get("role")),
            suppression=suppression,
            origin=_origin(context.get("origin")),
            # (a BOM from elsewhere may carry credentials in it: never shown back)
            endpoint=_shown(context["endpoint"]) if isinstance(context.get("endpoint"), str) else None,
        ))
    return tuple(sorted(refs, key=lambda r: r.location))


def _origin(value: object) -> Location | None:
    """`[path, line, column, cell]` as written by mlgate; anything else is no origin."""
    if not isinstance(value, list) or len(value) != 4 or not isinstance(value[0], str):
        return None
    line, column = _count(value[1]), _count(value[2])
    if not line:
        return None
    return Location(value[0], line, column or 0, _count(value[3]))


def _role(value: object) -> Role:
    # Any JSON value may stand here in a foreign or damaged BOM; only a known string counts.
    return Role(value) if isinstance(value, str) and value in {r.value for r in Role} else Role.INPUT


def _syft_locations(props: properties.Decoded, target: str, kind: Kind) -> tuple[Reference, ...]:
    """Syft records where it found a file as `syft:location:<n>:path` properties, not occurrences."""
    paths = sorted(v for name, values in props.values.items()
                   if name.startswith("syft:location:") and name.endswith(":path") for v in values)
    return tuple(Reference(target, kind, Location(path, 1), "syft") for path in paths)


def _count(value: Any) -> int | None:
    """A non-negative integer field, or None when the BOM holds something else there."""
    return value if type(value) is int and value >= 0 else None


def _context(value: Any) -> dict[str, Any]:
    """mlgate's JSON in additionalContext; anything else (a code snippet, say) carries no fields."""
    if not isinstance(value, str) or not value.startswith("{"):
        return {}
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _path_line(location: str, line: Any) -> tuple[str, int]:
    """Path and 1-based line; `file.py#L12` / `file.py#12` as some tools write it. Line 1 when unknown."""
    if type(line) is int and line > 0:
        return location, line
    path, _, anchor = location.rpartition("#")
    digits = anchor.removeprefix("L")
    if path and digits.isdigit() and int(digits) > 0:
        return path, int(digits)
    return location, 1


def _ancestors(raw: dict[str, Any]) -> tuple[BaseModelLink, ...]:
    links = []
    for ancestor in _seq(_obj(raw, "pedigree"), "ancestors"):
        if not isinstance(ancestor, dict):
            continue
        from_purl = target_from_purl(str(ancestor["purl"])) if ancestor.get("purl") else None
        name = str(ancestor.get("name", ""))
        target = from_purl[1] if from_purl else (f"{ancestor['group']}/{name}" if ancestor.get("group") else name)
        if target:
            links.append(BaseModelLink(target, _props(ancestor).one(properties.RELATION) or "finetune"))
    return tuple(sorted(links, key=lambda link: (link.target, link.relation)))


def _datasets(raw: dict[str, Any], by_ref: dict[str, dict[str, Any]]) -> tuple[str, ...]:
    found = []
    for entry in _seq(_obj(_obj(raw, "modelCard"), "modelParameters"), "datasets"):
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("ref"), str):
            referenced = by_ref.get(entry["ref"])
            if referenced is not None:
                identity = _identity(referenced, _props(referenced))
                found.append(identity[1] if identity else str(referenced.get("name", entry["ref"])))
        elif entry.get("name"):
            found.append(str(entry["name"]))
    return tuple(sorted(dict.fromkeys(found)))


def application_name(path: Path) -> str | None:
    """The name of the project a BOM describes (`metadata.component.name`), if it says."""
    app = _obj(load_document(path), "metadata").get("component")
    return str(app["name"]) if isinstance(app, dict) and app.get("name") else None


def describe(bom: BomInput) -> str:
    """One line for the run's notes: what was read from where."""
    who = f" written by {bom.tool}" if bom.tool else ""
    skipped = f"; {bom.ignored} other components (libraries, files) left out" if bom.ignored else ""
    count = len(bom.components)
    return f"{bom.path}: read {count} models and datasets from a CycloneDX {bom.spec_version} BOM{who}{skipped}"


def components_from_boms(paths: Sequence[Path], present: Sequence[Component]
                         ) -> tuple[list[Component], tuple[str, ...]]:
    """The components of BOM files given to check/report, less those a scan in the same run found,
    and one note per BOM saying what was read from where."""
    # (a name sent to a self-hosted server is a component apart from the same name at a provider)
    seen = {(c.kind, c.target, c.endpoint) for c in present}
    found: list[Component] = []
    notes: list[str] = []
    for path in paths:
        bom = read_bom(path)
        notes.append(describe(bom))
        for component in bom.components:
            if (component.kind, component.target, component.endpoint) not in seen:
                seen.add((component.kind, component.target, component.endpoint))
                found.append(component)
    return found, tuple(notes)


def _shown(endpoints: str) -> str:
    """Endpoint URLs (space-separated) as a BOM from elsewhere may write them, without credentials."""
    return " ".join(without_credentials(url) for url in endpoints.split())
