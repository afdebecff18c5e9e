"""A cache of parsed and validated catalogs, so that a warm start skips YAML and validation.

Where: ``$MATHPATH_CACHE_DIR``, else ``$MATHPATH_HOME/cache``, else the per-user cache folder
(``platformdirs.user_cache_path("mathpath")``). One file per catalog path.

Never stale. A cache file is used only when its key matches exactly: the catalog's resolved path,
size, ``mtime_ns`` and SHA-256 of its content, plus everything that decides what the bytes parse
to: the cache format, mathpath's version, the size and mtime of the modules that read and validate
catalogs (a source checkout changes them without changing the version), and the pydantic and
Python versions. Hashing costs ~2 ms for a 10k-resource catalog and ~17 ms for 100k, a few percent
of a warm start, and catches edits that keep size and mtime (``cp -p``, coarse file-system clocks);
``mtime_ns`` in the key means a ``touch`` forces a rebuild, which is conservative, never stale.
The catalog is hashed from the very bytes that are then parsed, so a file that changes while it
is read is never cached under the old key.

Never an error. A missing, truncated, corrupt, foreign or unreadable cache file is a miss: the
catalog is loaded from its file and the cache rewritten. A folder that cannot be written means no
cache. A write goes to a temporary file renamed over the old one, so a concurrent process sees the
old file or the new one. An invalid catalog is never cached: its errors show on every run.

Format: a line with ``MAGIC``, a line with the key as JSON, then *frames*, each its length (8
bytes) and a ``marshal``-led value, then the SHA-256 of everything before it. The first frame
holds the planner's per-catalog tables (``TopicIndex.stored_tables``: what each resource costs
and who teaches each topic), kept marshalled until a command plans (``planning_tables``): deriving
them took 0.13-0.2 s of the first plan on a 100k-resource catalog, decoding them takes ~11 ms. The
other frames are the catalog's. A frame holds up to
``CHUNK_ENTRIES`` entries of one section (topics, resources, goals) as *columns* of plain data,
one list per field: enum members as indexes, a list field as the lengths and the column of all the
items, the set of explicitly set fields of each entry and each distinct instance of a *pooled*
model (frozen, scalar fields only, like ``TopicNeed``) as indexes into tables that each frame
extends with what it uses first. The last frame holds the catalog's own fields. The file is
encoded, written and hashed frame by frame, so its encoded form never exists in memory as a whole
(with one ``marshal.dumps`` of the whole catalog, a cold 100k-resource ``plan`` peaked at 758 MB;
frame by frame, 645 MB). It is read whole, checked against its digest, and only then unmarshalled
and rebuilt frame by frame into the frozen models *without* re-validation, since only data that
passed validation is ever written: each column is decoded by ``map`` with C functions and each
instance made and filled by ``map`` too, with no Python code per entry or field, a frame at a
time, which stays in the processor's cache. A whole hit at 100k resources (read, hash, check,
rebuild) takes ~0.45 s in-process, against 0.53 s with the previous format (a ``marshal``-led dict
per entry, rebuilt one entry at a time). Unlike ``pickle``, it cannot run code: ``marshal`` only
builds plain values.

A miss returns the catalog read back from the file it has just written, not the parsed one: they
are equal, but the one read back shares what repeats (one fields set per distinct set, one
``TopicNeed`` per distinct one), which took the peak of a cold 100k-resource ``plan`` from 645
to 587 MB (planning runs beside the catalog; ``validate`` peaks at 586 MB); reading it back takes
~0.4 s, and a cold run then plans on the very catalog a warm one does.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import marshal
import os
import struct
import sys
import types
import typing
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, islice, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from mathpath.catalog.models import Catalog

CACHE_ENV = "MATHPATH_CACHE_DIR"
HOME_ENV = "MATHPATH_HOME"
CACHE_FORMAT = 5
# Entries per frame: small enough that writing one adds little to the peak, and that decoding
# one stays in the processor's cache.
CHUNK_ENTRIES = 1000
_LENGTH = struct.Struct("<Q")  # of each frame
_DIGEST_SIZE = 32  # SHA-256, at the end of the file
SUFFIX = ".catalog-cache"
MAGIC = b"mathpath catalog cache\n"
MAX_ENTRIES = 16  # one per catalog path; the least recently written are removed beyond this
# The modules whose code decides what a catalog file parses to.
_SOURCE_MODULES = (  # relative to the mathpath package
    "catalog/models.py",
    "catalog/validate.py",
    "catalog/load.py",
    "catalog/yamlsource.py",
    "catalog/_cache.py",
    "planning/knowledge.py",  # the planning tables kept beside the catalog
)


def cache_dir() -> Path:
    """The folder the cache lives in (it may not exist yet)."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("mathpath", appauthor=False)


