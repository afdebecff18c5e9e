"""The one parser for each kind of value, and the one assembly of a request from them."""

from __future__ import annotations

import datetime as dt

import pytest

from mathpath.catalog.models import Depth, Level, TopicNeed
from mathpath.errors import UsageError
from mathpath.planning.defaults import DEFAULT_HOURS_PER_WEEK
from mathpath.planning.plans import ScheduleOptions
from mathpath.planning.request import (
    PlanChoices,
    build_request,
    check_schedule,
    hours_problem,
    make_request,
    parse_date,
    parse_days,
    parse_hours,
    parse_lang,
    parse_level,
    parse_prefer,
    parse_topic_need,
)

TODAY = dt.date(2026, 3, 4)  # a Wednesday

DAY_WORDS = [
    ("mon,wed,sat", (0, 2, 5)),
    ("Monday, tues", (0, 1)),
    ("Tue Thu", (1, 3)),
    ("thursday", (3,)),
    ("weekdays", (0, 1, 2, 3, 4)),
    ("weekday", (0, 1, 2, 3, 4)),
    ("weekends,fri", (4, 5, 6)),
    ("weekend", (5, 6)),
    ("daily", (0, 1, 2, 3, 4, 5, 6)),
    ("everyday", (0, 1, 2, 3, 4, 5, 6)),
    ("all", (0, 1, 2, 3, 4, 5, 6)),
    ("every", (0, 1, 2, 3, 4, 5, 6)),
]
BAD_DAY_WORDS = ["funday", "mo", "mon,someday", "", " , "]


@pytest.mark.parametrize(("words", "days"), DAY_WORDS)
def test_days(words: str, days: tuple[int, ...]) -> None:
    assert parse_days(words) == days


@pytest.mark.parametrize("words", BAD_DAY_WORDS)
def test_bad_days_name_the_option(words: str) -> None:
    with pytest.raises(UsageError, match=r"^study_days: ") as info:
        parse_days(words, "study_days")
    assert "weekdays" in info.value.hint or "e.g." in info.value.hint


def test_dates_iso_today_and_yesterday() -> None:
    assert parse_date("2026-03-01", "--start") == dt.date(2026, 3, 1)
    assert parse_date(" Today ", "--start", today=TODAY) == TODAY
    assert parse_date("yesterday", "--date", today=TODAY) == dt.date(2026, 3, 3)
    assert parse_date(TODAY, "--start") == TODAY
    with pytest.raises(UsageError, match="--deadline: 'soon' is not a date") as info:
        parse_date("soon", "--deadline")
    assert "YYYY-MM-DD" in info.value.hint


@pytest.mark.parametrize(
    ("value", "maximum", "ok"),
    [
        ("6", 168, True),
        (1.5, 24, True),
        (168, 168, True),
        (1 / 60, 24, True),  # a minute
        (0.001, 24, False),  # rounds to no minutes at all
        (0, 168, False),
        (-1, 168, False),
        (200, 168, False),
        (25, 24, False),
        (float("nan"), 168, False),
        (float("inf"), 168, False),
    ],
)
def test_one_rule_for_hours(value: str | float, maximum: float, ok: bool) -> None:
    if ok:
        assert parse_hours(value, "--hours-per-week", maximum=maximum) == float(value)
        assert hours_problem(float(value), maximum) is None
    else:
        with pytest.raises(
            UsageError, match=rf"^--hours-per-week: must be more than 0 .* at most {maximum:g}"
        ):
            parse_hours(value, "--hours-per-week", maximum=maximum)


def test_hours_that_are_not_a_number() -> None:
    with pytest.raises(UsageError, match="hours_per_week: 'many' is not a number of hours"):
        parse_hours("many", "hours_per_week")


def test_topic_needs() -> None:
    assert parse_topic_need("calculus") == TopicNeed(topic="calculus", depth=Depth.THOROUGH)
    assert parse_topic_need(" linear-algebra@working ") == TopicNeed(
        topic="linear-algebra", depth=Depth.WORKING
    )
    assert parse_topic_need("calc", resolve=lambda word: "calculus").topic == "calculus"
    with pytest.raises(UsageError, match="unknown depth 'deep'"):
        parse_topic_need("ml@deep")
    with pytest.raises(UsageError, match="is not a topic id"):
        parse_topic_need("Linear Algebra")
    with pytest.raises(UsageError, match="names no topic"):
        parse_topic_need("@working")


def test_levels_formats_and_languages() -> None:
    assert parse_level(" Intermediate ") is Level.INTERMEDIATE
    with pytest.raises(UsageError, match="max_level: 'expert' is not one of") as info:
        parse_level("expert", "max_level")
    assert info.value.hint == "accepted: intro, intermediate, advanced"
    assert parse_prefer(["Video,textbook", "videos", "video-series"]) == ("video", "textbook")
    with pytest.raises(UsageError, match="prefer: 'podcast' is not a format"):
        parse_prefer(["video,podcast"], "prefer")
    with pytest.raises(UsageError, match="did you mean 'textbook'"):
        parse_prefer(["textbok"])
    assert parse_lang(" ZH ") == "zh"
    with pytest.raises(UsageError, match="--lang: 'chinese!' is not a language code"):
        parse_lang("chinese!")


def test_choices_over_a_profile_add_up_the_lists_and_take_the_first_said_value() -> None:
    command_line = PlanChoices(
        known=(TopicNeed(topic="calculus", depth=Depth.OVERVIEW),), hours_per_week=8, done=("b",)
    )
    profile = PlanChoices(
        goal="dl",
        known=(TopicNeed(topic="calculus", depth=Depth.THOROUGH),),
        hours_per_week=5,
        session_hours=1.5,
        done=("a", "b"),
    )
    merged = command_line.over(profile)
    assert (merged.goal, merged.hours_per_week, merged.session_hours) == ("dl", 8, 1.5)
    assert merged.done == ("a", "b")
    request = make_request(merged, today=TODAY)
    assert request.known == (TopicNeed(topic="calculus", depth=Depth.OVERVIEW),)  # command line


def test_defaults_come_from_one_place() -> None:
    request = make_request(PlanChoices(goal="dl"), today=TODAY)
    assert request.schedule == ScheduleOptions(start=TODAY)
    assert request.schedule.hours_per_week == DEFAULT_HOURS_PER_WEEK
    assert build_request("dl", today=TODAY) == request


def test_no_goal_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no goal given"):
        make_request(PlanChoices(), today=TODAY)


def test_a_hand_made_schedule_is_checked_by_the_same_rule() -> None:
    with pytest.raises(UsageError, match="--session-hours: must be more than 0"):
        check_schedule(ScheduleOptions(start=TODAY, session_hours=0))
    with pytest.raises(UsageError, match=r"--hours-per-week: .* at most 168"):
        check_schedule(ScheduleOptions(start=TODAY, hours_per_week=169))
    with pytest.raises(UsageError, match="is before the start"):
        check_schedule(ScheduleOptions(start=TODAY, deadline=TODAY - dt.timedelta(days=1)))


def test_one_did_you_mean_for_every_hint() -> None:
    from mathpath.catalog.validate import did_you_mean

    assert did_you_mean("Calculas", ["calculus", "Linear algebra"]) == "did you mean 'calculus'?"
    assert did_you_mean("linear algebr", ["calculus", "Linear algebra"]) == (
        "did you mean 'Linear algebra'?"  # quoted as spelled
    )
    assert did_you_mean("xyz", ["calculus"]) == ""
    with pytest.raises(UsageError) as info:
        parse_level("Intermediat", "--level")
    assert info.value.hint == "did you mean 'intermediate'?"
