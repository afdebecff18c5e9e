"""A plan's schedule as horizontal bars in the terminal (``plan --timeline``, and a compact form
at the end of the plan view where it fits): one row per item, a column (or a few) per week or
month, the parallel tracks counted, the deadline marked.

The characters carry the meaning, so that it reads without colour: ``█`` a week (month) with
sittings, ``░`` one between the item's first and last sitting without any (a day off, or the item
waiting while others take the week), ``┃`` the deadline, drawn on the edge of the week (month)
that holds it nearer to it: after that bucket from its middle day on, else before it. Colour
only repeats them. The data is ``mathpath.planning.timeline``.

Ids are never cut: the label column is as wide as the longest id when that leaves room for
the bars, else an id that does not fit has the line above its bar to itself. Weeks are drawn
when each can have a column, else months; when not even months fit, the full view runs past
the edge (uncut), and the compact one is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from mathpath.i18n import N_, _, date_text
from mathpath.planning.plans import Plan
from mathpath.planning.timeline import SCALES, Scale, Timeline, bucket_count, plan_timeline

STUDY, PAUSE, OFF, DEADLINE = "█", "░", " ", "┃"
STYLES = {STUDY: "cyan", PAUSE: "dim", DEADLINE: "bold red"}
MONTHS = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip
MOST_COLUMNS = {"week": 3, "month": 4}  # per bucket: wider bars say nothing more
GAP = 2  # between the labels and the bars
COMPACT_MOST_ROWS = 12  # a longer plan's compact timeline would crowd the view's end


def timeline_view(plan: Plan, *, compact: bool = False) -> _TimelineView:
    """The timeline; ``compact``: one line of title, no counts of parallel tracks, and nothing
    at all when it does not fit the width (or the plan has more than ``COMPACT_MOST_ROWS``
    items), with a blank line before it when it is there."""
    return _TimelineView(plan, compact)


@dataclass(frozen=True)
class _Layout:
    scale: Scale
    width: int  # columns per bucket
    label: int  # the label column


class _TimelineView:
    def __init__(self, plan: Plan, compact: bool) -> None:
        self.plan = plan
        self.compact = compact

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plan = self.plan
        if not plan.sessions or (self.compact and len(plan.items) > COMPACT_MOST_ROWS):
            return
        labels = _labels(plan)
        layout = _layout(plan, list(labels.values()), options.max_width)
        if layout is None:
            if self.compact:
                return
            layout = _Layout("month", 1, max(cell_len(label) for label in labels.values()))
        chart = plan_timeline(plan, layout.scale)
        if self.compact:
            yield Text("")
        parallel = plan.request.schedule.parallel > 1
        yield from _draw(chart, labels, layout, compact=self.compact, parallel=parallel)


def _labels(plan: Plan) -> dict[str, str]:
    """Each item's label: its number in the study order and its id."""
    digits = len(str(len(plan.items)))
    return {item.id: f"{n:>{digits}} {item.id}" for n, item in enumerate(plan.items, start=1)}


