"""A plan's study sessions as an iCalendar file (RFC 5545), one VEVENT per session.

Decisions, each made so that the same plan always gives the same bytes and a re-exported plan
*updates* a calendar instead of filling it with duplicates:

* **UID** = ``sha256(goal id, resource id, n)[:16]@mathpath``, where ``n`` numbers the sessions of
  that resource in date order (1, 2, ...). A session is "the n-th sitting of this resource for this
  goal", not "this resource on this date": when a re-plan moves it to another day it keeps its UID,
  so calendar programs move the event rather than adding a second one. Sessions of other resources,
  and the first sessions of a resource whose later ones changed, keep their UIDs and their bytes.
  A resource that gets fewer sessions leaves its last UIDs unused (an imported file cannot delete
  events; a subscribed one simply stops listing them).
* **DTSTAMP** must be a UTC date-time. "Now" would make every export different, so it is the plan's
  start date at 00:00 UTC: stable for a plan, and later for a plan re-made from a later start, so
  it also reads as the newer version of an event.
* **Time**: without ``time_of_day`` each session is an all-day event (``VALUE=DATE``, DTEND the next
  day, marked free/transparent so it does not block the day) with the hours in its summary. With
  ``time_of_day`` sessions are timed events in *floating* local time (no TZID, no ``Z``): the plan
  knows days, not time zones, and "19:00" should stay 19:00 wherever the learner is. DTEND is the
  start plus the session's minutes.
* **Parts**: a session for one part (``Session.part``) is named after it ("Calculus: Chapters
  11-16 (2 h)") and links to the part's page where the part has one; any other session of an item
  names the item with all its planned parts and links to the resource (to the part's page when
  the item plans a single part that has one). The UID does not change with the part: a re-plan
  that moves a sitting from one chapter to the next updates the same event.

* **Text**: every text value (the calendar's name, summaries, descriptions) is an iCalendar TEXT
  value (``vText``: ``\\``, ``;``, ``,`` and newlines escaped), also ``X-WR-CALNAME``, which
  icalendar would otherwise write as it is (a newline in a goal's name made an invalid file), and
  control characters, which TEXT cannot hold, become U+FFFD (``catalog.text.visible``; a
  validated catalog has none).

``icalendar`` is imported inside the functions: only ``--format ics`` pays for it.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING, Any

from mathpath.catalog.text import visible
from mathpath.planning.plans import format_duration

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan, PlanItem, Session

PRODID = "-//mathpath//mathpath plan//EN"


def session_uid(goal_id: str, resource_id: str, ordinal: int) -> str:
    """The UID of the ``ordinal``-th (1-based) session of a resource in a plan for a goal."""
    # A unit separator keeps ("a", "b-c") and ("a-b", "c") apart.
    key = "\x1f".join((goal_id, resource_id, str(ordinal)))
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}@mathpath"


def session_uids(plan: Plan) -> list[str]:
    """The UID of each of ``plan.sessions``, in the same order."""
    order = sorted(range(len(plan.sessions)), key=lambda i: (plan.sessions[i].date, i))
    counts: dict[str, int] = {}
    uids = [""] * len(plan.sessions)
    for index in order:
        resource_id = plan.sessions[index].resource_id
        counts[resource_id] = counts.get(resource_id, 0) + 1
        uids[index] = session_uid(plan.goal.id, resource_id, counts[resource_id])
    return uids


def plan_to_ics(
    plan: Plan,
    *,
    time_of_day: datetime.time | None = None,
    lang: str | None = None,
) -> bytes:
    from icalendar import Calendar, vText

    goal = plan.goal.names.get(lang or "", plan.goal.name)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(visible(f"mathpath: {goal}")))
    stamp = datetime.datetime.combine(plan.start, datetime.time(0, 0), tzinfo=datetime.UTC)
    items = {item.id: item for item in plan.items}
    for session, uid in zip(plan.sessions, session_uids(plan), strict=True):
        calendar.add_component(
            _event(session, items.get(session.resource_id), uid, stamp, time_of_day, lang)
        )
    data: bytes = calendar.to_ical()
    return data


def _event(
    session: Session,
    item: PlanItem | None,
    uid: str,
    stamp: datetime.datetime,
    time_of_day: datetime.time | None,
    lang: str | None,
) -> Any:
    from icalendar import Event

    title, url = _title_and_url(session, item, lang)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", visible(f"{title} ({format_duration(session.minutes)})"))
    if time_of_day is None:
        event.add("dtstart", session.date)
        event.add("dtend", session.date + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        start = datetime.datetime.combine(session.date, time_of_day.replace(tzinfo=None))
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(minutes=session.minutes))
    if item is not None:
        description = "\n".join(text for text in (url, item.reason) if text)
        event.add("description", visible(description, one_line=False))
        event.add("url", visible(url))
    return event


def _title_and_url(session: Session, item: PlanItem | None, lang: str | None) -> tuple[str, str]:
    """What the event is called and links to (see the module notes on parts)."""
    if item is None:
        return session.resource_id, ""
    resource = item.resource
    part = resource.part_by_id.get(session.part) if session.part else None
    if part is not None:
        return f"{resource.title_in(lang)}: {part.title_in(lang)}", part.url or resource.url
    only = item.parts[0] if len(item.parts) == 1 else None
    return item.title_in(lang), (only.url if only is not None and only.url else resource.url)
