"""Writing files so that nothing a user owns is ever lost or half-written.

* ``atomic_write``: a temporary file in the same folder, flushed and fsynced, then renamed over the
  target (rename is atomic on POSIX and Windows), so a reader sees the old file or the new one,
  never a mixture. Only a regular file or a new path is written: a device, FIFO, socket or folder
  at the path is refused even when overwriting is allowed (renaming over ``/dev/null`` as root
  would replace the device for every process). A symbolic link to a regular file is written
  through, so the link stays a link.
* Temporary files are named ``.NAME.mathpath-XXXXXXXX.tmp``. A write that is killed leaves one
  behind; the next write to the same folder removes every such file older than
  ``STALE_TEMPORARY_SECONDS`` (nothing else: no other name, no fresh file of a write under way).
* ``locked``: an advisory lock file beside the target (``filelock``), so that read-modify-write
  cycles of concurrent mathpath processes are serialised and every record lands.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from mathpath.catalog.reading import kind_of
from mathpath.errors import OutputError
from mathpath.i18n import _

LOCK_TIMEOUT_SECONDS = 30.0
# A write takes seconds at most: a temporary file this old belongs to a write that was killed.
STALE_TEMPORARY_SECONDS = 3600.0
TEMPORARY_MARK = ".mathpath-"
# `.NAME.mathpath-XXXXXXXX.tmp`, XXXXXXXX from tempfile's alphabet.
TEMPORARY_NAME = re.compile(r"^\..+\.mathpath-[a-z0-9_]{8}\.tmp$")
# A name as long as the file system allows would leave no room for the temporary file's marks.
_NAME_IN_TEMPORARY = 100


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically.

    With ``overwrite=False`` an existing file is left untouched and ``OutputError`` is raised.
    Missing folders, unwritable places and anything at ``path`` that is not a regular file are
    ``OutputError``s with a clear message.
    """
    path = Path(path)
    target = _writable_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise OutputError(
            _("{path}: the folder {folder} does not exist").format(path=path, folder=folder),
            hint=_("create it first, or choose another path"),
        )
    if not folder.is_dir():
        raise OutputError(_("{path}: {folder} is not a folder").format(path=path, folder=folder))
    if not overwrite and target.exists():
        raise _exists(path)
    remove_stale_temporaries(folder)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name[:_NAME_IN_TEMPORARY]}{TEMPORARY_MARK}", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise OutputError(
            _("{path}: cannot write in {folder}: {reason}").format(
                path=path, folder=folder, reason=exc.strerror or exc
            )
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        existing = _regular_or_none(path, target)  # again: it may have changed meanwhile
        if existing is not None:
            # Keep the permissions the user gave the file they already had.
            with contextlib.suppress(OSError):
                os.chmod(tmp, existing.st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if not overwrite and existing is not None:  # lost a race with another writer
            raise _exists(path)
        os.replace(tmp, target)
        _fsync_folder(folder)
    except OutputError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _unwritable(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _exists(path: Path) -> OutputError:
    return OutputError(
        _("{path}: already exists; not overwritten").format(path=path),
        hint=_("pass --force to replace it"),
    )


def _unwritable(path: Path, exc: OSError) -> OutputError:
    return OutputError(
        _("{path}: cannot be written: {reason}").format(path=path, reason=exc.strerror or exc)
    )


def _writable_target(path: Path) -> Path:
    """The path to rename the new file over: ``path``, or the regular file a link at ``path``
    points to. Raises ``OutputError`` for anything else that exists there."""
    if not os.path.islink(path):
        _regular_or_none(path, path)
        return path
    try:
        followed = os.stat(path)
    except FileNotFoundError:
        raise OutputError(
            _("{path}: is a symbolic link to a missing file; not written").format(path=path),
            hint=_("remove the link or choose another path"),
        ) from None
    except OSError as exc:
        raise _unwritable(path, exc) from None
    _refuse_unless_regular(path, followed.st_mode)  # /dev/stdout: a link to a pipe or terminal
    return Path(os.path.realpath(path))


def _regular_or_none(path: Path, target: Path) -> os.stat_result | None:
    """The status of the regular file at ``target``, None if nothing is there; anything else is
    refused, whatever ``--force`` says."""
    try:
        status = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):  # the folder is checked next
        return None
    except OSError as exc:
        raise _unwritable(path, exc) from None
    if stat.S_ISLNK(status.st_mode):  # replaced by a link since it was resolved
        raise OutputError(
            _("{path}: changed while it was being written; not replaced").format(path=path)
        )
    _refuse_unless_regular(path, status.st_mode)
    return status


def _refuse_unless_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise OutputError(_("{path}: is a folder, not a file").format(path=path))
    raise OutputError(
        _(
            "{path}: is {kind}, not a regular file: mathpath writes only regular files, also "
            "with --force"
        ).format(path=path, kind=kind_of(mode)),
        hint=_("`--output -` writes to standard output (redirect that where you like)"),
    )


def remove_stale_temporaries(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove mathpath's temporary files in ``folder`` left by writes that were killed: regular
    files named ``.NAME.mathpath-XXXXXXXX.tmp`` last changed ``STALE_TEMPORARY_SECONDS`` ago or
    earlier. Returns what was removed; a file that cannot be removed is left (quietly)."""
    cutoff = (time.time() if now is None else now) - STALE_TEMPORARY_SECONDS
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if TEMPORARY_MARK not in entry.name or not TEMPORARY_NAME.match(entry.name):
            continue
        try:
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(status.st_mode) and status.st_mtime <= cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _fsync_folder(folder: Path) -> None:
    # Make the rename itself durable where the platform allows opening a directory.
    if os.name != "posix":  # pragma: no cover
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked(path: Path, *, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock for ``path`` (via ``path.lock``) while the block runs."""
    from filelock import FileLock, Timeout

    lock_path = Path(f"{path}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path), timeout=timeout)
        lock.acquire()
    except Timeout:
        raise OutputError(
            _("{path}: another mathpath process holds {lock}").format(path=path, lock=lock_path),
            hint=_("wait for it to finish, or remove a stale lock file"),
        ) from None
    except OSError as exc:
        raise OutputError(
            _("{path}: cannot lock {lock}: {reason}").format(
                path=path, lock=lock_path, reason=exc.strerror or exc
            )
        ) from None
    try:
        yield
    finally:
        lock.release()
