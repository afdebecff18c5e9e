"""mathpath: plan a path through the mathematics of machine learning.

The core is a library, usable without the CLI::

    from mathpath import build_request, explain, load_catalog, make_plan
    catalog = load_catalog()          # the bundled catalog
    plan = make_plan(catalog, build_request("deep-learning", know=["calculus"]))
    why = explain(catalog, build_request("deep-learning"), "mit-18.01sc")

The packages, each with one job (docs/design.md draws them): ``catalog`` (models, YAML,
validation, loading, the cache, queries), ``planning`` (request, knowledge, choice, order,
schedule, explain), ``learner`` (the learner's files: profile, progress, committed plans,
status), ``export`` (every file format), ``render`` (Rich views) and ``cli`` (the commands).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mathpath.catalog import load_catalog
from mathpath.errors import CatalogError, MathpathError, PlanError, UsageError, UserDataError

if TYPE_CHECKING:
    from mathpath.planning import Explanation, build_request, explain, make_plan

# The one place the version is written: pyproject.toml reads it ([tool.hatch.version]).
__version__ = "0.1.0"

_PLANNING = frozenset({"Explanation", "build_request", "explain", "make_plan"})

__all__ = [
    "CatalogError",
    "Explanation",
    "MathpathError",
    "PlanError",
    "UsageError",
    "UserDataError",
    "__version__",
    "build_request",
    "explain",
    "load_catalog",
    "make_plan",
]


def __getattr__(name: str) -> Any:
    """The planner's names, imported on first use (``mathpath --help`` never loads it)."""
    if name in _PLANNING:
        from mathpath import planning

        return getattr(planning, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
