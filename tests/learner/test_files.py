"""atomic_write and locked: nothing a user owns is lost or half-written."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from mathpath.errors import ExitCode, OutputError
from mathpath.learner.files import atomic_write, locked


def test_writes_new_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    atomic_write(target, b"hello\n")
    assert target.read_bytes() == b"hello\n"


def test_refuses_to_overwrite_without_permission(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_bytes(b"mine")
    with pytest.raises(OutputError, match="already exists") as info:
        atomic_write(target, b"theirs", overwrite=False)
    assert info.value.exit_code == ExitCode.OUTPUT
    assert "--force" in str(info.value)
    assert target.read_bytes() == b"mine"


def test_overwrite_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "plan.md"
    with pytest.raises(OutputError, match="does not exist"):
        atomic_write(target, b"x")
    assert not target.parent.exists()


def test_parent_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        atomic_write(blocker / "plan.md", b"x")


def test_target_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plan.md").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        atomic_write(tmp_path / "plan.md", b"x")


def test_failed_write_leaves_old_file_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "progress.yaml"
    target.write_bytes(b"records: [1, 2, 3]\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left"):
        atomic_write(target, b"records: []\n")
    assert target.read_bytes() == b"records: [1, 2, 3]\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.yaml"]


def test_interrupted_write_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.json"
    target.write_bytes(b"{}")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b'{"half": ')
    assert target.read_bytes() == b"{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_locked_serialises_read_modify_write(tmp_path: Path) -> None:
    counter = tmp_path / "counter.txt"
    counter.write_text("0")

    def bump() -> None:
        for _ in range(20):
            with locked(counter):
                value = int(counter.read_text())
                atomic_write(counter, str(value + 1).encode())

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.read_text() == "80"


def test_locked_does_not_swallow_errors_from_the_block(tmp_path: Path) -> None:
    with pytest.raises(PermissionError), locked(tmp_path / "x"):
        raise PermissionError("from the caller")
