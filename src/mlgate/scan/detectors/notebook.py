"""Notebook detector: code cells of `.ipynb` files, through the Python and shell detectors.

All code cells are joined into one module (a constant set in cell 2 reaches a loader in
cell 5); IPython magics are translated line by line (`magics`) so the rest parses, `!command`
lines and `%%bash` cells go to the shell detector (a `!` line after IPython's expansion of the
Python names in it, `ipython_expand`), `%%writefile x.yaml` cells to the config detector.
Every reference keeps the line *in the .ipynb file* and the cell number (1-based, counting
every cell as Jupyter lists them). Outputs are never read.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial

from mlgate.model import Location, Reference
from mlgate.scan.base import Detector, ScanOptions, SkipFile, SourceFile
from mlgate.scan.detectors.configs import DETECTOR as CONFIG_DETECTOR
from mlgate.scan.detectors.ipython_expand import Expansion, PythonBindings, expand, field_names, kept_from_python
from mlgate.scan.detectors.jsonpos import JArray, JObject, JString
from mlgate.scan.detectors.jsonpos import parse as parse_json
from mlgate.scan.detectors.magics import CellKind, CellTranslation, translate_cell
from mlgate.scan.detectors.notebook_cells import located_cells
from mlgate.scan.detectors.scripts import DETECTOR as SCRIPT_DETECTOR
from mlgate.scan.detectors.shell import ShellAnalyzer, command_references, located, reference_at
from mlgate.scan.python.detector import COMMENT_TRIGGERS, TRIGGERS, python_references


@dataclass
class _Line:
    text: str  # without its newline
    file_offset: int  # where the line's first character stands in the .ipynb text
    cell: int


class NotebookDetector(Detector):
    name = "notebook"
    header_bytes = 0
    triggers = (*TRIGGERS, b"download", b"serve", b"-hf", *COMMENT_TRIGGERS)

    def accepts(self, relpath: str) -> bool:
        return relpath.endswith(".ipynb")

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        cells = located_cells(source.text)
        if cells is None:  # not the common shape: read every position the slow, exact way
            try:
                root = parse_json(source.text)
            except ValueError as exc:
                raise SkipFile(f"not a notebook: invalid JSON ({exc})") from None
            cells = _cells(root)
        if cells is None:
            raise SkipFile("not a notebook: no cells")
        planned = [(lines, translate_cell([line.text for line in lines]))
                   for lines in (list(_source_lines(cell, number)) for number, cell in enumerate(cells, start=1))
                   if lines]
        namespace = _python_namespace(planned)
        lines_by_cell = {lines[0].cell: lines for lines, _ in planned}  # where an expanded literal is written
        python_lines: list[_Line] = []
        refs: list[Reference] = []
        for lines, cell_plan in planned:
            texts = [line.text for line in lines]
            if cell_plan.kind is CellKind.SHELL and cell_plan.shell and any("<<" in text for text in texts):
                # a `%%bash` cell with a heredoc: read as a script, so `cat > x.yaml <<EOF` is that file
                refs.extend(_script_cell(source, lines[cell_plan.shell[0].pieces[0][0]:], options))
                continue
            for command in cell_plan.shell:
                text = command.text(texts)
                expansion = None
                if namespace is not None and cell_plan.kind is CellKind.PYTHON:  # `%%bash` bodies are not expanded
                    expansion = expand(text, partial(namespace.lookup, use=(lines[0].cell, command.pieces[0][0])))
                refs.extend(_shell(source, lines, command.pieces, text, expansion, lines_by_cell))
            if cell_plan.kind is CellKind.CONFIG:
                refs.extend(_written_config(source, lines[cell_plan.body_start - 1:], cell_plan.written_file, options))
            python_lines.extend(_Line(text, line.file_offset, line.cell)
                                for text, line in zip(cell_plan.python, lines, strict=True))
        if any(line.text for line in python_lines):
            refs.extend(_python(source, python_lines, options))
        return refs


def _cells(root: object) -> list[JObject] | None:
    if not isinstance(root, JObject):
        return None
    cells = root.get("cells")
    if cells is None:  # nbformat 3 kept cells in worksheets
        worksheets = root.get("worksheets")
        if isinstance(worksheets, JArray) and worksheets.items and isinstance(worksheets.items[0], JObject):
            cells = worksheets.items[0].get("cells")
    if not isinstance(cells, JArray):
        return None
    return [c for c in cells.items if isinstance(c, JObject)]


def _source_lines(cell: JObject, number: int) -> Iterator[_Line]:
    kind = cell.get("cell_type")
    if not isinstance(kind, JString) or kind.value != "code":
        return
    source = cell.get("source") or cell.get("input")
    pieces = [p for p in source.items if isinstance(p, JString)] if isinstance(source, JArray) else \
        [source] if isinstance(source, JString) else []
    pending = ""
    pending_offset = 0
    for piece in pieces:
        text = piece.value
        raw_offset = piece.offset + 1
        for segment in text.splitlines(keepends=True):
            line = segment.rstrip("\r\n")
            if pending:
                yield _Line(pending + line, pending_offset, number)
                pending = ""
            elif segment.endswith(("\n", "\r")):
                yield _Line(line, raw_offset, number)
            else:
                pending, pending_offset = line, raw_offset
            raw_offset += len(json.dumps(segment, ensure_ascii=False)) - 2
    if pending:
        yield _Line(pending, pending_offset, number)


def _python(source: SourceFile, lines: list[_Line], options: ScanOptions) -> list[Reference]:
    text = "\n".join(line.text for line in lines) + "\n"

    def locate(line: int, column: int) -> Location:
        entry = lines[min(max(line, 1), len(lines)) - 1]
        prefix = entry.text[:column]
        offset = entry.file_offset + len(json.dumps(prefix, ensure_ascii=False)) - 2
        file_line, file_column = source.position(offset)
        return Location(source.relpath, file_line, file_column, entry.cell)

    # (`source.pending`: a call of a project class or constant imported from a module, resolved there)
    return python_references(text, locate, options, None, source.pending)


def _file_location(source: SourceFile, line: _Line, column: int) -> Location:
    """Where character `column` of a cell line stands in the .ipynb text (escapes counted)."""
    escaped = len(json.dumps(line.text[:column], ensure_ascii=False)) - 2
    file_line, file_column = source.position(line.file_offset + escaped)
    return Location(source.relpath, file_line, file_column, line.cell)


def _shell(source: SourceFile, lines: list[_Line], pieces: list[tuple[int, int]], text: str,
           expansion: Expansion | None, lines_by_cell: dict[int, list[_Line]]) -> Iterator[Reference]:
    """References in one shell command made of cell-line `pieces` joined by newlines (`text`),
    read as IPython hands it to the shell when it expands Python variables in it (`expansion`)."""
    starts = list(itertools.accumulate((len(lines[i].text) - c + 1 for i, c in pieces[:-1]), initial=0))

    def place(offset: int) -> Location:
        if expansion is not None:
            offset = expansion.source_offset(offset)
        piece = bisect.bisect_right(starts, offset) - 1
        index, column = pieces[piece]
        return _file_location(source, lines[index], column + offset - starts[piece])

    analyzer = ShellAnalyzer()
    hits = command_references(expansion.text if expansion is not None else text, analyzer=analyzer)
    if expansion is None:
        yield from located(hits, analyzer, place)
        return
    for offset, found in hits:
        field = expansion.piece_at(offset)
        if not field.substituted:
            yield from located([(offset, found)], analyzer, place)
        elif field.literal is not None and kept_from_python(found):
            cell, line, column = field.literal.place
            shift = field.literal.value.find(found.target) if field.literal.exact else -1
            origin = _file_location(source, lines_by_cell[cell][line], column + max(shift, 0))
            yield reference_at(found, place(offset), origin)


def _python_namespace(planned: list[tuple[list[_Line], CellTranslation]]) -> PythonBindings | None:
    """What the Python cells assign to the names `!` lines expand; only the cells that mention
    one of those names are parsed (a cell that never writes a name cannot bind it)."""
    cell_texts = [([line.text for line in lines], plan) for lines, plan in planned if plan.kind is CellKind.PYTHON]
    names = field_names(command.text(texts) for texts, plan in cell_texts for command in plan.shell)
    if not names:
        return None
    mentioned = re.compile(r"\b(?:" + "|".join(sorted(names)) + r")\b")
    namespace = PythonBindings()
    for lines, plan in planned:
        if plan.kind is CellKind.PYTHON and any(mentioned.search(text) for text in plan.python if text):
            namespace.add_cell(lines[0].cell, plan.python)
    return namespace


def _written_config(source: SourceFile, lines: list[_Line], name: str, options: ScanOptions) -> list[Reference]:
    """A `%%writefile x.yaml` cell read as that file; lines of the body map back to the cell's lines."""
    return _as_file(source, lines[1:], name, CONFIG_DETECTOR, options)


def _script_cell(source: SourceFile, body: list[_Line], options: ScanOptions) -> list[Reference]:
    """A `%%bash` cell's body read as a shell script (its heredocs as the documents they write)."""
    return _as_file(source, body, "cell.sh", SCRIPT_DETECTOR, options)


def _as_file(source: SourceFile, body: list[_Line], name: str, detector: Detector,
             options: ScanOptions) -> list[Reference]:
    """References of `body` read by `detector` as a file called `name`, placed back in the cell."""
    try:
        found = list(detector.detect(SourceFile(name, "\n".join(line.text for line in body).encode()), options))
    except SkipFile:
        return []
    return [replace(ref, location=_file_location(source, body[ref.location.line - 1], ref.location.column - 1))
            for ref in found if 0 < ref.location.line <= len(body)]


DETECTOR = NotebookDetector()
