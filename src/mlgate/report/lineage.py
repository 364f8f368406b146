"""The lineage of derivatives as an inline SVG diagram (no script, no external assets).

Base models stand in the left column, each derivative one column to the right of its deepest
base, arrows labelled with the relation (fine-tune, adapter, quantized, merge). Boxes are
coloured by license category, so a permissive fine-tune of a research-only base stands out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from mlgate.model import Category
from mlgate.report.inventory import LineageEdge

# (fill, stroke) per category; the HTML stylesheet uses the same hues for its badges.
CATEGORY_COLORS: dict[Category, tuple[str, str]] = {
    Category.PERMISSIVE: ("#e6f4ea", "#1e7b34"),
    Category.WEAK_COPYLEFT: ("#e8f0fe", "#1a56b0"),
    Category.COPYLEFT: ("#e8eaf6", "#3949ab"),
    Category.RESPONSIBLE_AI: ("#fff4e5", "#a15c00"),
    Category.COMMUNITY_CONDITIONAL: ("#fff8e1", "#7a5d00"),
    Category.PROPRIETARY_API: ("#f3e5f5", "#7b1fa2"),
    Category.NON_COMMERCIAL: ("#fdecea", "#b3261e"),
    Category.RESEARCH_ONLY: ("#fbe3e1", "#8c1d18"),
    Category.UNKNOWN: ("#eeeeee", "#555555"),
}

_TITLE_W = 7.9  # average advance of the 12px bold sans-serif of the first line (wide, to be safe)
_LINE_W = 6.6  # ... and of the 11px second line
_BOX_H = 46
_ROW_GAP = 22
_COL_GAP = 150
_PAD = 12
_MAX_LABEL = 60


@dataclass(frozen=True)
class NodeInfo:
    """What a box says besides the target: the license and its category."""

    license: str
    category: Category


def _clip(text: str, limit: int = _MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _depths(nodes: Sequence[str], parents: Mapping[str, list[str]]) -> dict[str, int]:
    """Longest distance from a root; a cycle in bad metadata stops at the node already on the path."""
    memo: dict[str, int] = {}

    def depth(node: str, path: frozenset[str]) -> int:
        if node in memo:
            return memo[node]
        ups = [p for p in parents.get(node, []) if p not in path]
        value = 1 + max((depth(p, path | {node}) for p in ups), default=-1)
        memo[node] = value
        return value

    return {n: depth(n, frozenset()) for n in nodes}


def loosens(edge: LineageEdge, info: Mapping[str, NodeInfo]) -> bool:
    """Whether the derivative declares a less restrictive category than its base (worth a look)."""
    child, parent = info.get(edge.child), info.get(edge.parent)
    return bool(child and parent and child.category.restrictiveness < parent.category.restrictiveness)


def render_svg(edges: Sequence[LineageEdge], info: Mapping[str, NodeInfo]) -> str:
    """An `<svg>` element for `edges`; empty string when there is no lineage to draw."""
    if not edges:
        return ""
    parents: dict[str, list[str]] = defaultdict(list)
    nodes: list[str] = []
    for edge in edges:
        parents[edge.child].append(edge.parent)
        for node in (edge.parent, edge.child):
            if node not in nodes:
                nodes.append(node)
    depth = _depths(nodes, parents)
    columns: dict[int, list[str]] = defaultdict(list)
    for node in sorted(nodes, key=str.lower):
        columns[depth[node]].append(node)

    row: dict[str, float] = {}
    for col in sorted(columns):
        # Order each column by the mean row of its parents, to keep arrows short and uncrossed.
        def barycenter(node: str) -> tuple[float, str]:
            ups = [row[p] for p in parents.get(node, []) if p in row]
            return (sum(ups) / len(ups) if ups else float("inf"), node.lower())

        columns[col].sort(key=barycenter)
        for index, node in enumerate(columns[col]):
            row[node] = index

    def label_lines(node: str) -> tuple[str, str]:
        meta = info.get(node)
        second = f"{meta.license} · {meta.category.value}" if meta else "not resolved in this run"
        return _clip(node), _clip(second)

    def text_width(node: str) -> float:
        first, second = label_lines(node)
        return max(len(first) * _TITLE_W, len(second) * _LINE_W)

    widths = {col: max(text_width(n) for n in members) + 2 * _PAD for col, members in columns.items()}
    x_of: dict[int, float] = {}
    x = float(_PAD)
    for col in sorted(columns):
        x_of[col] = x
        x += widths[col] + _COL_GAP
    width = x - _COL_GAP + _PAD
    height = max(len(m) for m in columns.values()) * (_BOX_H + _ROW_GAP) - _ROW_GAP + 2 * _PAD

    def box(node: str) -> tuple[float, float, float]:
        col = depth[node]
        return x_of[col], _PAD + row[node] * (_BOX_H + _ROW_GAP), widths[col]

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineage" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-label="Lineage of derived models">',
        "<defs>" + "".join(
            f'<marker id="{mid}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{fill}"/></marker>'
            for mid, fill in (("arrow", "#444"), ("arrow-red", "#b3261e"))
        ) + "</defs>",
    ]
    for edge in edges:
        px, py, pw = box(edge.parent)
        cx, cy, _ = box(edge.child)
        x1, y1, x2, y2 = px + pw, py + _BOX_H / 2, cx, cy + _BOX_H / 2
        loosened = loosens(edge, info)
        color, marker = ("#b3261e", "arrow-red") if loosened else ("#444", "arrow")
        if x2 <= x1:  # a cycle or same-column edge: route it below the boxes
            parts.append(
                f'<path d="M{x1:.0f},{y1:.0f} C{x1 + 40:.0f},{y1 + 60:.0f} {x2 - 40:.0f},{y2 + 60:.0f} '
                f'{x2:.0f},{y2:.0f}" fill="none" stroke="{color}" stroke-dasharray="4 3" '
                f'marker-end="url(#{marker})"/>'
            )
        else:
            parts.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="{color}" '
                         f'stroke-width="{2.2 if loosened else 1.4}" marker-end="url(#{marker})"/>')
        label = edge.relation + (" · looser license" if loosened else "")
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2 - 5
        parts.append(f'<text x="{mx:.0f}" y="{my:.0f}" text-anchor="middle" font-size="11" fill="{color}" '
                     f'paint-order="stroke" stroke="#fff" stroke-width="3">{escape(label)}</text>')
    for node in nodes:
        bx, by, bw = box(node)
        meta = info.get(node)
        fill, stroke = CATEGORY_COLORS[meta.category if meta else Category.UNKNOWN]
        first, second = label_lines(node)
        dash = "" if meta else ' stroke-dasharray="5 3"'
        parts.append(
            f'<g><title>{escape(node)}</title>'
            f'<rect x="{bx:.0f}" y="{by:.0f}" width="{bw:.0f}" height="{_BOX_H}" rx="6" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"{dash}/>'
            f'<text x="{bx + _PAD:.0f}" y="{by + 19:.0f}" font-size="12" font-weight="600" fill="#111">'
            f'{escape(first)}</text>'
            f'<text x="{bx + _PAD:.0f}" y="{by + 36:.0f}" font-size="11" fill="{stroke}">{escape(second)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
