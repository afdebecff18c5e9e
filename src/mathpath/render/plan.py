"""Terminal views of a plan and of a ``why`` explanation: functions returning Rich renderables."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mathpath.catalog.parts import unit_id
from mathpath.planning.plans import (
    WEEKDAYS,
    DayOff,
    Plan,
    format_duration,
    hours_from_minutes,
    week_monday,
)
from mathpath.planning.schedule import calendar_weeks, session_starts, weekly_totals
from mathpath.planning.timetable import days_off_runs, week_text

if TYPE_CHECKING:
    from mathpath.catalog.models import TopicNeed
    from mathpath.learner.diff import PlanDiff
    from mathpath.learner.outline import PlannedItem
    from mathpath.planning.explain import Explanation


def plan_view(plan: Plan, *, sessions: bool = False, lang: str | None = None) -> RenderableType:
    parts: list[RenderableType] = [summary(plan)]
    if plan.items:
        parts += [Text(""), items_table(plan, lang=lang), Text(""), weeks_table(plan)]
        if sessions:
            parts += [Text(""), sessions_table(plan)]
    if plan.deadline is not None:
        parts += [Text(""), deadline_view(plan)]
    if plan.notes:
        parts += [Text(""), *(Text(f"note: {note}", style="dim") for note in plan.notes)]
    return Group(*parts)


def summary(plan: Plan) -> RenderableType:
    options = plan.request.schedule
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("Goal", f"{plan.goal.name} ({plan.goal.id})")
    if not plan.items:
        grid.add_row("Plan", "nothing to study: you already know everything this goal needs")
    else:
        grid.add_row(
            "Total",
            f"{format_duration(plan.total_minutes)} in {len(plan.items)} "
            f"resource{'s' if len(plan.items) != 1 else ''}",
        )
        grid.add_row("Schedule", week_text(options, plan.capacity))
        grid.add_row(
            "Dates",
            f"{plan.start.isoformat()} to {plan.finish.isoformat()} ({calendar_weeks(plan)} weeks)",
        )
        if plan.days_off:
            grid.add_row("Days off", "; ".join(days_off_runs(plan.days_off)))
        live = [f"{item.id}: {item.edition.label}" for item in plan.items if item.edition]
        if live:
            grid.add_row("Live", "; ".join(live))
    grid.add_row("Known", _needs(plan.known) or "nothing declared (--know, --done)")
    if plan.assumed:
        grid.add_row("Assumed", ", ".join(plan.assumed))
    grid.add_row(
        "Choice",
        "proven minimal for your preferences"
        if plan.exact
        else "best found (not proven minimal; see notes)",
    )
    return grid


def items_table(plan: Plan, *, lang: str | None = None) -> Table:
    table = Table(title="Study order", title_justify="left", show_lines=False, expand=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Resource", ratio=3, min_width=16)
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("Dates", no_wrap=True)
    table.add_column("Why", ratio=3, min_width=16)
    for n, item in enumerate(plan.items, start=1):
        resource = item.resource
        name = Text(item.title_in(lang), style="bold")
        ids = ", ".join(unit_id(resource.id, part) for part in item.part_ids) or resource.id
        name.append(f"\n{ids} · {resource.format.value} · {resource.provider}", style="dim")
        hours = ("~" if resource.hours_estimated else "") + format_duration(item.minutes)
        dates = f"{item.start.isoformat()}\n{item.end.isoformat()}"
        table.add_row(str(n), name, hours, dates, item.reason)
    return table


def weeks_table(plan: Plan) -> Table:
    """The weeks with sessions or days off: time, resources, and the days off (when any)."""
    table = Table(title="Week by week", title_justify="left")
    table.add_column("Week of", no_wrap=True)
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("Resources")
    off: dict[date, list[DayOff]] = {}
    for day in plan.days_off:
        off.setdefault(week_monday(day.date), []).append(day)
    if off:
        table.add_column("Days off")
    weeks = {week.monday: week for week in weekly_totals(plan.sessions)}
    for monday in sorted({*weeks, *off}):
        week = weeks.get(monday)
        row = [
            monday.isoformat(),
            format_duration(week.minutes if week else 0),
            ", ".join(week.resource_ids) if week else "",
        ]
        if off:
            row.append(_days_off_cell(off.get(monday, [])))
        table.add_row(*row)
    return table


def _days_off_cell(days: list[DayOff]) -> str:
    """A week's days off: ``Thu 24-Sat 26 skipped, Fri 25 Christmas Day``."""
    runs: list[list[DayOff]] = []
    for day in days:
        last = runs[-1][-1] if runs else None
        if last is not None and last.reason == day.reason and (day.date - last.date).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])

    def name(day: DayOff) -> str:
        return f"{WEEKDAYS[day.date.weekday()].capitalize()} {day.date.day}"

    return ", ".join(
        f"{name(run[0])}{'-' + name(run[-1]) if len(run) > 1 else ''} {run[0].reason}"
        for run in runs
    )


