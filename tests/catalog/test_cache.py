"""The cache of parsed catalogs: hits are equal, every change misses, damage is never an error."""

from __future__ import annotations

import enum
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict
from tests.support.benchmark import load_benchmark
from tests.support.gen import catalogs

import mathpath
from mathpath.catalog import _cache as cache
from mathpath.catalog.load import load_catalog, parse_catalog
from mathpath.errors import CatalogError

FIXTURES = Path(__file__).parents[1] / "fixtures"


class Parses:
    """A ``parse`` for ``cache.load`` that counts how often the catalog was really parsed."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, text: str, file: str) -> mathpath.catalog.models.Catalog:
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
        lambda data: _file_of(_frames_of(data)[0], []),  # a valid digest over no frames
    ],
    ids=["empty", "truncated", "flipped", "garbage", "foreign", "bad-header", "no-frames"],
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


def _frames_of(data: bytes) -> tuple[bytes, list[bytes]]:
    """The head (magic and key lines) and the marshalled frames of a cache file: the planning
    tables, then the catalog's frames."""
    header_end = data.index(b"\n", len(cache.MAGIC)) + 1
    frames = []
    position, end = header_end, len(data) - 32
    while position < end:
        length = int.from_bytes(data[position : position + 8], "little")
        frames.append(data[position + 8 : position + 8 + length])
        position += 8 + length
    assert position == end
    return data[:header_end], frames


def _file_of(head: bytes, frames: list[bytes]) -> bytes:
    """A cache file with a valid digest: what a writer with a bug could leave."""
    import hashlib

    body = head + b"".join(len(frame).to_bytes(8, "little") + frame for frame in frames)
    return body + hashlib.sha256(body).digest()


def _last(frames: list[bytes]) -> tuple[Any, Any, Any]:
    import marshal

    section, news, columns = marshal.loads(frames[-1])
    return section, news, columns


def _with_last(frames: list[bytes], last: object) -> list[bytes]:
    import marshal

    return [*frames[:-1], marshal.dumps(last)]


# Frame lists that pass the digest but are not a whole catalog: what a writer with a bug could
# leave. Each is applied to the catalog's frames, after the planning tables' frame.
FORGERIES: dict[str, Callable[[list[bytes]], list[bytes]]] = {
    "no-frames": lambda frames: [],
    "no-root": lambda frames: frames[:-1],
    "entries-missing": lambda frames: frames[1:],  # the first frame also brought the tables
    "a-frame-after-the-root": lambda frames: [*frames, frames[-1]],
    "a-column-missing": lambda frames: _with_last(
        frames, (*_last(frames)[:2], _last(frames)[2][:-1])
    ),
    "no-such-section": lambda frames: _with_last(frames, (99, *_last(frames)[1:])),
    "an-unknown-model": lambda frames: _with_last(
        frames, (-1, [("builtins.object", [], None)], _last(frames)[2])
    ),
    "an-unknown-field": lambda frames: _with_last(
        frames, (-1, [("mathpath.catalog.models.Catalog", [["nope"]], None)], _last(frames)[2])
    ),
    "the-old-format": lambda frames: [b"\x00not a frame", b"[{}, ['wrong']]"],
}


