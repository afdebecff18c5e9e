"""Writing files so that nothing a user owns is ever lost or half-written.

* ``atomic_write``: a temporary file in the same folder, flushed and fsynced, then renamed over the
  target (rename is atomic on POSIX and Windows), so a reader sees the old file or the new one,
  never a mixture; an interrupted write leaves at most a stray ``.tmp`` file.
* ``locked``: an advisory lock file beside the target (``filelock``), so that read-modify-write
  cycles of concurrent mathpath processes are serialised and every record lands.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mathpath.errors import OutputError

LOCK_TIMEOUT_SECONDS = 30.0


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically.

    With ``overwrite=False`` an existing file is left untouched and ``OutputError`` is raised.
    Missing folders and unwritable places are ``OutputError``s with a clear message.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise OutputError(
            f"{path}: the folder {folder} does not exist",
            hint="create it first, or choose another path",
        )
    if not folder.is_dir():
        raise OutputError(f"{path}: {folder} is not a folder")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder, not a file")
    if not overwrite and path.exists():
        raise OutputError(
            f"{path}: already exists; not overwritten", hint="pass --force to replace it"
        )
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {folder}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Keep the permissions the user gave the file they already had.
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if not overwrite and path.exists():  # lost a race with another writer
            raise OutputError(
                f"{path}: already exists; not overwritten", hint="pass --force to replace it"
            )
        os.replace(tmp, path)
        _fsync_folder(folder)
    except OutputError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot be written: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
            f"{path}: another mathpath process holds {lock_path}",
            hint="wait for it to finish, or remove a stale lock file",
        ) from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot lock {lock_path}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()
