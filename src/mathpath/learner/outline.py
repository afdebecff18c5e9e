"""A plan as plain items, read from a ``Plan`` or from its saved JSON.

``status`` and ``plan --diff`` compare plans that may come from different mathpath versions or
from a file the learner saved, so they read this lenient outline rather than the ``Plan`` model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mathpath.catalog.parts import unit_id
from mathpath.planning.plans import minutes_from_hours

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan


@dataclass(frozen=True, slots=True)
class PlannedItem:
    id: str
    title: str
    minutes: int
    start: dt.date | None = None
    end: dt.date | None = None
    parts: tuple[str, ...] = ()  # ids of the parts planned, in order; () = the whole resource

    @property
    def units(self) -> tuple[str, ...]:
        """What the item plans, as unit ids: ``("r",)`` or ``("r:p1", "r:p2")``."""
        if not self.parts:
            return (self.id,)
        return tuple(unit_id(self.id, part) for part in self.parts)


@dataclass(frozen=True, slots=True)
class PlanOutline:
    """What status and diff need from a plan, whichever form it came in."""

    items: tuple[PlannedItem, ...]
    sessions: tuple[tuple[dt.date, str, int], ...] = ()  # (date, resource id, minutes)
    start: dt.date | None = None
    finish: dt.date | None = None
    hours_per_week: float | None = None
    session_parts: tuple[str | None, ...] = ()  # the part of each session (None: the whole)

    def session_unit(self, index: int) -> str:
        """The unit id (``r`` or ``r:p``) session ``index`` is for."""
        part = self.session_parts[index] if index < len(self.session_parts) else None
        return unit_id(self.sessions[index][1], part)

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)


def outline_of_plan(plan: Plan) -> PlanOutline:
    return PlanOutline(
        items=tuple(
            PlannedItem(i.id, i.resource.title, i.minutes, i.start, i.end, i.part_ids)
            for i in plan.items
        ),
        sessions=tuple((s.date, s.resource_id, s.minutes) for s in plan.sessions),
        start=plan.start,
        finish=plan.finish if plan.sessions else None,
        hours_per_week=plan.request.schedule.hours_per_week,
        session_parts=tuple(s.part for s in plan.sessions),
    )


def outline_of_dict(data: Mapping[str, Any]) -> PlanOutline:
    """Read the plan JSON leniently: only ids, parts, minutes (or hours), dates and sessions are
    used. A plan saved before items had ``parts`` plans every item whole."""
    items = []
    for raw in _list(data.get("items")):
        item_id = _id_of(raw)
        if item_id is None:
            continue
        title = raw.get("title") or _get(raw, "resource", "title") or item_id
        items.append(
            PlannedItem(
                item_id,
                str(title),
                _minutes_of(raw),
                _date(raw.get("start")),
                _date(raw.get("end")),
                _parts_of(raw),
            )
        )
    sessions = []
    session_parts: list[str | None] = []
    for raw in _list(data.get("sessions")):
        if raw.get("kind") == "review":  # spaced review: not study of a resource
            continue
        day = _date(raw.get("date"))
        session_id = _id_of(raw)
        if day is not None and session_id is not None:
            sessions.append((day, session_id, _minutes_of(raw)))
            part = raw.get("part")
            session_parts.append(part if isinstance(part, str) and part else None)
    raw_summary = data.get("summary")
    summary: dict[str, Any] = raw_summary if isinstance(raw_summary, dict) else {}
    schedule = _get(data, "request", "schedule")
    start = _date(data.get("start")) or _date(summary.get("start"))
    if start is None and isinstance(schedule, dict):
        start = _date(schedule.get("start"))
    finish = _date(data.get("finish")) or _date(summary.get("finish"))
    if finish is None and sessions:
        finish = max(s[0] for s in sessions)
    hours = data.get("hours_per_week")  # plan_json puts it at the top
    if hours is None and isinstance(schedule, dict):
        hours = schedule.get("hours_per_week")
    return PlanOutline(
        tuple(items),
        tuple(sessions),
        start,
        finish,
        float(hours) if isinstance(hours, (int, float)) else None,
        tuple(session_parts),
    )


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _id_of(raw: Mapping[str, Any]) -> str | None:
    for key in ("id", "resource_id", "resource"):
        value = raw.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            return str(value["id"])
    return None


def _parts_of(raw: Mapping[str, Any]) -> tuple[str, ...]:
    value = raw.get("parts")
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(part for part in value if isinstance(part, str) and part))


def _minutes_of(raw: Mapping[str, Any]) -> int:
    minutes = raw.get("minutes")
    if isinstance(minutes, (int, float)) and not isinstance(minutes, bool):
        return round(minutes)
    hours = raw.get("hours")
    if isinstance(hours, (int, float)) and not isinstance(hours, bool):
        return minutes_from_hours(hours)
    return 0


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