def test_the_file_is_written_in_frames_and_round_trips(
    cache_folder: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CHUNK_ENTRIES", 2)
    fresh = load_catalog(catalog_file)
    assert load_catalog(catalog_file, use_cache=True) == fresh
    _head, frames = _frames_of(cache.cache_file(catalog_file).read_bytes())
    # The planning tables; five topics, four resources and one goal in frames of two entries;
    # then the catalog.
    assert len(frames) == 1 + 3 + 2 + 1 + 1
    parses = Parses()
    assert cache.load(catalog_file, parses) == fresh
    assert parses.count == 0


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_valid_digest_over_frames_that_do_not_decode_is_ignored(
    cache_folder: Path,
    catalog_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    forge: Callable[[list[bytes]], list[bytes]],
) -> None:
    monkeypatch.setattr(cache, "CHUNK_ENTRIES", 2)
    expected = load_catalog(catalog_file, use_cache=True)
    target = cache.cache_file(catalog_file)
    good = target.read_bytes()
    head, frames = _frames_of(good)
    assert _file_of(head, frames) == good  # so the digest is right, and only the frames are not
    target.write_bytes(_file_of(head, [frames[0], *forge(frames[1:])]))
    assert _parses_after(catalog_file) == 1
    assert target.read_bytes() == good  # rebuilt
    assert load_catalog(catalog_file, use_cache=True) == expected


def test_a_corrupted_frame_is_ignored(
    cache_folder: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CHUNK_ENTRIES", 2)
    expected = load_catalog(catalog_file, use_cache=True)
    target = cache.cache_file(catalog_file)
    good = target.read_bytes()
    head, frames = _frames_of(good)
    middle = len(head) + sum(8 + len(frame) for frame in frames[:3]) + 8 + len(frames[3]) // 2
    for damaged in (
        good[:middle] + bytes([good[middle] ^ 0x01]) + good[middle + 1 :],  # a flipped bit
        good[:middle] + good[middle + 1 :],  # a lost byte
        good[:middle],  # cut in the middle of a frame
        good[: len(head) + 8 + len(frames[0])] + good[-32:],  # cut after a frame
    ):
        target.write_bytes(damaged)
        assert _parses_after(catalog_file) == 1
        assert target.read_bytes() == good  # rebuilt
    assert load_catalog(catalog_file, use_cache=True) == expected


def test_the_digest_catches_any_flipped_byte(cache_folder: Path, catalog_file: Path) -> None:
    load_catalog(catalog_file, use_cache=True)
    data = cache.cache_file(catalog_file).read_bytes()
    import json

    key = json.loads(data[len(cache.MAGIC) : data.index(b"\n", len(cache.MAGIC))])
    assert cache._parse_cache(data, key) is not None
    head, _frames = _frames_of(data)
    for position in range(len(head), len(data)):  # every byte of the frames and the digest
        flipped = data[:position] + bytes([data[position] ^ 0x80]) + data[position + 1 :]
        assert cache._parse_cache(flipped, key) is None, position


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
        list(cache._encode_catalog(Odd(things={"a": {1}})))

    class Derived(BaseModel):
        x: int = 0

        def model_post_init(self, context: object) -> None:
            pass

    with pytest.raises(cache.UnsupportedModel):
        list(cache._encode_catalog(Derived()))


def test_a_value_marshal_cannot_write_means_no_cache_and_no_stray_file(
    tmp_path: Path, catalog_file: Path
) -> None:
    class Text(str):
        pass

    odd = load_catalog(catalog_file).model_copy(update={"name": Text("a")})  # not validated
    folder = tmp_path / "cache"
    folder.mkdir()
    assert not cache._write_cache(folder / f"x{cache.SUFFIX}", {"k": 1}, odd)
    assert list(folder.iterdir()) == []


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
        "import sys; from mathpath.catalog.load import load_catalog; "
        f"load_catalog({str(catalog_file)!r}, use_cache=True); "
        "print('yaml' in sys.modules, 'mathpath.catalog.yamlsource' in sys.modules)"
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

    gc.unfreeze()  # what the CLI tests froze (as the CLI does once the catalog is loaded)
    for _ in range(2):  # a miss (parse, write the cache), then a hit
        catalog = load_catalog(catalog_file, use_cache=True)
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        assert id(catalog) in oldest
        assert all(id(r) in oldest for r in catalog.resources)


def test_loading_does_not_unfreeze_what_the_caller_froze(catalog_file: Path) -> None:
    import gc

    sentinel = ["frozen by the caller"]

    def collectable() -> bool:  # frozen objects are in no generation the collector scans
        return any(thing is sentinel for thing in gc.get_objects())

    gc.freeze()
    try:
        assert not collectable()
        load_catalog(catalog_file, use_cache=True)
        load_catalog(catalog_file, use_cache=True)
        assert not collectable()
    finally:
        gc.unfreeze()
    assert collectable()  # the control


@pytest.fixture(scope="module")
def generated_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog of the benchmarks' generator: 1,500 resources, 150 topics, 3 goals."""
    module = load_benchmark("generate")
    path: Path = tmp_path_factory.mktemp("generated") / "catalog.yaml"
    module.write(path, 1500, seed=5)
    return path


def _same(loaded: mathpath.catalog.models.Catalog, parsed: mathpath.catalog.models.Catalog) -> None:
    """Equal, and equal in everything that equality does not look at."""
    assert loaded == parsed
    assert loaded.model_dump_json() == parsed.model_dump_json()
    assert loaded.model_dump(exclude_unset=True) == parsed.model_dump(exclude_unset=True)
    for section in ("topics", "resources", "goals"):
        for mine, theirs in zip(getattr(loaded, section), getattr(parsed, section), strict=True):
            assert type(mine) is type(theirs)
            assert mine.model_fields_set == theirs.model_fields_set
            assert list(mine.__dict__) == list(theirs.__dict__)  # the fields, in order
            assert [type(v) for v in mine.__dict__.values()] == [
                type(v) for v in theirs.__dict__.values()
            ]


@pytest.mark.parametrize("chunk", [None, 7])
def test_loaded_equals_parsed_on_a_generated_catalog(
    cache_folder: Path,
    generated_catalog: Path,
    monkeypatch: pytest.MonkeyPatch,
    chunk: int | None,
) -> None:
    if chunk is not None:
        monkeypatch.setattr(cache, "CHUNK_ENTRIES", chunk)
    parsed = load_catalog(generated_catalog)
    _same(load_catalog(generated_catalog, use_cache=True), parsed)  # a miss
    parses = Parses()
    _same(cache.load(generated_catalog, parses), parsed)  # a hit
    assert parses.count == 0
    _head, frames = _frames_of(cache.cache_file(generated_catalog).read_bytes())
    size = chunk or cache.CHUNK_ENTRIES
    counts = (len(parsed.topics), len(parsed.resources), len(parsed.goals))
    assert counts == (150, 1500, 3)
    assert len(frames) == 1 + sum(-(-n // size) for n in counts) + 1  # tables, entries, root


def test_a_hit_brings_the_planning_tables_once(cache_folder: Path, generated_catalog: Path) -> None:
    from mathpath.planning.knowledge import TopicIndex

    parsed = load_catalog(generated_catalog)
    load_catalog(generated_catalog, use_cache=True)  # a miss writes the file
    hit = cache.load(generated_catalog, Parses())
    assert cache.planning_tables(hit) == TopicIndex(parsed).stored_tables()
    assert cache.planning_tables(hit) is None  # given out once, to the planner's index
    assert cache.planning_tables(parsed) is None  # not read from the cache
    first = cache.load(generated_catalog, Parses())
    cache.load(generated_catalog, Parses())
    assert cache.planning_tables(first) is None  # only the last catalog read keeps them


def test_planning_a_catalog_from_the_cache_uses_its_stored_tables(
    cache_folder: Path, generated_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from mathpath.export.plan_json import plan_to_json
    from mathpath.planning import knowledge, make_plan
    from mathpath.planning.plans import PlanRequest, ScheduleOptions

    parsed = load_catalog(generated_catalog)
    load_catalog(generated_catalog, use_cache=True)
    hit = load_catalog(generated_catalog, use_cache=True)
    requests = [
        PlanRequest(goal=goal.id, schedule=ScheduleOptions(start=date(2026, 11, 23)))
        for goal in parsed.goals
    ]

    def derive_again(*args: object) -> None:
        raise AssertionError("the teachers table was derived again")

    with monkeypatch.context() as patched:
        patched.setattr(knowledge, "_taught_table", derive_again)
        planned = [plan_to_json(make_plan(hit, request)) for request in requests]
        with pytest.raises(AssertionError, match="derived again"):  # the control: no tables
            make_plan(parsed, requests[0])
    assert planned == [plan_to_json(make_plan(parsed, request)) for request in requests]


def test_loaded_equals_parsed_on_the_bundled_catalog(cache_folder: Path) -> None:
    parsed = load_catalog()
    _same(load_catalog(use_cache=True), parsed)
    _same(load_catalog(use_cache=True), parsed)


def test_a_miss_returns_the_catalog_read_back_from_the_cache(
    cache_folder: Path, generated_catalog: Path
) -> None:
    # Equal to the parsed one, but sharing what repeats, as a hit does.
    miss = load_catalog(generated_catalog, use_cache=True)
    parsed = load_catalog(generated_catalog)
    assert miss == parsed
    needs = [need for resource in miss.resources for need in resource.teaches]
    assert len({id(need) for need in needs}) < len(needs)
    parsed_needs = [need for resource in parsed.resources for need in resource.teaches]
    assert len({id(need) for need in parsed_needs}) == len(parsed_needs)


def test_a_cache_that_cannot_be_read_back_returns_the_catalog_parsed_again(
    cache_folder: Path, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_read_cache", lambda target, key: None)
    parses = Parses()
    assert cache.load(catalog_file, parses) == load_catalog(catalog_file)
    assert parses.count == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(max_topics=8, max_resources=9), chunk=st.integers(1, 4))
def test_random_catalogs_round_trip(catalog: mathpath.catalog.models.Catalog, chunk: int) -> None:
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


def test_every_field_shape_the_codec_knows_round_trips() -> None:
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
        assert math.copysign(1, leaves[0].x) == 1
        assert type(leaves[2].flag) is int
        assert type(leaves[3].flag) is bool
        assert decoded.leaf is not None
        assert math.copysign(1, decoded.leaf.x) == -1
        assert decoded.items[1].nested[2][0].flag is True
        assert decoded.maybe == Inner(name="maybe")
        assert decoded.items[2].best is None
        # Unfrozen models get fields sets of their own; equal frozen ones are one object.
        assert decoded.items[0].model_fields_set is not decoded.items[1].model_fields_set
        assert decoded.items[0].leaves[2] is decoded.items[1].nested[1][0]
