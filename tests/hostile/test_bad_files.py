"""Bad source files: each is scanned (its reference found) or reported as skipped with a
reason, and the run completes, within bounded memory, whatever the files hold.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import mlgate_exe
from hostile.corpus import CORPUS, Expect, plant, sparse_artifacts
from hostile.helpers import git_init, run_mlgate, without_root_overrides
from mlgate.scan.registry import DETECTORS

MEMORY_LIMIT = 3 * 1024**3  # a hostile length that makes mlgate allocate gigabytes fails the run


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def scan_json(root: Path, *paths: str, timeout: float = 300) -> dict[str, object]:
    out = root.parent / "scan.json"
    proc = subprocess.run([mlgate_exe(), "scan", *(paths or (str(root),)), "--format", "json", "-o", str(out)],
                          cwd=root, capture_output=True, text=True, timeout=timeout, check=False,
                          preexec_fn=_bounded, env=os.environ)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    result: dict[str, object] = json.loads(out.read_text())
    return result


def _read_by_some_detector(path: str) -> bool:
    return any(d.accepts(path) for d in DETECTORS)


@pytest.mark.slow
def test_every_hostile_file_is_scanned_or_skipped_then_check_and_bom_complete(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    plant(root)
    doc = scan_json(root)
    found: dict[str, set[tuple[str, int]]] = {}
    for ref in doc["references"]:  # type: ignore[attr-defined]
        found.setdefault(ref["path"], set()).add((ref["target"], ref["line"]))
    skipped = {s["path"]: s["reason"] for s in doc["skipped"]}  # type: ignore[attr-defined]
    assert all(reason.strip() for reason in skipped.values())

    problems = [f"{item.path}: no detector reads it" for item in CORPUS if not _read_by_some_detector(item.path)]
    for item in CORPUS:
        hits = found.get(item.path, set())
        is_found = any(t == item.target and (item.line is None or line == item.line) for t, line in hits)
        if item.expect is Expect.FOUND and not is_found:
            why = f"skipped: {skipped[item.path]}" if item.path in skipped else f"found only {sorted(hits)}"
            problems.append(f"{item.path}: expected {item.target} at line {item.line}; {why}")
        elif item.expect is Expect.FOUND_OR_SKIPPED and not (is_found or item.path in skipped):
            problems.append(f"{item.path}: neither found {item.target} nor reported as skipped (found {sorted(hits)})")
    assert problems == [], "\n".join(problems)

    # Local model directories whose card is an alias bomb, 50 MB, or nested 200,000 deep.
    bomb = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    bomb += ["license: *a9", "license_name: *a9", "base_model: *a9", "datasets: *a9", "---", "# card"]
    deep = "---\nlicense: mit\nbase_model: " + "[" * 200_000 + "\n---\n"
    for name, card in (("bomb", "\n".join(bomb) + "\n"), ("huge", "---\nlicense: mit\n" + "x" * (50 * 2**20)),
                       ("deep", deep)):
        model = root / "models" / name
        model.mkdir(parents=True)
        (model / "config.json").write_text('{"model_type": "bert"}')
        (model / "README.md").write_text(card)
    (root / "local.py").write_text("from transformers import AutoModel\n" + "".join(
        f'AutoModel.from_pretrained("./models/{name}")\n' for name in ("bomb", "huge", "deep")))
    # The scan above filled this test's cache: check and bom read each hostile file again but parse
    # only the new ones (the scan stage is the one all three commands share).
    runs = (["check", "repo", "--policy", "commercial", "--offline"], ["bom", "repo", "--offline", "-o", "bom.json"])
    with ThreadPoolExecutor(2) as pool:
        check, bom = pool.map(lambda args: run_mlgate(*args, cwd=tmp_path), runs)
    assert check.returncode in (0, 1), check.stderr
    assert bom.returncode == 0, bom.stderr
    assert json.loads((tmp_path / "bom.json").read_text())["bomFormat"] == "CycloneDX"


def test_multi_gigabyte_artifacts_are_read_by_a_bounded_prefix(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    names = sparse_artifacts(root)
    (root / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("org/beside")\n')
    # 8 GiB each: reading either whole would exceed the memory limit (_bounded), whatever the load.
    doc = scan_json(root)
    targets = {ref["target"] for ref in doc["references"]}  # type: ignore[attr-defined]
    assert "org/beside" in targets
    skipped = {s["path"] for s in doc["skipped"]}  # type: ignore[attr-defined]
    for name in names:
        if any(d.accepts(name) and d.header_bytes for d in DETECTORS):
            assert name not in skipped, f"{name} should be read by its header, not skipped"


@pytest.mark.parametrize("as_git_checkout", [False, True], ids=["plain-directory", "git-checkout"])
def test_symlinks_are_not_followed_out_of_the_root_or_into_loops(tmp_path: Path, as_git_checkout: bool) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("org/outside")\n')
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("org/inside")\n')
    (root / "sub").mkdir()
    links = {
        "to_outside_file.py": outside / "secret.py",
        "to_outside_dir": outside,
        "to_etc": Path("/etc"),
        "loop_self": Path("loop_self"),
        "loop_a.py": Path("loop_b.py"),
        "loop_b.py": Path("loop_a.py"),
        "sub/up": Path(".."),
        "sub/root": root,
        "dangling.py": Path("nowhere.py"),
    }
    for name, target in links.items():
        (root / name).symlink_to(target)
    if as_git_checkout:
        git_init(root)
    doc = scan_json(root)
    targets = {ref["target"] for ref in doc["references"]}  # type: ignore[attr-defined]
    assert targets == {"org/inside"}, "a link was followed out of the root"
    paths = {ref["path"] for ref in doc["references"]}  # type: ignore[attr-defined]
    assert paths == {"app.py"}, "a link into the root was followed: files were scanned twice"
    skipped = {s["path"]: s["reason"] for s in doc["skipped"]}  # type: ignore[attr-defined]
    for name in ("to_outside_file.py", "loop_a.py", "loop_b.py", "dangling.py"):
        assert "link" in skipped.get(name, ""), (name, skipped)


def test_fifo_in_the_tree_or_on_the_command_line_does_not_block(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("org/inside")\n')
    os.mkfifo(root / "train.py")
    os.mkfifo(root / "config.yaml")
    doc = scan_json(root)
    assert {ref["target"] for ref in doc["references"]} == {"org/inside"}  # type: ignore[attr-defined]
    skipped = {s["path"]: s["reason"] for s in doc["skipped"]}  # type: ignore[attr-defined]
    assert "regular file" in skipped.get("train.py", ""), skipped
    # pre-commit passes file names: a FIFO among them is skipped, not waited on.
    doc = scan_json(root, "app.py", "train.py", timeout=300)
    skipped = {s["path"]: s["reason"] for s in doc["skipped"]}  # type: ignore[attr-defined]
    assert "regular file" in skipped.get("train.py", ""), skipped


@pytest.mark.parametrize("as_git_checkout", [False, True], ids=["plain-directory", "git-checkout"])
def test_unreadable_files_and_directories_are_reported(tmp_path: Path, as_git_checkout: bool) -> None:
    root = tmp_path / "repo"
    (root / "locked").mkdir(parents=True)
    call = 'from transformers import AutoModel\nAutoModel.from_pretrained("{}")\n'
    (root / "app.py").write_text(call.format("org/readable"))
    (root / "secret.py").write_text(call.format("org/unreadable-file"))
    (root / "locked" / "inner.py").write_text(call.format("org/in-locked-dir"))
    if as_git_checkout:
        git_init(root)
    (root / "secret.py").chmod(0)
    (root / "locked").chmod(0)
    out = tmp_path / "scan.json"
    try:
        proc = subprocess.run([mlgate_exe(), "scan", str(root), "--format", "json", "-o", str(out)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300, check=False,
                              preexec_fn=lambda: (_bounded(), without_root_overrides()))
    except subprocess.SubprocessError as exc:  # a container that denies root even prctl
        pytest.skip(f"cannot drop root's file-permission override here: {exc}")
    finally:
        (root / "locked").chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text())
    assert {ref["target"] for ref in doc["references"]} == {"org/readable"}
    skipped = {s["path"]: s["reason"] for s in doc["skipped"]}
    assert "unreadable" in skipped.get("secret.py", ""), skipped
    assert any(path.startswith("locked") and "unreadable" in reason for path, reason in skipped.items()), skipped
