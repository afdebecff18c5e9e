"""Re-planning from what the learner did: profile defaults, progress, a personal pace, status.

* ``apply_learner_state`` merges what the command line said with the profile (the command line
  wins) and the progress records (finished resources become ``done``, partial time becomes
  ``spent_minutes``, a personal pace factor once there is enough evidence) into a ``PlanRequest``,
  with notes a person can read.
* ``personal_pace``: the pace factor rule (see ``PACE_*`` below).
* ``save_committed_plan`` / ``load_committed_plan``: the plan the learner committed to
  (``mathpath plan --save``), kept as JSON under the data folder.
* ``diff_plans``: what changed between two plan dicts (``mathpath plan --diff``).
* ``build_status``: progress against a plan, ahead or behind the committed schedule, projected
  finish, what to study next (``mathpath status``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mathpath import paths
from mathpath.errors import Problem, UsageError
from mathpath.fileio import atomic_write, locked
from mathpath.plans import (
    ALL_DAYS,
    PlanRequest,
    Preferences,
    ScheduleOptions,
    hours_from_minutes,
    minutes_from_hours,
)
from mathpath.profile import Profile, user_data_error
from mathpath.progress import ProgressRecord, ResourceProgress, summarize

if TYPE_CHECKING:
    from mathpath.models import Catalog, Level, TopicNeed
    from mathpath.plans import Plan

# The pace factor rule. A personal pace is used once the learner has finished at least
# PACE_MIN_FINISHED resources with the hours they took, or PACE_MIN_HOURS hours of finished work;
# it is (actual hours) / (catalog hours) over those resources, clamped to [PACE_MIN, PACE_MAX]
# so that one odd record (a course skimmed in an evening, a book left open for a month) cannot
# make a plan absurd.
PACE_MIN_FINISHED = 2
PACE_MIN_HOURS = 10.0
PACE_MIN = 0.5
PACE_MAX = 3.0

# Projections from the learner's own rate need at least this much history, so that one busy
# day does not promise a finish next week.
MIN_RATE_DAYS = 7


# --- the pace factor ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pace:
    factor: float  # the factor to apply: 1.0 until established
    established: bool
    raw: float | None  # actual / estimate before clamping (None without evidence)
    finished: int  # finished resources (in the catalog) whose time is known
    actual_minutes: int
    estimated_minutes: int

    def describe(self) -> str:
        if self.raw is None:
            return (
                "no personal pace yet: it needs finished resources with the hours they took "
                "(`mathpath done ID --hours H`)"
            )
        basis = (
            f"{hours_from_minutes(self.actual_minutes):g} h for "
            f"{hours_from_minutes(self.estimated_minutes):g} h of catalog estimates over "
            f"{self.finished} finished {'resource' if self.finished == 1 else 'resources'}"
        )
        if not self.established:
            return (
                f"no personal pace yet ({basis}): it is used from {PACE_MIN_FINISHED} finished "
                f"resources or {PACE_MIN_HOURS:g} h of finished work"
            )
        clamped = (
            f", clamped from {self.raw:.2f} to {PACE_MIN:g}-{PACE_MAX:g}"
            if self.factor != round(self.raw, 2)
            else ""
        )
        return f"pace factor {self.factor:.2f} ({basis}{clamped})"


def personal_pace(summary: Mapping[str, ResourceProgress], catalog: Catalog) -> Pace:
    """The learner's pace over finished resources whose actual time is known."""
    finished = 0
    actual = 0
    estimated = 0
    for resource_id, progress in summary.items():
        resource = catalog.resource_by_id.get(resource_id)
        if resource is None or progress.actual_minutes is None:
            continue
        finished += 1
        actual += progress.actual_minutes
        estimated += minutes_from_hours(resource.hours)
    if finished == 0 or estimated == 0:
        return Pace(1.0, False, None, finished, actual, estimated)
    raw = actual / estimated
    established = finished >= PACE_MIN_FINISHED or actual >= minutes_from_hours(PACE_MIN_HOURS)
    factor = round(min(PACE_MAX, max(PACE_MIN, raw)), 2) if established else 1.0
    return Pace(factor, established, raw, finished, actual, estimated)


# --- merging the command line, the profile and the progress -------------------------------------


