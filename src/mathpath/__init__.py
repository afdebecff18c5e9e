"""mathpath: plan a path through the mathematics of machine learning.

The core is a library, usable without the CLI::

    from mathpath import load_catalog
    catalog = load_catalog()          # the bundled catalog
"""

from __future__ import annotations

from typing import Any

from mathpath.catalog import load_catalog
from mathpath.errors import CatalogError, MathpathError, PlanError, UsageError, UserDataError


def __getattr__(name: str) -> Any:
    # __version__ is looked up on first use: importlib.metadata costs ~13 ms, which every
    # command (even --help) would pay at start-up otherwise.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("mathpath")
        except PackageNotFoundError:  # pragma: no cover - a source tree without install
            value = "0.0.0"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'mathpath' has no attribute {name!r}")


__all__ = [
    "CatalogError",
    "MathpathError",
    "PlanError",
    "UsageError",
    "UserDataError",
    "__version__",
    "load_catalog",
]
