"""atomic_write and locked: nothing a user owns is lost or half-written."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from mathpath.errors import ExitCode, OutputError
from mathpath.learner.files import (
    STALE_TEMPORARY_SECONDS,
    TEMPORARY_NAME,
    atomic_write,
    locked,
    remove_stale_temporaries,
)


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


# --- issue 15, item 1: only regular files or new paths are written ------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and devices are POSIX")


def assert_refused_untouched(path: Path, kind: str) -> None:
    before = os.lstat(path)
    with pytest.raises(OutputError) as info:
        atomic_write(path, b"plan", overwrite=True)
    assert str(info.value).startswith(
        f"{path}: is {kind}, not a regular file: mathpath writes only regular files, "
        "also with --force"
    )
    assert "`--output -` writes to standard output" in str(info.value)
    after = os.lstat(path)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


@posix_only
def test_a_fifo_is_never_replaced_even_with_force(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.md"
    os.mkfifo(fifo)
    assert_refused_untouched(fifo, "a FIFO (named pipe)")


@posix_only
def test_a_character_device_is_never_replaced(tmp_path: Path) -> None:
    # A stand-in for /dev/null: the same device numbers, in a temporary folder.
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    assert_refused_untouched(device, "a character device")


@posix_only
def test_a_link_to_a_fifo_is_refused_and_stays_a_link(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    link = tmp_path / "stdout"
    link.symlink_to(tmp_path / "pipe")
    with pytest.raises(OutputError, match="is a FIFO"):
        atomic_write(link, b"plan")
    assert link.is_symlink()
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe").st_mode)


@posix_only
def test_a_link_to_a_regular_file_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_bytes(b"old")
    link = tmp_path / "plan.md"
    link.symlink_to("real.md")
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert (tmp_path / "real.md").read_bytes() == b"new"


@posix_only
def test_a_dangling_link_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "plan.md"
    link.symlink_to("nowhere.md")
    with pytest.raises(OutputError, match="is a symbolic link to a missing file"):
        atomic_write(link, b"new")
    assert link.is_symlink()
    assert not (tmp_path / "nowhere.md").exists()


def test_a_long_name_leaves_room_for_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / ("p" * 250 + ".md")
    atomic_write(target, b"x")
    assert target.read_bytes() == b"x"


# --- issue 15, item 11: temporary files of killed writes are removed by the next write ----------


def test_the_next_write_removes_stale_temporaries_and_nothing_else(tmp_path: Path) -> None:
    old = time.time() - STALE_TEMPORARY_SECONDS - 60
    stale = tmp_path / ".plan.md.mathpath-k2j3h4g5.tmp"  # what a killed write leaves
    fresh = tmp_path / ".study.ics.mathpath-abcdefgh.tmp"  # a write under way elsewhere
    others = [
        tmp_path / ".plan.md.k2j3h4g5.tmp",  # not mathpath's pattern
        tmp_path / "notes.mathpath-k2j3h4g5.tmp",  # not hidden
        tmp_path / ".plan.md.mathpath-toolong12.tmp",
        tmp_path / "plan.md",
    ]
    for path in (stale, fresh, *others):
        path.write_bytes(b"x")
        os.utime(path, (old, old))
    os.utime(fresh, None)
    folder_like = tmp_path / ".x.mathpath-aaaaaaaa.tmp"
    folder_like.mkdir()
    os.utime(folder_like, (old, old))

    atomic_write(tmp_path / "other.json", b"{}")

    assert not stale.exists()
    assert fresh.exists()
    assert folder_like.is_dir()
    for path in others:
        assert path.read_bytes() == b"x"


def test_remove_stale_temporaries_reports_what_it_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".a.mathpath-00000000.tmp"
    stale.write_bytes(b"")
    now = time.time() + STALE_TEMPORARY_SECONDS + 1
    assert remove_stale_temporaries(tmp_path, now=now) == [stale]
    assert remove_stale_temporaries(tmp_path / "missing") == []


def test_a_killed_write_leaves_a_temporary_the_pattern_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    left: list[str] = []
    real_unlink = Path.unlink

    def keep(self: Path, missing_ok: bool = False) -> None:  # as if killed before cleaning up
        left.append(self.name)

    def killed(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    monkeypatch.setattr(Path, "unlink", keep)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "plan.md", b"x")
    monkeypatch.setattr(Path, "unlink", real_unlink)
    (name,) = left
    assert TEMPORARY_NAME.match(name)
    assert name.startswith(".plan.md.mathpath-")
