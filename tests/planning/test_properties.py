"""Invariants of make_plan on small generated catalogs, and minimality against brute force."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from tests.support.gen import (
    brute_force,
    catalogs,
    is_valid_choice,
    known_of,
    units,
    weighted_cost,
)

from mathpath.catalog.models import Catalog, Level, TopicNeed
from mathpath.errors import PlanError
from mathpath.export.plan_json import plan_to_dict
from mathpath.planning import make_plan
from mathpath.planning.plans import (
    Plan,
    PlanRequest,
    Preferences,
    ScheduleOptions,
    minutes_from_hours,
)

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = date(2026, 3, 4)  # a Wednesday: the first week is partial


@st.composite
def requests(draw: st.DrawFn, catalog: Catalog) -> PlanRequest:
    topic_ids = [t.id for t in catalog.topics]
    resource_ids = [u.id for u in units(catalog)]  # resources and their parts
    know = draw(st.lists(st.sampled_from(topic_ids), max_size=2, unique=True))
    done = draw(st.lists(st.sampled_from(resource_ids), max_size=1, unique=True))
    exclude = draw(st.lists(st.sampled_from(resource_ids), max_size=1, unique=True))
    owners = {r.split(":")[0] for r in done + exclude}
    include = [
        r
        for r in draw(st.lists(st.sampled_from(resource_ids), max_size=1))
        if r not in done + exclude and r.split(":")[0] not in owners
    ]
    prefs = Preferences(
        prefer=tuple(draw(st.lists(st.sampled_from(["video", "course", "textbook"]), max_size=1))),
        free_only=draw(st.booleans()),
        lang=draw(st.sampled_from([None, "zh"])),
        require_lang=draw(st.sampled_from([None, None, "zh"])),
        max_level=draw(st.sampled_from([None, Level.INTERMEDIATE])),
        exclude=tuple(exclude),
        include=tuple(include),
    )
    schedule = ScheduleOptions(
        start=START,
        hours_per_week=draw(st.sampled_from([0.5, 3.0, 6.0, 10.0])),
        study_days=tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1)))),
        session_hours=draw(st.sampled_from([0.5, 1.0, 2.0])),
        parallel=draw(st.integers(1, 3)),
    )
    return PlanRequest(
        goal="g",
        schedule=schedule,
        known=tuple(
            TopicNeed(topic=t, depth=draw(st.sampled_from(["overview", "working", "thorough"])))
            for t in know
        ),
        done=tuple(done),
        preferences=prefs,
    )


@st.composite
def problems(draw: st.DrawFn) -> tuple[Catalog, PlanRequest]:
    catalog = draw(catalogs())
    return catalog, draw(requests(catalog))


def plan_or_none(catalog: Catalog, request: PlanRequest, **kw: bool) -> Plan | None:
    try:
        return make_plan(catalog, request, **kw)
    except PlanError:
        return None


def planned_units(plan: Plan) -> list[str]:
    return [
        unit
        for item in plan.items
        for unit in ([f"{item.id}:{p}" for p in item.part_ids] or [item.id])
    ]


def key_of(catalog: Catalog, request: PlanRequest, plan: Plan) -> tuple[int, int, tuple[str, ...]]:
    ids = planned_units(plan)
    return (
        sum(weighted_cost(catalog, request, rid) for rid in ids),
        len(ids),
        tuple(sorted(ids)),
    )


@SETTINGS
@given(problems())
def test_choice_is_minimal_compared_with_brute_force(problem: tuple[Catalog, PlanRequest]) -> None:
    catalog, request = problem
    best = brute_force(catalog, request)
    plan = plan_or_none(catalog, request)
    if best is None:
        assert plan is None, "planned a goal that no subset of resources reaches"
        return
    assert plan is not None, f"PlanError although {best} is valid"
    assert plan.exact
    assert key_of(catalog, request, plan) == best


@SETTINGS
@given(problems())
def test_plan_invariants(problem: tuple[Catalog, PlanRequest]) -> None:
    catalog, request = problem
    plan = plan_or_none(catalog, request)
    if plan is None:
        return
    known = known_of(catalog, request)
    items = {item.id: item for item in plan.items}
    by_unit = {u.id: u for u in units(catalog)}
    # Every needed topic is covered by knowledge or a planned item teaching it deeply enough.
    for need in plan.needed:
        assert known.get(need.topic, 0) < need.depth.rank
        assert any(
            any(t.topic == need.topic and t.depth.covers(need.depth) for t in item.teaches)
            for item in plan.items
        ), need
    # Every unit's own requirements are met by knowledge, an item before it or an earlier part
    # of its own item.
    taught: dict[str, int] = {}
    for item in plan.items:
        for unit_id in [f"{item.id}:{p}" for p in item.part_ids] or [item.id]:
            unit = by_unit[unit_id]
            for topic, rank in unit.requires.items():
                assert max(known.get(topic, 0), taught.get(topic, 0)) >= rank, (unit_id, topic)
            for topic, rank in unit.teaches.items():
                taught[topic] = max(taught.get(topic, 0), rank)
    for position, item in enumerate(plan.items):
        for before in item.after:
            assert before in items
            assert plan.items.index(items[before]) < position
    check_schedule(plan)
    assert plan.total_minutes == sum(s.minutes for s in plan.sessions)


def check_schedule(plan: Plan) -> None:
    options = plan.request.schedule
    budget = minutes_from_hours(options.hours_per_week)
    cap = minutes_from_hours(options.session_hours)
    weeks: dict[date, int] = {}
    per_day: dict[tuple[date, str], int] = {}
    active: dict[date, set[str]] = {}
    for session in plan.sessions:
        assert session.date >= options.start
        assert session.date.weekday() in options.study_days
        assert session.minutes > 0
        monday = session.date - timedelta(days=session.date.weekday())
        weeks[monday] = weeks.get(monday, 0) + session.minutes
        per_day[(session.date, session.resource_id)] = (
            per_day.get((session.date, session.resource_id), 0) + session.minutes
        )
        active.setdefault(session.date, set()).add(session.resource_id)
    assert all(total <= budget for total in weeks.values())
    assert all(total <= cap for total in per_day.values())
    by_id = {item.id: item for item in plan.items}
    for item in plan.items:
        dates = [s.date for s in plan.sessions if s.resource_id == item.id]
        assert sum(s.minutes for s in plan.sessions if s.resource_id == item.id) == item.minutes
        assert (min(dates), max(dates)) == (item.start, item.end)
        for before in item.after:
            # Same day is allowed: it starts later that day, after the last sitting of `before`.
            assert by_id[before].end <= item.start
    # At most `parallel` resources in progress on any day (a finished one hands over its slot).
    for day in active:
        in_progress = [i for i in plan.items if i.start < day < i.end]
        assert len(in_progress) <= options.parallel


@SETTINGS
@given(problems())
def test_known_is_exactly_what_know_and_done_give(problem: tuple[Catalog, PlanRequest]) -> None:
    """--know T@d: T at d and what it builds on at the edges' depths, never deeper than d;
    --done R: what R teaches and requires, nothing more (the reference in tests/support/gen)."""
    catalog, request = problem
    plan = plan_or_none(catalog, request)
    if plan is None:
        return
    expected = known_of(catalog, request, assumed=False)
    assert {n.topic: n.depth.rank for n in plan.known} == expected


@SETTINGS
@given(problems())
def test_output_is_deterministic(problem: tuple[Catalog, PlanRequest]) -> None:
    catalog, request = problem
    first = plan_or_none(catalog, request)
    if first is None:
        return
    again = Catalog.model_validate(catalog.model_dump())  # a fresh catalog object, no caches
    second = make_plan(again, request)
    dump = json.dumps(plan_to_dict(first), ensure_ascii=False, indent=2)
    assert dump == json.dumps(plan_to_dict(second), ensure_ascii=False, indent=2)


# The greedy heuristic's weighted cost over the optimum on these generated instances: over 3000
# derandomized examples (1765 plannable) worst 1.18, mean 1.0001, optimal in 99.9%; two random
# runs of 2000 found 1.39 at worst (docs/readme/plan.md). The greedy has no constant-factor
# guarantee: Hypothesis, which searches for bad cases, finds 2.25 (a 1-hour course whose
# prerequisite needs a 6.5-hour one, beside a 3-hour course that alone would do). So the ratio
# is checked on a fixed (derandomized) sample, and the random search checks what must always
# hold: a plan whenever the exact search finds one, valid, never below the optimum.
HEURISTIC_RATIO_BOUND = 2.0


def _compare_heuristic(problem: tuple[Catalog, PlanRequest]) -> tuple[int, int] | None:
    catalog, request = problem
    exact = plan_or_none(catalog, request)
    heuristic = plan_or_none(catalog, request, force_heuristic=True)
    assert (exact is None) == (heuristic is None)
    if exact is None or heuristic is None:
        return None
    assert not heuristic.exact
    assert is_valid_choice(catalog, request, planned_units(heuristic))
    optimum = key_of(catalog, request, exact)[0]
    found = key_of(catalog, request, heuristic)[0]
    assert optimum <= found
    return optimum, found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_heuristic_plans_whenever_the_search_does(problem: tuple[Catalog, PlanRequest]) -> None:
    _compare_heuristic(problem)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(problems())
def test_heuristic_is_within_measured_ratio_of_optimum(
    problem: tuple[Catalog, PlanRequest],
) -> None:
    compared = _compare_heuristic(problem)
    if compared is not None:
        optimum, found = compared
        assert found <= HEURISTIC_RATIO_BOUND * optimum


@pytest.mark.parametrize("seed", range(3))
def test_generated_catalogs_plan_at_all(seed: int) -> None:
    # Guards the strategies: most generated problems must be plannable, or the properties
    # above would pass vacuously.
    plannable = 0
    for example in range(60):
        catalog, request = _fixed_problem(seed, example)
        plannable += plan_or_none(catalog, request) is not None
    assert plannable >= 20


def _fixed_problem(seed: int, example: int) -> tuple[Catalog, PlanRequest]:
    import random

    rng = random.Random(seed * 1000 + example)
    n = rng.randint(2, 6)
    topics = [
        {
            "id": f"t{i}",
            "name": f"T{i}",
            "requires": [f"t{j}" for j in range(i) if rng.random() < 0.3],
        }
        for i in range(n)
    ]
    resources = []
    for r in range(rng.randint(2, 8)):
        taught = rng.sample(range(n), rng.randint(1, min(3, n)))
        others = [i for i in range(n) if i not in taught]
        resources.append(
            {
                "id": f"r{r}",
                "title": f"R{r}",
                "provider": "Test",
                "url": f"https://example.org/{r}",
                "format": "course",
                "hours": rng.randint(1, 30),
                "level": "intro",
                "free": True,
                "teaches": [f"t{i}@thorough" for i in taught],
                "requires": [f"t{i}" for i in others if rng.random() < 0.2],
            }
        )
    catalog = Catalog.model_validate(
        {
            "topics": topics,
            "resources": resources,
            "goals": [{"id": "g", "name": "G", "description": "d", "targets": [f"t{n - 1}"]}],
        }
    )
    return catalog, PlanRequest(goal="g", schedule=ScheduleOptions(start=START))


def test_generated_problems_plan_parts_and_depth_conditional_edges() -> None:
    # Guards the strategies: the properties above must meet plans that choose parts, on
    # catalogs whose prerequisites apply only from some depth.
    def with_parts(problem: tuple[Catalog, PlanRequest]) -> bool:
        catalog, request = problem
        plan = plan_or_none(catalog, request)
        conditional = any(e.applies_from.rank > 1 for t in catalog.topics for e in t.requires)
        return plan is not None and conditional and any(item.parts for item in plan.items)

    catalog, _ = find(problems(), with_parts, settings=settings(database=None, max_examples=2000))
    assert any(r.parts for r in catalog.resources)
