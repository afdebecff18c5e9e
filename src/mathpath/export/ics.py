"""A plan's study sessions as an iCalendar file (RFC 5545), one VEVENT per session.

Decisions, each made so that the same plan always gives the same bytes and a re-exported plan
*updates* a calendar instead of filling it with duplicates:

* **UID** = ``sha256(goal id, resource id, n)[:16]@mathpath``, where ``n`` numbers the sessions of
  that resource in date order (1, 2, ...). A session is "the n-th sitting of this resource for this
  goal", not "this resource on this date": when a re-plan moves it to another day it keeps its UID,
  so calendar programs move the event rather than adding a second one. Sessions of other resources,
  and the first sessions of a resource whose later ones changed, keep their UIDs and their bytes.
* **Updating** (``previous``, ``plan --update``): a calendar that mathpath wrote (its PRODID, or
  the ``X-MATHPATH-GOAL`` mark) is replaced by the new plan's events, each with a ``SEQUENCE``
  one above the old event's where it changed (0 for a new one), and every old event the new plan
  no longer has is written again as ``STATUS:CANCELLED`` with its ``SEQUENCE`` raised, so that a
  calendar program that imports the file removes it. A calendar mathpath did not write is never
  touched. Updating again with the same plan gives the same bytes.
* **DTSTAMP** must be a UTC date-time. "Now" would make every export different, so it is the plan's
  start date at 00:00 UTC: stable for a plan, and later for a plan re-made from a later start, so
  it also reads as the newer version of an event.
* **Time**: on a day without a time (``--time``, per weekday) each session is an all-day event
  (``VALUE=DATE``, DTEND the next day, marked free/transparent so it does not block the day) with
  its duration in the summary. On a day with one, the day's first session starts then and each
  next one when the one before ends (back to back, never overlapping); DTEND is the start plus the
  session's minutes. Times are *floating* local time (no TZID, no ``Z``: "19:00" stays 19:00
  wherever the learner is) unless the plan has a time zone (``--tz``): then every timed event
  carries ``TZID`` and the calendar the matching ``VTIMEZONE`` (made by icalendar from zoneinfo).
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

from mathpath.catalog.language import item_support, marked_title, marks_editions
from mathpath.catalog.text import visible
from mathpath.errors import UsageError
from mathpath.i18n import _
from mathpath.planning.plans import format_duration
from mathpath.planning.reviews import review_url
from mathpath.planning.schedule import session_starts

if TYPE_CHECKING:
    from mathpath.catalog.models import Part
    from mathpath.planning.plans import Plan, PlanItem, Session
    from mathpath.planning.reviews import ReviewSession

PRODID = "-//mathpath//mathpath plan//EN"
MARK = "x-mathpath-goal"  # the calendar's goal: with PRODID, how --update knows its own files


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
    previous: bytes | None = None,
    previous_name: str | None = None,
) -> bytes:
    """The plan's sessions as a calendar. ``time_of_day`` times every day's sittings (else the
    plan's own ``--time``); ``previous`` is the calendar this one replaces (``--update``): see
    the module notes. A ``previous`` calendar mathpath did not write is a ``UsageError``."""
    from icalendar import Calendar, vText

    name = previous_name if previous_name is not None else _("the calendar")
    before = read_previous(previous, name) if previous is not None else None
    options = plan.request.schedule
    goal = plan.goal.names.get(lang or "", plan.goal.name)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(visible(f"mathpath: {goal}")))
    calendar.add(MARK, vText(visible(plan.goal.id)))
    stamp = datetime.datetime.combine(plan.start, datetime.time(0, 0), tzinfo=datetime.UTC)
    items = {item.id: item for item in plan.items}
    times = dict.fromkeys(range(7), time_of_day) if time_of_day is not None else dict(options.times)
    zone = _zone(options.tz) if times else None
    from mathpath.export.sittings import sittings  # study and spaced review, by day

    ordered, starts = sittings(plan)
    if times != dict(options.times):  # --time of an export, not the plan's own
        from mathpath.planning.plans import Session

        starts = session_starts([Session(s.date, "", s.minutes) for s in ordered], times)
    study_uids = session_uids(plan)
    review_uids = _review_uids(plan)
    uids: list[str] = []
    for sitting, start in zip(ordered, starts, strict=True):
        if sitting.session is not None:
            session, uid = sitting.session, study_uids[sitting.index]
            event = _event(session, items.get(session.resource_id), uid, stamp, start, zone, lang)
        else:
            assert sitting.review is not None
            uid = review_uids[sitting.index]
            event = _review_event(sitting.review, uid, stamp, start, zone, lang)
        uids.append(uid)
        if before is not None:
            _sequence(event, before.get(uid))
        calendar.add_component(event)
    first, last = plan.start, plan.finish
    if before is not None:
        kept = set(uids)
        for uid, old in before.items():
            if uid not in kept:
                calendar.add_component(_cancelled(old, stamp))
                day = _day_of(old)
                first, last = min(first, day or first), max(last, day or last)
    # A VTIMEZONE for each zone an event names (this plan's --tz, or a cancelled event's),
    # covering the years of the events.
    calendar.add_missing_timezones(
        first_date=datetime.date(first.year, 1, 1),
        last_date=datetime.date(last.year + 2, 1, 1),
    )
    data: bytes = calendar.to_ical()
    return data


def _review_uids(plan: Plan) -> list[str]:
    """A review's UID: the n-th review of its topic and depth in the plan (``review:T@depth``
    in place of the resource id), so that a re-export keeps the reviews that did not move."""
    counts: dict[str, int] = {}
    uids = []
    for review in plan.reviews:
        key = f"review:{review.topic}@{review.depth}"
        counts[key] = counts.get(key, 0) + 1
        uids.append(session_uid(plan.goal.id, key, counts[key]))
    return uids


def _review_event(
    review: ReviewSession,
    uid: str,
    stamp: datetime.datetime,
    start: datetime.datetime | None,
    zone: datetime.tzinfo | None,
    lang: str | None,
) -> Any:
    """A spaced review: ``Review T@depth (15 min)``, with what to review it with (linked to its
    edition in ``lang`` where there is one)."""
    title = _("Review {topic}@{depth}").format(topic=review.topic, depth=review.depth)
    event = _timed_event(uid, stamp, title, review.date, review.minutes, start, zone)
    if review.material:
        what = review.material
        with_text = _("with: {what} of {source}").format(what=what, source=review.source)
    else:
        with_text = _("with: {source}").format(source=review.source)
    url = review_url(review, lang)
    description = "\n".join(text for text in (with_text, url or "") if text)
    event.add("description", visible(description, one_line=False))
    if url:
        event.add("url", visible(url))
    return event


def read_previous(data: bytes, name: str) -> dict[str, Any]:
    """The events of a calendar that mathpath wrote, by UID; a ``UsageError`` for one that it
    did not write (no mathpath PRODID or mark) or that is not a calendar."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        raise UsageError(
            _("{file}: not an iCalendar file ({error}); not updated").format(file=name, error=exc),
            hint=_("choose another file, or drop --update to replace it (with --force)"),
        ) from None
    prodid = str(calendar.get("PRODID", ""))
    if prodid != PRODID and MARK.upper() not in calendar:
        message = (
            _("{file}: not written by mathpath (PRODID {prodid}); not updated")
            if prodid
            else _("{file}: not written by mathpath (PRODID missing); not updated")
        )
        raise UsageError(
            message.format(file=name, prodid=prodid),
            hint=_("--update only changes calendars that mathpath wrote; write to a new file"),
        )
    return {str(event["UID"]): event for event in calendar.walk("VEVENT") if "UID" in event}


