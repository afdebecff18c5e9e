"""``make_plan``: request checks, needs, choice, order, reasons, schedule, deadline."""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from datetime import date

from mathpath.errors import PlanError, UsageError
from mathpath.models import Catalog, Goal, Resource, TopicNeed
from mathpath.planning.candidates import Instance, Relevance, Remaining, build_instance
from mathpath.planning.choice import Choice, choose
from mathpath.planning.knowledge import (
    DEPTH_OF_RANK,
    Req,
    TopicIndex,
    goal_knowledge,
    rank_of,
    unmet,
)
from mathpath.planning.order import Ordered, order_items
from mathpath.plans import (
    PREFERENCE_FORMATS,
    Plan,
    PlanItem,
    PlanRequest,
    ScheduleOptions,
    minutes_from_hours,
)
from mathpath.scheduler import Task, schedule
from mathpath.validate import did_you_mean

_INDEXES: dict[int, TopicIndex] = {}

# Above this many resources, each need first admits only its TEACHERS_PER_NEED cheapest eligible
# teachers (by weighted cost per topic taught); see docs/readme/plan.md for the measured effect.
LARGE_CATALOG = 20_000
TEACHERS_PER_NEED = 4


def topic_index(catalog: Catalog) -> TopicIndex:
    """One index per catalog object (a catalog is frozen, so the index never goes stale)."""
    found = _INDEXES.get(id(catalog))
    if found is None or found.catalog is not catalog:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        found = _INDEXES[id(catalog)] = TopicIndex(catalog)
        from mathpath import cache  # a catalog read from the cache has its tables stored there

        tables = cache.planning_tables(catalog)
        if tables is not None:
            found.adopt(tables)
    return found


@dataclass
class Solved:
    """Everything ``make_plan`` computed, kept for ``why`` explanations."""

    catalog: Catalog
    request: PlanRequest
    goal: Goal
    index: TopicIndex
    relevance: Relevance
    instance: Instance
    choice: Choice
    ordered: Ordered
    goal_needs: dict[str, int]
    pulled_by: dict[str, str]  # topic -> the topic whose prerequisite it is
    plan: Plan


def make_plan(catalog: Catalog, request: PlanRequest, *, force_heuristic: bool = False) -> Plan:
    """Plan the request against the catalog. Raises UsageError or PlanError."""
    return solve(catalog, request, force_heuristic=force_heuristic).plan


def solve(catalog: Catalog, request: PlanRequest, *, force_heuristic: bool = False) -> Solved:
    # Planning allocates many small tuples and sets while a large catalog's models are alive;
    # the cyclic collector would rescan those models again and again (as in load_catalog).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _solve(catalog, request, force_heuristic=force_heuristic)
    finally:
        if enabled:
            gc.enable()


def _solve(catalog: Catalog, request: PlanRequest, *, force_heuristic: bool) -> Solved:
    goal = check_request(catalog, request)
    index = topic_index(catalog)
    prefs = request.preferences
    minutes_for, spent_done, notes = _minutes(catalog, request)
    done_ids = [*request.done, *(rid for rid in spent_done if rid not in request.done)]
    done = [catalog.resource_by_id[rid] for rid in done_ids]
    know_seeds = [(n.topic, rank_of(n.depth)) for n in request.known]
    knowledge = goal_knowledge(index, goal, know_seeds, done)
    pulled_by: dict[str, str] = {}
    targets = [(n.topic, rank_of(n.depth)) for n in goal.targets]
    goal_needs = unmet(index.needs_closure(targets, pulled_by), knowledge.known)
    relevance = Relevance(index, knowledge.known, prefs, set(done_ids))
    forced = [catalog.resource_by_id[rid] for rid in dict.fromkeys(prefs.include)]
    instance = _instance(catalog, relevance, goal_needs, forced, minutes_for)
    choice = choose(instance, force_heuristic=force_heuristic)
    if choice is None:
        raise PlanError(
            "no set of the available resources can be put in an order where each one's "
            "requirements come first",
            hint="--include or --exclude resources to break the circle",
        )
    if choice.method == "greedy":
        notes.append(
            f"choice by the greedy heuristic ({len(instance)} candidates): "
            "close to, but not proven, minimal"
        )
    elif not choice.exact:
        notes.append(f"search stopped after {choice.nodes - 1} nodes: best set found so far")
    if instance.pruned:
        choice = replace(choice, exact=False)
        notes.append(
            f"large catalog: only the {TEACHERS_PER_NEED} cheapest teachers of each topic "
            "were considered"
        )
    ordered = order_items(instance, choice.chosen, relevance)
    target_leaves = {leaf for t, _ in targets for leaf in index.leaves(t)}
    forced_at = set(instance.forced)
    reasons = {
        i: _reason(instance, ordered, i, target_leaves, pulled_by, forced_at) for i in ordered.order
    }
    id_of = {i: instance.resources[i].id for i in ordered.order}
    after = {i: tuple([id_of[a] for a in ordered.after[i]]) for i in ordered.order}
    tasks = [Task(id_of[i], instance.minutes[i], after[i]) for i in ordered.order]
    sessions = schedule(tasks, request.schedule)
    first: dict[str, date] = {}
    last: dict[str, date] = {}
    for session in sessions:
        first.setdefault(session.resource_id, session.date)
        last[session.resource_id] = session.date
    items = tuple(
        [
            _item(instance, ordered, i, reasons[i], (first, last), request.schedule, after, id_of)
            for i in ordered.order
        ]
    )
    known_only = index.known_closure(
        know_seeds + [(n.topic, rank_of(n.depth)) for r in done for n in r.teaches]
    )
    needed: dict[str, int] = dict(goal_needs)
    for i in choice.chosen:
        for topic, rank in instance.demands[i]:
            if rank > needed.get(topic, 0):
                needed[topic] = rank
    plan = Plan(
        goal=goal,
        request=request,
        items=items,
        sessions=sessions,
        known=_needs(known_only),
        assumed=tuple(goal.assumes),
        needed=_needs(needed),
        exact=choice.exact,
        notes=tuple(notes),
    )
    if request.schedule.deadline is not None:
        from mathpath.planning.deadline import deadline_report

        plan = replace(plan, deadline=deadline_report(catalog, plan, tasks))
    return Solved(
        catalog, request, goal, index, relevance, instance, choice, ordered,
        goal_needs, pulled_by, plan,
    )  # fmt: skip


