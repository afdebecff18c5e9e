"""``make_plan``: request checks, needs, choice, order, reasons, schedule, deadline."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, replace
from datetime import date

from mathpath.catalog.models import Catalog, Edition, Goal, Part, Resource, TopicNeed
from mathpath.catalog.parts import resolve_unit, split_unit
from mathpath.catalog.validate import did_you_mean
from mathpath.errors import PlanError, UsageError
from mathpath.i18n import _, content_language, listing, ngettext
from mathpath.planning.candidates import (
    Instance,
    Relevance,
    Remaining,
    build_instance,
    filter_reason,
)
from mathpath.planning.choice import Choice, choose
from mathpath.planning.defaults import PREFERENCE_FORMATS
from mathpath.planning.knowledge import (
    DEPTH_OF_RANK,
    Req,
    StoredTables,
    TopicIndex,
    goal_knowledge,
    rank_of,
    unmet,
)
from mathpath.planning.order import Ordered, order_items
from mathpath.planning.plans import (
    Plan,
    PlanItem,
    PlanRequest,
    ScheduleOptions,
    Session,
    minutes_from_hours,
)
from mathpath.planning.request import check_schedule
from mathpath.planning.schedule import Task
from mathpath.planning.timetable import timetable
from mathpath.planning.units import Units, units_of

# Above this many resources, each need first admits only its TEACHERS_PER_NEED cheapest eligible
# teachers (by weighted cost per topic taught); see docs/readme/plan.md for the measured effect.
LARGE_CATALOG = 20_000
TEACHERS_PER_NEED = 4


# The planner's per-catalog tables, kept beside a cached catalog: deriving them took 0.13-0.2 s
# of the first plan on a 100k-resource catalog, reading them back takes ~10 ms.
KEPT_TABLES = "planning-tables-plain"  # its first column holds plain_choice (was: the role)


def topic_index(catalog: Catalog) -> TopicIndex:
    """One index per catalog object, kept with it (a catalog is frozen, so the index never goes
    stale); for a catalog from the cache, with the tables kept beside it by an earlier run."""
    found = catalog.derived.get(__name__)
    if isinstance(found, TopicIndex) and found.catalog is catalog:  # not a model_copy's
        return found
    from mathpath.catalog import keep_beside, kept_beside

    index = catalog.derived[__name__] = TopicIndex(catalog)
    tables: StoredTables | None = kept_beside(catalog, KEPT_TABLES, StoredTables)
    if tables is None or not index.adopt(tables):
        keep_beside(catalog, KEPT_TABLES, index.stored_tables)
    return index


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
    units: Units
    groups: list[Group]


def make_plan(catalog: Catalog, request: PlanRequest, *, force_heuristic: bool = False) -> Plan:
    """Plan the request against the catalog. Raises UsageError or PlanError."""
    return solve(catalog, request, force_heuristic=force_heuristic).plan


def solve(catalog: Catalog, request: PlanRequest, *, force_heuristic: bool = False) -> Solved:
    """Everything ``make_plan`` computes. On a large catalog planning is faster with the cyclic
    garbage collector paused (``gc.disable()``), as the ``mathpath`` command runs."""
    goal = check_request(catalog, request)
    units = units_of(catalog)
    planning = units.catalog
    index = topic_index(planning)
    asked = _asked_units(units, goal, request)
    minutes_for, spent_done, notes = _minutes(units, request)
    notes = [*asked.notes, *notes]
    done_ids = [*asked.done, *(u for u in spent_done if u not in asked.done)]
    done = [planning.resource_by_id[unit] for unit in done_ids]
    know_seeds = [(n.topic, rank_of(n.depth)) for n in request.known]
    knowledge = goal_knowledge(index, goal, know_seeds, done)
    pulled_by: dict[str, str] = {}
    targets = [(n.topic, rank_of(n.depth)) for n in goal.targets]
    goal_needs = unmet(index.needs_closure(targets, pulled_by, knowledge.known), knowledge.known)
    prefs = replace(
        request.preferences,
        exclude=asked.exclude,
        include=tuple(dict.fromkeys([*asked.include, *asked.steps])),
    )
    relevance = Relevance(index, knowledge.known, prefs, set(done_ids))
    forced = [planning.resource_by_id[unit] for unit in prefs.include]
    instance = _instance(planning, relevance, goal_needs, forced, minutes_for)
    choice = choose(instance, force_heuristic=force_heuristic)
    if choice is None:
        raise PlanError(
            _(
                "no set of the available resources can be put in an order where each one's "
                "requirements come first"
            ),
            hint=_("--include or --exclude resources to break the circle"),
        )
    if choice.method == "greedy":
        notes.append(
            _(
                "choice by the greedy heuristic ({n} candidates): close to, but not proven, minimal"
            ).format(n=len(instance))
        )
    elif not choice.exact:
        notes.append(
            _("search stopped after {n} nodes: best set found so far").format(n=choice.nodes - 1)
        )
    if instance.pruned:
        choice = replace(choice, exact=False)
        notes.append(
            _("large catalog: only the {n} cheapest teachers of each topic were considered").format(
                n=TEACHERS_PER_NEED
            )
        )
    at = {r.id: i for i, r in enumerate(instance.resources)}
    steps = [at[unit] for unit in asked.steps]
    ordered = order_items(instance, choice.chosen, relevance, sequence=steps)
    groups = group_units(instance, ordered, units)
    target_leaves = {leaf for t, _ in targets for leaf in index.leaves(t)}
    reasons = _Reasons(
        instance,
        ordered,
        planning,
        target_leaves,
        pulled_by,
        set(instance.forced),
        content_language(request.preferences.lang),  # the titles a reason names
        frozenset(steps),
        {i: n for n, i in enumerate(ordered.order)},
    )
    tasks = _tasks(instance, groups)
    book = None
    if request.reviews is not None:  # spaced review (mathpath.planning.reviews)
        from mathpath.planning.reviews import review_book
        from mathpath.planning.schedule import weekly_budget

        budget = weekly_budget(request.schedule)
        book = review_book(catalog, request.reviews, (t.id for t in tasks), budget)
    table = timetable(tasks, request.schedule, units.source.resource_by_id, book)
    if table.reviews:  # what the reviews cost: the same schedule without them
        from mathpath.planning.reviews import review_note
        from mathpath.planning.schedule import finish_date

        plain = timetable(tasks, request.schedule, units.source.resource_by_id)
        start = request.schedule.start
        finish, without = finish_date(table.sessions, start), finish_date(plain.sessions, start)
        notes.append(review_note(table.reviews, finish, without))
    sessions = _sessions(table.sessions, units)
    first: dict[str, date] = {}
    last: dict[str, date] = {}
    for session in sessions:
        first.setdefault(session.resource_id, session.date)
        last[session.resource_id] = session.date
    items = tuple(
        [_item(instance, ordered, group, reasons, (first, last), request.schedule, index,
               table.editions.get(group.resource.id))
         for group in groups]
    )  # fmt: skip
    if prefs.prefer:
        notes.append(_preference_note(prefs.prefer, items))
    known_only = index.learner_knowledge(know_seeds, done)
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
        notes=(*notes, *table.notes),
        capacity=table.capacity,
        days_off=table.days_off,
        reviews=table.reviews,
    )
    if request.schedule.deadline is not None:
        from mathpath.planning.deadline import deadline_report

        plan = replace(plan, deadline=deadline_report(catalog, plan, list(table.tasks)))
    return Solved(
        catalog, request, goal, index, relevance, instance, choice, ordered,
        goal_needs, pulled_by, plan, units, groups,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AskedUnits:
    """The request's resource references as planning units: a whole resource named in
    ``--done`` or ``--exclude`` stands for its parts too; the goal's steps still to plan."""

    done: tuple[str, ...]
    exclude: tuple[str, ...]
    include: tuple[str, ...]
    steps: tuple[str, ...]
    notes: tuple[str, ...]


