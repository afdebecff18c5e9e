"""Properties of the schedule over generated requests (issue 14): budgets per week and per day,
days off, exact sums, the minimum sitting and what it may cost, times that never overlap, and
the same output for the same input."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mathpath.errors import PlanError, UsageError
from mathpath.planning.daysoff import DaysOff
from mathpath.planning.plans import ScheduleOptions, Session, budget_minutes, week_monday
from mathpath.planning.request import check_schedule
from mathpath.planning.schedule import (
    Task,
    day_pattern,
    schedule,
    session_cap,
    session_starts,
    week_capacity,
)

START = date(2026, 3, 4)  # a Wednesday: the first week is partial
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def task_lists(draw: st.DrawFn) -> list[Task]:
    """Resources in study order, some in two parts, most after the one before."""
    tasks: list[Task] = []
    previous: str | None = None
    for n in range(draw(st.integers(1, 5))):
        parts = draw(st.sampled_from([1, 1, 2]))
        for p in range(parts):
            task_id = f"r{n}" if parts == 1 else f"r{n}:p{p}"
            after: tuple[str, ...] = ()
            if p:
                after = (f"r{n}:p{p - 1}",)
            elif previous is not None and draw(st.booleans()):
                after = (previous,)
            tasks.append(Task(task_id, draw(st.integers(1, 400)), after, sitting=f"r{n}"))
        previous = tasks[-1].id
    return tasks


@st.composite
def schedule_options(draw: st.DrawFn) -> ScheduleOptions:
    days = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1))))
    day_hours: tuple[tuple[int, float], ...] = ()
    if draw(st.integers(0, 3)) == 0:  # days with their own hours
        day_hours = tuple((d, draw(st.sampled_from([0.5, 1.0, 2.0, 3.0]))) for d in days[:4])
        days = tuple(d for d, _ in day_hours)
    skip = []
    for _ in range(draw(st.integers(0, 2))):
        first = START + timedelta(days=draw(st.integers(0, 60)))
        skip.append((first, first + timedelta(days=draw(st.integers(0, 10)))))
    times: tuple[tuple[int, time], ...] = ()
    if draw(st.booleans()):
        times = tuple(
            (d, time(draw(st.integers(6, 22)), draw(st.sampled_from([0, 30])))) for d in days
        )
    options = ScheduleOptions(
        start=START,
        hours_per_week=draw(st.sampled_from([1.0, 3.0, 6.0, 10.0])),
        study_days=days,
        session_hours=draw(st.sampled_from([0.5, 1.0, 2.0])),
        parallel=draw(st.integers(1, 3)),
        day_hours=day_hours,
        min_session=draw(st.sampled_from([None, 15, 30, 45])),
        fill=draw(st.sampled_from(["blocks", "spread"])),
        block=draw(st.sampled_from([45, 60, 90])),
        skip=tuple(sorted(skip)),
        holidays=draw(st.sampled_from([None, None, "US"])),
        times=times,
    )
    try:
        check_schedule(options)
    except UsageError:
        assume(False)
    return options


def sessions_or_none(tasks: list[Task], options: ScheduleOptions) -> tuple[Session, ...] | None:
    try:
        return schedule(tasks, options)
    except PlanError:
        return None


def sittings(tasks: list[Task], sessions: tuple[Session, ...]) -> dict[tuple[date, str], int]:
    """Minutes per resource (sitting key) and day."""
    key = {task.id: task.sitting for task in tasks}
    found: dict[tuple[date, str], int] = defaultdict(int)
    for s in sessions:
        found[(s.date, key[s.resource_id])] += s.minutes
    return found


@SETTINGS
@given(task_lists(), schedule_options())
def test_budgets_days_off_and_exact_sums(tasks: list[Task], options: ScheduleOptions) -> None:
    sessions = sessions_or_none(tasks, options)
    assume(sessions is not None)
    assert sessions is not None
    budget = budget_minutes(options.hours_per_week)
    weeks: dict[date, int] = defaultdict(int)
    days: dict[date, int] = defaultdict(int)
    off = DaysOff(options.skip, options.holidays)
    own = {d: budget_minutes(h) for d, h in options.day_hours}
    for s in sessions:
        assert s.minutes > 0
        assert s.date >= options.start
        assert s.date.weekday() in options.days  # a study day
        assert off.reason(s.date) is None  # not skipped, not a holiday
        weeks[week_monday(s.date)] += s.minutes
        days[s.date] += s.minutes
    assert all(minutes <= budget for minutes in weeks.values())  # per ISO week
    for day, minutes in days.items():
        if own:
            assert minutes <= own[day.weekday()]  # a day's own hours
    for task in tasks:
        assert sum(s.minutes for s in sessions if s.resource_id == task.id) == task.minutes
    assert sum(s.minutes for s in sessions) == sum(task.minutes for task in tasks)
    assert sessions == schedule(tasks, options)  # deterministic
    assert week_capacity(options).minutes <= budget


@SETTINGS
@given(task_lists(), schedule_options())
def test_no_sitting_below_the_minimum_nor_above_the_longest(
    tasks: list[Task], options: ScheduleOptions
) -> None:
    sessions = sessions_or_none(tasks, options)
    assume(sessions is not None)
    assert sessions is not None
    shortest = options.shortest_sitting
    cap = session_cap(options)
    total: dict[str, int] = defaultdict(int)
    for task in tasks:
        total[task.sitting] += task.minutes
    pattern = day_pattern(options)
    # The documented exception: no day can hold twice the minimum (--session-hours or every
    # day's own hours under it), and a rest that cannot be split is then studied shorter.
    roomiest = max(
        min(cap, share if options.day_hours else budget_minutes(options.hours_per_week))
        for share in pattern.values()
    )
    for (_, key), minutes in sittings(tasks, sessions).items():
        assert minutes <= cap
        assert minutes >= shortest or total[key] < shortest or roomiest < 2 * shortest


@SETTINGS
@given(task_lists(), schedule_options())
def test_the_minimum_sitting_costs_at_most_a_week_per_resource(
    tasks: list[Task], options: ScheduleOptions
) -> None:
    """The documented bound (docs/readme/plan.md): against the same request and week (the same
    days and shares) with a one-minute minimum, the plan ends at most one calendar week later per
    resource, not counting the days off in between."""
    assume(options.shortest_sitting > 1)
    assume(day_pattern(options) == day_pattern(replace(options, min_session=1)))
    with_minimum = sessions_or_none(tasks, options)
    without = sessions_or_none(tasks, replace(options, min_session=1))
    assume(with_minimum is not None and without is not None)
    assert with_minimum is not None
    assert without is not None
    resources = len({task.sitting for task in tasks})
    first, last = max(s.date for s in without), max(s.date for s in with_minimum)
    off = DaysOff(options.skip, options.holidays)
    days_off = sum(
        1 for n in range(1, (last - first).days + 1) if off.reason(first + timedelta(days=n))
    )
    assert last - first - timedelta(days=days_off) <= timedelta(weeks=resources)


@SETTINGS
@given(task_lists(), schedule_options())
def test_timed_sittings_of_a_day_never_overlap(tasks: list[Task], options: ScheduleOptions) -> None:
    sessions = sessions_or_none(tasks, options)
    assume(sessions is not None and options.times)
    assert sessions is not None
    starts = session_starts(sessions, dict(options.times))
    spans: dict[date, list[tuple[datetime, datetime]]] = defaultdict(list)
    for session, start in zip(sessions, starts, strict=True):
        assert start is not None  # every study day has a time here
        # The day's first sitting at its time, the others after it (past midnight, maybe).
        assert start >= datetime.combine(session.date, dict(options.times)[session.date.weekday()])
        spans[session.date].append((start, start + timedelta(minutes=session.minutes)))
    for day in spans.values():
        ordered = sorted(day)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ordered))


def test_six_hours_on_every_day_are_four_blocks_of_ninety_minutes() -> None:
    options = ScheduleOptions(start=date(2026, 3, 2))
    assert day_pattern(options) == {0: 90, 2: 90, 4: 90, 6: 90}
    assert day_pattern(replace(options, fill="spread")) == {
        0: 52, 1: 52, 2: 52, 3: 51, 4: 51, 5: 51, 6: 51,
    }  # fmt: skip
    # Too few minutes a day for the minimum: fewer days, never shorter shares.
    assert day_pattern(replace(options, hours_per_week=1.0, fill="spread")) == {1: 30, 5: 30}


def test_days_with_their_own_hours_are_cut_in_proportion_to_a_smaller_budget() -> None:
    options = ScheduleOptions(
        start=date(2026, 3, 2),
        hours_per_week=4.0,
        study_days=(0, 2, 5),
        day_hours=((0, 1.0), (2, 1.0), (5, 3.0)),
        session_hours=3.0,
    )
    assert day_pattern(options) == {0: 48, 2: 48, 5: 144}
    assert day_pattern(replace(options, hours_per_week=10.0)) == {0: 60, 2: 60, 5: 180}
    capacity = week_capacity(replace(options, hours_per_week=10.0))
    assert (capacity.budget_minutes, capacity.minutes) == (600, 300)
    assert "own hours add up to 5 h (mon 1 h, wed 1 h, sat 3 h)" in capacity.why


def test_an_unusable_budget_says_the_real_hours_and_why() -> None:
    options = ScheduleOptions(start=date(2026, 3, 2), hours_per_week=8.0, study_days=(0, 2, 5))
    capacity = week_capacity(options)
    assert (capacity.minutes, capacity.limited) == (360, True)
    assert capacity.why.startswith("most weeks get 6 h, not the 8 h budgeted: 3 study days")
    assert "sittings up to 2 h, 1 resource at a time" in capacity.why
    assert week_capacity(replace(options, hours_per_week=168.0)).minutes == 360


def test_a_short_tail_merges_into_the_sitting_before_it() -> None:
    # 100 minutes at 90 a day: not 90 + 10, but 100 in one sitting (the day's share may run
    # over by less than the minimum), and the next resource does not start in a short rest.
    options = ScheduleOptions(start=date(2026, 3, 2), hours_per_week=6.0)
    sessions = schedule([Task("a", 100), Task("b", 60, after=("a",))], options)
    assert [(s.date.day, s.resource_id, s.minutes) for s in sessions] == [
        (2, "a", 100),
        (4, "b", 60),
    ]
    # Where the sitting may not run over (the days' own hours), the one before leaves the
    # minimum for the last: 80 + 30 rather than 90 + 20.
    own = replace(options, study_days=(0, 2), day_hours=((0, 1.5), (2, 1.5)))
    sessions = schedule([Task("a", 110)], own)
    assert [s.minutes for s in sessions] == [80, 30]


def test_no_session_on_a_skipped_day_and_the_share_is_lost() -> None:
    options = ScheduleOptions(
        start=date(2026, 3, 2), fill="spread", skip=((date(2026, 3, 3), date(2026, 3, 4)),)
    )
    sessions = schedule([Task("a", 300)], options)
    assert date(2026, 3, 3) not in {s.date for s in sessions}
    assert date(2026, 3, 4) not in {s.date for s in sessions}
    assert sum(s.minutes for s in sessions if s.date < date(2026, 3, 9)) == 360 - 104


def test_a_live_window_is_kept_and_others_go_on_beside_it() -> None:
    window = (date(2026, 3, 16), date(2026, 3, 27))
    tasks = [Task("live", 180, window=window), Task("other", 600)]
    sessions = schedule(tasks, ScheduleOptions(start=date(2026, 3, 2), hours_per_week=10.0))
    live = [s.date for s in sessions if s.resource_id == "live"]
    assert window[0] <= min(live)
    assert max(live) <= window[1]
    assert min(s.date for s in sessions if s.resource_id == "other") == date(2026, 3, 2)


def test_deadline_mode_works_with_day_budgets_and_days_off() -> None:
    from mathpath.planning.schedule import required_minutes_per_week

    options = ScheduleOptions(
        start=date(2026, 3, 2),
        study_days=(0, 2, 5),
        day_hours=((0, 1.0), (2, 1.0), (5, 3.0)),
        hours_per_week=5.0,
        session_hours=3.0,
        skip=((date(2026, 3, 9), date(2026, 3, 15)),),
    )
    tasks = [Task("a", 600), Task("b", 300, after=("a",))]
    deadline = date(2026, 5, 1)
    needed = required_minutes_per_week(tasks, options, deadline)
    assert needed is not None
    assert needed <= week_capacity(options, budget_minutes(168.0)).minutes  # the days' 5 h
    fits = schedule(tasks, options, minutes_per_week=needed)
    assert max(s.date for s in fits) <= deadline
    assert not any(date(2026, 3, 9) <= s.date <= date(2026, 3, 15) for s in fits)
    # More than the days' own hours cannot help: a deadline they cannot meet has no budget.
    assert required_minutes_per_week(tasks, options, date(2026, 3, 20)) is None