def cache_file(catalog_path: Path, folder: Path | None = None) -> Path:
    """The cache file of one catalog (named after a digest of its resolved path)."""
    resolved = str(Path(catalog_path).resolve())
    name = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return (folder if folder is not None else cache_dir()) / f"{name}{SUFFIX}"


def version_key() -> str:
    """Everything besides the catalog file that decides what it parses to."""
    import pydantic

    import mathpath

    here = Path(__file__).parent.parent
    sources = []
    for name in _SOURCE_MODULES:
        try:
            stat = (here / name).stat()
            sources.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            sources.append(f"{name}:?")
    return ";".join(
        [
            f"format={CACHE_FORMAT}",
            f"mathpath={mathpath.__version__}",
            f"pydantic={pydantic.VERSION}",
            f"python={sys.version_info[:3]}",
            f"marshal={marshal.version}",
            *sources,
        ]
    )


# --- loading -----------------------------------------------------------------------------------


def load(catalog_path: Path, parse: Callable[[str, str], Catalog]) -> Catalog:
    """The catalog at ``catalog_path`` from the cache, or parsed with ``parse(text, file)``.

    ``parse`` raises ``CatalogError`` for an invalid catalog, which is never cached.
    """
    snapshot = _read_catalog_file(catalog_path)
    if snapshot is None:
        return _parse_file(catalog_path, parse)
    raw, key = snapshot
    del snapshot
    target = cache_file(catalog_path)
    cached = _read_cache(target, key)
    if cached is not None:
        return cached
    from mathpath.catalog.yamlsource import (
        MAX_FILE_BYTES,  # only a miss needs YAML; a hit never does
    )

    try:
        text = _decode(raw) if len(raw) <= MAX_FILE_BYTES else None
    except UnicodeDecodeError:
        text = None
    # Neither the bytes nor the text may outlive parsing: the cache file is written after it,
    # and at 100k resources they held ~190 MB more at the peak than `validate` needs. `parse`
    # gets the text as a temporary, so its frame holds the only reference (and drops it).
    del raw
    if text is None:
        return _parse_file(catalog_path, parse)
    box = [text]
    del text
    catalog = parse(box.pop(), str(catalog_path))
    if not _write_cache(target, key, catalog):
        return catalog
    # What a hit would return, in place of the parsed catalog: equal to it, but smaller, with the
    # repeated parts shared (one fields set per distinct set, one TopicNeed per distinct one); the
    # peak of a cold 100k-resource plan, which runs beside the catalog, went from 645 to 587 MB.
    # The parsed catalog is freed first, so that the two never exist side by side.
    del catalog
    cached = _read_cache(target, key)
    if cached is not None:
        return cached
    return _parse_file(catalog_path, parse)  # replaced or damaged since: parse it (again)


def _parse_file(path: Path, parse: Callable[[str, str], Catalog]) -> Catalog:
    """The uncached path, which reports an unreadable, too large or non-UTF-8 file as usual."""
    from mathpath.catalog.yamlsource import read_text

    return parse(read_text(path), str(path))


def _read_catalog_file(path: Path) -> tuple[bytes, dict[str, Any]] | None:
    try:
        with open(path, "rb") as handle:
            before = os.fstat(handle.fileno())
            raw = handle.read()
            after = os.fstat(handle.fileno())
        resolved = str(path.resolve())
    except OSError:
        return None
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or len(
        raw
    ) != after.st_size:
        return None  # changing under our feet: do not cache what may be half of two versions
    key = {
        "path": resolved,
        "size": after.st_size,
        "mtime_ns": after.st_mtime_ns,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "version": version_key(),
    }
    return raw, key


