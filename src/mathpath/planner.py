"""Plan a path to a goal: ``make_plan(catalog, request) -> Plan``.

    from mathpath import load_catalog
    from mathpath.planner import build_request, explain, make_plan
    catalog = load_catalog()
    plan = make_plan(catalog, build_request("deep-learning", know=["calculus"]))
    why = explain(catalog, build_request("deep-learning"), "mit-18.01sc")

The work is done in ``mathpath.planning`` (knowledge, candidates, choice, order, deadline,
explain, request); this module is the stable import path.
"""

from __future__ import annotations

from mathpath.planning.core import check_request, make_plan
from mathpath.planning.explain import Explanation, explain
from mathpath.planning.request import build_request

__all__ = ["Explanation", "build_request", "check_request", "explain", "make_plan"]
