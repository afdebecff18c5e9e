"""The planner's per-catalog tables: teachers by position, requirements, the cheapest teachers.

These tables replaced per-topic scans of the catalog for speed; the tests pin the semantics they
must keep (order, deepest rank, duplicates, broad topics, ties).
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from tests.support.build import resource

from mathpath.catalog.models import Catalog
from mathpath.planning import make_plan
from mathpath.planning.knowledge import StoredTables, TopicIndex
from mathpath.planning.request import build_request


def catalog(resources: list[dict[str, Any]]) -> Catalog:
    """calculus (broad) has children calc-1 and calc-2; linear-algebra; ml needs both."""
    topics = [
        {"id": "calculus", "name": "Calculus"},
        {"id": "calc-1", "name": "Calculus 1", "parent": "calculus"},
        {"id": "calc-2", "name": "Calculus 2", "parent": "calculus", "requires": ["calc-1"]},
        {"id": "linear-algebra", "name": "Linear algebra"},
        {"id": "ml", "name": "ML", "requires": ["calc-1", "linear-algebra"]},
    ]
    goals = [{"id": "ml-goal", "name": "ML", "description": "d", "targets": ["ml@working"]}]
    return Catalog.model_validate({"topics": topics, "resources": resources, "goals": goals})


def test_teachers_come_own_first_then_broader_once_each_at_the_deepest_rank() -> None:
    cat = catalog(
        [
            resource("r0", ["calc-1@overview"]),
            resource("r1", ["calculus@working"]),  # a broad topic: teaches calc-1 and calc-2
            resource("r2", ["calc-1@working", "calc-1@thorough"]),  # named twice: the deeper
            resource("r3", ["calc-2@thorough"]),
            resource("r4", ["calc-1@overview", "calculus@thorough"]),  # deeper through calculus
        ]
    )
    index = TopicIndex(cat)
    assert index.teachers("calc-1") == ([0, 2, 4, 1], [1, 3, 3, 2])
    assert index.teachers("calc-2") == ([3, 1, 4], [3, 2, 3])
    assert index.teachers("linear-algebra") == ([], [])


def test_requirements_match_the_seeds_and_direct_reqs_and_share_one_tuple_per_req() -> None:
    cat = catalog(
        [
            resource("a", ["ml@working"], requires=["calc-1", "linear-algebra", "calc-1"]),
            resource("b", ["ml@overview"], requires=["calculus@working"]),  # broad requirement
            resource("c", ["calc-2"], requires=["calc-1"]),
        ]
    )
    index = TopicIndex(cat)
    for position, res in enumerate(cat.resources):
        seeds, direct = index.requirements(position)
        assert seeds == index.seeds_of(res)
        assert direct == index.direct_reqs(res)
    assert index.requirements(0)[0] == (("calc-1", 1), ("linear-algebra", 1))
    assert index.requirements(0)[0][0] is index.requirements(2)[0][0]


@pytest.mark.parametrize("include", [[], ["la-b"]])
def test_large_catalogs_admit_the_first_of_equally_cheap_teachers_and_any_included(
    monkeypatch: pytest.MonkeyPatch, include: list[str]
) -> None:
    from mathpath.planning import core

    monkeypatch.setattr(core, "LARGE_CATALOG", 0)
    monkeypatch.setattr(core, "TEACHERS_PER_NEED", 1)
    cat = catalog(
        [
            resource("calc", ["calc-1@working"], hours=3),
            resource("la-a", ["linear-algebra@working"], hours=5),
            resource("la-b", ["linear-algebra@working"], hours=5),  # ties with la-a
            resource("la-c", ["linear-algebra@working"], hours=9),
            resource("ml", ["ml@working"], hours=20, requires=["calc-1", "linear-algebra"]),
        ]
    )
    p = make_plan(cat, build_request("ml-goal", start=date(2026, 3, 2), include=include))
    expected = "la-b" if include else "la-a"
    assert [item.id for item in p.items] == ["calc", expected, "ml"]
    assert not p.exact


def test_stored_tables_are_adopted_whole_and_tables_that_do_not_fit_are_refused() -> None:
    cat = catalog(
        [
            resource("r0", ["calc-1@overview"]),
            resource("r1", ["calculus@working"]),
            resource("r2", ["linear-algebra"], requires=["calc-1"]),
        ]
    )
    fresh = TopicIndex(cat)
    tables = fresh.stored_tables()
    stored = TopicIndex(cat)
    assert stored.adopt(copy.deepcopy(tables))  # as they come back from beside the cache
    assert stored.stored_tables() == tables
    assert stored.columns() == fresh.columns()
    for topic in ("calc-1", "calc-2", "linear-algebra", "ml"):
        assert stored.teachers(topic) == fresh.teachers(topic)
    study, minutes, counts, taught = tables
    topic = next(iter(taught))
    positions, ranks = taught[topic]
    wrong: list[StoredTables] = [
        (study[:-1], minutes, counts, taught),  # of another catalog
        (study, [0, *minutes[1:]], counts, taught),  # no time at all
        (study, minutes, [0, *counts[1:]], taught),  # teaching nothing
        (study, minutes, counts, {**taught, topic: ([len(study)], [1])}),  # no such resource
        (study, minutes, counts, {**taught, topic: ([-1], [1])}),
        (study, minutes, counts, {**taught, topic: (positions, [4] * len(ranks))}),  # no depth
        (study, minutes, counts, {**taught, topic: (positions, ranks[:-1])}),
        (study, minutes, counts, {**taught, topic: ([], [])}),
    ]
    for tables_that_do_not_fit in wrong:
        index = TopicIndex(cat)
        assert not index.adopt(tables_that_do_not_fit)
        assert index._columns is None
        assert index._taught is None
        assert index.teachers(topic) == fresh.teachers(topic)  # derived instead
