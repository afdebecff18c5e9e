"""A cache of parsed and validated catalogs, so that a warm start skips YAML and validation.

The interface is small: ``read_source`` reads a catalog file once and keys it, ``load`` gives
the cached catalog of that source or None, ``store`` caches a catalog that was just parsed from
it, ``clear`` and ``info`` manage the folder. ``keep`` and ``kept`` store and read back data that
another layer derives from a cached catalog (the planner's tables) in a file beside its cache
file, without this module knowing what the data is.

Where: ``$MATHPATH_CACHE_DIR``, else ``$MATHPATH_HOME/cache``, else the per-user cache folder
(``platformdirs.user_cache_path("mathpath")``). One file per catalog path, and one per kind of
data kept beside it.

Never stale. A cache file is used only when its key matches exactly: the catalog's resolved path,
size, ``mtime_ns`` and SHA-256 of its content, plus everything that decides what the bytes parse
to: the cache format, mathpath's version, the size and mtime of the modules that read and validate
catalogs (a source checkout changes them without changing the version), and the pydantic, msgspec
and Python versions. The catalog is hashed from the very bytes that are then parsed, so a file
that changes while it is read is never cached under the old key. Data kept beside a cache file
names that file's digest, so it goes stale with it.

Never an error, never trusted. Whatever is at the cache path is opened without blocking and read
only if it is a regular file no larger than a cache of that catalog can be (a FIFO, a device, a
symlink to one, a huge sparse file are misses, and nothing is read from them). A missing,
truncated, corrupt, foreign or forged file is a miss: the catalog is parsed from its file and the
cache rewritten. Every value read back is checked while it is decoded against the type and the
constraints of its model field (``msgspec`` decodes each column into the type derived from the
field's annotation and its ``Field`` constraints: patterns, lengths, bounds), so a forged file can
yield only values of the right types within their bounds; the checks that run Python code per
value (URL shapes) or look across entries (references, cycles) are not repeated on a hit, which
would cost more than the hit saves. A folder that cannot be written means no cache. A write goes
to a temporary file renamed over the old one, so a concurrent process sees the old file or the new
one. An invalid catalog is never cached: its errors show on every run.

Format: a line with ``MAGIC``, a line with the key as JSON, then *frames*, each its length (8
bytes) and a MessagePack value, then the SHA-256 of everything before it (which only detects
damage: anyone who can write the folder can recompute it, hence the checks above). A frame holds
up to ``CHUNK_ENTRIES`` entries of one section (topics, resources, goals) as *columns*, one list
per field: enum members as indexes, a list field as the lengths and the column of all the items,
the set of explicitly set fields of each entry and each distinct instance of a *pooled* model
(frozen, scalar fields only, like ``TopicNeed``) as indexes into tables that each frame extends
with what it uses first. The last frame holds the catalog's own fields. The file is encoded,
written and hashed frame by frame, so its encoded form never exists in memory as a whole (with one
encoding of the whole catalog, a cold 100k-resource ``plan`` peaked at 758 MB; frame by frame, 645
MB). It is read whole, checked against its digest and rebuilt frame by frame into the frozen
models *without* running pydantic's validators (the checked columns are put into place by ``map``
with C functions, with no Python code per entry or field), a frame at a time, which stays in the
processor's cache. MessagePack rather than ``marshal``: ``marshal.loads`` trusts the lengths it
reads (five forged bytes made it allocate 16 GB), and it cannot check types as it decodes.

A miss returns the catalog read back from the file it has just written, not the parsed one: they
are equal, but the one read back shares what repeats (one fields set per distinct set, one
``TopicNeed`` per distinct one), which took the peak of a cold 100k-resource ``plan`` from 645
to 587 MB; a cold run then works on the very catalog a warm one does.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import os
import struct
import sys
import types
import typing
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from itertools import accumulate, chain, islice, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import msgspec

if TYPE_CHECKING:
    from pydantic import BaseModel

    from mathpath.catalog.models import Catalog

CACHE_ENV = "MATHPATH_CACHE_DIR"
HOME_ENV = "MATHPATH_HOME"
CACHE_FORMAT = 7  # 7: parts carry their own languages and translations
# Entries per frame: small enough that writing one adds little to the peak, and that decoding
# one stays in the processor's cache.
CHUNK_ENTRIES = 1000
_LENGTH = struct.Struct("<Q")  # of each frame
_DIGEST_SIZE = 32  # SHA-256, at the end of the file
SUFFIX = ".catalog-cache"
KEPT_SUFFIX = ".catalog-kept"  # data kept beside a cache file
MAGIC = b"mathpath catalog cache\n"
MAX_ENTRIES = 16  # one per catalog path; the least recently written are removed beyond this
# The largest catalog file that is cached: the YAML reader refuses anything larger
# (yamlsource.MAX_FILE_BYTES, which a test keeps equal to this).
MAX_CATALOG_BYTES = 512 * 1024 * 1024
# A cache file is about 0.6 times its catalog file (MessagePack columns, shared repeats); a file
# at the cache path that is larger than this bound is not one of ours and is not read at all.
_SIZE_FACTOR, _SIZE_SLACK = 8, 1024 * 1024
# The modules whose code decides what a catalog file parses to.
_SOURCE_MODULES = (  # relative to the mathpath package
    "catalog/models.py",
    "catalog/validate.py",
    "catalog/load.py",
    "catalog/yamlsource.py",
    "catalog/_cache.py",
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

    return ";".join(
        [
            code_key(),
            f"pydantic={pydantic.VERSION}",
            f"msgspec={msgspec.__version__}",
            f"python={sys.version_info[:3]}",
        ]
    )


def code_key() -> str:
    """The part of ``version_key`` that is mathpath's own code (no pydantic import, for the
    names that shell completion reads, ``catalog.names``)."""
    import mathpath

    here = Path(__file__).parent.parent
    sources = []
    for name in _SOURCE_MODULES:
        try:
            found = (here / name).stat()
            sources.append(f"{name}:{found.st_size}:{found.st_mtime_ns}")
        except OSError:
            sources.append(f"{name}:?")
    return ";".join([f"format={CACHE_FORMAT}", f"mathpath={mathpath.__version__}", *sources])


# --- the interface -----------------------------------------------------------------------------


@dataclass
class Source:
    """One reading of a catalog file: its bytes (until taken) and the key they are cached under."""

    path: Path
    size: int
    key: dict[str, Any]
    _raw: bytes | None
    stat: os.stat_result | None = None  # of the file as it was read

    def take_text(self) -> str | None:
        """The text, decoded as ``yamlsource.read_text`` does (a UTF-8 BOM allowed), or None if it
        is not UTF-8. The bytes are dropped: at 100k resources they and the text held ~190 MB
        more at the peak than validation needs."""
        raw, self._raw = self._raw, None
        if raw is None:
            return None
        try:
            return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            return None


def read_source(catalog_path: Path) -> Source | None:
    """Read a catalog file once and key it; None if it cannot be cached (missing, unreadable, not
    a regular file, too large, or changing while read): the caller then reads it the usual way,
    which reports why."""
    try:
        resolved = str(catalog_path.resolve())
    except (OSError, RuntimeError):
        return None
    found = _read_regular(catalog_path, MAX_CATALOG_BYTES)
    if found is None:
        return None
    raw, info = found
    key = {
        "path": resolved,
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "version": version_key(),
    }
    return Source(path=catalog_path, size=info.st_size, key=key, _raw=raw, stat=info)


def load(source: Source) -> Catalog | None:
    """The cached catalog of ``source``, or None (a miss, whatever the reason)."""
    from mathpath.catalog.models import Catalog

    target = cache_file(source.path)
    try:
        found = _read_container(target, source.key, _size_limit(source.size))
        if found is None:
            return None
        frames, digest = found
        catalog: Catalog = _decode_catalog(frames, Catalog)
    except Exception:  # a damaged or forged cache is a miss, whatever the damage
        return None
    catalog.derived[__name__] = _Origin(id(catalog), target, digest.hex(), source.size)
    return catalog


def store(source: Source, catalog: Catalog) -> bool:
    """Cache ``catalog``, just parsed from ``source``; False if it could not be written.

    After a store, ``load(source)`` gives the catalog to use from then on: equal to the parsed
    one, but smaller, with the repeated parts shared, and noted as cached, so that what is
    derived from it can be kept beside it. (Free the parsed one first: at 100k resources the two
    side by side took the peak of a cold ``plan`` from 587 to 645 MB.)
    """
    target = cache_file(source.path)
    head = b"".join([MAGIC, json.dumps(source.key, sort_keys=True).encode(), b"\n"])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, head, _counted_frames(catalog))
    except (OSError, UnsupportedModel, TypeError, ValueError, OverflowError):
        return False  # TypeError, OverflowError: a value MessagePack cannot write
    _prune(target.parent)
    return True


@dataclass(frozen=True, slots=True)
class CacheInfo:
    folder: Path
    files: int  # cached catalogs
    total_bytes: int  # of every file of the cache


def info() -> CacheInfo:
    folder = cache_dir()
    files = list(_entries(folder, SUFFIX))
    size = 0
    for path in [*files, *_entries(folder, KEPT_SUFFIX)]:
        with contextlib.suppress(OSError):
            size += path.stat().st_size
    return CacheInfo(folder=folder, files=len(files), total_bytes=size)


def clear() -> int:
    """Remove every cache file, data kept beside one and stray temporary file of an interrupted
    write; return how many files were removed."""
    folder = cache_dir()
    removed = 0
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if _is_ours(path.name):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
    return removed


def _is_ours(name: str) -> bool:
    if name.endswith((SUFFIX, KEPT_SUFFIX)):
        return True
    temporary = name.startswith(".") and name.endswith(".tmp")
    return temporary and (SUFFIX in name or KEPT_SUFFIX in name)


# --- data kept beside a cached catalog ---------------------------------------------------------

_KEPT_NAME = set("abcdefghijklmnopqrstuvwxyz-")


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where a catalog read from the cache came from (kept in ``catalog.derived``).

    ``catalog_id`` is the id of the catalog whose ``derived`` holds this note: ``model_copy``
    copies ``derived`` to a catalog that may differ, and that one is not the cached catalog.
    """

    catalog_id: int
    file: Path
    digest: str  # of the cache file: what is kept beside it names it
    catalog_size: int