def _asked_units(units: Units, goal: Goal, request: PlanRequest) -> AskedUnits:
    def expanded(refs: tuple[str, ...]) -> tuple[str, ...]:
        found: list[str] = []
        for ref in refs:
            found += units.units_of(ref) if ref in units.source.resource_by_id else [ref]
        return tuple(dict.fromkeys(found))

    prefs = request.preferences
    done, exclude = expanded(request.done), expanded(prefs.exclude)
    notes: list[str] = []
    steps: list[str] = []
    done_set = set(done)
    for step in goal.steps:
        owner = units.owner(step)
        if step in done_set or owner in done_set:
            continue
        if step in exclude:
            notes.append(
                _("step {step} of the goal is excluded (--exclude): planned without it").format(
                    step=step
                )
            )
            continue
        resource = units.catalog.resource_by_id[step]
        why = filter_reason(resource, replace(prefs, include=()), done_set)
        if why is not None and step not in prefs.include:
            notes.append(_("step {step} of the goal is left out: {why}").format(step=step, why=why))
            continue
        steps.append(step)
    asked = [*prefs.include, *steps]
    for unit in asked:
        owner = units.owner(unit)
        if owner != unit and owner in asked:
            raise UsageError(
                _("{owner} is asked for whole and {unit} is one of its parts").format(
                    owner=owner, unit=unit
                ),
                hint=_("--include {owner} already includes it; or include only the part").format(
                    owner=owner
                ),
            )
    return AskedUnits(done, exclude, tuple(prefs.include), tuple(steps), tuple(notes))


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
        goals = (
            _("goals: {goals}").format(goals=listing(names))
            if names
            else _("the catalog defines no goals")
        )
        raise UsageError(
            _("unknown goal {goal}").format(goal=repr(request.goal)),
            hint=f"{hint} {goals}".strip() if hint else goals,
        )
    topics = catalog.topic_by_id
    for need in request.known:
        if need.topic not in topics:
            raise UsageError(
                _("unknown topic {topic} in --know").format(topic=repr(need.topic)),
                hint=did_you_mean(need.topic, topics) or _("see `mathpath topics`"),
            )
    prefs = request.preferences
    for option, ids in (
        ("--done", request.done),
        ("--include", prefs.include),
        ("--exclude", prefs.exclude),
    ):
        for rid in ids:
            # (resource_by_id is built only when there is an id to check: ~30 ms at 100k)
            resolve_unit(catalog, rid, option)
    for rid in prefs.include:
        owner = split_unit(rid)[0]  # a part is excluded or done with its whole resource
        if rid in prefs.exclude or owner in prefs.exclude:
            raise UsageError(_("{id} is both --include'd and --exclude'd").format(id=repr(rid)))
        if rid in request.done or owner in request.done:
            raise UsageError(
                _("{id} is --done already and cannot be --include'd").format(id=repr(rid))
            )
    for word in prefs.prefer:
        if word not in PREFERENCE_FORMATS:
            raise UsageError(
                _("unknown --prefer {word}").format(word=repr(word)),
                hint=_("choose from {choices}").format(choices=", ".join(PREFERENCE_FORMATS)),
            )
    if request.pace_factor <= 0:
        raise UsageError(
            _("the pace factor must be positive, not {pace}").format(
                pace=f"{request.pace_factor:g}"
            )
        )
    check_schedule(request.schedule)
    return goal


