"""Every user mistake gets one line naming what is wrong (and what to do), exit 2, no traceback.

A traceback is for mlgate's own bugs, and only with `--debug`.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import invoke_mlgate, mlgate_exe
from hostile.helpers import assert_clean_error, run_mlgate, run_python_writer, without_root_overrides

MODEL_PY = 'from transformers import AutoModel\nAutoModel.from_pretrained("org/some-model")\n'


@dataclass(frozen=True)
class Mistake:
    args: tuple[str, ...]
    fragments: tuple[str, ...]
    setup: Callable[[Path], None] = lambda tmp: None


def _settings(text: str | bytes, name: str = ".mlgate.toml") -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        target = tmp / "repo" / name
        target.write_bytes(text.encode() if isinstance(text, str) else text)

    return setup


def _file(name: str, content: bytes) -> Callable[[Path], None]:
    return lambda tmp: (tmp / name).write_bytes(content)


def _policy_file(content: bytes) -> Callable[[Path], None]:
    return lambda tmp: (tmp / "policy.yaml").write_bytes(content)


MISTAKES: dict[str, Mistake] = {
    "missing path": Mistake(("scan", "no-such-dir"), ("no-such-dir", "no such file or directory", "exist")),
    "one of several paths missing": Mistake(
        ("check", "repo/app.py", "repo/gone.py", "--policy", "commercial"), ("repo/gone.py", "no such file")),
    "path outside the project": Mistake(
        ("scan", "repo/app.py", "/etc/hostname"), ("/etc/hostname", "outside the project root", "run mlgate from")),
    "unknown preset": Mistake(
        ("check", "repo", "--policy", "comercial"), ("unknown policy preset 'comercial'", "commercial")),
    # `--policy "$POLICY"` with the variable unset must not silently check against nothing.
    "empty policy name": Mistake(("check", "repo", "--policy", ""), ("--policy is empty",)),
    "policy file missing": Mistake(("check", "repo", "--policy", "./nope.yaml"), ("nope.yaml", "not found")),
    "policy is a directory": Mistake(
        ("check", "repo", "--policy", "./policy.yaml"), ("policy.yaml", "directory"),
        lambda tmp: (tmp / "policy.yaml").mkdir()),
    "policy is not UTF-8": Mistake(
        ("check", "repo", "--policy", "./policy.yaml"), ("policy.yaml", "UTF-8"), _policy_file(b"\xff\xfe\x00r\x00")),
    "policy is not YAML": Mistake(
        ("check", "repo", "--policy", "./policy.yaml"), ("policy.yaml:3", "invalid YAML"),
        _policy_file(b"version: 1\nrules: [\n  - : :\n")),
    "policy is a list": Mistake(
        ("check", "repo", "--policy", "./policy.yaml"), ("policy.yaml",), _policy_file(b"- a\n- b\n")),
    "policy nested too deeply": Mistake(
        ("check", "repo", "--policy", "./policy.yaml"), ("policy.yaml", "YAML"),
        _policy_file(b"version: 1\nrules: " + b"[" * 100_000)),
    "policy is empty": Mistake(("check", "repo", "--policy", "./policy.yaml"), ("policy.yaml",), _policy_file(b"")),
    "unknown option": Mistake(("scan", "repo", "--frmat", "json"), ("--frmat", "mlgate scan --help")),
    "bad option value": Mistake(
        ("check", "repo", "--policy", "commercial", "--fail-on", "sometimes"), ("--fail-on", "sometimes")),
    "unknown output format": Mistake(("scan", "repo", "--format", "docx"), ("--format", "docx")),
    "option without its value": Mistake(("check", "repo", "--policy"), ("--policy",)),
    "unknown command": Mistake(("sacn", "repo"), ("sacn",)),
    "quiet and verbose together": Mistake(("-q", "-v", "scan", "repo"), ("--quiet", "--verbose")),
    "output into a missing directory": Mistake(
        ("scan", "repo", "-o", "no/such/dir/out.txt"), ("no/such/dir/out.txt", "does not exist")),
    # Output files are checked before any work: a format mlgate cannot write, a missing directory.
    "report as PDF": Mistake(("report", "repo", "--offline", "-o", "report.pdf"), ("report.pdf", ".html", "--format")),
    "BOM as SPDX tag-value": Mistake(
        ("bom", "repo", "--offline", "-o", "x.spdx"), ("x.spdx", ".spdx.json", "--format")),
    "check report into a missing directory": Mistake(
        ("check", "repo", "--policy", "commercial", "-o", "out/r.sarif"), ("out/r.sarif", "does not exist")),
    "BOM into a missing directory": Mistake(
        ("bom", "repo", "-o", "out/mlbom.json"), ("out/mlbom.json", "does not exist")),
    "settings pasted at the top of pyproject": Mistake(
        ("scan", "repo"), ("pyproject.toml", "'overrides' is at the top level", "[tool.mlgate.overrides]"),
        _settings('[tool.mlgate]\npolicy = "commercial"\n\n[overrides]\n"org/x" = "MIT"\n', name="pyproject.toml")),
    "output is a directory": Mistake(
        ("bom", "repo", "--offline", "-o", "repo"), ("repo", "directory")),
    "settings: invalid TOML": Mistake(("scan", "repo"), (".mlgate.toml", "TOML", "line 1"), _settings("policy = \n")),
    "settings: unknown key": Mistake(
        ("scan", "repo"), (".mlgate.toml", "unknown key 'polcy'", "expected one of"), _settings('polcy = "x"\n')),
    "settings: wrong type": Mistake(
        ("scan", "repo"), (".mlgate.toml", "timeout", "positive number"), _settings('timeout = "soon"\n')),
    "settings: bad fail-on": Mistake(
        ("scan", "repo"), (".mlgate.toml", "fail-on", "expected"), _settings('fail-on = "always"\n')),
    "settings: unknown source": Mistake(
        ("scan", "repo"), (".mlgate.toml", "sources", "unknown source"), _settings('sources = ["pypi"]\n')),
    "settings: bad override": Mistake(
        ("scan", "repo"), (".mlgate.toml", "overrides"), _settings('[overrides]\n"org/x" = 3\n')),
    "settings: not UTF-8": Mistake(("scan", "repo"), (".mlgate.toml", "UTF-8"), _settings(b"policy = '\xff'\n")),
    "settings in pyproject": Mistake(
        ("scan", "repo"), ("pyproject.toml", "offline", "true or false"),
        _settings('[tool.mlgate]\noffline = "yes"\n', name="pyproject.toml")),
    # A file that claims to be a CycloneDX BOM but is not one (check evaluates BOMs it is given).
    "BOM: truncated JSON": Mistake(
        ("check", "bom.json", "--policy", "commercial"), ("bom.json", "not a CycloneDX BOM", "JSON"),
        _file("bom.json", b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [')),
    "BOM: components not a list": Mistake(
        ("check", "bom.json", "--policy", "commercial"), ("bom.json", "not a CycloneDX BOM", "components"),
        _file("bom.json", b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {"a": 1}}')),
    "BOM: not UTF-8": Mistake(
        ("check", "bom.json", "--policy", "commercial"), ("bom.json", "not a CycloneDX BOM"),
        _file("bom.json", b'{"bomFormat": "CycloneDX", "x": "\xff\xfe"}')),
    "BOM: malformed XML": Mistake(
        ("check", "bom.xml", "--policy", "commercial"), ("bom.xml", "not a CycloneDX BOM", "XML"),
        _file("bom.xml", b'<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><co')),
    "BOM: XML entity bomb": Mistake(
        ("check", "bom.xml", "--policy", "commercial"), ("bom.xml", "not a CycloneDX BOM"),
        _file("bom.xml", b'<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(b'<!ENTITY %c "%s">' % (bytes([c]), (b"&%c;" % (c - 1)) * 10) for c in range(98, 106))
              + b']><bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library">'
              b"<name>&i;</name></component></components></bom>")),
    "BOM: XML external entity": Mistake(
        ("check", "bom.xml", "--policy", "commercial"), ("bom.xml", "not a CycloneDX BOM"),
        _file("bom.xml", b'<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              b'<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="machine-learning-model">'
              b"<name>&x;</name></component></components></bom>")),
    "BOM: SPDX, not CycloneDX": Mistake(
        ("check", "sbom.spdx.json", "--policy", "commercial"), ("sbom.spdx.json", "CycloneDX"),
        _file("sbom.spdx.json", json.dumps({
            "spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "app",
            "packages": [{"SPDXID": "SPDXRef-m", "name": "Qwen/Qwen2.5-3B-Instruct",
                          "licenseConcluded": "NOASSERTION"}],
        }).encode())),
    "diff: broken BOM": Mistake(
        ("diff", "bom.json", "repo"), ("bom.json", "not a CycloneDX BOM"),
        _file("bom.json", b'{"bomFormat": "CycloneDX", "components": [}')),
}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(MODEL_PY)
    # A git repository so that the project root is `repo` and settings above it are not read.
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return tmp_path


@pytest.mark.parametrize("case", list(MISTAKES), ids=list(MISTAKES))
def test_user_mistake_is_one_clear_line(workdir: Path, case: str) -> None:
    mistake = MISTAKES[case]
    mistake.setup(workdir)
    assert_clean_error(invoke_mlgate(*mistake.args, cwd=workdir), *mistake.fragments)


# The same through the installed command, for a mistake in each place one can be made.
@pytest.mark.e2e
@pytest.mark.parametrize("case", ["missing path", "unknown preset", "settings: invalid TOML", "report as PDF",
                                  "BOM: truncated JSON"])
def test_user_mistake_through_the_installed_command(workdir: Path, case: str) -> None:
    mistake = MISTAKES[case]
    mistake.setup(workdir)
    assert_clean_error(run_mlgate(*mistake.args, cwd=workdir), *mistake.fragments)


def test_policy_that_is_a_fifo_is_refused_not_waited_on(workdir: Path) -> None:
    # Tests run as root, so chmod 000 cannot make a file unreadable; a FIFO with no writer
    # is the unreadable file root cannot open without blocking.
    os.mkfifo(workdir / "policy.yaml")
    proc = run_mlgate("check", "repo", "--policy", "./policy.yaml", cwd=workdir)  # a hang meets the default timeout
    assert_clean_error(proc, "policy.yaml", "not a regular file")


def test_hostile_characters_in_a_path_stay_on_one_inert_line(workdir: Path) -> None:
    name = "bad\nname\x1b[2J\x07"
    proc = run_mlgate("scan", name, cwd=workdir)
    line = assert_clean_error(proc, "no such file or directory")
    assert "\x1b" not in line and "\x07" not in line
    assert "\\x1b[2J" in line


def test_debug_adds_the_traceback_and_keeps_the_line(workdir: Path) -> None:
    (workdir / "policy.yaml").write_bytes(b"version: 1\nrules: [\n")
    plain = run_mlgate("check", "repo", "--policy", "./policy.yaml", cwd=workdir)
    line = assert_clean_error(plain, "policy.yaml")
    debug = run_mlgate("--debug", "check", "repo", "--policy", "./policy.yaml", cwd=workdir)
    assert debug.returncode == 2
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.rstrip().splitlines()[-1] == line


def test_internal_error_is_one_line_exit_3_with_traceback_only_under_debug(workdir: Path) -> None:
    # A bug in mlgate (here: the scan stage raising) is not the user's mistake: exit 3, one
    # line that says to rerun with --debug.
    script = (
        "import sys, mlgate.pipeline as p\n"
        "def broken(config): raise RuntimeError('scan stage bug')\n"
        "p.scan_paths = broken\n"
        "from mlgate.cli import cli; from mlgate.cli.app import run_cli\n"
        "sys.exit(run_cli(cli, sys.argv[1:]))\n"
    )
    plain = run_python_writer(script, "scan", "repo", cwd=workdir)
    assert plain.returncode == 3, plain.stderr
    lines = plain.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlgate: internal error: ") and "--debug" in lines[0]
    debug = run_python_writer(script, "--debug", "scan", "repo", cwd=workdir)
    assert debug.returncode == 3
    assert "Traceback (most recent call last)" in debug.stderr


@pytest.mark.parametrize("unreadable", ["policy.yaml", "repo/.mlgate.toml"])
def test_unreadable_policy_or_settings_is_one_clear_line(workdir: Path, unreadable: str) -> None:
    (workdir / "policy.yaml").write_text("version: 1\nrules: []\n")
    (workdir / "repo" / ".mlgate.toml").write_text("offline = true\n")
    (workdir / unreadable).chmod(0)
    try:
        proc = subprocess.run([mlgate_exe(), "check", "repo", "--policy", "./policy.yaml"], cwd=workdir,
                              capture_output=True, text=True, timeout=300, check=False,
                              preexec_fn=without_root_overrides)
    except subprocess.SubprocessError as exc:  # a container that denies root even prctl
        pytest.skip(f"cannot drop root's file-permission override here: {exc}")
    assert_clean_error(proc, unreadable.rsplit("/", 1)[-1], "Permission denied")
