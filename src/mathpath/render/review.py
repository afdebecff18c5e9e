"""Terminal views of spaced review: what is due (``mathpath review``) and a review recorded.

Each due card is one line (topic at depth, due date), then what to review it with: the
resource's problem sets, exercises or summary where the catalog names them, else the resource
itself, with its link. Ids are never cut; names follow ``lang``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from mathpath.catalog.models import Catalog
from mathpath.i18n import _, date_text, ngettext
from mathpath.learner.review import DueReview, ReviewList
from mathpath.planning.plans import format_duration
from mathpath.planning.reviews import ReviewState, material_text
from mathpath.render.lines import Hanging, indented, link


def _heading(when: str) -> str:
    return {
        "overdue": _("Overdue"),
        "today": _("Due today"),
        "week": _("Due this week"),
    }[when]


def _line(item: DueReview, catalog: Catalog, lang: str | None) -> list[RenderableType]:
    state = item.state
    topic = catalog.topic_by_id.get(state.topic)
    name = topic.name_in(lang) if topic is not None else state.topic
    head = Text(f"{state.topic}@{state.depth}", style="bold")
    head.append(f"  {name}")
    head.append("  " + _("due {date}").format(date=date_text(state.due)), style="dim")
    lines: list[RenderableType] = [Hanging(head, "  ")]
    what = material_text(item.material, item.title)
    lines.append(indented(_("with: {what}").format(what=what)))
    url = link(item.url, style="dim")
    if url is not None:
        lines.append(url)
    return lines


def review_list_view(listing: ReviewList, catalog: Catalog, lang: str | None) -> RenderableType:
    """What is due: overdue, today, this week, and how many later."""
    parts: list[RenderableType] = []
    if not listing.due:
        parts.append(Text(_("Nothing to review by the end of this week.")))
    for when in ("overdue", "today", "week"):
        group = listing.group(when)
        if not group:
            continue
        parts.append(Text(f"{_heading(when)} ({len(group)})", style="bold"))
        for item in group:
            parts.extend(_line(item, catalog, lang))
    now = len(listing.group("overdue")) + len(listing.group("today"))
    if now:
        parts.append(
            Text(
                ngettext(
                    "{count} review of {minutes} now; then say how it went:",
                    "{count} reviews of {minutes} each now; then say how each went:",
                    now,
                ).format(count=now, minutes=format_duration(listing.minutes))
            )
        )
        parts.append(Text("  mathpath review TOPIC --rating again|hard|good|easy"))
    if listing.later:
        parts.append(
            Text(
                ngettext(
                    "{count} more topic in review is due later.",
                    "{count} more topics in review are due later.",
                    listing.later,
                ).format(count=listing.later),
                style="dim",
            )
        )
    return Group(*parts)


def reviewed_view(states: Sequence[ReviewState], rating: str) -> RenderableType:
    """A review recorded: each card's next due date."""
    lines: list[RenderableType] = []
    for state in states:
        lines.append(
            Text(
                _("Reviewed {topic}@{depth} ({rating}): next review {due}").format(
                    topic=state.topic, depth=state.depth, rating=rating, due=date_text(state.due)
                )
            )
        )
    return Group(*lines)


def reviews_due_view(listing: ReviewList, catalog: Catalog, lang: str | None) -> RenderableType:
    """The reviews due by the day ``today`` shows (overdue ones first), under its sittings."""
    count = len(listing.due)
    parts: list[RenderableType] = [
        Text(""),
        Text(
            ngettext(
                "Review ({count} sitting of {minutes}):",
                "Review ({count} sittings of {minutes} each):",
                count,
            ).format(count=count, minutes=format_duration(listing.minutes)),
            style="bold",
        ),
    ]
    for item in listing.due:
        parts.extend(_line(item, catalog, lang))
    parts.append(indented(_("then: mathpath review TOPIC --rating again|hard|good|easy")))
    return Group(*parts)


def due_now_line(listing: ReviewList) -> Text:
    """One line for the end of ``status`` and ``plan``: how many reviews are due by the day
    ``listing`` was made for (``ReviewList.until``), overdue included."""
    count = len(listing.due)
    return Text(
        ngettext(
            "{count} review due now ({minutes}): mathpath review",
            "{count} reviews due now ({minutes} each): mathpath review",
            count,
        ).format(count=count, minutes=format_duration(listing.minutes))
    )
