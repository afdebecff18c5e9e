"""The cache of parsed catalogs: hits are equal, every change misses, damage is never an error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import mathpath
from mathpath import cache
from mathpath.catalog import load_catalog, parse_catalog
from mathpath.errors import CatalogError

FIXTURES = Path(__file__).parent / "fixtures"


class Parses:
    """A ``parse`` for ``cache.load`` that counts how often the catalog was really parsed."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, text: str, file: str) -> mathpath.models.Catalog:
        self.count += 1
        return parse_catalog(text, file)


def test_a_hit_returns_an_equal_catalog(cache_folder: Path, catalog_file: Path) -> None:
    fresh = load_catalog(catalog_file)
    first = load_catalog(catalog_file, use_cache=True)
    parses = Parses()
    second = cache.load(catalog_file, parses)
    assert parses.count == 0
    assert first == second == fresh
    assert second.model_dump_json() == fresh.model_dump_json()
    assert second.model_dump(exclude_unset=True) == fresh.model_dump(exclude_unset=True)
    # The rebuilt models behave like validated ones: enums, lookups, methods, frozen.
    resource = second.resource_by_id["la-book"]
    assert resource.format is fresh.resource_by_id["la-book"].format
    assert resource.available_in("zh")
    assert second.topic_and_descendants("calculus") == fresh.topic_and_descendants("calculus")
    with pytest.raises(Exception, match="frozen"):
        resource.hours = 1.0


def test_the_bundled_catalog_round_trips(cache_folder: Path) -> None:
    fresh = load_catalog()
    load_catalog(use_cache=True)
    assert load_catalog(use_cache=True) == fresh
    assert cache.info().files == 1


def test_the_cache_is_a_file_in_the_configured_folder(
    cache_folder: Path, catalog_file: Path
) -> None:
    load_catalog(catalog_file, use_cache=True)
    assert [p.name for p in cache_folder.iterdir()] == [cache.cache_file(catalog_file).name]
    assert cache.cache_file(catalog_file).parent == cache_folder


def test_the_folder_follows_mathpath_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv(cache.HOME_ENV, str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "explicit"))
    assert cache.cache_dir() == tmp_path / "explicit"


def _parses_after(catalog_file: Path) -> int:
    parses = Parses()
    cache.load(catalog_file, parses)
    return parses.count


