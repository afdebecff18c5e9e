"""A plan's schedule as a timeline: one row per item, the weeks or months it is studied in, and
where the deadline falls. Plain data, for any drawing of it (the terminal's bars in
``render/timeline.py``; a page or a chart could use the same rows).

A row's *cells* are the minutes studied in each bucket (a calendar week, Monday to Sunday, or a
calendar month). A bucket between the item's first and last sitting with no minutes is a pause
(days off, or the item waiting while others take the week); before the first and after the last
the item is not on. Buckets run from the bucket of the plan's start to that of its finish, or of
the deadline when it is later (so that the gap to it shows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from mathpath.catalog.parts import unit_id
from mathpath.planning.plans import week_monday

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan

Scale = Literal["week", "month"]
SCALES: tuple[Scale, ...] = ("week", "month")


@dataclass(frozen=True, slots=True)
class Bucket:
    start: date
    end: date  # inclusive

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class TimelineRow:
    id: str  # the resource id
    units: tuple[str, ...]  # what is planned of it: its id, or its ``ID:PART`` units
    start: date  # first sitting
    end: date  # last sitting
    minutes: int
    cells: tuple[int, ...]  # minutes studied in each bucket

    def state(self, index: int) -> Literal["study", "pause", "off"]:
        """``study``: sittings in this bucket; ``pause``: none, between the first and the last;
        ``off``: before the first or after the last."""
        if self.cells[index]:
            return "study"
        first = next(i for i, m in enumerate(self.cells) if m)
        last = max(i for i, m in enumerate(self.cells) if m)
        return "pause" if first < index < last else "off"


@dataclass(frozen=True, slots=True)
class Timeline:
    scale: Scale
    buckets: tuple[Bucket, ...]
    rows: tuple[TimelineRow, ...]  # in study order; items without sittings are left out
    deadline: date | None
    deadline_index: int | None  # the bucket the deadline falls in (None without one)

    def in_progress(self, index: int) -> int:
        """How many items are on (studied or paused) in a bucket: the parallel tracks."""
        return sum(1 for row in self.rows if row.state(index) != "off")


def bucket_start(day: date, scale: Scale) -> date:
    return week_monday(day) if scale == "week" else day.replace(day=1)


def _next(start: date, scale: Scale) -> date:
    if scale == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def bucket_count(plan: Plan, scale: Scale) -> int:
    """How many buckets the plan's timeline has at ``scale`` (0 for a plan with no sittings)."""
    if not plan.sessions:
        return 0
    last = _last_day(plan)
    start, count = bucket_start(plan.start, scale), 0
    while start <= last:
        start, count = _next(start, scale), count + 1
    return count


def _last_day(plan: Plan) -> date:
    deadline = plan.deadline.deadline if plan.deadline is not None else None
    return max(plan.finish, deadline) if deadline is not None else plan.finish


def plan_timeline(plan: Plan, scale: Scale) -> Timeline:
    """The plan's timeline at ``scale``."""
    buckets: list[Bucket] = []
    if plan.sessions:
        start, last = bucket_start(plan.start, scale), _last_day(plan)
        while start <= last:
            following = _next(start, scale)
            buckets.append(Bucket(start, following - timedelta(days=1)))
            start = following
    index = {bucket.start: n for n, bucket in enumerate(buckets)}
    minutes: dict[str, list[int]] = {}
    days: dict[str, list[date]] = {}
    for session in plan.sessions:
        cells = minutes.setdefault(session.resource_id, [0] * len(buckets))
        cells[index[bucket_start(session.date, scale)]] += session.minutes
        days.setdefault(session.resource_id, []).append(session.date)
    rows = tuple(
        TimelineRow(
            id=item.id,
            units=tuple(unit_id(item.id, part) for part in item.part_ids) or (item.id,),
            start=min(days[item.id]),
            end=max(days[item.id]),
            minutes=item.minutes,
            cells=tuple(minutes[item.id]),
        )
        for item in plan.items
        if item.id in minutes
    )
    deadline = plan.deadline.deadline if plan.deadline is not None else None
    deadline_index = None
    if deadline is not None:
        deadline_index = next((n for n, b in enumerate(buckets) if b.holds(deadline)), None)
    return Timeline(scale, tuple(buckets), rows, deadline, deadline_index)
