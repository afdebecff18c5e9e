"""Reading any file mathpath reads (catalog, profile, progress, saved plans) within bounds.

Whatever sits at a path, reading it ends promptly with its data or with a located ``Problem``:

* only regular files are read: a FIFO, socket, device (``/dev/zero``) or folder is refused,
  also through a symbolic link. The file is opened with ``O_NONBLOCK``, so a FIFO with no writer
  cannot hang the open, and its type is taken from the open descriptor (``fstat``), so what is
  checked is what is read;
* the size is checked before anything is read (a 5 GB sparse file costs nothing), and no more
  than the limit plus one byte is ever read, so a file that grows meanwhile is caught too;
* text must be UTF-8 (a byte-order mark is allowed), and JSON may not nest deeper than
  ``MAX_NESTING`` levels (YAML nesting is bounded in ``yamlsource`` in the same way).

Failures are raised through an ``error`` factory (``CatalogError`` for catalogs, the learner's
``UserDataError`` for the learner's files), so each kind of file keeps its documented exit code.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mathpath.errors import CatalogError, MathpathError, Problem
from mathpath.i18n import _

MiB = 1024 * 1024
MAX_CATALOG_BYTES = 512 * MiB
# A profile is a few lines, a progress file ~100 bytes a record, a saved plan of a
# 100,000-resource catalog about 7 MB.
MAX_LEARNER_FILE_BYTES = 64 * MiB
# Deeper than any file mathpath reads or writes (a catalog nests about 7 levels, a saved plan 6);
# far below the depth at which recursive parsers and validators exhaust the stack.
MAX_NESTING = 100

ErrorFactory = Callable[[list[Problem]], MathpathError]

_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, in words ("a FIFO", "a character device", ...)."""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISCHR(mode):
        return _("a character device")
    if stat.S_ISBLK(mode):
        return _("a block device")
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    return _("not a regular file")


def size_text(size: int) -> str:
    if size % MiB == 0:
        return _("{n} MB").format(n=size // MiB)
    return _("{n} bytes").format(n=f"{size:,}")


def read_bytes(
    path: Path,
    *,
    limit: int = MAX_CATALOG_BYTES,
    label: str | None = None,
    error: ErrorFactory = CatalogError,
) -> tuple[bytes, os.stat_result]:
    """The whole content of the regular file at ``path`` and its status after reading.

    Raises ``error([Problem])`` for a missing or unreadable path, anything but a regular file,
    a file larger than ``limit`` bytes (checked before reading), and a file whose size or
    modification time changed while it was read (two versions may be mixed in what was read).
    """
    name = label or str(path)
    fd, before = _open_regular(path, limit, name, error)
    try:
        # what fstat promised and one byte more, which shows a file that grew while being read
        data = _read_at_most(fd, min(limit, before.st_size) + 1)
        after = os.fstat(fd)
    except OSError as exc:
        raise _fail(
            error, name, _("cannot be read: {reason}").format(reason=exc.strerror or exc)
        ) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _fail(
            error,
            name,
            _("is larger than {size}: it grew while being read").format(size=size_text(limit)),
        )
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(
        data
    ) != after.st_size:
        raise _fail(
            error,
            name,
            _("changed while it was being read"),
            _("try again once nothing writes it"),
        )
    return data, after


def check_file(
    path: Path,
    *,
    limit: int = MAX_CATALOG_BYTES,
    label: str | None = None,
    error: ErrorFactory = CatalogError,
) -> os.stat_result:
    """What ``read_bytes`` would refuse before reading, checked without reading anything."""
    fd, status = _open_regular(path, limit, label or str(path), error)
    os.close(fd)
    return status


def _fail(error: ErrorFactory, name: str, message: str, hint: str = "") -> MathpathError:
    return error([Problem(name, message, hint=hint)])


def _open_regular(
    path: Path, limit: int, name: str, error: ErrorFactory
) -> tuple[int, os.stat_result]:
    """A descriptor open on the regular file at ``path`` of at most ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_NOCTTY | _O_BINARY)
    except FileNotFoundError:
        raise _fail(error, name, _("file not found"), _("check the path")) from None
    except IsADirectoryError:  # pragma: no cover - POSIX opens folders read-only
        raise _fail(error, name, _("is a folder, not a file")) from None
    except OSError as exc:
        raise _fail(
            error, name, _("cannot be read: {reason}").format(reason=exc.strerror or exc)
        ) from None
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise _fail(error, name, _("is a folder, not a file"))
        if not stat.S_ISREG(status.st_mode):
            raise _fail(
                error,
                name,
                _("is {kind}, not a regular file: mathpath reads only files").format(
                    kind=kind_of(status.st_mode)
                ),
                _("give the path of a file"),
            )
        if status.st_size > limit:
            raise _fail(
                error,
                name,
                _("is larger than {size} ({bytes} bytes): not read").format(
                    size=size_text(limit), bytes=f"{status.st_size:,}"
                ),
                _("check that this is the right file"),
            )
    except BaseException:
        os.close(fd)
        raise
    return fd, status


def _read_at_most(fd: int, count: int) -> bytes:
    """Up to ``count`` bytes from ``fd``, in one buffered read (no chunks joined afterwards)."""
    with open(fd, "rb", closefd=False) as handle:
        return handle.read(count)


def decode_utf8(raw: bytes, name: str, *, error: ErrorFactory = CatalogError) -> str:
    """``raw`` as text: UTF-8, with a leading byte-order mark dropped."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(
            name,
            _("is not valid UTF-8 (byte {byte} at offset {offset})").format(
                byte=f"0x{raw[exc.start]:02x}", offset=exc.start
            ),
            line=line,
            hint=_("save the file as UTF-8"),
        )
        raise error([problem]) from None


def read_text(
    path: Path,
    *,
    limit: int = MAX_CATALOG_BYTES,
    label: str | None = None,
    error: ErrorFactory = CatalogError,
) -> str:
    """The UTF-8 text of the regular file at ``path`` (see ``read_bytes`` for the bounds)."""
    raw, _status = read_bytes(path, limit=limit, label=label, error=error)
    return decode_utf8(raw, label or str(path), error=error)


# --- JSON -----------------------------------------------------------------------------------------

# A JSON string (skipped whole, so brackets inside strings do not count) or a bracket.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_too_deep(text: str, limit: int = MAX_NESTING) -> int | None:
    """The 1-based line at which ``text`` (JSON) nests deeper than ``limit``, or None."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            depth -= 1
    return None


def parse_json(text: str, name: str, *, error: ErrorFactory) -> Any:
    """``json.loads(text)`` with located errors: bad syntax, and nesting so deep that the decoder
    gives up (a RecursionError), reported as nesting deeper than ``MAX_NESTING`` at the line
    where it first does. (Checking every document for ``MAX_NESTING`` itself would cost as much
    as decoding it; nothing mathpath does with the data recurses.)"""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = _("not valid JSON: {reason}").format(reason=exc.msg)
        raise error([Problem(name, message, line=exc.lineno)]) from None
    except RecursionError:
        pass
    raise error([nesting_problem(name, json_too_deep(text))])


def nesting_problem(name: str, line: int | None, limit: int = MAX_NESTING) -> Problem:
    if line is not None:
        message = _("nested deeper than {limit} levels at line {line}").format(
            limit=limit, line=line
        )
    else:
        message = _("nested deeper than {limit} levels").format(limit=limit)
    return Problem(
        name,
        message,
        line=line,
        hint=_("no mathpath file nests that deep: check that this is the right file"),
    )