def test_changed_content_of_the_same_size_and_mtime_misses(
    cache_folder: Path, catalog_file: Path
) -> None:
    load_catalog(catalog_file, use_cache=True)
    stat = catalog_file.stat()
    text = catalog_file.read_text(encoding="utf-8")
    changed = text.replace("hours: 40", "hours: 41")
    assert len(changed) == len(text)
    catalog_file.write_text(changed, encoding="utf-8")
    os.utime(catalog_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _parses_after(catalog_file) == 1
    assert load_catalog(catalog_file, use_cache=True).resource_by_id["la-book"].hours == 41


def test_a_changed_size_misses(cache_folder: Path, catalog_file: Path) -> None:
    load_catalog(catalog_file, use_cache=True)
    with catalog_file.open("a", encoding="utf-8") as handle:
        handle.write("\n# a comment\n")
    assert _parses_after(catalog_file) == 1
    assert _parses_after(catalog_file) == 0


def test_a_changed_mtime_misses(cache_folder: Path, catalog_file: Path) -> None:
    load_catalog(catalog_file, use_cache=True)
    stat = catalog_file.stat()
    os.utime(catalog_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert _parses_after(catalog_file) == 1


def test_another_mathpath_version_misses(
    cache_folder: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalog(catalog_file, use_cache=True)
    assert _parses_after(catalog_file) == 0
    monkeypatch.setattr(mathpath, "__version__", "999.0")
    assert _parses_after(catalog_file) == 1
    assert _parses_after(catalog_file) == 0


def test_another_cache_format_or_pydantic_misses(
    cache_folder: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pydantic

    load_catalog(catalog_file, use_cache=True)
    monkeypatch.setattr(cache, "CACHE_FORMAT", cache.CACHE_FORMAT + 1)
    assert _parses_after(catalog_file) == 1
    monkeypatch.setattr(pydantic, "VERSION", "0.0.1")
    assert _parses_after(catalog_file) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),  # a flipped payload byte
        lambda data: b"garbage\n" + data,
        lambda data: data.replace(b'"size"', b'"sise"', 1),  # a foreign header
        lambda data: cache.MAGIC + b"{not json\n",
    ],
    ids=["empty", "truncated", "flipped", "garbage", "foreign", "bad-header"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    cache_folder: Path, catalog_file: Path, damage: object
) -> None:
    expected = load_catalog(catalog_file, use_cache=True)
    target = cache.cache_file(catalog_file)
    good = target.read_bytes()
    target.write_bytes(damage(good))  # type: ignore[operator]
    assert load_catalog(catalog_file, use_cache=True) == expected
    assert target.read_bytes() == good  # rebuilt
    assert _parses_after(catalog_file) == 0


def test_a_valid_digest_over_a_bad_payload_is_ignored(
    cache_folder: Path, catalog_file: Path
) -> None:
    # Even data that passes the digest but does not decode into the models is a miss.
    import hashlib
    import marshal

    expected = load_catalog(catalog_file, use_cache=True)
    target = cache.cache_file(catalog_file)
    data = target.read_bytes()
    head, _digest, _payload = data.split(b"\n", 3)[1:]
    payload = marshal.dumps([{}, ["wrong"]])
    forged = b"".join(
        [cache.MAGIC, head, b"\n", hashlib.sha256(payload).hexdigest().encode(), b"\n", payload]
    )
    target.write_bytes(forged)
    assert load_catalog(catalog_file, use_cache=True) == expected


def test_an_unwritable_cache_folder_falls_back_to_no_cache(
    tmp_path: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    assert load_catalog(catalog_file, use_cache=True) == load_catalog(catalog_file)
    assert _parses_after(catalog_file) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_a_read_only_cache_folder_falls_back_to_no_cache(
    cache_folder: Path, catalog_file: Path
) -> None:
    cache_folder.mkdir()
    cache_folder.chmod(0o500)
    try:
        assert load_catalog(catalog_file, use_cache=True) == load_catalog(catalog_file)
        assert list(cache_folder.iterdir()) == []
    finally:
        cache_folder.chmod(0o700)


def test_an_invalid_catalog_is_never_cached(cache_folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\ntopics:\n  - id: a\n    nmae: A\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError, match="unknown field 'nmae'"):
            load_catalog(path, use_cache=True)
    assert not cache_folder.exists() or list(cache_folder.iterdir()) == []


def test_a_missing_catalog_is_the_usual_error(cache_folder: Path, tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="file not found"):
        load_catalog(tmp_path / "nowhere.yaml", use_cache=True)


def test_clear_removes_the_files_and_info_counts_them(
    cache_folder: Path, catalog_file: Path
) -> None:
    load_catalog(catalog_file, use_cache=True)
    load_catalog(use_cache=True)
    found = cache.info()
    assert (found.folder, found.files) == (cache_folder, 2)
    assert found.total_bytes == sum(p.stat().st_size for p in cache_folder.iterdir())
    (cache_folder / "unrelated.txt").write_text("kept", encoding="utf-8")
    assert cache.clear() == 2
    assert [p.name for p in cache_folder.iterdir()] == ["unrelated.txt"]
    assert cache.info().files == 0


def test_old_entries_are_pruned(
    cache_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    for n in range(4):
        path = tmp_path / f"c{n}.yaml"
        shutil.copyfile(FIXTURES / "mini.yaml", path)
        load_catalog(path, use_cache=True)
    assert cache.info().files == 2


def test_an_unsupported_model_shape_is_simply_not_cached() -> None:
    from pydantic import BaseModel

    class Odd(BaseModel):
        things: dict[str, set[int]]

    with pytest.raises(cache.UnsupportedModel):
        cache._encode_catalog(Odd(things={"a": {1}}))


def test_a_catalog_that_is_not_utf8_is_the_usual_error(cache_folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("version: 1\nname: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogError, match="not valid UTF-8"):
        load_catalog(path, use_cache=True)


def test_a_warm_start_does_not_import_yaml(cache_folder: Path, catalog_file: Path) -> None:
    import subprocess
    import sys

    load_catalog(catalog_file, use_cache=True)
    code = (
        "import sys; from mathpath.catalog import load_catalog; "
        f"load_catalog({str(catalog_file)!r}, use_cache=True); "
        "print('yaml' in sys.modules, 'mathpath.yamlsource' in sys.modules)"
    )
    env = {**os.environ, cache.CACHE_ENV: str(cache_folder)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split() == ["False", "False"]


def test_a_loaded_catalog_goes_straight_to_the_oldest_gc_generation(
    cache_folder: Path, catalog_file: Path
) -> None:
    # Not left in the young generation, whose next collection would walk all of it (0.24 s at
    # 100k resources); the GC is on again, and nothing is left frozen.
    import gc

    for _ in range(2):  # a miss (parse, write the cache), then a hit
        catalog = load_catalog(catalog_file, use_cache=True)
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        assert id(catalog) in oldest
        assert all(id(r) in oldest for r in catalog.resources)


def test_loading_does_not_unfreeze_what_the_caller_froze(catalog_file: Path) -> None:
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        load_catalog(catalog_file, use_cache=True)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
