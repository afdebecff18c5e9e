"""A plan as a JSON file: byte for byte what ``mathpath plan --format json`` prints on stdout.

The object is defined once, in ``mathpath.export.plan_json`` (the versioned JSON contract:
``json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2)`` plus a final newline); this module
only encodes that text as UTF-8, so a file and stdout can never drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan


def plan_to_json(plan: Plan) -> bytes:
    from mathpath.export.plan_json import plan_to_json as plan_json_text

    return plan_json_text(plan).encode("utf-8")
