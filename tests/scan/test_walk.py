"""Listing a tree outside a git checkout: `.gitignore` rules as pathspec decides them, found fast."""

from __future__ import annotations

from pathlib import Path

import pathspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlgate.scan import walk
from mlgate.scan.walk import _any_pattern, walk_files

_names = st.sampled_from(["a", "b", "build", "logs", "x.py", "x.pyc", "keep.pyc", "data.bin", "deep"])
_paths = st.lists(_names, min_size=1, max_size=4).map("/".join)
_lines = st.sampled_from([
    "*.pyc", "!keep.pyc", "build/", "/logs", "logs", "a/**/x.py", "**/deep", "deep/", "!a/", "b/*.py",
    "*.bin", "!data.bin", "\\#not-a-comment", "# a comment", "", "x.p[yz]", "/a/b", "?.py", "(paren)", "a\\ b",
])


@given(st.lists(_lines, max_size=8), st.lists(_paths, max_size=12), st.booleans())
def test_a_path_the_quick_pattern_passes_over_is_one_the_spec_does_not_ignore(lines: list[str], paths: list[str],
                                                                             as_directory: bool) -> None:
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    quick = _any_pattern(spec)
    assert quick is not None  # every pattern pathspec writes folds into one
    for path in paths:
        candidate = path + "/" if as_directory else path
        if quick.search(candidate) is None:
            assert not spec.match_file(candidate), (lines, candidate)


def test_the_walk_lists_what_the_spec_keeps(tmp_path: Path) -> None:
    files = ["a.py", "b.pyc", "keep.pyc", "build/out.py", "logs/run.txt", "src/logs/x.py", "src/m.py",
             "src/deep/y.py", "src/sub/.gitignore", "src/sub/z.tmp", "src/sub/z.py", "docs/a b.md"]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    (tmp_path / ".gitignore").write_text("*.pyc\n!keep.pyc\nbuild/\n/logs\n**/deep\n")
    (tmp_path / "src/sub/.gitignore").write_text("*.tmp\n")
    listed = list(walk_files(tmp_path, []))
    assert sorted(listed) == [".gitignore", "a.py", "docs/a b.md", "keep.pyc", "src/logs/x.py", "src/m.py",
                              "src/sub/.gitignore", "src/sub/z.py"]


def test_a_pattern_that_cannot_be_folded_is_decided_by_the_spec_alone(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(walk, "_any_pattern", lambda spec: None)
    (tmp_path / "a.pyc").write_text("x\n")
    (tmp_path / "a.py").write_text("x\n")
    (tmp_path / ".gitignore").write_text("*.pyc\n")
    assert sorted(walk_files(tmp_path, [])) == [".gitignore", "a.py"]
