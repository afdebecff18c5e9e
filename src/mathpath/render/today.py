"""Terminal views of ``mathpath today`` and of the "next" lines that end ``plan`` and ``status``.

Ids and links are what a learner types or clicks: they are never cut. An id has its own line;
a link too, and one longer than the terminal runs past its edge rather than being shortened.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from mathpath.learner.today import DayPlan, Step
from mathpath.planning.plans import WEEKDAYS, format_duration

INDENT = "    "


def _link(url: str | None) -> Text | None:
    if not url:
        return None
    return Text(INDENT + url, style="blue", no_wrap=True, overflow="ignore")


def _sitting(step: Step, *, date: bool = False) -> list[RenderableType]:
    head = Text("  ")
    if date:
        head.append(f"{WEEKDAYS[step.date.weekday()].capitalize()} {step.date.isoformat()}  ")
    head.append(format_duration(step.minutes), style="bold")
    head.append("  ")
    head.append(step.unit, style="bold")
    lines: list[RenderableType] = [head, Text(INDENT + step.title, style="dim")]
    link = _link(step.url)
    if link is not None:
        lines.append(link)
    lines.append(Text(INDENT + (f"then {step.then}" if step.then else "then: the goal is done")))
    return lines


def next_view(steps: Sequence[Step]) -> RenderableType:
    """The "next" lines: the sittings of the next study day."""
    if not steps:
        return Text("Next: nothing left to study in this plan.")
    day = steps[0].date
    lines: list[RenderableType] = [
        Text(f"Next, {WEEKDAYS[day.weekday()].capitalize()} {day.isoformat()}:", style="bold")
    ]
    for step in steps:
        lines += _sitting(step)
    return Group(*lines)


def today_view(plan: DayPlan) -> RenderableType:
    lines: list[RenderableType] = []
    when = f"{WEEKDAYS[plan.day.weekday()]} {plan.day.isoformat()}"
    title = f"Week of {plan.days[0].isoformat()}" if len(plan.days) > 1 else when.capitalize()
    lines.append(Text(f"{title} — goal {plan.goal}", style="bold"))
    if plan.finished:
        lines.append(Text("  Everything in the plan is done."))
    elif plan.steps:
        for step in plan.steps:
            lines += _sitting(step, date=len(plan.days) > 1)
    else:
        lines.append(
            Text(f"  Nothing planned {'that week' if len(plan.days) > 1 else 'on this day'}.")
        )
        if plan.later:
            lines.append(next_view(plan.later))
    if plan.overdue:
        lines.append(Text("Overdue from earlier days:", style="bold"))
        for late in plan.overdue:
            head = Text("  ")
            head.append(format_duration(late.minutes), style="bold")
            head.append("  ")
            head.append(late.unit, style="bold")
            lines += [head, Text(INDENT + late.title, style="dim")]
            link = _link(late.url)
            if link is not None:
                lines.append(link)
    lines.append(Text(plan.progress_line()[0].upper() + plan.progress_line()[1:] + "."))
    lines += [Text(f"note: {note}", style="dim") for note in plan.notes]
    return Group(*lines)
