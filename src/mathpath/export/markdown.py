"""A plan as a markdown document that reads well on GitHub and in any markdown editor.

Layout: the goal as the one ``#`` heading, a summary list, the resources as a GitHub task list,
then two Mermaid blocks (the schedule as a ``gantt`` chart, the prerequisites as a ``flowchart``).

The task list is grouped **by calendar week** (Monday-Sunday, the weeks the scheduler fills), under
the week in which each item starts. Week groups keep the items in study order, which grouping by
phase (depth in the prerequisite graph) would not always do, and they match the sections of the
gantt chart, so a reader can tick items off week by week.

An item planned as some parts of a resource is titled with them ("Calculus: Chapters 11-16"); a
part with a page of its own (``Part.url``) is linked to it, the rest of the title to the resource
(``item_link``).

All catalog text is escaped with ``md_text`` (a backslash before every ASCII character that could
start markup, which CommonMark always allows) and every link target goes through ``md_url``.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from mathpath.catalog.text import visible
from mathpath.export.mermaid import flowchart, gantt, week_heading
from mathpath.planning.plans import budget_minutes, format_duration, week_monday
from mathpath.planning.timetable import days_off_runs, week_text

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan, PlanItem

# Emphasis, code, links, HTML, tables, headings, strikethrough, entities, GitHub's $math$.
_MARKUP = re.compile(r"([\\`*_\[\]<>|#~&!$])")
# What opens a block when it starts a line: list items, quotes, setext underlines, numbered lists.
_BLOCK_START = re.compile(r"^([-+=>]|\d+[.)])")
_URL_SAFE = "/:?#[]@!$&'*+,;=%~"
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def md_text(text: str) -> str:
    """``text`` on one line, with everything that markdown would read as markup escaped (and
    control characters, which no markdown can show, as U+FFFD)."""
    return _MARKUP.sub(r"\\\1", visible(" ".join(text.split())))


def md_paragraph(text: str) -> str:
    """``md_text`` for text that starts a line, where ``-``, ``>`` or ``1.`` would open a block."""
    return _BLOCK_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], md_text(text))


def md_url(url: str) -> str:
    """A link target that cannot end the link early: spaces, parentheses, ``<>`` and non-ASCII
    characters percent-encoded, existing ``%XX`` escapes and URL delimiters kept."""
    return quote(url, safe=_URL_SAFE)


def plan_to_markdown(plan: Plan, *, lang: str | None = None) -> str:
    goal = plan.goal.names.get(lang or "", plan.goal.name)
    lines = [f"# Study plan: {md_text(goal)}", "", md_paragraph(plan.goal.description), ""]
    lines += ["## Summary", "", *_summary(plan), ""]
    lines += ["## Resources", ""]
    week: datetime.date | None = None
    for item in plan.items:
        monday = week_monday(item.start)
        if monday != week:
            if week is not None:
                lines.append("")
            week = monday
            lines += [f"### {week_heading(plan, monday)}", ""]
        lines += _task(item, lang)
    if plan.reviews:  # spaced review: its own list, by day
        lines += ["", "## Spaced review", "", *_reviews(plan)]
    from mathpath.planning.prereq_graph import plan_graph

    schedule, schedule_notes = gantt(plan, lang=lang)
    lines += ["", "## Schedule", "", *_summarised(schedule_notes)]
    lines += ["```mermaid", schedule.rstrip("\n"), "```"]
    order, order_notes = flowchart(plan_graph(plan, lang=lang))
    lines += ["", "## Prerequisites", "", *_summarised(order_notes)]
    lines += ["```mermaid", order.rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


def _reviews(plan: Plan) -> list[str]:
    """Each review sitting as a task: the day, the topic at its depth, its minutes, and what to
    review it with (linked)."""
    from mathpath.i18n import _

    lines = []
    for review in plan.reviews:
        what = md_text(review.source)
        if review.material:
            what = md_text(
                _("{material} of {source}").format(material=review.material, source=review.source)
            )
        if review.url:
            what = f"[{what}]({md_url(review.url)})"
        head = _("Review {topic}@{depth}").format(topic=review.topic, depth=review.depth)
        lines.append(
            f"- [ ] {review.date.isoformat()} {md_text(head)} — "
            f"{format_duration(review.minutes)}, {_('with')} {what}"
        )
    return lines


def _summarised(notes: tuple[str, ...]) -> list[str]:
    """What a chart too big for Mermaid leaves out, said above it (nothing for a whole chart)."""
    if not notes:
        return []
    said = md_text("; ".join(notes))
    return [
        f"The chart is a summary, to stay within what Mermaid draws: {said}. The list of "
        "resources above has every one of them.",
        "",
    ]


def item_link(item: PlanItem, lang: str | None) -> str:
    """The item's title with its parts, linked. While no planned part has a page of its own the
    whole title links to the resource; otherwise the resource's title links to the resource and
    each part with a ``url`` to that page ("[Calculus](...): [Chapters 11-16](...)")."""
    resource = item.resource
    if not any(part.url for part in item.parts):
        return f"[{md_text(item.title_in(lang))}]({md_url(resource.url)})"
    parts = "; ".join(
        f"[{md_text(part.title_in(lang))}]({md_url(part.url)})"
        if part.url
        else md_text(part.title_in(lang))
        for part in item.parts
    )
    return f"[{md_text(resource.title_in(lang))}]({md_url(resource.url)}): {parts}"


def _task(item: PlanItem, lang: str | None) -> list[str]:
    resource = item.resource
    link = item_link(item, lang)
    when = f"{item.start.isoformat()} → {item.end.isoformat()}"
    facts = f"{md_text(resource.provider)}, {format_duration(item.minutes)}, {when}"
    if not item.reason:
        return [f"- [ ] {link} — {facts}"]
    # A trailing backslash is CommonMark's hard line break: the reason stays inside the item.
    return [f"- [ ] {link} — {facts}\\", f"  Why: {md_text(item.reason)}"]


def _pace(plan: Plan) -> str:
    """What a week can really take; the budget beside it when that is less (the note says why)."""
    capacity = plan.capacity
    if capacity is None:
        return format_duration(budget_minutes(plan.request.schedule.hours_per_week))
    if not capacity.limited:
        return format_duration(capacity.minutes)
    budgeted = format_duration(capacity.budget_minutes)
    return f"{format_duration(capacity.minutes)} ({budgeted} budgeted; see the note)"


def _summary(plan: Plan) -> list[str]:
    schedule = plan.request.schedule
    count = len(plan.items)
    days = ", ".join(_DAY_NAMES[d] for d in sorted(schedule.study_days))
    known = ", ".join(f"`{need.topic}` ({need.depth})" for need in plan.known) or "nothing declared"
    lines = [
        f"- **Total:** {format_duration(plan.total_minutes)} in {count} "
        f"resource{'' if count == 1 else 's'}",
        f"- **Dates:** {plan.start.isoformat()} → {plan.finish.isoformat()}",
        f"- **Pace:** up to {_pace(plan)} per week",
        f"- **Study days:** {days}",
        f"- **Week:** {md_text(week_text(schedule, plan.capacity))}",
        f"- **Already known:** {known}",
        f"- **Assumed by the goal:** {', '.join(f'`{t}`' for t in plan.assumed) or 'nothing'}",
    ]
    if plan.days_off:
        lines.append(f"- **Days off:** {md_text('; '.join(days_off_runs(plan.days_off)))}")
    live = [f"`{item.id}` {md_text(item.edition.label)}" for item in plan.items if item.edition]
    if live:
        lines.append(f"- **Live editions:** {', '.join(live)}")
    if plan.request.done:
        lines.append(f"- **Already done:** {', '.join(f'`{r}`' for r in plan.request.done)}")
    choice = (
        "proven minimal (exact search)"
        if plan.exact
        else "found by a heuristic, not proven minimal"
    )
    lines.append(f"- **Choice of resources:** {choice}")
    if plan.deadline is not None:
        report = plan.deadline
        verdict = "feasible" if report.feasible else "not feasible"
        needed = format_duration(round(report.required_hours_per_week * 60))
        lines.append(
            f"- **Deadline:** {report.deadline.isoformat()}: needs {needed} per week, {verdict}"
        )
    lines += [f"- **Note:** {md_text(note)}" for note in plan.notes]
    return lines
