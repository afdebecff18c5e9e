"""Terminal views for ``mathpath status`` and for a plan diff (``mathpath plan --diff``)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from mathpath.learner.status import Status
from mathpath.learner.today import Step
from mathpath.planning.plans import format_duration, hours_from_minutes
from mathpath.render.today import next_view

BAR_WIDTH = 12


def _hours(minutes: int) -> str:
    return f"{hours_from_minutes(minutes):g}"


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100):d}%"


def _state(finished: bool, fraction: float) -> str:
    """Readable without colour: done, a percentage, or a dash for not started."""
    if finished:
        return "done"
    return _percent(fraction) if fraction > 0 else "—"


def status_view(status: Status, upcoming: Sequence[Step] = ()) -> RenderableType:
    """``status`` with the "next" lines (``mathpath.learner.today.next_steps``) at its end."""
    parts: list[RenderableType] = []
    head = f"Goal {status.goal} — status on {status.today.isoformat()}"
    parts.append(Text(head, style="bold"))

    table = Table(header_style="bold", box=None, pad_edge=False)
    table.add_column("resource", ratio=1, overflow="fold")
    table.add_column("progress", no_wrap=True, width=BAR_WIDTH)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("hours", justify="right", no_wrap=True)

    def name(unit: str, title: str, *, indent: str = "", style: str = "") -> RenderableType:
        head = Text(indent)
        head.append(unit, style=style or "bold")
        return Group(head, Padding(Text(title, style="dim"), (0, 0, 0, len(indent))))

    for item in status.items:
        table.add_row(
            name(item.id, item.title),
            ProgressBar(total=1.0, completed=item.fraction, width=BAR_WIDTH),
            _state(item.finished, item.fraction),
            f"{_hours(item.credited_minutes)}/{_hours(item.planned_minutes)} h",
        )
        for n, part in enumerate(item.parts):
            branch = "└─ " if n == len(item.parts) - 1 else "├─ "
            table.add_row(
                name(part.id, part.title, indent=branch, style="dim"),
                ProgressBar(total=1.0, completed=part.fraction, width=BAR_WIDTH),
                _state(part.finished, part.fraction),
                f"{_hours(part.credited_minutes)}/{_hours(part.planned_minutes)} h",
            )
    planned = status.planned_minutes
    overall = status.credited_minutes / planned if planned else 1.0
    table.add_row(
        Text("overall", style="bold"),
        ProgressBar(total=1.0, completed=overall, width=BAR_WIDTH),
        _state(bool(planned) and status.credited_minutes >= planned, overall),
        f"{_hours(status.credited_minutes)}/{_hours(planned)} h",
    )
    parts.append(table)

    lines: list[str] = []
    delta = status.schedule_delta_minutes
    if delta is not None and status.expected_minutes is not None:
        expected = f"{_hours(status.expected_minutes)} h were planned by today"
        if delta > 0:
            lines.append(f"Ahead of your committed schedule by {_hours(delta)} h ({expected}).")
        elif delta < 0:
            lines.append(f"Behind your committed schedule by {_hours(-delta)} h ({expected}).")
        else:
            lines.append(f"On schedule ({expected}).")
        if status.committed_finish is not None:
            lines.append(f"Committed finish: {status.committed_finish.isoformat()}.")
    forecast = status.forecast
    left = format_duration(forecast.remaining_minutes)
    lines.append(f"Left: {left} at pace factor {forecast.pace.factor:g}.")
    if forecast.projected_finish is not None:
        lines.append(
            f"Projected finish {forecast.rate_text()}: {forecast.projected_finish.isoformat()}"
            + _shift(forecast.finish_shift_days)
            + "."
        )
    if forecast.rate_note():
        lines.append(forecast.rate_note()[0].upper() + forecast.rate_note()[1:] + ".")
    lines.append(status.pace.describe()[0].upper() + status.pace.describe()[1:] + ".")
    if status.items and not status.next_items:
        lines.append("Everything in the plan is done.")
    if status.off_plan:
        lines.append(f"Progress outside this plan: {', '.join(status.off_plan)}.")
    parts.append(Text("\n".join(lines)))

    if status.orphaned:
        orphans = "\n".join(f"  {r.describe()}" for r in status.orphaned)
        parts.append(
            Text(
                "Orphaned records (their resource is not in this catalog; kept in the file):\n"
                + orphans
            )
        )
    if status.notes:
        parts.append(Text("\n".join(f"note: {n}" for n in status.notes)))
    if status.next_items and upcoming:
        parts.append(next_view(upcoming))
    elif status.next_items:  # a plan without dated sessions: what, not when
        left = ", ".join(
            f"{i.next_unit} ({_hours(i.planned_minutes - i.credited_minutes)} h left)"
            for i in status.next_items
        )
        parts.append(Text(f"Study next: {left}."))
    return Group(*parts)


def _shift(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return ", the committed finish"
    noun = "day" if abs(days) == 1 else "days"
    return f", {abs(days)} {noun} {'after' if days > 0 else 'before'} the committed finish"
