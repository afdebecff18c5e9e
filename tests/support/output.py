"""Reading what the commands print: a JSON output's envelope, checked, and its body."""

from __future__ import annotations

import json
from typing import Any

from mathpath.export.envelope import SCHEMA_VERSIONS


def json_body(text: str | bytes, kind: str) -> Any:
    """The body of a JSON output of ``kind``, after checking that it starts with the envelope."""
    data = json.loads(text)
    assert isinstance(data, dict), data
    assert list(data)[:3] == ["schema_version", "kind", kind], list(data)
    assert data["schema_version"] == SCHEMA_VERSIONS[kind]
    assert data["kind"] == kind
    return data[kind]
