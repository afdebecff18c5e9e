"""Shared fixtures: catalogs on disk and a CLI runner. Keep this small and generic."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from mathpath import i18n

# CI runs the property tests on Hypothesis's fixed sequence of examples, so that a submission's
# verdict does not depend on luck; locally every run searches afresh (and keeps what it found).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

FIXTURES = Path(__file__).parent / "fixtures"

WriteCatalog = Callable[..., Path]


def _write_catalog(tmp_path: Path, text: str | bytes, name: str = "catalog.yaml") -> Path:
    """Write a catalog into ``tmp_path`` and return its path.

    ``text`` is dedented and a leading newline dropped, so the first line of an indented
    triple-quoted string is line 1 of the file. Bytes are written exactly as given.
    """
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def write_catalog() -> WriteCatalog:
    """``write_catalog(tmp_path, text, name="catalog.yaml") -> Path``."""
    return _write_catalog


@pytest.fixture
def mini_catalog_path() -> Path:
    """A small valid catalog: five topics (calculus has a child), four resources, one goal."""
    return FIXTURES / "mini.yaml"


@pytest.fixture
def runner() -> CliRunner:
    """A CLI runner with a wide, colourless terminal so that tables do not wrap."""
    return CliRunner(env={"NO_COLOR": "1", "MATHPATH_WIDTH": "200", "MATHPATH_CATALOG": None})


@pytest.fixture(autouse=True)
def _isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    # A developer's own $MATHPATH_CATALOG must not change what the tests load, and no test may
    # read or write the real profile, progress records or catalog cache: each test gets its own
    # MATHPATH_HOME (tests that need a particular one set it again themselves).
    monkeypatch.delenv("MATHPATH_CATALOG", raising=False)
    monkeypatch.delenv("MATHPATH_CACHE_DIR", raising=False)
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path_factory.mktemp("home")))
    # The interface speaks English unless a test asks for another language (a developer's
    # own LANG=zh_CN.UTF-8 must not change what the tests read); each test starts in English.
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty catalog-cache folder for this test ($MATHPATH_CACHE_DIR)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("MATHPATH_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    """A copy of the mini catalog that a test may edit, touch or replace."""
    path = tmp_path / "catalog.yaml"
    shutil.copyfile(FIXTURES / "mini.yaml", path)
    return path
