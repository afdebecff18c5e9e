"""The schedule model: weekly budget spread over study days, sittings, parallel work, deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mathpath.errors import PlanError
from mathpath.planning.plans import ScheduleOptions
from mathpath.planning.schedule import (
    Task,
    daily_allowance,
    required_minutes_per_week,
    schedule,
    weekly_totals,
)

MONDAY = date(2026, 3, 2)


def options(**kw: object) -> ScheduleOptions:
    base: dict[str, object] = {"start": MONDAY, "hours_per_week": 6.0}
    base.update(kw)
    return ScheduleOptions(**base)  # type: ignore[arg-type]


def test_budget_is_spread_evenly_and_earlier_days_get_the_odd_minutes() -> None:
    assert daily_allowance(360, range(7)) == dict.fromkeys(range(3), 52) | dict.fromkeys(
        range(3, 7), 51
    )
    allowance = daily_allowance(361, (0, 2, 5))
    assert allowance == {0: 121, 2: 120, 5: 120}
    assert sum(daily_allowance(360, range(7)).values()) == 360
    assert daily_allowance(360, (6, 0)) == {0: 180, 6: 180}


def test_sessions_fall_on_study_days_only_and_weeks_stay_within_budget() -> None:
    sessions = schedule([Task("a", 600)], options(study_days=(0, 2, 4)))
    assert {s.date.weekday() for s in sessions} == {0, 2, 4}
    assert all(s.minutes == 120 for s in sessions)
    assert [w.minutes for w in weekly_totals(sessions)] == [360, 240]
    assert sum(s.minutes for s in sessions) == 600


def test_a_start_midweek_loses_the_days_before_it() -> None:
    wednesday = MONDAY + timedelta(days=2)
    sessions = schedule(
        [Task("a", 700)], options(start=wednesday, hours_per_week=7.0, fill="spread")
    )
    assert sessions[0].date == wednesday
    first_week = weekly_totals(sessions)[0]
    assert first_week.monday == MONDAY
    assert first_week.minutes == 5 * 60


def test_next_resource_starts_the_same_day_after_the_previous_one_ends() -> None:
    sessions = schedule([Task("a", 90), Task("b", 60, after=("a",))], options(hours_per_week=14.0))
    assert [(s.date, s.resource_id, s.minutes) for s in sessions] == [
        (MONDAY, "a", 90),
        (MONDAY, "b", 30),
        (MONDAY + timedelta(days=1), "b", 30),
    ]


def test_sittings_cap_one_resource_per_day_and_parallel_uses_the_rest() -> None:
    # 6 h a week on Saturdays only, 2-hour sittings: one resource at a time gets 2 h a week
    # (plus the next one's first sitting on the day a resource finishes).
    tasks = [Task("a", 360), Task("b", 360), Task("c", 360)]
    one = schedule(tasks, options(study_days=(5,), session_hours=2.0, parallel=1))
    three = schedule(tasks, options(study_days=(5,), session_hours=2.0, parallel=3))
    assert [w.minutes for w in weekly_totals(one)] == [120, 120, 240, 120, 240, 120, 120]
    assert [w.minutes for w in weekly_totals(three)] == [360, 360, 360]


def test_the_parts_of_one_resource_share_one_sitting_a_day() -> None:
    # Two parts of one resource: the second starts the day the first ends, but the resource's
    # sitting that day stays within session_hours; a different resource may still use the day.
    tasks = [
        Task("r:p0", 90, sitting="r"),
        Task("r:p1", 60, after=("r:p0",), sitting="r"),
        Task("s", 60, after=("r:p1",)),
    ]
    sessions = schedule(tasks, options(hours_per_week=28.0, session_hours=1.0))
    assert [(s.date, s.resource_id, s.minutes) for s in sessions] == [
        (MONDAY, "r:p0", 60),
        (MONDAY + timedelta(days=1), "r:p0", 30),
        (MONDAY + timedelta(days=1), "r:p1", 30),
        (MONDAY + timedelta(days=2), "r:p1", 30),
        (MONDAY + timedelta(days=2), "s", 60),
    ]


def test_parallel_never_starts_a_resource_before_what_it_must_follow() -> None:
    tasks = [Task("a", 300), Task("b", 60, after=("a",)), Task("c", 60)]
    sessions = schedule(tasks, options(parallel=2, hours_per_week=21.0, session_hours=1.0))
    last_a = max(s.date for s in sessions if s.resource_id == "a")
    first_b = min(s.date for s in sessions if s.resource_id == "b")
    first_c = min(s.date for s in sessions if s.resource_id == "c")
    assert first_b >= last_a
    assert first_c == MONDAY  # c needs nothing, so it runs beside a


def test_tasks_with_nothing_left_get_no_sessions() -> None:
    sessions = schedule([Task("a", 0), Task("b", 30, after=("a",))], options())
    assert [s.resource_id for s in sessions] == ["b"]


def test_a_schedule_beyond_fifty_years_is_an_error() -> None:
    with pytest.raises(PlanError, match="more than 50 years"):
        schedule([Task("a", 100_000)], options(hours_per_week=0.5))


def test_required_hours_for_a_deadline_is_the_smallest_budget_that_works() -> None:
    tasks = [Task("a", 600)]
    base = options(study_days=(0, 1, 2, 3, 4), session_hours=3.0)
    deadline = MONDAY + timedelta(days=11)  # Friday of the second week
    needed = required_minutes_per_week(tasks, base, deadline)
    assert needed is not None
    fits = schedule(tasks, base, minutes_per_week=needed)
    assert max(s.date for s in fits) <= deadline
    short = schedule(tasks, base, minutes_per_week=needed - 1)
    assert max(s.date for s in short) > deadline


def test_a_deadline_the_sittings_cannot_meet_has_no_required_budget() -> None:
    # One study day a week and 1-hour sittings: at most 1 h a week, whatever the budget.
    tasks = [Task("a", 600)]
    base = options(study_days=(0,), session_hours=1.0)
    assert required_minutes_per_week(tasks, base, MONDAY + timedelta(weeks=3)) is None
    # Ten Mondays from the start to the deadline: 600 minutes need 60 a week.
    assert required_minutes_per_week(tasks, base, MONDAY + timedelta(weeks=9)) == 60
