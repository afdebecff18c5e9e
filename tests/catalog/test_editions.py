"""A resource's live editions in the catalog: read from YAML (dates quoted or not), checked,
and kept whole by the catalog cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mathpath.catalog.load import load_catalog, parse_catalog
from mathpath.errors import CatalogError

CATALOG = """
version: 1
topics:
  - {id: t, name: T}
resources:
  - id: r
    title: R
    provider: P
    url: https://example.org/r
    format: course
    hours: 6
    level: intro
    free: true
    teaches: [t]
    editions:
      - {name: "2026", start: 2026-01-05, end: 2026-01-16, url: "https://example.org/r/2026"}
      - {start: "2027-01-04", end: "2027-01-15"}
"""


def test_editions_are_read_with_their_dates_as_text() -> None:
    catalog = parse_catalog(CATALOG, "catalog.yaml")
    first, second = catalog.resource_by_id["r"].editions
    assert (first.start, first.end, first.label) == ("2026-01-05", "2026-01-16", "2026")
    assert second.label == "2027-01-04 to 2027-01-15"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("end: 2026-01-16", 'end: "2026-02-30"'), "not a date"),
        (('start: "2027-01-04"', 'start: "2026-01-10"'), "before the one before it ends"),
    ],
)
def test_bad_editions_are_catalog_problems(change: tuple[str, str], message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        parse_catalog(CATALOG.replace(*change), "catalog.yaml")


def test_the_cache_keeps_editions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_catalog: Any
) -> None:
    monkeypatch.setenv("MATHPATH_CACHE_DIR", str(tmp_path / "cache"))
    path = write_catalog(tmp_path, CATALOG)
    first = load_catalog(path)
    again = load_catalog(path)  # from the cache where one was written
    assert again.resource_by_id["r"].editions == first.resource_by_id["r"].editions