def _sequence(event: Any, old: Any | None) -> None:
    """The new event's SEQUENCE: the old one's, raised when the event changed or comes back."""
    if old is None:
        event.add("sequence", 0)
        return
    sequence = int(old.get("SEQUENCE", 0))
    cancelled = str(old.get("STATUS", "")).upper() == "CANCELLED"
    if cancelled or any(_text(old, key) != _text(event, key) for key in _COMPARED):
        sequence += 1
    event.add("sequence", sequence)


def _cancelled(old: Any, stamp: datetime.datetime) -> Any:
    """A dropped session as the cancelled version of its old event (once cancelled, kept as it
    was, so that updating again changes nothing)."""
    if str(old.get("STATUS", "")).upper() == "CANCELLED":
        return old
    from icalendar import Event

    event = Event()
    for key, value in old.property_items(recursive=False):
        if key in ("BEGIN", "END", "SEQUENCE", "STATUS", "DTSTAMP"):
            continue
        event.add(key, value, encode=False)
    event.add("dtstamp", stamp)
    event.add("sequence", int(old.get("SEQUENCE", 0)) + 1)
    event.add("status", "CANCELLED")
    return event


# What makes an event "changed" for its SEQUENCE.
_COMPARED = ("DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL")


def _text(event: Any, key: str) -> str:
    value = event.get(key)
    return "" if value is None else value.to_ical().decode("utf-8", "replace")


