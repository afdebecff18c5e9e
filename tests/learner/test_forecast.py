"""One truth: status, plan and today give the same remaining time and projected finish."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog
from mathpath.learner.forecast import MIN_RATE_DAYS, plan_forecast
from mathpath.learner.profile import Profile
from mathpath.learner.progress import ProgressRecord
from mathpath.learner.request import plan_request
from mathpath.learner.status import build_status, plan_for_status
from mathpath.learner.today import day_plan
from mathpath.planning import make_plan
from mathpath.planning.request import PlanChoices

TODAY = dt.date(2024, 3, 11)
NOW = dt.datetime(2024, 3, 11, 9, tzinfo=dt.UTC)
PROFILE = Profile(goals=["dl"], hours_per_week=6)
# Evenings and a longer Saturday, a fortnight off: the schedule the forecast must follow.
WEEKDAY_WEEKEND = Profile(
    goals=["dl"],
    hours_per_week=8,
    day_hours={"mon": 1, "tue": 1, "wed": 1, "thu": 1, "fri": 1, "sat": 3},
    session_hours=3,
    skip=["2024-03-20..2024-04-02"],
)
RESOURCES = ("calc-video", "la-book", "dl-course")


@pytest.fixture
def catalog(mini_catalog_path: Path) -> Catalog:
    return load_catalog(mini_catalog_path)


@pytest.fixture(autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path_factory.mktemp("home")))


history = st.lists(
    st.tuples(
        st.sampled_from(("log", "done")),
        st.sampled_from(RESOURCES),
        st.integers(min_value=1, max_value=12),  # hours
        st.integers(min_value=0, max_value=40),  # days ago
    ),
    max_size=6,
)


GOAL_COURSE = "dl-course"


def records_of(raw: list[tuple[str, str, int, int]]) -> list[ProgressRecord]:
    records: list[ProgressRecord] = []
    finished: set[str] = set()
    for number, (kind, resource, hours, ago) in enumerate(raw, start=1):
        if resource in finished:
            continue
        if kind == "done":
            finished.add(resource)
        records.append(
            ProgressRecord(
                id=number,
                kind=kind,
                resource=resource,
                date=TODAY - dt.timedelta(days=ago),
                hours=hours,
                recorded_at=NOW,
            )
        )
    return records


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=history, profile=st.sampled_from((PROFILE, WEEKDAY_WEEKEND)))
# Found by a random run: at pace 0.85 (la-book done in 22 h), 18 h logged on the goal's course
# are all of its 20 h in catalog time, so plan needs nothing more, while status, measured against
# a plan made without the progress, still counted calc-video's 51 minutes.
@example(raw=[("done", "la-book", 22, 20), ("log", "dl-course", 18, 10)], profile=PROFILE)
def test_status_plan_and_today_agree(
    catalog: Catalog, raw: list[tuple[str, str, int, int]], profile: Profile
) -> None:
    records = records_of(raw)
    goal, outline, committed_at, _notes = plan_for_status(catalog, profile, records, None, TODAY)
    status = build_status(goal, outline, records, catalog, TODAY, committed_at=committed_at)
    request, _ = plan_request(PlanChoices(), profile, records, catalog, TODAY)
    planned = plan_forecast(make_plan(catalog, request), records, catalog, TODAY)
    today = day_plan(status, outline, catalog, TODAY).status.forecast
    assert status.forecast.remaining_minutes == planned.remaining_minutes == today.remaining_minutes
    assert status.forecast.projected_finish == planned.projected_finish == today.projected_finish
    assert status.forecast.pace.factor == planned.pace.factor


def test_a_few_days_never_set_the_rate(catalog: Catalog) -> None:
    one_day = records_of([("log", "dl-course", 1, 0)])
    goal, outline, _, _ = plan_for_status(catalog, PROFILE, one_day, None, TODAY)
    status = build_status(goal, outline, one_day, catalog, TODAY, hours_per_week=6)
    assert not status.forecast.own_rate
    assert status.forecast.weekly_minutes == 360
    assert f"{MIN_RATE_DAYS} days" in status.forecast.rate_note()
    weeks = records_of([("log", "dl-course", 7, MIN_RATE_DAYS - 1)])
    status = build_status(goal, outline, weeks, catalog, TODAY, hours_per_week=6)
    assert status.forecast.own_rate
    assert status.forecast.weekly_minutes == round(7 * 60 / MIN_RATE_DAYS * 7)


def test_finishing_the_goal_course_agrees(catalog: Catalog) -> None:
    records = records_of([("done", GOAL_COURSE, 1, 0)])
    goal, outline, _committed_at, _ = plan_for_status(catalog, PROFILE, records, None, TODAY)
    status = build_status(goal, outline, records, catalog, TODAY, hours_per_week=6)
    request, _ = plan_request(PlanChoices(), PROFILE, records, catalog, TODAY)
    planned = plan_forecast(make_plan(catalog, request), records, catalog, TODAY)
    assert status.forecast.remaining_minutes == planned.remaining_minutes == 0
    assert status.forecast.projected_finish == planned.projected_finish == TODAY


def test_a_plan_that_starts_later_is_projected_from_its_start(catalog: Catalog) -> None:
    from mathpath.planning import build_request

    later = TODAY + dt.timedelta(days=35)
    plan = make_plan(catalog, build_request(catalog.goals[0].id, start=later))
    ahead = plan_forecast(plan, (), catalog, TODAY)
    assert ahead.projected_finish is not None
    assert ahead.projected_finish == plan.finish  # the plan's own schedule, from its start


def test_the_projection_keeps_days_off_and_the_days_own_hours(catalog: Catalog) -> None:
    request, _ = plan_request(PlanChoices(), WEEKDAY_WEEKEND, (), catalog, TODAY)
    plan = make_plan(catalog, request)
    assert plan.days_off  # the skipped fortnight falls inside the plan
    ahead = plan_forecast(plan, (), catalog, TODAY)
    assert ahead.weekly_minutes == 8 * 60
    assert ahead.projected_finish == plan.finish
    # a recorded rate of half the week's capacity: every minute left takes two of the plan's
    records = records_of([("log", "la-book", 4 * MIN_RATE_DAYS // 7, MIN_RATE_DAYS - 1)])
    slower = plan_forecast(make_plan(catalog, request), records, catalog, TODAY)
    assert slower.own_rate
    assert slower.weekly_minutes == 4 * 60
    assert slower.projected_finish is not None
    assert slower.projected_finish > plan.finish
