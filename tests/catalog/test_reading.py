"""The bounded reader: regular files only, never blocking, size checked before reading."""

from __future__ import annotations

import os
import socket
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from mathpath.catalog.reading import (
    MAX_NESTING,
    check_file,
    json_too_deep,
    parse_json,
    read_bytes,
    read_text,
)
from mathpath.errors import CatalogError, Problem, UserDataError

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and sockets are POSIX")


def user_data_error(problems: list[Problem]) -> UserDataError:
    return UserDataError("\n".join(str(p) for p in problems))


def only_message(exc: CatalogError) -> str:
    (problem,) = exc.problems
    return problem.message


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"version: 1\n")
    data, status = read_bytes(path)
    assert data == b"version: 1\n"
    assert status.st_size == 11


@posix_only
def test_a_fifo_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "c.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(CatalogError) as info:
        read_text(fifo)
    assert time.monotonic() - started < 5
    assert only_message(info.value).startswith("is a FIFO (named pipe), not a regular file")
    assert info.value.problems[0].file == str(fifo)


@posix_only
def test_a_symbolic_link_to_a_fifo_is_refused_too(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    link = tmp_path / "c.yaml"
    link.symlink_to(tmp_path / "pipe")
    with pytest.raises(CatalogError, match="is a FIFO"):
        read_text(link)


@posix_only
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(path))
        except OSError as exc:  # pragma: no cover - a path too long for AF_UNIX
            pytest.skip(f"cannot bind a socket here: {exc}")
        with pytest.raises(CatalogError) as info:
            read_text(path)
    # Opening a socket fails before fstat (ENXIO): either way it is a clear refusal.
    assert "socket" in only_message(info.value) or "cannot be read" in only_message(info.value)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_a_device_not_a_catalog() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(CatalogError) as info:
            read_text(Path("/dev/zero"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert only_message(info.value).startswith("is a character device, not a regular file")
    assert peak < 1024 * 1024


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="is a folder, not a file"):
        read_text(tmp_path)


def test_the_size_is_checked_before_reading(tmp_path: Path) -> None:
    # A sparse file far over the limit: reading it would take gigabytes; checking takes nothing.
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(5 * 1024**3)
    tracemalloc.start()
    try:
        with pytest.raises(CatalogError) as info:
            read_text(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert only_message(info.value) == "is larger than 512 MB (5,368,709,120 bytes): not read"
    assert peak < 1024 * 1024


def test_the_limit_is_the_callers(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(UserDataError, match=r"is larger than 1,024 bytes \(2,048 bytes\)"):
        read_text(path, limit=1024, error=user_data_error)
    assert read_text(path, limit=2048) == "x" * 2048


def test_check_file_refuses_what_read_would_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"abc")
    assert check_file(path).st_size == 3
    with pytest.raises(CatalogError, match="is larger than 2 bytes"):
        check_file(path, limit=2)
    with pytest.raises(CatalogError, match="file not found"):
        check_file(tmp_path / "missing.yaml")


def test_json_nesting_is_located_instead_of_a_recursion_error() -> None:
    text = '{"a": 1,\n "b": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(UserDataError) as info:
        parse_json(text, "plan.json", error=user_data_error)
    assert str(info.value) == (
        f"plan.json:2: nested deeper than {MAX_NESTING} levels at line 2 "
        "(no mathpath file nests that deep: check that this is the right file)"
    )


def test_brackets_inside_json_strings_do_not_count() -> None:
    assert json_too_deep('{"a": "' + "[" * 500 + '\\"' + '"}') is None
    assert json_too_deep("[" * (MAX_NESTING + 1), MAX_NESTING) == 1


def test_json_syntax_errors_name_the_line() -> None:
    with pytest.raises(UserDataError, match=r"^plan.json:2: not valid JSON: Expecting value"):
        parse_json('{"a":\n ]', "plan.json", error=user_data_error)