def _instance(
    catalog: Catalog,
    relevance: Relevance,
    goal_needs: dict[str, int],
    forced: list[Resource],
    minutes_for: Remaining,
) -> Instance:
    """On large catalogs first try with only the cheapest few teachers per need (the choice is
    heuristic there anyway); if that cannot reach the goal, look at every teacher."""
    if len(catalog.resources) > LARGE_CATALOG:
        try:
            return build_instance(
                catalog, relevance, goal_needs, forced, minutes_for,
                teachers_per_need=TEACHERS_PER_NEED,
            )  # fmt: skip
        except PlanError:
            pass
    return build_instance(catalog, relevance, goal_needs, forced, minutes_for)


def check_request(catalog: Catalog, request: PlanRequest) -> Goal:
    """Every id and number in the request, checked before any work. Returns the goal."""
    goal = catalog.goal_by_id.get(request.goal)
    if goal is None:
        names = sorted(catalog.goal_by_id)
        hint = did_you_mean(request.goal, names)
        listing = f"goals: {', '.join(names)}" if names else "the catalog defines no goals"
        raise UsageError(
            f"unknown goal {request.goal!r}", hint=f"{hint} {listing}".strip() if hint else listing
        )
    topics = catalog.topic_by_id
    for need in request.known:
        if need.topic not in topics:
            raise UsageError(
                f"unknown topic {need.topic!r} in --know",
                hint=did_you_mean(need.topic, topics) or "see `mathpath topics`",
            )
    prefs = request.preferences
    for option, ids in (
        ("--done", request.done),
        ("--include", prefs.include),
        ("--exclude", prefs.exclude),
    ):
        for rid in ids:
            # (resource_by_id is built only when there is an id to check: ~30 ms at 100k)
            resources = catalog.resource_by_id
            if rid not in resources:
                raise UsageError(
                    f"unknown resource {rid!r} in {option}",
                    hint=did_you_mean(rid, resources) or "see `mathpath list`",
                )
    for rid in prefs.include:
        if rid in prefs.exclude:
            raise UsageError(f"{rid!r} is both --include'd and --exclude'd")
        if rid in request.done:
            raise UsageError(f"{rid!r} is --done already and cannot be --include'd")
    for word in prefs.prefer:
        if word not in PREFERENCE_FORMATS:
            raise UsageError(
                f"unknown --prefer {word!r}",
                hint=f"choose from {', '.join(PREFERENCE_FORMATS)}",
            )
    if request.pace_factor <= 0:
        raise UsageError(f"the pace factor must be positive, not {request.pace_factor:g}")
    check_schedule(request.schedule)
    return goal


