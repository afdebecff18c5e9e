"""Issue 11's plans a teacher would sign, on the bundled catalog (relations, not exact hours)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.bundled import GOAL_IDS, START, ids, plan

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog, Depth, Level
from mathpath.planning.explain import ALTERNATIVE, CHOSEN, FILTERED, KNOWN, SHALLOW, explain
from mathpath.planning.plans import Plan
from mathpath.planning.request import build_request


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def taught(p: Plan, topic: str) -> int:
    """The deepest rank the plan's items teach ``topic`` at (0 = not at all)."""
    return max(
        (n.depth.rank for item in p.items for n in item.teaches if n.topic == topic), default=0
    )


def test_deep_learning_is_a_short_introductory_path_ending_with_6s191(catalog: Catalog) -> None:
    p = plan(catalog, "deep-learning")
    assert p.exact
    assert p.total_hours <= 50
    assert ids(p)[-1] == "mit-6.s191"
    # 6.S191 asks for "probability (e.g., Bayes theorem)": Bayes' rule, not random variables
    assert "random-variables" not in {n.topic for n in p.needed}
    for topic in ("single-variable-calculus", "linear-algebra", "conditional-probability"):
        teachers = [i for i in p.items if any(n.topic == topic for n in i.teaches)]
        assert teachers, topic
        # met at overview, by introductory material, before the course
        assert all(i.resource.level is Level.INTRO for i in teachers), topic
        assert all(ids(p).index(i.id) < ids(p).index("mit-6.s191") for i in teachers)


def test_finishing_6s191_does_not_teach_the_mathematics(catalog: Catalog) -> None:
    p = plan(catalog, "ml-math", done=["mit-6.s191"])
    assert p.items
    for topic in (
        "linear-algebra",
        "multivariable-calculus",
        "conditional-probability",
        "random-variables",
    ):
        assert taught(p, topic) >= Depth.WORKING.rank, topic
    known = {n.topic: n.depth for n in p.known}
    assert known["linear-algebra"] == Depth.OVERVIEW  # what 6.S191 required, no more


def test_finishing_the_specialization_leaves_linear_algebra_to_learn(catalog: Catalog) -> None:
    p = plan(catalog, "linear-algebra", done=["ng-deep-learning-specialization"])
    assert p.items
    assert taught(p, "linear-algebra") == Depth.THOROUGH.rank


def test_the_neural_network_videos_teach_no_probability(catalog: Catalog) -> None:
    p = plan(catalog, "deep-learning", done=["3b1b-neural-networks"])
    assert taught(p, "conditional-probability") >= Depth.OVERVIEW.rank
    assert not {"conditional-probability", "random-variables"} & {n.topic for n in p.known}


@pytest.mark.parametrize("lang", [None, "zh"])
@pytest.mark.parametrize("goal", GOAL_IDS)
def test_a_probability_review_follows_a_first_course_not_a_bayes_video(
    catalog: Catalog, goal: str, lang: str | None
) -> None:
    # The CS229 notes and the DL book's chapter 3 review random variables and distributions;
    # three short videos on Bayes' rule are not the first course they build on.
    p = plan(catalog, goal, lang=lang)
    for n, item in enumerate(p.items):
        if item.resource.id not in ("cs229-prob-review", "dl-book-goodfellow"):
            continue
        if not any(t.topic == "random-variables" for t in item.teaches):
            continue
        earlier = p.items[:n]
        assert any(
            t.topic == "random-variables" and t.depth.rank >= Depth.OVERVIEW.rank
            for i in earlier
            for t in i.teaches
        ), (goal, lang, ids(p))


def test_ml_math_learns_probability_from_a_first_course_then_the_review(catalog: Catalog) -> None:
    order = ids(plan(catalog, "ml-math"))
    assert "3b1b-bayes" not in order
    assert order.index("seeing-theory") < order.index("cs229-prob-review")


@pytest.mark.parametrize(
    ("goal", "options"),
    [
        ("deep-learning", {"exclude": ["mit-6.s191"]}),
        ("deep-learning-specialization", {"free_only": True}),
    ],
)
def test_the_goodfellow_book_never_comes_before_a_beginner_course(
    catalog: Catalog, goal: str, options: dict[str, Any]
) -> None:
    p = plan(catalog, goal, **options)
    order = ids(p)
    if "dl-book-goodfellow" not in order:
        return
    book = order.index("dl-book-goodfellow")
    beginner = [
        n
        for n, item in enumerate(p.items)
        if item.resource.level is Level.INTRO
        and any(t.topic == "deep-learning" for t in item.teaches)
    ]
    assert beginner, "a beginner deep-learning course comes with the book"
    assert all(n < book for n in beginner)


def test_the_mit_sequence_goal_plans_the_three_courses_in_order(catalog: Catalog) -> None:
    assert ids(plan(catalog, "mit-calculus")) == ["mit-18.01sc", "mit-18.02sc", "mit-18.03sc"]


