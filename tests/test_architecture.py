"""The layering is a contract (docs/architecture.md), checked by import-linter in every run.

cli -> (report, bom) -> pipeline -> policy -> resolve -> (scan, bomread) -> domain modules,
and no import cycles between sibling packages or modules at any depth. The contract lives in
pyproject.toml (`[tool.importlinter]`); `lint-imports` runs the same check by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "mlgate"
MAX_LINES = 400
_LINT = ("import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))")


def _lint(package_parent: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the `mlgate` package found in `package_parent` (first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run([sys.executable, "-c", _LINT, str(config)], env=env, cwd=config.parent,
                          capture_output=True, text=True, timeout=600, check=False)


def test_the_stages_import_only_downward_and_without_cycles() -> None:
    result = _lint(PACKAGE.parent, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout, result.stdout


def test_a_back_edge_breaks_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy / "mlgate", ignore=shutil.ignore_patterns("__pycache__"))
    model = copy / "mlgate" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nimport mlgate.pipeline  # a domain module reaching up\n",
                     encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    result = _lint(copy, tmp_path / "pyproject.toml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "mlgate.model is not allowed to import mlgate.pipeline" in result.stdout, result.stdout


def test_no_module_is_over_the_size_limit() -> None:
    sizes = {path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    assert "model.py" in sizes and "scan/engine.py" in sizes  # the walk found the package
    over = {name: lines for name, lines in sizes.items() if lines > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines: {over}"