def check_schedule(options: ScheduleOptions) -> None:
    if minutes_from_hours(options.hours_per_week) < 1:
        raise UsageError(
            f"--hours-per-week must be positive (at least a minute), not {options.hours_per_week:g}"
        )
    if minutes_from_hours(options.session_hours) < 1:
        raise UsageError(f"--session-hours must be positive, not {options.session_hours:g}")
    if options.parallel < 1:
        raise UsageError(f"--parallel must be at least 1, not {options.parallel}")
    if not options.study_days or any(d not in range(7) for d in options.study_days):
        raise UsageError("--days needs at least one day of the week (mon..sun)")
    if options.deadline is not None and options.deadline < options.start:
        raise UsageError(
            f"--deadline {options.deadline.isoformat()} is before the start "
            f"{options.start.isoformat()}"
        )
    if options.max_hours_per_week is not None and options.max_hours_per_week <= 0:
        raise UsageError(
            f"--max-hours-per-week must be positive, not {options.max_hours_per_week:g}"
        )


def _minutes(catalog: Catalog, request: PlanRequest) -> tuple[Remaining, list[str], list[str]]:
    """Remaining minutes per resource after progress and pace; resources with nothing left."""
    spent: dict[str, int] = {}
    for rid, minutes in request.spent_minutes:
        spent[rid] = spent.get(rid, 0) + max(0, minutes)
    pace = request.pace_factor
    notes: list[str] = []
    finished: list[str] = []
    for rid, minutes in sorted(spent.items()):
        resource = catalog.resource_by_id.get(rid)
        if resource is None or minutes == 0:
            continue
        if minutes >= minutes_from_hours(resource.hours):
            finished.append(rid)
            notes.append(f"{rid}: all of its {resource.hours:g} h spent, treated as done")
    if pace != 1.0:
        notes.append(f"remaining estimates multiplied by your pace factor {pace:g}")
    return Remaining(spent, pace), finished, notes


_NEED_CACHE: dict[Req, TopicNeed] = {}


def _needs(ranks: dict[str, int]) -> tuple[TopicNeed, ...]:
    cache = _NEED_CACHE
    found: list[TopicNeed] = []
    for key in sorted(ranks.items()):
        need = cache.get(key)
        found.append(need if need is not None else _need(*key))
    return tuple(found)


def _need(topic: str, rank: int) -> TopicNeed:
    # Built without validation: the topic ids come from a validated catalog.
    found = _NEED_CACHE.get((topic, rank))
    if found is None:
        if len(_NEED_CACHE) > 100_000:
            _NEED_CACHE.clear()
        found = _NEED_CACHE[(topic, rank)] = TopicNeed.model_construct(
            topic=topic, depth=DEPTH_OF_RANK[rank], note=None
        )
    return found


def _item(
    inst: Instance,
    ordered: Ordered,
    i: int,
    reason: str,
    dates: tuple[dict[str, date], dict[str, date]],
    options: ScheduleOptions,
    after: dict[int, tuple[str, ...]],
    id_of: dict[int, str],
) -> PlanItem:
    resource = inst.resources[i]
    first, last = dates
    covers: dict[str, int] = {}
    for topic, rank in ordered.covers[i]:
        if rank > covers.get(topic, 0):
            covers[topic] = rank
    needed_by = tuple([id_of[b] for b in ordered.needed_by[i]])
    if not inst.goal_needs.isdisjoint(ordered.covers[i]):
        needed_by = ("", *needed_by)
    rid = id_of[i]
    return PlanItem(
        resource=resource,
        minutes=inst.minutes[i],
        start=first.get(rid, options.start),
        end=last.get(rid, options.start),
        reason=reason,
        covers=_needs(covers),
        after=after[i],
        needed_by=needed_by,
    )


def _reason(
    inst: Instance,
    ordered: Ordered,
    i: int,
    target_leaves: set[str],
    pulled_by: dict[str, str],
    forced: set[int],
) -> str:
    covers = ordered.covers[i]
    goal_topics = [t for t, _ in covers if (t, _) in inst.goal_needs]
    targets = [t for t in goal_topics if t in target_leaves]
    text = ""
    if targets:
        text = f"teaches {_topics(targets)} (goal)"
    elif ordered.needed_by[i]:
        first = ordered.needed_by[i][0]
        topics = [t for t, r in covers if (t, r) in inst.demands[first]]
        text = f"teaches {_topics(topics)}, needed by {inst.resources[first].title}"
        if len(ordered.needed_by[i]) > 1:
            text += f" and {len(ordered.needed_by[i]) - 1} more"
    elif goal_topics:
        topic = goal_topics[0]
        text = f"teaches {_topics(goal_topics)}, which {pulled_by.get(topic, 'the goal')} builds on"
    if i in forced:
        return f"you included it; {text}" if text else "you included it (--include)"
    return text or "chosen for the goal"


def _topics(topics: list[str]) -> str:
    unique = list(dict.fromkeys(topics))
    if len(unique) <= 3:
        return ", ".join(unique)
    return f"{', '.join(unique[:3])} and {len(unique) - 3} more"


__all__ = ["Req", "Solved", "check_request", "make_plan", "solve", "topic_index"]