def _decode(raw: bytes) -> str:
    # The same decoding as yamlsource.read_text (a UTF-8 BOM is allowed).
    return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")


def _read_cache(target: Path, key: dict[str, Any]) -> Catalog | None:
    try:
        data = target.read_bytes()
    except OSError:
        return None
    try:
        return _parse_cache(data, key)
    except Exception:  # a damaged cache is a miss, whatever the damage
        return None


def _parse_cache(data: bytes, key: dict[str, Any]) -> Catalog | None:
    if not data.startswith(MAGIC):
        return None
    header_end = data.index(b"\n", len(MAGIC))
    if json.loads(data[len(MAGIC) : header_end]) != key:
        return None
    # Nothing is unmarshalled before the whole file is known to be what was written.
    body_end = len(data) - _DIGEST_SIZE
    view = memoryview(data)
    if body_end <= header_end or hashlib.sha256(view[:body_end]).digest() != data[body_end:]:
        return None
    from mathpath.catalog.models import Catalog

    frames = _frames(view, header_end + 1, body_end)
    tables = next(frames, None)
    if tables is None:
        raise ValueError("no frames")
    catalog: Catalog = _decode_catalog(frames, Catalog)
    _remember_tables(catalog, bytes(tables))
    return catalog


def _frames(view: memoryview, start: int, end: int) -> Iterator[memoryview]:
    """The frames between ``start`` and ``end``: each is its length, then its bytes."""
    while start < end:
        (length,) = _LENGTH.unpack_from(view, start)
        start += _LENGTH.size
        if length > end - start:
            raise ValueError("a truncated frame")
        yield view[start : start + length]
        start += length


def _write_cache(target: Path, key: dict[str, Any], catalog: Catalog) -> bool:
    """Write the cache file of ``catalog``; False if it could not be written."""
    head = b"".join([MAGIC, json.dumps(key, sort_keys=True).encode(), b"\n"])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, head, _file_frames(catalog))
    except (OSError, UnsupportedModel, ValueError):  # ValueError: a value marshal cannot write
        return False
    _prune(target.parent)
    return True


def _file_frames(catalog: Catalog) -> Iterator[bytes]:
    """The planning tables of ``catalog``, then the catalog's own frames."""
    from mathpath.planning.knowledge import TopicIndex

    yield marshal.dumps(TopicIndex(catalog).stored_tables())
    yield from _encode_catalog(catalog)


# --- the planning tables kept beside a catalog -------------------------------------------------

# The catalog last read from the cache in this process (by identity; the entry keeps it alive,
# so its id is not reused while it is here) and the planning tables stored with it, still
# marshalled: only a command that plans decodes them (~10 ms at 100k resources). Only the last
# one, so that a program reading many catalogs keeps no more than one of them alive here; an
# earlier one planned later derives its tables again.
_TABLES: dict[int, tuple[Catalog, bytes]] = {}


def _remember_tables(catalog: Catalog, tables: bytes) -> None:
    _TABLES.clear()
    _TABLES[id(catalog)] = (catalog, tables)


def planning_tables(catalog: Catalog) -> object | None:
    """The planning tables (``TopicIndex.stored_tables``) stored with ``catalog`` if it was read
    from the cache in this process, else None. Given out once: the planner keeps them in its index
    of the catalog."""
    found = _TABLES.get(id(catalog))
    if found is None or found[0] is not catalog:
        return None
    del _TABLES[id(catalog)]
    try:
        tables: object = marshal.loads(found[1])
    except (ValueError, EOFError, TypeError):  # the digest matched: only a writer's bug
        return None
    return tables


