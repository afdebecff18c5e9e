"""Hand-built catalogs and plans for the exporter tests (no planner needed).

The titles are chosen to break naive exporters: markdown link brackets, pipes, emphasis and
backticks, a leading ``#``, HTML brackets, gantt's ``: # ;``, quotes, Chinese text, and ids with
dots (``mit-18.01sc``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pytest

from mathpath.catalog import parse_catalog
from mathpath.models import Catalog, Depth, TopicNeed
from mathpath.plans import Plan, PlanItem, PlanRequest, ScheduleOptions, Session

CATALOG_YAML = r"""
version: 1
name: nasty
topics:
  - id: precalculus
    name: Precalculus
  - id: calculus
    name: Calculus
  - id: single-variable-calculus
    name: "Single-variable calculus: limits | derivatives"
    names: {zh: 单变量微积分}
    parent: calculus
    requires: [precalculus]
  - id: linear-algebra
    name: Linear algebra "done right"
    requires: [precalculus]
    recommends: [single-variable-calculus]
  - id: deep-learning
    name: "Deep learning #1 <intro>"
    requires: [single-variable-calculus, linear-algebra@working]
resources:
  - id: 3b1b-calculus
    title: "Essence of calculus: `chapter` #1 <intro> [x]"
    titles: {zh: 微积分的本质}
    provider: 3Blue1Brown
    url: https://example.org/wiki/Calculus_(video)
    format: video-series
    hours: 1.5
    level: intro
    free: true
    teaches: [single-variable-calculus@overview]
  - id: mit-18.01sc
    title: 'Single Variable Calculus [x]: "the classic" | part 1'
    provider: MIT OpenCourseWare
    url: https://ocw.mit.edu/courses/18-01sc-single-variable-calculus-fall-2010/
    format: course
    hours: 4
    level: intro
    free: true
    teaches: [single-variable-calculus@thorough]
  - id: la-book
    title: "*Linear* _algebra_ | done right & more \\ back"
    provider: "Axler & Co | <Springer>"
    url: https://example.org/la?x=1&y=(2)
    format: textbook
    hours: 3
    level: intermediate
    free: false
    teaches: [linear-algebra@working]
  - id: dl.course
    title: '# Deep learning: 101; 50% "fun"'
    titles: {zh: 深度学习：入门}
    provider: Example
    url: https://example.org/dl
    format: course
    hours: 2
    level: intro
    free: true
    teaches: [deep-learning@working]
    requires: [single-variable-calculus, linear-algebra]
  - id: dl-listicle
    title: 10 facts about deep learning
    provider: A blog
    url: https://example.org/blog
    format: article
    role: further-reading
    hours: 0.25
    level: intro
    free: true
    teaches: [deep-learning@overview]
goals:
  - id: dl
    name: 'Deep learning: the "math" [part] | #1'
    names: {zh: 深度学习}
    description: "Through a *deep learning* course | with [links]."
    targets: [deep-learning@working]
    assumes: [precalculus]
"""

START = date(2025, 1, 6)  # a Monday

# (resource id, minutes, start, end, reason, after, needed_by)
ITEMS: tuple[tuple[str, int, date, date, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "3b1b-calculus",
        90,
        date(2025, 1, 6),
        date(2025, 1, 6),
        "teaches *calculus* at overview | needed by [MIT] 18.01SC",
        (),
        ("mit-18.01sc",),
    ),
    (
        "mit-18.01sc",
        240,
        date(2025, 1, 7),
        date(2025, 1, 8),
        '- teaches calculus thoroughly, needed by "# Deep learning"',
        ("3b1b-calculus",),
        ("dl.course",),
    ),
    (
        "la-book",
        180,
        date(2025, 1, 9),
        date(2025, 1, 13),
        "1. teaches linear algebra <working>",
        (),
        ("dl.course",),
    ),
    (
        "dl.course",
        120,
        date(2025, 1, 14),
        date(2025, 1, 14),
        "teaches deep learning, the goal",
        ("mit-18.01sc", "la-book"),
        ("",),
    ),
)

SESSIONS: tuple[Session, ...] = (
    Session(date(2025, 1, 6), "3b1b-calculus", 90),
    Session(date(2025, 1, 7), "mit-18.01sc", 120),
    Session(date(2025, 1, 8), "mit-18.01sc", 120),
    Session(date(2025, 1, 9), "la-book", 120),
    Session(date(2025, 1, 13), "la-book", 60),
    Session(date(2025, 1, 14), "dl.course", 120),
)

PlanFactory = Callable[..., Plan]


def nasty_catalog() -> Catalog:
    return parse_catalog(CATALOG_YAML, "<nasty>")


def build_plan(
    catalog: Catalog,
    *,
    items: Sequence[tuple[str, int, date, date, str, tuple[str, ...], tuple[str, ...]]] = ITEMS,
    sessions: Sequence[Session] = SESSIONS,
    goal: str = "dl",
    start: date = START,
    exact: bool = True,
    known: tuple[TopicNeed, ...] = (),
) -> Plan:
    plan_items = tuple(
        PlanItem(
            resource=catalog.resource_by_id[rid],
            minutes=minutes,
            start=first,
            end=last,
            reason=reason,
            covers=tuple(catalog.resource_by_id[rid].teaches),
            after=after,
            needed_by=needed_by,
        )
        for rid, minutes, first, last, reason, after, needed_by in items
    )
    the_goal = catalog.goal_by_id[goal]
    return Plan(
        goal=the_goal,
        request=PlanRequest(
            goal=goal,
            schedule=ScheduleOptions(start=start, hours_per_week=8, study_days=(0, 1, 2, 3, 4)),
            known=known,
        ),
        items=plan_items,
        sessions=tuple(sessions),
        known=known,
        assumed=tuple(the_goal.assumes),
        needed=tuple(need for item in plan_items for need in item.covers),
        exact=exact,
    )


@pytest.fixture
def catalog() -> Catalog:
    return nasty_catalog()


@pytest.fixture
def plan(catalog: Catalog) -> Plan:
    return build_plan(catalog, known=(TopicNeed(topic="precalculus", depth=Depth.THOROUGH),))


@pytest.fixture
def make_plan(catalog: Catalog) -> PlanFactory:
    """Build a variant of the nasty plan: ``make_plan(sessions=..., items=...)``."""

    def factory(**changes: object) -> Plan:
        return build_plan(catalog, **changes)  # type: ignore[arg-type]

    return factory
