"""A plan as a markdown document that reads well on GitHub and in any markdown editor.

Layout: the goal as the one ``#`` heading, a summary list, the resources as a GitHub task list,
then two Mermaid blocks (the schedule as a ``gantt`` chart, the prerequisites as a ``flowchart``).

The task list is grouped **by calendar week** (Monday-Sunday, the weeks the scheduler fills), under
the week in which each item starts. Week groups keep the items in study order, which grouping by
phase (depth in the prerequisite graph) would not always do, and they match the sections of the
gantt chart, so a reader can tick items off week by week.

An item planned as some parts of a resource is titled with them ("Calculus: Chapters 11-16"); a
part with a page of its own (``Part.url``) is linked to it, the rest of the title to the resource
(``export._titles.linked_title``).

All catalog text is escaped with ``md_text`` (a backslash before every ASCII character that could
start markup, which CommonMark always allows) and every link target goes through ``md_url``.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from mathpath.catalog.language import item_support, marks_editions
from mathpath.catalog.models import label
from mathpath.catalog.text import visible
from mathpath.export._titles import linked_title
from mathpath.export.mermaid import flowchart, gantt, week_heading
from mathpath.i18n import WEEKDAY_NAMES, _, date_text, listing, ngettext
from mathpath.planning.plans import budget_minutes, format_duration, week_monday
from mathpath.planning.reviews import material_text, review_url
from mathpath.planning.schedule import day_pattern
from mathpath.planning.timetable import days_off_runs, week_text

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan, PlanItem

# Emphasis, code, links, HTML, tables, headings, strikethrough, entities, GitHub's $math$.
_MARKUP = re.compile(r"([\\`*_\[\]<>|#~&!$])")
# What opens a block when it starts a line: list items, quotes, setext underlines, numbered lists.
_BLOCK_START = re.compile(r"^([-+=>]|\d+[.)])")
_URL_SAFE = "/:?#[]@!$&'*+,;=%~"


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
    heading = _("Study plan: {goal}").format(goal=md_text(goal))
    lines = [f"# {heading}", "", md_paragraph(plan.goal.description), ""]
    lines += ["## " + _("Summary"), "", *_summary(plan), ""]
    lines += ["## " + _("Resources"), ""]
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
        lines += ["", "## " + _("Spaced review"), "", *_reviews(plan, lang)]
    from mathpath.planning.prereq_graph import plan_graph

    schedule, schedule_notes = gantt(plan, lang=lang)
    lines += ["", "## " + _("Schedule"), "", *_summarised(schedule_notes)]
    lines += ["```mermaid", schedule.rstrip("\n"), "```"]
    order, order_notes = flowchart(plan_graph(plan, lang=lang))
    lines += ["", "## " + _("Prerequisites"), "", *_summarised(order_notes)]
    lines += ["```mermaid", order.rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


def _reviews(plan: Plan, lang: str | None) -> list[str]:
    """Each review sitting as a task: the day, the topic at its depth, its minutes, and what to
    review it with (linked, to its edition in ``lang`` where there is one)."""
    lines = []
    for review in plan.reviews:
        what = md_text(material_text(review.material, review.source))
        url = review_url(review, lang)
        if url:
            what = f"[{what}]({md_url(url)})"
        head = _("Review {topic}@{depth}").format(topic=review.topic, depth=review.depth)
        rest = _("{time}, with {what}").format(time=format_duration(review.minutes), what=what)
        lines.append(f"- [ ] {date_text(review.date)} {md_text(head)} — {rest}")
    return lines


def _summarised(notes: tuple[str, ...]) -> list[str]:
    """What a chart too big for Mermaid leaves out, said above it (nothing for a whole chart)."""
    if not notes:
        return []
    said = md_text("; ".join(notes))
    return [
        _(
            "The chart is a summary, to stay within what Mermaid draws: {notes}. The list of "
            "resources above has every one of them."
        ).format(notes=said),
        "",
    ]


def _link(text: str, url: str | None) -> str:
    return f"[{md_text(text)}]({md_url(url)})" if url else md_text(text)


def _task(item: PlanItem, lang: str | None) -> list[str]:
    resource = item.resource
    link = linked_title(item, lang, _link) + language_mark(item, lang)
    when = f"{date_text(item.start)} → {date_text(item.end)}"
    facts = f"{md_text(resource.provider)}, {format_duration(item.minutes)}, {when}"
    if not item.reason:
        return [f"- [ ] {link} — {facts}"]
    # A trailing backslash is CommonMark's hard line break: the reason stays inside the item.
    why = _("Why: {reason}").format(reason=md_text(item.reason))
    return [f"- [ ] {link} — {facts}\\", f"  {why}"]


def language_mark(item: PlanItem, lang: str | None) -> str:
    """What the item has in ``lang``, after its link (" · Chinese subtitles", " · 仅英文"): a
    title in the language is never shown without saying whether the material is in it. Nothing
    for English or no language."""
    if not marks_editions(lang):
        return ""
    return f" · {md_text(item_support(item.resource, lang, item.parts).label)}"


def _pace(plan: Plan) -> str:
    """What a week can really take; the budget beside it when that is less (the note says why)."""
    capacity = plan.capacity
    if capacity is None:
        return format_duration(budget_minutes(plan.request.schedule.hours_per_week))
    if not capacity.limited:
        return format_duration(capacity.minutes)
    budgeted = format_duration(capacity.budget_minutes)
    return _("{time} ({budgeted} budgeted; see the note)").format(
        time=format_duration(capacity.minutes), budgeted=budgeted
    )


def _summary(plan: Plan) -> list[str]:
    schedule = plan.request.schedule
    count = len(plan.items)
    days = listing(_(WEEKDAY_NAMES[d]) for d in sorted(day_pattern(schedule)))  # as Week says
    known = listing(
        _("`{topic}` ({depth})").format(topic=need.topic, depth=label(need.depth))
        for need in plan.known
    )
    assumed = listing(f"`{t}`" for t in plan.assumed)
    total = ngettext("{time} in {n} resource", "{time} in {n} resources", count).format(
        time=format_duration(plan.total_minutes), n=count
    )
    lines = [
        _fact(_("Total:"), total),
        _fact(_("Dates:"), f"{date_text(plan.start)} → {date_text(plan.finish)}"),
        _fact(_("Pace:"), _("up to {time} per week").format(time=_pace(plan))),
        _fact(_("Study days:"), days),
        _fact(_("Week:"), md_text(week_text(schedule, plan.capacity))),
        _fact(_("Already known:"), known or _("nothing declared")),
        _fact(_("Assumed by the goal:"), assumed or _("nothing")),
    ]
    if plan.days_off:
        lines.append(_fact(_("Days off:"), md_text("; ".join(days_off_runs(plan.days_off)))))
    live = [f"`{item.id}` {md_text(item.edition.label)}" for item in plan.items if item.edition]
    if live:
        lines.append(_fact(_("Live editions:"), listing(live)))
    if plan.request.done:
        done = listing(f"`{r}`" for r in plan.request.done)
        lines.append(_fact(_("Already done:"), done))
    choice = (
        _("proven minimal (exact search)")
        if plan.exact
        else _("found by a heuristic, not proven minimal")
    )
    lines.append(_fact(_("Choice of resources:"), choice))
    if plan.deadline is not None:
        report = plan.deadline
        needed = format_duration(round(report.required_hours_per_week * 60))
        text = (
            _("{date}: needs {time} per week, feasible")
            if report.feasible
            else _("{date}: needs {time} per week, not feasible")
        )
        deadline = text.format(date=date_text(report.deadline), time=needed)
        lines.append(_fact(_("Deadline:"), deadline))
    lines += [_fact(_("Note:"), md_text(note)) for note in plan.notes]
    return lines


def _fact(name: str, value: str) -> str:
    """One line of the summary: ``- **Total:** 12 h in 3 resources``."""
    return f"- **{name}** {value}"
