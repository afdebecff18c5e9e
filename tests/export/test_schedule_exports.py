"""What a reader adds up from a plan's exports (issue 14): JSON hours per week within the budget
and equal to the items and the total, calendars that parse, timed events that never overlap,
TZID events with their VTIMEZONE, stable UIDs, and updates that cancel what a re-plan drops."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from tests.support.gen import catalogs

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog
from mathpath.errors import PlanError, UsageError
from mathpath.export.ics import MARK, PRODID, plan_to_ics, session_uids
from mathpath.export.plan_json import plan_to_dict
from mathpath.planning import build_request, make_plan
from mathpath.planning.plans import Plan, PlanRequest, ScheduleOptions, week_monday

START = date(2026, 3, 4)


@st.composite
def planned(draw: st.DrawFn) -> Plan:
    catalog: Catalog = draw(catalogs())
    days = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1))))
    day_hours: tuple[tuple[int, float], ...] = ()
    if draw(st.booleans()):
        day_hours = tuple((d, draw(st.sampled_from([0.5, 1.0, 2.5]))) for d in days)
    times = (
        tuple((d, time(draw(st.integers(7, 21)), 30)) for d in days) if draw(st.booleans()) else ()
    )
    options = ScheduleOptions(
        start=START,
        hours_per_week=draw(st.sampled_from([1.0, 3.0, 6.0, 7.5])),
        study_days=days,
        day_hours=day_hours,
        session_hours=draw(st.sampled_from([0.5, 1.0, 2.0])),
        parallel=draw(st.integers(1, 2)),
        fill=draw(st.sampled_from(["blocks", "spread"])),
        skip=((START + timedelta(days=draw(st.integers(0, 20))),) * 2,),
        times=times,
        tz=draw(st.sampled_from([None, "Asia/Shanghai", "Europe/Berlin"])) if times else None,
    )
    try:
        plan = make_plan(catalog, PlanRequest(goal="g", schedule=options))
    except (PlanError, UsageError):
        assume(False)
        raise
    return plan


def cents(hours: float) -> int:
    return round(hours * 100)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned())
def test_json_hours_add_up_and_weeks_stay_within_the_budget(plan: Plan) -> None:
    data = plan_to_dict(plan)
    weeks: dict[date, int] = defaultdict(int)
    items: dict[str, int] = defaultdict(int)
    for session in data["sessions"]:
        assert abs(session["hours"] - session["minutes"] / 60) < 0.01  # rounded down or up
        weeks[week_monday(date.fromisoformat(session["date"]))] += cents(session["hours"])
        items[session["id"]] += cents(session["hours"])
    assert all(total <= cents(data["hours_per_week"]) for total in weeks.values())
    assert all(items[item["id"]] == cents(item["hours"]) for item in data["items"])
    assert sum(cents(item["hours"]) for item in data["items"]) == cents(data["total_hours"])
    assert sum(s["minutes"] for s in data["sessions"]) == data["total_minutes"]
    assert data["capacity"]["minutes"] <= data["capacity"]["budget_minutes"]
    skipped = {d["date"] for d in data["days_off"]}
    assert not skipped & {s["date"] for s in data["sessions"]}
    assert plan_to_dict(plan) == data  # deterministic


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned())
def test_calendars_parse_and_timed_events_never_overlap(plan: Plan) -> None:
    data = plan_to_ics(plan)
    assert plan_to_ics(plan) == data  # the same bytes, the same UIDs
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(plan.sessions)
    assert len({str(e["UID"]) for e in events}) == len(events)
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    spans: dict[date, list[tuple[datetime, datetime]]] = defaultdict(list)
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if not isinstance(start, datetime):
            continue  # an all-day event
        tzid = event["DTSTART"].params.get("TZID")
        assert (tzid is not None) == (plan.request.schedule.tz is not None)
        if tzid is not None:
            assert tzid in zones
        spans[start.date()].append((start, end))
    for day in spans.values():
        ordered = sorted(day)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ordered))


# --- updating a calendar ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_catalog()


def _plan(catalog: Catalog, **words: Any) -> Plan:
    return make_plan(catalog, build_request("deep-learning", start="2026-11-23", **words))


def _events(data: bytes) -> dict[str, Any]:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_an_update_cancels_the_dropped_sessions_and_keeps_the_uids(bundled: Catalog) -> None:
    first = _plan(bundled, time="19:30")
    second = _plan(bundled, time="19:30", know=["linear-algebra"])  # a shorter plan
    old = plan_to_ics(first)
    new = plan_to_ics(second, previous=old)
    before, after = _events(old), _events(new)
    kept = set(session_uids(second))
    dropped = set(before) - kept
    assert dropped  # the linear algebra sessions
    assert set(after) == set(before) | kept
    for uid in dropped:
        assert str(after[uid]["STATUS"]) == "CANCELLED"
        assert int(after[uid]["SEQUENCE"]) == int(before[uid].get("SEQUENCE", 0)) + 1
        assert after[uid].decoded("DTSTART") == before[uid].decoded("DTSTART")
    for uid in kept & set(before):
        assert "STATUS" not in after[uid]
        changed = after[uid].to_ical() != before[uid].to_ical()
        assert int(after[uid]["SEQUENCE"]) in (0, 1)
        if not changed:
            assert int(after[uid]["SEQUENCE"]) == 0
    assert plan_to_ics(second, previous=new) == new  # updating again changes nothing
    # A session that comes back is confirmed again, one SEQUENCE up.
    again = _events(plan_to_ics(first, previous=new))
    for uid in dropped:
        assert "STATUS" not in again[uid]
        assert int(again[uid]["SEQUENCE"]) == int(after[uid]["SEQUENCE"]) + 1


def test_an_update_refuses_a_calendar_mathpath_did_not_write(bundled: Catalog) -> None:
    plan = _plan(bundled)
    foreign = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone//Else//EN\r\nEND:VCALENDAR\r\n"
    with pytest.raises(UsageError, match="not written by mathpath"):
        plan_to_ics(plan, previous=foreign, previous_name="mine.ics")
    with pytest.raises(UsageError, match="not an iCalendar file"):
        plan_to_ics(plan, previous=b"hello", previous_name="mine.ics")


def test_timed_events_carry_their_zone_and_a_matching_vtimezone(bundled: Catalog) -> None:
    plan = _plan(bundled, time="mon-fri=19:30,sat,sun=09:00", tz="Asia/Shanghai")
    calendar = Calendar.from_ical(plan_to_ics(plan))
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar[MARK.upper()]) == "deep-learning"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = list(calendar.walk("VEVENT"))
    assert all(e["DTSTART"].params["TZID"] == "Asia/Shanghai" for e in events)
    assert all(e["DTEND"].params["TZID"] == "Asia/Shanghai" for e in events)
    firsts: dict[date, datetime] = {}
    for event in events:
        start = event.decoded("DTSTART")
        firsts[start.date()] = min(start, firsts.get(start.date(), start))
    for day, start in firsts.items():
        expected = time(9, 0) if day.weekday() >= 5 else time(19, 30)
        assert start.time() == expected
        assert start.utcoffset() == timedelta(hours=8)
    # Without --tz the times float: no TZID and no VTIMEZONE.
    floating = Calendar.from_ical(plan_to_ics(replace(plan, request=_untimed_zone(plan))))
    assert not list(floating.walk("VTIMEZONE"))
    assert all("TZID" not in e["DTSTART"].params for e in floating.walk("VEVENT"))


def _untimed_zone(plan: Plan) -> PlanRequest:
    return replace(plan.request, schedule=replace(plan.request.schedule, tz=None))


def test_summaries_use_one_unit_style(bundled: Catalog) -> None:
    summaries = [str(e["SUMMARY"]) for e in _events(plan_to_ics(_plan(bundled))).values()]
    assert summaries
    assert not any(" h)" in s and "." in s.rsplit("(", 1)[1] for s in summaries)  # no 0.75 h
    assert all(s.endswith((" min)", " h)")) for s in summaries)
