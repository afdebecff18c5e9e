"""What to study on a day (``mathpath today``), and the "next" lines that end ``plan`` and
``status``: the sessions planned for the day, what is overdue from earlier days, and one line of
progress. Progress and the forecast come from ``mathpath.learner.status.build_status``, so
``today`` tells the same truth as ``status``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mathpath.catalog.parts import split_unit, unit_id
from mathpath.i18n import _, date_text, is_chinese
from mathpath.learner.outline import PlanOutline
from mathpath.learner.profile import Profile
from mathpath.learner.progress import ProgressRecord, ReviewRecord
from mathpath.learner.request import plan_in_use
from mathpath.learner.status import Status
from mathpath.planning.plans import format_duration, week_monday

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog


@dataclass(frozen=True, slots=True)
class Step:
    """One sitting: a resource (or one part of it) on a day, and what comes after it."""

    date: dt.date
    unit: str  # ``r`` or ``r:p``
    title: str
    minutes: int
    url: str | None
    then: str | None  # the unit that follows it in the study order (None: the last)

    def to_dict(self) -> dict[str, Any]:
        resource, part = split_unit(self.unit)
        return {
            "date": self.date.isoformat(),
            "id": resource,
            "part": part,
            "title": self.title,
            "minutes": self.minutes,
            "url": self.url,
            "then": self.then,
        }


@dataclass(frozen=True, slots=True)
class Overdue:
    unit: str  # the item's next unit
    title: str
    minutes: int  # scheduled before the day and not yet done
    url: str | None


@dataclass(frozen=True, slots=True)
class DayPlan:
    goal: str
    day: dt.date
    days: tuple[dt.date, ...]  # the day, or the seven days of its week (--week)
    committed: bool
    steps: tuple[Step, ...]
    overdue: tuple[Overdue, ...]
    day_number: int | None  # the day's place in the plan (1 = its start), None outside it
    plan_days: int | None
    ahead_minutes: int | None  # against the committed schedule up to the day before
    status: Status
    notes: tuple[str, ...] = ()
    later: tuple[Step, ...] = ()  # with no sittings on the days: the next study day's

    @property
    def finished(self) -> bool:
        return self.status.forecast.remaining_minutes == 0

    def progress_line(self) -> str:
        forecast = self.status.forecast
        bits = []
        if self.day_number is not None and self.plan_days is not None:
            bits.append(_("day {n} of {days}").format(n=self.day_number, days=self.plan_days))
        if self.ahead_minutes is not None:
            gap = format_duration(abs(self.ahead_minutes))
            if self.ahead_minutes == 0:
                bits.append(_("on schedule"))
            elif self.ahead_minutes > 0:
                bits.append(_("{time} ahead").format(time=gap))
            else:
                bits.append(_("{time} behind").format(time=gap))
        bits.append(_("{time} left").format(time=format_duration(forecast.remaining_minutes)))
        if forecast.projected_finish is not None:
            bits.append(
                _("projected finish {date}").format(date=date_text(forecast.projected_finish))
            )
        return ("，" if is_chinese() else ", ").join(bits)

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "date": self.day.isoformat(),
            "days": [d.isoformat() for d in self.days],
            "committed": self.committed,
            "finished": self.finished,
            "sessions": [s.to_dict() for s in self.steps],
            "next": [s.to_dict() for s in self.later],
            "overdue": [
                {"id": o.unit, "title": o.title, "minutes": o.minutes, "url": o.url}
                for o in self.overdue
            ],
            "day_number": self.day_number,
            "plan_days": self.plan_days,
            "ahead_minutes": self.ahead_minutes,
            "forecast": self.status.forecast.to_dict(),
            "progress": self.progress_line(),
            "notes": list(self.notes),
        }


def day_plan(
    status: Status,
    outline: PlanOutline,
    catalog: Catalog,
    day: dt.date,
    *,
    week: bool = False,
) -> DayPlan:
    """The sittings ``outline`` plans on ``day`` (or its week) for what is not yet finished,
    with what is overdue from before it, measured by ``status`` (``build_status`` on the same
    outline)."""
    days = tuple(week_monday(day) + dt.timedelta(days=n) for n in range(7)) if week else (day,)
    finished = finished_units(status)
    steps = upcoming(outline, catalog, days, finished)
    overdue: list[Overdue] = []
    ahead: int | None = None
    if status.committed:
        before = day - dt.timedelta(days=1)
        scheduled: dict[str, int] = {}
        for when, resource, minutes in outline.sessions:
            if when <= before:
                scheduled[resource] = scheduled.get(resource, 0) + minutes
        for item in status.items:
            late = scheduled.get(item.id, 0) - item.credited_minutes
            if late > 0 and not item.finished:
                title, url = _about(catalog, item.next_unit, item.title)
                overdue.append(Overdue(item.next_unit, title, late, url))
        ahead = status.credited_minutes - sum(scheduled.values())
    start, finish = outline.start, outline.finish
    number = total = None
    if start is not None and finish is not None and start <= day <= finish:
        number, total = (day - start).days + 1, (finish - start).days + 1
    return DayPlan(
        status.goal,
        day,
        days,
        status.committed,
        steps,
        tuple(overdue),
        number,
        total,
        ahead,
        status,
        status.notes,
        () if steps else next_steps(outline, catalog, days[-1] + dt.timedelta(days=1), finished),
    )


def upcoming(
    outline: PlanOutline,
    catalog: Catalog,
    days: Sequence[dt.date] | None,
    finished: Collection[str] = (),
) -> tuple[Step, ...]:
    """The sittings planned on ``days`` (every day: None) for units not ``finished``."""
    order = _study_order(outline)
    chosen: list[Step] = []
    wanted = set(days) if days is not None else None
    for index, (when, resource, minutes) in enumerate(outline.sessions):
        unit = outline.session_unit(index)
        if unit in finished or resource in finished:
            continue
        if wanted is not None and when not in wanted:
            continue
        title, url = _about(catalog, unit, resource)
        chosen.append(Step(when, unit, title, minutes, url, _after(order, unit, finished)))
    return tuple(chosen)


def next_steps(
    outline: PlanOutline, catalog: Catalog, day: dt.date, finished: Collection[str] = ()
) -> tuple[Step, ...]:
    """The sittings of the first study day on or after ``day`` with something unfinished: the
    "next" lines at the end of ``plan`` and ``status``."""
    later = [
        when
        for index, (when, resource, _) in enumerate(outline.sessions)
        if when >= day and resource not in finished and outline.session_unit(index) not in finished
    ]
    if not later:
        return ()
    return upcoming(outline, catalog, [min(later)], finished)


def finished_units(status: Status) -> set[str]:
    done: set[str] = set()
    for item in status.items:
        if item.finished:
            done.add(item.id)
        done.update(unit_id(item.id, p.id) for p in item.parts if p.finished)
    return done


def _study_order(outline: PlanOutline) -> list[str]:
    return [unit for item in outline.items for unit in item.units]


def _after(order: list[str], unit: str, finished: Collection[str]) -> str | None:
    if unit not in order:
        return None
    for later in order[order.index(unit) + 1 :]:
        if later not in finished and split_unit(later)[0] not in finished:
            return later
    return None


def _about(catalog: Catalog, unit: str, fallback: str) -> tuple[str, str | None]:
    """The title and link of a unit (a part's own page when it has one), in the interface's
    content language: in Chinese, the Chinese title (marked when the material has nothing in
    Chinese) and the link to the Chinese edition where the catalog knows one."""
    from mathpath.catalog.language import language_support, marked_title
    from mathpath.i18n import content_language

    resource_id, part_id = split_unit(unit)
    resource = catalog.resource_by_id.get(resource_id)
    if resource is None:
        return fallback, None
    part = resource.part_by_id.get(part_id) if part_id else None
    lang = content_language(None)
    title = resource.title_in(lang)
    if part is not None:
        title = f"{title}: {part.title_in(lang)}"
    url = (part.url if part is not None else None) or resource.url
    if lang is None:
        return title, url
    support = language_support(resource, lang, part)
    if title != resource.title and part is None:
        title = marked_title(title, support)
    return title, support.localised_url or url


def plan_for_today(
    catalog: Catalog,
    profile: Profile,
    records: Sequence[ProgressRecord],
    goal: str | None,
    day: dt.date,
    *,
    reviews: Sequence[ReviewRecord] | None = None,
) -> tuple[str, PlanOutline, dt.datetime | None, list[str]]:
    """The plan ``today`` reads: the committed one for the goal, else the plan the profile and
    the progress imply, starting on ``day`` (``plan_in_use``: the plan ``mathpath plan`` makes,
    its spaced reviews placed with the review log ``reviews``)."""
    found = plan_in_use(catalog, profile, records, goal, day, reviews=reviews)
    if found.committed_at is not None:
        return found.goal, found.outline, found.committed_at, []
    notes = [
        *found.notes,
        _(
            "no committed plan for this goal: these are the sessions of the plan your profile "
            "and progress imply from this day (`mathpath plan --save` commits to one)"
        ),
    ]
    return found.goal, found.outline, None, notes
