"""Indented JSON text, byte-identical to ``json.dumps(value, ensure_ascii=False, indent=2)``.

The standard library only uses its C encoder when ``indent`` is None; with an indent it falls
back to a pure-Python encoder that passes every piece of text up through a chain of nested
generators. A 100,000-resource plan (about 5,000 items) took 0.4 s to encode that way. This
writer walks the value once with plain recursion and appends to one list, using the standard
library's own string and number formatting, so the text is the same, in about half the time
(benchmarks/results.md). Anything it does not expect (a non-string key, an unknown type) is
handed to ``json.dumps`` itself, so the result is always what ``json.dumps`` would give.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

_INDENT = "  "


def dumps_indented(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, faster for large plain data."""
    return _text(value, "\n", {})


def write_indented(value: Any, write: Callable[[str], object], *, chunk: int = 1 << 16) -> None:
    """Write ``dumps_indented(value)`` through ``write`` in pieces of about ``chunk`` characters:
    the items of the value and of the containers directly in it are encoded one by one and
    passed on in batches, so the text of a large value never exists whole (a 100k-resource
    plan: its 7 MB text and the ~1M strings it is joined from). A value ``json.dumps`` cannot
    encode raises its error after the batches before it were written."""
    batch = _Batch(write, chunk)
    _stream(value, batch.add, "\n", {}, 2)
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


def _stream(
    value: Any, write: Callable[[str], object], newline: str, keys: dict[str, str], depth: int
) -> None:
    if depth == 0 or not value or not isinstance(value, dict | list | tuple):
        write(_text(value, newline, keys))
        return
    if isinstance(value, dict) and not all(isinstance(key, str) for key in value):
        write(_text(value, newline, keys))  # json.dumps converts such keys
        return
    inner = newline + _INDENT
    if isinstance(value, dict):
        opening, closing = "{", "}"
        items = [(encode_basestring(key) + ": ", item) for key, item in value.items()]
    else:
        opening, closing = "[", "]"
        items = [("", item) for item in value]
    separator = opening + inner
    for prefix, item in items:
        write(separator + prefix)
        _stream(item, write, inner, keys, depth - 1)
        separator = "," + inner
    write(newline + closing)


def _text(value: Any, newline: str, keys: dict[str, str]) -> str:
    """The text of ``value`` at the indent ``newline`` ends with. What this module does not
    handle is left to ``json.dumps``, whose text at the top level is re-indented: JSON text has
    no line breaks inside strings, so each one is where a nested line starts."""
    parts: list[str] = []
    try:
        _write(value, parts, newline, keys)
    except _Unsupported:
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)
    return "".join(parts)


class _Unsupported(Exception):
    """A value this writer leaves to ``json.dumps`` (which also raises the right errors)."""


def _scalar(value: Any) -> str:
    """The JSON text of a scalar, formatted exactly as ``json.dumps`` formats it."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value == float("inf"):
            return "Infinity"
        if value == float("-inf"):
            return "-Infinity"
        return float.__repr__(value)
    raise _Unsupported


def _write(value: Any, out: list[str], newline: str, keys: dict[str, str]) -> None:
    """Append ``value``'s text to ``out``; ``newline`` is a line break plus the current indent.

    ``keys`` remembers each key's text with its ``": "``: a plan repeats the same few keys
    thousands of times. Exact ``str``, ``int``, ``None`` and containers, which are nearly all
    of a plan, are handled inline; anything else goes through ``_other``.
    """
    append = out.append
    if isinstance(value, dict):
        if not value:
            append("{}")
            return
        inner = newline + _INDENT
        separator = "{" + inner
        for key, item in value.items():
            text = keys.get(key)
            if text is None:
                if not isinstance(key, str):
                    raise _Unsupported
                text = keys[key] = encode_basestring(key) + ": "
            append(separator + text)
            kind = type(item)
            if kind is str:
                append(encode_basestring(item))
            elif kind is dict or kind is list:
                _write(item, out, inner, keys)
            elif kind is int:
                append(int.__repr__(item))
            elif kind is bool:
                append("true" if item else "false")
            elif kind is float and item - item == 0.0:  # finite (inf - inf and NaN are NaN)
                append(float.__repr__(item))
            elif item is None:
                append("null")
            else:
                _other(item, out, inner, keys)
            separator = "," + inner
        append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            append("[]")
            return
        inner = newline + _INDENT
        separator = "[" + inner
        for item in value:
            append(separator)
            kind = type(item)
            if kind is str:
                append(encode_basestring(item))
            elif kind is dict or kind is list:
                _write(item, out, inner, keys)
            else:
                _other(item, out, inner, keys)
            separator = "," + inner
        append(newline + "]")
    else:
        append(_scalar(value))


def _other(value: Any, out: list[str], newline: str, keys: dict[str, str]) -> None:
    """A value that is not exactly a str or a dict or list: a scalar, a tuple or a subclass."""
    if isinstance(value, dict | list | tuple):
        _write(value, out, newline, keys)
    else:
        out.append(_scalar(value))


__all__ = ["dumps_indented", "write_indented"]
