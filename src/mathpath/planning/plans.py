"""What a plan *is*: the request that produced it and the result, as plain frozen data.

The planner (``mathpath.planning``) and scheduler (``mathpath.planning.schedule``) produce these;
exporters, renderers and progress tracking only read them. Time is kept in whole minutes so that
sums are exact and output is byte-identical across runs; ``hours`` properties are for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from mathpath.i18n import _
from mathpath.planning.defaults import (
    ALL_DAYS,
    DEFAULT_BLOCK,
    DEFAULT_FILL,
    DEFAULT_HOURS_PER_WEEK,
    DEFAULT_MIN_SESSION,
    DEFAULT_PARALLEL,
    DEFAULT_SESSION_HOURS,
)

if TYPE_CHECKING:  # annotations only
    from mathpath.catalog.models import Edition, Goal, Level, Part, Resource, TopicNeed
    from mathpath.planning.reviews import ReviewRequest, ReviewSession


def week_monday(day: date) -> date:
    """The Monday of the calendar week (Monday-Sunday) that ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def minutes_from_hours(hours: float) -> int:
    return round(hours * 60)


def budget_minutes(hours: float) -> int:
    """The whole minutes a budget of ``hours`` allows: rounded *down*, so that the minutes
    never come to more than the hours (6.01 h is 360 minutes, not 361)."""
    return int(hours * 60 + 1e-9)


def hours_from_minutes(minutes: int) -> float:
    return round(minutes / 60, 2)


def format_duration(minutes: int) -> str:
    """A duration in one style everywhere, exact to the minute: ``45`` -> ``"45 min"``,
    ``90`` -> ``"1 h 30 min"``, ``120`` -> ``"2 h"``, ``0`` -> ``"0 min"``.

    Decimal hours are not exact (52 minutes is 0.8666... h) and mixing them with minutes made
    calendar summaries read "(52 min)" next to "(0.75 h)"."""
    hours, rest = divmod(max(0, minutes), 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    if rest:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=rest)
    return _("{hours} h").format(hours=hours)


@dataclass(frozen=True, slots=True)
class Preferences:
    prefer: tuple[str, ...] = ()  # keys of PREFERENCE_FORMATS
    free_only: bool = False
    lang: str | None = None  # e.g. "zh": prefer resources available in that language
    require_lang: str | None = None  # e.g. "zh": only resources (and parts) with material in it
    max_level: Level | None = None
    exclude: tuple[str, ...] = ()  # resource ids never to use
    include: tuple[str, ...] = ()  # resource ids that must be in the plan


@dataclass(frozen=True, slots=True)
class ScheduleOptions:
    """How a plan meets the calendar (docs/readme/plan.md, "The schedule").

    ``day_hours`` gives study days their own budgets, ``((5, 3.0), ...)`` for "3 hours on
    Saturdays" (Monday = 0); its days are then the study days. ``skip`` holds inclusive date
    ranges with no study, ``holidays`` a country (``CN``, ``US``, ``US-CA``) whose public holidays
    have none either. ``times`` is the clock time sittings start at, per weekday (empty: untimed),
    and ``tz`` the IANA zone of those times (``None``: floating local time). With ``live``, a
    resource with dated editions in the catalog is studied within one of them.
    """

    start: date
    hours_per_week: float = DEFAULT_HOURS_PER_WEEK
    study_days: tuple[int, ...] = ALL_DAYS
    session_hours: float = DEFAULT_SESSION_HOURS
    parallel: int = DEFAULT_PARALLEL
    deadline: date | None = None
    max_hours_per_week: float | None = None
    day_hours: tuple[tuple[int, float], ...] = ()
    min_session: int | None = None  # None: DEFAULT_MIN_SESSION, or less (``shortest_sitting``)
    fill: str = DEFAULT_FILL
    block: int = DEFAULT_BLOCK
    skip: tuple[tuple[date, date], ...] = ()
    holidays: str | None = None
    times: tuple[tuple[int, time], ...] = ()
    tz: str | None = None
    live: bool = False

    @property
    def days(self) -> tuple[int, ...]:
        """The study days, sorted (those of ``day_hours`` when it is given)."""
        if self.day_hours:
            return tuple(sorted({day for day, _ in self.day_hours}))
        return tuple(sorted(set(self.study_days)))

    @property
    def shortest_sitting(self) -> int:
        """The minimum sitting in minutes: ``min_session`` when it is given; otherwise
        ``DEFAULT_MIN_SESSION``, or less where the longest sitting, the weekly budget or a
        day's own hours are shorter (so that ``--session-hours 0.25`` alone is no error)."""
        if self.min_session is not None:
            return self.min_session
        limits = [
            DEFAULT_MIN_SESSION,
            minutes_from_hours(self.session_hours),
            budget_minutes(self.hours_per_week),
            *(budget_minutes(hours) for _, hours in self.day_hours),
        ]
        return max(1, min(limits))

    def time_on(self, weekday: int) -> time | None:
        return dict(self.times).get(weekday)