def _minutes(units: Units, request: PlanRequest) -> tuple[Remaining, list[str], list[str]]:
    """Remaining minutes per unit after progress and pace; units with nothing left.

    Time on a part counts for the whole resource too, and so does a finished part (its hours):
    the whole, if chosen, is what is left of it.
    """
    planning = units.catalog.resource_by_id
    spent: dict[str, int] = {}
    for unit, minutes in request.spent_minutes:
        if unit not in planning:
            continue
        spent[unit] = spent.get(unit, 0) + max(0, minutes)
        owner = units.owner(unit)
        if owner != unit:
            spent[owner] = spent.get(owner, 0) + max(0, minutes)
    for unit in request.done:
        owner = units.owner(unit)
        if owner != unit and unit in planning:
            part_minutes = minutes_from_hours(planning[unit].hours)
            spent[owner] = spent.get(owner, 0) + part_minutes - spent.get(unit, 0)
    pace = request.pace_factor
    notes: list[str] = []
    finished: list[str] = []
    for unit, minutes in sorted(spent.items()):
        resource = planning[unit]
        if minutes <= 0:
            continue
        if minutes >= minutes_from_hours(resource.hours):
            finished.append(unit)
            if any(u == unit for u, _ in request.spent_minutes):
                notes.append(
                    _("{id}: all of its {hours} h spent, treated as done").format(
                        id=unit, hours=f"{resource.hours:g}"
                    )
                )
    if pace != 1.0:
        notes.append(
            _("remaining estimates multiplied by your pace factor {pace}").format(pace=f"{pace:g}")
        )
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


@dataclass(frozen=True, slots=True)
class Group:
    """One plan item: a resource's chosen units (its whole, or its parts in their order)."""

    resource: Resource
    members: tuple[int, ...]  # instance indices, in the resource's part order
    parts: tuple[Part, ...]  # () when the whole resource is planned
    after: tuple[str, ...]  # resource ids of the items that must come first, in study order
    needed_by: tuple[str, ...]  # resource ids of the items that need it, in study order


