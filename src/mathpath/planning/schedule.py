"""Dated study sessions from an ordered selection of resources.

The model, in whole minutes:

* The weekly budget (``hours_per_week``) is spread evenly over the study days of a calendar week
  (Monday-Sunday); when it does not divide evenly, the earlier study days of the week get one
  minute more. A day's allowance that is not used (before ``start``, or nothing ready) is lost, so
  no calendar week ever exceeds the budget.
* Up to ``parallel`` resources are *active* at a time. On each study day every active resource,
  in study order, gets one sitting of at most ``session_hours`` until the day's allowance is used;
  the parts of one resource share that sitting.
  With ``parallel=1`` that is one resource at a time, in study order; a larger ``parallel`` only
  shortens the calendar when sittings, not the weekly budget, are the binding limit (for example
  6 hours a week on one study day with 2-hour sittings).
* A resource becomes ready once every resource it must follow has had its last session; that may
  be earlier the same day, in which case it starts later that day. A freed slot goes to the first
  ready resource in study order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mathpath.errors import PlanError
from mathpath.planning.plans import Plan, ScheduleOptions, Session, minutes_from_hours, week_monday

MAX_YEARS = 50  # a schedule longer than this is a mistake in the numbers, not a plan


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    minutes: int
    after: tuple[str, ...] = ()  # ids of earlier tasks that must have had their last session
    # Tasks with the same sitting key share one sitting a day (the parts of one resource): the
    # ``session_hours`` cap is per key and day. Empty: the task's own id.
    sitting: str = ""


def daily_allowance(minutes_per_week: int, study_days: Sequence[int]) -> dict[int, int]:
    """Minutes available on each weekday (Monday = 0); the sum is the weekly budget."""
    days = sorted(set(study_days))
    if not days:
        return {}
    base, extra = divmod(minutes_per_week, len(days))
    return {day: base + (1 if n < extra else 0) for n, day in enumerate(days)}


def schedule(
    tasks: Sequence[Task], options: ScheduleOptions, *, minutes_per_week: int | None = None
) -> tuple[Session, ...]:
    """Sessions in date order, then study order. ``tasks`` must be in study order."""
    budget = (
        minutes_per_week
        if minutes_per_week is not None
        else minutes_from_hours(options.hours_per_week)
    )
    allowance = daily_allowance(budget, options.study_days)
    if not any(allowance.values()):
        raise PlanError(
            "the weekly budget is less than a minute per week: nothing can be scheduled"
        )
    session_cap = max(1, minutes_from_hours(options.session_hours))
    position = {task.id: n for n, task in enumerate(tasks)}
    sitting = {task.id: task.sitting or task.id for task in tasks}
    after = {task.id: task.after for task in tasks}
    remaining = {task.id: task.minutes for task in tasks if task.minutes > 0}
    finished = {task.id for task in tasks if task.minutes <= 0}
    pending = [task.id for task in tasks if task.minutes > 0]
    active: list[str] = []
    sessions: list[Session] = []
    day = options.start
    limit = _add_years(options.start, MAX_YEARS)
    while pending or active:
        if day > limit:
            raise PlanError(
                f"at {budget / 60:g} hours a week this plan would take more than {MAX_YEARS} "
                "years: raise --hours-per-week"
            )
        left = allowance.get(day.weekday(), 0)
        used: dict[str, int] = {}
        sat: dict[str, int] = {}  # minutes per sitting key today
        progress = True
        while left > 0 and progress:
            progress = False
            _activate(pending, active, after, finished, options.parallel)
            for task_id in sorted(active, key=position.__getitem__):
                key = sitting[task_id]
                give = min(left, session_cap - sat.get(key, 0), remaining[task_id])
                if give <= 0:
                    continue
                used[task_id] = used.get(task_id, 0) + give
                sat[key] = sat.get(key, 0) + give
                left -= give
                remaining[task_id] -= give
                progress = True
                if remaining[task_id] == 0:
                    active.remove(task_id)
                    finished.add(task_id)
                if left == 0:
                    break
        sessions += [Session(day, task_id, minutes) for task_id, minutes in used.items()]
        day += timedelta(days=1)
    sessions.sort(key=lambda s: (s.date, position[s.resource_id]))
    return tuple(sessions)


def _activate(
    pending: list[str],
    active: list[str],
    after: dict[str, tuple[str, ...]],
    finished: set[str],
    parallel: int,
) -> None:
    n = 0
    while len(active) < parallel and n < len(pending):
        task_id = pending[n]
        if all(before in finished for before in after[task_id]):
            active.append(pending.pop(n))
        else:
            n += 1


def finish_date(sessions: Sequence[Session], start: date) -> date:
    return max((s.date for s in sessions), default=start)


def required_minutes_per_week(
    tasks: Sequence[Task], options: ScheduleOptions, deadline: date
) -> int | None:
    """The smallest weekly budget that finishes by ``deadline``, or None if none can.

    More minutes than ``parallel x session_hours`` per study day cannot be used, so the search is
    bounded by that; within it the finish date only moves earlier as the budget grows.
    """
    if not any(task.minutes > 0 for task in tasks):
        return 0
    days = len(set(options.study_days))
    ceiling = max(1, minutes_from_hours(options.session_hours)) * options.parallel * days
    if _finish_with(tasks, options, ceiling) > deadline:
        return None
    first_monday = week_monday(options.start)
    weeks = (deadline - first_monday).days // 7 + 1  # calendar weeks from start to deadline
    total = sum(max(0, task.minutes) for task in tasks)
    low, high = min(ceiling, max(1, -(-total // weeks))), ceiling
    while low < high:
        middle = (low + high) // 2
        if _finish_with(tasks, options, middle) <= deadline:
            high = middle
        else:
            low = middle + 1
    return low


def _finish_with(tasks: Sequence[Task], options: ScheduleOptions, minutes_per_week: int) -> date:
    try:
        sessions = schedule(tasks, options, minutes_per_week=minutes_per_week)
    except PlanError:
        return date.max
    return finish_date(sessions, options.start)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, slots=True)
class Week:
    """One calendar week of a schedule (Monday-Sunday)."""

    monday: date
    minutes: int
    resource_ids: tuple[str, ...]  # in the order they first appear that week


def weekly_totals(sessions: Sequence[Session]) -> list[Week]:
    """Weeks that have sessions, in date order."""
    weeks: dict[date, tuple[int, dict[str, None]]] = {}
    for session in sessions:
        monday = week_monday(session.date)
        minutes, ids = weeks.get(monday, (0, {}))
        ids[session.resource_id] = None
        weeks[monday] = (minutes + session.minutes, ids)
    return [Week(monday, minutes, tuple(ids)) for monday, (minutes, ids) in sorted(weeks.items())]


def calendar_weeks(plan: Plan) -> int:
    """Calendar weeks (Monday-Sunday) from the start's week to the finish's, 0 when empty."""
    if not plan.sessions:
        return 0
    first = week_monday(plan.start)
    last = week_monday(plan.finish)
    return (last - first).days // 7 + 1
