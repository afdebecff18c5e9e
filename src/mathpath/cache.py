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
cache. Writes go through ``atomic_write``, so a concurrent process sees the old file or the new
one. An invalid catalog is never cached: its errors show on every run.

Format (measured, see docs/readme/performance.md): a header line with the key as JSON, a line with
the SHA-256 of the payload, then the payload: ``marshal`` of plain data (a dict of field values per
model, enum values as strings, requirements as indexes into a pool of the distinct ones), rebuilt
into the frozen models *without* re-validation, since only data that passed validation is ever
written. It loads as fast as ``pickle`` of the same models (0.44 s and 0.43 s for 100k resources;
``model_validate_json`` takes 2.5 s) but, unlike ``pickle``, cannot run code: ``marshal`` only
builds plain values, and the payload is checked against its digest before it is read.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import marshal
import os
import sys
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mathpath.errors import MathpathError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from mathpath.models import Catalog

CACHE_ENV = "MATHPATH_CACHE_DIR"
HOME_ENV = "MATHPATH_HOME"
CACHE_FORMAT = 3
SUFFIX = ".catalog-cache"
MAGIC = b"mathpath catalog cache\n"
MAX_ENTRIES = 16  # one per catalog path; the least recently written are removed beyond this
# The modules whose code decides what a catalog file parses to.
_SOURCE_MODULES = ("models.py", "validate.py", "catalog.py", "yamlsource.py", "cache.py")


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

    here = Path(__file__).parent
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
    from mathpath.yamlsource import MAX_FILE_BYTES  # only a miss needs YAML; a hit never does

    try:
        text = _decode(raw) if len(raw) <= MAX_FILE_BYTES else None
    except UnicodeDecodeError:
        text = None
    # Neither the bytes nor the text may outlive parsing: the cache payload is built after it,
    # and at 100k resources they held ~190 MB more at the peak than `validate` needs. `parse`
    # gets the text as a temporary, so its frame holds the only reference (and drops it).
    del raw
    if text is None:
        return _parse_file(catalog_path, parse)
    box = [text]
    del text
    catalog = parse(box.pop(), str(catalog_path))
    _write_cache(target, key, catalog)
    return catalog


def _parse_file(path: Path, parse: Callable[[str, str], Catalog]) -> Catalog:
    """The uncached path, which reports an unreadable, too large or non-UTF-8 file as usual."""
    from mathpath.yamlsource import read_text

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
    digest_end = data.index(b"\n", header_end + 1)
    payload = memoryview(data)[digest_end + 1 :]
    if hashlib.sha256(payload).hexdigest().encode() != data[header_end + 1 : digest_end]:
        return None
    from mathpath.models import Catalog

    catalog: Catalog = _decode_catalog(marshal.loads(payload), Catalog)
    return catalog


def _write_cache(target: Path, key: dict[str, Any], catalog: Catalog) -> None:
    try:
        payload = marshal.dumps(_encode_catalog(catalog))
    except UnsupportedModel:
        return
    header = json.dumps(key, sort_keys=True).encode()
    digest = hashlib.sha256(payload).hexdigest().encode()
    blob = b"".join([MAGIC, header, b"\n", digest, b"\n", payload])
    with contextlib.suppress(OSError, MathpathError):
        from mathpath.fileio import atomic_write

        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, blob)
        _prune(target.parent)


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


# --- the codec: frozen models <-> plain data, derived from the models' annotations -------------


class UnsupportedModel(Exception):
    """A field shape the codec does not know; such catalogs are simply not cached."""


_new = object.__new__
_FIELDS_SET = ""  # the key of the fields-set index in an encoded model (never a field name)
_set = object.__setattr__
Convert = Callable[[Any], Any]


