"""Terminal views of a plan and of a ``why`` explanation: functions returning Rich renderables."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from mathpath.catalog.language import item_support, marked_title
from mathpath.catalog.models import label
from mathpath.catalog.parts import unit_id
from mathpath.i18n import _, date_range, date_text, listing, ngettext, weekday_name
from mathpath.planning.plans import (
    DayOff,
    Plan,
    format_duration,
    hours_from_minutes,
    week_monday,
)
from mathpath.planning.schedule import Week, calendar_weeks, weekly_totals
from mathpath.planning.timetable import days_off_runs, week_text
from mathpath.render.lines import Hanging, hanging

if TYPE_CHECKING:
    from mathpath.catalog.models import TopicNeed
    from mathpath.learner.diff import PlanDiff
    from mathpath.learner.outline import PlannedItem
    from mathpath.planning.explain import Explanation


def plan_view(plan: Plan, *, sessions: bool = False, lang: str | None = None) -> RenderableType:
    parts: list[RenderableType] = [summary(plan, lang)]
    if plan.items:
        parts += [Text(""), study_order(plan, lang=lang), Text(""), weeks_table(plan)]
        if sessions:
            parts += [Text(""), sessions_table(plan)]
    return Group(*parts, *closing(plan))


def closing(plan: Plan) -> list[RenderableType]:
    """What every view of a plan ends with: the deadline's verdict and the notes."""
    parts: list[RenderableType] = []
    if plan.deadline is not None:
        parts += [Text(""), deadline_view(plan)]
    if plan.notes:
        parts += [
            Text(""),
            *(Text(_("note: {note}").format(note=note), style="dim") for note in plan.notes),
        ]
    return parts


def summary(plan: Plan, lang: str | None = None) -> RenderableType:
    options = plan.request.schedule
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")  # Chinese has no spaces to wrap at: fold, never cut
    grid.add_row(_("Goal"), f"{plan.goal.name_in(lang)} ({plan.goal.id})")
    if not plan.items:
        grid.add_row(_("Plan"), _("nothing to study: you already know everything this goal needs"))
    else:
        count = len(plan.items)
        grid.add_row(
            _("Total"),
            ngettext("{time} in {count} resource", "{time} in {count} resources", count).format(
                time=format_duration(plan.total_minutes), count=count
            ),
        )
        grid.add_row(_("Schedule"), week_text(options, plan.capacity))
        weeks = calendar_weeks(plan)
        grid.add_row(
            _("Dates"),
            ngettext("{dates} ({weeks} week)", "{dates} ({weeks} weeks)", weeks).format(
                dates=date_range(plan.start, plan.finish), weeks=weeks
            ),
        )
        if plan.days_off:
            grid.add_row(_("Days off"), "; ".join(days_off_runs(plan.days_off)))
        live = [f"{item.id}: {item.edition.label}" for item in plan.items if item.edition]
        if live:
            grid.add_row(_("Live"), "; ".join(live))
    grid.add_row(_("Known"), _needs(plan.known) or _("nothing declared (--know, --done)"))
    if plan.assumed:
        grid.add_row(_("Assumed"), listing(plan.assumed))
    grid.add_row(
        _("Choice"),
        _("proven minimal for your preferences")
        if plan.exact
        else _("best found (not proven minimal; see notes)"),
    )
    return grid


def study_order(plan: Plan, *, lang: str | None = None) -> RenderableType:
    """The study order as lines, not a table, so that nothing a learner types is ever cut."""
    return _StudyOrder(plan, lang)


class _StudyOrder:
    """Each item: its title (wrapped), its unit ids (whole, one line each when they do not fit
    together; an id longer than the terminal runs past its edge), then time, dates, format and
    provider, and the reason (wrapped). Wrapped lines hang under the title."""

    def __init__(self, plan: Plan, lang: str | None) -> None:
        self.plan = plan
        self.lang = lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(_("Study order"), style="bold")
        width = options.max_width
        digits = len(str(len(self.plan.items)))
        indent = " " * (digits + 2)
        for n, item in enumerate(self.plan.items, start=1):
            resource = item.resource
            number = f"{n:>{digits}}  "
            support = item_support(resource, self.lang, item.parts) if self.lang else None
            shown = item.title_in(self.lang)
            if support is not None and shown != item.title_in(None):
                shown = marked_title(shown, support)  # a Chinese title of English-only material
                if not support.has_material:
                    support = None  # said once, on the title
            title = Text(shown, style="bold")
            yield from hanging(console, title, number, width)
            units = [unit_id(resource.id, part) for part in item.part_ids] or [resource.id]
            for line in _packed(units, width - len(indent)):
                yield Text(indent + line, no_wrap=True, overflow="ignore")
            hours = ("~" if resource.hours_estimated else "") + format_duration(item.minutes)
            dates = (
                date_range(item.start, item.end)
                if item.end != item.start
                else date_text(item.start)
            )
            facts = f"{hours} · {dates} · {label(resource.format)} · {resource.provider}"
            if support is not None:
                facts += f" · {support.label}"
            yield from hanging(console, Text(facts), indent, width)
            if support is not None and support.localised_url:  # the link a learner can open
                yield Text(indent + support.localised_url, no_wrap=True, overflow="ignore")
            yield from hanging(console, Text(item.reason, style="dim"), indent, width)


