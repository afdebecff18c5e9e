"""Terminal views of ``mathpath today`` and of the "next" lines that end ``plan`` and ``status``.

Ids and links are what a learner types or clicks: they are never cut. An id has its own line;
a link too (``mathpath.render.lines``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text

from mathpath.i18n import _, date_text, weekday_name
from mathpath.learner.review import ReviewList
from mathpath.learner.today import DayPlan, Step
from mathpath.planning.plans import format_duration
from mathpath.render.lines import indented, link
from mathpath.render.review import due_now_line


def _sitting(step: Step, *, date: bool = False) -> list[RenderableType]:
    head = Text("  ")
    if date:
        head.append(_day(step.date) + "  ")
    head.append(format_duration(step.minutes), style="bold")
    head.append("  ")
    head.append(step.unit, style="bold")
    lines: list[RenderableType] = [head, indented(step.title, style="dim")]
    url = link(step.url)
    if url is not None:
        lines.append(url)
    lines.append(
        indented(
            _("then {unit}").format(unit=step.then) if step.then else _("then: the goal is done")
        )
    )
    return lines


def sentence(clause: str) -> str:
    """A clause (``pace factor 1.2 (...)``) as a sentence of its own: capitalised, with the
    full stop the interface language uses."""
    # TRANSLATORS: a clause made a sentence of its own; only the full stop is to translate.
    return _("{clause}.").format(clause=clause[:1].upper() + clause[1:])


def _day(day: date) -> str:
    """``Tue 2026-12-01`` / ``周二 2026年12月1日``."""
    return _("{weekday} {date}").format(weekday=weekday_name(day), date=date_text(day))


def next_view(steps: Sequence[Step]) -> RenderableType:
    """The "next" lines: the sittings of the next study day."""
    if not steps:
        return Text(_("Next: nothing left to study in this plan."))
    day = steps[0].date
    lines: list[RenderableType] = [Text(_("Next, {day}:").format(day=_day(day)), style="bold")]
    for step in steps:
        lines += _sitting(step)
    return Group(*lines)


def where_you_stand(
    left: str, steps: Sequence[Step], reviews: ReviewList | None = None
) -> RenderableType:
    """The end of the plan view: a blank line, what is left (``left``), the "next" lines and
    how many reviews are due now (``reviews``, when any are)."""
    lines: list[RenderableType] = [Text(""), Text(left), next_view(steps)]
    if reviews is not None and reviews.due:
        lines.append(due_now_line(reviews))
    return Group(*lines)


def today_view(plan: DayPlan) -> RenderableType:
    lines: list[RenderableType] = []
    title = (
        _("Week of {date}").format(date=date_text(plan.days[0]))
        if len(plan.days) > 1
        else _day(plan.day)
    )
    lines.append(Text(_("{title} — goal {goal}").format(title=title, goal=plan.goal), style="bold"))
    if plan.finished:
        lines.append(Text("  " + _("Everything in the plan is done.")))
    elif plan.steps:
        for step in plan.steps:
            lines += _sitting(step, date=len(plan.days) > 1)
    else:
        lines.append(
            Text(
                "  "
                + (
                    _("Nothing planned that week.")
                    if len(plan.days) > 1
                    else _("Nothing planned on this day.")
                )
            )
        )
        if plan.later:
            lines.append(next_view(plan.later))
    if plan.overdue:
        lines.append(Text(_("Overdue from earlier days:"), style="bold"))
        for late in plan.overdue:
            head = Text("  ")
            head.append(format_duration(late.minutes), style="bold")
            head.append("  ")
            head.append(late.unit, style="bold")
            lines += [head, indented(late.title, style="dim")]
            url = link(late.url)
            if url is not None:
                lines.append(url)
    lines.append(Text(sentence(plan.progress_line())))
    lines += [Text(_("note: {note}").format(note=note), style="dim") for note in plan.notes]
    return Group(*lines)