def test_calculus_is_the_cheapest_honest_path_not_the_mit_sequence(catalog: Catalog) -> None:
    p = plan(catalog, "calculus")
    assert p.exact
    for topic in ("single-variable-calculus", "multivariable-calculus", "differential-equations"):
        assert taught(p, topic) == Depth.THOROUGH.rank, topic
    # a reason names topics in the order a reader meets them, not alphabetically
    strang = next(i for i in p.items if i.id == "strang-calculus")
    assert strang.reason == "teaches single-variable-calculus, multivariable-calculus (goal)"


@pytest.mark.parametrize(
    ("goal", "include", "expected"),
    [
        (
            "deep-learning",
            ["oct-calculus-35min", "calculus-made-easy", "mit-18.01sc"],
            ["oct-calculus-35min", "calculus-made-easy", "mit-18.01sc"],
        ),
        (
            "calculus",
            ["mit-res-18-005", "oct-calculus-35min"],
            ["mit-res-18-005", "oct-calculus-35min", "strang-calculus"],
        ),
    ],
)
def test_shallow_before_deep(
    catalog: Catalog, goal: str, include: list[str], expected: list[str]
) -> None:
    order = ids(plan(catalog, goal, include=include))
    positions = [order.index(rid) for rid in expected]
    # the overview items (in either order) before the deeper ones
    assert max(positions[:-1]) < positions[-1]
    if goal == "deep-learning":
        assert positions[0] < positions[1] < positions[2]


def test_parts_are_planned_and_named(catalog: Catalog) -> None:
    p = plan(catalog, "deep-learning")
    with_parts = [item for item in p.items if item.parts]
    assert with_parts  # e.g. one Bayes video, not the three
    for item in with_parts:
        assert item.hours < item.resource.hours
        assert all(s.part in item.part_ids for s in p.sessions if s.resource_id == item.id)


def _why(catalog: Catalog, goal: str, rid: str, **kw: Any) -> tuple[str, str]:
    found = explain(catalog, build_request(goal, start=START, **kw), rid)
    return found.kind, found.verdict


def test_an_item_of_several_parts_is_explained_by_all_of_them(catalog: Catalog) -> None:
    """In Chinese, ml-math takes chapters 2 and 4 of the Goodfellow book as one item: chapter 4
    is there for optimization, and the reason says so, not only chapter 2's linear algebra."""
    p = plan(catalog, "ml-math", lang="zh")
    book = next(i for i in p.items if i.id == "dl-book-goodfellow")
    assert book.part_ids == ("ch2", "ch4")
    assert book.reason == "teaches linear-algebra, optimization (goal)"
    # "needed by ... and 1 more" counts resources, not their parts
    videos = next(i for i in p.items if i.id == "3b1b-essence-linear-algebra")
    assert set(videos.needed_by) == {"dl-book-goodfellow", "cs229-prob-review"}
    assert videos.reason.endswith(" and 1 more")


def test_a_preference_says_how_much_of_the_plan_it_got(catalog: Catalog) -> None:
    """--prefer weighs, it does not filter: ml-math has no video path near the textbooks' cost,
    so the plan keeps one video series and says so, instead of seeming to ignore the option."""
    p = plan(catalog, "ml-math", prefer=("video",))
    videos = [i for i in p.items if i.resource.format.value in ("video", "video-series")]
    assert len(videos) == 1
    assert (
        f"--prefer video: 1 of the {len(p.items)} resources chosen is of that kind (a preference "
        "weighs their hours at 3/4 in the choice; it does not filter)"
    ) in p.notes
    assert not any(n.startswith("--prefer") for n in plan(catalog, "ml-math").notes)


def test_why_names_the_real_reason(catalog: Catalog) -> None:
    kind, verdict = _why(catalog, "linear-algebra", "khan-linear-algebra")
    assert kind == SHALLOW
    assert "working" in verdict
    assert "thorough" in verdict
    kind, verdict = _why(catalog, "deep-learning", "3b1b-essence-calculus")
    assert kind == ALTERNATIVE
    assert "would add" in verdict
    assert " h " in verdict
    kind, verdict = _why(catalog, "deep-learning", "mit-6.s191", exclude=["mit-6.s191"])
    assert kind == FILTERED
    assert "--exclude" in verdict
    kind, _ = _why(catalog, "deep-learning", "3b1b-essence-linear-algebra", know=["linear-algebra"])
    assert kind == KNOWN
    kind, verdict = _why(catalog, "deep-learning", "3b1b-bayes")
    assert kind == CHOSEN
    assert "not the whole" in verdict


OPTION_SETS: list[dict[str, object]] = [
    {},
    {"free_only": True},
    {"lang": "zh"},
    {"prefer": ["video"]},
    {"prefer": ["textbook"]},
    {"done": ["mit-6.s191"]},
    {"know": ["linear-algebra@working"]},
]


def test_the_goal_list_is_the_bundled_one(catalog: Catalog) -> None:
    assert sorted(GOAL_IDS) == sorted(g.id for g in catalog.goals)


@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: ",".join(o) or "defaults")
@pytest.mark.parametrize("goal", GOAL_IDS)
def test_every_bundled_goal_is_proven_minimal(
    catalog: Catalog, goal: str, options: dict[str, object]
) -> None:
    assert plan(catalog, goal, **options).exact
