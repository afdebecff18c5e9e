"""The cache of parsed catalogs, by what it promises: a hit is the catalog the file parses to, a
warm load parses no YAML, nothing stale is ever served, and nothing found at the cache path
(damaged, forged, huge, a FIFO, a device) is ever an error or trusted."""

from __future__ import annotations

import enum
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict
from tests.support.benchmark import load_benchmark
from tests.support.gen import catalogs

import mathpath
from mathpath.catalog import _cache as cache
from mathpath.catalog import yamlsource
from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog
from mathpath.errors import CatalogError
from mathpath.planning.core import KEPT_TABLES

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose YAML was parsed during the test, in order."""
    seen: list[str] = []
    real = yamlsource.parse_yaml

    def counting(text: str, file: str, **options: Any) -> Any:
        seen.append(file)
        return real(text, file, **options)

    monkeypatch.setattr(yamlsource, "parse_yaml", counting)
    return seen


def _same(loaded: Catalog, parsed: Catalog) -> None:
    """Equal, and equal in what equality does not look at (the fields set explicitly, types)."""
    assert loaded == parsed
    assert loaded.model_dump_json() == parsed.model_dump_json()
    assert loaded.model_dump(exclude_unset=True) == parsed.model_dump(exclude_unset=True)


def test_a_warm_load_parses_no_yaml_and_gives_the_same_catalog(
    cache_folder: Path, catalog_file: Path, parses: list[str]
) -> None:
    parsed = load_catalog(catalog_file)
    assert parses == [str(catalog_file)]
    _same(load_catalog(catalog_file, use_cache=True), parsed)  # a miss: parsed and cached
    assert len(parses) == 2
    hit = load_catalog(catalog_file, use_cache=True)
    assert len(parses) == 2  # a hit
    _same(hit, parsed)
    # The rebuilt models behave like validated ones: enums, lookups, methods, frozen.
    resource = hit.resource_by_id["la-book"]
    assert resource.format is parsed.resource_by_id["la-book"].format
    assert resource.available_in("zh")
    assert hit.topic_and_descendants("calculus") == parsed.topic_and_descendants("calculus")
    with pytest.raises(Exception, match="frozen"):
        resource.hours = 1.0  # type: ignore[misc]  # that it cannot be set is the point


def test_the_bundled_catalog_round_trips(cache_folder: Path, parses: list[str]) -> None:
    parsed = load_catalog()
    load_catalog(use_cache=True)
    _same(load_catalog(use_cache=True), parsed)
    assert len(parses) == 2
    assert cache.info().files == 1


@pytest.fixture(scope="module")
def generated_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog of the benchmarks' generator: 1,500 resources, 150 topics, 3 goals."""
    module = load_benchmark("generate")
    path: Path = tmp_path_factory.mktemp("generated") / "catalog.yaml"
    module.write(path, 1500, seed=5)
    return path


@pytest.mark.parametrize("chunk", [None, 7])
def test_a_generated_catalog_round_trips_in_frames_of_any_size(
    cache_folder: Path,
    generated_catalog: Path,
    monkeypatch: pytest.MonkeyPatch,
    parses: list[str],
    chunk: int | None,
) -> None:
    if chunk is not None:
        monkeypatch.setattr(cache, "CHUNK_ENTRIES", chunk)
    parsed = load_catalog(generated_catalog)
    _same(load_catalog(generated_catalog, use_cache=True), parsed)  # a miss
    _same(load_catalog(generated_catalog, use_cache=True), parsed)  # a hit
    assert len(parses) == 2


def test_the_cache_lives_in_the_configured_folder(
    tmp_path: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv(cache.HOME_ENV, str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "explicit"))
    load_catalog(catalog_file, use_cache=True)
    cached = cache.cache_file(catalog_file).name
    names = cached.removesuffix(cache.SUFFIX) + ".names" + cache.KEPT_SUFFIX  # for completion
    assert sorted(p.name for p in (tmp_path / "explicit").iterdir()) == [cached, names]


# --- never stale --------------------------------------------------------------------------------


def _warm(catalog_file: Path) -> Catalog:
    load_catalog(catalog_file, use_cache=True)
    return load_catalog(catalog_file, use_cache=True)


