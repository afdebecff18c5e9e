"""Exporters: a plan or a goal's graph as text or bytes, never printed, behind one dispatcher.

``write_export(subject, fmt, write)`` writes a ``Plan`` (markdown, ics, json, html) or a
``GoalGraph`` (mermaid, dot, json) in format ``fmt`` through ``write`` as UTF-8 bytes;
``render_export`` (and ``render_plan``, for plans) returns them whole, for a file. The CLI prints
what it writes to stdout and saves what it renders; the terminal views (table, tree) are
``mathpath.render``'s.

Each format lives in its own module and is imported only when it is used, so that choosing one
format never pays for another (``icalendar`` alone costs more start-up time than the CLI). Every
exporter is deterministic: the same plan gives byte-identical output, with dates taken from the
plan and never from the clock. JSON is the plan's contract (``plan_json``) or the graph's
(``graph_json``), in the envelope every JSON output has (``envelope``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mathpath.errors import UsageError

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan
    from mathpath.planning.prereq_graph import GoalGraph

EXPORT_FORMATS = ("markdown", "ics", "json", "html")  # a plan's
GRAPH_FORMATS = ("mermaid", "dot", "json")  # a graph's

_SUFFIX_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".ics": "ics",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}


def format_for_path(path: Path) -> str:
    """The export format a file name asks for, from its suffix (case-insensitive)."""
    fmt = _SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        suffixes = ", ".join(_SUFFIX_FORMATS)
        raise UsageError(
            f"{path}: cannot tell the export format from the file name",
            hint=f"use one of the suffixes {suffixes}, or pass --format "
            f"({', '.join(EXPORT_FORMATS)})",
        )
    return fmt


def write_export(
    subject: Plan | GoalGraph,
    fmt: str,
    write: Callable[[bytes], object],
    *,
    lang: str | None = None,
    time_of_day: datetime.time | None = None,
) -> None:
    """``subject`` in the export format ``fmt``, as UTF-8 bytes through ``write`` (JSON in
    batches as it is made: a 100k-resource plan's text is 7 MB).

    ``lang`` picks resource titles in that language where the catalog has them (a plan's
    markdown, ics and html; a graph is made in its language); ``time_of_day`` makes calendar
    sessions timed events instead of all-day ones (ics only).
    """
    from mathpath.planning.plans import Plan

    if isinstance(subject, Plan):
        _write_plan(subject, fmt, write, lang=lang, time_of_day=time_of_day)
    else:
        _write_graph(subject, fmt, write)


def render_export(
    subject: Plan | GoalGraph,
    fmt: str,
    *,
    lang: str | None = None,
    time_of_day: datetime.time | None = None,
) -> bytes:
    """What ``write_export`` writes, whole (for a file)."""
    parts: list[bytes] = []
    write_export(subject, fmt, parts.append, lang=lang, time_of_day=time_of_day)
    return b"".join(parts)


def render_plan(
    plan: Plan,
    fmt: str,
    *,
    lang: str | None = None,
    time_of_day: datetime.time | None = None,
) -> bytes:
    """``plan`` in the export format ``fmt`` (one of ``EXPORT_FORMATS``), as UTF-8 bytes."""
    return render_export(plan, fmt, lang=lang, time_of_day=time_of_day)


def _write_plan(
    plan: Plan,
    fmt: str,
    write: Callable[[bytes], object],
    *,
    lang: str | None,
    time_of_day: datetime.time | None,
) -> None:
    if fmt == "markdown":
        from mathpath.export.markdown import plan_to_markdown

        write(plan_to_markdown(plan, lang=lang).encode("utf-8"))
    elif fmt == "ics":
        from mathpath.export.ics import plan_to_ics

        write(plan_to_ics(plan, time_of_day=time_of_day, lang=lang))
    elif fmt == "json":
        from mathpath.export.plan_json import write_plan_json

        write_plan_json(plan, lambda text: write(text.encode("utf-8")))
    elif fmt == "html":
        from mathpath.export.page import plan_to_html

        write(plan_to_html(plan, lang=lang).encode("utf-8"))
    else:
        raise UsageError(
            f"unknown export format {fmt!r}", hint=f"choose one of {', '.join(EXPORT_FORMATS)}"
        )


def _write_graph(graph: GoalGraph, fmt: str, write: Callable[[bytes], object]) -> None:
    if fmt == "mermaid":
        from mathpath.export.mermaid import graph_flowchart

        write(graph_flowchart(graph).encode("utf-8"))
    elif fmt == "dot":
        from mathpath.export.dot import graph_to_dot

        write(graph_to_dot(graph).encode("utf-8"))
    elif fmt == "json":
        from mathpath.export.envelope import write_json
        from mathpath.export.graph_json import graph_to_dict

        write_json("graph", graph_to_dict(graph), lambda text: write(text.encode("utf-8")))
    else:
        raise UsageError(
            f"unknown graph format {fmt!r}", hint=f"choose one of {', '.join(GRAPH_FORMATS)}"
        )
