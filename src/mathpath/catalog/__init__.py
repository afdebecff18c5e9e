"""The catalog: its models, reading and validating YAML, loading (with the cache), queries.

from mathpath.catalog import load_catalog
catalog = load_catalog()          # the bundled catalog; load_catalog("mine.yaml") for yours
"""

from mathpath.catalog.load import (
    CATALOG_ENV,
    bundled_catalog_path,
    load_catalog,
    parse_catalog,
    resolve_catalog_path,
)

__all__ = [
    "CATALOG_ENV",
    "bundled_catalog_path",
    "load_catalog",
    "parse_catalog",
    "resolve_catalog_path",
]
