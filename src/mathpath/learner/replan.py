"""Re-planning from what the learner did: a personal pace, and the plan committed to.

* ``personal_pace``: the pace factor rule (see ``PACE_*`` below).
* ``save_committed_plan`` / ``load_committed_plan``: the plan the learner committed to
  (``mathpath plan --save``), kept as JSON under the data folder.

The request a re-plan is made from (command line, profile, progress) is built by
``mathpath.learner.request``; what a new plan changes is in ``mathpath.learner.diff``; progress
against a plan in ``mathpath.learner.status``; both read plans through
``mathpath.learner.outline``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mathpath.i18n import _, ngettext
from mathpath.learner import paths
from mathpath.learner.files import atomic_write, locked
from mathpath.learner.progress import ResourceProgress
from mathpath.planning.plans import hours_from_minutes, minutes_from_hours

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog

# The pace factor rule. The evidence is the finished resources (and parts) whose actual time is
# known: raw = (actual hours) / (catalog hours) over them, clamped to [PACE_MIN, PACE_MAX] so that
# one odd record (a course skimmed in an evening, a book left open for a month) cannot make a plan
# absurd. The factor applied is that clamped value shrunk toward 1.0 by the weight of the
# evidence: factor = 1 + weight x (clamped - 1), where weight = the smaller of
# finished / PACE_FIRM_FINISHED and actual hours / PACE_FIRM_HOURS (at most 1). The pace is
# *firm* (weight 1) from PACE_FIRM_FINISHED finished resources and PACE_FIRM_HOURS hours of
# finished work, both; before that one record moves it only part of the way.
PACE_FIRM_FINISHED = 3
PACE_FIRM_HOURS = 20.0
PACE_MIN = 0.5
PACE_MAX = 3.0


# --- the pace factor ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pace:
    factor: float  # the factor to apply: 1.0 without evidence, shrunk toward 1.0 until firm
    established: bool  # there is evidence, so the factor is used (possibly shrunk)
    raw: float | None  # actual / estimate before clamping (None without evidence)
    finished: int  # finished resources (in the catalog) whose time is known
    actual_minutes: int
    estimated_minutes: int

    @property
    def weight(self) -> float:
        """How much of the learner's own rate the factor takes (0 to 1)."""
        if self.raw is None:
            return 0.0
        return min(
            1.0,
            self.finished / PACE_FIRM_FINISHED,
            self.actual_minutes / minutes_from_hours(PACE_FIRM_HOURS),
        )

    @property
    def firm(self) -> bool:
        return self.weight >= 1.0

    def still_needed(self) -> str:
        """What more evidence would make the pace firm ("" once it is)."""
        wanted = []
        resources = PACE_FIRM_FINISHED - self.finished
        if resources > 0:
            wanted.append(
                ngettext(
                    "{n} more finished resource", "{n} more finished resources", resources
                ).format(n=resources)
            )
        hours = PACE_FIRM_HOURS - hours_from_minutes(self.actual_minutes)
        if hours > 0:
            wanted.append(_("{hours} more hours of finished work").format(hours=f"{hours:g}"))
        if len(wanted) == 2:
            return _("{first} and {second}").format(first=wanted[0], second=wanted[1])
        return "".join(wanted)

    def describe(self) -> str:
        if self.raw is None:
            return _(
                "no personal pace yet: it needs finished resources with the hours they took "
                "(`mathpath done ID --hours H`)"
            )
        basis = ngettext(
            "{actual} h for {estimated} h of catalog estimates over {n} finished resource",
            "{actual} h for {estimated} h of catalog estimates over {n} finished resources",
            self.finished,
        ).format(
            actual=f"{hours_from_minutes(self.actual_minutes):g}",
            estimated=f"{hours_from_minutes(self.estimated_minutes):g}",
            n=self.finished,
        )
        clamped = min(PACE_MAX, max(PACE_MIN, self.raw))
        if round(clamped, 2) != round(self.raw, 2):
            basis += _(", clamped from {raw} to {low}-{high}").format(
                raw=f"{self.raw:.2f}", low=f"{PACE_MIN:g}", high=f"{PACE_MAX:g}"
            )
        factor = f"{self.factor:.2f}"
        if not self.firm:
            return _(
                "pace factor {factor} ({basis}; shrunk toward 1 until firm: {needed} would make "
                "it firm)"
            ).format(factor=factor, basis=basis, needed=self.still_needed())
        return _("pace factor {factor} ({basis})").format(factor=factor, basis=basis)


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
    evidence = Pace(1.0, True, raw, finished, actual, estimated)
    clamped = min(PACE_MAX, max(PACE_MIN, raw))
    factor = round(1.0 + evidence.weight * (clamped - 1.0), 2)
    return Pace(factor, True, raw, finished, actual, estimated)


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


def committed_goals() -> list[str]:
    """The goals with a committed plan, in order."""
    folder = paths.plans_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if p.is_file())


def goal_in_use(goal: str | None, profile_goals: Sequence[str]) -> str | None:
    """The goal a progress command means: the one given, else the profile's first, else the
    only goal with a committed plan (None: the request builder says what is missing)."""
    if goal is not None or profile_goals:
        return goal
    committed = committed_goals()
    return committed[0] if len(committed) == 1 else None


def load_committed_plan(goal: str) -> CommittedPlan | None:
    """The plan saved with ``mathpath plan --save`` for ``goal``, or None; a damaged file is a
    ``UserDataError`` naming it and every problem (``learner.savedplan``)."""
    from mathpath.learner.savedplan import read_saved_plan

    path = paths.committed_plan_path(goal)
    if not os.path.lexists(path):
        return None
    plan, saved_at = read_saved_plan(path, goal)
    return CommittedPlan(goal, plan, saved_at, path)