def _layout(plan: Plan, labels: list[str], width: int) -> _Layout | None:
    """The finest scale whose buckets all get a column beside the labels, and how many each
    gets; None when not even months fit."""
    marker = 1 if plan.deadline is not None else 0
    widest = max(cell_len(label) for label in labels)
    narrowest = len(str(len(labels))) + 1  # the number alone
    for scale in SCALES:
        count = bucket_count(plan, scale)
        for label in (widest, max(narrowest, min(widest, width // 3))):
            room = width - label - GAP - marker
            if count and room >= count:
                return _Layout(scale, min(MOST_COLUMNS[scale], room // count), label)
    return None


def _draw(
    chart: Timeline, labels: dict[str, str], layout: _Layout, *, compact: bool, parallel: bool
) -> RenderResult:
    """The title, the month names, a row per item, with ``parallel`` (``--parallel`` above 1)
    how many are on in each week (month), and the legend."""
    width, pad = layout.width, layout.label + GAP
    marker = _marker_edge(chart)
    first = chart.buckets[0].start
    if chart.scale == "week":
        title = _("Timeline by week, from Monday {date}").format(date=date_text(first))
    else:
        title = _("Timeline by month, from {month}").format(month=first.strftime("%Y-%m"))
    yield Text(title, style="bold")
    yield Text(" " * pad + _header(chart, width, marker), no_wrap=True, overflow="ignore")
    for row in chart.rows:
        label = labels[row.id]
        line = Text(no_wrap=True, overflow="ignore")
        if cell_len(label) > layout.label:
            yield Text(label, no_wrap=True, overflow="ignore")
            line.append(" " * pad)
        else:
            line.append(label + " " * (pad - cell_len(label)))
        for index in range(len(chart.buckets)):
            if marker == index:
                line.append(DEADLINE, style=STYLES[DEADLINE])
            char = {"study": STUDY, "pause": PAUSE, "off": OFF}[row.state(index)]
            line.append(char * width, style=STYLES.get(char))
        if marker == len(chart.buckets):
            line.append(DEADLINE, style=STYLES[DEADLINE])
        line.rstrip()
        yield line
    counts = [chart.in_progress(index) for index in range(len(chart.buckets))]
    if not compact and parallel and max(counts, default=0) > 1:
        line = Text(no_wrap=True, overflow="ignore")
        line.append(_("at once").ljust(layout.label)[: layout.label] + " " * GAP, style="dim")
        for index, count in enumerate(counts):
            if marker == index:
                line.append(DEADLINE, style=STYLES[DEADLINE])
            line.append((str(count) if count else "").ljust(width)[:width], style="dim")
        line.rstrip()
        yield line
    yield _legend(chart, compact=compact)


def _marker_edge(chart: Timeline) -> int | None:
    """Before which bucket the deadline's mark goes (``len(buckets)``: after the last)."""
    if chart.deadline_index is None or chart.deadline is None:
        return None
    bucket = chart.buckets[chart.deadline_index]
    middle = bucket.start.toordinal() + (bucket.end.toordinal() - bucket.start.toordinal()) // 2
    return chart.deadline_index + (1 if chart.deadline.toordinal() >= middle else 0)


def _header(chart: Timeline, width: int, marker: int | None) -> str:
    """Month names over the buckets where a month begins, and the year's number in place of
    January's (the title says the first day), as many as fit without touching: the years
    first, then the months in the room left between them."""
    found: list[tuple[int, str, bool]] = []  # column, label, is a year
    for index, bucket in enumerate(chart.buckets):
        column = index * width + (1 if marker is not None and index >= marker else 0)
        day = bucket.start
        if chart.scale == "week" and index and day.day != 1:
            if day.month == bucket.end.month:
                continue  # no month begins in this week
            day = bucket.end.replace(day=1)
            column += width * (day - bucket.start).days // 7
        is_year = index > 0 and day.month == 1
        if chart.scale == "month" and width < 3 and not is_year:
            continue  # a column or two a month: the years only
        found.append((column, str(day.year) if is_year else _(MONTHS[day.month - 1]), is_year))
    placed: list[tuple[int, str]] = []
    for years in (True, False):
        for column, label, is_year in found:
            end = column + cell_len(label)
            if is_year == years and all(end < c or column > c + cell_len(t) for c, t in placed):
                placed.append((column, label))
    line = ""
    for column, label in sorted(placed):
        line = line.ljust(column) + label
    return line


def _legend(chart: Timeline, *, compact: bool) -> Text:
    unit = _("week") if chart.scale == "week" else _("month")
    parts = [
        (STUDY, _("a {unit} with sittings").format(unit=unit)),
        (PAUSE, _("none that {unit}").format(unit=unit)),
    ]
    if chart.deadline is not None:
        if chart.deadline_index is None:
            parts.append(("", _("deadline {date} before the start").format(date=chart.deadline)))
        else:
            parts.append((DEADLINE, _("deadline {date}").format(date=date_text(chart.deadline))))
    legend = Text(no_wrap=False)
    for n, (char, text) in enumerate(parts):
        if n:
            legend.append("   ")
        if char:
            legend.append(char, style=STYLES.get(char))
            legend.append(" ")
        legend.append(text, style="dim" if compact else None)
    return legend


def plan_timeline_view(
    plan: Plan, *, sessions: bool = False, lang: str | None = None
) -> RenderableType:
    """``plan --timeline``: the plan's summary, its timeline (and every session with
    ``--sessions``), the deadline and the notes; the study order and the week table are the
    default view's."""
    from mathpath.render.plan import closing, sessions_table, summary

    parts: list[RenderableType] = [summary(plan, lang)]
    if plan.items:
        parts += [Text(""), timeline_view(plan)]
        if sessions:
            parts += [Text(""), sessions_table(plan)]
    return Group(*parts, *closing(plan))
