"""The bundled catalog's goals and one way to plan them, for the tests that read
``data/resources.yaml`` (tests/catalog/test_bundled_catalog.py and the plan tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

from mathpath.catalog.models import Catalog
from mathpath.planning import make_plan
from mathpath.planning.plans import Plan
from mathpath.planning.request import build_request

START = date(2026, 1, 5)

GOAL_IDS = [
    "deep-learning",
    "deep-learning-specialization",
    "ml-math",
    "mit-calculus",
    "calculus",
    "linear-algebra",
    "statistical-learning",
]


def plan(catalog: Catalog, goal: str, **kw: Any) -> Plan:
    return make_plan(catalog, build_request(goal, start=START, **kw))


def ids(p: Plan) -> list[str]:
    """The plan's resource ids, in study order."""
    return [item.id for item in p.items]
