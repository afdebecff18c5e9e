"""Progress against a plan (``mathpath status``): per resource and overall, ahead or behind the
committed schedule, the projected finish at the learner's own rate, and what to study next.

Where the plan planned parts of a resource, progress is shown per part as well. Such an item is
finished when each of its planned parts is, or the resource as a whole is; a resource planned
whole is finished when it is marked so, or when every one of its parts is. Time recorded on a part
counts for the item it belongs to, and time on the resource as a whole too (for its one part, when
only one is planned); each planned part's share of the item's planned time is in proportion to the
catalog's hours for the parts."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from mathpath.catalog.language import shown_title
from mathpath.catalog.parts import unit_id
from mathpath.i18n import _, content_language
from mathpath.learner.forecast import Forecast, forecast
from mathpath.learner.outline import PlannedItem, PlanOutline
from mathpath.learner.profile import Profile
from mathpath.learner.progress import (
    ProgressRecord,
    ResourceProgress,
    ReviewRecord,
    in_catalog,
    summarize,
    whole_finished,
)
from mathpath.learner.replan import Pace, personal_pace
from mathpath.learner.request import plan_in_use
from mathpath.planning.defaults import DEFAULT_HOURS_PER_WEEK
from mathpath.planning.plans import ScheduleOptions, hours_from_minutes, minutes_from_hours

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog, Part


@dataclass(frozen=True, slots=True)
class PartStatus:
    id: str  # the part's id within its resource
    title: str
    planned_minutes: int  # its share of the item's planned time
    credited_minutes: int
    spent_minutes: int
    finished: bool

    @property
    def fraction(self) -> float:
        return _fraction(self.finished, self.credited_minutes, self.planned_minutes)


@dataclass(frozen=True, slots=True)
class ItemStatus:
    id: str
    title: str  # with the planned parts: "Calculus: Chapters 11-16"
    planned_minutes: int
    credited_minutes: int  # progress counted against the plan (<= planned)
    spent_minutes: int  # time recorded (may exceed the plan)
    finished: bool
    parts: tuple[PartStatus, ...] = ()  # the planned parts; () = planned whole

    @property
    def fraction(self) -> float:
        return _fraction(self.finished, self.credited_minutes, self.planned_minutes)

    @property
    def next_unit(self) -> str:
        """What to study next in this item: its first unfinished part, else the resource."""
        part = next((p for p in self.parts if not p.finished), None)
        return unit_id(self.id, part.id) if part is not None and not self.finished else self.id


def _fraction(finished: bool, credited: int, planned: int) -> float:
    if finished:
        return 1.0
    return credited / planned if planned else 0.0


@dataclass(frozen=True, slots=True)
class Status:
    goal: str
    today: dt.date
    committed: bool  # True: measured against the plan saved with `mathpath plan --save`
    items: tuple[ItemStatus, ...]
    expected_minutes: int | None  # what the committed schedule had done by today
    committed_finish: dt.date | None
    projected_finish: dt.date | None
    rate_minutes_per_week: float | None  # None: projected at the planned hours per week
    pace: Pace
    forecast: Forecast
    next_items: tuple[ItemStatus, ...]
    off_plan: tuple[str, ...]  # resources (or R:P parts) with progress the plan does not contain
    orphaned: tuple[ProgressRecord, ...]  # records naming resources (or parts) not in the catalog
    notes: tuple[str, ...] = field(default=())

    @property
    def planned_minutes(self) -> int:
        return sum(i.planned_minutes for i in self.items)

    @property
    def credited_minutes(self) -> int:
        return sum(i.credited_minutes for i in self.items)

    @property
    def schedule_delta_minutes(self) -> int | None:
        """Positive: ahead of the committed schedule; negative: behind."""
        if self.expected_minutes is None:
            return None
        return self.credited_minutes - self.expected_minutes

    def to_dict(self) -> dict[str, Any]:
        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        delta = self.schedule_delta_minutes
        return {
            "goal": self.goal,
            "today": self.today.isoformat(),
            "committed": self.committed,
            "planned_hours": hours_from_minutes(self.planned_minutes),
            "done_hours": hours_from_minutes(self.credited_minutes),
            "items": [
                {
                    "id": i.id,
                    "title": i.title,
                    "planned_hours": hours_from_minutes(i.planned_minutes),
                    "done_hours": hours_from_minutes(i.credited_minutes),
                    "spent_hours": hours_from_minutes(i.spent_minutes),
                    "finished": i.finished,
                    "parts": [
                        {
                            "id": p.id,
                            "title": p.title,
                            "planned_hours": hours_from_minutes(p.planned_minutes),
                            "done_hours": hours_from_minutes(p.credited_minutes),
                            "spent_hours": hours_from_minutes(p.spent_minutes),
                            "finished": p.finished,
                        }
                        for p in i.parts
                    ],
                }
                for i in self.items
            ],
            "expected_hours": (
                hours_from_minutes(self.expected_minutes)
                if self.expected_minutes is not None
                else None
            ),
            "ahead_hours": hours_from_minutes(delta) if delta is not None else None,
            "committed_finish": iso(self.committed_finish),
            "projected_finish": iso(self.projected_finish),
            "rate_hours_per_week": (
                round(self.rate_minutes_per_week / 60, 2)
                if self.rate_minutes_per_week is not None
                else None
            ),
            "remaining_hours": hours_from_minutes(self.forecast.remaining_minutes),
            "forecast": self.forecast.to_dict(),
            "pace": {
                "factor": self.pace.factor,
                "established": self.pace.established,
                "firm": self.pace.firm,
                "raw": round(self.pace.raw, 4) if self.pace.raw is not None else None,
                "finished_with_hours": self.pace.finished,
            },
            "next": [i.id for i in self.next_items],
            "off_plan": list(self.off_plan),
            "orphaned": [r.model_dump(mode="json") for r in self.orphaned],
            "notes": list(self.notes),
        }


def build_status(
    goal: str,
    outline: PlanOutline,
    records: Sequence[ProgressRecord],
    catalog: Catalog,
    today: dt.date,
    *,
    committed_at: dt.datetime | None = None,
    hours_per_week: float | None = None,
    notes: Iterable[str] = (),
) -> Status:
    """Progress on ``outline``'s items. With ``committed_at`` (the plan saved with ``--save``),
    only records made after it count (the saved plan already left out what was done before),
    and the schedule says whether the learner is ahead or behind."""
    counted = [r for r in records if committed_at is None or r.recorded_at >= committed_at]
    summary = summarize(counted)
    all_summary = summarize(records)
    status_items = tuple(_item_status(planned, summary, catalog) for planned in outline.items)

    expected: int | None = None
    if committed_at is not None:
        expected = _expected_by(outline, today)

    pace = personal_pace(all_summary, catalog)
    week = outline.schedule or ScheduleOptions(
        start=outline.start or today,
        hours_per_week=outline.hours_per_week or hours_per_week or DEFAULT_HOURS_PER_WEEK,
    )
    ahead = forecast(
        outline.items,
        all_summary,
        records,
        catalog,
        pace,
        today,
        schedule=week,
        committed_finish=outline.finish if committed_at is not None else None,
        reviews=outline.reviews,
    )
    next_items = tuple(i for i in status_items if not i.finished)[:3]
    planned_parts = {i.id: i.parts for i in outline.items}
    off_plan = tuple(
        unit
        for unit, progress in all_summary.items()
        if in_catalog(progress, catalog)
        and (
            progress.resource not in planned_parts
            or (
                progress.part is not None
                and bool(planned_parts[progress.resource])
                and progress.part not in planned_parts[progress.resource]
            )
        )
    )
    orphaned = tuple(r for r in records if not in_catalog(r, catalog))
    return Status(
        goal=goal,
        today=today,
        committed=committed_at is not None,
        items=status_items,
        expected_minutes=expected,
        committed_finish=outline.finish if committed_at is not None else None,
        projected_finish=ahead.projected_finish,
        rate_minutes_per_week=ahead.weekly_minutes if ahead.own_rate else None,
        pace=pace,
        forecast=ahead,
        next_items=next_items,
        off_plan=off_plan,
        orphaned=orphaned,
        notes=tuple(notes),
    )


def _item_status(
    planned: PlannedItem, summary: dict[str, ResourceProgress], catalog: Catalog
) -> ItemStatus:
    resource = catalog.resource_by_id.get(planned.id)
    whole = summary.get(planned.id)
    if resource is not None:
        whole_done = whole_finished(summary, resource)
    else:
        whole_done = whole is not None and whole.finished
    whole_spent = whole.spent_minutes if whole else 0
    if not planned.parts:
        # Time on any of its parts is time on the resource.
        on_parts = sum(
            p.spent_minutes for p in summary.values() if p.resource == planned.id and p.part
        )
        spent = whole_spent + on_parts
        credited = planned.minutes if whole_done else min(spent, planned.minutes)
        return ItemStatus(planned.id, planned.title, planned.minutes, credited, spent, whole_done)
    catalog_parts = resource.part_by_id if resource is not None else {}
    shares = _shares(planned.minutes, [catalog_parts.get(p) for p in planned.parts])
    # Time logged on the resource as a whole counts for the item; with one part planned it is
    # that part's time, so that its bar says what the item's says.
    to_part = whole_spent if len(planned.parts) == 1 else 0
    unassigned = whole_spent - to_part  # whole-resource time that no part holds
    parts = []
    for part_id, share in zip(planned.parts, shares, strict=True):
        progress = summary.get(unit_id(planned.id, part_id))
        finished = whole_done or (progress is not None and progress.finished)
        spent = (progress.spent_minutes if progress else 0) + to_part
        credited = share if finished else min(spent, share)
        part = catalog_parts.get(part_id)
        title = part.title_in(content_language(None)) if part is not None else part_id
        parts.append(PartStatus(part_id, title, share, credited, spent, finished))
    finished = whole_done or all(p.finished for p in parts)
    spent = unassigned + sum(p.spent_minutes for p in parts)
    from_parts = sum(p.credited_minutes for p in parts) + unassigned
    credited = planned.minutes if finished else min(from_parts, planned.minutes)
    title = f"{planned.title}: {'; '.join(p.title for p in parts)}"
    return ItemStatus(planned.id, title, planned.minutes, credited, spent, finished, tuple(parts))


def _shares(minutes: int, parts: Sequence[Part | None]) -> list[int]:
    """``minutes`` split over ``parts`` in proportion to their catalog hours (equally when one
    is missing from the catalog), in whole minutes that add up to ``minutes``: the largest
    remainders get the spare minutes, the earlier part first on a tie."""
    known = [p for p in parts if p is not None]
    weights = [p.hours for p in known] if len(known) == len(parts) else [1.0] * len(parts)
    total = sum(weights)
    exact = [minutes * w / total for w in weights]
    shares = [math.floor(x) for x in exact]
    spare = minutes - sum(shares)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - shares[i]), i))
    for index in by_remainder[:spare]:
        shares[index] += 1
    return shares


def _expected_by(outline: PlanOutline, today: dt.date) -> int:
    """Planned minutes scheduled up to and including ``today``."""
    if outline.sessions:
        return sum(minutes for day, _, minutes in outline.sessions if day <= today)
    expected = 0.0
    for item in outline.items:  # no sessions: spread each item evenly over its dates
        if item.start is None or item.end is None or today < item.start:
            continue
        span = (item.end - item.start).days + 1
        done_days = min(span, (today - item.start).days + 1)
        expected += item.minutes * done_days / span
    return round(expected)


def plan_for_status(
    catalog: Catalog,
    profile: Profile,
    records: Sequence[ProgressRecord],
    goal: str | None,
    today: dt.date,
    *,
    reviews: Sequence[ReviewRecord] | None = None,
) -> tuple[str, PlanOutline, dt.datetime | None, list[str]]:
    """The plan ``status`` measures against: the committed one for the goal, else the plan
    ``mathpath plan`` makes today (``plan_in_use``, its spaced reviews placed with the review
    log ``reviews``), shown with the progress it was made from (``with_progress``)."""
    found = plan_in_use(catalog, profile, records, goal, today, reviews=reviews)
    if found.committed_at is not None:
        return found.goal, found.outline, found.committed_at, found.notes
    notes = [
        *found.notes,
        _(
            "no committed plan for this goal: progress is shown against a fresh plan "
            "(`mathpath plan --save` commits to one and tracks the schedule)"
        ),
    ]
    return found.goal, with_progress(found.outline, records, catalog), None, notes


def with_progress(
    outline: PlanOutline, records: Sequence[ProgressRecord], catalog: Catalog
) -> PlanOutline:
    """A plan made with the progress applied, as ``status`` shows it: first the resources
    finished that it leaves out, then each item with the time already spent on it added back,
    so that its bar shows what was done and what is left is what the plan plans."""
    summary = summarize(records)
    planned = {item.id for item in outline.items}
    finished = tuple(
        PlannedItem(
            resource.id,
            shown_title(resource, content_language(None)),
            minutes_from_hours(resource.hours),
        )
        for progress in summary.values()
        if progress.part is None
        and progress.resource not in planned
        and (resource := catalog.resource_by_id.get(progress.resource)) is not None
        and whole_finished(summary, resource)
    )
    items = tuple(
        replace(item, minutes=item.minutes + _item_status(item, summary, catalog).spent_minutes)
        for item in outline.items
    )
    return replace(outline, items=(*finished, *items))