@dataclass(frozen=True, slots=True)
class PlanChoices:
    """What the command line said. ``None`` means "not given": the profile's value applies, then
    mathpath's default. ``known``, ``done``, ``exclude`` and ``include`` are added to what the
    profile and the progress file say (knowledge only accumulates)."""

    goal: str | None = None
    known: tuple[TopicNeed, ...] = ()
    done: tuple[str, ...] = ()
    start: dt.date | None = None
    hours_per_week: float | None = None
    study_days: tuple[int, ...] | None = None
    session_hours: float | None = None
    parallel: int | None = None
    deadline: dt.date | None = None
    max_hours_per_week: float | None = None
    prefer: tuple[str, ...] | None = None
    free_only: bool | None = None
    lang: str | None = None
    max_level: Level | None = None
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    use_progress: bool = True  # False: plan from scratch, as if nothing were recorded
    pace_factor: float | None = None  # an explicit factor overrides the personal one


_DEFAULT_SCHEDULE = ScheduleOptions(start=dt.date(2000, 1, 1))


def apply_learner_state(
    choices: PlanChoices,
    profile: Profile,
    records: Sequence[ProgressRecord],
    catalog: Catalog,
    today: dt.date,
) -> tuple[PlanRequest, list[str]]:
    """The plan request for ``choices`` given the learner's profile and progress, and notes
    saying what was taken from where (for ``Plan.notes`` and the terminal)."""
    notes: list[str] = []
    goal = choices.goal
    if goal is None:
        goals = [g for g in profile.goals if g in catalog.goal_by_id]
        if not goals:
            raise UsageError(
                "no goal given",
                hint="pass --goal ID, or set a default: `mathpath profile set goals ID`",
            )
        goal = goals[0]
        notes.append(f"goal {goal} from your profile")

    known: dict[str, TopicNeed] = {}
    for need in profile.known_needs():
        if need.topic in catalog.topic_by_id:
            known[need.topic] = need
        else:
            notes.append(f"known topic {need.topic!r} in your profile is not in this catalog")
    for need in choices.known:
        known[need.topic] = need  # the command line's depth wins

    done = list(dict.fromkeys(choices.done))
    spent: list[tuple[str, int]] = []
    pace = Pace(1.0, False, None, 0, 0, 0)
    if choices.use_progress and records:
        summary = summarize(records)
        pace = personal_pace(summary, catalog)
        finished_here: list[str] = []
        for resource_id, progress in summary.items():
            if resource_id not in catalog.resource_by_id:
                notes.append(
                    f"progress on {resource_id!r} is kept but ignored: it is not in this catalog"
                )
            elif progress.finished:
                if resource_id not in done:
                    done.append(resource_id)
                    finished_here.append(resource_id)
            elif progress.spent_minutes and resource_id not in done:
                spent.append((resource_id, progress.spent_minutes))
        if finished_here:
            notes.append(f"finished, left out of the plan: {', '.join(finished_here)}")
        if spent:
            parts = ", ".join(f"{r} {hours_from_minutes(m):g} h" for r, m in spent)
            notes.append(f"time already spent, subtracted: {parts}")

    pace_factor = 1.0
    if choices.pace_factor is not None:
        pace_factor = choices.pace_factor
        notes.append(f"pace factor {pace_factor:g} from the command line")
    elif pace.established:
        pace_factor = pace.factor
        notes.append(f"{pace.describe()}: remaining estimates multiplied by it")
    elif choices.use_progress and pace.raw is not None:
        notes.append(pace.describe())
    # The planner subtracts spent minutes from the catalog estimate and then applies the pace
    # factor, so time actually spent is converted to catalog time first: remaining = estimate x
    # pace - spent.
    spent_catalog = tuple((r, round(m / pace_factor)) for r, m in spent)

    default = _DEFAULT_SCHEDULE

    def pick(cli: Any, prof: Any, fallback: Any) -> Any:
        if cli is not None:
            return cli
        return prof if prof is not None else fallback

    schedule = ScheduleOptions(
        start=choices.start or today,
        hours_per_week=pick(choices.hours_per_week, profile.hours_per_week, default.hours_per_week),
        study_days=pick(choices.study_days, profile.study_day_numbers(), ALL_DAYS),
        session_hours=pick(choices.session_hours, profile.session_hours, default.session_hours),
        parallel=pick(choices.parallel, None, default.parallel),
        deadline=choices.deadline,
        max_hours_per_week=choices.max_hours_per_week,
    )
    preferences = Preferences(
        prefer=pick(choices.prefer, tuple(profile.prefer) or None, ()),
        free_only=pick(choices.free_only, profile.free_only, False),
        lang=pick(choices.lang, profile.lang, None),
        max_level=pick(choices.max_level, profile.max_level, None),
        exclude=tuple(dict.fromkeys(choices.exclude)),
        include=tuple(dict.fromkeys(choices.include)),
    )
    request = PlanRequest(
        goal=goal,
        schedule=schedule,
        known=tuple(known.values()),
        done=tuple(done),
        preferences=preferences,
        spent_minutes=spent_catalog,
        pace_factor=pace_factor,
    )
    return request, notes