def _packed(ids: list[str], width: int) -> list[str]:
    """Ids joined by ", " on as few lines of ``width`` as they fit, never one split."""
    lines: list[str] = []
    for unit in ids:
        if lines and len(lines[-1]) + 2 + len(unit) + 1 <= width:
            lines[-1] += f", {unit}"
        else:
            if lines:
                lines[-1] += ","
            lines.append(unit)
    return lines


def weeks_table(plan: Plan) -> Table:
    """The weeks with sessions or days off: time, resources, and the days off (when any).

    A run of consecutive weeks with the same time and resources and no days off is one row
    ("2027-01-04 to 2027-03-01", "6 h/week, 9 weeks"); ``--sessions`` still lists every day.
    """
    weeks = {week.monday: week for week in weekly_totals(plan.sessions)}
    table = Table(title=_("Week by week"), title_justify="left")
    table.add_column(_("Week of"), no_wrap=True)
    table.add_column(_("Time"), justify="right", no_wrap=True)
    # As wide as the longest id, so that no id is cut while the other columns can wrap; an id
    # wider than the terminal still folds.
    longest = max((len(unit) for week in weeks.values() for unit in week.resource_ids), default=0)
    table.add_column(_("Resources"), overflow="fold", min_width=longest + 1)
    off: dict[date, list[DayOff]] = {}
    for day in plan.days_off:
        off.setdefault(week_monday(day.date), []).append(day)
    if off:
        table.add_column(_("Days off"), overflow="fold")
    # Spaced review: Time is the week's whole time, study and reviews; Reviews says how much
    # of it, and how many, over the row's weeks.
    reviewed = _review_weeks(plan)
    if reviewed:
        table.add_column(_("Reviews"), justify="right", no_wrap=True)
    for run in _week_runs(sorted({*weeks, *off}), weeks, off, reviewed):
        first = weeks.get(run[0])
        study = first.minutes if first else 0
        minutes = format_duration(study + reviewed.get(run[0], (0, 0))[1])
        resources = ", ".join(first.resource_ids) if first else ""
        if len(run) == 1:
            row = [date_text(run[0]), minutes, resources]
        else:
            row = [
                _("{first}\nto {last}").format(first=date_text(run[0]), last=date_text(run[-1])),
                ngettext(
                    "{time}/week\n{weeks} week", "{time}/week\n{weeks} weeks", len(run)
                ).format(time=minutes, weeks=len(run)),
                resources,
            ]
        if off:
            row.append(_days_off_cell(off.get(run[0], [])))
        if reviewed:
            count = sum(reviewed.get(monday, (0, 0))[0] for monday in run)
            time = sum(reviewed.get(monday, (0, 0))[1] for monday in run)
            reviews = ngettext("{count} review", "{count} reviews", count).format(count=count)
            row.append(f"{format_duration(time)}\n{reviews}" if count else "")
        table.add_row(*row)
    return table


def _review_weeks(plan: Plan) -> dict[date, tuple[int, int]]:
    """Each week's spaced reviews: how many, and their minutes."""
    weeks: dict[date, tuple[int, int]] = {}
    for review in plan.reviews:
        count, minutes = weeks.get(week_monday(review.date), (0, 0))
        weeks[week_monday(review.date)] = (count + 1, minutes + review.minutes)
    return weeks


def _week_runs(
    mondays: list[date],
    weeks: dict[date, Week],
    off: dict[date, list[DayOff]],
    reviewed: dict[date, tuple[int, int]] | None = None,
) -> list[list[date]]:
    """Consecutive weeks with equal time (study and reviews) and resources and no days off,
    grouped."""
    reviewed = reviewed or {}

    def total(monday: date) -> int:
        return weeks[monday].minutes + reviewed.get(monday, (0, 0))[1]

    runs: list[list[date]] = []
    for monday in mondays:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and (monday - last).days == 7
            and monday not in off
            and last not in off
            and monday in weeks
            and last in weeks
            and total(monday) == total(last)
            and weeks[monday].resource_ids == weeks[last].resource_ids
        ):
            runs[-1].append(monday)
        else:
            runs.append([monday])
    return runs


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
        return _("{weekday} {day}").format(weekday=weekday_name(day.date), day=day.date.day)

    return ", ".join(
        f"{name(run[0])}{'-' + name(run[-1]) if len(run) > 1 else ''} {run[0].reason}"
        for run in runs
    )


