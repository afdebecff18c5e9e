"""The one JSON envelope of every ``--json`` and ``--format json`` output.

Every JSON document mathpath prints is an object that starts with ``schema_version`` and
``kind``; what it is about comes under the key named by its kind::

    {"schema_version": 2, "kind": "resources", "resources": [...]}

The plan alone keeps its fields beside the two (it always had ``schema_version``, and saved plans
are read back field by field). ``SCHEMA_VERSIONS`` is each contract's version, raised only for a
change that breaks a reader (the README's "JSON output" table says what changed in each). The
text is indented by two spaces, as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it
(``export._jsontext``), plus a final newline; long outputs are written in batches as they are
made, never whole in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from mathpath.export._jsontext import dumps_indented, write_indented

# kind -> the version of its contract. Version 1 of the others was their bare shape (an array
# or an object) without the envelope; putting it under the kind's key made them 2.
SCHEMA_VERSIONS: dict[str, int] = {
    "plan": 1,  # `plan --format json`, `plan -o FILE.json`: kind added beside the fields
    "resources": 2,  # `list --json`
    "resource": 2,  # `show --json`
    "topics": 2,  # `topics --json`
    "goals": 2,  # `goals --json`
    "explanation": 2,  # `why --json`
    "status": 2,  # `status --json`
    "diff": 2,  # `plan --diff --format json`
    "profile": 2,  # `profile show --json`
    "cache": 2,  # `cache info --json`
    "graph": 1,  # `graph --format json` (new)
    "today": 1,  # `today --format json` (new)
    "check": 1,  # `check --format json` (new)
    "next": 1,  # `next --format json` (new)
    "review": 1,  # `review --format json` (new)
}

CHUNK = 1 << 16  # characters gathered before each write


def header(kind: str) -> dict[str, Any]:
    """The two keys every JSON output starts with."""
    return {"schema_version": SCHEMA_VERSIONS[kind], "kind": kind}


def envelope(kind: str, body: Any) -> dict[str, Any]:
    """``body`` in the envelope of ``kind``."""
    return {**header(kind), kind: body}


def write_json(kind: str, body: Any, write: Callable[[str], object]) -> None:
    """``envelope(kind, body)`` as indented JSON text and a final newline, through ``write``."""
    write_indented(envelope(kind, body), write, chunk=CHUNK)
    write("\n")


def write_json_list(kind: str, items: Iterable[Any], write: Callable[[str], object]) -> None:
    """``write_json(kind, list(items), write)``, with the items encoded one by one as they come
    (a 100,000-resource ``list --json`` never holds the list or its text)."""
    head = dumps_indented(header(kind))  # '{\n  "schema_version": 2,\n  "kind": "..."\n}'
    parts = [head[:-2], f",\n  {dumps_indented(kind)}: ["]
    size = 0
    opening = "\n    "
    for item in items:
        text = opening + dumps_indented(item).replace("\n", "\n    ")
        parts.append(text)
        size += len(text)
        opening = ",\n    "
        if size >= CHUNK:
            write("".join(parts))
            parts.clear()
            size = 0
    parts.append("]\n}\n" if opening == "\n    " else "\n  ]\n}\n")
    write("".join(parts))


__all__ = ["SCHEMA_VERSIONS", "envelope", "header", "write_json", "write_json_list"]