def keep(catalog: Catalog, name: str, make: Callable[[], object]) -> None:
    """Keep ``make()`` beside the cache file of ``catalog`` under ``name``, if ``catalog`` came
    from the cache (else ``make`` is not called). Plain data only (lists, dicts, tuples, str,
    int, float, bool, None); a failure to write means nothing is kept."""
    origin = _origin(catalog, name)
    if origin is None:
        return
    target = _kept_file(origin.file, name)
    head = b"".join([MAGIC, json.dumps(_kept_key(origin, name)).encode(), b"\n"])
    with contextlib.suppress(OSError, TypeError, ValueError, OverflowError):
        _write_atomically(target, head, [msgspec.msgpack.encode(make())])


def kept(catalog: Catalog, name: str, kind: Any) -> Any:
    """What was kept beside the cache file of ``catalog`` under ``name``, decoded as ``kind``
    (a type such as ``tuple[list[int], dict[str, list[int]]]``, checked while decoding), or None
    when there is nothing, it belongs to another version of the cache file, or it is damaged."""
    origin = _origin(catalog, name)
    if origin is None:
        return None
    target = _kept_file(origin.file, name)
    try:
        found = _read_container(target, _kept_key(origin, name), _size_limit(origin.catalog_size))
        if found is None:
            return None
        frames, _ = found
        (frame,) = frames
        value = msgspec.msgpack.decode(frame, type=kind)
    except Exception:  # damaged or forged: nothing kept
        return None
    return value


