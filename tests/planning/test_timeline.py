"""The timeline's data (``planning/timeline.py``): buckets, a row's minutes in each, the
deadline's bucket."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.support.bundled import plan

from mathpath.catalog import load_catalog
from mathpath.catalog.models import Catalog
from mathpath.planning.plans import Plan, week_monday
from mathpath.planning.timeline import SCALES, Scale, bucket_count, plan_timeline


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def parallel_plan(bundled: Catalog) -> Plan:
    return plan(
        bundled,
        "deep-learning-specialization",
        parallel=2,
        deadline="2026-05-31",
        skip=["2026-02-02..2026-02-15"],
    )


@pytest.mark.parametrize("scale", SCALES)
def test_buckets_cover_the_plan_and_rows_add_up(parallel_plan: Plan, scale: Scale) -> None:
    chart = plan_timeline(parallel_plan, scale)
    assert len(chart.buckets) == bucket_count(parallel_plan, scale)
    assert chart.buckets[0].holds(parallel_plan.start)
    assert chart.buckets[-1].holds(parallel_plan.finish)
    for before, after in zip(chart.buckets, chart.buckets[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    assert [row.id for row in chart.rows] == [item.id for item in parallel_plan.items]
    for row in chart.rows:
        sittings = [s for s in parallel_plan.sessions if s.resource_id == row.id]
        assert sum(row.cells) == sum(s.minutes for s in sittings)
        assert (row.start, row.end) == (sittings[0].date, sittings[-1].date)
        for index, bucket in enumerate(chart.buckets):
            here = sum(s.minutes for s in sittings if bucket.holds(s.date))
            assert row.cells[index] == here
            if here:
                assert row.state(index) == "study"
            elif bucket.end < row.start or bucket.start > row.end:
                assert row.state(index) == "off"
            else:
                assert row.state(index) == "pause"


def test_weeks_are_calendar_weeks_and_months_calendar_months(parallel_plan: Plan) -> None:
    weeks = plan_timeline(parallel_plan, "week").buckets
    assert all(b.start == week_monday(b.start) and (b.end - b.start).days == 6 for b in weeks)
    months = plan_timeline(parallel_plan, "month").buckets
    assert all(b.start.day == 1 and (b.end + timedelta(days=1)).day == 1 for b in months)


def test_a_skipped_fortnight_is_a_pause_and_parallel_tracks_overlap(parallel_plan: Plan) -> None:
    chart = plan_timeline(parallel_plan, "week")
    fortnight = (date(2026, 2, 2), date(2026, 2, 9))
    skipped = [n for n, bucket in enumerate(chart.buckets) if bucket.start in fortnight]
    assert len(skipped) == 2
    for index in skipped:
        assert all(row.state(index) != "study" for row in chart.rows)
        assert any(row.state(index) == "pause" for row in chart.rows)
    assert max(chart.in_progress(n) for n in range(len(chart.buckets))) >= 2


def test_the_deadline_has_its_bucket_and_a_later_one_extends_the_chart(
    bundled: Catalog, parallel_plan: Plan
) -> None:
    chart = plan_timeline(parallel_plan, "week")
    assert chart.deadline == date(2026, 5, 31)
    assert chart.deadline_index is not None
    assert chart.buckets[chart.deadline_index].holds(date(2026, 5, 31))
    late = plan(bundled, "calculus", deadline="2030-01-15")
    months = plan_timeline(late, "month")
    assert late.finish < date(2030, 1, 1)
    assert months.buckets[-1].start == date(2030, 1, 1)
    assert months.deadline_index == len(months.buckets) - 1
    assert plan_timeline(plan(bundled, "calculus"), "month").deadline_index is None
