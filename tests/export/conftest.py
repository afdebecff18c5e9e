"""Hand-built catalogs and plans for the exporter tests (no planner needed).

The titles are chosen to break naive exporters: markdown link brackets, pipes, emphasis and
backticks, a leading ``#``, HTML brackets, gantt's ``: # ;``, quotes, Chinese text, and ids with
dots (``mit-18.01sc``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

import pytest

from mathpath.catalog.load import parse_catalog
from mathpath.catalog.models import Catalog, Depth, TopicNeed
from mathpath.planning.plans import Plan, PlanItem, PlanRequest, ScheduleOptions, Session

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

# A resource with parts, in a catalog of its own so that the goal graph of the nasty catalog
# stays as it is: one part with a page of its own, one without, a Chinese title for the first.
STRANG_YAML = r"""
  - id: strang
    title: "Calculus | Strang"
    titles: {zh: 微积分}
    provider: MIT
    url: https://example.org/strang
    format: textbook
    hours: 10
    level: intermediate
    free: true
    teaches: [single-variable-calculus@thorough, linear-algebra@overview]
    parts:
      - id: ch1-10
        title: "Chapters 1-10: *single* variable"
        titles: {zh: 第1-10章}
        hours: 6
        teaches: [single-variable-calculus@thorough]
      - id: ch11-16
        title: "Chapters 11-16; [multi] #variable"
        hours: 3
        url: https://example.org/strang/ch11(16)
        teaches: [linear-algebra@overview]
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

# A plan with parts: the whole 3Blue1Brown series, then two parts of Strang's book (the second
# with a page of its own), each sitting naming its part.
PART_ITEMS: tuple[tuple[str, int, date, date, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("3b1b-calculus", 90, date(2025, 1, 6), date(2025, 1, 6), "teaches calculus", (), ("strang",)),
    ("strang", 240, date(2025, 1, 7), date(2025, 1, 9), "teaches both", ("3b1b-calculus",), ("",)),
)
PART_SESSIONS: tuple[Session, ...] = (
    Session(date(2025, 1, 6), "3b1b-calculus", 90),
    Session(date(2025, 1, 7), "strang", 120, "ch1-10"),
    Session(date(2025, 1, 8), "strang", 30, "ch1-10"),
    Session(date(2025, 1, 8), "strang", 60, "ch11-16"),
    Session(date(2025, 1, 9), "strang", 30, None),
)
STRANG_PARTS = {"strang": ("ch1-10", "ch11-16")}

PlanFactory = Callable[..., Plan]


def nasty_catalog(*, with_parts: bool = False) -> Catalog:
    """The nasty catalog; ``with_parts`` adds the ``strang`` resource with its parts."""
    if not with_parts:
        return parse_catalog(CATALOG_YAML, "<nasty>")
    head, goals = CATALOG_YAML.split("goals:\n")
    return parse_catalog(f"{head}{STRANG_YAML.lstrip(chr(10))}goals:\n{goals}", "<nasty+parts>")


def build_plan(
    catalog: Catalog,
    *,
    items: Sequence[tuple[str, int, date, date, str, tuple[str, ...], tuple[str, ...]]] = ITEMS,
    sessions: Sequence[Session] = SESSIONS,
    goal: str = "dl",
    start: date = START,
    exact: bool = True,
    known: tuple[TopicNeed, ...] = (),
    parts: Mapping[str, Sequence[str]] | None = None,
) -> Plan:
    """``parts`` plans only those parts of a resource (``{"strang": ["ch11-16"]}``); an item's
    ``teaches`` is what its parts teach, or what the whole does."""
    chosen = parts or {}

    def item(
        rid: str, minutes: int, first: date, last: date, reason: str, after: tuple[str, ...],
        needed_by: tuple[str, ...],
    ) -> PlanItem:  # fmt: skip
        resource = catalog.resource_by_id[rid]
        planned = tuple(resource.part_by_id[p] for p in chosen.get(rid, ()))
        teaches = [n for p in planned for n in (p.teaches or resource.teaches)] or resource.teaches
        return PlanItem(
            resource=resource,
            minutes=minutes,
            start=first,
            end=last,
            reason=reason,
            covers=tuple(resource.teaches),
            after=after,
            needed_by=needed_by,
            parts=planned,
            teaches=tuple(teaches),
        )

    plan_items = tuple(item(*row) for row in items)
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
def part_catalog() -> Catalog:
    return nasty_catalog(with_parts=True)


@pytest.fixture
def part_plan(part_catalog: Catalog) -> Plan:
    return build_plan(part_catalog, items=PART_ITEMS, sessions=PART_SESSIONS, parts=STRANG_PARTS)


@pytest.fixture
def make_plan(catalog: Catalog) -> PlanFactory:
    """Build a variant of the nasty plan: ``make_plan(sessions=..., items=...)``."""

    def factory(**changes: object) -> Plan:
        return build_plan(catalog, **changes)  # type: ignore[arg-type]

    return factory
