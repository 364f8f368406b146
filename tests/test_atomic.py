"""Atomic writes leave either the old file or the new one, never a half file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgate.atomic import write_atomic


def test_replaces_content_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_failure_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("mlgate.atomic.os.replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_new_file_gets_umask_permissions_and_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        fresh = tmp_path / "report.html"
        write_atomic(fresh, "x")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "NOTICE"
        kept.write_text("old")
        kept.chmod(0o640)
        write_atomic(kept, "new")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_a_named_pipe_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    # `-o /dev/null` or a pipe: renaming over the target would turn a device or a pipe into a plain
    # file (as root, `-o /dev/null` would replace the system's null device). It is written instead.
    import os
    import stat

    pipe = tmp_path / "report.fifo"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a reader waiting: opening to write won't block
    try:
        write_atomic(pipe, "through the pipe")
        assert os.read(reader, 1024) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo"]
