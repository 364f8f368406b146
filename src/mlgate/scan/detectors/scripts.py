"""The detector for script files: shell scripts, SLURM jobs, Makefiles, Dockerfiles, `.env`.

Their commands are read by `shell`. A heredoc that writes a document is read as that document
instead of as commands: `cat > train.yaml <<EOF` (YAML, JSON, TOML) by the config or TOML detector,
`python - <<EOF` / `python3 <<'EOF'` by the Python detector, each reference at its own line
of the script. One that `cat` prints (`cat <<EOF` usage text) is text, not read at all; any
other (`read -r -d '' CMD <<EOF`, `ssh host <<EOF`) holds commands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from mlgate.model import Location, Reference
from mlgate.scan.base import DOCUMENT_SUFFIXES, Detector, ScanOptions, SkipFile, SourceFile
from mlgate.scan.detectors.configs import DETECTOR as CONFIG_DETECTOR
from mlgate.scan.detectors.shell import ShellAnalyzer, command_references, located
from mlgate.scan.detectors.tomlfiles import DETECTOR as TOML_DETECTOR
from mlgate.scan.names import NAME_TRIGGERS
from mlgate.scan.python.detector import python_references

_SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh", ".slurm", ".sbatch", ".pbs", ".mk", ".dockerfile", ".containerfile",
                   ".env")
_SHELL_NAMES = {"makefile", "gnumakefile", "dockerfile", "containerfile", ".env", "justfile", "procfile"}
# `cmd ... <<EOF`, `<<-'EOF'`, `<< "END"` on one line; the body runs to a line holding only the tag.
_HEREDOC = re.compile(r"^(?P<command>[^\n]*?)<<(?P<dash>-?)[ \t]*(?P<quote>['\"]?)(?P<tag>[A-Za-z_]\w*)(?P=quote)"
                      r"(?P<rest>[^\n]*)\n", re.MULTILINE)
_WRITTEN = re.compile(r"(?:>>?|\btee(?:\s+-a)?)\s*['\"]?(?P<file>[^\s'\";&|<>]+\.(?:ya?ml|json|toml))\b")
_PRINTED = re.compile(r"^\s*cat\s*(?:[|;&]|$)")  # `cat <<EOF` with no file: printed text
_PYTHON = re.compile(r"^\s*(?:\S*/)?python3?(?:\.\d+)?(?:\s+-)?\s*$")
_MAX_HEREDOCS = 200
_NOT_NEWLINE = re.compile(r"[^\n]")


@dataclass(frozen=True)
class _Document:
    name: str  # the file it writes (`train.yaml`), `<stdin>.py` for Python, "" for printed text
    start: int  # offset of the body's first character in the script
    end: int  # offset just past the body (the terminator line not included)


class ScriptDetector(Detector):
    name = "shell"
    header_bytes = 0
    triggers: tuple[bytes, ...] = (
        *NAME_TRIGGERS, b"download", b"serve", b"ollama", b"huggingface", b"output_dir", b"upload", b"litgpt",
    )

    def accepts(self, relpath: str) -> bool:
        name = relpath.rsplit("/", 1)[-1].lower()
        if name.endswith(DOCUMENT_SUFFIXES):
            return False  # `.env.md`, `Dockerfile.md`: documentation about them
        return (name in _SHELL_NAMES or name.endswith(_SHELL_SUFFIXES) or name.startswith(("dockerfile.",
                                                                                          ".env.")))

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        text = source.text
        documents = list(_documents(text)) if "<<" in text else []
        if documents:  # read as documents, not commands: blanked in place (same offsets and lines)
            parts, done = [], 0
            for document in documents:  # in order; one found inside an earlier body is blank already
                start = max(document.start, done)
                if document.end > start:
                    parts += [text[done:start], _NOT_NEWLINE.sub(" ", text[start:document.end])]
                    done = document.end
            text = "".join([*parts, text[done:]])
        analyzer = ShellAnalyzer()
        refs = list(located(command_references(text, analyzer=analyzer), analyzer, source.location))
        for document in documents:
            if document.name:
                refs.extend(_document_references(source, document, options))
        return refs


def _documents(text: str) -> Iterator[_Document]:
    """Heredocs that write a YAML/JSON/TOML file or feed a Python interpreter."""
    for count, match in enumerate(_HEREDOC.finditer(text)):
        if count >= _MAX_HEREDOCS:
            return
        command = match.group("command") + " " + match.group("rest")
        written = _WRITTEN.search(command)
        if written:
            name = written.group("file")
        elif _PYTHON.match(match.group("command")):
            name = "<stdin>.py"
        elif _PRINTED.match(command):
            name = ""  # `cat <<EOF` usage text
        else:
            continue  # commands: read with the rest of the script
        start = match.end()
        indent = r"\t*" if match.group("dash") else ""
        terminator = re.compile(rf"^{indent}{re.escape(match.group('tag'))}[ \t]*$", re.MULTILINE)
        end = terminator.search(text, start)
        if end is not None:
            yield _Document(name, start, end.start())


def _document_references(source: SourceFile, document: _Document, options: ScanOptions) -> list[Reference]:
    body = source.text[document.start:document.end]
    first_line, _ = source.position(document.start)
    if document.name.endswith(".py"):
        def locate(line: int, column: int) -> Location:
            return Location(source.relpath, first_line + line - 1, column + 1)

        return python_references(body, locate, options)
    detector = TOML_DETECTOR if document.name.endswith(".toml") else CONFIG_DETECTOR
    try:
        found = list(detector.detect(SourceFile(document.name, body.encode()), options))
    except SkipFile:
        return []
    return [replace(ref, location=Location(source.relpath, first_line + ref.location.line - 1, ref.location.column))
            for ref in found]


DETECTOR = ScriptDetector()
