"""A plan as plain items, read from a ``Plan`` or from its saved JSON.

``status`` and ``plan --diff`` compare plans that may come from different mathpath versions or
from a file the learner saved, so they read this lenient outline rather than the ``Plan`` model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from mathpath.catalog.parts import unit_id
from mathpath.planning.defaults import FILLS, WEEKDAYS
from mathpath.planning.plans import ScheduleOptions, minutes_from_hours

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan
    from mathpath.planning.reviews import ReviewRequest


@dataclass(frozen=True, slots=True)
class PlannedItem:
    id: str
    title: str
    minutes: int
    start: dt.date | None = None
    end: dt.date | None = None
    parts: tuple[str, ...] = ()  # ids of the parts planned, in order; () = the whole resource
    after: tuple[str, ...] = ()  # ids of the planned items that must be finished first

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
    # The week the plan was scheduled with (days, day hours, days off, sittings, --live): what
    # is left is projected through it (``mathpath.learner.forecast``). None: not known.
    schedule: ScheduleOptions | None = None
    # The spaced review the plan was scheduled with (its reviews take part of the week, so the
    # projection places them too). None: none. A saved plan gives its review minutes only: the
    # cards are the learner's, from the progress file (``learner.request.plan_in_use``).
    reviews: ReviewRequest | None = None

    def session_unit(self, index: int) -> str:
        """The unit id (``r`` or ``r:p``) session ``index`` is for."""
        part = self.session_parts[index] if index < len(self.session_parts) else None
        return unit_id(self.sessions[index][1], part)

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)


def outline_of_plan(plan: Plan) -> PlanOutline:
    from mathpath.catalog.language import shown_title
    from mathpath.i18n import content_language

    lang = content_language(plan.request.preferences.lang)  # the titles status shows
    return PlanOutline(
        items=tuple(
            PlannedItem(
                i.id, shown_title(i.resource, lang), i.minutes, i.start, i.end, i.part_ids, i.after
            )
            for i in plan.items
        ),
        sessions=tuple((s.date, s.resource_id, s.minutes) for s in plan.sessions),
        start=plan.start,
        finish=plan.finish if plan.sessions else None,
        hours_per_week=plan.request.schedule.hours_per_week,
        session_parts=tuple(s.part for s in plan.sessions),
        schedule=plan.request.schedule,
        reviews=plan.request.reviews,
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
                _ids(raw.get("after")),
            )
        )
    sessions = []
    session_parts: list[str | None] = []
    review_minutes: int | None = None
    for raw in _list(data.get("sessions")):
        if raw.get("kind") == "review":  # spaced review: not study of a resource
            minutes = raw.get("minutes")
            if review_minutes is None and isinstance(minutes, int) and minutes > 0:
                review_minutes = minutes
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
    weekly = float(hours) if isinstance(hours, (int, float)) else None
    return PlanOutline(
        tuple(items),
        tuple(sessions),
        start,
        finish,
        weekly,
        tuple(session_parts),
        _schedule_of(data.get("options"), start, weekly),
        _reviews_of(review_minutes),
    )


def _reviews_of(minutes: int | None) -> ReviewRequest | None:
    """A saved plan's spaced review: its sitting length, no cards yet (None: it had none)."""
    if minutes is None:
        return None
    from mathpath.planning.reviews import ReviewRequest

    return ReviewRequest((), minutes)


def _schedule_of(
    options: Any, start: dt.date | None, hours_per_week: float | None
) -> ScheduleOptions | None:
    """The saved plan's week (``options`` of the plan JSON) as far as it can be read back; a
    value that cannot be is left at its default (the plan was checked when it was made)."""
    if start is None or hours_per_week is None or hours_per_week <= 0:
        return None
    raw: dict[str, Any] = options if isinstance(options, dict) else {}
    default = ScheduleOptions(start=start)

    def positive(key: str, kind: type[int] | type[float], fallback: Any) -> Any:
        value: Any = raw.get(key)
        return kind(value) if _number(value) and value > 0 else fallback

    days = tuple(WEEKDAYS.index(d) for d in _ids(raw.get("study_days")) if d in WEEKDAYS)
    own: Any = raw.get("day_hours")
    day_hours = tuple(
        sorted(
            (WEEKDAYS.index(d), float(h))
            for d, h in (own.items() if isinstance(own, dict) else ())
            if d in WEEKDAYS and _number(h) and h > 0
        )
    )
    skip = []
    for span in _list_of(raw.get("skip")):
        first, last = (_date(v) for v in span) if len(span) == 2 else (None, None)
        if first is not None and last is not None:
            skip.append((first, last))
    holidays = raw.get("holidays")
    week = ScheduleOptions(
        start=start,
        hours_per_week=hours_per_week,
        study_days=days or default.study_days,
        session_hours=positive("session_hours", float, default.session_hours),
        parallel=positive("parallel", int, default.parallel),
        day_hours=day_hours,
        fill=raw["fill"] if raw.get("fill") in FILLS else default.fill,
        block=positive("block", int, default.block),
        skip=tuple(skip),
        holidays=holidays if isinstance(holidays, str) and holidays else None,
        live=raw.get("live") is True,
    )
    # The plan JSON has the minimum sitting in effect; one that is the default's stays unset.
    shortest = positive("min_session", int, week.shortest_sitting)
    return week if shortest == week.shortest_sitting else replace(week, min_session=shortest)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _list_of(value: Any) -> list[list[Any]]:
    return [v for v in value if isinstance(v, list)] if isinstance(value, list) else []


def _ids(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str) and v)


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
