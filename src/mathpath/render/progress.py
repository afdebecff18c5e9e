"""The progress display of long work: a Rich progress line on stderr, fed by the core's
progress callback (``mathpath.catalog.progress``).

It appears only once the work has taken ``DELAY`` seconds (a warm start is over long before),
shows the current step (what, how far, for how long) on one line that it removes at the end,
and under ``NO_COLOR`` is plain text: no bar, whose done and remaining parts only colour tells
apart, but the counts. Whether to show it at all (stderr a terminal, no JSON output) is the
command line's decision (``cli/app.py``).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

    from mathpath.catalog.progress import Progress as ProgressCallback

DELAY = 0.5  # seconds of work before anything is shown


class _Count(ProgressColumn):
    """``4,000/100,000``, or nothing for a step that cannot be counted."""

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        return Text(f"{int(task.completed):,}/{int(task.total):,}")


class _Display:
    def __init__(self, console: Console, delay: float) -> None:
        self.console = console
        self.lock = threading.Lock()
        self.latest: tuple[str, int, int | None] | None = None
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.closed = False
        self.due = False  # the delay is over: show the next step told
        self.timer = threading.Timer(delay, self._show)
        self.timer.daemon = True

    def __call__(self, task: str, done: int, total: int | None) -> None:
        with self.lock:
            step = self.latest[0] if self.latest else None
            self.latest = (task, done, total)
            if self.progress is None and self.due:
                self._start()
                return
            if self.progress is None or self.task is None:
                return
            if task == step:
                self.progress.update(self.task, completed=done, total=total)
            else:  # a new step, with its own count (or none) and time
                self.progress.remove_task(self.task)
                self.task = self.progress.add_task(task, completed=done, total=total)

    def _show(self) -> None:
        with self.lock:
            self.due = True
            if not self.closed and self.latest is not None:
                self._start()

    def _start(self) -> None:
        """Draw the latest step (the lock held)."""
        assert self.latest is not None
        task, done, total = self.latest
        if self.console.no_color:
            columns: list[ProgressColumn] = [TextColumn("{task.description}"), _Count()]
        else:
            columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), _Count()]
        columns.append(TimeElapsedColumn())
        self.progress = Progress(*columns, console=self.console, transient=True)
        self.task = self.progress.add_task(task, completed=done, total=total)
        self.progress.start()

    def close(self) -> None:
        self.timer.cancel()
        with self.lock:
            self.closed = True
            if self.progress is not None:
                self.progress.stop()


@contextlib.contextmanager
def progress_display(console: Console, *, delay: float | None = None) -> Iterator[ProgressCallback]:
    """A progress callback that draws on ``console`` once the block has run ``delay`` seconds
    (default ``DELAY``); nothing of it is left when the block ends."""
    display = _Display(console, DELAY if delay is None else delay)
    display.timer.start()
    try:
        yield display
    finally:
        display.close()
