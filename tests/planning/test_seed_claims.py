"""The seeds' claims about the bundled catalog, checked through the planner.

One test per ordering claim of the fact sheet's section E (``test_claim_NN``), then the relations
the seeds imply (order, inclusion, what preferences change). These read ``data/resources.yaml``
and assert relations, not exact hours, so that catalog edits that keep the facts do not break
them. Claim 13 (watch a Khan video, then practise) is about how to use one resource, not about
planning, and has no test here.
"""

from __future__ import annotations

import pytest
from tests.support.bundled import GOAL_IDS, START, plan
from tests.support.bundled import ids as order

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog, Depth, Level
from mathpath.planning import make_plan
from mathpath.planning.plans import Plan
from mathpath.planning.request import build_request


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def teaches_before(catalog: Catalog, p: Plan, target: str) -> None:
    """Every requirement of ``target`` is met by knowledge or by an item placed before it."""
    ids = order(p)
    position = ids.index(target)
    known = {n.topic: n.depth for n in p.known}
    for need in catalog.resource_by_id[target].requires:
        if need.topic in known and known[need.topic].covers(need.depth):
            continue
        if need.topic in p.assumed:
            continue
        teachers = [
            i
            for i, item in enumerate(p.items)
            if (d := item.resource.teaches_depth(need.topic)) is not None and d.covers(need.depth)
        ]
        assert teachers, f"nothing teaches {need.topic} for {target}"
        assert min(teachers) < position, f"{need.topic} is taught after {target}"


MIT_SET = ("mit-18.01sc", "mit-18.02sc", "mit-18.03sc", "strang-calculus")


def needed(p: Plan, topic: str) -> Depth | None:
    return next((n.depth for n in p.needed if n.topic == topic), None)


def test_claim_01_finish_6s191_then_the_specialization(catalog: Catalog) -> None:
    p = plan(catalog, "deep-learning-specialization")
    ids = order(p)
    # Seed 003's advice is the goal's first step, not a prerequisite of the specialization.
    assert ids.index("mit-6.s191") < ids.index("ng-deep-learning-specialization")
    assert catalog.goal_by_id["deep-learning-specialization"].steps[0] == "mit-6.s191"
    specialization = catalog.resource_by_id["ng-deep-learning-specialization"]
    assert all(n.topic != "deep-learning" for n in specialization.requires)
    teaches_before(catalog, p, "ng-deep-learning-specialization")


def test_claim_02_deep_learning_starts_with_6s191(catalog: Catalog) -> None:
    p = plan(catalog, "deep-learning")
    assert p.exact
    first_dl = next(
        item.id
        for item in p.items
        if any(n.topic in ("deep-learning", "neural-networks") for n in item.teaches)
    )
    assert first_dl == "mit-6.s191"


def test_claim_03_6s191_needs_derivatives_matrices_and_probability_first(
    catalog: Catalog,
) -> None:
    course = catalog.resource_by_id["mit-6.s191"]
    required = {n.topic: n.depth for n in course.requires}
    assert required == {
        "single-variable-calculus": Depth.OVERVIEW,
        "linear-algebra": Depth.OVERVIEW,
        # the course site's addition to seed 003: "probability (e.g., Bayes theorem)"
        "conditional-probability": Depth.OVERVIEW,
    }  # Python helps but is not required: "不要求有经验"
    p = plan(catalog, "deep-learning")
    teaches_before(catalog, p, "mit-6.s191")
    assert order(p)[-1] == "mit-6.s191"


def test_claim_04_the_specialization_goes_deeper_than_6s191(catalog: Catalog) -> None:
    course = catalog.resource_by_id["mit-6.s191"]
    specialization = catalog.resource_by_id["ng-deep-learning-specialization"]
    shallow, deep = (
        course.teaches_depth("deep-learning"),
        specialization.teaches_depth("deep-learning"),
    )
    assert shallow is not None
    assert deep is not None
    assert shallow.rank < deep.rank
    # so finishing 6.S191 leaves the specialization to take
    after = plan(catalog, "deep-learning-specialization", done=["mit-6.s191"])
    assert "ng-deep-learning-specialization" in order(after)