def _origin(catalog: Catalog, name: str) -> _Origin | None:
    if not name or not set(name) <= _KEPT_NAME:
        raise ValueError(f"not a name for kept data: {name!r}")
    origin = catalog.derived.get(__name__)
    if not isinstance(origin, _Origin) or origin.catalog_id != id(catalog):
        return None
    return origin


def _kept_file(cache: Path, name: str) -> Path:
    return cache.with_name(f"{cache.name.removesuffix(SUFFIX)}.{name}{KEPT_SUFFIX}")


def _kept_key(origin: _Origin, name: str) -> dict[str, Any]:
    return {"beside": origin.digest, "name": name, "format": CACHE_FORMAT}


# --- files: reading bounded, writing atomically ------------------------------------------------


def _size_limit(catalog_size: int) -> int:
    return _SIZE_FACTOR * catalog_size + _SIZE_SLACK


def _read_regular(path: Path, limit: int) -> tuple[bytes, os.stat_result] | None:
    """The content of ``path`` if it is a regular file of at most ``limit`` bytes that does not
    change while it is read (the one bounded reader, ``catalog.reading.read_bytes``); None for
    anything else: here that is a miss, not an error."""
    from mathpath.catalog.reading import read_bytes
    from mathpath.errors import MathpathError

    try:
        return read_bytes(path, limit=limit)
    except MathpathError:
        return None


