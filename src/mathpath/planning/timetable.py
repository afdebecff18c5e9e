"""A plan's dated schedule: the scheduler run with the learner's days off, the live editions
of ``--live`` placed (or the reason why not), the week's real capacity and the days off shown.

``make_plan`` calls ``timetable`` with the scheduling tasks in study order; everything here is
about dates, nothing about the choice of resources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from mathpath.catalog.models import Edition, Resource
from mathpath.i18n import _, date_range, date_text, day_word, listing
from mathpath.planning.daysoff import DaysOff
from mathpath.planning.plans import (
    DayOff,
    ScheduleOptions,
    Session,
    WeekCapacity,
    format_duration,
)
from mathpath.planning.schedule import (
    Task,
    day_pattern,
    schedule,
    session_cap,
    week_capacity,
)

if TYPE_CHECKING:
    from mathpath.planning.reviews import ReviewBook, ReviewSession


@dataclass(frozen=True, slots=True)
class Timetable:
    tasks: tuple[Task, ...]  # as scheduled (with the windows of the editions followed)
    sessions: tuple[Session, ...]  # of the tasks' ids, in date order then study order
    editions: dict[str, Edition]  # resource id -> the live edition it is studied in
    capacity: WeekCapacity
    days_off: tuple[DayOff, ...]
    notes: tuple[str, ...]
    reviews: tuple[ReviewSession, ...] = ()  # spaced review sittings, when a book was given


def timetable(
    tasks: Sequence[Task],
    options: ScheduleOptions,
    resources: dict[str, Resource],
    reviews: ReviewBook | None = None,
) -> Timetable:
    """``tasks`` (in study order; ``sitting`` = the resource id) scheduled under ``options``;
    ``resources`` by id, for their editions; ``reviews``: spaced review placed too (each run of
    the scheduler with a fresh copy of the book)."""
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
                    _(
                        "--live: every edition of {id} has ended before {date}: scheduled at "
                        "your own pace"
                    ).format(id=resource.id, date=date_text(options.start))
                )
        if not chosen and not live_notes:
            live_notes.append(
                _("--live: no resource in this plan has dated editions in the catalog")
            )
    notes += live_notes
    while True:
        windowed = tuple(_windowed(task, chosen) for task in tasks)
        book = reviews.fresh() if reviews is not None else None
        sessions = schedule(windowed, options, days_off=off, reviews=book)
        rid = _first_missed(windowed, sessions)
        if rid is None:
            break
        edition = chosen[rid][0]
        why = _why_missed(rid, edition, windowed, sessions)
        chosen[rid] = chosen[rid][1:]
        if not chosen[rid]:
            del chosen[rid]
            notes.append(
                _(
                    "--live: {id} cannot follow a live edition: the last one it could, "
                    "{edition} ({dates}), {why}; scheduled at your own pace"
                ).format(id=rid, edition=edition.label, dates=_edition_dates(edition), why=why)
            )
    editions = {rid: ahead[0] for rid, ahead in chosen.items()}
    for rid, edition in editions.items():
        notes.append(
            _("--live: {id} follows its live edition {edition} ({dates})").format(
                id=rid, edition=edition.label, dates=_edition_dates(edition)
            )
        )
    return Timetable(
        tasks=windowed,
        sessions=sessions,
        editions=editions,
        capacity=capacity,
        days_off=_days_off(options, sessions, off),
        notes=tuple(notes),
        reviews=tuple(book.sessions) if book is not None else (),
    )


def _edition_dates(edition: Edition) -> str:
    return date_range(date.fromisoformat(edition.start), date.fromisoformat(edition.end))


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
        return _("comes after it ends, when what it must follow is done")
    return _(
        "holds only {inside} of its {total} at this schedule (raise --hours-per-week or "
        "--session-hours)"
    ).format(inside=format_duration(inside), total=format_duration(total))


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


# --- words for views and exports ----------------------------------------------------------------


def week_text(options: ScheduleOptions, capacity: WeekCapacity | None = None) -> str:
    """The week in words: ``6 h/week in blocks: mon, wed, fri, sun 1 h 30 min; sittings 30 min
    to 2 h, 1 at a time``, with the hours a week can really take when they are fewer."""
    capacity = capacity or week_capacity(options)
    budget = format_duration(capacity.budget_minutes)
    if capacity.limited:
        usable = format_duration(capacity.minutes)
        head = _("{usable}/week in most weeks, of {budget} budgeted (see note)").format(
            usable=usable, budget=budget
        )
    else:
        head = _("{time}/week").format(time=budget)
    groups: dict[int, list[int]] = {}
    for day, minutes in sorted(day_pattern(options).items()):
        groups.setdefault(minutes, []).append(day)
    days = "; ".join(
        f"{day_names(names)} {format_duration(minutes)}" for minutes, names in groups.items()
    )
    if options.day_hours:
        how = _("{week} by day: {days}")
    elif options.fill == "blocks":
        how = _("{week} in blocks: {days}")
    elif options.fill == "spread":
        how = _("{week} spread: {days}")
    else:
        how = _("{week}: {days}")
    sittings = _("sittings {shortest} to {longest}, {parallel} at a time").format(
        shortest=format_duration(options.shortest_sitting),
        longest=format_duration(session_cap(options)),
        parallel=options.parallel,
    )
    return _("{week}; {sittings}").format(week=how.format(week=head, days=days), sittings=sittings)


def day_names(days: Sequence[int]) -> str:
    """``mon-fri``, ``mon, wed, fri``, ``mon-wed, sat``: runs of three days or more as ranges."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return listing(
        f"{day_word(run[0])}-{day_word(run[-1])}"
        if len(run) >= 3
        else listing(day_word(d) for d in run)
        for run in runs
    )


def days_off_runs(days_off: Sequence[DayOff]) -> list[str]:
    """Days off as runs of consecutive days with one reason: ``2026-12-24 to 2026-12-26
    skipped``, ``2026-12-25 Christmas Day``."""
    runs: list[tuple[date, date, str]] = []
    for off in days_off:
        if runs and runs[-1][2] == off.reason and off.date - runs[-1][1] == timedelta(days=1):
            runs[-1] = (runs[-1][0], off.date, off.reason)
            continue
        runs.append((off.date, off.date, off.reason))
    return [
        f"{date_range(start, end) if end != start else date_text(start)} {reason}"
        for start, end, reason in runs
    ]