def test_claim_05_calculus_made_easy_first_then_the_fuller_mit_treatment(
    catalog: Catalog,
) -> None:
    for goal in ("mit-calculus", "calculus"):
        p = plan(catalog, goal, include=["calculus-made-easy:ch1-4"])
        ids = order(p)
        assert ids[0] == "calculus-made-easy", goal
        assert p.items[0].part_ids == ("ch1-4",), goal
    assert order(plan(catalog, "mit-calculus", include=["calculus-made-easy:ch1-4"]))[1:] == [
        "mit-18.01sc",
        "mit-18.02sc",
        "mit-18.03sc",
    ]


def test_claim_06_strang_stands_alone_or_complements_the_courses(catalog: Catalog) -> None:
    alone = order(plan(catalog, "calculus"))
    assert "strang-calculus" in alone
    assert "mit-18.01sc" not in alone
    assert "mit-18.02sc" not in alone
    beside = order(plan(catalog, "mit-calculus", include=["strang-calculus"]))
    assert set(beside) == {"mit-18.01sc", "mit-18.02sc", "mit-18.03sc", "strang-calculus"}


def test_claim_07_highlights_of_calculus_accompanies_the_textbook(catalog: Catalog) -> None:
    ids = order(plan(catalog, "calculus", include=["mit-res-18-005"]))
    assert ids.index("mit-res-18-005") < ids.index("strang-calculus")


def test_claim_08_the_mit_set_is_far_more_than_deep_learning_needs(catalog: Catalog) -> None:
    p = plan(catalog, "deep-learning")
    assert not set(order(p)) & set(MIT_SET)
    assert p.total_hours * 10 < plan(catalog, "mit-calculus").total_hours


def test_claim_09_the_depth_of_calculus_depends_on_the_goal(catalog: Catalog) -> None:
    assert needed(plan(catalog, "deep-learning"), "single-variable-calculus") == Depth.OVERVIEW
    assert needed(plan(catalog, "ml-math"), "single-variable-calculus") == Depth.WORKING
    assert needed(plan(catalog, "calculus"), "single-variable-calculus") == Depth.THOROUGH


def test_claim_10_3b1b_foundations_come_before_3b1b_neural_networks(catalog: Catalog) -> None:
    p = plan(catalog, "deep-learning", include=["3b1b-neural-networks"])
    ids = order(p)
    assert "3b1b-neural-networks" in ids
    for series in ("3b1b-essence-calculus", "3b1b-essence-linear-algebra"):
        if series in ids:
            assert ids.index(series) < ids.index("3b1b-neural-networks")
    teaches_before(catalog, p, "3b1b-neural-networks")


def test_claim_11_the_neural_network_series_suits_an_absolute_beginner(catalog: Catalog) -> None:
    series = catalog.resource_by_id["3b1b-neural-networks"]
    assert series.level is Level.INTRO
    assert all(n.depth is Depth.OVERVIEW for n in series.requires)
    p = plan(catalog, "deep-learning", include=["3b1b-neural-networks"])
    before = p.items[: order(p).index("3b1b-neural-networks")]
    assert all(item.resource.level is Level.INTRO for item in before)
    assert sum(item.hours for item in before) <= 10  # a few hours of videos, not a course


def test_claim_12_calculus_in_35_minutes_is_the_entry_point(catalog: Catalog) -> None:
    assert order(plan(catalog, "deep-learning"))[0] == "oct-calculus-35min"
    include = ["mit-18.01sc", "calculus-made-easy", "oct-calculus-35min"]
    ids = order(plan(catalog, "deep-learning", include=include))
    calculus = [rid for rid in ids if rid in include]
    assert calculus == ["oct-calculus-35min", "calculus-made-easy", "mit-18.01sc"]


