"""The plan as JSON: a documented, versioned contract for scripts (docs/readme/plan.md).

Key order is fixed by construction and every value is derived from the plan alone, so the same
plan always gives byte-identical text. It starts with the envelope every JSON output has
(``mathpath.export.envelope``: ``schema_version``, ``kind`` = ``"plan"``), with the plan's own
fields beside them rather than under a key, as they always were.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from mathpath.catalog.language import item_support
from mathpath.catalog.models import TopicNeed
from mathpath.export._jsontext import dumps_indented, write_indented
from mathpath.export.envelope import SCHEMA_VERSIONS, header
from mathpath.planning.defaults import WEEKDAYS
from mathpath.planning.plans import Plan, PlanItem, WeekCapacity, budget_minutes, hours_from_minutes
from mathpath.planning.rounding import plan_hours
from mathpath.planning.schedule import calendar_weeks

SCHEMA_VERSION = SCHEMA_VERSIONS["plan"]


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    options = plan.request.schedule
    prefs = plan.request.preferences
    hours = plan_hours(plan)  # hundredths that add up (mathpath.planning.rounding)
    return {
        **header("plan"),
        "goal": plan.goal.id,
        "goal_name": plan.goal.name,
        "start": plan.start.isoformat(),
        "finish": plan.finish.isoformat(),
        "hours_per_week": options.hours_per_week,
        "total_hours": hours.total,
        "total_minutes": plan.total_minutes,
        "weeks": calendar_weeks(plan),
        "exact": plan.exact,
        "known": [_need(n) for n in plan.known],
        "assumed": list(plan.assumed),
        "needed": [_need(n) for n in plan.needed],
        "options": {
            "study_days": [WEEKDAYS[d] for d in sorted(options.study_days)],
            "session_hours": options.session_hours,
            "parallel": options.parallel,
            "prefer": list(prefs.prefer),
            "free_only": prefs.free_only,
            "lang": prefs.lang,
            "require_lang": prefs.require_lang,
            "max_level": prefs.max_level.value if prefs.max_level else None,
            "include": list(prefs.include),
            "exclude": list(prefs.exclude),
            "done": list(plan.request.done),
            "pace_factor": plan.request.pace_factor,
            "day_hours": (
                {WEEKDAYS[day]: hours for day, hours in options.day_hours}
                if options.day_hours
                else None
            ),
            "min_session": options.shortest_sitting,
            "fill": options.fill,
            "block": options.block,
            "skip": [[start.isoformat(), end.isoformat()] for start, end in options.skip],
            "holidays": options.holidays,
            "times": {WEEKDAYS[day]: clock.strftime("%H:%M") for day, clock in options.times},
            "tz": options.tz,
            "live": options.live,
        },
        "items": [_item(item, hours.items.get(item.id, 0.0), prefs.lang) for item in plan.items],
        "sessions": _sessions(plan, hours.sessions),
        "deadline": _deadline(plan),
        "notes": list(plan.notes),
        "capacity": _capacity(plan),
        "days_off": [{"date": d.date.isoformat(), "reason": d.reason} for d in plan.days_off],
    }


def _sessions(plan: Plan, hours: Sequence[float]) -> list[dict[str, Any]]:
    """Study sessions and spaced reviews in the order a day has them, each with its ``kind``;
    a review names its topic and depth, what to review it with and the day it was due."""
    from mathpath.export.sittings import sittings

    found: list[dict[str, Any]] = []
    for sitting, start in zip(*sittings(plan), strict=True):
        at = start.strftime("%H:%M") if start is not None else None
        if sitting.session is not None:
            s = sitting.session
            found.append(
                {"date": s.date.isoformat(), "id": s.resource_id, "hours": hours[sitting.index],
                 "minutes": s.minutes, "part": s.part, "time": at, "kind": "study"}
            )  # fmt: skip
            continue
        r = sitting.review
        assert r is not None
        found.append(
            {"date": r.date.isoformat(), "id": None, "hours": hours_from_minutes(r.minutes),
             "minutes": r.minutes, "part": None, "time": at, "kind": "review",
             "topic": r.topic, "depth": r.depth, "due": r.due.isoformat(), "source": r.source,
             "material": r.material or None, "url": r.url}
        )  # fmt: skip
    return found


def plan_to_json(plan: Plan) -> str:
    """``plan_to_dict(plan)`` as indented JSON text (``export._jsontext``) and a final newline."""
    return dumps_indented(plan_to_dict(plan)) + "\n"


def write_plan_json(plan: Plan, write: Callable[[str], object], *, chunk: int = 1 << 16) -> None:
    """``plan_to_json(plan)`` written through ``write`` in pieces of about ``chunk`` characters
    (see ``_jsontext.write_indented``)."""
    write_indented(plan_to_dict(plan), write, chunk=chunk)
    write("\n")


def _need(need: TopicNeed) -> dict[str, str]:
    return {"topic": need.topic, "depth": need.depth.value}


def _depth(need: TopicNeed) -> str:
    return f"{need.topic}@{need.depth.value}"


def _item(item: PlanItem, hours: float, lang: str | None) -> dict[str, Any]:
    resource = item.resource
    # What the item has in the plan's --lang language, and where that edition is (beside the
    # original's url): display fields, null without --lang.
    support = item_support(resource, lang, item.parts) if lang else None
    return {
        "id": resource.id,
        "title": resource.title,
        "url": resource.url,
        "url_localised": support.localised_url if support is not None else None,
        "lang_support": support.kind.value if support is not None else None,
        "provider": resource.provider,
        "format": resource.format.value,
        "level": resource.level.value,
        "free": resource.free,
        "hours": hours,
        "minutes": item.minutes,
        # The catalog's estimate of what is planned: the planned parts' hours, or the whole's.
        "catalog_hours": (
            round(sum(part.hours for part in item.parts), 2) if item.parts else resource.hours
        ),
        "hours_estimated": resource.hours_estimated,
        "start": item.start.isoformat(),
        "end": item.end.isoformat(),
        "teaches": [_need(n) for n in resource.teaches],
        "requires": [_need(n) for n in resource.requires],
        "covers": [_need(n) for n in item.covers],
        "reason": item.reason,
        "after": list(item.after),
        "needed_by": [rid for rid in item.needed_by if rid],
        "for_goal": "" in item.needed_by,
        "parts": list(item.part_ids),
        "depths": [_depth(n) for n in item.teaches],
        "edition": (
            {
                "name": item.edition.name,
                "start": item.edition.start,
                "end": item.edition.end,
                "url": item.edition.url,
            }
            if item.edition is not None
            else None
        ),
    }


def _capacity(plan: Plan) -> dict[str, Any]:
    """What a full week can take: ``minutes`` (at most ``budget_minutes``, what
    ``hours_per_week`` allows) and, when that is less, ``note`` says why."""
    capacity = plan.capacity or WeekCapacity(
        budget_minutes(plan.request.schedule.hours_per_week),
        budget_minutes(plan.request.schedule.hours_per_week),
    )
    return {
        "budget_minutes": capacity.budget_minutes,
        "minutes": capacity.minutes,
        "hours": round(capacity.minutes / 60, 2),
        "note": capacity.why or None,
    }


def _deadline(plan: Plan) -> dict[str, Any] | None:
    report = plan.deadline
    if report is None:
        return None
    return {
        "deadline": report.deadline.isoformat(),
        "required_hours_per_week": report.required_hours_per_week,
        "reachable": report.reachable,
        "feasible": report.feasible,
        "max_hours_per_week": report.max_hours_per_week,
        "suggestions": list(report.suggestions),
    }


__all__ = ["SCHEMA_VERSION", "plan_to_dict", "plan_to_json", "write_plan_json"]
