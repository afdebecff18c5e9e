"""The plan's JSON contract (docs/readme/plan.md): keys, order, types, dates, determinism."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mathpath.catalog.load import load_catalog
from mathpath.export.plan_json import SCHEMA_VERSION, plan_to_dict, plan_to_json
from mathpath.planning import make_plan
from mathpath.planning.plans import Plan
from mathpath.planning.request import build_request

TOP_KEYS = [
    "schema_version", "kind", "goal", "goal_name", "start", "finish", "hours_per_week",
    "total_hours", "total_minutes", "weeks", "exact", "known", "assumed", "needed", "options",
    "items", "sessions", "deadline", "notes", "capacity", "days_off",
]  # fmt: skip
ITEM_KEYS = [
    "id", "title", "url", "url_localised", "lang_support", "provider", "format", "level", "free",
    "hours", "minutes",
    "catalog_hours", "hours_estimated", "start", "end", "teaches", "requires", "covers", "reason",
    "after", "needed_by", "for_goal", "parts", "depths", "edition",
]  # fmt: skip
SESSION_KEYS = ["date", "id", "hours", "minutes", "part", "time", "kind"]


def mini_plan(mini_catalog_path: Path, **kw: object) -> Plan:
    catalog = load_catalog(mini_catalog_path)
    return make_plan(catalog, build_request("dl", start=date(2026, 3, 2), **kw))  # type: ignore[arg-type]


def test_keys_in_a_fixed_order(mini_catalog_path: Path) -> None:
    data = plan_to_dict(mini_plan(mini_catalog_path))
    assert list(data) == TOP_KEYS
    assert all(list(item) == ITEM_KEYS for item in data["items"])
    assert all(list(s) == SESSION_KEYS for s in data["sessions"])
    assert data["schema_version"] == SCHEMA_VERSION == 1
    assert data["kind"] == "plan"


def test_values_and_types(mini_catalog_path: Path) -> None:
    data = plan_to_dict(mini_plan(mini_catalog_path, know=["single-variable-calculus@working"]))
    assert data["goal"] == "dl"
    assert data["start"] == "2026-03-02"
    assert date.fromisoformat(data["finish"]) >= date(2026, 3, 2)
    assert data["hours_per_week"] == 6.0
    assert data["total_hours"] == 60.0
    assert data["total_minutes"] == 3600
    assert data["exact"] is True
    assert data["assumed"] == ["precalculus"]
    assert {"topic": "single-variable-calculus", "depth": "working"} in data["known"]
    assert [item["id"] for item in data["items"]] == ["la-book", "dl-course"]
    la, dl = data["items"]
    assert la["url"] == "https://example.org/la"
    assert la["teaches"] == [{"topic": "linear-algebra", "depth": "working"}]
    assert dl["requires"] == [
        {"topic": "single-variable-calculus", "depth": "overview"},
        {"topic": "linear-algebra", "depth": "overview"},
    ]
    assert dl["after"] == ["la-book"]
    assert la["needed_by"] == ["dl-course"]
    assert la["for_goal"] is True
    assert la["parts"] == dl["parts"] == []  # the mini catalog has no parts: planned whole
    assert all(s["part"] is None for s in data["sessions"])
    assert isinstance(la["hours"], float)
    assert isinstance(la["minutes"], int)
    assert dl["reason"] == "teaches deep-learning (goal)"
    for item in data["items"]:
        assert date.fromisoformat(item["start"]) <= date.fromisoformat(item["end"])
    assert sum(s["minutes"] for s in data["sessions"]) == data["total_minutes"]
    assert data["sessions"][-1]["date"] == data["finish"]
    assert data["options"]["study_days"] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert data["deadline"] is None
    assert data["notes"] == []


def test_deadline_object(mini_catalog_path: Path) -> None:
    data = plan_to_dict(mini_plan(mini_catalog_path, deadline="2026-04-30", max_hours_per_week=5))
    deadline = data["deadline"]
    assert list(deadline) == [
        "deadline", "required_hours_per_week", "reachable", "feasible", "max_hours_per_week",
        "suggestions",
    ]  # fmt: skip
    assert deadline["deadline"] == "2026-04-30"
    assert deadline["feasible"] is False
    assert deadline["required_hours_per_week"] > 5


def test_text_is_deterministic_utf8_with_a_final_newline(mini_catalog_path: Path) -> None:
    first = plan_to_json(mini_plan(mini_catalog_path, lang="zh"))
    second = plan_to_json(mini_plan(mini_catalog_path, lang="zh"))
    assert first == second
    assert first.endswith("}\n")
    assert json.loads(first)["options"]["lang"] == "zh"


def test_written_in_pieces_it_is_the_same_text() -> None:
    from mathpath.export.plan_json import write_plan_json

    catalog = load_catalog()  # the bundled one: every goal, with and without a deadline
    for goal in catalog.goals:
        for deadline in (None, "2027-06-01"):
            request = build_request(goal.id, start=date(2026, 11, 23), deadline=deadline)
            plan = make_plan(catalog, request)
            pieces: list[str] = []
            write_plan_json(plan, pieces.append, chunk=1)
            assert (
                "".join(pieces)
                == plan_to_json(plan)
                == json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n"
            )
            assert len(pieces) > len(plan.items) + len(plan.sessions)  # not one big text


def test_bundled_plans_with_parts_name_them_in_json_markdown_and_the_calendar() -> None:
    from icalendar import Calendar
    from markdown_it import MarkdownIt

    from mathpath.export.ics import plan_to_ics
    from mathpath.export.markdown import plan_to_markdown
    from mathpath.learner.outline import outline_of_dict, outline_of_plan

    catalog = load_catalog()
    plans = [
        make_plan(catalog, build_request(goal.id, start=date(2026, 11, 23)))
        for goal in catalog.goals
    ]
    with_parts = [plan for plan in plans if any(item.parts for item in plan.items)]
    if not with_parts:
        pytest.skip("no bundled plan plans parts of a resource")
    for plan in with_parts:
        data = json.loads(plan_to_json(plan))
        for item, raw in zip(plan.items, data["items"], strict=True):
            assert raw["parts"] == [part.id for part in item.parts]
            assert raw["depths"] == [f"{n.topic}@{n.depth.value}" for n in item.teaches]
            assert raw["depths"]  # every planned item teaches something
            planned = set(raw["parts"])
            sittings = {s["part"] for s in data["sessions"] if s["id"] == item.id}
            assert sittings <= (planned | {None} if planned else {None})
        assert outline_of_dict(data) == outline_of_plan(plan)
        text = plan_to_markdown(plan)
        tokens = MarkdownIt("commonmark").parse(text)
        titles = "".join(
            child.content
            for token in tokens
            if token.type == "inline"
            for child in token.children or []
            if child.type in ("text", "text_special")
        )
        summaries = [
            str(e["SUMMARY"]) for e in Calendar.from_ical(plan_to_ics(plan)).walk("VEVENT")
        ]
        for item in plan.items:
            for part in item.parts:
                assert part.title in titles
                assert any(f"{item.resource.title}: {part.title}" in s for s in summaries)
