"""The JSON export (``render_plan(plan, "json")``, what ``-o plan.json`` writes) is the JSON
contract, encoded as UTF-8: one function makes it, ``plan_json.plan_to_json`` (text)."""

from __future__ import annotations

import json

import pytest

from mathpath.export import render_plan
from mathpath.planning.plans import Plan

from .conftest import ITEMS, PlanFactory

plan_json = pytest.importorskip("mathpath.export.plan_json")


def plan_to_json(plan: Plan) -> bytes:
    return render_plan(plan, "json")


def test_the_file_is_the_text_encoded(plan: Plan) -> None:
    assert plan_to_json(plan) == plan_json.plan_to_json(plan).encode("utf-8")


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


# --- parts --------------------------------------------------------------------------------------


def test_items_name_their_parts_and_depths(part_plan: Plan) -> None:
    data = json.loads(plan_to_json(part_plan))
    video, strang = data["items"]
    assert list(strang)[-3:-1] == ["parts", "depths"]  # after every older field, before edition
    assert video["parts"] == []
    assert video["depths"] == ["single-variable-calculus@overview"]
    assert strang["parts"] == ["ch1-10", "ch11-16"]
    assert strang["depths"] == ["single-variable-calculus@thorough", "linear-algebra@overview"]
    assert strang["title"] == "Calculus | Strang"  # the resource's, as before
    assert strang["url"] == "https://example.org/strang"
    assert strang["catalog_hours"] == 9.0  # the planned parts' hours, not the whole's 10


def test_every_session_says_its_part_or_null(part_plan: Plan) -> None:
    sessions = json.loads(plan_to_json(part_plan))["sessions"]
    keys = ["date", "id", "hours", "minutes", "part", "time", "kind"]
    assert [list(s) for s in sessions] == [keys] * 5
    assert [s["part"] for s in sessions] == [None, "ch1-10", "ch1-10", "ch11-16", None]


def test_a_plan_with_parts_reads_back_as_its_outline(part_plan: Plan) -> None:
    from mathpath.learner.outline import outline_of_dict, outline_of_plan

    saved = json.loads(plan_to_json(part_plan))
    outline = outline_of_dict(saved)
    assert outline == outline_of_plan(part_plan)
    assert [(i.id, i.parts) for i in outline.items] == [
        ("3b1b-calculus", ()),
        ("strang", ("ch1-10", "ch11-16")),
    ]
    assert outline.items[1].units == ("strang:ch1-10", "strang:ch11-16")


def test_a_plan_saved_before_parts_still_loads(plan: Plan) -> None:
    from mathpath.learner.outline import outline_of_dict, outline_of_plan

    saved = json.loads(plan_to_json(plan))
    for item in saved["items"]:
        del item["parts"], item["depths"]
    for session in saved["sessions"]:
        del session["part"]
    assert outline_of_dict(saved) == outline_of_plan(plan)
    assert all(
        item.parts == () and item.units == (item.id,) for item in outline_of_dict(saved).items
    )
    # Odd values are read leniently, as the rest of the outline is: only part ids are kept.
    saved["items"][0]["parts"] = ["a", 3, None, "", "a", "b"]
    saved["items"][1]["parts"] = "ch1"
    items = outline_of_dict(saved).items
    assert (items[0].parts, items[1].parts) == (("a", "b"), ())
