"""A plan's dated schedule: the scheduler run with the learner's days off, the live editions
of ``--live`` placed (or the reason why not), the week's real capacity and the days off shown.

``make_plan`` calls ``timetable`` with the scheduling tasks in study order; everything here is
about dates, nothing about the choice of resources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from mathpath.catalog.models import Edition, Resource
from mathpath.planning.daysoff import DaysOff
from mathpath.planning.plans import DayOff, ScheduleOptions, Session, WeekCapacity, format_duration
from mathpath.planning.schedule import Task, day_pattern, schedule, week_capacity


@dataclass(frozen=True, slots=True)
class Timetable:
    tasks: tuple[Task, ...]  # as scheduled (with the windows of the editions followed)
    sessions: tuple[Session, ...]  # of the tasks' ids, in date order then study order
    editions: dict[str, Edition]  # resource id -> the live edition it is studied in
    capacity: WeekCapacity
    days_off: tuple[DayOff, ...]
    notes: tuple[str, ...]


def timetable(
    tasks: Sequence[Task], options: ScheduleOptions, resources: dict[str, Resource]
) -> Timetable:
    """``tasks`` (in study order; ``sitting`` = the resource id) scheduled under ``options``;
    ``resources`` by id, for their editions."""
    off = DaysOff(options.skip, options.holidays)
    notes: list[str] = []
    capacity = week_capacity(options)
    if capacity.limited:
        notes.append(capacity.why)
    chosen: dict[str, list[Edition]] = {}
    live_notes: list[str] = []
    if options.live:
        for task in tasks:
            resource = resources.get(task.sitting or task.id)
            if resource is None or resource.id in chosen or not resource.editions:
                continue
            ahead = [e for e in resource.editions if date.fromisoformat(e.end) >= options.start]
            if ahead:
                chosen[resource.id] = ahead
            else:
                live_notes.append(
                    f"--live: every edition of {resource.id} has ended before "
                    f"{options.start.isoformat()}: scheduled at your own pace"
                )
        if not chosen and not live_notes:
            live_notes.append("--live: no resource in this plan has dated editions in the catalog")
    notes += live_notes
    while True:
        windowed = tuple(_windowed(task, chosen) for task in tasks)
        sessions = schedule(windowed, options, days_off=off)
        rid = _first_missed(windowed, sessions)
        if rid is None:
            break
        edition = chosen[rid][0]
        why = _why_missed(rid, edition, windowed, sessions)
        chosen[rid] = chosen[rid][1:]
        if not chosen[rid]:
            del chosen[rid]
            notes.append(
                f"--live: {rid} cannot follow a live edition: the last one it could, "
                f"{edition.label} ({edition.start} to {edition.end}), {why}; "
                "scheduled at your own pace"
            )
    editions = {rid: ahead[0] for rid, ahead in chosen.items()}
    for rid, edition in editions.items():
        notes.append(
            f"--live: {rid} follows its live edition {edition.label} "
            f"({edition.start} to {edition.end})"
        )
    return Timetable(
        tasks=windowed,
        sessions=sessions,
        editions=editions,
        capacity=capacity,
        days_off=_days_off(options, sessions, off),
        notes=tuple(notes),
    )


def _windowed(task: Task, chosen: dict[str, list[Edition]]) -> Task:
    editions = chosen.get(task.sitting or task.id)
    if not editions:
        return replace(task, window=None)
    first = editions[0]
    return replace(task, window=(date.fromisoformat(first.start), date.fromisoformat(first.end)))


def _first_missed(tasks: Sequence[Task], sessions: Sequence[Session]) -> str | None:
    """The first resource in study order, with a window, that has a session outside it."""
    key_of = {task.id: task.sitting or task.id for task in tasks}
    window = {key_of[t.id]: t.window for t in tasks if t.window is not None}
    late: set[str] = set()
    for session in sessions:
        key = key_of[session.resource_id]
        span = window.get(key)
        if span is not None and not span[0] <= session.date <= span[1]:
            late.add(key)
    for task in tasks:
        key = key_of[task.id]
        if key in late:
            return key
    return None


def _why_missed(
    rid: str, edition: Edition, tasks: Sequence[Task], sessions: Sequence[Session]
) -> str:
    start, end = date.fromisoformat(edition.start), date.fromisoformat(edition.end)
    ids = {task.id for task in tasks if (task.sitting or task.id) == rid}
    own = [s for s in sessions if s.resource_id in ids]
    total = sum(s.minutes for s in own)
    inside = sum(s.minutes for s in own if start <= s.date <= end)
    if not own or own[0].date > end:
        return "comes after it ends, when what it must follow is done"
    return (
        f"holds only {format_duration(inside)} of its {format_duration(total)} at this "
        "schedule (raise --hours-per-week or --session-hours)"
    )


def _days_off(
    options: ScheduleOptions, sessions: Sequence[Session], off: DaysOff
) -> tuple[DayOff, ...]:
    """The study days from the start to the finish (or to the last skipped day, for a plan of
    no sessions) that have no study because they are off."""
    if not options.skip and options.holidays is None:
        return ()
    studied = set(day_pattern(options))
    last = max((s.date for s in sessions), default=options.start)
    found: list[DayOff] = []
    day = options.start
    while day <= last:
        if day.weekday() in studied:
            reason = off.reason(day)
            if reason is not None:
                found.append(DayOff(day, reason))
        day += timedelta(days=1)
    return tuple(found)
