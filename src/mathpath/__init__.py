"""mathpath: plan a path through the mathematics of machine learning.

The core is a library, usable without the CLI::

    from mathpath import load_catalog
    catalog = load_catalog()          # the bundled catalog
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from mathpath.catalog import load_catalog
from mathpath.errors import CatalogError, MathpathError, PlanError, UsageError, UserDataError

try:
    __version__ = version("mathpath")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "CatalogError",
    "MathpathError",
    "PlanError",
    "UsageError",
    "UserDataError",
    "__version__",
    "load_catalog",
]
