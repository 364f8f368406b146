"""Notebook detector: code cells of `.ipynb` files, through the Python and shell detectors.

All code cells are joined into one module (a constant set in cell 2 reaches a loader in
cell 5), IPython magics are blanked, `!command` lines and `%%bash` cells go to the shell
detector. Every reference keeps the line *in the .ipynb file* and the cell number (1-based,
counting every cell as Jupyter lists them). Outputs are never read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mlgate.model import Location, Reference
from mlgate.scan.base import Detector, ScanOptions, SkipFile, SourceFile
from mlgate.scan.detectors.jsonpos import JArray, JObject, JString
from mlgate.scan.detectors.jsonpos import parse as parse_json
from mlgate.scan.detectors.shell import command_references
from mlgate.scan.python.detector import COMMENT_TRIGGERS, TRIGGERS, python_references

_MAGIC = re.compile(r"^\s*(?:[%!?]|\w+\s*=\s*!)")
_TIMING = re.compile(r"^\s*%(?:time|timeit|prun)\s")  # `%time expr`: the rest of the line is Python
_SHELL_CELL = re.compile(r"^\s*%%(?:bash|sh|script\s+(?:ba)?sh)\b")


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
        try:
            root = parse_json(source.text)
        except ValueError as exc:
            raise SkipFile(f"not a notebook: invalid JSON ({exc})") from None
        cells = _cells(root)
        if cells is None:
            raise SkipFile("not a notebook: no cells")
        python_lines: list[_Line] = []
        refs: list[Reference] = []
        for number, cell in enumerate(cells, start=1):
            lines = list(_source_lines(cell, number))
            if not lines:
                continue
            if _SHELL_CELL.match(lines[0].text):
                refs.extend(_shell(source, lines[1:]))
                continue
            for line in lines:
                timing = _TIMING.match(line.text)
                if timing:
                    line = _Line(" " * timing.end() + line.text[timing.end():], line.file_offset, line.cell)
                if _MAGIC.match(line.text):
                    bang = line.text.find("!")
                    if bang >= 0 and not line.text.lstrip().startswith("%"):
                        refs.extend(_shell(source, [_Line(line.text[bang + 1:], line.file_offset + bang + 1,
                                                          line.cell)]))
                    python_lines.append(_Line("", line.file_offset, line.cell))
                else:
                    python_lines.append(line)
        if python_lines:
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

    return python_references(text, locate, options)


def _shell(source: SourceFile, lines: list[_Line]) -> Iterator[Reference]:
    for line in lines:
        for offset, found in command_references(line.text):
            prefix = line.text[:offset]
            file_line, column = source.position(line.file_offset + len(json.dumps(prefix, ensure_ascii=False)) - 2)
            yield Reference(found.target, found.kind, Location(source.relpath, file_line, column, line.cell),
                            found.via, found.revision, found.role)


DETECTOR = NotebookDetector()