def sessions_table(plan: Plan) -> Table:
    """Every session; with --time, when each starts (a day's sittings back to back)."""
    table = Table(title="Sessions", title_justify="left")
    table.add_column("Date", no_wrap=True)
    table.add_column("Day", no_wrap=True)
    times = dict(plan.request.schedule.times)
    starts = session_starts(plan.sessions, times)
    if times:
        table.add_column("At", no_wrap=True)
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("Resource")
    for session, start in zip(plan.sessions, starts, strict=True):
        row = [session.date.isoformat(), WEEKDAYS[session.date.weekday()].capitalize()]
        if times:
            row.append(start.strftime("%H:%M") if start is not None else "")
        row += [format_duration(session.minutes), unit_id(session.resource_id, session.part)]
        table.add_row(*row)
    return table


def deadline_view(plan: Plan) -> RenderableType:
    report = plan.deadline
    assert report is not None
    lines: list[RenderableType] = []
    head = Text("Deadline ", style="bold")
    head.append(report.deadline.isoformat())
    lines.append(head)
    if not report.reachable:
        lines.append(Text("  not reachable at any weekly budget with these sittings", style="red"))
    else:
        lines.append(Text(f"  needs {report.required_hours_per_week:g} h/week to finish in time"))
    if report.max_hours_per_week is not None and report.reachable:
        verdict = "within" if report.feasible else "MORE than"
        style = "green" if report.feasible else "red"
        lines.append(
            Text(
                f"  that is {verdict} your maximum of {report.max_hours_per_week:g} h/week",
                style=style,
            )
        )
    for suggestion in report.suggestions:
        lines.append(Text(f"  - {suggestion}"))
    return Group(*lines)


def explanation_view(explanation: Explanation) -> RenderableType:
    head = Text(f"{explanation.title} ", style="bold")
    head.append(f"({explanation.resource_id})", style="dim")
    if explanation.chosen:
        verdict = Text(f"In the plan for {explanation.goal}: {explanation.verdict}")
        chain = Table.grid(padding=(0, 1))
        chain.add_column(no_wrap=True)
        chain.add_column(no_wrap=True, style="bold")
        chain.add_column()
        for n, link in enumerate(explanation.chain):
            chain.add_row(
                "  " + ("└─" if n == len(explanation.chain) - 1 else "├─"), link.subject, link.text
            )
        return Group(head, verdict, chain)
    verdict = Text(f"Not in the plan for {explanation.goal}: {explanation.verdict}")
    return Group(head, verdict)


def diff_view(changes: PlanDiff, saved_on: date) -> RenderableType:
    lines: list[RenderableType] = [Text(f"Compared with the plan you saved on {saved_on}:")]
    if changes.unchanged:
        lines.append(Text("  no change"))
        return Group(*lines)
    from mathpath.learner.diff import change_text, parts_text

    def planned(item: PlannedItem) -> str:
        parts = f"{parts_text(item.parts)}, " if item.parts else ""
        return f"{item.id} ({parts}{hours_from_minutes(item.minutes):g} h)"

    for item in changes.added:
        lines.append(Text(f"  + {planned(item)}", style="green"))
    for item in changes.removed:
        lines.append(Text(f"  - {planned(item)}", style="red"))
    for change in changes.changed:
        lines.append(Text(f"  ~ {change.id}: {change_text(change)}"))
    lines.append(
        Text(
            f"  total {hours_from_minutes(changes.old_minutes):g} h -> "
            f"{hours_from_minutes(changes.new_minutes):g} h"
        )
    )
    shift = changes.finish_shift_days
    if shift is not None and changes.new_finish is not None:
        moved = (
            "no change"
            if shift == 0
            else f"{abs(shift)} days {'later' if shift > 0 else 'earlier'}"
        )
        lines.append(Text(f"  finish {changes.new_finish.isoformat()} ({moved})"))
    return Group(*lines)


def _needs(needs: tuple[TopicNeed, ...]) -> str:
    shown = [f"{n.topic}@{n.depth.value}" for n in needs[:8]]
    more = len(needs) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