def _day_of(event: Any) -> datetime.date | None:
    value = getattr(event.get("DTSTART"), "dt", None)
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


def _zone(name: str | None) -> datetime.tzinfo | None:
    if name is None:
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _event(
    session: Session,
    item: PlanItem | None,
    uid: str,
    stamp: datetime.datetime,
    start: datetime.datetime | None,
    zone: datetime.tzinfo | None,
    lang: str | None,
) -> Any:
    title, url, original = _title_and_url(session, item, lang)
    event = _timed_event(uid, stamp, title, session.date, session.minutes, start, zone)
    if item is not None:
        description = "\n".join(text for text in (url, original, item.reason) if text)
        event.add("description", visible(description, one_line=False))
        event.add("url", visible(url))
    return event


def _timed_event(
    uid: str,
    stamp: datetime.datetime,
    title: str,
    day: datetime.date,
    minutes: int,
    start: datetime.datetime | None,
    zone: datetime.tzinfo | None,
) -> Any:
    """An event of ``minutes`` on ``day``: from ``start`` when the sitting has a time (wall-clock
    in ``zone``, DST as it falls), else all day and free, titled ``title (minutes)``."""
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", visible(_summary(title, minutes)))
    if start is None:
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        end = start + datetime.timedelta(minutes=minutes)
        if zone is not None:
            start, end = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
        event.add("dtstart", start)
        event.add("dtend", end)
    return event


def _summary(title: str, minutes: int) -> str:
    """An event's summary: what it is and how long, ``Calculus (1 h 30 min)``."""
    return _("{title} ({time})").format(title=title, time=format_duration(minutes))


def _title_and_url(
    session: Session, item: PlanItem | None, lang: str | None
) -> tuple[str, str, str | None]:
    """What the event is called and links to (see the module notes on parts), and the original's
    address when the link goes to the edition in ``lang`` instead (Bilibili, zh.d2l.ai...). A
    title in ``lang`` of material with nothing in it carries the mark that says so."""
    if item is None:
        return session.resource_id, "", None
    resource = item.resource
    part = resource.part_by_id.get(session.part) if session.part else None
    parts: tuple[Part, ...]
    if part is not None:
        title = f"{resource.title_in(lang)}: {part.title_in(lang)}"
        english, parts = f"{resource.title}: {part.title}", (part,)
        original = part.url or resource.url
    else:
        only = item.parts[0] if len(item.parts) == 1 else None
        title, english, parts = item.title_in(lang), item.title_in(None), item.parts
        original = only.url if only is not None and only.url else resource.url
    if not marks_editions(lang):
        return title, original, None
    support = item_support(resource, lang, parts)
    if title != english:
        title = marked_title(title, support)
    if support.localised_url is None:
        return title, original, None
    return title, support.localised_url, original
