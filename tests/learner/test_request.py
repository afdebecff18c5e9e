"""The one request builder (``mathpath.learner.request``): the command line over the profile,
then mathpath's defaults, plus the progress recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.learner.test_replan import PROFILE, TODAY, rec

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog, Depth, Level, TopicNeed
from mathpath.errors import UsageError
from mathpath.learner.profile import Profile
from mathpath.learner.request import plan_request
from mathpath.planning.request import PlanChoices


@pytest.fixture
def catalog(mini_catalog_path: Path) -> Catalog:
    return load_catalog(mini_catalog_path)


def test_profile_fills_what_the_command_line_did_not_set(catalog: Catalog) -> None:
    request, notes = plan_request(PlanChoices(), PROFILE, [], catalog, TODAY)
    assert request.goal == "dl"
    assert request.schedule.start == TODAY
    assert request.schedule.hours_per_week == 5
    assert request.schedule.study_days == (0, 2)
    assert request.schedule.session_hours == 1.5
    assert request.preferences.prefer == ("video",)
    assert request.preferences.free_only is True
    assert request.preferences.lang == "zh"
    assert request.preferences.max_level == Level.INTERMEDIATE
    assert request.known == (TopicNeed(topic="calculus", depth=Depth.WORKING),)
    assert "goal dl from your profile" in notes
    assert "known topic 'gone-topic' in your profile is not in this catalog" in notes


def test_command_line_flags_win_over_the_profile(catalog: Catalog) -> None:
    choices = PlanChoices(
        goal="dl",
        known=(TopicNeed(topic="calculus", depth=Depth.THOROUGH),),
        start=dt.date(2024, 4, 1),
        hours_per_week=9,
        study_days=(5, 6),
        prefer=(),
        free_only=False,
        lang="en",
        max_level=Level.ADVANCED,
    )
    request, notes = plan_request(choices, PROFILE, [], catalog, TODAY)
    assert request.schedule.start == dt.date(2024, 4, 1)
    assert request.schedule.hours_per_week == 9
    assert request.schedule.study_days == (5, 6)
    assert request.schedule.session_hours == 1.5  # not given: the profile's
    assert request.preferences.prefer == ()
    assert request.preferences.free_only is False
    assert request.preferences.lang == "en"
    assert request.preferences.max_level == Level.ADVANCED
    assert request.known == (TopicNeed(topic="calculus", depth=Depth.THOROUGH),)
    assert not any(note.startswith("goal") for note in notes)


def test_mathpath_defaults_without_a_profile(catalog: Catalog) -> None:
    request, _ = plan_request(PlanChoices(goal="dl"), Profile(), [], catalog, TODAY)
    assert request.schedule.hours_per_week == 6.0
    assert request.schedule.study_days == (0, 1, 2, 3, 4, 5, 6)
    assert request.preferences.free_only is False
    assert request.pace_factor == 1.0


def test_no_goal_anywhere_is_a_usage_error(catalog: Catalog) -> None:
    with pytest.raises(UsageError, match="no goal given") as info:
        plan_request(PlanChoices(), Profile(), [], catalog, TODAY)
    assert "profile set goals" in str(info.value)


def test_progress_becomes_done_and_spent_and_orphans_are_noted(catalog: Catalog) -> None:
    records = [
        rec(1, "done", "calc-video"),
        rec(2, "log", "la-book", 3),
        rec(3, "log", "la-book", 1.5),
        rec(4, "done", "retired-course", 4),
    ]
    request, notes = plan_request(
        PlanChoices(goal="dl", done=("dl-course",)), Profile(), records, catalog, TODAY
    )
    assert request.done == ("dl-course", "calc-video")
    assert request.spent_minutes == (("la-book", 270),)
    assert request.pace_factor == 1.0
    assert "finished, left out of the plan: calc-video" in notes
    assert "time already spent, subtracted: la-book 4.5 h" in notes
    assert any("'retired-course' is kept but ignored" in n for n in notes)


def test_use_progress_false_plans_from_scratch(catalog: Catalog) -> None:
    records = [rec(1, "done", "calc-video", 1), rec(2, "done", "la-book", 60)]
    request, _ = plan_request(
        PlanChoices(goal="dl", use_progress=False), Profile(), records, catalog, TODAY
    )
    assert request.done == ()
    assert request.spent_minutes == ()
    assert request.pace_factor == 1.0
