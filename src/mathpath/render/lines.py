"""Indented lines, as the study order, ``today``, ``review`` and the "next" lines show them.

A line longer than the terminal wraps under its own indent, not at the left edge (and without
trailing spaces); a link is never wrapped or cut (a learner clicks or copies it whole): it runs
past the edge instead.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

INDENT = "    "


def hanging(console: Console, text: Text, first: str, width: int) -> list[Text]:
    """``text`` wrapped to ``width`` after ``first``, its later lines indented as far."""
    lines = text.wrap(console, max(width - len(first), 8))
    out = []
    for n, line in enumerate(lines):
        line.rstrip()
        out.append(Text(first if n == 0 else " " * len(first)) + line)
    return out


class Hanging:
    """``text`` after ``first``, wrapped to the console's width under it (``hanging``)."""

    def __init__(self, text: Text, first: str = INDENT) -> None:
        self.text = text
        self.first = first

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from hanging(console, self.text, self.first, options.max_width)


def indented(text: str, *, style: str = "") -> Hanging:
    """``text`` under ``INDENT``, wrapped lines too."""
    return Hanging(Text(text, style=style))


def link(url: str | None, *, style: str = "blue") -> Text | None:
    if not url:
        return None
    return Text(INDENT + url, style=style, no_wrap=True, overflow="ignore")
