"""Exporters: a plan (or a goal's graph) as text or bytes, never printed.

Each format lives in its own module and is imported only when it is used, so that choosing one
format never pays for another (``icalendar`` alone costs more start-up time than the CLI). Every
exporter is deterministic: the same plan gives byte-identical output, with dates taken from the
plan and never from the clock.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mathpath.errors import UsageError

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan

EXPORT_FORMATS = ("markdown", "ics", "json")

_SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".ics": "ics", ".json": "json"}


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


def render_plan(
    plan: Plan,
    fmt: str,
    *,
    lang: str | None = None,
    time_of_day: datetime.time | None = None,
) -> bytes:
    """``plan`` in the export format ``fmt`` (one of ``EXPORT_FORMATS``), as UTF-8 bytes.

    ``lang`` picks resource titles in that language where the catalog has them (markdown, ics);
    ``time_of_day`` makes calendar sessions timed events instead of all-day ones (ics only).
    """
    if fmt == "markdown":
        from mathpath.export.markdown import plan_to_markdown

        return plan_to_markdown(plan, lang=lang).encode("utf-8")
    if fmt == "ics":
        from mathpath.export.ics import plan_to_ics

        return plan_to_ics(plan, time_of_day=time_of_day, lang=lang)
    if fmt == "json":
        from mathpath.export.jsonfile import plan_to_json

        return plan_to_json(plan)
    raise UsageError(
        f"unknown export format {fmt!r}", hint=f"choose one of {', '.join(EXPORT_FORMATS)}"
    )
