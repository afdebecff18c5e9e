"""A catalog's names (goal, resource and topic ids, topic aliases, with their titles), kept
beside its cache file so that shell completion can read them without loading the catalog.

Loading even a cached catalog imports pydantic and builds every model (~0.2 s for the bundled
one on a slow machine); the names alone are one small MessagePack value that decodes in a
millisecond or two. ``store`` writes them whenever a catalog has just been cached (and shell
completion writes them after loading a catalog it found no names for); ``load`` gives them back
only for the very file they were taken from.

Never stale: the key is the catalog's resolved path, size, ``mtime_ns``, ``ctime_ns`` and inode
(taken from the same reading that was parsed: ``Source.stat``), and the code that decides what
a catalog file parses to (mathpath's version and its catalog modules, as the cache's key). Any
write to the file changes its ``ctime``, which no program can set back, so a changed catalog
never matches; unlike the cache, the content is not hashed, because completion has to answer
within a keystroke even for a large catalog. Never trusted: the value is decoded into its type
(``Names``), anything else is a miss. An invalid catalog is never cached, so it has no names.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from mathpath.catalog import _cache

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog

NAME = "names"
FORMAT = 1


class Names(msgspec.Struct, frozen=True):
    """What completes on the command line, each with a one-line description (plain text)."""

    goals: list[tuple[str, str]]  # (id, name)
    resources: list[tuple[str, str]]  # (id, title)
    topics: list[tuple[str, str]]  # (id, name)
    aliases: list[tuple[str, str]]  # (alias, topic id)


def names_of(catalog: Catalog) -> Names:
    """The names of ``catalog``, in catalog order."""
    return Names(
        goals=[(goal.id, goal.name) for goal in catalog.goals],
        resources=[(resource.id, resource.title) for resource in catalog.resources],
        topics=[(topic.id, topic.name) for topic in catalog.topics],
        aliases=[(alias, topic.id) for topic in catalog.topics for alias in topic.aliases],
    )


def _file(catalog_path: Path) -> Path:
    return _cache._kept_file(_cache.cache_file(catalog_path), NAME)


def _key(resolved: str, info: os.stat_result) -> dict[str, Any]:
    return {
        "name": NAME,
        "format": FORMAT,
        "path": resolved,
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "ctime_ns": info.st_ctime_ns,
        "inode": info.st_ino,
        "code": _cache.code_key(),
    }


def store(source: _cache.Source, catalog: Catalog) -> None:
    """Keep the names of ``catalog``, just parsed (or read back) from ``source``; a failure to
    write means nothing is kept."""
    if source.stat is None:
        return
    with contextlib.suppress(OSError, RuntimeError, TypeError, ValueError, OverflowError):
        key = _key(str(source.path.resolve()), source.stat)
        head = b"".join([_cache.MAGIC, json.dumps(key).encode(), b"\n"])
        target = _file(source.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        _cache._write_atomically(target, head, [msgspec.msgpack.encode(names_of(catalog))])


def names_for(catalog_path: Path) -> Names | None:
    """The names of the catalog at ``catalog_path``: those kept for it, else read from its
    cached catalog, else from loading it (which caches it); None if it does not load."""
    found = load(catalog_path)
    if found is not None:
        return found
    from mathpath.errors import MathpathError

    try:
        source = _cache.read_source(catalog_path)
        if source is None:
            return None
        catalog = _cache.load(source)
        if catalog is None:  # not cached yet: loading caches it, and keeps its names
            from mathpath.catalog.load import load_catalog

            return names_of(load_catalog(catalog_path, use_cache=True))
        store(source, catalog)
        return names_of(catalog)
    except MathpathError:  # an invalid catalog has no names
        return None


def load(catalog_path: Path) -> Names | None:
    """The names kept for the catalog file at ``catalog_path`` as it is now, or None."""
    try:
        resolved = str(catalog_path.resolve())
        info = os.stat(resolved)
        found = _cache._read_container(
            _file(catalog_path), _key(resolved, info), _cache._size_limit(info.st_size)
        )
        if found is None:
            return None
        frames, _ = found
        (frame,) = frames
        return msgspec.msgpack.decode(frame, type=Names)
    except Exception:  # missing, damaged or forged: no names
        return None
