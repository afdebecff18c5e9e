"""Indented JSON text, by msgspec's C encoder and formatter.

The text is ``json.dumps(value, ensure_ascii=False, indent=2)``'s for the data mathpath writes
(strings, ints, bools, None, finite floats between 1e-4 and 1e16, lists, tuples and dicts with
string keys): the standard library only uses its C encoder without an indent, and its pure-Python
indenting encoder took 1.3 s for the 17 MB JSON of a 100,000-resource plan, msgspec 0.1 s
(benchmarks/results.md). Where the two differ, msgspec's text is still JSON that reads back to
the same value: ``1e16`` for ``1e+16``, ``0.00001`` for ``1e-05``, and ``null`` for NaN and the
infinities (which ``json.dumps`` writes as ``NaN``, not JSON at all). A value msgspec cannot
encode (an object of an unknown type, a dict with ``None`` keys) raises ``TypeError``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

_encode = msgspec.json.Encoder().encode


def dumps_indented(value: Any) -> str:
    """``value`` as JSON text indented by two spaces."""
    return msgspec.json.format(_encode(value), indent=2).decode()


def write_indented(value: Any, write: Callable[[str], object], *, chunk: int = 1 << 16) -> None:
    """Write ``dumps_indented(value)`` through ``write`` in pieces of about ``chunk`` characters:
    the items of the value and of the containers directly in it are encoded one by one and
    passed on in batches, so the text of a large value never exists whole (a 100k-resource
    plan's is 17 MB). A value that cannot be encoded raises after the batches before it were
    written."""
    batch = _Batch(write, chunk)
    _stream(value, batch.add, "\n", 2)
    batch.flush()


class _Batch:
    """Texts gathered until they reach ``size`` characters, then written joined: few calls to
    ``write`` however the stream buffers (click's stdout wrapper flushes at every line break)."""

    def __init__(self, write: Callable[[str], object], size: int) -> None:
        self.write = write
        self.size = size
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        if self.length >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.write("".join(self.parts))
            self.parts.clear()
            self.length = 0


def _stream(value: Any, write: Callable[[str], object], newline: str, depth: int) -> None:
    leaf = depth == 0 or not value or not isinstance(value, dict | list | tuple)
    if leaf or (isinstance(value, dict) and not all(isinstance(key, str) for key in value)):
        # JSON text has no line breaks inside strings: each one starts a nested line.
        write(dumps_indented(value).replace("\n", newline))
        return
    inner = newline + "  "
    if isinstance(value, dict):
        opening, closing = "{", "}"
        items = [(_encode(key).decode() + ": ", item) for key, item in value.items()]
    else:
        opening, closing = "[", "]"
        items = [("", item) for item in value]
    separator = opening + inner
    for prefix, item in items:
        write(separator + prefix)
        _stream(item, write, inner, depth - 1)
        separator = "," + inner
    write(newline + closing)


__all__ = ["dumps_indented", "write_indented"]
