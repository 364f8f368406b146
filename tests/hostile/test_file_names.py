"""Hostile file names: scanned like any other file, shown so they cannot forge output.

A file name may hold a newline followed by a GitHub workflow command, terminal escape
sequences (OSC 0 retitles the terminal, OSC 52 writes the clipboard), a right-to-left
override that makes `exe.py` read `yp.exe`, bytes that are not UTF-8, HTML markup or a
spreadsheet formula. mlgate must still
scan the file (hiding a model behind a strange name must not evade the gate) and must show
the name escaped, the way git quotes such paths, in every text output.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import mlgate_exe
from hostile.helpers import git_init

CALL = 'from transformers import AutoModel\nAutoModel.from_pretrained("{}")\n'
HOSTILE_NAMES = {
    b"evil\n::error file=app.py,line=1::forged annotation.py": "org/newline",
    b"title\x1b]0;pwned\x07.py": "org/osc",
    b"clip\x1b]52;c;ZWNobyBwd25lZA==\x07.py": "org/clipboard",
    b"colour\x1b[2J\x1b[31m.py": "org/csi",
    b"rtl\xe2\x80\xaeyp.exe.py": "org/bidi",
    b"latin1-caf\xe9.py": "org/not-utf8",
    b"tab\tand\rcr.py": "org/tab",
}
PRINTABLE_NAMES = {"café-日本.py": "org/unicode", "with space.py": "org/space",
                   "<img src=x onerror=alert(1)>.py": "org/html", "=cmd()+A1.py": "org/formula"}
FORBIDDEN = ("\x1b", "\x07", "\u202e", "\r", "\udce9")


def _plant(root: Path) -> None:
    root.mkdir()
    for raw, target in HOSTILE_NAMES.items():
        with open(os.path.join(os.fsencode(root), raw), "w") as handle:
            handle.write(CALL.format(target))
    for name, target in PRINTABLE_NAMES.items():
        (root / name).write_text(CALL.format(target))


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([mlgate_exe(), *args], cwd=cwd, capture_output=True, text=True, errors="surrogateescape",
                          timeout=300, check=False, env=os.environ)
    assert proc.returncode in (0, 1), proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    return proc


@pytest.mark.parametrize("as_git_checkout", [False, True], ids=["plain-directory", "git-checkout"])
def test_hostile_names_are_scanned_and_shown_escaped(tmp_path: Path, as_git_checkout: bool) -> None:
    root = tmp_path / "repo"
    _plant(root)
    if as_git_checkout:
        git_init(root)
    doc = json.loads(_run(tmp_path, "scan", "repo", "--format", "json").stdout)
    by_target = {ref["target"]: ref["path"] for ref in doc["references"]}
    # Nothing evades the scan, and printable names are shown exactly as they are.
    assert set(by_target) == set(HOSTILE_NAMES.values()) | set(PRINTABLE_NAMES.values())
    for name, target in PRINTABLE_NAMES.items():
        assert by_target[target] == name
    assert by_target["org/newline"] == "evil\\n::error file=app.py,line=1::forged annotation.py"
    assert by_target["org/not-utf8"] == "latin1-caf\\xe9.py"

    texts = {
        "scan": _run(tmp_path, "scan", "repo").stdout,
        "check": _run(tmp_path, "check", "repo", "--policy", "commercial", "--offline").stdout,
        "check markdown": _run(tmp_path, "check", "repo", "--policy", "commercial", "--offline",
                               "--format", "markdown").stdout,
        "report csv": _run(tmp_path, "report", "repo", "--policy", "commercial", "--offline", "--format", "csv").stdout,
    }
    cells = [cell for row in csv.reader(io.StringIO(texts["report csv"])) for cell in row]
    assert any("cmd()" in cell for cell in cells)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], "a file name became a spreadsheet formula"
    html = _run(tmp_path, "report", "repo", "--policy", "commercial", "--offline", "--format", "html").stdout
    assert "org/html" in html and "<img src=x" not in html, "a file name became markup in the HTML report"
    for output, text in texts.items():
        assert not [c for c in FORBIDDEN if c in text], f"{output}: raw control characters from a file name: {text!r}"
        assert not any(line.lstrip("| `").startswith("::") for line in text.splitlines()), f"{output}: forged line"
        assert "org/newline" in text
