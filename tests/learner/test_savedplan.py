"""A saved plan is checked when read back (issue 15, item 10): damage is located, never silent."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mathpath.catalog.load import load_catalog
from mathpath.errors import ExitCode, UserDataError
from mathpath.export.plan_json import SCHEMA_VERSION, plan_to_dict
from mathpath.learner import replan
from mathpath.learner.savedplan import PLAN_SCHEMA_VERSION, check_saved_plan, read_saved_plan
from mathpath.planning import make_plan
from mathpath.planning.plans import PlanRequest, ScheduleOptions

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
SAVED_AT = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def saved() -> dict[str, Any]:
    catalog = load_catalog(MINI)
    plan = make_plan(
        catalog, PlanRequest(goal="dl", schedule=ScheduleOptions(start=dt.date(2026, 3, 2)))
    )
    return {"goal": "dl", "saved_at": SAVED_AT.isoformat(), "plan": plan_to_dict(plan)}


def problems(data: Any) -> list[str]:
    return [str(p) for p in check_saved_plan(data, "dl.json", "dl")]


def test_the_version_read_is_the_version_written() -> None:
    assert PLAN_SCHEMA_VERSION == SCHEMA_VERSION


def test_a_plan_as_mathpath_saves_it_has_no_problems(saved: dict[str, Any]) -> None:
    assert problems(saved) == []


def test_what_save_writes_reads_back(
    saved: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))
    path = replan.save_committed_plan(saved["plan"], "dl", now=SAVED_AT)
    plan, saved_at = read_saved_plan(path, "dl")
    assert plan == saved["plan"]
    assert saved_at == SAVED_AT


def _set(*keys: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def _drop(*keys: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _set("plan", "items", 0, "minutes", value="x"),
            "dl.json: plan.items[0].minutes: Input should be a valid integer (got 'x')",
        ),
        (
            _set("plan", "finish", value="garbage"),
            "dl.json: plan.finish: 'garbage' is not a date (YYYY-MM-DD)",
        ),
        (
            _set("plan", "items", 1, "minutes", value=-5),
            "dl.json: plan.items[1].minutes: Input should be greater than or equal to 0 (got -5)",
        ),
        (
            _set("plan", "items", 0, "minutes", value=True),
            "dl.json: plan.items[0].minutes: Input should be a valid integer (got True)",
        ),
        (
            _set("plan", "items", 0, "end", value="2026-01-01"),
            "dl.json: plan.items[0]: ends (2026-01-01) before it starts (2026-03-02)",
        ),
        (
            _set("plan", "items", 0, "id", value="../../etc"),
            "dl.json: plan.items[0].id: '../../etc' is not a resource id (or ID:PART)",
        ),
        (
            _set("plan", "sessions", 0, "date", value="2026-02-30"),
            "dl.json: plan.sessions[0].date: '2026-02-30' is not a date (YYYY-MM-DD)",
        ),
        (
            _set("plan", "sessions", 0, "minutes", value=0),
            "dl.json: plan.sessions[0].minutes: Input should be greater than 0 (got 0)",
        ),
        (
            _set("plan", "hours_per_week", value="6"),
            "dl.json: plan.hours_per_week: Input should be a valid number (got '6')",
        ),
        (
            _set("plan", "schema_version", value=2),
            "dl.json: plan.schema_version: written by a newer mathpath (schema_version 2; this "
            "one reads up to 1)",
        ),
        (_set("plan", value=[]), "dl.json: plan: should be an object, not a list"),
        (_drop("plan", "items"), "dl.json: plan.items: required field is missing"),
        (_drop("saved_at"), "dl.json: saved_at: required field is missing"),
        (
            _set("saved_at", value="yesterday"),
            "dl.json: saved_at: 'yesterday' is not a date and time (ISO 8601)",
        ),
        (
            _set("goal", value="other"),
            "dl.json: goal: is the saved plan of goal 'other', not of 'dl'",
        ),
    ],
)
def test_each_kind_of_damage_is_named(
    saved: dict[str, Any], change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    damaged = copy.deepcopy(saved)
    change(damaged)
    assert problems(damaged) == [expected]


def test_every_problem_is_reported_at_once(saved: dict[str, Any]) -> None:
    damaged = copy.deepcopy(saved)
    damaged["plan"]["finish"] = "garbage"
    for item in damaged["plan"]["items"]:
        item["minutes"] = "x"
    assert len(problems(damaged)) == 1 + len(damaged["plan"]["items"])


def test_plans_of_early_versions_still_read(saved: dict[str, Any]) -> None:
    early = copy.deepcopy(saved)
    for item in early["plan"]["items"]:
        item["resource"] = {"id": item.pop("id"), "title": item.pop("title")}
        del item["parts"]
    for session in early["plan"]["sessions"]:
        session["resource_id"] = session.pop("id")
    early["plan"]["summary"] = {"start": early["plan"].pop("start")}
    assert problems(early) == []
    early["plan"]["sessions"][0]["resource_id"] = 7
    assert problems(early) == [
        "dl.json: plan.sessions[0].id: Input should be a valid string (got 7)"
    ]


def write(home: Path, text: str) -> Path:
    (home / "plans").mkdir(exist_ok=True)
    path = home / "plans" / "dl.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_damaged_file_names_itself_and_the_way_out(
    saved: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))
    damaged = copy.deepcopy(saved)
    damaged["plan"]["finish"] = "garbage"
    path = write(tmp_path, json.dumps(damaged))
    with pytest.raises(UserDataError) as info:
        replan.load_committed_plan("dl")
    assert info.value.exit_code == ExitCode.USER_DATA
    assert str(info.value).startswith(f"{path}: 1 problem found\n  - {path}: plan.finish: ")
    assert "`mathpath plan --goal dl --save` replaces it with a new plan" in str(info.value)
    assert "remove it and `mathpath status` measures against a fresh plan" in str(info.value)


def test_deep_nesting_is_a_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))
    write(tmp_path, '{"goal": "dl",\n"x": ' + "[" * 50_000 + "]" * 50_000 + "}")
    with pytest.raises(UserDataError, match=r"dl\.json:2: nested deeper than 100 levels"):
        replan.load_committed_plan("dl")


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_a_fifo_in_place_of_the_plan_is_refused_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))
    (tmp_path / "plans").mkdir()
    os.mkfifo(tmp_path / "plans" / "dl.json")
    with pytest.raises(UserDataError, match="is a FIFO"):
        replan.load_committed_plan("dl")
