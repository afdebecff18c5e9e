"""The planner on small inline catalogs: needs, knowledge, choice, order, reasons, errors, why."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.support.build import resource

from mathpath.catalog.models import Catalog
from mathpath.errors import PlanError, UsageError
from mathpath.planning import make_plan
from mathpath.planning.core import solve
from mathpath.planning.explain import ALTERNATIVE, CHOSEN, FILTERED, IRRELEVANT, KNOWN, explain
from mathpath.planning.plans import Plan
from mathpath.planning.request import build_request

START = date(2026, 3, 2)


def catalog(resources: list[dict[str, Any]], **extra: Any) -> Catalog:
    """Topics: precalculus <- calc-1 <- calc-2 (children of calculus); linear-algebra; ml."""
    topics = [
        {"id": "precalculus", "name": "Precalculus"},
        {"id": "calculus", "name": "Calculus"},
        {"id": "calc-1", "name": "Calculus 1", "parent": "calculus", "requires": ["precalculus"]},
        {"id": "calc-2", "name": "Calculus 2", "parent": "calculus", "requires": ["calc-1"]},
        {"id": "linear-algebra", "name": "Linear algebra", "requires": ["precalculus"]},
        {"id": "probability", "name": "Probability", "recommends": ["calc-1"]},
        {"id": "ml", "name": "ML", "requires": ["calc-1", "linear-algebra@working"]},
        {"id": "dl", "name": "DL", "requires": ["ml"]},
    ]
    goals = [
        {"id": "ml-goal", "name": "ML", "description": "d", "targets": ["ml@working"],
         "assumes": ["precalculus"]},
        {"id": "calculus-goal", "name": "Calculus", "description": "d",
         "targets": ["calculus@thorough"], "assumes": ["precalculus"]},
        {"id": "dl-goal", "name": "DL", "description": "d", "targets": ["dl@working"],
         "assumes": ["precalculus"]},
    ]  # fmt: skip
    data = {"topics": topics, "resources": resources, "goals": goals}
    data.update(extra)
    return Catalog.model_validate(data)


BASIC = [
    resource("calc-video", ["calc-1@overview"], hours=2, format="video"),
    resource("calc-book", ["calc-1@thorough", "calc-2@thorough"], hours=60, format="textbook"),
    resource("la-course", ["linear-algebra@working"], hours=30),
    resource("ml-course", ["ml@working"], hours=20, requires=["calc-1", "linear-algebra@working"]),
]


def plan(cat: Catalog, goal: str = "ml-goal", **kw: Any) -> Plan:
    return make_plan(cat, build_request(goal, start=START, **kw))


def ids(p: Plan) -> list[str]:
    return [item.id for item in p.items]


def test_needs_the_goal_and_what_it_builds_on_cheapest_first_in_order() -> None:
    p = plan(catalog(BASIC))
    assert ids(p) == ["calc-video", "la-course", "ml-course"]
    assert p.exact
    assert p.assumed == ("precalculus",)
    assert {(n.topic, n.depth.value) for n in p.needed} == {
        ("ml", "working"),
        ("calc-1", "overview"),
        ("linear-algebra", "working"),
    }
    ml = p.items[-1]
    assert ml.after == ("calc-video", "la-course")
    assert ml.needed_by == ("",)
    assert ml.reason == "teaches ml (goal)"
    assert p.items[0].reason == "teaches calc-1, needed by Ml Course"
    assert p.items[0].needed_by == ("", "ml-course")


def test_know_covers_a_topic_and_its_prerequisites_and_broad_topics_expand() -> None:
    p = plan(catalog(BASIC), know=["calculus"])
    assert ids(p) == ["la-course", "ml-course"]
    assert {"calc-1", "calc-2", "calculus", "precalculus"} <= {n.topic for n in p.known}


def test_know_at_a_shallower_depth_still_needs_more() -> None:
    p = plan(catalog(BASIC), know=["linear-algebra@overview"])
    assert "la-course" in ids(p)


def test_done_counts_as_known_and_is_never_chosen_again() -> None:
    p = plan(catalog(BASIC), done=["la-course"])
    assert ids(p) == ["calc-video", "ml-course"]
    assert ("linear-algebra", "working") in {(n.topic, n.depth.value) for n in p.known}


def test_a_broad_goal_target_needs_every_topic_inside_it() -> None:
    p = plan(catalog(BASIC), goal="calculus-goal")
    assert ids(p) == ["calc-book"]
    assert {n.topic for n in p.needed} == {"calc-1", "calc-2"}


def test_a_resource_never_meets_its_own_requirement() -> None:
    # dl-spec requires dl at overview and teaches it thoroughly: another resource must come first.
    resources = [
        *BASIC,
        resource("dl-intro", ["dl@working"], hours=20, requires=["ml@working"]),
        resource("dl-spec", ["dl@thorough"], hours=5, requires=["dl@overview"]),
    ]
    p = plan(catalog(resources), goal="dl-goal", include=["dl-spec"])
    assert ids(p)[-2:] == ["dl-intro", "dl-spec"]
    assert "dl-intro" in p.items[-1].after


def test_a_resource_is_no_provider_of_what_it_demands() -> None:
    # The first member of a valid order that meets a req cannot demand it, so the search never
    # counts dl-spec as meeting dl at overview: that need stays open until dl-intro is chosen,
    # and the bound sees it.
    resources = [
        *BASIC,
        resource("dl-intro", ["dl@working"], hours=20, requires=["ml@working"]),
        resource("dl-spec", ["dl@thorough"], hours=5, requires=["dl@overview"]),
    ]
    solved = solve(catalog(resources), build_request("dl-goal", start=START, include=["dl-spec"]))
    inst = solved.instance
    spec = [r.id for r in inst.resources].index("dl-spec")
    assert ("dl", 1) in inst.demands[spec]
    assert inst.covers[spec].isdisjoint(inst.demands[spec])
    assert spec not in inst.providers[("dl", 1)]
    assert spec in inst.providers[("dl", 2)]
    assert solved.plan.exact


def test_preferences_weigh_the_choice_but_do_not_filter() -> None:
    resources = [
        resource("la-book", ["linear-algebra@working"], hours=36, format="textbook"),
        resource("la-videos", ["linear-algebra@working"], hours=40, format="video-series",
                 languages=["en", "zh"]),
        *BASIC[:1],
        BASIC[3],
    ]  # fmt: skip
    cat = catalog(resources)
    assert "la-book" in ids(plan(cat))
    assert "la-videos" in ids(plan(cat, prefer=["video"]))  # 40 x 0.75 = 30 < 36
    assert "la-videos" in ids(plan(cat, lang="zh"))
    assert "la-book" in ids(plan(cat, prefer=["textbook"]))


def test_filters_remove_candidates_and_include_overrides_them() -> None:
    resources = [
        resource("la-cheap", ["linear-algebra@working"], hours=5, free=False, level="advanced"),
        *BASIC,
    ]
    cat = catalog(resources)
    assert "la-cheap" in ids(plan(cat))
    assert "la-cheap" not in ids(plan(cat, free_only=True))
    assert "la-cheap" not in ids(plan(cat, max_level="intermediate"))
    assert "la-cheap" not in ids(plan(cat, exclude=["la-cheap"]))
    assert "la-cheap" in ids(plan(cat, free_only=True, include=["la-cheap"]))


def test_further_reading_is_never_chosen() -> None:
    resources = [resource("la-list", ["linear-algebra@working"], hours=1, role="further-reading"),
                 *BASIC]  # fmt: skip
    assert "la-list" not in ids(plan(catalog(resources)))


def test_included_resource_that_the_goal_does_not_need_says_so() -> None:
    resources = [*BASIC, resource("prob", ["probability@working"], hours=3)]
    p = plan(catalog(resources), include=["prob"])
    prob = next(item for item in p.items if item.id == "prob")
    assert prob.reason == "you included it (--include)"
    assert prob.covers == ()


def test_a_step_of_the_goal_is_said_to_be_one_not_something_the_learner_included() -> None:
    resources = [*BASIC, resource("prob", ["probability@working"], hours=3)]
    with_step = catalog(resources).model_dump()
    goal = next(g for g in with_step["goals"] if g["id"] == "ml-goal")
    goal["steps"] = ["la-course", "prob"]
    p = plan(Catalog.model_validate(with_step))
    reasons = {item.id: item.reason for item in p.items}
    assert reasons["prob"] == "a step of the goal"
    assert reasons["la-course"].startswith("a step of the goal; teaches linear-algebra")
    assert "you included it" not in " ".join(reasons.values())
    from mathpath.planning.explain import explain

    why = explain(Catalog.model_validate(with_step), build_request("ml-goal", start=START), "prob")
    assert [link.text for link in why.chain] == ["a step of the goal"]
    included = plan(catalog(resources), include=["prob"])
    assert next(i.reason for i in included.items if i.id == "prob") == "you included it (--include)"


def test_soft_edges_order_when_nothing_forces_it() -> None:
    # probability recommends calc-1: the calculus video goes first although it comes later in
    # the catalog.
    resources = [resource("prob", ["probability@working"], hours=3), *BASIC]
    p = plan(catalog(resources), include=["prob"])
    assert ids(p).index("calc-video") < ids(p).index("prob")


def test_equal_costs_are_broken_by_count_then_ids() -> None:
    resources = [
        resource("b-la", ["linear-algebra@working"], hours=30),
        resource("a-la", ["linear-algebra@working"], hours=30),
        *BASIC[:1],
        BASIC[3],
    ]
    assert "a-la" in ids(plan(catalog(resources)))


def test_resources_that_need_each_other_circularly_are_ordered_or_replaced() -> None:
    # x teaches calc-1 but needs linear-algebra; y teaches linear-algebra but needs calc-1:
    # neither can come first, so a third resource has to break the circle.
    resources = [
        resource("x", ["calc-1@working"], hours=1, requires=["linear-algebra@overview"]),
        resource("y", ["linear-algebra@working"], hours=1, requires=["calc-1@overview"]),
        resource("z", ["calc-1@overview"], hours=5),
        BASIC[3],
    ]
    p = plan(catalog(resources))
    order = ids(p)
    assert order[-1] == "ml-course"
    assert order.index("z") < order.index("y")
    for n, item in enumerate(p.items):
        assert set(item.after) <= set(order[:n])


def test_unknown_goal_lists_the_goals_and_suggests() -> None:
    with pytest.raises(UsageError, match="unknown goal 'ml-gaol'") as info:
        plan(catalog(BASIC), goal="ml-gaol")
    assert "did you mean 'ml-goal'" in info.value.hint
    assert "calculus-goal" in info.value.hint


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("know", ["lineer-algebra"], "unknown topic 'lineer-algebra' in --know"),
        ("done", ["la-corse"], "unknown resource 'la-corse' in --done"),
        ("include", ["la-corse"], "unknown resource 'la-corse' in --include"),
        ("exclude", ["la-corse"], "unknown resource 'la-corse' in --exclude"),
    ],
)
def test_unknown_ids_are_usage_errors_with_suggestions(
    option: str, value: list[str], message: str
) -> None:
    options: dict[str, Any] = {option: value}
    with pytest.raises(UsageError, match=message) as info:
        plan(catalog(BASIC), **options)
    assert "did you mean" in info.value.hint


def test_include_and_exclude_of_the_same_resource_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="both"):
        plan(catalog(BASIC), include=["la-course"], exclude=["la-course"])


def test_unreachable_goal_names_the_topic_and_the_filter() -> None:
    with pytest.raises(PlanError) as info:
        plan(catalog(BASIC), exclude=["la-course"])
    text = str(info.value)
    assert "linear-algebra (at working or deeper)" in text
    assert "la-course excluded (--exclude)" in text

    paid = [resource("la-paid", ["linear-algebra@working"], free=False), *BASIC[:1], BASIC[3]]
    with pytest.raises(PlanError, match=r"la-paid not free \(--free-only\)"):
        plan(catalog(paid), free_only=True)


def test_a_candidate_whose_prerequisites_nobody_teaches_is_reported() -> None:
    # Without the goal's assumption, precalculus (under calc-1 and linear-algebra) is unreachable.
    cat = catalog(BASIC)
    goals = [g.model_copy(update={"assumes": []}) for g in cat.goals]
    bare = cat.model_copy(update={"goals": goals})
    with pytest.raises(PlanError) as info:
        make_plan(bare, build_request("ml-goal", start=START))
    assert "precalculus (at overview or deeper): no resource in the catalog teaches it" in str(
        info.value
    )


def test_a_topic_nobody_teaches_deeply_enough_is_reported() -> None:
    shallow = [resource("la-intro", ["linear-algebra@overview"]), *BASIC[:1], BASIC[3]]
    with pytest.raises(PlanError, match="no resource in the catalog teaches it that deeply"):
        plan(catalog(shallow))


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"hours_per_week": 0}, "--hours-per-week: must be more than 0"),
        ({"session_hours": -1}, "--session-hours: must be more than 0"),
        ({"parallel": 0}, "--parallel: must be at least 1"),
        ({"deadline": "2026-01-01"}, "is before the start"),
        ({"deadline": "soon"}, "--deadline: 'soon' is not a date"),
        ({"days": "mon,funday"}, "'funday' is not a day"),
        ({"max_level": "expert"}, "--max-level: 'expert' is not one of intro"),
        ({"prefer": ["podcast"]}, "--prefer: 'podcast' is not a format"),
        ({"know": ["ml@deep"]}, "unknown depth 'deep'"),
    ],
)
def test_impossible_numbers_and_words_are_usage_errors(kw: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        plan(catalog(BASIC), **kw)


def test_days_accept_names_and_groups() -> None:
    from mathpath.planning.request import parse_days

    assert parse_days("mon,wed,sat") == (0, 2, 5)
    assert parse_days("Monday, tues") == (0, 1)
    assert parse_days("weekdays") == (0, 1, 2, 3, 4)
    assert parse_days("weekends,fri") == (4, 5, 6)


def test_progress_subtracts_spent_time_and_applies_the_pace() -> None:
    cat = catalog(BASIC)
    request = build_request(
        "ml-goal", start=START, spent_minutes=[("la-course", 600), ("calc-video", 120)],
        pace_factor=1.5,
    )  # fmt: skip
    p = make_plan(cat, request)
    minutes = {item.id: item.minutes for item in p.items}
    assert "calc-video" not in minutes  # all of it spent: treated as done
    assert minutes["la-course"] == round((1800 - 600) * 1.5)
    assert minutes["ml-course"] == 1800
    assert any("pace factor 1.5" in note for note in p.notes)
    assert any("calc-video" in note and "done" in note for note in p.notes)


def test_deadline_reports_the_weekly_hours_and_what_could_give() -> None:
    p = plan(catalog(BASIC), deadline="2026-03-29", max_hours_per_week=5)
    report = p.deadline
    assert report is not None
    assert report.required_hours_per_week == pytest.approx(13.0, abs=1.0)
    assert not report.feasible
    assert any("la-course" in s and "large prerequisite" in s for s in report.suggestions)
    # ml-course teaches the goal's target: dropping it would drop the goal, so it is never offered.
    assert not any("ml-course" in s for s in report.suggestions)

    relaxed = plan(catalog(BASIC), deadline="2026-12-31", max_hours_per_week=5)
    assert relaxed.deadline is not None
    assert relaxed.deadline.feasible
    assert relaxed.deadline.suggestions == ()


def test_deadline_suggests_a_shorter_set_without_preferences() -> None:
    resources = [
        resource("la-book", ["linear-algebra@working"], hours=36, format="textbook"),
        resource("la-videos", ["linear-algebra@working"], hours=40, format="video-series"),
        *BASIC[:1],
        BASIC[3],
    ]
    p = plan(catalog(resources), prefer=["video"], deadline="2026-04-01", max_hours_per_week=4)
    assert p.deadline is not None
    assert any(
        s.startswith("ignoring --prefer/--lang") and "swap la-videos for la-book" in s
        for s in p.deadline.suggestions
    )


def test_nothing_to_learn_gives_an_empty_plan() -> None:
    p = plan(catalog(BASIC), know=["ml"])
    assert p.items == ()
    assert p.sessions == ()
    assert p.finish == START


def test_why_a_chosen_resource_walks_to_the_goal() -> None:
    why = explain(catalog(BASIC), build_request("ml-goal", start=START), "calc-video")
    assert why.kind == CHOSEN
    assert [link.subject for link in why.chain] == ["calc-video", "ml-course"]
    assert "which ml-course requires" in why.chain[0].text
    assert "a target of the goal ml-goal" in why.chain[-1].text


def test_why_not_names_the_cheaper_alternative_and_the_extra_hours() -> None:
    why = explain(catalog(BASIC), build_request("ml-goal", start=START), "calc-book")
    assert why.kind == ALTERNATIVE
    assert why.alternatives == ("calc-video",)
    assert why.extra_hours == 58.0
    assert "calc-video already covers calc-1" in why.verdict


def test_why_not_filtered_known_or_irrelevant() -> None:
    resources = [*BASIC, resource("prob", ["probability@working"], free=False)]
    cat = catalog(resources)
    filtered = explain(cat, build_request("ml-goal", start=START, free_only=True), "prob")
    assert filtered.kind == FILTERED
    assert "--free-only" in filtered.verdict
    known = explain(cat, build_request("ml-goal", start=START, know=["calculus"]), "calc-video")
    assert known.kind == KNOWN
    irrelevant = explain(cat, build_request("ml-goal", start=START), "prob")
    assert irrelevant.kind == IRRELEVANT


def test_why_an_unknown_resource_suggests() -> None:
    with pytest.raises(UsageError, match="unknown resource 'calc-vidoe'") as info:
        explain(catalog(BASIC), build_request("ml-goal", start=START), "calc-vidoe")
    assert "calc-video" in info.value.hint


def test_the_heuristic_gives_a_valid_plan_marked_inexact() -> None:
    cat = catalog(BASIC)
    p = make_plan(cat, build_request("ml-goal", start=START), force_heuristic=True)
    assert not p.exact
    assert ids(p) == ["calc-video", "la-course", "ml-course"]
    assert any("greedy" in note for note in p.notes)


def test_large_catalogs_admit_the_cheapest_teachers_and_fall_back_to_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mathpath.planning import core

    monkeypatch.setattr(core, "LARGE_CATALOG", 0)
    monkeypatch.setattr(core, "TEACHERS_PER_NEED", 1)
    # The cheapest linear-algebra teacher needs dl, which nothing teaches: with one teacher per
    # need the goal looks unreachable, so the planner looks at every teacher again.
    blocked = resource("la-blocked", ["linear-algebra@working"], hours=1, requires=["dl"])
    p = plan(catalog([blocked, *BASIC]))
    assert ids(p) == ["calc-video", "la-course", "ml-course"]
    assert p.exact  # the fall-back looked at every teacher
    # Without the blocked teacher, one teacher per need suffices, and the plan says it is not
    # proven minimal since the other teachers were never considered.
    pruned = plan(catalog(BASIC))
    assert ids(pruned) == ["calc-video", "la-course", "ml-course"]
    assert not pruned.exact
    assert any("cheapest teachers" in note for note in pruned.notes)


def test_a_deadline_no_budget_can_meet_says_the_sittings_are_the_limit() -> None:
    p = plan(
        catalog(BASIC), days="sat", session_hours=1, deadline="2026-04-01", max_hours_per_week=4
    )
    report = p.deadline
    assert report is not None
    assert not report.reachable
    assert not report.feasible
    assert report.required_hours_per_week == 1.0  # the most one 1-hour Saturday sitting allows
    assert "raise --session-hours or --parallel" in report.suggestions[0]


PARTED = [
    # The book teaches ml and, in its first chapter, the calculus that ml needs: the chapter
    # cannot stand in for the calculus inside the whole book (the whole contains the chapter).
    {
        **resource("ml-book", ["calc-1@overview", "ml@working"], hours=30),
        "parts": [{"id": "ch1", "title": "Chapter 1", "hours": 5, "teaches": ["calc-1@overview"]}],
    },
    resource("la-course", ["linear-algebra@working"], hours=30),
    resource("ml-course", ["ml@working"], hours=20, requires=["calc-1", "linear-algebra@working"]),
]


def test_a_whole_resource_and_its_own_part_are_never_chosen_together() -> None:
    p = plan(catalog(PARTED), include=["ml-book:ch1"])
    book = next(item for item in p.items if item.id == "ml-book")
    assert book.part_ids == ("ch1",)
    assert "ml-course" in ids(p)  # the rest of ml comes from elsewhere, not the whole book again
    assert p.exact
    heuristic = make_plan(
        catalog(PARTED), build_request("ml-goal", start=START, include=["ml-book:ch1"]),
        force_heuristic=True,
    )  # fmt: skip
    assert [i.id for i in heuristic.items] == ids(p)


def test_including_a_resource_and_one_of_its_parts_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="ml-book:ch1 is one of its parts"):
        plan(catalog(PARTED), include=["ml-book", "ml-book:ch1"])
