"""Plan a path to a goal: ``make_plan(catalog, request) -> Plan``.

    from mathpath import load_catalog
    from mathpath.planner import make_plan, build_request
    catalog = load_catalog()
    plan = make_plan(catalog, build_request(goal="deep-learning"))

The work is done in ``mathpath.planning`` (knowledge, candidates, choice, order, deadline,
explain); this module is the stable import path.
"""

from __future__ import annotations

from mathpath.planning.core import check_request, make_plan

__all__ = ["check_request", "make_plan"]
