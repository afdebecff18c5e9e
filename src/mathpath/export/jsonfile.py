"""A plan as a JSON file: exactly what ``mathpath plan --format json`` prints on stdout.

The object itself is defined once, in ``mathpath.plan_json`` (the versioned JSON contract); this
module only fixes the bytes: UTF-8, non-ASCII text kept readable, two-space indent, final newline.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mathpath.plans import Plan


def plan_to_json_text(plan: Plan) -> str:
    from mathpath.plan_json import plan_to_dict

    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n"


def plan_to_json(plan: Plan) -> bytes:
    return plan_to_json_text(plan).encode("utf-8")
