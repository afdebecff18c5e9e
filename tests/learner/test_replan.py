"""Re-planning: the pace rule, progress passed to the planner, committed plans, plan diffs and
status (the request builder itself: tests/learner/test_request.py)."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog, Level
from mathpath.errors import UserDataError
from mathpath.learner import replan
from mathpath.learner.diff import diff_plans
from mathpath.learner.outline import outline_of_dict, outline_of_plan
from mathpath.learner.profile import Profile
from mathpath.learner.progress import Kind, ProgressRecord
from mathpath.learner.request import plan_request
from mathpath.learner.status import build_status
from mathpath.planning.request import PlanChoices

TODAY = dt.date(2024, 3, 11)  # a Monday
NOW = dt.datetime(2024, 3, 11, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))


@pytest.fixture
def catalog(mini_catalog_path: Path) -> Catalog:
    return load_catalog(mini_catalog_path)


def rec(
    number: int,
    kind: Kind,
    resource: str,
    hours: float | None = None,
    day: dt.date = TODAY,
    recorded_at: dt.datetime = NOW,
) -> ProgressRecord:
    return ProgressRecord(
        id=number, kind=kind, resource=resource, date=day, hours=hours, recorded_at=recorded_at
    )


PROFILE = Profile(
    goals=["dl"],
    known=["calculus@working", "gone-topic"],
    hours_per_week=5,
    study_days=["mon", "wed"],
    session_hours=1.5,
    prefer=["video"],
    free_only=True,
    lang="zh",
    max_level=Level.INTERMEDIATE,
)


# --- the pace rule ------------------------------------------------------------------------------


def pace_of(catalog: Catalog, records: list[ProgressRecord]) -> replan.Pace:
    from mathpath.learner.progress import summarize

    return replan.personal_pace(summarize(records), catalog)


def test_one_short_finished_resource_barely_moves_the_pace(catalog: Catalog) -> None:
    # 2 h for a 1 h video: raw 2.0, but 1 of 3 resources and 2 of 20 h: weight 0.1
    pace = pace_of(catalog, [rec(1, "done", "calc-video", 2)])
    assert pace.established
    assert not pace.firm
    assert pace.raw == 2.0
    assert pace.weight == pytest.approx(0.1)
    assert pace.factor == 1.1
    assert "2 more finished resources and 18 more hours of finished work" in pace.describe()


def test_one_long_record_does_not_set_the_pace(catalog: Catalog) -> None:
    # 12 h for a 40 h book (raw 0.3, clamped to 0.5) is one resource of three: a third of the way
    pace = pace_of(catalog, [rec(1, "done", "la-book", 12)])
    assert pace.weight == pytest.approx(1 / 3)
    assert pace.factor == round(1 - (1 - replan.PACE_MIN) / 3, 2) == 0.83
    assert "clamped from 0.30 to 0.5-3" in pace.describe()
    assert "2 more finished resources" in pace.describe()


def test_three_resources_and_twenty_hours_make_the_pace_firm(catalog: Catalog) -> None:
    # 2 + 28 + 60 = 90 h for 1 + 20 + 40 = 61 h
    records = [
        rec(1, "done", "calc-video", 2),
        rec(2, "done", "dl-course", 28),
        rec(3, "done", "la-book", 60),
    ]
    pace = pace_of(catalog, records)
    assert pace.firm
    assert pace.factor == round(90 / 61, 2)
    request, notes = plan_request(PlanChoices(goal="dl"), Profile(), records, catalog, TODAY)
    assert request.pace_factor == 1.48
    assert (
        "pace factor 1.48 (90 h for 61 h of catalog estimates over 3 finished resources)"
        in notes[-1]
    )
    slow = pace_of(
        catalog,
        [
            rec(1, "done", "calc-video", 9),
            rec(2, "done", "dl-course", 80),
            rec(3, "done", "la-book", 200),
        ],
    )
    assert slow.factor == replan.PACE_MAX == 3.0


def test_finished_without_hours_uses_logged_time_or_is_left_out(catalog: Catalog) -> None:
    records = [
        rec(1, "log", "dl-course", 10),
        rec(2, "log", "dl-course", 14),
        rec(3, "done", "dl-course"),
        rec(4, "done", "calc-video"),  # no hours at all: not evidence
    ]
    pace = pace_of(catalog, records)
    assert (pace.finished, pace.actual_minutes, pace.estimated_minutes) == (1, 24 * 60, 20 * 60)
    assert pace.factor == round(1 + 0.2 / 3, 2)


def test_spent_time_is_converted_so_the_planner_subtracts_real_time(catalog: Catalog) -> None:
    records = [
        rec(1, "done", "calc-video", 2),
        rec(2, "done", "dl-course", 40),  # raw 42 / 21 = 2.0, 2 of 3 resources: 1.67
        rec(3, "log", "la-book", 10),
    ]
    request, _ = plan_request(PlanChoices(goal="dl"), Profile(), records, catalog, TODAY)
    assert request.pace_factor == 1.67
    # the planner computes (estimate - spent) x pace: 10 h spent is 10 / 1.67 h of catalog time
    assert request.spent_minutes == (("la-book", round(600 / 1.67)),)


def test_an_explicit_pace_factor_wins(catalog: Catalog) -> None:
    records = [rec(1, "done", "calc-video", 2), rec(2, "done", "dl-course", 40)]
    request, notes = plan_request(
        PlanChoices(goal="dl", pace_factor=1.1), Profile(), records, catalog, TODAY
    )
    assert request.pace_factor == 1.1
    assert "pace factor 1.1 from the command line" in notes


def test_the_planner_applies_progress_and_pace(catalog: Catalog) -> None:
    planner = pytest.importorskip("mathpath.planning")
    records = [
        rec(1, "done", "calc-video", 2),
        rec(2, "done", "la-book", 80),  # raw 82 / 41 = 2.0, 2 of 3 resources: 1.67
        rec(3, "log", "dl-course", 10),
    ]
    request, _ = plan_request(PlanChoices(goal="dl"), Profile(), records, catalog, TODAY)
    plan = planner.make_plan(catalog, request)
    assert [item.id for item in plan.items] == ["dl-course"]
    # the estimate at your pace, minus the 10 h spent
    assert plan.items[0].minutes == round((20 * 60 - round(600 / 1.67)) * 1.67)


# --- committed plans and diffs ------------------------------------------------------------------

OLD = {
    "items": [
        {"id": "calc-video", "title": "Calc video", "minutes": 60},
        {"id": "la-book", "title": "LA book", "minutes": 2400},
    ],
    "sessions": [
        {"date": "2024-03-04", "resource_id": "calc-video", "minutes": 60},
        {"date": "2024-03-06", "resource_id": "la-book", "minutes": 120},
        {"date": "2024-03-13", "resource_id": "la-book", "minutes": 120},
    ],
    "start": "2024-03-04",
    "finish": "2024-06-01",
}
NEW = {
    "items": [
        {"resource": {"id": "la-book", "title": "LA book"}, "hours": 30},
        {"id": "dl-course", "title": "DL course", "hours": 20},
    ],
    "finish": "2024-05-20",
}


def test_diff_lists_added_removed_changed_and_the_finish() -> None:
    diff = diff_plans(OLD, NEW)
    assert [i.id for i in diff.added] == ["dl-course"]
    assert [i.id for i in diff.removed] == ["calc-video"]
    assert [(c.id, c.old_minutes, c.new_minutes) for c in diff.changed] == [("la-book", 2400, 1800)]
    assert diff.finish_shift_days == -12
    assert diff.to_dict()["new_hours"] == 50.0
    assert not diff.unchanged
    assert diff_plans(OLD, OLD).unchanged


def test_diff_reports_a_finished_resource_as_finished_not_removed() -> None:
    diff = diff_plans(OLD, NEW, finished={"calc-video"})
    assert [i.id for i in diff.finished] == ["calc-video"]
    assert diff.removed == ()
    assert [i["id"] for i in diff.to_dict()["finished"]] == ["calc-video"]


def test_committed_plan_round_trip(tmp_path: Path) -> None:
    path = replan.save_committed_plan(OLD, "dl", now=NOW)
    assert path == tmp_path / "plans" / "dl.json"
    loaded = replan.load_committed_plan("dl")
    assert loaded is not None
    assert loaded.plan == OLD
    assert loaded.saved_at == NOW
    assert replan.load_committed_plan("other") is None
    assert sorted(p.name for p in (tmp_path / "plans").iterdir()) == ["dl.json", "dl.json.lock"]


def test_a_broken_committed_plan_is_a_user_data_error(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "dl.json").write_text('{"goal": "dl",\n "saved_at": ')
    with pytest.raises(UserDataError, match=r"dl\.json:2: not valid JSON: Expecting value"):
        replan.load_committed_plan("dl")


# --- status -------------------------------------------------------------------------------------


def test_status_against_a_committed_schedule(catalog: Catalog) -> None:
    outline = outline_of_dict(OLD)
    before = NOW - dt.timedelta(days=30)
    records = [
        rec(1, "log", "la-book", 5, recorded_at=before),  # before committing: already planned for
        rec(2, "done", "calc-video", 1, day=dt.date(2024, 3, 5)),
        rec(3, "log", "la-book", 1, day=dt.date(2024, 3, 7)),
        rec(4, "done", "gone-course", 2),
        rec(5, "log", "dl-course", 1),
    ]
    status = build_status(
        "dl", outline, records, catalog, TODAY, committed_at=NOW - dt.timedelta(days=1)
    )
    assert [(i.id, i.credited_minutes, i.finished) for i in status.items] == [
        ("calc-video", 60, True),
        ("la-book", 60, False),
    ]
    assert status.expected_minutes == 180  # sessions up to today
    assert status.schedule_delta_minutes == -60
    assert status.committed_finish == dt.date(2024, 6, 1)
    assert [i.id for i in status.next_items] == ["la-book"]
    assert [r.resource for r in status.orphaned] == ["gone-course"]
    assert status.off_plan == ("dl-course",)
    # a week of records is too little to set a rate: the planned 6 h a week (the default) it is;
    # left: the 40 h book less the 6 h recorded on it (before and after committing), at pace 1
    assert status.rate_minutes_per_week is None
    assert status.forecast.remaining_minutes == 40 * 60 - 6 * 60
    assert status.projected_finish == TODAY + dt.timedelta(days=math.ceil(34 / 6 * 7) - 1)
    data = status.to_dict()
    assert data["ahead_hours"] == -1.0
    assert data["orphaned"][0]["resource"] == "gone-course"


def test_status_without_progress_projects_at_the_planned_hours(catalog: Catalog) -> None:
    outline = outline_of_dict(OLD)
    status = build_status("dl", outline, [], catalog, TODAY, hours_per_week=7)
    assert status.expected_minutes is None
    assert status.rate_minutes_per_week is None
    # 2460 min through 7 h weeks in blocks from today, a Monday (mon, wed, thu, fri, sun,
    # 84 min each): five full weeks, then 360 min of the sixth, the last on its Sunday
    assert status.forecast.weekly_minutes == 7 * 60
    assert status.projected_finish == TODAY + dt.timedelta(weeks=5, days=6)


def test_status_json_is_serialisable(catalog: Catalog) -> None:
    outline = outline_of_dict(OLD)
    status = build_status("dl", outline, [rec(1, "done", "la-book", 20)], catalog, TODAY)
    text = json.dumps(status.to_dict())
    assert '"finished": true' in text


def test_outline_reads_the_plan_json_contract(catalog: Catalog) -> None:
    planner = pytest.importorskip("mathpath.planning")
    from mathpath.export.plan_json import plan_to_dict

    request, _ = plan_request(PlanChoices(goal="dl"), Profile(), [], catalog, TODAY)
    plan = planner.make_plan(catalog, request)
    as_dict = json.loads(json.dumps(plan_to_dict(plan)))  # as saved and read back
    assert outline_of_dict(as_dict) == outline_of_plan(plan)
    assert diff_plans(as_dict, as_dict).unchanged


# --- parts --------------------------------------------------------------------------------------

PARTS_CATALOG = Path(__file__).parents[1] / "fixtures" / "mini-parts.yaml"


def part_rec(
    number: int, kind: Kind, part: str, hours: float | None = None, day: dt.date = TODAY
) -> ProgressRecord:
    return ProgressRecord(
        id=number,
        kind=kind,
        resource="la-book",
        part=part,
        date=day,
        hours=hours,
        recorded_at=NOW,
    )


@pytest.fixture
def part_catalog() -> Catalog:
    return load_catalog(PARTS_CATALOG)


def test_progress_on_parts_becomes_unit_ids(part_catalog: Catalog) -> None:
    records = [
        part_rec(1, "done", "part-1"),
        part_rec(2, "log", "part-2", 3),
        rec(3, "log", "calc-video", 0.5),
        ProgressRecord(
            id=4, kind="done", resource="la-book", part="gone", date=TODAY, recorded_at=NOW
        ),
    ]
    request, notes = plan_request(PlanChoices(goal="dl"), Profile(), records, part_catalog, TODAY)
    assert request.done == ("la-book:part-1",)
    assert request.spent_minutes == (("la-book:part-2", 180), ("calc-video", 30))
    assert "finished, left out of the plan: la-book:part-1" in notes
    assert "time already spent, subtracted: la-book:part-2 3 h, calc-video 0.5 h" in notes
    assert any("'la-book:gone' is kept but ignored" in n for n in notes)


def test_a_finished_whole_stays_the_resource_and_covers_its_parts(part_catalog: Catalog) -> None:
    records = [
        part_rec(1, "log", "part-2", 3),
        part_rec(2, "done", "part-1"),
        rec(3, "done", "la-book"),
    ]
    request, _ = plan_request(PlanChoices(goal="dl"), Profile(), records, part_catalog, TODAY)
    assert request.done == ("la-book",)
    assert request.spent_minutes == ()
    # --done R on the command line covers the progress on its parts too.
    request, _ = plan_request(
        PlanChoices(goal="dl", done=("la-book",)), Profile(), records[:2], part_catalog, TODAY
    )
    assert (request.done, request.spent_minutes) == (("la-book",), ())


def test_a_finished_part_counts_for_the_pace_against_its_own_hours(part_catalog: Catalog) -> None:
    pace = pace_of(part_catalog, [part_rec(1, "done", "part-1", 30)])  # 15 h part took 30 h
    assert (pace.finished, pace.actual_minutes, pace.estimated_minutes) == (1, 1800, 900)
    assert pace.factor == 1.33  # raw 2.0, one finished unit of three: a third of the way
    # The whole's own time includes its parts: they are not counted twice.
    both = pace_of(part_catalog, [part_rec(1, "done", "part-1", 30), rec(2, "done", "la-book", 60)])
    assert (both.finished, both.actual_minutes, both.estimated_minutes) == (1, 3600, 2400)


def test_the_planner_takes_finished_and_started_parts(part_catalog: Catalog) -> None:
    planner = pytest.importorskip("mathpath.planning")
    records = [part_rec(1, "log", "part-1", 5)]
    request, _ = plan_request(PlanChoices(goal="dl"), Profile(), records, part_catalog, TODAY)
    plan = planner.make_plan(part_catalog, request)
    by_id = {item.id: item for item in plan.items}
    assert by_id["la-book"].part_ids == ("part-1",)
    assert by_id["la-book"].minutes == (15 - 5) * 60
    records = [part_rec(1, "done", "part-1")]
    request, _ = plan_request(PlanChoices(goal="dl"), Profile(), records, part_catalog, TODAY)
    plan = planner.make_plan(part_catalog, request)
    assert "la-book" not in {item.id for item in plan.items}


PART_PLAN = {
    "items": [
        {"id": "calc-video", "title": "Calc video", "minutes": 60},
        {"id": "la-book", "title": "LA book", "minutes": 1200, "parts": ["part-1", "part-2"]},
    ],
    "start": "2024-03-04",
}


def test_status_per_part(part_catalog: Catalog) -> None:
    records = [
        part_rec(1, "done", "part-1", 4),
        part_rec(2, "log", "part-2", 2),
        rec(3, "log", "la-book", 1),  # time on the whole, not on a part: counts for the item
    ]
    status = build_status("dl", outline_of_dict(PART_PLAN), records, part_catalog, TODAY)
    book = status.items[1]
    assert book.title == "LA book: Part I: vectors; Part II: matrices"
    # 1200 planned minutes shared 15:25 between the parts.
    assert [(p.id, p.planned_minutes, p.credited_minutes, p.finished) for p in book.parts] == [
        ("part-1", 450, 450, True),
        ("part-2", 750, 120, False),
    ]
    assert (book.credited_minutes, book.spent_minutes, book.finished) == (630, 420, False)
    assert book.next_unit == "la-book:part-2"
    assert status.off_plan == ()
    data = status.to_dict()["items"][1]
    assert data["title"] == "LA book: Part I: vectors; Part II: matrices"
    assert data["parts"][0] == {
        "id": "part-1",
        "title": "Part I: vectors",
        "planned_hours": 7.5,
        "done_hours": 7.5,
        "spent_hours": 4.0,
        "finished": True,
    }
    assert status.to_dict()["items"][0]["parts"] == []


def test_with_one_part_planned_time_on_the_whole_is_that_parts(part_catalog: Catalog) -> None:
    """`log la-book 2` when the plan has only part I: the part's bar says what the item's says
    (two parts planned, it counts for the item alone, as above)."""
    plan = {"items": [{"id": "la-book", "title": "LA book", "minutes": 450, "parts": ["part-1"]}]}
    records = [rec(1, "log", "la-book", 2), part_rec(2, "log", "part-1", 1)]
    (book,) = build_status("dl", outline_of_dict(plan), records, part_catalog, TODAY).items
    (part,) = book.parts
    assert (part.spent_minutes, part.credited_minutes) == (180, 180)
    assert (book.spent_minutes, book.credited_minutes) == (180, 180)


def test_an_item_of_parts_is_done_when_they_all_are_or_the_whole_is(part_catalog: Catalog) -> None:
    outline = outline_of_dict(PART_PLAN)
    records = [part_rec(1, "done", "part-1"), part_rec(2, "done", "part-2")]
    book = build_status("dl", outline, records, part_catalog, TODAY).items[1]
    assert (book.finished, book.credited_minutes, book.fraction) == (True, 1200, 1.0)
    assert book.next_unit == "la-book"
    whole = build_status("dl", outline, [rec(1, "done", "la-book")], part_catalog, TODAY).items[1]
    assert whole.finished
    assert all(p.finished for p in whole.parts)


def test_a_resource_planned_whole_counts_its_parts(part_catalog: Catalog) -> None:
    whole_plan = {"items": [{"id": "la-book", "title": "LA book", "minutes": 2400}]}
    outline = outline_of_dict(whole_plan)
    records = [part_rec(1, "done", "part-1", 10)]
    (book,) = build_status("dl", outline, records, part_catalog, TODAY).items
    assert (book.parts, book.spent_minutes, book.credited_minutes, book.finished) == (
        (),
        600,
        600,
        False,
    )
    records.append(part_rec(2, "done", "part-2"))
    (book,) = build_status("dl", outline, records, part_catalog, TODAY).items
    assert book.finished  # every part of it is done


def test_progress_on_a_part_the_plan_left_out_is_off_plan(part_catalog: Catalog) -> None:
    plan = {"items": [{"id": "la-book", "title": "LA book", "minutes": 900, "parts": ["part-1"]}]}
    records = [
        part_rec(1, "log", "part-2", 1),
        part_rec(2, "log", "part-1", 1),
        rec(3, "log", "dl-course", 1),
    ]
    status = build_status("dl", outline_of_dict(plan), records, part_catalog, TODAY)
    assert status.off_plan == ("la-book:part-2", "dl-course")
    assert status.items[0].credited_minutes == 60


def test_diff_says_when_the_planned_parts_change() -> None:
    from mathpath.learner.diff import change_text

    old = {"items": [{"id": "la-book", "title": "LA", "minutes": 900, "parts": ["part-1"]}]}
    new = {"items": [{"id": "la-book", "title": "LA", "minutes": 900}]}
    diff = diff_plans(old, new)
    (change,) = diff.changed
    assert (change.old_parts, change.new_parts, change.parts_changed) == (("part-1",), (), True)
    assert change_text(change) == "part part-1 -> whole"
    assert diff.to_dict()["changed"][0]["old_parts"] == ["part-1"]
    longer = {
        "items": [{"id": "la-book", "title": "LA", "minutes": 2400, "parts": ["part-1", "part-2"]}]
    }
    assert change_text(diff_plans(old, longer).changed[0]) == (
        "15 h -> 40 h, part part-1 -> parts part-1, part-2"
    )
    assert diff_plans(old, old).unchanged