def test_claim_14_the_imperial_series_comes_before_fuller_calculus(catalog: Catalog) -> None:
    # With the short series that meet its own needs, the Imperial course is studied before
    # Strang's book, not after it.
    include = [
        "imperial-mml-multivariate-calculus",
        "strang-calculus",
        "oct-calculus-35min",
        "3b1b-essence-linear-algebra",
    ]
    for goal in ("deep-learning", "ml-math"):
        ids = order(plan(catalog, goal, include=include))
        assert ids.index("imperial-mml-multivariate-calculus") < ids.index("strang-calculus"), goal


def test_claim_15_the_mml_book_can_be_taken_a_chapter_at_a_time(catalog: Catalog) -> None:
    p = plan(catalog, "ml-math", include=["mml-book:ch6"])
    book = next(item for item in p.items if item.id == "mml-book")
    assert book.part_ids == ("ch6",)
    assert book.hours < catalog.resource_by_id["mml-book"].hours


def test_claim_16_statistics_linear_algebra_and_calculus_underlie_ml(catalog: Catalog) -> None:
    topics = ("conditional-probability", "linear-algebra", "single-variable-calculus")
    deep = plan(catalog, "deep-learning")
    assert all(needed(deep, t) is not None for t in topics)
    math = plan(catalog, "ml-math")
    assert all(needed(math, t) == Depth.WORKING for t in (*topics, "random-variables"))
    assert needed(math, "multivariable-calculus") == Depth.WORKING


def test_knowing_everything_6s191_builds_on_leaves_just_6s191(catalog: Catalog) -> None:
    full = plan(catalog, "deep-learning")
    own = {n.topic for n in catalog.resource_by_id["mit-6.s191"].teaches}
    known = [f"{n.topic}@{n.depth.value}" for n in full.needed if n.topic not in own]
    assert known, "the deep-learning goal should need more than 6.S191 teaches"
    assert order(plan(catalog, "deep-learning", know=known)) == ["mit-6.s191"]


def test_single_variable_calculus_comes_before_18_02(catalog: Catalog) -> None:
    p = plan(catalog, "deep-learning", include=["mit-18.02sc"])
    ids = order(p)
    teaches_before(catalog, p, "mit-18.02sc")
    first_calculus = min(
        i
        for i, item in enumerate(p.items)
        if item.resource.teaches_depth("single-variable-calculus") is not None
        and item.id != "mit-18.02sc"
    )
    assert first_calculus < ids.index("mit-18.02sc")


def test_including_18_01_puts_it_before_18_02(catalog: Catalog) -> None:
    ids = order(plan(catalog, "calculus", include=["mit-18.01sc", "mit-18.02sc"]))
    assert ids.index("mit-18.01sc") < ids.index("mit-18.02sc")


def test_preferring_courses_changes_the_choice_toward_courses(catalog: Catalog) -> None:
    def course_hours(p: Plan) -> float:
        return sum(i.hours for i in p.items if i.resource.format.value == "course")

    default = plan(catalog, "calculus")
    courses = plan(catalog, "calculus", prefer=["course"])
    assert order(default) != order(courses)
    assert course_hours(courses) > course_hours(default)


def test_free_only_excludes_paid_resources(catalog: Catalog) -> None:
    default = plan(catalog, "deep-learning-specialization")
    assert any(not item.resource.free for item in default.items), "it picks a paid one"
    free = plan(catalog, "deep-learning-specialization", free_only=True)
    assert all(item.resource.free for item in free.items)
    assert order(free) != order(default)


def test_free_only_replaces_the_paid_specialization(catalog: Catalog) -> None:
    assert not catalog.resource_by_id["ng-deep-learning-specialization"].free
    p = plan(catalog, "deep-learning-specialization", free_only=True)
    assert "ng-deep-learning-specialization" not in order(p)
    assert all(item.resource.free for item in p.items)


@pytest.mark.parametrize("goal", GOAL_IDS)
def test_every_goal_plans_exactly_and_the_heuristic_matches(catalog: Catalog, goal: str) -> None:
    exact = plan(catalog, goal)
    assert exact.exact
    heuristic = make_plan(catalog, build_request(goal, start=START), force_heuristic=True)
    assert heuristic.total_minutes <= exact.total_minutes * 1.25