def _write_atomically(target: Path, head: bytes, frames: Iterable[bytes]) -> None:
    """Write ``head``, the frames and the digest of both to a temporary file beside ``target``,
    frame by frame, then rename it over ``target`` (as ``fileio.atomic_write`` does with bytes
    that are all in memory): a reader sees the old file or the new one, and an interrupted write
    leaves at most a stray ``.tmp`` file, which ``clear`` removes."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        digest = hashlib.sha256(head)
        with os.fdopen(fd, "wb") as handle:
            handle.write(head)
            for frame in frames:
                length = _LENGTH.pack(len(frame))
                digest.update(length)
                digest.update(frame)
                handle.write(length)
                handle.write(frame)
            handle.write(digest.digest())
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _prune(folder: Path) -> None:
    entries = sorted(_entries(folder), key=lambda p: _mtime(p), reverse=True)
    for stale in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            stale.unlink()


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _entries(folder: Path) -> Iterator[Path]:
    with contextlib.suppress(OSError):
        yield from (p for p in folder.iterdir() if p.name.endswith(SUFFIX) and p.is_file())


# --- management (mathpath cache info / clear) --------------------------------------------------


@dataclass(frozen=True, slots=True)
class CacheInfo:
    folder: Path
    files: int
    total_bytes: int


def info() -> CacheInfo:
    folder = cache_dir()
    files = list(_entries(folder))
    size = 0
    for path in files:
        with contextlib.suppress(OSError):
            size += path.stat().st_size
    return CacheInfo(folder=folder, files=len(files), total_bytes=size)


def clear() -> int:
    """Remove every cache file and stray temporary file of an interrupted write; return a count."""
    folder = cache_dir()
    removed = 0
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.name.endswith(SUFFIX) or (
                path.name.startswith(".") and SUFFIX in path.name and path.name.endswith(".tmp")
            ):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
    return removed


# --- the codec: frozen models <-> columns of plain data, derived from the models' annotations ---


class UnsupportedModel(Exception):
    """A field shape the codec does not know; such catalogs are simply not cached."""


_ROOT = -1  # the section number of the last frame, which holds the catalog's own fields
_new = object.__new__
_set = object.__setattr__
# A column is one field's values across the entries of a frame: encoded to plain data as a whole,
# and decoded as a whole into an iterable of as many values.
EncodeColumn = Callable[[list[Any]], Any]
DecodeColumn = Callable[[Any], Iterable[Any]]


def _consume(iterator: Iterable[Any]) -> None:
    deque(iterator, maxlen=0)


def _encode_catalog(catalog: BaseModel, chunk: int = 0) -> Iterator[bytes]:
    """The frames of ``catalog``, each marshalled when it is asked for (see the module docstring).

    A frame is ``(section, news, columns)``: ``columns`` holds entries of one section, or the
    catalog's own fields when ``section`` is ``_ROOT``, and ``news`` what the tables of fields
    sets and pooled instances gained while encoding them, which the decoder adds first. A frame
    holds at most ``chunk`` (default ``CHUNK_ENTRIES``) entries.
    """
    chunk = chunk or CHUNK_ENTRIES
    codec = _Codec()
    root = codec.of(type(catalog))
    sections = root.sections()
    for number, (position, item) in enumerate(sections):
        entries: list[Any] = catalog.__dict__[root.names[position]]
        for start in range(0, len(entries), chunk):
            columns = item.encode(entries[start : start + chunk])
            yield marshal.dumps((number, codec.news(), columns))
    # The sections are in the frames before: here each is just its number of entries.
    columns = root.encode([catalog], counted={position for position, _ in sections})
    yield marshal.dumps((_ROOT, codec.news(), columns))


def _decode_catalog(frames: Iterable[bytes | memoryview], model: type[BaseModel]) -> Any:
    """The instance of ``model`` that ``_encode_catalog`` wrote as ``frames``."""
    codec = _Codec()
    root = codec.of(model)
    codec.resolve()  # every model a frame may name
    sections = root.sections()
    entries: list[list[Any]] = [[] for _ in sections]
    result: list[Any] = []
    for frame in frames:
        if result:
            raise ValueError("a frame after the last one")
        number, news, columns = marshal.loads(frame)
        codec.add(news)
        if number == _ROOT:
            for (position, _), built in zip(sections, entries, strict=True):
                if columns[position] != [len(built)]:
                    raise ValueError("entries are missing")
                columns[position] = [built]
            result = root.build(columns, ready={position for position, _ in sections})
        elif 0 <= number < len(sections):
            entries[number] += sections[number][1].build(columns)
        else:
            raise ValueError(f"no section {number!r}")
    if len(result) != 1:
        raise ValueError("the last frame is missing")
    return result[0]


class _Codec:
    """The ``_ModelCodec`` of each model class met in one encoding or decoding."""

    def __init__(self) -> None:
        self.models: dict[str, _ModelCodec] = {}

    def of(self, model: type[BaseModel]) -> _ModelCodec:
        name = f"{model.__module__}.{model.__qualname__}"
        found = self.models.get(name)
        if found is None:
            found = self.models[name] = _ModelCodec(self, model)
        return found

    def resolve(self) -> None:
        """Meet every model reachable from those met so far."""
        resolved: set[str] = set()
        while len(resolved) < len(self.models):
            for name, each in list(self.models.items()):
                if name not in resolved:
                    resolved.add(name)
                    each.shapes  # noqa: B018 - resolving them meets the models they refer to

    def news(self) -> list[tuple[str, list[list[str]], list[Any] | None]]:
        """What each model's tables gained since the last call."""
        found = []
        for name, each in self.models.items():
            news = each.news()
            if news is not None:
                found.append((name, *news))
        return found

    def add(self, news: list[tuple[str, list[list[str]], list[Any] | None]]) -> None:
        for name, fields_sets, pool in news:
            self.models[name].add(fields_sets, pool)