def group_units(inst: Instance, ordered: Ordered, units: Units) -> list[Group]:
    """The chosen units as plan items, one per resource, in study order.

    A resource's parts are studied together, in their own order, where its first chosen part
    stands in the study order of units, or later if something that part group needs comes
    later (Kahn's algorithm over the groups, ties by that first position). A whole resource
    chosen with some of its parts is planned whole.
    """
    owner_of = {i: units.owner(inst.resources[i].id) for i in ordered.order}
    members: dict[str, list[int]] = {}
    for i in ordered.order:
        members.setdefault(owner_of[i], []).append(i)
    first = {owner: n for n, owner in enumerate(members)}
    before: dict[str, set[str]] = {owner: set() for owner in members}
    for i in ordered.order:
        for a in ordered.after[i]:
            if owner_of[a] != owner_of[i]:
                before[owner_of[i]].add(owner_of[a])
    order = _kahn_groups(first, before)
    if len(order) < len(first):
        stuck = sorted(set(first) - set(order))
        raise PlanError(
            _(
                "the parts chosen from {ids} cannot be studied together: other items both need "
                "some of them and are needed by others"
            ).format(ids=", ".join(stuck)),
            hint=_("--include the whole resource, or --exclude one of its parts"),
        )
    position = {owner: n for n, owner in enumerate(order)}
    successors: dict[str, set[str]] = {owner: set() for owner in members}
    for owner, earlier in before.items():
        for other in earlier:
            successors[other].add(owner)
    groups: list[Group] = []
    for owner in order:
        chosen = sorted(members[owner])
        resource = units.source.resource_by_id[owner]
        wholes = [i for i in chosen if inst.resources[i].id == owner]
        if wholes:
            chosen = wholes
        parts = tuple(p for i in chosen if (p := units.part_of(inst.resources[i].id)) is not None)
        groups.append(
            Group(
                resource=resource,
                members=tuple(chosen),
                parts=parts,
                after=tuple(sorted(before[owner], key=position.__getitem__)),
                needed_by=tuple(sorted(successors[owner], key=position.__getitem__)),
            )
        )
    return groups


def _kahn_groups(first: dict[str, int], before: dict[str, set[str]]) -> list[str]:
    waiting = {owner: len(earlier) for owner, earlier in before.items()}
    successors: dict[str, list[str]] = {owner: [] for owner in first}
    for owner, earlier in before.items():
        for other in earlier:
            successors[other].append(owner)
    heap = [(first[o], o) for o, count in waiting.items() if count == 0]
    heapq.heapify(heap)
    order: list[str] = []
    while heap:
        _, owner = heapq.heappop(heap)
        order.append(owner)
        for nxt in successors[owner]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(heap, (first[nxt], nxt))
    return order


def _tasks(inst: Instance, groups: list[Group]) -> list[Task]:
    """One scheduling task per unit, in study order: a resource's parts one after another,
    and each item after the last unit of every item it must follow."""
    last = {g.resource.id: inst.resources[g.members[-1]].id for g in groups}
    tasks: list[Task] = []
    for group in groups:
        previous: tuple[str, ...] = tuple(last[a] for a in group.after)
        for i in group.members:
            tasks.append(
                Task(inst.resources[i].id, inst.minutes[i], previous, sitting=group.resource.id)
            )
            previous = (inst.resources[i].id,)
    return tasks


def _sessions(sessions: tuple[Session, ...], units: Units) -> tuple[Session, ...]:
    """Sessions of part units as sessions of their resource that name the part."""
    if not units.parts:
        return sessions
    found: list[Session] = []
    for session in sessions:
        part = units.part_of(session.resource_id)
        if part is None:
            found.append(session)
        else:
            owner = units.owner(session.resource_id)
            found.append(Session(session.date, owner, session.minutes, part.id))
    return tuple(found)


def _item(
    inst: Instance,
    ordered: Ordered,
    group: Group,
    reasons: _Reasons,
    dates: tuple[dict[str, date], dict[str, date]],
    options: ScheduleOptions,
    index: TopicIndex,
    edition: Edition | None = None,
) -> PlanItem:
    first, last = dates
    covers: dict[str, int] = {}
    teaches: dict[str, int] = {}
    needs_goal = False
    for i in group.members:
        for topic, rank in ordered.covers[i]:
            if rank > covers.get(topic, 0):
                covers[topic] = rank
        for topic, rank in index.provides_cached(inst.resources[i]).items():
            if rank > teaches.get(topic, 0):
                teaches[topic] = rank
        needs_goal = needs_goal or not inst.goal_needs.isdisjoint(ordered.covers[i])
    rid = group.resource.id
    needed_by = ("", *group.needed_by) if needs_goal else group.needed_by
    return PlanItem(
        resource=group.resource,
        minutes=sum(inst.minutes[i] for i in group.members),
        start=first.get(rid, options.start),
        end=last.get(rid, options.start),
        reason=reasons.of(group.members),
        covers=_needs(covers),
        after=group.after,
        needed_by=needed_by,
        parts=group.parts,
        teaches=_needs(teaches),
        edition=edition,
    )


