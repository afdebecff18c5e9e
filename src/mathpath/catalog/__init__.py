"""The catalog: its models, reading and validating YAML, loading (with the cache), queries.

from mathpath.catalog import load_catalog
catalog = load_catalog()          # the bundled catalog; load_catalog("mine.yaml") for yours
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mathpath.catalog.load import (
    CATALOG_ENV,
    bundled_catalog_path,
    load_catalog,
    parse_catalog,
    resolve_catalog_path,
)

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog


def keep_beside(catalog: Catalog, name: str, make: Callable[[], object]) -> None:
    """Keep ``make()`` (plain data) beside the cache file of ``catalog``, if it came from the
    cache, so that ``kept_beside`` gives it back to a later process that reads the same cached
    catalog. What it is is the caller's business (the planner keeps its tables)."""
    from mathpath.catalog import _cache

    _cache.keep(catalog, name, make)


def kept_beside(catalog: Catalog, name: str, kind: Any) -> Any:
    """What ``keep_beside`` kept for this very cache file, checked to be a ``kind``; else None."""
    from mathpath.catalog import _cache

    return _cache.kept(catalog, name, kind)


__all__ = [
    "CATALOG_ENV",
    "bundled_catalog_path",
    "keep_beside",
    "kept_beside",
    "load_catalog",
    "parse_catalog",
    "resolve_catalog_path",
]