class _ModelCodec:
    """Encodes instances of one model as columns: one per field, then the index of each
    instance's set of explicitly set fields (``model_fields_set``) in a table of the distinct
    ones. A *pooled* model (frozen, scalar fields only, like ``TopicNeed``) is encoded as indexes
    into a pool of its distinct instances: a 100k-resource catalog repeats the same requirement
    (topic, depth, note) thousands of times, and equal instances of it are one object.

    Decoding builds the instances the way ``model_construct`` does, minus its per-field Python
    work: the values were validated before they were encoded. Each column is converted as a
    whole (``map`` with C functions: enum members by index, pooled instances by index), the
    ``__dict__`` of each instance is zipped from the columns, and the instances are made and
    filled by ``map`` too, so that no Python code runs per instance or per field. Instances of a
    frozen model share their ``model_fields_set`` (nothing can change it).
    """

    def __init__(self, codec: _Codec, model: type[BaseModel]) -> None:
        if (
            model.__private_attributes__
            or model.model_config.get("extra") == "allow"
            or getattr(model, "__pydantic_post_init__", None) is not None  # not run on decoding
        ):
            raise UnsupportedModel(model.__name__)
        self.codec = codec
        self.model = model
        self.names = tuple(model.model_fields)
        self.template: dict[str, Any] = dict.fromkeys(self.names)
        self.width = len(self.names) + 1  # the fields, then the fields-set index
        self.shared = bool(model.model_config.get("frozen"))
        self.pooled = self.shared and all(
            _is_scalar(field.annotation) for field in model.model_fields.values()
        )
        self._shapes: list[tuple[int, EncodeColumn, DecodeColumn]] | None = None
        # Encoding: the index of each distinct fields set and pooled instance, and those that
        # the next frame must add.
        self._fields_set_index: dict[frozenset[str], int] = {}
        self._fields_sets_sent = 0
        self._pool_index: dict[bytes, int] = {}
        self._pool_new: list[tuple[Any, ...]] = []
        # Decoding: the tables.
        self.fields_sets: list[set[str]] = []
        self.instances: list[Any] = []

    @property
    def shapes(self) -> list[tuple[int, EncodeColumn, DecodeColumn]]:
        """(position, encode, decode) of each field whose values are not plain data."""
        # Resolved on first use, so that models referring to each other do not recurse.
        if self._shapes is None:
            shapes = []
            for position, field in enumerate(self.model.model_fields.values()):
                shape = _shape(self.codec, field.annotation)
                if shape is not None:
                    shapes.append((position, *shape))
            self._shapes = shapes
        return self._shapes

    def sections(self) -> list[tuple[int, _ModelCodec]]:
        """The fields that hold lists of unpooled models (a catalog's topics, resources, goals),
        with their codecs: written in frames of at most ``CHUNK_ENTRIES`` entries."""
        found = []
        for position, field in enumerate(self.model.model_fields.values()):
            annotation = _strip_annotated(field.annotation)
            args = typing.get_args(annotation)
            if typing.get_origin(annotation) is list and len(args) == 1:
                inner = _strip_annotated(args[0])
                if _is_model(inner) and not self.codec.of(inner).pooled:
                    found.append((position, self.codec.of(inner)))
        return found

    # --- encoding

    def encode(self, instances: list[Any], counted: Container[int] = ()) -> list[Any]:
        """The columns of ``instances``; a field in ``counted`` is encoded as its length only."""
        dicts = [instance.__dict__ for instance in instances]
        columns: list[Any] = [list(map(itemgetter(name), dicts)) for name in self.names]
        for position, encode, _ in self.shapes:
            column = columns[position]
            columns[position] = list(map(len, column)) if position in counted else encode(column)
        columns.append(list(map(self._fields_set_of, instances)))
        return columns

    def indexes(self, instances: list[Any]) -> list[int]:
        """The pool index of each instance of a pooled model, adding the new ones."""
        if not instances:
            return []
        pool, new = self._pool_index, self._pool_new
        found = []
        for row in zip(*self.encode(instances), strict=True):
            # marshal version 0 (no references) is an exact key: 1, 1.0 and True, or 0.0 and
            # -0.0, are different keys, though equal as values.
            key = marshal.dumps(row, 0)
            index = pool.get(key)
            if index is None:
                index = pool[key] = len(pool)
                new.append(row)
            found.append(index)
        return found

    def _fields_set_of(self, instance: BaseModel) -> int:
        fields = frozenset(instance.__pydantic_fields_set__)
        index = self._fields_set_index.get(fields)
        if index is None:
            index = self._fields_set_index[fields] = len(self._fields_set_index)
        return index

    def news(self) -> tuple[list[list[str]], list[Any] | None] | None:
        """The fields sets and pooled instances (as columns) added since the last call."""
        fields_sets = list(self._fields_set_index)[self._fields_sets_sent :]
        pool = self._pool_new
        if not fields_sets and not pool:
            return None
        self._fields_sets_sent += len(fields_sets)
        self._pool_new = []
        columns = [list(column) for column in zip(*pool, strict=True)] if pool else None
        return [sorted(fields) for fields in fields_sets], columns

    # --- decoding

    def add(self, fields_sets: list[list[str]], pool: list[Any] | None) -> None:
        for fields in fields_sets:
            if not set(fields) <= set(self.names):
                raise UnsupportedModel(f"{self.model.__name__}: fields do not match")
            self.fields_sets.append(set(fields))
        if pool is not None:
            if not self.pooled:
                raise UnsupportedModel(f"{self.model.__name__} is not pooled")
            self.instances += self.build(pool)

    def build(self, columns: list[Any], ready: Container[int] = ()) -> list[Any]:
        """The instances encoded as ``columns``; those at ``ready`` hold decoded values."""
        if len(columns) != self.width:
            raise UnsupportedModel(f"{self.model.__name__}: fields do not match")
        decoded = list(columns)
        for position, _, decode in self.shapes:
            if position not in ready:
                decoded[position] = decode(decoded[position])
        # zip stops at the last name, before the fields-set index at the end of each row; strict
        # makes columns of different lengths an error.
        rows = list(zip(*decoded, strict=True))
        count = len(rows)
        # Copies of a dict that has every field already (no resizing as they are added), filled.
        dicts = list(map(dict.copy, repeat(self.template, count)))
        _consume(map(dict.update, dicts, map(zip, repeat(self.names), rows)))
        fields_sets: Iterable[set[str]] = map(self.fields_sets.__getitem__, columns[-1])
        if not self.shared:
            fields_sets = map(set, fields_sets)
        instances = list(map(_new, repeat(self.model, count)))
        _consume(map(_set, instances, repeat("__dict__"), dicts))
        _consume(map(_set, instances, repeat("__pydantic_fields_set__"), fields_sets))
        _consume(map(_set, instances, repeat("__pydantic_extra__"), repeat(None, count)))
        _consume(map(_set, instances, repeat("__pydantic_private__"), repeat(None, count)))
        return instances


