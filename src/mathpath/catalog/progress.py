"""Progress of long work (parsing and checking a large catalog, writing its cache, a large
export), told to whoever asked: the core never shows anything itself.

A caller passes a ``Progress`` callback (``load_catalog(..., progress=...)``), or runs the work
``with reporting(callback):``; the work calls ``report(task, done, total)`` at its steps, which
costs nothing when nobody listens. ``task`` is a short phrase in the interface language
("Checking the catalog"), ``total`` None when the step cannot be counted (one call into the
YAML parser). The command line draws a Rich progress display on stderr from it
(``cli/progress.py``); a library caller may log it, or ignore it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

Progress = Callable[[str, int, "int | None"], None]
T = TypeVar("T")

_listener: ContextVar[Progress | None] = ContextVar("mathpath_progress", default=None)


@contextlib.contextmanager
def reporting(progress: Progress | None) -> Iterator[None]:
    """Tell ``progress`` about the work done inside the block (None: keep whoever listens)."""
    if progress is None:
        yield
        return
    token = _listener.set(progress)
    try:
        yield
    finally:
        _listener.reset(token)


def report(task: str, done: int, total: int | None = None) -> None:
    listener = _listener.get()
    if listener is not None:
        listener(task, done, total)


def listening() -> bool:
    return _listener.get() is not None


def counted(items: Iterable[T], task: str, total: int, every: int = 1) -> Iterator[T]:
    """``items``, reporting ``task`` after every ``every`` of them (and at the end)."""
    if not listening():
        yield from items
        return
    done = 0
    report(task, 0, total)
    for item in items:
        yield item
        done += 1
        if done % every == 0:
            report(task, done, total)
    report(task, done, total)