def _read_container(
    path: Path, key: dict[str, Any], limit: int
) -> tuple[list[memoryview], bytes] | None:
    """The frames of the file at ``path`` and its digest, if it is a whole file written under
    ``key``; None otherwise. Nothing is decoded before the whole file is known to be what was
    written (or a forgery with a recomputed digest, which the typed decoding then refuses)."""
    found = _read_regular(path, limit)
    if found is None:
        return None
    data = found[0]
    if not data.startswith(MAGIC):
        return None
    header_end = data.find(b"\n", len(MAGIC))
    if header_end < 0:
        return None
    try:
        if json.loads(data[len(MAGIC) : header_end]) != key:
            return None
    except ValueError:
        return None
    body_end = len(data) - _DIGEST_SIZE
    view = memoryview(data)
    digest = data[body_end:]
    if body_end <= header_end or hashlib.sha256(view[:body_end]).digest() != digest:
        return None
    frames = []
    start = header_end + 1
    while start < body_end:
        if body_end - start < _LENGTH.size:
            return None
        (length,) = _LENGTH.unpack_from(view, start)
        start += _LENGTH.size
        if length > body_end - start:
            return None  # a truncated frame
        frames.append(view[start : start + length])
        start += length
    return frames, digest


def _write_atomically(target: Path, head: bytes, frames: Iterable[bytes]) -> None:
    """Write ``head``, the frames and the digest of both to a temporary file beside ``target``,
    frame by frame, then rename it over ``target`` (as ``learner.files.atomic_write`` does with
    bytes that are all in memory): a reader sees the old file or the new one, and an interrupted
    write leaves at most a stray ``.tmp`` file, which ``clear`` removes."""
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
    """Keep the ``MAX_ENTRIES`` most recently written cache files, and what is kept beside them."""
    entries = sorted(_entries(folder, SUFFIX), key=_mtime, reverse=True)
    for stale in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            stale.unlink()
    live = {path.name.removesuffix(SUFFIX) for path in entries[:MAX_ENTRIES]}
    for side in _entries(folder, KEPT_SUFFIX):
        if side.name.split(".", 1)[0] not in live:
            with contextlib.suppress(OSError):
                side.unlink()


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _entries(folder: Path, suffix: str) -> Iterator[Path]:
    with contextlib.suppress(OSError):
        yield from (p for p in folder.iterdir() if p.name.endswith(suffix) and p.is_file())


# --- the codec: frozen models <-> checked columns, derived from the models' annotations --------


class UnsupportedModel(Exception):
    """A field shape or constraint the codec does not know; such catalogs are simply not cached."""


_ROOT = -1  # the section number of the last frame, which holds the catalog's own fields
_new = object.__new__
_set = object.__setattr__
# A column is one field's values across the entries of a frame: encoded to plain data as a whole,
# and decoded as a whole into an iterable of as many values.
EncodeColumn = Callable[[list[Any]], Any]
DecodeColumn = Callable[[Any], Iterable[Any]]
# What each column decodes to, checked by msgspec: values are never used unchecked.
_Index = Annotated[int, msgspec.Meta(ge=0)]
_Indexes = list[_Index]
# A frame: (section, the new fields sets of each model, the new pooled instances of each model
# as that model's columns, the columns of the section's entries). The columns stay raw until
# the model whose columns they are is known, and are then decoded as that model's type.
_Frame = tuple[int, list[tuple[str, list[list[str]]]], list[tuple[str, msgspec.Raw]], msgspec.Raw]
_encode = msgspec.msgpack.encode


def _consume(iterator: Iterable[Any]) -> None:
    deque(iterator, maxlen=0)


