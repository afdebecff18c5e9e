"""A plan's schedule as an inline SVG timeline: one row per item, the days it is studied, the
deadline marked (for the plan page, ``export/page.py``).

The bars are drawn from the plan's sessions: each item gets a faint band from its first to its
last study day and a solid block for each run of consecutive days with a sitting, so parallel
tracks show as overlapping rows and days off as gaps. Rows are numbered in study order, as the
page's checklist is.

The drawing must read on a phone and on a desktop alike without knowing the width it will get,
so horizontal positions are percentages of the SVG's width (which the page sets to 100%) and
text is in CSS pixels that do not shrink with it. A row's title sits on its own lines above its
bar, wrapped at ``WRAP_COLUMNS`` (a CJK character counting two): at 14 px that fits the 358 px a
390 px phone screen leaves inside the page's margins. Axis labels are kept few (the ends, and
at most ``MAX_AXIS_LABELS`` between, at least a quarter of the width apart) for the same reason.

Colours are CSS classes (``tl-*``) that the page's stylesheet fills, so the chart follows the
page's light or dark scheme; no ``style`` attributes, which the page's content security policy
would refuse. Positions are written with three decimals: the same plan gives the same bytes.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from html import escape
from typing import TYPE_CHECKING

from mathpath.catalog.text import visible
from mathpath.i18n import _
from mathpath.planning.plans import format_duration, week_monday

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from mathpath.planning.plans import Plan

WRAP_COLUMNS = 38
MAX_AXIS_LABELS = 3  # between the two ends
_LINE = 18  # px per line of a row's title
_BAR = 12  # px: the bar's height
_GAP = 12  # px between rows
_AXIS = 40  # px above the first row: the date labels, in two lines
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not U+00A0: "103 h" stays on one line
_WEEKS_FOR_WEEKLY_GRID = 16  # up to this many weeks the grid marks Mondays, beyond it months


def session_runs(days: Iterable[datetime.date]) -> list[tuple[datetime.date, datetime.date]]:
    """Runs of consecutive days (inclusive ends), in date order, from study days in any order."""
    runs: list[tuple[datetime.date, datetime.date]] = []
    for day in sorted(set(days)):
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def columns(text: str) -> int:
    """How wide ``text`` is in character cells (East Asian wide and full-width count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int = WRAP_COLUMNS) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces where there are any
    (CJK text, which has none, between any two characters); never at a no-break space."""
    lines: list[str] = []
    line = ""
    used = 0  # columns(line), kept as the line grows (the whole plan's titles pass through)
    for ch in _SPACES.sub(" ", text).strip(" "):
        size = columns(ch)
        if used + size <= width:
            line += ch
            used += size
            continue
        cut = line.rfind(" ")
        if ch != " " and cut > 0:
            lines.append(line[:cut])
            line = line[cut + 1 :] + ch
        else:
            lines.append(line.rstrip())
            line = ch.lstrip()
        used = columns(line)
    if line or not lines:
        lines.append(line)
    return lines


def timeline_svg(plan: Plan, *, lang: str | None = None) -> str:
    """The timeline of ``plan`` as an ``<svg>`` element (text, ready to put in HTML)."""
    first = plan.start
    last = plan.finish
    deadline = plan.deadline.deadline if plan.deadline is not None else None
    if deadline is not None:
        last = max(last, deadline)
    # The axis runs from the first day's start to the last day's end.
    span = max(1, (last - first).days + 1)

    def x(day: datetime.date) -> float:
        return 100 * min(max((day - first).days, 0), span) / span

    days_of: dict[str, list[datetime.date]] = {}
    for session in plan.sessions:
        days_of.setdefault(session.resource_id, []).append(session.date)

    rows: list[str] = []
    y = _AXIS
    for number, item in enumerate(plan.items, start=1):
        duration = format_duration(item.minutes).replace(" ", "\u00a0")
        title = f"{number}. {visible(item.title_in(lang))} ({duration})"
        lines = wrap(title)
        texts = "".join(
            f'<text class="tl-label" x="0" y="{y + _LINE * (i + 1) - 5}">{escape(line)}</text>'
            for i, line in enumerate(lines)
        )
        bar_y = y + _LINE * len(lines) + 2
        end = item.end + datetime.timedelta(days=1)
        band = _rect("tl-span", x(item.start), x(end), bar_y, _BAR)
        runs = session_runs(days_of.get(item.id, ()))
        blocks = "".join(
            _rect("tl-study", x(a), x(b + datetime.timedelta(days=1)), bar_y, _BAR) for a, b in runs
        )
        tip = escape(f"{item.start.isoformat()} → {item.end.isoformat()}")
        rows.append(f'<g class="tl-row"><title>{tip}</title>{texts}{band}{blocks}</g>')
        y = bar_y + _BAR + _GAP
    height = max(y, _AXIS + _GAP)

    grid = "".join(
        f'<line class="tl-grid" x1="{_pct(x(day))}" x2="{_pct(x(day))}" y1="{_AXIS - 6}" '
        f'y2="{height}"/>'
        for day in _grid_days(first, last)
    )
    axis = _axis_labels(first, last, x)
    marks = ""
    if deadline is not None:  # a dashed line down the chart, its label below the last row
        at = x(deadline + datetime.timedelta(days=1))  # the deadline day is still usable
        text = _("Deadline {date}").format(date=deadline.isoformat())
        anchor = "end" if at > 50 else "start"
        marks = (
            f'<line class="tl-deadline" x1="{_pct(at)}" x2="{_pct(at)}" y1="{_AXIS - 6}" '
            f'y2="{height + 4}"/>'
            f'<text class="tl-deadline-label" x="{_pct(at)}" y="{height + 18}" '
            f'text-anchor="{anchor}" dx="{-4 if anchor == "end" else 4}">{escape(text)}</text>'
        )
        height += 24
    label = escape(_("Timeline: one row per resource, in study order"))
    return (
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}" '
        f'role="img" aria-label="{label}">'
        f"{grid}{axis}{marks}{''.join(rows)}</svg>"
    )


def _pct(value: float) -> str:
    return f"{value:.3f}%"


def _rect(cls: str, left: float, right: float, y: int, height: int) -> str:
    width = max(right - left, 0.2)  # a one-day sitting in a long plan still shows
    return (
        f'<rect class="{cls}" x="{_pct(left)}" y="{y}" width="{_pct(width)}" height="{height}" '
        'rx="2"/>'
    )


def _grid_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Mondays for a short plan, the first of each month for a long one (inside the axis)."""
    if (last - first).days <= 7 * _WEEKS_FOR_WEEKLY_GRID:
        monday = week_monday(first) + datetime.timedelta(days=7)
        return [
            monday + datetime.timedelta(days=7 * n) for n in range((last - monday).days // 7 + 1)
        ]
    days: list[datetime.date] = []
    month = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    while month <= last:
        days.append(month)
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return days


def _axis_labels(
    first: datetime.date, last: datetime.date, x: Callable[[datetime.date], float]
) -> str:
    """The first and last days at the ends of the top line, a few grid days on the second."""
    ends = [
        f'<text class="tl-axis" x="0" y="14">{first.isoformat()}</text>',
        f'<text class="tl-axis" x="100%" y="14" text-anchor="end">{last.isoformat()}</text>',
    ]
    # Between the ends: grid days at least a quarter of the width from each other and the ends
    # (the labels are about 80 px wide; a quarter of a phone's chart is 90 px).
    inside: list[str] = []
    taken = [0.0, 100.0]
    for day in _grid_days(first, last):
        at = x(day)
        if len(inside) < MAX_AXIS_LABELS and all(abs(at - t) >= 25 for t in taken):
            taken.append(at)
            inside.append(
                f'<text class="tl-axis tl-axis-minor" x="{_pct(at)}" y="{_AXIS - 10}" '
                f'text-anchor="middle">{day.isoformat()}</text>'
            )
    return "".join(ends + inside)
