"""Terminal views for ``mathpath status`` and for a plan diff (``mathpath plan --diff``)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from mathpath.learner.status import Status
from mathpath.planning.plans import hours_from_minutes

BAR_WIDTH = 24


def _hours(minutes: int) -> str:
    return f"{hours_from_minutes(minutes):g}"


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100):d}%"


def _mark(finished: bool, credited_minutes: int) -> str:
    return "done" if finished else ("..." if credited_minutes else "")


def status_view(status: Status) -> RenderableType:
    parts: list[RenderableType] = []
    head = f"Goal {status.goal} — status on {status.today.isoformat()}"
    parts.append(Text(head, style="bold"))

    table = Table(header_style="bold", box=None, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("resource", no_wrap=True)
    table.add_column("progress", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("hours", justify="right", no_wrap=True)
    for item in status.items:
        table.add_row(
            _mark(item.finished, item.credited_minutes),
            Text(f"{item.id}  {item.title}"),
            ProgressBar(total=1.0, completed=item.fraction, width=BAR_WIDTH),
            _percent(item.fraction),
            f"{_hours(item.credited_minutes)}/{_hours(item.planned_minutes)}",
        )
        for n, part in enumerate(item.parts):
            branch = "└─" if n == len(item.parts) - 1 else "├─"
            table.add_row(
                _mark(part.finished, part.credited_minutes),
                Text(f"  {branch} {part.id}  {part.title}", style="dim"),
                ProgressBar(total=1.0, completed=part.fraction, width=BAR_WIDTH),
                _percent(part.fraction),
                f"{_hours(part.credited_minutes)}/{_hours(part.planned_minutes)}",
            )
    planned = status.planned_minutes
    overall = status.credited_minutes / planned if planned else 1.0
    table.add_row(
        "",
        Text("overall", style="bold"),
        ProgressBar(total=1.0, completed=overall, width=BAR_WIDTH),
        _percent(overall),
        f"{_hours(status.credited_minutes)}/{_hours(planned)}",
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
    if status.projected_finish is not None:
        if status.rate_minutes_per_week is not None:
            rate = f"at your pace so far ({status.rate_minutes_per_week / 60:.1f} h of plan a week)"
        else:
            rate = "at your planned hours per week"
        lines.append(f"Projected finish {rate}: {status.projected_finish.isoformat()}.")
    lines.append(status.pace.describe()[0].upper() + status.pace.describe()[1:] + ".")
    if status.next_items:
        upcoming = ", ".join(
            f"{i.next_unit} ({_hours(i.planned_minutes - i.credited_minutes)} h left)"
            for i in status.next_items
        )
        lines.append(f"Study next: {upcoming}.")
    elif status.items:
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
    return Group(*parts)
