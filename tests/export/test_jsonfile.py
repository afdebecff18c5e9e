"""The JSON export is the JSON contract, encoded as UTF-8."""

from __future__ import annotations

import json

import pytest

from mathpath.export.jsonfile import plan_to_json
from mathpath.plans import Plan

from .conftest import ITEMS, PlanFactory

plan_json = pytest.importorskip("mathpath.plan_json")


def test_same_object_and_layout_as_stdout(plan: Plan) -> None:
    data = plan_to_json(plan)
    expected = json.dumps(plan_json.plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n"
    assert data == expected.encode("utf-8")
    assert json.loads(data) == json.loads(json.dumps(plan_json.plan_to_dict(plan)))


def test_non_ascii_kept_readable(make_plan: PlanFactory) -> None:
    rid, minutes, start, end, _, after, needed_by = ITEMS[0]
    plan = make_plan(items=(*ITEMS[1:], (rid, minutes, start, end, "先学微积分", after, needed_by)))
    data = plan_to_json(plan)
    assert "先学微积分".encode() in data
    assert b"\\u" not in data
    assert data.endswith(b"}\n")
    assert plan_to_json(plan) == data