def _counted_frames(catalog: Catalog) -> Iterator[bytes]:
    """The frames of ``catalog``, told to whoever listens (``catalog.progress``) as they go."""
    from mathpath.catalog.progress import counted
    from mathpath.i18n import _

    sections = (catalog.topics, catalog.resources, catalog.goals)
    frames = sum(-(-len(entries) // CHUNK_ENTRIES) for entries in sections) + 1
    return counted(_encode_catalog(catalog), _("Writing the cache"), frames)


def _encode_catalog(catalog: BaseModel, chunk: int = 0) -> Iterator[bytes]:
    """The frames of ``catalog``, each encoded when it is asked for (see the module docstring).

    A frame holds at most ``chunk`` (default ``CHUNK_ENTRIES``) entries of one section, or the
    catalog's own fields when its section is ``_ROOT``, after what the tables of fields sets and
    pooled instances gained while encoding them, which the decoder adds first.
    """
    chunk = chunk or CHUNK_ENTRIES
    codec = _Codec()
    root = codec.of(type(catalog))
    sections = root.sections()
    codec.resolve()
    codec.check_types(root, {position for position, _ in sections})  # what decoding will check
    for number, (position, item) in enumerate(sections):
        entries: list[Any] = catalog.__dict__[root.names[position]]
        for start in range(0, len(entries), chunk):
            columns = _encode(item.encode(entries[start : start + chunk]))
            yield _encode((number, *codec.news(), msgspec.Raw(columns)))
    # The sections are in the frames before: here each is just its number of entries.
    columns = _encode(root.encode([catalog], counted={position for position, _ in sections}))
    yield _encode((_ROOT, *codec.news(), msgspec.Raw(columns)))


def _decode_catalog(frames: Iterable[bytes | memoryview], model: type[BaseModel]) -> Any:
    """The instance of ``model`` that ``_encode_catalog`` wrote as ``frames``, every value
    checked against its field's type and constraints; raises on anything else."""
    codec = _Codec()
    root = codec.of(model)
    codec.resolve()  # every model a frame may name
    sections = root.sections()
    counted = {position for position, _ in sections}
    entries: list[list[Any]] = [[] for _ in sections]
    result: list[Any] = []
    frame_decoder = msgspec.msgpack.Decoder(_Frame)
    for frame in frames:
        if result:
            raise ValueError("a frame after the last one")
        number, fields_sets, pools, raw = frame_decoder.decode(frame)
        codec.add(fields_sets, pools)
        if number == _ROOT:
            columns = root.decode(raw, counted)
            for (position, _), built in zip(sections, entries, strict=True):
                if columns[position] != [len(built)]:
                    raise ValueError("entries are missing")
                columns[position] = [built]
            result = root.build(columns, ready=counted)
        elif 0 <= number < len(sections):
            item = sections[number][1]
            entries[number] += item.build(item.decode(raw))
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

    def check_types(self, root: _ModelCodec, counted: set[int]) -> None:
        """Raise ``UnsupportedModel`` now, before writing, for a model that decoding could not
        check: a file that could never be read back is not written."""
        for each in self.models.values():
            each.column_type(counted if each is root else ())

    def news(self) -> tuple[list[tuple[str, list[list[str]]]], list[tuple[str, msgspec.Raw]]]:
        """What each model's tables gained since the last call: fields sets, pooled instances."""
        fields_sets, pools = [], []
        for name, each in self.models.items():
            new_sets, new_pool = each.news()
            if new_sets:
                fields_sets.append((name, new_sets))
            if new_pool is not None:
                pools.append((name, msgspec.Raw(_encode(new_pool))))
        return fields_sets, pools

    def add(
        self, fields_sets: list[tuple[str, list[list[str]]]], pools: list[tuple[str, msgspec.Raw]]
    ) -> None:
        for name, new_sets in fields_sets:
            self.models[name].add_fields_sets(new_sets)
        for name, raw in pools:
            self.models[name].add_pool(raw)


class _ModelCodec:
    """Encodes instances of one model as columns: one per field, then the index of each
    instance's set of explicitly set fields (``model_fields_set``) in a table of the distinct
    ones. A *pooled* model (frozen, scalar fields only, like ``TopicNeed``) is encoded as indexes
    into a pool of its distinct instances: a 100k-resource catalog repeats the same requirement
    (topic, depth, note) thousands of times, and equal instances of it are one object.

    Decoding checks every column against the type derived from the field (``column_type``), then
    builds the instances the way ``model_construct`` does, minus its per-field Python work: each
    column is converted as a whole (``map`` with C functions: enum members by index, pooled
    instances by index), the ``__dict__`` of each instance is zipped from the columns, and the
    instances are made and filled by ``map`` too, so that no Python code runs per instance or per
    field. Instances of a frozen model share their ``model_fields_set`` (nothing can change it).
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
        self._decoders: dict[frozenset[int], msgspec.msgpack.Decoder[Any]] = {}
        self._building_type = False
        # (position, functions) of the plain fields with validators of their own (known once the
        # column type is built): run over each decoded column, as pydantic runs them after the
        # type's checks.
        self.after: list[tuple[int, list[Callable[[Any], Any]]]] = []
        # (position, check, reach) of each pattern a plain field's strings must match: checked
        # column by column by pydantic-core, whose regex engine is pydantic's (and four times as
        # fast as Python's, which msgspec would run per value).
        self.patterns: list[tuple[int, Any, Reach]] = []
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

    def column_type(self, counted: Container[int] = ()) -> Any:
        """The type the columns of this model decode to: each field's values as a list of the
        field's type with its constraints (``Field(pattern=..., gt=...)``, ``min_length``...),
        or the encoded form of a field that is not plain data; the fields-set indexes last."""
        if self._building_type:
            raise UnsupportedModel(f"{self.model.__name__} contains itself")
        self._building_type = True
        try:
            fields = list(self.model.model_fields.values())
            shaped = {position for position, _, _ in self.shapes}
            columns = []
            after: list[tuple[int, list[Callable[[Any], Any]]]] = []
            patterns: list[tuple[int, Any, Reach]] = []
            for position, field in enumerate(fields):
                if position in counted:
                    columns.append(_Indexes)
                elif position in shaped:
                    columns.append(_encoded_type(self.codec, field.annotation, field.metadata))
                else:
                    functions: list[Callable[[Any], Any]] = []
                    found: list[tuple[str, Reach]] = []
                    checked = _checked_type(field.annotation, field.metadata, functions, found)
                    columns.append(_list_of(checked))
                    if functions:
                        after.append((position, functions))
                    patterns += [(position, _pattern_check(p), reach) for p, reach in found]
            self.after = after
            self.patterns = patterns
            return _tuple_of(*columns, _Indexes)
        finally:
            self._building_type = False

    def decode(
        self, raw: msgspec.Raw | bytes, counted: frozenset[int] | set[int] = frozenset()
    ) -> Any:
        """The checked columns encoded in ``raw``, as a list (so that they can be replaced)."""
        key = frozenset(counted)
        decoder = self._decoders.get(key)
        if decoder is None:
            decoder = self._decoders[key] = msgspec.msgpack.Decoder(self.column_type(key))
        return self.checked(decoder.decode(raw))

    def checked(self, decoded: Iterable[Any]) -> list[Any]:
        """Columns that msgspec decoded, after the checks it cannot make (patterns and the
        fields' own validators), as a list (so that they can be replaced)."""
        columns = list(decoded)
        for position, check, reach in self.patterns:  # pydantic's own regex engine
            check.validate_python(reach(columns[position]))
        for position, functions in self.after:  # the field's own checks, written in Python
            for function in functions:
                columns[position] = list(map(function, columns[position]))
        return columns

    def build_checked(self, decoded: Iterable[Any]) -> list[Any]:
        """The instances of the columns of a model held inside another (a resource's parts):
        msgspec decoded them with the outer model's columns, the other checks run here."""
        return self.build(self.checked(decoded))

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
            # The encoded row is an exact key: 1, 1.0 and True, or 0.0 and -0.0, are different
            # keys, though equal as values.
            key = _encode(row)
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

    def news(self) -> tuple[list[list[str]], list[Any] | None]:
        """The fields sets and pooled instances (as columns) added since the last call."""
        fields_sets = list(self._fields_set_index)[self._fields_sets_sent :]
        self._fields_sets_sent += len(fields_sets)
        pool, self._pool_new = self._pool_new, []
        columns = [list(column) for column in zip(*pool, strict=True)] if pool else None
        return [sorted(fields) for fields in fields_sets], columns

    # --- decoding

    def add_fields_sets(self, fields_sets: list[list[str]]) -> None:
        for fields in fields_sets:
            if not set(fields) <= set(self.names):
                raise UnsupportedModel(f"{self.model.__name__}: fields do not match")
            self.fields_sets.append(set(fields))

    def add_pool(self, raw: msgspec.Raw) -> None:
        if not self.pooled:
            raise UnsupportedModel(f"{self.model.__name__} is not pooled")
        self.instances += self.build(self.decode(raw))

    def build(self, columns: list[Any], ready: Container[int] = ()) -> list[Any]:
        """The instances of checked ``columns``; those at ``ready`` hold decoded values."""
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
        return one.encode, one.build_checked
    if _is_enum(annotation):
        return _enum_shape(tuple(annotation))
    if origin is list and len(args) == 1:
        inner = _shape(codec, args[0])
        if inner is None:
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
    return None


def _encoded_type(codec: _Codec, annotation: Any, metadata: Iterable[Any] = ()) -> Any:
    """The checked type of the encoded column of a field that ``_shape`` encodes."""
    annotation, metadata = _unpack(annotation, metadata)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if _is_model(annotation):
        one = codec.of(annotation)
        return _Indexes if one.pooled else one.column_type()
    if _is_enum(annotation):
        return list[Annotated[int, msgspec.Meta(ge=0, lt=len(annotation))]]
    if origin is list and len(args) == 1:
        # the lengths, which carry the list's own constraints (min_length=1 on teaches)
        bounds = _meta(metadata, for_length=True)
        if set(bounds) - {"min_length", "max_length"}:
            raise UnsupportedModel(f"constraints {bounds} on a list of models")
        length: Any = Annotated[int, msgspec.Meta(ge=max(0, bounds.get("min_length", 0)))]
        if "max_length" in bounds:
            length = Annotated[length, msgspec.Meta(le=bounds["max_length"])]
        return _tuple_of(_list_of(length), _encoded_type(codec, args[0]))
    if origin in (types.UnionType, typing.Union):
        other = _strip_annotated(next(a for a in args if a is not type(None)))
        if _is_enum(other):
            return list[Annotated[int, msgspec.Meta(ge=0, le=len(other))]]  # len(other): None
        return _tuple_of(list[bool], _encoded_type(codec, other, metadata))
    raise UnsupportedModel(repr(annotation))


_PLAIN = (str, int, float, bool, type(None))


# Which strings of a column of a field's values a pattern applies to: the column itself, the
# items of its lists, the keys or values of its dicts, its strings among None...
Reach = Callable[[list[Any]], list[Any]]


def _checked_type(
    annotation: Any,
    metadata: Iterable[Any] = (),
    after: list[Callable[[Any], Any]] | None = None,
    patterns: list[tuple[str, Reach]] | None = None,
    reach: Reach = list,
) -> Any:
    """The msgspec type of a plain field's values, with its constraints; ``UnsupportedModel``
    unless every value of the type survives MessagePack unchanged and every constraint is known
    (an unknown constraint is never silently left unchecked). The field's ``AfterValidator``
    functions are added to ``after`` (given for a field's own type only), and each pattern with
    the strings it applies to, to ``patterns``."""
    annotation, metadata = _unpack(annotation, metadata)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    found = patterns if patterns is not None else []

    def inner(arg: Any, step: Reach) -> Any:
        return _checked_type(arg, (), None, found, lambda column: step(reach(column)))

    if annotation in _PLAIN or origin is typing.Literal:
        checked = annotation
    elif origin is list and len(args) == 1:
        checked = _list_of(inner(args[0], _items))
    elif origin is dict and len(args) == 2:
        checked = dict.__class_getitem__((inner(args[0], _items), inner(args[1], _values)))
    elif origin in (types.UnionType, typing.Union):
        checked = typing.Union[tuple(inner(arg, _arm_values(arg)) for arg in args)]  # noqa: UP007
    else:
        raise UnsupportedModel(repr(annotation))
    meta = _meta(metadata, for_length=origin in (list, dict) or annotation is str, after=after)
    pattern = meta.pop("pattern", None)
    if pattern is not None:
        if annotation is not str or patterns is None:
            raise UnsupportedModel(f"a pattern on {annotation!r}")
        found.append((pattern, reach))
    return Annotated[checked, msgspec.Meta(**meta)] if meta else checked


def _unpack(annotation: Any, metadata: Iterable[Any]) -> tuple[Any, list[Any]]:
    """The bare annotation and all its metadata, from ``Annotated`` layers and ``FieldInfo``s."""
    found = list(metadata)
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *more = typing.get_args(annotation)
        found += more
    return annotation, found


def _meta(
    metadata: Iterable[Any], *, for_length: bool, after: list[Callable[[Any], Any]] | None = None
) -> dict[str, Any]:
    """Pydantic's constraint metadata as ``msgspec.Meta`` arguments; ``AfterValidator``
    functions go to ``after``."""
    import inspect

    import annotated_types
    from pydantic import AfterValidator
    from pydantic.fields import FieldInfo

    meta: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            meta.update(_meta(item.metadata, for_length=for_length, after=after))
        elif isinstance(item, AfterValidator):
            # Only a function of the value alone can be run here, and only on a field's own
            # values (not the items of a list): anything else is a shape the codec refuses.
            if after is None or len(inspect.signature(item.func).parameters) != 1:
                raise UnsupportedModel(f"validator {item!r}")
            after.append(item.func)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Gt):
            meta["gt"] = item.gt
        elif isinstance(item, annotated_types.Ge):
            meta["ge"] = item.ge
        elif isinstance(item, annotated_types.Lt):
            meta["lt"] = item.lt
        elif isinstance(item, annotated_types.Le):
            meta["le"] = item.le
        elif isinstance(item, annotated_types.MinLen | annotated_types.MaxLen):
            if not for_length:
                raise UnsupportedModel(f"a length constraint on a value without one: {item!r}")
            if isinstance(item, annotated_types.MinLen):
                meta["min_length"] = item.min_length
            else:
                meta["max_length"] = item.max_length
        elif _is_strict(item):
            pass  # msgspec decodes MessagePack strictly: no text as a number, no number as text
        elif _is_general(item):
            for name, value in vars(item).items():
                if name == "pattern" and isinstance(value, str):
                    meta["pattern"] = value
                elif name == "strict" and value is True:
                    pass
                elif value is not None:
                    raise UnsupportedModel(f"constraint {name}={value!r}")
        else:
            raise UnsupportedModel(f"constraint {item!r}")
    return meta


def _items(column: list[Any]) -> list[Any]:
    """The items of a column of lists, or the keys of a column of dicts."""
    return list(chain.from_iterable(column))


def _values(column: list[Any]) -> list[Any]:
    return list(chain.from_iterable(map(dict.values, column)))


def _strings(column: list[Any]) -> list[Any]:
    return [value for value in column if type(value) is str]


def _lists(column: list[Any]) -> list[Any]:
    return [value for value in column if type(value) is list]


def _dicts(column: list[Any]) -> list[Any]:
    return [value for value in column if type(value) is dict]


def _arm_values(arm: Any) -> Reach:
    """The values of a column of a union's values that are of one arm of it: the lists of
    ``list[LangCode] | None``, so that the patterns inside the lists are checked too."""
    bare = _strip_annotated(arm)
    kind = typing.get_origin(bare) or bare
    return _lists if kind is list else _dicts if kind is dict else _strings


@cache
def _pattern_check(pattern: str) -> Any:
    """A pydantic-core validator of a list of strings matching ``pattern``."""
    from pydantic_core import SchemaValidator, core_schema

    return SchemaValidator(core_schema.list_schema(core_schema.str_schema(pattern=pattern)))


def _is_strict(item: Any) -> bool:
    from pydantic.types import Strict

    return isinstance(item, Strict) and bool(item.strict)


def _is_general(item: Any) -> bool:
    """Pydantic's own metadata object (``pattern``, ``strict``...), whose class is private."""
    return type(item).__name__ == "_PydanticGeneralMetadata"


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
        if bounds[-1] != len(items):
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


def _list_of(item: Any) -> Any:
    """``list[item]`` for an item type made at run time."""
    return list.__class_getitem__(item)


def _tuple_of(*items: Any) -> Any:
    """``tuple[*items]`` for item types made at run time."""
    return tuple.__class_getitem__(items)


def _strip_annotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation
