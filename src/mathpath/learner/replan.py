"""Re-planning from what the learner did: profile defaults, progress, a personal pace, status.

* ``apply_learner_state`` merges what the command line said with the profile (the command line
  wins) and the progress records (finished resources become ``done``, partial time becomes
  ``spent_minutes``, a personal pace factor once there is enough evidence) into a ``PlanRequest``,
  with notes a person can read. Progress on a part is passed on by its unit id: a finished part
  is ``done`` entry ``R:P``, time on it ``("R:P", minutes)``; a finished whole stays ``R``.
* ``personal_pace``: the pace factor rule (see ``PACE_*`` below).
* ``save_committed_plan`` / ``load_committed_plan``: the plan the learner committed to
  (``mathpath plan --save``), kept as JSON under the data folder.

What a new plan changes is in ``mathpath.learner.diff``; progress against a plan in
``mathpath.learner.status``; both read plans through ``mathpath.learner.outline``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mathpath.errors import Problem, UsageError
from mathpath.learner import paths
from mathpath.learner.files import atomic_write, locked
from mathpath.learner.profile import Profile, user_data_error
from mathpath.learner.progress import ProgressRecord, ResourceProgress, in_catalog, summarize
from mathpath.planning.plans import (
    ALL_DAYS,
    PlanRequest,
    Preferences,
    ScheduleOptions,
    hours_from_minutes,
    minutes_from_hours,
)

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog, Level, TopicNeed

# The pace factor rule. A personal pace is used once the learner has finished at least
# PACE_MIN_FINISHED resources with the hours they took, or PACE_MIN_HOURS hours of finished work;
# it is (actual hours) / (catalog hours) over those resources, clamped to [PACE_MIN, PACE_MAX]
# so that one odd record (a course skimmed in an evening, a book left open for a month) cannot
# make a plan absurd.
PACE_MIN_FINISHED = 2
PACE_MIN_HOURS = 10.0
PACE_MIN = 0.5
PACE_MAX = 3.0


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
    """The learner's pace over finished resources (and finished parts, against the part's own
    estimate) whose actual time is known. A part of a resource whose whole has a known time is
    left out: that time already includes it."""
    finished = 0
    actual = 0
    estimated = 0
    for progress in summary.values():
        resource = catalog.resource_by_id.get(progress.resource)
        if resource is None or progress.actual_minutes is None:
            continue
        hours = resource.hours
        if progress.part is not None:
            part = resource.part_by_id.get(progress.part)
            whole = summary.get(resource.id)
            if part is None or (whole is not None and whole.actual_minutes is not None):
                continue
            hours = part.hours
        finished += 1
        actual += progress.actual_minutes
        estimated += minutes_from_hours(hours)
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
        for unit, progress in summary.items():
            whole = summary.get(progress.resource)
            if not in_catalog(progress, catalog):
                notes.append(f"progress on {unit!r} is kept but ignored: it is not in this catalog")
            elif progress.resource in done or (whole is not None and whole.finished):
                if unit == progress.resource and unit not in done:  # the whole, finished
                    done.append(unit)
                    finished_here.append(unit)
                # a part of a finished whole: the whole already says it
            elif progress.finished:
                if unit not in done:
                    done.append(unit)
                    finished_here.append(unit)
            elif progress.spent_minutes and unit not in done:
                spent.append((unit, progress.spent_minutes))
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
