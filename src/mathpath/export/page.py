"""A plan as one self-contained HTML page, to share with someone who has neither a terminal nor
GitHub: a teacher, a study group, a phone (``mathpath plan -o plan.html``).

The page has, in order: the summary, the study order as a checklist (ticks kept in the
browser's ``localStorage``, see ``_page_assets``), the spaced reviews when the plan has them,
the timeline as an inline SVG
(``timeline_svg``), the prerequisites as a nested list drawn from ``plan_graph`` (the data the
Mermaid and DOT graphs are drawn from), and the links.

Decisions:

* **Nothing is fetched.** The stylesheet and the script are inline, there are no images, fonts
  or frames, and a ``Content-Security-Policy`` meta tag (``default-src 'none'``, the style and the
  script allowed by their SHA-256 hashes) makes the browser refuse any request the page might
  still make. The only URLs are the resources' own links and in-page anchors.
* **A nested list, not a drawn graph**, for the prerequisites: the goal at the top, under each
  item what must come before it. A list reads on a phone at any size, where a laid-out graph
  of 30 nodes does not; an item met a second time links to its first place ("see above")
  instead of repeating its subtree, so the list grows with the edges, not with the paths.
* **Language**: titles, names and links in the plan's language as the markdown export gives
  them (``lang``: the edition in that language linked first, the original beside it, and the
  mark of what the item has in it); every label through ``_()``, in the interface language,
  which also gives the page its ``lang`` attribute and its dates in prose (``date_text``).
* **Escaping**: every piece of catalog text goes through ``html.escape`` (quotes too, for
  attributes) after ``visible`` (control characters, which HTML cannot show, become U+FFFD).
* **Deterministic**: no clock, no random ids; the same plan gives the same bytes.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
from html import escape
from typing import TYPE_CHECKING

from mathpath import i18n
from mathpath.catalog.language import item_support, marks_editions
from mathpath.catalog.text import visible
from mathpath.export._page_assets import SCRIPT, STYLE
from mathpath.export._titles import linked_title
from mathpath.export.timeline_svg import timeline_svg
from mathpath.i18n import N_, _, date_text, ngettext
from mathpath.planning.plans import budget_minutes, format_duration, week_monday
from mathpath.planning.reviews import material_text, review_url
from mathpath.planning.schedule import day_pattern
from mathpath.planning.timetable import days_off_runs, week_text

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan, PlanItem
    from mathpath.planning.prereq_graph import GoalGraph

_DAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def text(value: str) -> str:
    """Catalog text as HTML text or an attribute value: one line, escaped."""
    return escape(visible(" ".join(value.split())), quote=True)


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def storage_key(plan: Plan) -> str:
    """Where the page keeps its ticks in the browser: one key per goal."""
    return f"mathpath:{plan.goal.id}"


def plan_to_html(plan: Plan, *, lang: str | None = None) -> str:
    """The plan page (see the module's notes)."""
    goal = plan.goal.names.get(lang or "", plan.goal.name)
    title = _("Study plan: {goal}").format(goal=goal)
    page_lang = i18n.current() if i18n.current() in i18n.LANGUAGES else "en"
    policy = (
        f"default-src 'none'; style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)}; "
        "base-uri 'none'; form-action 'none'"
    )
    sections = [
        ("summary", _("Summary"), _summary(plan)),
        ("order", _("Study order"), _checklist(plan, lang)),
        *([("reviews", _("Spaced review"), _reviews(plan, lang))] if plan.reviews else []),
        ("timeline", _("Timeline"), _timeline(plan, lang)),
        ("prerequisites", _("Prerequisites"), _prerequisites(plan, lang)),
        ("links", _("Links"), _links(plan, lang)),
    ]
    nav = "".join(f'<li><a href="#{key}">{escape(name)}</a></li>' for key, name, _body in sections)
    body = "\n".join(
        f'<section id="{key}">\n<h2>{escape(name)}</h2>\n{content}\n</section>'
        for key, name, content in sections
    )
    footer = _("Made by mathpath from its catalog; ticks are kept in this browser only.")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{page_lang}" data-storage-key="{text(storage_key(plan))}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="generator" content="mathpath">\n'
        f"<title>{text(title)}</title>\n"
        f"<style>{STYLE}</style>\n"
        "</head>\n"
        "<body>\n<main>\n"
        f"<h1>{text(title)}</h1>\n"
        f'<p class="lead">{text(plan.goal.description)}</p>\n'
        f'<nav aria-label="{escape(_("Sections"))}"><ul>{nav}</ul></nav>\n'
        f"{body}\n"
        f"<footer>{escape(footer)}</footer>\n"
        "</main>\n"
        f"<script>{SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )


def _row(label: str, value: str) -> str:
    """A summary row: ``label`` is plain text, ``value`` HTML already escaped."""
    return f"<dt>{escape(label)}</dt><dd>{value}</dd>"


def _code_list(ids: list[str], empty: str) -> str:
    return ", ".join(f"<code>{text(i)}</code>" for i in ids) or escape(empty)


def _pace(plan: Plan) -> str:
    """What a week can really take; the budget beside it when that is less (as in markdown)."""
    capacity = plan.capacity
    if capacity is None:
        return format_duration(budget_minutes(plan.request.schedule.hours_per_week))
    if not capacity.limited:
        return format_duration(capacity.minutes)
    return _("{usable} ({budgeted} budgeted; see the note)").format(
        usable=format_duration(capacity.minutes), budgeted=format_duration(capacity.budget_minutes)
    )


def week_heading(plan: Plan, monday: datetime.date) -> str:
    """'Week 3 (from 2025-01-20)', counting calendar weeks from the plan's first week."""
    number = (monday - week_monday(plan.start)).days // 7 + 1
    return _("Week {number} (from {date})").format(number=number, date=date_text(monday))


def _summary(plan: Plan) -> str:
    schedule = plan.request.schedule
    count = len(plan.items)
    days = ", ".join(_(_DAY_NAMES[d]) for d in sorted(day_pattern(schedule)))  # as Week says
    total = ngettext("{duration} in {count} resource", "{duration} in {count} resources", count)
    known = [f"{need.topic} ({need.depth})" for need in plan.known]
    rows = [
        _row(
            _("Total"),
            escape(total.format(duration=format_duration(plan.total_minutes), count=count)),
        ),
        _row(_("Dates"), escape(f"{date_text(plan.start)} → {date_text(plan.finish)}")),
        _row(_("Pace"), escape(_("up to {pace} per week").format(pace=_pace(plan)))),
        _row(_("Study days"), escape(days)),
        _row(_("Week"), text(week_text(schedule, plan.capacity))),
        _row(_("Already known"), _code_list(known, _("nothing declared"))),
        _row(_("Assumed by the goal"), _code_list(list(plan.assumed), _("nothing"))),
    ]
    if plan.days_off:
        rows.append(_row(_("Days off"), text("; ".join(days_off_runs(plan.days_off)))))
    live = [f"<code>{text(i.id)}</code> {text(i.edition.label)}" for i in plan.items if i.edition]
    if live:
        rows.append(_row(_("Live editions"), ", ".join(live)))
    if plan.request.done:
        rows.append(_row(_("Already done"), _code_list(list(plan.request.done), "")))
    choice = (
        _("proven minimal (exact search)")
        if plan.exact
        else _("found by a heuristic, not proven minimal")
    )
    rows.append(_row(_("Choice of resources"), escape(choice)))
    if plan.deadline is not None:
        report = plan.deadline
        needed = format_duration(round(report.required_hours_per_week * 60))
        verdict = (
            _("{date}: needs {duration} per week, feasible")
            if report.feasible
            else _("{date}: needs {duration} per week, not feasible")
        )
        rows.append(
            _row(
                _("Deadline"),
                escape(verdict.format(date=date_text(report.deadline), duration=needed)),
            )
        )
    rows += [_row(_("Note"), text(note)) for note in plan.notes]
    return '<dl class="summary">\n' + "\n".join(rows) + "\n</dl>"


def _title_html(item: PlanItem, lang: str | None) -> str:
    """The item's title with its parts, linked as in the markdown export
    (``export._titles.linked_title``), then, in a language whose editions are marked, what the
    item has in it ("English only")."""
    title = linked_title(item, lang, _link)
    if not marks_editions(lang):
        return title
    label = item_support(item.resource, lang, item.parts).label
    return f'{title}<span class="mark"> · {text(label)}</span>'


def _link(value: str, url: str | None) -> str:
    return f'<a href="{text(url)}">{text(value)}</a>' if url else text(value)


def _checklist(plan: Plan, lang: str | None) -> str:
    template = _("{done} of {total} ticked")
    note = _(
        "This browser does not let the page keep its ticks: they will be gone when it is closed."
    )
    out = [
        f'<p id="progress" class="progress" data-template="{escape(template)}" aria-live="polite">'
        f"{escape(template.replace('{done}', '0').replace('{total}', str(len(plan.items))))}</p>",
        f'<p id="storage-note" class="storage-note" hidden>{escape(note)}</p>',
    ]
    week = None
    for number, item in enumerate(plan.items, start=1):
        monday = week_monday(item.start)
        if monday != week:
            if week is not None:
                out.append("</ol>")
            week = monday
            out.append(f'<h3 class="week">{escape(week_heading(plan, monday))}</h3>')
            out.append(f'<ol class="checklist" start="{number}">')
        out.append(_task(number, item, lang))
    if week is not None:
        out.append("</ol>")
    else:
        out.append(f"<p>{escape(_('Nothing to study: the goal is already met.'))}</p>")
    return "\n".join(out)


def _task(number: int, item: PlanItem, lang: str | None) -> str:
    title = item.title_in(lang)
    box = escape(_("Done: {title}").format(title=visible(title)), quote=True)
    when = escape(f"{date_text(item.start)} → {date_text(item.end)}")
    facts = f"{text(item.resource.provider)} · {escape(format_duration(item.minutes))} · {when}"
    why = f'<p class="why">{escape(_("Why:"))} {text(item.reason)}</p>' if item.reason else ""
    return (
        f'<li id="item-{number}"><input type="checkbox" id="tick-{number}" '
        f'data-id="{text(item.id)}" aria-label="{box}">'
        f'<div class="body"><div class="title">{number}. {_title_html(item, lang)}</div>'
        f'<p class="facts">{facts}</p>{why}</div></li>'
    )


def _timeline(plan: Plan, lang: str | None) -> str:
    legend = (
        f'<p class="legend"><span class="key span"></span>{escape(_("from first to last day"))} '
        f'<span class="key study"></span>{escape(_("days with a sitting"))}'
    )
    if plan.deadline is not None:
        legend += f' <span class="key late"></span>{escape(_("deadline"))}'
    return f"{legend}</p>\n{timeline_svg(plan, lang=lang)}"


def _prerequisites(plan: Plan, lang: str | None) -> str:
    from mathpath.planning.prereq_graph import plan_graph

    intro = _("Under each resource, what to finish before it; the goal is at the top.")
    return f"<p>{escape(intro)}</p>\n{prerequisite_tree(plan_graph(plan, lang=lang), plan)}"


def prerequisite_tree(graph: GoalGraph, plan: Plan) -> str:
    """The graph as nested lists from the goal down: each node's children are what comes
    before it. A node already listed links to its first place instead of listing its own
    prerequisites again. Built with an explicit stack: a 10,000-item chain is 10,000 levels."""
    numbers = {f"resource:{item.id}": n for n, item in enumerate(plan.items, start=1)}
    before: dict[str, list[str]] = {}
    for edge in graph.edges:
        before.setdefault(edge.target, []).append(edge.source)
    labels = {node.key: node for node in graph.nodes}
    seen: set[str] = set()
    out: list[str] = ['<ul class="tree">']
    # Each entry: a node to open, or the closing tags of a node whose children are done.
    stack: list[tuple[str, str]] = [("open", graph.root)]
    while stack:
        action, key = stack.pop()
        if action == "close":
            out.append(key)
            continue
        node = labels[key]
        number = numbers.get(key)
        name = text(node.label) if number is None else f"{number}. {text(node.label)}"
        if number is not None and key in seen:
            see = escape(_("see above"))
            out.append(f'<li class="seen"><a href="#pre-{number}">{name}</a> ({see})</li>')
            continue
        seen.add(key)
        anchor = f' id="pre-{number}"' if number is not None else ""
        link = (
            f'<a href="#item-{number}">{name}</a>'
            if number is not None
            else f"<strong>{name}</strong>"
        )
        note = f" ({text(node.note)})" if node.note else ""
        children = before.get(key, [])
        if not children:
            out.append(f"<li{anchor}>{link}{note}</li>")
            continue
        out.append(f"<li{anchor}>{link}{note}<ul>")
        stack.append(("close", "</ul></li>"))
        stack.extend(("open", child) for child in reversed(children))
    out.append("</ul>")
    return "".join(out)


def _reviews(plan: Plan, lang: str | None) -> str:
    """Each review sitting (``plan.reviews``): the day, the topic at its depth, its minutes,
    and what to review it with, linked, as the markdown export lists them."""
    rows = []
    for review in plan.reviews:
        what = text(material_text(review.material, review.source))
        url = review_url(review, lang)
        if url:
            what = f'<a href="{text(url)}">{what}</a>'
        head = _("Review {topic}@{depth}").format(topic=review.topic, depth=review.depth)
        # The markdown's message, the link put in after escaping (NUL is in no translation).
        rest = _("{time}, with {what}").format(time=format_duration(review.minutes), what="\0")
        rest = escape(rest).replace("\0", what)
        rows.append(f"<li>{escape(date_text(review.date))} {text(head)} — {rest}</li>")
    return '<ul class="reviews">\n' + "\n".join(rows) + "\n</ul>"


def _links(plan: Plan, lang: str | None) -> str:
    rows: list[str] = []
    for number, item in enumerate(plan.items, start=1):
        resource = item.resource
        urls = [(resource.title_in(lang), resource.url)]
        if marks_editions(lang):
            localised = item_support(resource, lang, item.parts).localised_url
            if localised is not None:  # the edition in the language first, as the title links
                urls.insert(0, (item.title_in(lang), localised))
        urls += [(part.title_in(lang), part.url) for part in item.parts if part.url]
        for name, url in urls:
            rows.append(
                f"<li>{number}. {text(name)} ({text(resource.provider)})<br>"
                f'<a class="url" href="{text(url)}">{text(url)}</a></li>'
            )
    return '<ul class="links">\n' + "\n".join(rows) + "\n</ul>"
