"""`mlgate explain MODEL-OR-LICENSE`: what a license obliges, or what a model is licensed under and why."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mlgate.cli.app import cli
from mlgate.cli.common import build_config, emit
from mlgate.model import Component, License, Unresolved

if TYPE_CHECKING:
    from mlgate.resolve.explain import Explanation


@cli.command("explain", short_help="What mlgate knows about a model or license, and where from.")
@click.argument("subject")
@click.option("--offline", is_flag=True, help="Never contact the Hub; use the lock, caches and knowledge base.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain_command(subject: str, offline: bool, fmt: str) -> int:
    """Explain SUBJECT: a model id (org/name), an API model name, or a license id / SPDX expression.

    \b
      mlgate explain qwen-research
      mlgate explain Qwen/Qwen2.5-3B-Instruct
      mlgate explain deepseek-ai/DeepSeek-R1-Distill-Llama-8B --offline
    """
    from mlgate.resolve.explain import explain

    config = build_config((Path("."),), offline=offline, evaluate=False)
    # The lock would answer with what was locked; explain says what is true now.
    sources = tuple(s for s in config.settings.sources if s != "lock")
    config = replace(config, settings=replace(config.settings, sources=sources))
    result = explain(subject, config)
    emit(render_json(result) if fmt == "json" else render_text(result), None)
    return 0


def render_text(result: Explanation) -> str:
    from mlgate.resolve.explain import TERM_LABELS

    lines: list[str] = []
    if result.license is not None:
        lines.append(f"{result.subject}  (license)")
        lines.extend(_license_lines(result.license))
        if result.hub_ids:
            lines.append(f"  on the Hub  {', '.join(result.hub_ids)}")
    elif result.component is not None:
        component = result.component
        lines.append(f"{component.target}  ({component.kind.value})")
        lines.extend(_component_lines(component))
        for base in result.lineage:
            lines.append(f"  lineage     {_lineage_line(component, base)}")
    for expression, terms in result.terms():
        lines.append(f"  terms of {expression}")
        lines.extend(f"    {label:<24} {terms[key]}" for key, label in TERM_LABELS if terms.get(key))
    lines.extend(f"  note        {note}" for note in result.notes)
    return "\n".join(lines) + "\n"


def _license_lines(license_: License) -> list[str]:
    name = f"{license_.name} ({license_.expression})" if license_.name else license_.expression
    lines = [f"  license     {name}",
             f"  category    {license_.category.value}   commercial use: {license_.commercial_use or 'unknown'}"]
    if license_.source != "catalog":
        lines.append(f"  source      {license_.source}")
        lines.append(f"  evidence    {license_.evidence}")
    if license_.url:
        lines.append(f"  link        {license_.url}")
    if license_.obligations:
        lines.append("  obligations")
        lines.extend(f"    - {o.text}" for o in license_.obligations)
    return lines


def _component_lines(component: Component) -> list[str]:
    license_ = component.license
    lines = _license_lines(license_) if isinstance(license_, License) else [f"  license     unresolved: {license_}"]
    revision = component.resolved_revision or component.revision
    if revision:
        lines.insert(1, f"  revision    {revision}")
    if component.gated:
        lines.append("  gated       yes: users must accept the terms on the Hub")
    lines.extend(f"  {key:<11} {value}" for key, value in component.properties)
    return lines


def _lineage_line(component: Component, other: Component) -> str:
    relation = next((b.relation for b in component.base_models if b.target.lower() == other.target.lower()), None)
    role = f"base ({relation})" if relation else other.kind.value
    license_ = other.license
    what = (f"{license_.category.value}, {license_.expression}" if isinstance(license_, License)
            else f"unresolved: {license_}" if isinstance(license_, Unresolved) else "")
    return f"{role} {other.target}: {what}"


def render_json(result: Explanation) -> str:
    from mlgate.report.serialize import component_dict

    doc: dict[str, Any] = {"subject": result.subject, "kind": result.kind}
    if result.license is not None:
        license_ = result.license
        doc["license"] = {"expression": license_.expression, "name": license_.name,
                          "category": license_.category.value, "commercial_use": license_.commercial_use,
                          "url": license_.url, "hub_ids": list(result.hub_ids),
                          "obligations": [{"id": o.id, "text": o.text} for o in license_.obligations]}
    if result.component is not None:
        doc["component"] = component_dict(result.component)
        doc["lineage"] = [component_dict(c) for c in result.lineage]
    doc["terms"] = {expression: terms for expression, terms in result.terms()}
    doc["notes"] = list(result.notes)
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"