# --- the committed plan -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommittedPlan:
    goal: str
    plan: dict[str, Any]  # plan_json.plan_to_dict output, as saved
    saved_at: dt.datetime
    path: Path


def save_committed_plan(
    plan_dict: Mapping[str, Any], goal: str, *, now: dt.datetime | None = None
) -> Path:
    """Keep ``plan_dict`` as the plan the learner committed to for ``goal`` (replacing any)."""
    path = paths.committed_plan_path(goal)
    paths.ensure_folder(path.parent)
    saved_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    envelope = {"goal": goal, "saved_at": saved_at.isoformat(), "plan": dict(plan_dict)}
    text = json.dumps(envelope, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    with locked(path):
        atomic_write(path, text.encode("utf-8"))
    return path


def load_committed_plan(goal: str) -> CommittedPlan | None:
    """The plan saved with ``mathpath plan --save`` for ``goal``, or None."""
    path = paths.committed_plan_path(goal)
    if not path.exists():
        return None
    try:
        envelope = json.loads(path.read_text(encoding="utf-8"))
        saved_at = dt.datetime.fromisoformat(envelope["saved_at"])
        plan = envelope["plan"]
        if not isinstance(plan, dict):
            raise TypeError("plan is not an object")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        raise user_data_error(
            [
                Problem(
                    str(path),
                    f"not a saved plan: {exc}",
                    line=line,
                    hint="save it again with `mathpath plan --save`",
                )
            ]
        ) from None
    return CommittedPlan(goal, plan, saved_at, path)


# --- plans as plain items (from a Plan or from its JSON) ----------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedItem:
    id: str
    title: str
    minutes: int
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PlanOutline:
    """What status and diff need from a plan, whichever form it came in."""

    items: tuple[PlannedItem, ...]
    sessions: tuple[tuple[dt.date, str, int], ...] = ()  # (date, resource id, minutes)
    start: dt.date | None = None
    finish: dt.date | None = None
    hours_per_week: float | None = None

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)


def outline_of_plan(plan: Plan) -> PlanOutline:
    return PlanOutline(
        items=tuple(
            PlannedItem(i.id, i.resource.title, i.minutes, i.start, i.end) for i in plan.items
        ),
        sessions=tuple((s.date, s.resource_id, s.minutes) for s in plan.sessions),
        start=plan.start,
        finish=plan.finish if plan.sessions else None,
        hours_per_week=plan.request.schedule.hours_per_week,
    )


def outline_of_dict(data: Mapping[str, Any]) -> PlanOutline:
    """Read the plan JSON leniently: only ids, minutes (or hours), dates and sessions are used."""
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
            )
        )
    sessions = []
    for raw in _list(data.get("sessions")):
        day = _date(raw.get("date"))
        session_id = _id_of(raw)
        if day is not None and session_id is not None:
            sessions.append((day, session_id, _minutes_of(raw)))
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
    return PlanOutline(
        tuple(items),
        tuple(sessions),
        start,
        finish,
        float(hours) if isinstance(hours, (int, float)) else None,
    )


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


# --- plan diff ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HoursChange:
    id: str
    title: str
    old_minutes: int
    new_minutes: int


@dataclass(frozen=True, slots=True)
class PlanDiff:
    added: tuple[PlannedItem, ...]
    removed: tuple[PlannedItem, ...]
    changed: tuple[HoursChange, ...]
    old_minutes: int
    new_minutes: int
    old_finish: dt.date | None
    new_finish: dt.date | None

    @property
    def unchanged(self) -> bool:
        return (
            not self.added
            and not self.removed
            and not self.changed
            and self.old_finish == self.new_finish
        )

    @property
    def finish_shift_days(self) -> int | None:
        if self.old_finish is None or self.new_finish is None:
            return None
        return (self.new_finish - self.old_finish).days

    def to_dict(self) -> dict[str, Any]:
        def item(i: PlannedItem) -> dict[str, Any]:
            return {"id": i.id, "title": i.title, "hours": hours_from_minutes(i.minutes)}

        return {
            "added": [item(i) for i in self.added],
            "removed": [item(i) for i in self.removed],
            "changed": [
                {
                    "id": c.id,
                    "title": c.title,
                    "old_hours": hours_from_minutes(c.old_minutes),
                    "new_hours": hours_from_minutes(c.new_minutes),
                }
                for c in self.changed
            ],
            "old_hours": hours_from_minutes(self.old_minutes),
            "new_hours": hours_from_minutes(self.new_minutes),
            "old_finish": self.old_finish.isoformat() if self.old_finish else None,
            "new_finish": self.new_finish.isoformat() if self.new_finish else None,
            "finish_shift_days": self.finish_shift_days,
        }


