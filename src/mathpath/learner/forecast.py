"""The one truth about what is left: remaining time, the pace it is estimated at, and the
projected finish. ``status``, ``plan`` and ``today`` all call ``forecast``, so on the same
progress, plan and profile they report the same minutes and the same dates.

* Remaining time is counted from the catalog's estimates, as the planner counts it
  (``mathpath.planning.candidates.Remaining``): per unfinished resource (or planned part), its
  estimate less the time recorded on it (turned into catalog time at the pace), times the personal
  pace factor (``mathpath.learner.replan.personal_pace``: shrunk toward 1.0 until it is firm).
  Something not in the catalog keeps the plan's own minutes less what was recorded.
* The projected finish is the remaining time at a weekly rate: the learner's own (everything
  recorded since the first record, per week) once the records span ``MIN_RATE_DAYS`` days, else
  the planned hours per week. A few days of history never set the rate.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mathpath.catalog.parts import unit_id
from mathpath.learner.outline import PlannedItem
from mathpath.learner.progress import ProgressRecord, ResourceProgress, whole_finished
from mathpath.learner.replan import Pace
from mathpath.planning.plans import hours_from_minutes, minutes_from_hours

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog
    from mathpath.planning.plans import Plan

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
        rate = f"{hours_from_minutes(self.weekly_minutes):g} h a week"
        if self.own_rate:
            return f"at your recorded rate ({rate} over {self.history_days} days)"
        return f"at your planned {rate}"

    def rate_note(self) -> str:
        """Why the planned rate is used ("" when it is the learner's own)."""
        if self.own_rate or not self.history_days:
            return ""
        wait = MIN_RATE_DAYS - self.history_days
        return (
            f"your own rate is used once your records span {MIN_RATE_DAYS} days "
            f"({wait} more {'day' if wait == 1 else 'days'})"
        )

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
    resource = catalog.resource_by_id.get(item.id)
    if resource is None:
        spent = sum(p.spent_minutes for p in summary.values() if p.resource == item.id)
        whole = summary.get(item.id)
        return 0 if whole is not None and whole.finished else max(0, item.minutes - spent)
    if whole_finished(summary, resource):
        return 0
    if not item.parts:
        spent = sum(p.spent_minutes for p in summary.values() if p.resource == item.id)
        return _left(minutes_from_hours(resource.hours), spent, pace)
    left = 0
    whole = summary.get(item.id)
    on_whole = whole.spent_minutes if whole is not None else 0
    for part_id in item.parts:
        progress = summary.get(unit_id(item.id, part_id))
        if progress is not None and progress.finished:
            continue
        part = resource.part_by_id.get(part_id)
        spent = progress.spent_minutes if progress is not None else 0
        if part is None:
            continue
        left += _left(minutes_from_hours(part.hours), spent, pace)
    return max(0, left - on_whole) if on_whole else left


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
    hours_per_week: float,
    committed_finish: dt.date | None = None,
    start: dt.date | None = None,
) -> Forecast:
    """What is left of ``items`` and when it will be done (see the module's doc). Study that
    starts later (``start``, the plan's first day) is projected from that day, not from today."""
    remaining = sum(remaining_of(item, summary, catalog, pace.factor) for item in items)
    in_catalog = [r for r in records if r.resource in catalog.resource_by_id]
    history = (today - min(r.date for r in in_catalog)).days + 1 if in_catalog else 0
    recorded = _recorded_minutes(summary, catalog)
    own = history >= MIN_RATE_DAYS and recorded > 0
    weekly = round(recorded / history * 7) if own else minutes_from_hours(hours_per_week)
    projected: dt.date | None
    if remaining == 0:
        projected = today
    elif weekly > 0:
        begin = max(today, start) if start is not None else today
        projected = begin + dt.timedelta(days=math.ceil(remaining / weekly * 7) - 1)
    else:
        projected = None
    return Forecast(today, remaining, pace, weekly, own, history, projected, committed_finish)


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
        hours_per_week=plan.request.schedule.hours_per_week,
        start=plan.request.schedule.start,
    )
