"""The planner: needed topics, choice of resources, study order, reasons (see docs/design.md).

    from mathpath.catalog import load_catalog
    from mathpath.planning import build_request, explain, make_plan
    catalog = load_catalog()
    plan = make_plan(catalog, build_request("deep-learning", know=["calculus"]))
    why = explain(catalog, build_request("deep-learning"), "mit-18.01sc")

Pure library code: no typer, no rich, no printing. The names below are imported on first use,
so that a command needing only the plan types (``mathpath.planning.plans``) does not load the
planner.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mathpath.planning.core import check_request, make_plan, solve
    from mathpath.planning.explain import Explanation, explain
    from mathpath.planning.request import build_request

_HOMES = {
    "make_plan": "mathpath.planning.core",
    "solve": "mathpath.planning.core",
    "check_request": "mathpath.planning.core",
    "explain": "mathpath.planning.explain",
    "Explanation": "mathpath.planning.explain",
    "build_request": "mathpath.planning.request",
}

__all__ = ["Explanation", "build_request", "check_request", "explain", "make_plan", "solve"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