@dataclass(frozen=True, slots=True)
class PlanRequest:
    goal: str
    schedule: ScheduleOptions
    known: tuple[TopicNeed, ...] = ()  # topics the learner knows (implies their prerequisites)
    done: tuple[str, ...] = ()  # resources already completed (known at the depth they teach)
    preferences: Preferences = field(default_factory=Preferences)
    # Re-planning from progress: minutes already spent on a resource are subtracted, and the
    # remaining estimate is multiplied by the learner's pace factor (1.0 = catalog estimate).
    spent_minutes: tuple[tuple[str, int], ...] = ()
    pace_factor: float = 1.0
    # Spaced review (mathpath.planning.reviews): the cards in review and the sitting length;
    # None plans new study only (--no-review, and every library caller that does not ask).
    reviews: ReviewRequest | None = None


@dataclass(frozen=True, slots=True)
class PlanItem:
    resource: Resource
    minutes: int  # planned study time (after progress and pace)
    start: date
    end: date
    reason: str  # one line: "teaches probability, needed by MIT 6.S191"
    covers: tuple[TopicNeed, ...]  # needed topics this item is chosen for
    after: tuple[str, ...]  # ids of planned items that must be finished first
    needed_by: tuple[str, ...]  # ids of planned items that need it ("" = the goal itself)
    parts: tuple[Part, ...] = ()  # the parts planned, in the resource's order; () = the whole
    teaches: tuple[TopicNeed, ...] = ()  # what the planned whole or parts teach (leaf topics)
    edition: Edition | None = None  # the live edition it is studied in (--live), if any

    @property
    def id(self) -> str:
        return self.resource.id

    @property
    def part_ids(self) -> tuple[str, ...]:
        return tuple(part.id for part in self.parts)

    def title_in(self, lang: str | None) -> str:
        """The resource's title, with the parts planned: "Calculus: Chapters 11-16"."""
        title = self.resource.title_in(lang)
        if not self.parts:
            return title
        return f"{title}: {'; '.join(part.title_in(lang) for part in self.parts)}"

    @property
    def hours(self) -> float:
        return hours_from_minutes(self.minutes)


@dataclass(frozen=True, slots=True)
class Session:
    date: date
    resource_id: str
    minutes: int
    part: str | None = None  # the part of the resource this sitting is for, if it has parts

    @property
    def hours(self) -> float:
        return hours_from_minutes(self.minutes)


@dataclass(frozen=True, slots=True)
class DeadlineReport:
    deadline: date
    required_hours_per_week: float
    feasible: bool  # False when above max_hours_per_week
    max_hours_per_week: float | None
    suggestions: tuple[str, ...]  # what could be dropped or swapped for something shorter
    # False when no weekly budget finishes in time: the sittings (--session-hours x --parallel
    # per study day) are the limit; required_hours_per_week is then that ceiling.
    reachable: bool = True


@dataclass(frozen=True, slots=True)
class DayOff:
    """A study day with no study: ``reason`` is ``"skipped"`` (--skip) or a holiday's name."""

    date: date
    reason: str


@dataclass(frozen=True, slots=True)
class WeekCapacity:
    """What a full calendar week of the schedule can take, against its budget."""

    budget_minutes: int  # what --hours-per-week allows
    minutes: int  # the most a week can really get (at most the budget)
    why: str = ""  # one sentence when ``minutes`` is less than the budget

    @property
    def limited(self) -> bool:
        return self.minutes < self.budget_minutes


@dataclass(frozen=True, slots=True)
class Plan:
    goal: Goal
    request: PlanRequest
    items: tuple[PlanItem, ...]  # in study order
    sessions: tuple[Session, ...]  # in date order, then item order
    known: tuple[TopicNeed, ...]  # everything treated as known (closure of --know and --done)
    assumed: tuple[str, ...]  # topics the goal takes for granted
    needed: tuple[TopicNeed, ...]  # topics the plan had to cover
    exact: bool  # True when the choice of resources is proven minimal
    deadline: DeadlineReport | None = None
    notes: tuple[str, ...] = ()  # e.g. how a pace factor was applied
    capacity: WeekCapacity | None = None  # None for a plan made by hand
    days_off: tuple[DayOff, ...] = ()  # the study days from start to finish with no study
    # Review sittings placed in the schedule, in date order (none without request.reviews);
    # they count against the weekly budget, but not in ``sessions`` or ``total_minutes``.
    reviews: tuple[ReviewSession, ...] = ()

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def total_hours(self) -> float:
        return hours_from_minutes(self.total_minutes)

    @property
    def start(self) -> date:
        return self.request.schedule.start

    @property
    def finish(self) -> date:
        return max((s.date for s in self.sessions), default=self.start)