def _is_model(annotation: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, enum.Enum)


def _is_scalar(annotation: Any) -> bool:
    annotation = _strip_annotated(annotation)
    origin = typing.get_origin(annotation)
    if annotation in _PLAIN or origin is typing.Literal or _is_enum(annotation):
        return True
    if origin in (types.UnionType, typing.Union):
        return all(_is_scalar(arg) for arg in typing.get_args(annotation))
    return False


def _shape(codec: _Codec, annotation: Any) -> tuple[EncodeColumn, DecodeColumn] | None:
    """(encode, decode) of a column of values that are not plain data; None if they are."""
    annotation = _strip_annotated(annotation)
    origin = typing.get_origin(annotation)
    args = tuple(_strip_annotated(a) for a in typing.get_args(annotation))
    if _is_model(annotation):
        one = codec.of(annotation)
        if one.pooled:
            return one.indexes, partial(map, one.instances.__getitem__)
        return one.encode, one.build
    if _is_enum(annotation):
        return _enum_shape(tuple(annotation))
    if origin is list and len(args) == 1:
        inner = _shape(codec, args[0])
        if inner is None:
            _require_plain(args[0])
            return None
        return _list_shape(*inner)
    if origin in (types.UnionType, typing.Union):
        others = [a for a in args if a is not type(None)]
        if len(others) == 1 and len(args) == 2:
            if _is_enum(others[0]):
                return _enum_shape((*others[0], None))
            inner = _shape(codec, others[0])
            if inner is None:
                return None
            return _optional_shape(*inner)
    _require_plain(annotation)
    return None