class _Codec:
    """One encoding or decoding: a ``_ModelCodec`` per model class.

    Each has a table of the distinct sets of explicitly set fields (``model_fields_set``), and a
    *pooled* model (frozen, scalar fields only, like ``TopicNeed``) a pool of its distinct
    instances, which the encoded data refers to by index.
    """

    def __init__(
        self,
        tables: dict[str, list[list[str]]] | None = None,
        pools: dict[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        self.models: dict[str, _ModelCodec] = {}
        self.tables = tables or {}
        self.pools = pools or {}

    def of(self, model: type[BaseModel]) -> _ModelCodec:
        name = f"{model.__module__}.{model.__qualname__}"
        if name not in self.models:
            self.models[name] = _ModelCodec(
                self, model, self.tables.get(name, []), self.pools.get(name, [])
            )
        return self.models[name]

    def encode(self, root: BaseModel) -> list[Any]:
        body = self.of(type(root)).encode(root)
        tables = {
            name: [sorted(fields) for fields in codec.fields_sets]
            for name, codec in self.models.items()
        }
        pools = {name: codec.pool for name, codec in self.models.items() if codec.pooled}
        return [tables, pools, body]


def _encode_catalog(catalog: BaseModel) -> list[Any]:
    return _Codec().encode(catalog)


def _decode_catalog(data: Any, root: type[BaseModel]) -> Any:
    tables, pools, body = data
    return _Codec(tables, pools).of(root).decode_all([body])[0]


class _ModelCodec:
    """Encodes a model as ``{field: value, ..., "": fields_set_index}``, or a pooled model as the
    index of that dict in its pool.

    Decoding builds the instance the way ``model_construct`` does, minus its per-field Python
    work: the values were validated before they were encoded, and the decoded dict itself becomes
    the instance's ``__dict__``. Instances of a frozen model share their ``model_fields_set``
    (nothing can change it), and equal instances of a pooled model are one object: a
    100k-resource catalog repeats the same requirement (topic, depth, note) thousands of times.
    """

    def __init__(
        self,
        codec: _Codec,
        model: type[BaseModel],
        table: list[list[str]],
        pool: list[dict[str, Any]],
    ) -> None:
        if model.__private_attributes__ or model.model_config.get("extra") == "allow":
            raise UnsupportedModel(model.__name__)
        self.codec = codec
        self.model = model
        self.names = tuple(model.model_fields)
        self.fields_sets: list[frozenset[str]] = [frozenset(fields) for fields in table]
        self.shared = bool(model.model_config.get("frozen"))
        self.pooled = self.shared and all(
            _is_scalar(field.annotation) for field in model.model_fields.values()
        )
        self.pool = pool
        self._pool_index: dict[tuple[Any, ...], int] = {}
        self._instances: list[Any] | None = None
        self._converters: list[tuple[str, Convert, Convert]] | None = None
        self._sets: list[set[str]] | None = None

    @property
    def converters(self) -> list[tuple[str, Convert, Convert]]:
        # Resolved on first use, so that models referring to each other do not recurse.
        if self._converters is None:
            self._converters = []
            for name, field in self.model.model_fields.items():
                shape = _shape(self.codec, field.annotation)
                if shape is not None:
                    self._converters.append((name, *shape))
        return self._converters

    def encode(self, instance: BaseModel) -> Any:
        fields_set = frozenset(instance.model_fields_set)
        if fields_set not in self.fields_sets:
            self.fields_sets.append(fields_set)
        values = {name: instance.__dict__[name] for name in self.names}
        for name, to_plain, _ in self.converters:
            values[name] = to_plain(values[name])
        values[_FIELDS_SET] = self.fields_sets.index(fields_set)
        if not self.pooled:
            return values
        key = tuple(values.values())
        index = self._pool_index.get(key)
        if index is None:
            index = self._pool_index[key] = len(self.pool)
            self.pool.append(values)
        return index

    def decode_all(self, items: list[Any]) -> list[Any]:
        if not items:  # most lists of translations, requirements... are empty
            return []
        if not self.pooled:
            return self._build(items)
        if self._instances is None:
            self._instances = self._build(self.pool)
        instances = self._instances
        return [instances[index] for index in items]

    def _build(self, items: list[dict[str, Any]]) -> list[Any]:
        model, converters = self.model, self.converters
        if self._sets is None:
            self._sets = [set(fields) for fields in self.fields_sets]
        sets, shared, size = self._sets, self.shared, len(self.names) + 1
        result: list[Any] = []
        append = result.append
        for values in items:
            if len(values) != size:
                raise UnsupportedModel(f"{model.__name__}: fields do not match")
            for name, _, from_plain in converters:
                values[name] = from_plain(values[name])
            fields_set = sets[values.pop(_FIELDS_SET)]
            instance = _new(model)
            _set(instance, "__dict__", values)
            _set(instance, "__pydantic_fields_set__", fields_set if shared else set(fields_set))
            _set(instance, "__pydantic_extra__", None)
            _set(instance, "__pydantic_private__", None)
            append(instance)
        return result


def _is_scalar(annotation: Any) -> bool:
    annotation = _strip_annotated(annotation)
    origin = typing.get_origin(annotation)
    if annotation in _PLAIN or origin is typing.Literal:
        return True
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return True
    if origin in (types.UnionType, typing.Union):
        return all(_is_scalar(arg) for arg in typing.get_args(annotation))
    return False


def _shape(codec: _Codec, annotation: Any) -> tuple[Convert, Convert] | None:
    """(to_plain, from_plain) for a field whose values are not plain data; None if they are."""
    from pydantic import BaseModel

    annotation = _strip_annotated(annotation)
    origin = typing.get_origin(annotation)
    args = tuple(_strip_annotated(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        one = codec.of(annotation)
        return one.encode, lambda value: one.decode_all([value])[0]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        members = {member.value: member for member in annotation}
        return (lambda member: member.value), members.__getitem__
    if origin is list and len(args) == 1:
        inner = args[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            each = codec.of(inner)
            return (lambda values: [each.encode(v) for v in values]), each.decode_all
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            lookup = {member.value: member for member in inner}
            return (lambda values: [v.value for v in values]), (
                lambda values: [lookup[v] for v in values]
            )
        _require_plain(inner)
        return None
    if origin in (types.UnionType, typing.Union):
        others = [a for a in args if a is not type(None)]
        if len(others) == 1 and len(args) == 2:
            shape = _shape(codec, others[0])
            if shape is None:
                return None
            to_plain, from_plain = shape
            return (
                lambda v: None if v is None else to_plain(v),
                lambda v: None if v is None else from_plain(v),
            )
    _require_plain(annotation)
    return None


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
