"""The planner: needed topics, choice of resources, study order, reasons (see docs/design.md).

Pure library code: no typer, no rich, no printing. ``mathpath.planner`` is the public face.
"""

from mathpath.planning.core import make_plan, solve

__all__ = ["make_plan", "solve"]