def _enum_shape(members: tuple[Any, ...]) -> tuple[EncodeColumn, DecodeColumn]:
    """Members (and None, for an optional enum) as their indexes."""
    index = {member: number for number, member in enumerate(members)}
    return (lambda column: list(map(index.__getitem__, column))), partial(map, members.__getitem__)


def _list_shape(encode: EncodeColumn, decode: DecodeColumn) -> tuple[EncodeColumn, DecodeColumn]:
    """Lists as their lengths and the column of all their items."""

    def encode_lists(column: list[Any]) -> Any:
        return list(map(len, column)), encode([item for items in column for item in items])

    def decode_lists(data: Any) -> Iterable[Any]:
        lengths, encoded = data
        items = list(decode(encoded))
        bounds = list(accumulate(lengths, initial=0))
        if bounds[-1] != len(items) or min(lengths, default=0) < 0:
            raise ValueError("lists do not match their items")
        # Slices: lists of the exact size (a list built from an iterator keeps spare room).
        return map(items.__getitem__, map(slice, bounds, islice(bounds, 1, None)))

    return encode_lists, decode_lists


def _optional_shape(
    encode: EncodeColumn, decode: DecodeColumn
) -> tuple[EncodeColumn, DecodeColumn]:
    """Values or None as which are present and the column of those that are."""

    def encode_optional(column: list[Any]) -> Any:
        present = [value is not None for value in column]
        return present, encode([value for value in column if value is not None])

    def decode_optional(data: Any) -> Iterable[Any]:
        present, encoded = data
        values = list(decode(encoded))
        if sum(present) != len(values):
            raise ValueError("optional values do not match")
        found = iter(values)
        return [next(found) if there else None for there in present]

    return encode_optional, decode_optional


def _strip_annotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


_PLAIN = (str, int, float, bool, type(None))


def _require_plain(annotation: Any) -> None:
    """Raise ``UnsupportedModel`` unless values of this type survive marshal unchanged."""
    annotation = _strip_annotated(annotation)
    origin = typing.get_origin(annotation)
    if annotation in _PLAIN or origin is typing.Literal:
        return
    if origin in (list, dict, types.UnionType, typing.Union):
        for arg in typing.get_args(annotation):
            _require_plain(arg)
        return
    raise UnsupportedModel(repr(annotation))
