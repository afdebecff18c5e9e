"""Deadline mode: the weekly hours a deadline takes, and what could give when that is too much."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from mathpath.catalog.models import Catalog
from mathpath.errors import PlanError
from mathpath.i18n import _, date_text, listing
from mathpath.planning.defaults import HOURS_IN_A_WEEK
from mathpath.planning.plans import (
    DeadlineReport,
    Plan,
    Preferences,
    budget_minutes,
    format_duration,
)
from mathpath.planning.schedule import (
    Task,
    day_pattern,
    required_minutes_per_week,
    week_capacity,
)

# How many of the largest items to name as candidates to drop or skim.
LARGEST_TO_NAME = 2


def deadline_report(catalog: Catalog, plan: Plan, tasks: list[Task]) -> DeadlineReport:
    options = plan.request.schedule
    assert options.deadline is not None
    deadline = options.deadline
    required = required_minutes_per_week(tasks, options, deadline)
    limit = options.max_hours_per_week
    reachable = required is not None
    required_hours = _hours_up(required) if required is not None else _ceiling_hours(plan)
    feasible = reachable and (limit is None or required_hours <= limit)
    suggestions: list[str] = []
    if not feasible:
        if not reachable:
            days = len(day_pattern(options, budget_minutes(HOURS_IN_A_WEEK)))
            if options.day_hours:
                text = _(
                    "at most {hours} h a week can be used ({days} study day(s) (their own hours), "
                    "{parallel} resource(s) at a time, sittings up to {session} h) and that does "
                    "not finish by {deadline}: raise --session-hours or --parallel, or add --days"
                )
            else:
                text = _(
                    "at most {hours} h a week can be used ({days} study day(s), {parallel} "
                    "resource(s) at a time, sittings up to {session} h) and that does not finish "
                    "by {deadline}: raise --session-hours or --parallel, or add --days"
                )
            suggestions.append(
                text.format(
                    hours=f"{required_hours:g}",
                    days=days,
                    parallel=options.parallel,
                    session=f"{options.session_hours:g}",
                    deadline=date_text(deadline),
                )
            )
        suggestions += _swaps(catalog, plan)
        suggestions += _drops(catalog, plan, tasks, deadline)
    return DeadlineReport(
        deadline=deadline,
        required_hours_per_week=required_hours,
        feasible=feasible,
        max_hours_per_week=limit,
        suggestions=tuple(suggestions),
        reachable=reachable,
    )


def _hours_up(minutes: int) -> float:
    """Hours rounded *up* to a tenth, so that the figure shown is always enough."""
    return -(-minutes // 6) / 10


def _ceiling_hours(plan: Plan) -> float:
    """The most a week can take at any budget (the days' own hours, sittings x parallel)."""
    options = plan.request.schedule
    return _hours_up(week_capacity(options, budget_minutes(HOURS_IN_A_WEEK)).minutes)


def _swaps(catalog: Catalog, plan: Plan) -> list[str]:
    """Shorter alternatives: the same goal without the soft preferences, then without filters."""
    from mathpath.planning.core import make_plan

    request = plan.request
    prefs = request.preferences
    schedule = replace(request.schedule, deadline=None, max_hours_per_week=None)
    tries: list[tuple[str, Preferences]] = []
    if prefs.prefer or prefs.lang:
        tries.append(
            (
                _(
                    "ignoring --prefer/--lang the plan takes {new} instead of {old}: swap {out} "
                    "for {into}"
                ),
                replace(prefs, prefer=(), lang=None),
            )
        )
    if prefs.free_only or prefs.max_level is not None:
        tries.append(
            (
                _(
                    "allowing paid and higher-level resources the plan takes {new} instead of "
                    "{old}: swap {out} for {into}"
                ),
                replace(prefs, prefer=(), lang=None, free_only=False, max_level=None),
            )
        )
    if prefs.require_lang:
        tries.append(
            (
                _(
                    "without --require-lang the plan takes {new} instead of {old}: swap {out} "
                    "for {into}"
                ),
                replace(prefs, prefer=(), lang=None, require_lang=None),
            )
        )
    found: list[str] = []
    current = {item.id for item in plan.items}
    best_minutes = plan.total_minutes
    for text, relaxed in tries:
        try:
            other = make_plan(catalog, replace(request, preferences=relaxed, schedule=schedule))
        except PlanError:
            continue
        if other.total_minutes >= best_minutes:
            continue
        best_minutes = other.total_minutes
        chosen = {item.id for item in other.items}
        out = sorted(current - chosen)
        into = sorted(chosen - current)
        found.append(
            text.format(
                new=format_duration(other.total_minutes),
                old=format_duration(plan.total_minutes),
                out=listing(out) or _("nothing"),
                into=listing(into) or _("nothing"),
            )
        )
    return found


def _drops(catalog: Catalog, plan: Plan, tasks: list[Task], deadline: date) -> list[str]:
    """Items included only by request, then the largest prerequisites, with what dropping each
    saves. Items that teach the goal's own targets are never offered: without them there is no
    goal."""
    options = plan.request.schedule
    found: list[str] = []
    optional = [item for item in plan.items if not item.covers]
    targets = {
        topic
        for target in plan.goal.targets
        for topic in catalog.topic_and_descendants(target.topic)
    }
    preparatory = [
        item
        for item in plan.items
        if item.covers and not any(need.topic in targets for need in item.covers)
    ]
    largest = sorted(preparatory, key=lambda item: (-item.minutes, item.id))[:LARGEST_TO_NAME]
    for item in [*optional, *largest]:
        dropped = {t.id for t in tasks if (t.sitting or t.id) == item.id}
        rest = [
            replace(t, after=tuple(a for a in t.after if a not in dropped))
            for t in tasks
            if t.id not in dropped
        ]
        needed = required_minutes_per_week(rest, options, deadline)
        why = (
            _("not needed by the goal")
            if item in optional
            else _("a large prerequisite: skim it if you know part of it, or --know its topics")
        )
        then = (
            _("{hours} h a week would do").format(hours=f"{_hours_up(needed):g}")
            if needed is not None
            else _("still not reachable")
        )
        found.append(
            _("drop or skim {id} ({time}, {why}): {then}").format(
                id=item.id, time=format_duration(item.minutes), why=why, then=then
            )
        )
    return found
