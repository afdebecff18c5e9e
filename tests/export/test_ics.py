"""The iCalendar export, read back with icalendar's own parser."""

from __future__ import annotations

import datetime
from datetime import date, timedelta
from typing import Any

from icalendar import Calendar

from mathpath.catalog.models import Catalog
from mathpath.export.ics import PRODID, plan_to_ics, session_uid, session_uids
from mathpath.planning.plans import Plan, Session, format_duration

from .conftest import SESSIONS, PlanFactory, build_plan


def events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def by_uid(data: bytes) -> dict[str, bytes]:
    """Each event's own text, by UID."""
    return {str(e["UID"]): e.to_ical() for e in events(data)}


def test_calendar_header(plan: Plan) -> None:
    calendar = Calendar.from_ical(plan_to_ics(plan))
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == 'mathpath: Deep learning: the "math" [part] | #1'


def test_one_all_day_event_per_session(plan: Plan) -> None:
    found = events(plan_to_ics(plan))
    assert len(found) == len(plan.sessions)
    items = {item.id: item for item in plan.items}
    for event, session in zip(found, plan.sessions, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date
        assert start == session.date
        assert end == session.date + timedelta(days=1)
        item = items[session.resource_id]
        assert str(event["SUMMARY"]) == (
            f"{item.resource.title} ({format_duration(session.minutes)})"
        )
        assert str(event["DESCRIPTION"]) == f"{item.resource.url}\n{item.reason}"
        assert str(event["URL"]) == item.resource.url
        assert str(event["TRANSP"]) == "TRANSPARENT"
        # Not "now": the plan's first day at midnight UTC, the same in every export.
        assert event.decoded("DTSTAMP") == datetime.datetime(2025, 1, 6, tzinfo=datetime.UTC)


def test_timed_events_in_floating_local_time(plan: Plan) -> None:
    found = events(plan_to_ics(plan, time_of_day=datetime.time(19, 30)))
    for event, session in zip(found, plan.sessions, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == datetime.datetime.combine(session.date, datetime.time(19, 30))
        assert start.tzinfo is None  # floating: 19:30 wherever the learner is
        assert end - start == timedelta(minutes=session.minutes)
        assert "TZID" not in event["DTSTART"].params
        assert "TRANSP" not in event
    raw = plan_to_ics(plan, time_of_day=datetime.time(19, 30))
    assert b"DTSTART:20250106T193000\r\n" in raw
    assert b"DTEND:20250106T210000\r\n" in raw  # 90 minutes


def test_special_characters_survive_the_round_trip(plan: Plan) -> None:
    raw = plan_to_ics(plan)
    assert b"\r\n" in raw
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded as RFC 5545 wants
    summaries = [str(e["SUMMARY"]) for e in events(raw)]
    assert summaries[-1] == '# Deep learning: 101; 50% "fun" (2 h)'


def test_chinese_titles_with_lang_zh(plan: Plan) -> None:
    summaries = [str(e["SUMMARY"]) for e in events(plan_to_ics(plan, lang="zh"))]
    # The fixture's resources have Chinese titles and no Chinese material: the mark says so.
    assert summaries[0] == "微积分的本质 (English only) (1 h 30 min)"
    assert Calendar.from_ical(plan_to_ics(plan, lang="zh"))["X-WR-CALNAME"] == "mathpath: 深度学习"


def test_uids_unique_and_derived_from_goal_resource_and_ordinal(plan: Plan) -> None:
    uids = [str(e["UID"]) for e in events(plan_to_ics(plan))]
    assert len(set(uids)) == len(uids)
    assert uids == session_uids(plan)
    assert uids[1] == session_uid("dl", "mit-18.01sc", 1)
    assert uids[2] == session_uid("dl", "mit-18.01sc", 2)
    assert all(uid.endswith("@mathpath") and len(uid) == 16 + len("@mathpath") for uid in uids)
    assert session_uid("a", "b-c", 1) != session_uid("a-b", "c", 1)


def test_same_plan_same_bytes(make_plan: PlanFactory) -> None:
    assert plan_to_ics(make_plan()) == plan_to_ics(make_plan())
    time = datetime.time(7, 0)
    assert plan_to_ics(make_plan(), time_of_day=time) == plan_to_ics(make_plan(), time_of_day=time)


def test_moved_session_keeps_its_uid_and_only_that_event_changes(make_plan: PlanFactory) -> None:
    before = by_uid(plan_to_ics(make_plan()))
    moved = list(SESSIONS)
    moved[4] = Session(date(2025, 1, 10), "la-book", 60)  # Monday the 13th -> Friday the 10th
    after = by_uid(plan_to_ics(make_plan(sessions=tuple(moved))))
    assert set(after) == set(before)
    changed = {uid for uid in before if before[uid] != after[uid]}
    assert changed == {session_uid("dl", "la-book", 2)}
    assert b"DTSTART;VALUE=DATE:20250110" in after[session_uid("dl", "la-book", 2)]


def test_changed_resource_changes_only_its_own_uids(make_plan: PlanFactory) -> None:
    before = by_uid(plan_to_ics(make_plan()))
    # One more session of la-book: one new event, every other event byte-identical.
    longer = (*SESSIONS[:5], Session(date(2025, 1, 14), "la-book", 30), SESSIONS[5])
    after = by_uid(plan_to_ics(make_plan(sessions=longer)))
    assert set(after) - set(before) == {session_uid("dl", "la-book", 3)}
    assert all(after[uid] == before[uid] for uid in before)
    # The same sessions planned for another goal are other events.
    other = {session_uid("other", s.resource_id, 1) for s in SESSIONS}
    assert not other & set(before)


def test_empty_plan_is_an_empty_calendar(make_plan: PlanFactory) -> None:
    raw = plan_to_ics(make_plan(items=(), sessions=()))
    assert events(raw) == []
    assert str(Calendar.from_ical(raw)["PRODID"]) == PRODID


# --- parts --------------------------------------------------------------------------------------


def test_a_session_for_a_part_names_it_and_links_its_page(part_plan: Plan) -> None:
    found = events(plan_to_ics(part_plan))
    assert [(str(e["SUMMARY"]), str(e["URL"])) for e in found] == [
        (
            "Essence of calculus: `chapter` #1 <intro> [x] (1 h 30 min)",
            part_plan.items[0].resource.url,
        ),
        ("Calculus | Strang: Chapters 1-10: *single* variable (2 h)", "https://example.org/strang"),
        (
            "Calculus | Strang: Chapters 1-10: *single* variable (30 min)",
            "https://example.org/strang",
        ),
        (
            "Calculus | Strang: Chapters 11-16; [multi] #variable (1 h)",
            "https://example.org/strang/ch11(16)",  # the part's own page
        ),
        (  # a sitting for no one part: the item with all its parts, and the resource's page
            "Calculus | Strang: Chapters 1-10: *single* variable; Chapters 11-16; [multi] #variable"
            " (30 min)",
            "https://example.org/strang",
        ),
    ]
    assert str(found[3]["DESCRIPTION"]) == "https://example.org/strang/ch11(16)\nteaches both"


def test_a_part_does_not_change_the_uid(part_plan: Plan) -> None:
    uids = [str(e["UID"]) for e in events(plan_to_ics(part_plan))]
    assert uids[1:] == [session_uid("dl", "strang", n) for n in (1, 2, 3, 4)]


def test_an_item_of_one_part_with_a_page_links_it_from_every_sitting(
    part_catalog: Catalog,
) -> None:
    plan = build_plan(
        part_catalog,
        items=(("strang", 60, date(2025, 1, 6), date(2025, 1, 6), "", (), ("",)),),
        sessions=(Session(date(2025, 1, 6), "strang", 60),),
        parts={"strang": ("ch11-16",)},
    )
    (event,) = events(plan_to_ics(plan, lang="zh"))
    assert str(event["SUMMARY"]) == "微积分: Chapters 11-16; [multi] #variable (English only) (1 h)"
    assert str(event["URL"]) == "https://example.org/strang/ch11(16)"
    assert plan_to_ics(plan) == plan_to_ics(plan)