def diff_plans(old: Mapping[str, Any], new: Mapping[str, Any]) -> PlanDiff:
    """What changed from plan dict ``old`` (e.g. the committed one) to ``new``; items keep the
    order of the plan they come from."""
    before = outline_of_dict(old)
    after = outline_of_dict(new)
    old_by_id = {i.id: i for i in before.items}
    new_by_id = {i.id: i for i in after.items}
    return PlanDiff(
        added=tuple(i for i in after.items if i.id not in old_by_id),
        removed=tuple(i for i in before.items if i.id not in new_by_id),
        changed=tuple(
            HoursChange(i.id, i.title, old_by_id[i.id].minutes, i.minutes)
            for i in after.items
            if i.id in old_by_id and old_by_id[i.id].minutes != i.minutes
        ),
        old_minutes=before.minutes,
        new_minutes=after.minutes,
        old_finish=before.finish,
        new_finish=after.finish,
    )


# --- status -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemStatus:
    id: str
    title: str
    planned_minutes: int
    credited_minutes: int  # progress counted against the plan (<= planned)
    spent_minutes: int  # time recorded (may exceed the plan)
    finished: bool

    @property
    def fraction(self) -> float:
        if self.finished:
            return 1.0
        return self.credited_minutes / self.planned_minutes if self.planned_minutes else 0.0


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
    next_items: tuple[ItemStatus, ...]
    off_plan: tuple[str, ...]  # resources with progress that the plan does not contain
    orphaned: tuple[ProgressRecord, ...]  # records naming resources not in the catalog
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
            "pace": {
                "factor": self.pace.factor,
                "established": self.pace.established,
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
    planned_ids = {i.id for i in outline.items}
    items = []
    for planned in outline.items:
        progress = summary.get(planned.id)
        finished = progress is not None and progress.finished
        spent = progress.spent_minutes if progress else 0
        credited = planned.minutes if finished else min(spent, planned.minutes)
        items.append(
            ItemStatus(planned.id, planned.title, planned.minutes, credited, spent, finished)
        )
    status_items = tuple(items)

    expected: int | None = None
    if committed_at is not None:
        expected = _expected_by(outline, today)

    remaining = sum(i.planned_minutes - i.credited_minutes for i in status_items)
    credited = sum(i.credited_minutes for i in status_items)
    rate: float | None = None
    started = outline.start if committed_at is not None else None
    if started is None:
        dates = [r.date for r in counted if r.resource in planned_ids]
        started = min(dates) if dates else None
    if credited and started is not None and started <= today:
        days = max(MIN_RATE_DAYS, (today - started).days + 1)
        rate = credited / days * 7
    weekly = rate or minutes_from_hours(hours_per_week or outline.hours_per_week or 0)
    projected: dt.date | None = None
    if remaining == 0:
        projected = today
    elif weekly > 0:
        projected = today + dt.timedelta(days=math.ceil(remaining / weekly * 7))

    pace = personal_pace(all_summary, catalog)
    next_items = tuple(i for i in status_items if not i.finished)[:3]
    off_plan = tuple(r for r in all_summary if r not in planned_ids and r in catalog.resource_by_id)
    orphaned = tuple(r for r in records if r.resource not in catalog.resource_by_id)
    return Status(
        goal=goal,
        today=today,
        committed=committed_at is not None,
        items=status_items,
        expected_minutes=expected,
        committed_finish=outline.finish if committed_at is not None else None,
        projected_finish=projected,
        rate_minutes_per_week=rate,
        pace=pace,
        next_items=next_items,
        off_plan=off_plan,
        orphaned=orphaned,
        notes=tuple(notes),
    )


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
) -> tuple[str, PlanOutline, dt.datetime | None, list[str]]:
    """The plan ``status`` measures against: the committed one for the goal, else a fresh plan
    from the profile (progress not applied, so finished resources still show as items)."""
    request, notes = apply_learner_state(
        PlanChoices(goal=goal, use_progress=False), profile, records, catalog, today
    )
    committed = load_committed_plan(request.goal)
    if committed is not None:
        return request.goal, outline_of_dict(committed.plan), committed.saved_at, notes
    # The planner is heavy: imported only when needed.
    from mathpath.planner import make_plan

    dates = [r.date for r in records]
    start = min(dates) if dates else today
    request, notes = apply_learner_state(
        PlanChoices(goal=goal, use_progress=False, start=start), profile, records, catalog, today
    )
    plan = make_plan(catalog, request)
    notes.append(
        "no committed plan for this goal: progress is shown against a fresh plan "
        "(`mathpath plan --save` commits to one and tracks the schedule)"
    )
    return request.goal, outline_of_plan(plan), None, notes
