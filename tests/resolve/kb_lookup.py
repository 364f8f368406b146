"""Ask the knowledge base alone, as an offline run does: the answer for one id, or its category."""

from __future__ import annotations

from mlgate.model import Category, Kind
from mlgate.resolve.base import Answer, Lookup
from mlgate.resolve.knowledge import KnowledgeBaseSource


def answer(target: str, kind: Kind = Kind.MODEL, revision: str | None = None) -> Answer | None:
    item = Lookup(target, kind, revision)
    return KnowledgeBaseSource().lookup([item]).get(item)


def category(target: str, kind: Kind = Kind.MODEL) -> Category | None:
    found = answer(target, kind)
    return found.license.category if found else None
