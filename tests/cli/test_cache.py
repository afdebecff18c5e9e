"""``mathpath cache info|clear`` and the global ``--no-cache``."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.output import json_body
from typer.testing import CliRunner

from mathpath.catalog import _cache as cache
from mathpath.cli import app

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_a_command_fills_the_cache_and_info_shows_it(
    runner: CliRunner, cache_folder: Path, catalog_file: Path
) -> None:
    assert runner.invoke(app, ["--catalog", str(catalog_file), "list"]).exit_code == 0
    result = runner.invoke(app, ["cache", "info", "--json"])
    assert result.exit_code == 0, result.output
    data = json_body(result.stdout, "cache")
    assert data["folder"] == str(cache_folder)
    assert data["files"] == 1
    cached = cache.cache_file(catalog_file)
    names = cached.with_name(cached.name.removesuffix(cache.SUFFIX) + ".names" + cache.KEPT_SUFFIX)
    assert data["bytes"] == cached.stat().st_size + names.stat().st_size  # names: completion
    text = runner.invoke(app, ["cache", "info"]).stdout
    assert f"folder: {cache_folder}" in text
    assert "1 cached catalog\n" in text


def test_clear_removes_the_files(runner: CliRunner, cache_folder: Path, catalog_file: Path) -> None:
    runner.invoke(app, ["--catalog", str(catalog_file), "list"])
    result = runner.invoke(app, ["cache", "clear"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"removed 2 files from {cache_folder}\n"  # the catalog, its names
    assert list(cache_folder.iterdir()) == []
    assert runner.invoke(app, ["cache", "clear"]).stdout.startswith("removed 0 files")


def test_clear_without_a_folder_is_fine(runner: CliRunner, cache_folder: Path) -> None:
    result = runner.invoke(app, ["cache", "clear"])
    assert result.exit_code == 0
    assert not cache_folder.exists()


def test_no_cache_never_reads_or_writes_it(
    runner: CliRunner,
    cache_folder: Path,
    catalog_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cache was used despite --no-cache")

    monkeypatch.setattr(cache, "load", forbidden)
    result = runner.invoke(app, ["--no-cache", "--catalog", str(catalog_file), "list"])
    assert result.exit_code == 0, result.output
    assert "calc-course" in result.stdout
    assert not cache_folder.exists()


def test_an_invalid_catalog_shows_its_errors_every_time(
    runner: CliRunner, cache_folder: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ntopics:\n  - id: a\n    nmae: A\n", encoding="utf-8")
    for _ in range(2):
        result = runner.invoke(app, ["--catalog", str(bad), "list"])
        assert result.exit_code == 3
        assert "unknown field 'nmae'" in result.stderr
    assert not cache_folder.exists() or list(cache_folder.iterdir()) == []


def test_a_corrupt_cache_is_not_an_error(
    runner: CliRunner, cache_folder: Path, catalog_file: Path
) -> None:
    runner.invoke(app, ["--catalog", str(catalog_file), "list"])
    cache.cache_file(catalog_file).write_bytes(b"\x00" * 100)
    result = runner.invoke(app, ["--catalog", str(catalog_file), "list"])
    assert result.exit_code == 0, result.output
    assert "calc-course" in result.stdout


HEAVY = ("pydantic", "yaml", "rich", "icalendar", "platformdirs", "filelock")


def _imported_after(args: list[str], env_extra: dict[str, str]) -> set[str]:
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from mathpath.cli import app\n"  # not main(), which ends the process at once
        f"sys.argv = ['mathpath', *{args!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    )
    env = {**os.environ, **env_extra}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    modules = set(result.stderr.split())
    assert "mathpath" in modules, result.stderr  # the listing itself was printed
    return modules


def test_help_imports_none_of_the_heavy_libraries() -> None:
    # Start-up time is measured by benchmarks/run.py; this only guards what --help imports.
    assert _imported_after(["--help"], {}).isdisjoint(HEAVY)


def test_a_warm_start_reads_no_yaml(cache_folder: Path, catalog_file: Path) -> None:
    env = {cache.CACHE_ENV: str(cache_folder)}
    args = ["--catalog", str(catalog_file), "goals", "--json"]
    assert "yaml" in _imported_after(args, env)  # cold: parses the file
    assert "yaml" not in _imported_after(args, env)  # warm: from the cache


def test_a_warm_plan_without_profile_or_progress_reads_no_yaml(
    cache_folder: Path, catalog_file: Path
) -> None:
    # The profile and progress modules read YAML only when there is a file to read.
    env = {cache.CACHE_ENV: str(cache_folder)}
    args = ["--catalog", str(catalog_file), "plan", "--goal", "dl", "--format", "json"]
    _imported_after(args, env)  # fills the cache
    assert "yaml" not in _imported_after(args, env)
    from mathpath.learner import paths

    paths.profile_path().parent.mkdir(parents=True, exist_ok=True)
    paths.profile_path().write_text("hours_per_week: 5\n", encoding="utf-8")
    assert "yaml" in _imported_after(args, env)  # a profile to read: now it is needed