def test_changed_content_of_the_same_size_and_mtime_is_not_served(
    cache_folder: Path, catalog_file: Path, parses: list[str]
) -> None:
    _warm(catalog_file)
    stat = catalog_file.stat()
    text = catalog_file.read_text(encoding="utf-8")
    changed = text.replace("hours: 40", "hours: 41")
    assert len(changed) == len(text)
    catalog_file.write_text(changed, encoding="utf-8")
    os.utime(catalog_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    before = len(parses)
    assert load_catalog(catalog_file, use_cache=True).resource_by_id["la-book"].hours == 41
    assert len(parses) == before + 1


def test_a_changed_size_or_mtime_is_a_miss(
    cache_folder: Path, catalog_file: Path, parses: list[str]
) -> None:
    _warm(catalog_file)
    with catalog_file.open("a", encoding="utf-8") as handle:
        handle.write("\n# a comment\n")
    _warm(catalog_file)
    stat = catalog_file.stat()
    os.utime(catalog_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    _warm(catalog_file)
    assert len(parses) == 3  # once per version of the file


def test_another_mathpath_version_or_cache_format_is_a_miss(
    cache_folder: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    _warm(catalog_file)
    monkeypatch.setattr(mathpath, "__version__", "999.0")
    _warm(catalog_file)
    monkeypatch.setattr(cache, "CACHE_FORMAT", cache.CACHE_FORMAT + 1)
    _warm(catalog_file)
    assert len(parses) == 3


# --- never an error, never trusted --------------------------------------------------------------


def _rebuilt_and_right(catalog_file: Path, parses: list[str]) -> None:
    """The damaged cache was ignored (the YAML parsed), the result is right, the cache rebuilt."""
    expected = load_catalog(catalog_file)
    before = len(parses)
    _same(load_catalog(catalog_file, use_cache=True), expected)
    assert len(parses) == before + 1  # a miss
    target = cache.cache_file(catalog_file)
    assert target.is_file()
    assert not target.is_symlink()
    _same(load_catalog(catalog_file, use_cache=True), expected)
    assert len(parses) == before + 1  # rebuilt: a hit again


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),  # a flipped byte of the digest
        lambda data: data[:200] + bytes([data[200] ^ 0x01]) + data[201:],  # of the frames
        lambda data: b"garbage\n" + data,
        lambda data: data.replace(b'"size"', b'"sise"', 1),  # a foreign header
        lambda data: cache.MAGIC + b"{not json\n",
        lambda data: cache.MAGIC,
    ],
    ids=["empty", "truncated", "digest", "frames", "garbage", "foreign", "bad-header", "magic"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    cache_folder: Path, catalog_file: Path, parses: list[str], damage: Callable[[bytes], bytes]
) -> None:
    _warm(catalog_file)
    target = cache.cache_file(catalog_file)
    target.write_bytes(damage(target.read_bytes()))
    _rebuilt_and_right(catalog_file, parses)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_at_the_cache_path_does_not_hang_the_command(
    cache_folder: Path, catalog_file: Path
) -> None:
    # In a child process, so that a hang fails the test by its timeout instead of hanging it.
    env = {**os.environ, cache.CACHE_ENV: str(cache_folder)}
    command = [sys.executable, "-m", "mathpath", "--catalog", str(catalog_file), "list", "--json"]
    expected = subprocess.run(command, env=env, capture_output=True, timeout=60, check=True)
    target = cache.cache_file(catalog_file)
    target.unlink()
    os.mkfifo(target)
    result = subprocess.run(command, env=env, capture_output=True, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == expected.stdout
    assert target.is_file()  # the FIFO was replaced by a cache


def test_a_huge_sparse_file_at_the_cache_path_is_not_read(
    cache_folder: Path, catalog_file: Path, parses: list[str]
) -> None:
    _warm(catalog_file)
    target = cache.cache_file(catalog_file)
    with target.open("r+b") as handle:
        handle.truncate(5 * 1024**3)  # 5 GB, all but the start a hole: reading it would fail
    _rebuilt_and_right(catalog_file, parses)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_symlink_to_a_device_at_the_cache_path_is_not_read(
    cache_folder: Path, catalog_file: Path, parses: list[str]
) -> None:
    _warm(catalog_file)
    target = cache.cache_file(catalog_file)
    target.unlink()
    target.symlink_to("/dev/zero")
    _rebuilt_and_right(catalog_file, parses)


def test_a_folder_at_the_cache_path_means_no_cache_and_no_error(
    cache_folder: Path, catalog_file: Path, parses: list[str]
) -> None:
    target = cache.cache_file(catalog_file)
    target.mkdir(parents=True)
    expected = load_catalog(catalog_file)
    for _ in range(2):
        _same(load_catalog(catalog_file, use_cache=True), expected)
    assert len(parses) == 3
    assert target.is_dir()


# Forgeries: files with the right key and a digest recomputed over frames that hold values the
# validator refuses. Each edits the first resource's column of one field.
def _forge(target: Path, field: str, value: object) -> None:
    data = target.read_bytes()
    header_end = data.index(b"\n", len(cache.MAGIC)) + 1
    frames, position, end = [], header_end, len(data) - 32
    while position < end:
        length = int.from_bytes(data[position : position + 8], "little")
        frames.append(data[position + 8 : position + 8 + length])
        position += 8 + length
    from mathpath.catalog.models import Resource

    column = list(Resource.model_fields).index(field)
    forged, edited = [], False
    for frame in frames:
        number, fields_sets, pools, columns = msgspec.msgpack.decode(frame)
        if number == 1 and not edited:  # the first frame of resources
            edited = True
            if callable(value):
                columns[column] = value(columns[column])
            else:
                columns[column][0] = value
        forged.append(msgspec.msgpack.encode((number, fields_sets, pools, columns)))
    body = data[:header_end] + b"".join(len(f).to_bytes(8, "little") + f for f in forged)
    target.write_bytes(body + hashlib.sha256(body).digest())


FORGERIES: dict[str, tuple[str, object]] = {
    "bytes-as-title": ("title", b"not text"),
    "ext-as-title": ("title", msgspec.msgpack.Ext(1, b"code")),
    "escape-in-title": ("title", "\x1b[31mred"),
    "empty-title": ("title", ""),
    "text-as-hours": ("hours", "x"),
    "huge-integer-as-hours": ("hours", 2**63),
    "negative-hours": ("hours", -1.0),
    "no-time-at-all": ("hours", 1e-300),
    "bool-as-free": ("free", "yes"),
    "a-bad-id": ("id", "Not An Id"),
    "no-such-format": ("format", 99),
    "a-negative-index": ("format", -1),
    "a-list-as-url": ("url", ["https://example.org"]),
    "no-teaches": ("teaches", lambda encoded: [[0, *encoded[0][1:]], encoded[1][1:]]),
    "a-shorter-column": ("title", lambda column: column[:-1]),
}


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_value_is_never_served(
    cache_folder: Path,
    catalog_file: Path,
    parses: list[str],
    forgery: tuple[str, object],
) -> None:
    _warm(catalog_file)
    _forge(cache.cache_file(catalog_file), *forgery)
    _rebuilt_and_right(catalog_file, parses)


def test_the_forger_works(cache_folder: Path, catalog_file: Path, parses: list[str]) -> None:
    # The control for the forgeries above: an acceptable value is served as it was forged.
    _warm(catalog_file)
    _forge(cache.cache_file(catalog_file), "title", "Forged, but a valid title")
    assert load_catalog(catalog_file, use_cache=True).resources[0].title == (
        "Forged, but a valid title"
    )
    assert len(parses) == 1


def test_a_forged_cache_is_no_error_for_the_command(
    cache_folder: Path, catalog_file: Path, runner: Any
) -> None:
    from mathpath.cli import app

    args = ["--catalog", str(catalog_file), "list"]
    expected = runner.invoke(app, args)
    for field, value in [("title", msgspec.msgpack.Ext(1, b"code")), ("hours", "x")]:
        _forge(cache.cache_file(catalog_file), field, value)
        result = runner.invoke(app, args)
        assert (result.exit_code, result.stdout) == (0, expected.stdout)


def test_an_unwritable_cache_folder_falls_back_to_no_cache(
    tmp_path: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    assert _warm(catalog_file) == load_catalog(catalog_file)
    assert len(parses) == 3


def test_an_invalid_catalog_is_never_cached(cache_folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\ntopics:\n  - id: a\n    nmae: A\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError, match="unknown field 'nmae'"):
            load_catalog(path, use_cache=True)
    assert not cache_folder.exists() or list(cache_folder.iterdir()) == []


def test_a_missing_or_non_utf8_catalog_is_the_usual_error(
    cache_folder: Path, tmp_path: Path
) -> None:
    with pytest.raises(CatalogError, match="file not found"):
        load_catalog(tmp_path / "nowhere.yaml", use_cache=True)
    path = tmp_path / "latin1.yaml"
    path.write_bytes("version: 1\nname: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogError, match="not valid UTF-8"):
        load_catalog(path, use_cache=True)


def test_the_cache_reads_no_catalog_the_yaml_reader_would_refuse() -> None:
    assert cache.MAX_CATALOG_BYTES == yamlsource.MAX_FILE_BYTES


# --- clear, info, pruning ---------------------------------------------------------------------


def test_clear_removes_every_file_of_the_cache_and_info_counts_them(
    cache_folder: Path, catalog_file: Path, generated_catalog: Path
) -> None:
    from datetime import date

    from mathpath.planning import make_plan
    from mathpath.planning.plans import PlanRequest, ScheduleOptions

    load_catalog(catalog_file, use_cache=True)
    hit = _warm(generated_catalog)
    make_plan(hit, PlanRequest(goal=hit.goals[0].id, schedule=ScheduleOptions(start=date.today())))
    (cache_folder / f".{cache.cache_file(catalog_file).name}.x1.tmp").write_bytes(b"cut short")
    (cache_folder / "unrelated.txt").write_text("kept", encoding="utf-8")
    found = cache.info()
    assert (found.folder, found.files) == (cache_folder, 2)
    ours = [p for p in cache_folder.iterdir() if p.suffix in (cache.SUFFIX, cache.KEPT_SUFFIX)]
    assert len(ours) == 5  # two catalogs, their names (for completion), the tables of one
    assert found.total_bytes == sum(p.stat().st_size for p in ours)
    assert cache.clear() == 6
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


# --- what the planner keeps beside a cached catalog ---------------------------------------------


def _plans(catalog: Catalog) -> list[str]:
    from datetime import date

    from mathpath.export.plan_json import plan_to_json
    from mathpath.planning import make_plan
    from mathpath.planning.plans import PlanRequest, ScheduleOptions

    start = ScheduleOptions(start=date(2026, 11, 23))
    return [
        plan_to_json(make_plan(catalog, PlanRequest(goal=g.id, schedule=start)))
        for g in catalog.goals
    ]


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How often the planner derived its table of who teaches each topic."""
    from mathpath.planning import knowledge

    count: list[int] = []
    real = knowledge._taught_table

    def counting(*args: Any) -> Any:
        count.append(1)
        return real(*args)

    monkeypatch.setattr(knowledge, "_taught_table", counting)
    return count


def test_a_warm_plan_uses_the_tables_an_earlier_run_kept(
    cache_folder: Path, generated_catalog: Path, derivations: list[int]
) -> None:
    expected = _plans(load_catalog(generated_catalog))
    assert len(derivations) == 1
    assert _plans(load_catalog(generated_catalog, use_cache=True)) == expected  # derives, keeps
    assert len(derivations) == 2
    assert _plans(load_catalog(generated_catalog, use_cache=True)) == expected  # a warm run
    assert len(derivations) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),
        lambda data: b"",
        lambda data: _kept_file_of(data, msgspec.msgpack.encode((["x"], [1], [1], {}))),
        lambda data: _kept_file_of(data, msgspec.msgpack.encode(([True], [1], [1], {}))),
    ],
    ids=["damaged", "empty", "wrong-types", "another-catalog"],
)
def test_kept_tables_that_are_damaged_or_do_not_fit_are_derived_again(
    cache_folder: Path,
    generated_catalog: Path,
    derivations: list[int],
    damage: Callable[[bytes], bytes],
) -> None:
    expected = _plans(load_catalog(generated_catalog))
    _plans(load_catalog(generated_catalog, use_cache=True))
    (kept,) = cache_folder.glob(f"*.{KEPT_TABLES}{cache.KEPT_SUFFIX}")
    kept.write_bytes(damage(kept.read_bytes()))
    assert _plans(load_catalog(generated_catalog, use_cache=True)) == expected
    assert len(derivations) == 3


def _kept_file_of(data: bytes, frame: bytes) -> bytes:
    header_end = data.index(b"\n", len(cache.MAGIC)) + 1
    body = data[:header_end] + len(frame).to_bytes(8, "little") + frame
    return body + hashlib.sha256(body).digest()


def test_kept_tables_go_stale_with_their_cache_file(
    cache_folder: Path, generated_catalog: Path, derivations: list[int]
) -> None:
    _plans(load_catalog(generated_catalog, use_cache=True))
    os.utime(generated_catalog)  # the cache file is rebuilt under a new key
    _plans(load_catalog(generated_catalog, use_cache=True))
    assert len(derivations) == 2
    assert len(list(cache_folder.glob(f"*.{KEPT_TABLES}{cache.KEPT_SUFFIX}"))) == 1


# --- the codec on any model shape ---------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(max_topics=8, max_resources=9), chunk=st.integers(1, 4))
def test_random_catalogs_round_trip(catalog: Catalog, chunk: int) -> None:
    decoded = cache._decode_catalog(cache._encode_catalog(catalog, chunk), type(catalog))
    assert decoded == catalog
    assert decoded.model_dump(exclude_unset=True) == catalog.model_dump(exclude_unset=True)


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


class Leaf(BaseModel):
    """Pooled: frozen, scalar fields only."""

    model_config = ConfigDict(frozen=True)
    x: float
    flag: bool | int = False
    colour: Colour | None = None
    tag: Literal["a", "b"] = "a"


class Inner(BaseModel):
    """Not frozen: each instance has its own fields set."""

    name: str
    leaves: list[Leaf] = []
    colours: list[Colour] = []
    nested: list[list[Leaf]] = []
    lookup: dict[str, list[int]] = {}
    best: Leaf | None = None


class Root(BaseModel):
    model_config = ConfigDict(frozen=True)
    items: list[Inner] = []
    others: list[Inner] = []
    only: Inner
    maybe: Inner | None = None
    colour: Colour = Colour.RED
    leaf: Leaf | None = None


def test_every_field_shape_the_codec_knows_round_trips_exactly() -> None:
    import math

    zero, minus_zero = Leaf(x=0.0), Leaf(x=-0.0)
    one, true = Leaf(x=1.0, flag=1), Leaf(x=1.0, flag=True)
    root = Root(
        items=[
            Inner(name="a", leaves=[zero, minus_zero, one, true], colours=[Colour.BLUE]),
            Inner(name="b", nested=[[], [one], [true, zero]], lookup={"k": [1, 2]}, best=one),
            Inner(name="c", best=None),
        ],
        only=Inner(name="only", leaves=[Leaf(x=2.5, colour=Colour.BLUE, tag="b")]),
        maybe=Inner(name="maybe"),
        leaf=minus_zero,
    )
    for chunk in (1, 2, 5):
        decoded = cache._decode_catalog(cache._encode_catalog(root, chunk), Root)
        assert decoded == root
        assert decoded.model_dump(exclude_unset=True) == root.model_dump(exclude_unset=True)
        leaves = decoded.items[0].leaves
        assert math.copysign(1, leaves[1].x) == -1
        assert type(leaves[2].flag) is int
        assert type(leaves[3].flag) is bool
        assert decoded.items[1].nested[2][0].flag is True
        assert decoded.items[2].best is None


def test_a_model_the_codec_cannot_check_is_simply_not_cached(
    tmp_path: Path, catalog_file: Path
) -> None:
    class Odd(BaseModel):
        things: dict[str, set[int]]

    with pytest.raises(cache.UnsupportedModel):
        list(cache._encode_catalog(Odd(things={"a": {1}})))

    class Derived(BaseModel):
        x: int = 0

        def model_post_init(self, context: object) -> None:
            pass

    with pytest.raises(cache.UnsupportedModel):
        list(cache._encode_catalog(Derived()))

    # A value MessagePack cannot write: no cache, and no stray file.
    odd = load_catalog(catalog_file).model_copy(update={"name": object()})  # not validated
    source = cache.read_source(catalog_file)
    assert source is not None
    os.environ[cache.CACHE_ENV] = str(tmp_path / "cache")
    try:
        assert not cache.store(source, odd)
        assert list((tmp_path / "cache").iterdir()) == []
    finally:
        del os.environ[cache.CACHE_ENV]