@dataclass(frozen=True, slots=True)
class _Reasons:
    """Why each plan item is in the plan, in one line; the topics named in the catalog's order
    of topics (``Catalog.in_topic_order``), not alphabetically. An item of several parts is
    explained by what all of them are chosen for, not by its first part alone."""

    inst: Instance
    ordered: Ordered
    catalog: Catalog
    target_leaves: set[str]
    pulled_by: dict[str, str]
    forced: set[int]
    lang: str | None
    steps: frozenset[int]
    position: dict[int, int]  # instance index -> place in the study order

    def of(self, members: tuple[int, ...]) -> str:
        inst, ordered, catalog = self.inst, self.ordered, self.catalog
        covers = list(dict.fromkeys(req for i in members for req in ordered.covers[i]))
        needed_by = sorted(
            {j for i in members for j in ordered.needed_by[i] if j not in members},
            key=self.position.__getitem__,
        )
        goal_topics = [t for t, r in covers if (t, r) in inst.goal_needs]
        targets = [t for t in goal_topics if t in self.target_leaves]
        text = ""
        if targets:
            text = _("teaches {topics} (goal)").format(topics=_topics(targets, catalog))
        elif needed_by:
            first = needed_by[0]
            topics = [t for t, r in covers if (t, r) in inst.demands[first]]
            title = inst.resources[first].title_in(self.lang)
            # the other items that need it: resources, however many of their parts
            owners = {split_unit(inst.resources[j].id)[0] for j in needed_by}
            more = len(owners) - 1
            if more:
                text = ngettext(
                    "teaches {topics}, needed by {title} and {n} more",
                    "teaches {topics}, needed by {title} and {n} more",
                    more,
                ).format(topics=_topics(topics, catalog), title=title, n=more)
            else:
                text = _("teaches {topics}, needed by {title}").format(
                    topics=_topics(topics, catalog), title=title
                )
        elif goal_topics:
            topic = goal_topics[0]
            if topic in self.pulled_by:
                text = _("teaches {topics}, which {topic} builds on").format(
                    topics=_topics(goal_topics, catalog), topic=self.pulled_by[topic]
                )
            else:
                text = _("teaches {topics}, which the goal builds on").format(
                    topics=_topics(goal_topics, catalog)
                )
        if any(i in self.steps for i in members):  # forced too: a step of the goal's sequence
            return (
                _("a step of the goal; {reason}").format(reason=text)
                if text
                else _("a step of the goal")
            )
        if any(i in self.forced for i in members):
            return (
                _("you included it; {reason}").format(reason=text)
                if text
                else _("you included it (--include)")
            )
        return text or _("chosen for the goal")


def _preference_note(prefer: tuple[str, ...], items: tuple[PlanItem, ...]) -> str:
    """How much of the plan is of the formats ``--prefer`` favours: a preference weighs, it
    does not filter, so a plan may take few of them (or none), and the learner should see so."""
    formats = {f for word in prefer for f in PREFERENCE_FORMATS[word]}
    count = sum(1 for item in items if item.resource.format.value in formats)
    return ngettext(
        "--prefer {formats}: {count} of the {total} resources chosen is of that kind (a "
        "preference weighs their hours at 3/4 in the choice; it does not filter)",
        "--prefer {formats}: {count} of the {total} resources chosen are of that kind (a "
        "preference weighs their hours at 3/4 in the choice; it does not filter)",
        count,
    ).format(formats=",".join(prefer), count=count, total=len(items))


def _topics(topics: list[str], catalog: Catalog) -> str:
    unique = catalog.in_topic_order(topics)
    if len(unique) <= 3:
        return listing(unique)
    more = len(unique) - 3
    return ngettext("{topics} and {n} more", "{topics} and {n} more", more).format(
        topics=listing(unique[:3]), n=more
    )


__all__ = ["Req", "Solved", "check_request", "make_plan", "solve", "topic_index"]
