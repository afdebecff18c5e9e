"""mathpath: plan a path through the mathematics of machine learning.

The core is a library, usable without the CLI::

    from mathpath import load_catalog
    catalog = load_catalog()          # the bundled catalog
"""

from __future__ import annotations

from mathpath.catalog import load_catalog
from mathpath.errors import CatalogError, MathpathError, PlanError, UsageError, UserDataError

# The one place the version is written: pyproject.toml reads it ([tool.hatch.version]).
__version__ = "0.1.0"


__all__ = [
    "CatalogError",
    "MathpathError",
    "PlanError",
    "UsageError",
    "UserDataError",
    "__version__",
    "load_catalog",
]