def sessions_table(plan: Plan) -> Table:
    """Every session; with --time, when each starts (a day's sittings back to back)."""
    table = Table(title=_("Sessions"), title_justify="left")
    table.add_column(_("Date"), no_wrap=True)
    table.add_column(_("Day"), no_wrap=True)
    times = dict(plan.request.schedule.times)
    if times:
        table.add_column(_("At"), no_wrap=True)
    table.add_column(_("Time"), justify="right", no_wrap=True)
    table.add_column(_("Resource"))
    from mathpath.export.sittings import sittings  # study and spaced review, by day

    for sitting, start in zip(*sittings(plan), strict=True):
        row = [date_text(sitting.date), weekday_name(sitting.date)]
        if times:
            row.append(start.strftime("%H:%M") if start is not None else "")
        row += [format_duration(sitting.minutes), sitting.label]
        table.add_row(*row)
    return table


def deadline_view(plan: Plan) -> RenderableType:
    report = plan.deadline
    assert report is not None
    lines: list[RenderableType] = []
    head = Text(_("Deadline") + " ", style="bold")
    head.append(date_text(report.deadline))
    lines.append(head)
    if not report.reachable:
        lines.append(
            Text("  " + _("not reachable at any weekly budget with these sittings"), style="red")
        )
    else:
        lines.append(
            Text(
                "  "
                + _("needs {hours} h/week to finish in time").format(
                    hours=f"{report.required_hours_per_week:g}"
                )
            )
        )
    if report.max_hours_per_week is not None and report.reachable:
        verdict = (
            _("that is within your maximum of {hours} h/week")
            if report.feasible
            else _("that is MORE than your maximum of {hours} h/week")
        )
        style = "green" if report.feasible else "red"
        lines.append(
            Text("  " + verdict.format(hours=f"{report.max_hours_per_week:g}"), style=style)
        )
    for suggestion in report.suggestions:
        lines.append(Hanging(Text(suggestion), "  - "))
    return Group(*lines)


def explanation_view(explanation: Explanation) -> RenderableType:
    head = Text(f"{explanation.title} ", style="bold")
    head.append(f"({explanation.resource_id})", style="dim")
    if explanation.chosen:
        verdict = Text(
            _("In the plan for {goal}: {verdict}").format(
                goal=explanation.goal, verdict=explanation.verdict
            )
        )
        chain = Table.grid(padding=(0, 1))
        chain.add_column(no_wrap=True)
        chain.add_column(no_wrap=True, style="bold")
        chain.add_column()
        for n, link in enumerate(explanation.chain):
            chain.add_row(
                "  " + ("└─" if n == len(explanation.chain) - 1 else "├─"), link.subject, link.text
            )
        return Group(head, verdict, chain)
    verdict = Text(
        _("Not in the plan for {goal}: {verdict}").format(
            goal=explanation.goal, verdict=explanation.verdict
        )
    )
    return Group(head, verdict)


def diff_view(changes: PlanDiff, saved_on: date) -> RenderableType:
    lines: list[RenderableType] = [
        Text(_("Compared with the plan you saved on {date}:").format(date=date_text(saved_on)))
    ]
    if changes.unchanged:
        lines.append(Text("  " + _("no change")))
        return Group(*lines)
    from mathpath.learner.diff import change_text, parts_text

    def planned(item: PlannedItem) -> str:
        parts = f"{parts_text(item.parts)}, " if item.parts else ""
        return f"{item.id} ({parts}{hours_from_minutes(item.minutes):g} h)"

    for item in changes.added:
        lines.append(Text(f"  + {planned(item)}", style="green"))
    for item in changes.removed:
        lines.append(Text(f"  - {planned(item)}", style="red"))
    for item in changes.finished:
        lines.append(Text("  " + _("done {id} (finished)").format(id=item.id)))
    for change in changes.changed:
        lines.append(Hanging(Text(f"{change.id}: {change_text(change)}"), "  ~ "))
    if changes.old_minutes != changes.new_minutes:  # a figure that did not move is no change
        lines.append(
            Text(
                "  "
                + _("total {old} h -> {new} h").format(
                    old=f"{hours_from_minutes(changes.old_minutes):g}",
                    new=f"{hours_from_minutes(changes.new_minutes):g}",
                )
            )
        )
    shift = changes.finish_shift_days
    if shift and changes.new_finish is not None:
        days = abs(shift)
        moved = (
            ngettext("{days} day later", "{days} days later", days)
            if shift > 0
            else ngettext("{days} day earlier", "{days} days earlier", days)
        ).format(days=days)
        lines.append(
            Text(
                "  "
                + _("finish {date} ({moved})").format(
                    date=date_text(changes.new_finish), moved=moved
                )
            )
        )
    return Group(*lines)


def _needs(needs: tuple[TopicNeed, ...]) -> str:
    shown = [f"{n.topic}@{n.depth.value}" for n in needs[:8]]
    more = len(needs) - len(shown)
    return ", ".join(shown) + (_(" and {count} more").format(count=more) if more > 0 else "")
