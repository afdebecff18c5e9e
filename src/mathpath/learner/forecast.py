"""The one truth about what is left: remaining time, the pace it is estimated at, and the
projected finish. ``status``, ``plan`` and ``today`` all call ``forecast``, so on the same
progress, plan and profile they report the same minutes and the same dates.

* Remaining time is counted from the catalog's estimates, as the planner counts it
  (``mathpath.planning.candidates.Remaining``): per unfinished resource (or planned part), its
  estimate less the time recorded on it (turned into catalog time at the pace), times the personal
  pace factor (``mathpath.learner.replan.personal_pace``: shrunk toward 1.0 until it is firm).
  Something not in the catalog keeps the plan's own minutes less what was recorded.
* The projected finish is the last day of the remaining time scheduled, from today (or the
  plan's later start), through the plan's own week: the scheduler's timetable
  (``mathpath.planning.timetable``) with its study days and their hours, days off, sittings and
  live editions, in study order. At the learner's own weekly rate (everything recorded since the
  first record, per week, once the records span ``MIN_RATE_DAYS`` days) each remaining minute
  takes the week's capacity over that rate; before that, the plan's week as it is. A few days of
  history never set the rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from mathpath.catalog.parts import unit_id
from mathpath.errors import PlanError
from mathpath.i18n import _, ngettext
from mathpath.learner.outline import PlannedItem
from mathpath.learner.progress import ProgressRecord, ResourceProgress, whole_finished
from mathpath.learner.replan import Pace
from mathpath.planning.plans import ScheduleOptions, hours_from_minutes, minutes_from_hours

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog
    from mathpath.planning.plans import Plan
    from mathpath.planning.reviews import ReviewRequest

# The learner's own weekly rate is used only once the records span this many days (from the
# first record to today): one busy day, or one log against a plan saved long ago, says little.
MIN_RATE_DAYS = 14


@dataclass(frozen=True, slots=True)
class Forecast:
    today: dt.date
    remaining_minutes: int
    pace: Pace
    weekly_minutes: int  # the rate the projection uses
    own_rate: bool  # True: the learner's recorded rate; False: the planned hours per week
    history_days: int  # days from the first record to today (0 without records)
    projected_finish: dt.date | None  # None: no rate to project at
    committed_finish: dt.date | None = None

    @property
    def finish_shift_days(self) -> int | None:
        """Positive: the projection is later than the committed finish."""
        if self.projected_finish is None or self.committed_finish is None:
            return None
        return (self.projected_finish - self.committed_finish).days

    def rate_text(self) -> str:
        hours = f"{hours_from_minutes(self.weekly_minutes):g}"
        if self.own_rate:
            # Never fewer than MIN_RATE_DAYS days: always the plural.
            return _("at your recorded rate ({hours} h a week over {days} days)").format(
                hours=hours, days=self.history_days
            )
        return _("at your planned {hours} h a week").format(hours=hours)

    def rate_note(self) -> str:
        """Why the planned rate is used ("" when it is the learner's own)."""
        if self.own_rate or not self.history_days:
            return ""
        wait = MIN_RATE_DAYS - self.history_days
        return ngettext(
            "your own rate is used once your records span {span} days ({n} more day)",
            "your own rate is used once your records span {span} days ({n} more days)",
            wait,
        ).format(span=MIN_RATE_DAYS, n=wait)

    def to_dict(self) -> dict[str, Any]:
        return {
            "remaining_minutes": self.remaining_minutes,
            "remaining_hours": hours_from_minutes(self.remaining_minutes),
            "pace_factor": self.pace.factor,
            "pace_firm": self.pace.firm,
            "weekly_hours": hours_from_minutes(self.weekly_minutes),
            "own_rate": self.own_rate,
            "projected_finish": (
                self.projected_finish.isoformat() if self.projected_finish else None
            ),
            "committed_finish": (
                self.committed_finish.isoformat() if self.committed_finish else None
            ),
            "finish_shift_days": self.finish_shift_days,
        }


def remaining_of(
    item: PlannedItem, summary: Mapping[str, ResourceProgress], catalog: Catalog, pace: float
) -> int:
    """Minutes left on one planned item (0 once it is finished)."""
    return sum(minutes for _unit, minutes in units_left(item, summary, catalog, pace))


def units_left(
    item: PlannedItem, summary: Mapping[str, ResourceProgress], catalog: Catalog, pace: float
) -> list[tuple[str, int]]:
    """Minutes left on each unit of a planned item (its whole, or its planned parts in order;
    time recorded on the whole of a resource planned in parts is taken from its first parts)."""
    resource = catalog.resource_by_id.get(item.id)
    if resource is None:
        spent = sum(p.spent_minutes for p in summary.values() if p.resource == item.id)
        whole = summary.get(item.id)
        finished = whole is not None and whole.finished
        return [(item.id, 0 if finished else max(0, item.minutes - spent))]
    if whole_finished(summary, resource):
        return [(unit, 0) for unit in item.units]
    if not item.parts:
        spent = sum(p.spent_minutes for p in summary.values() if p.resource == item.id)
        return [(item.id, _left(minutes_from_hours(resource.hours), spent, pace))]
    whole = summary.get(item.id)
    on_whole = whole.spent_minutes if whole is not None else 0
    found = []
    for part_id in item.parts:
        unit = unit_id(item.id, part_id)
        progress = summary.get(unit)
        part = resource.part_by_id.get(part_id)
        if part is None or (progress is not None and progress.finished):
            found.append((unit, 0))
            continue
        spent = progress.spent_minutes if progress is not None else 0
        left = _left(minutes_from_hours(part.hours), spent, pace)
        taken = min(left, on_whole)
        on_whole -= taken
        found.append((unit, left - taken))
    return found


def _left(estimate: int, spent: int, pace: float) -> int:
    """As the planner counts it: the estimate less the time spent in catalog time, at the pace."""
    left = estimate - round(spent / pace)
    return max(1, round(left * pace)) if left > 0 else 0


def forecast(
    items: Iterable[PlannedItem],
    summary: Mapping[str, ResourceProgress],
    records: Sequence[ProgressRecord],
    catalog: Catalog,
    pace: Pace,
    today: dt.date,
    *,
    schedule: ScheduleOptions,
    committed_finish: dt.date | None = None,
    reviews: ReviewRequest | None = None,
) -> Forecast:
    """What is left of ``items`` (in study order) and when it will be done at ``schedule``,
    the plan's week (see the module's doc), with the spaced ``reviews`` the plan places taking
    their part of it. Study that starts later (the schedule's start) is projected from that
    day, not from today."""
    from mathpath.planning.schedule import week_capacity

    items = tuple(items)
    left = {item.id: units_left(item, summary, catalog, pace.factor) for item in items}
    remaining = sum(minutes for units in left.values() for _, minutes in units)
    in_catalog = [r for r in records if r.resource in catalog.resource_by_id]
    history = (today - min(r.date for r in in_catalog)).days + 1 if in_catalog else 0
    recorded = _recorded_minutes(summary, catalog)
    own = history >= MIN_RATE_DAYS and recorded > 0
    capacity = week_capacity(schedule).minutes
    weekly = round(recorded / history * 7) if own else capacity
    projected: dt.date | None
    if remaining == 0:
        projected = today
    elif weekly > 0 and capacity > 0:
        begin = max(today, schedule.start)
        projected = _last_day(
            items, left, replace(schedule, start=begin), catalog, capacity / weekly, reviews
        )
    else:
        projected = None
    return Forecast(today, remaining, pace, weekly, own, history, projected, committed_finish)


def _last_day(
    items: Sequence[PlannedItem],
    left: Mapping[str, list[tuple[str, int]]],
    schedule: ScheduleOptions,
    catalog: Catalog,
    stretch: float,
    reviews: ReviewRequest | None = None,
) -> dt.date | None:
    """The last day of what is ``left`` scheduled as the planner schedules a plan: one task per
    unit, each item after the items it must follow, every minute ``stretch`` minutes of the
    week's capacity (1: the plan's own week). None: not within the scheduler's horizon."""
    from mathpath.planning.schedule import Task
    from mathpath.planning.timetable import timetable

    tasks: list[Task] = []
    last_unit: dict[str, str] = {}
    for item in items:
        previous = tuple(last_unit[a] for a in item.after if a in last_unit)
        for unit, minutes in left[item.id]:
            if minutes > 0:
                scaled = max(1, round(minutes * stretch))
                tasks.append(Task(unit, scaled, previous, sitting=item.id))
                previous = (unit,)
                last_unit[item.id] = unit
    book = None
    if reviews is not None:  # as make_plan places them: before new study, in the week's budget
        from mathpath.planning.reviews import review_book
        from mathpath.planning.schedule import weekly_budget

        book = review_book(catalog, reviews, (t.id for t in tasks), weekly_budget(schedule))
    try:
        sessions = timetable(tasks, schedule, catalog.resource_by_id, book).sessions
    except PlanError:  # longer than the scheduler plans (MAX_YEARS)
        return None
    return max((s.date for s in sessions), default=None)


def _recorded_minutes(summary: Mapping[str, ResourceProgress], catalog: Catalog) -> int:
    """The work the records show: the time recorded, or for something finished without its
    hours, its catalog estimate (a part of a resource finished with its hours is in the whole)."""
    total = 0
    for progress in summary.values():
        resource = catalog.resource_by_id.get(progress.resource)
        if resource is None:
            continue
        if progress.spent_minutes or not progress.finished:
            total += progress.spent_minutes
            continue
        if progress.part is None:
            total += minutes_from_hours(resource.hours)
        elif (part := resource.part_by_id.get(progress.part)) is not None:
            total += minutes_from_hours(part.hours)
    return total


def plan_forecast(
    plan: Plan, records: Sequence[ProgressRecord], catalog: Catalog, today: dt.date
) -> Forecast:
    """``forecast`` for a plan just made (``mathpath plan``): its items, the learner's records
    and the pace they give, at the plan's hours per week: the numbers ``status`` and ``today``
    show for the same progress."""
    from mathpath.learner.outline import outline_of_plan
    from mathpath.learner.progress import summarize
    from mathpath.learner.replan import personal_pace

    summary = summarize(records)
    return forecast(
        outline_of_plan(plan).items,
        summary,
        records,
        catalog,
        personal_pace(summary, catalog),
        today,
        schedule=plan.request.schedule,
        reviews=plan.request.reviews,
    )
