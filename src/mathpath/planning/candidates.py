"""From a catalog and a request to a small set-cover instance over the relevant resources only.

Only resources that teach something the plan may need are looked at (a breadth-first walk from
the goal's needs through each candidate's own requirements), so planning stays linear in the
resources and links it touches, whatever the size of the catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mathpath.catalog.language import has_material
from mathpath.catalog.models import Catalog, Resource, Role, label
from mathpath.catalog.parts import SEPARATOR
from mathpath.errors import PlanError
from mathpath.i18n import _, listing
from mathpath.planning.defaults import PREFERENCE_FORMATS
from mathpath.planning.knowledge import (
    DEPTH_OF_RANK,
    PLAIN_LANGUAGE,
    Req,
    Teachers,
    TopicIndex,
    waiting_lists,
)
from mathpath.planning.plans import Preferences, minutes_from_hours

# Weighted cost = minutes x weight; a preferred format and an available language weigh 3/4 each,
# kept as integer numerators over 4 x 4 so that costs are exact integers and ties are decided the
# same way on every machine.
_FULL, _PREFERRED = 4, 3
# With --lang, a resource with no material in that language also costs this many minutes at the
# full weight: reaching it (YouTube needs a VPN in mainland China) and settling into another
# language take time whatever its length. With the 3/4 weight this makes a Chinese alternative win
# when it takes at most about a third longer, or about an hour longer for short material (MIT
# 6.S191's 26 h stay against 45 h of Ng's courses; a 27-minute English video gives way to a
# 75-minute Chinese chapter). README "Chinese: planning with --lang and --require-lang".
LANGUAGE_SURCHARGE_MINUTES = 60


@dataclass
class Instance:
    """The choice problem: cover the goal's needs and what every chosen resource needs.

    Indices are positions in ``resources`` (viable candidates, in catalog order). ``demands`` are a
    resource's own (not yet known) requirements: they must be met *before* it, by knowledge or
    another chosen resource. What they build on is met the same way, through the requirements of
    the resources chosen to meet them.
    """

    resources: list[Resource]
    minutes: list[int]
    cost: list[int]
    covers: list[frozenset[Req]]  # reqs of the universe each resource meets
    demands: list[frozenset[Req]]
    seeds: list[tuple[Req, ...]]  # leaf reqs a resource's requirements stand for
    goal_needs: frozenset[Req]
    forced: frozenset[int]
    providers: dict[Req, list[int]]
    index: TopicIndex
    known: dict[str, int]
    pruned: bool = False  # some needs admitted only their cheapest teachers: not exhaustive
    # The resource each candidate belongs to (its own id, or a part's resource): a resource's
    # chosen parts are studied together, as one plan item. Empty when no candidate is a part.
    group: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.resources)


def filter_reason(resource: Resource, prefs: Preferences, done: set[str]) -> str | None:
    """Why a resource may not be chosen, or None. ``--include`` overrides the soft filters."""
    if resource.id in done:
        return _("already done (--done)")
    if resource.id in prefs.exclude:
        return _("excluded (--exclude)")
    if resource.id in prefs.include:
        return None
    if resource.role is Role.FURTHER_READING:
        return _("further reading only (never chosen unless you --include it)")
    if prefs.free_only and not resource.free:
        return _("not free (--free-only)")
    if prefs.max_level is not None and resource.level.rank > prefs.max_level.rank:
        return _("level {level} is above --max-level {max_level}").format(
            level=label(resource.level), max_level=prefs.max_level
        )
    if prefs.require_lang and not has_material(resource, prefs.require_lang):
        return _("nothing in {lang} (--require-lang {lang})").format(lang=prefs.require_lang)
    if not resource.available_in(PLAIN_LANGUAGE) and not (
        prefs.lang and has_material(resource, prefs.lang)
    ):
        languages = listing(resource.languages)
        return _("only in {languages} (plan with --lang {lang} to use it)").format(
            languages=languages, lang=resource.languages[0]
        )
    return None


def filters_nothing(prefs: Preferences, done: set[str]) -> bool:
    """Whether ``filter_reason`` asks anything of a resource but the plain rule
    (``knowledge.plain_choice``) for this request: a rule added above must be named here."""
    return not (
        done
        or prefs.exclude
        or prefs.include
        or prefs.free_only
        or prefs.max_level is not None
        or prefs.require_lang
        or prefs.lang
    )


def _pricer(prefs: Preferences) -> Callable[[Resource, int], int]:
    """A resource's weighted cost of so many minutes for one request (the preferred formats
    worked out once): minutes x the weight numerators, plus the language surcharge."""
    formats = {f for word in prefs.prefer for f in PREFERENCE_FORMATS.get(word, ())}
    lang = prefs.lang
    surcharge = LANGUAGE_SURCHARGE_MINUTES * _FULL * _FULL

    def price(resource: Resource, minutes: int) -> int:
        first = _PREFERRED if resource.format.value in formats else _FULL
        if not lang:
            return minutes * first * _FULL
        if has_material(resource, lang):
            return minutes * first * _PREFERRED
        return minutes * first * _FULL + surcharge

    return price


def resource_cost(prefs: Preferences) -> Callable[[Resource], int]:
    """The weighted cost of studying a whole resource, by the choice's rule for ``prefs``: what
    ranks resources outside the choice the way the choice would (``mathpath next``)."""
    price = _pricer(prefs)
    return lambda resource: price(resource, minutes_from_hours(resource.hours))


@dataclass(frozen=True, slots=True)
class Remaining:
    """Minutes left per resource: its hours less the minutes recorded, times the pace factor."""

    spent: dict[str, int]  # resource id -> minutes recorded
    pace: float = 1.0

    def __call__(self, resource: Resource) -> int:
        left = minutes_from_hours(resource.hours) - self.spent.get(resource.id, 0)
        return max(1, round(left * self.pace)) if left > 0 else 0


def teachers(index: TopicIndex, topic: str) -> list[Resource]:
    """Resources teaching ``topic`` directly or through a broad topic above it."""
    found = list(index.catalog.teachers_of.get(topic, ()))
    for broader in index.ancestors(topic):
        found += index.catalog.teachers_of.get(broader, ())
    return found


@dataclass
class Relevance:
    """Result of the walk from the goal's needs: what could be chosen, and what could not."""

    index: TopicIndex
    known: dict[str, int]
    prefs: Preferences
    done: set[str]
    demands: dict[str, frozenset[Req]] = field(default_factory=dict)

    # What does not depend on the request is cached on the (per-catalog) index, so that a second
    # plan on the same catalog does not derive it again.
    def provides_of(self, resource: Resource) -> dict[str, int]:
        return self.index.provides_cached(resource)

    def seeds_of(self, resource: Resource) -> tuple[Req, ...]:
        return self.index.seeds_of(resource)

    def demands_of(self, resource: Resource) -> frozenset[Req]:
        """A resource's own requirements as leaf reqs, minus what is known."""
        found = self.demands.get(resource.id)
        if found is None:
            direct = self.index.direct_reqs(resource)
            known = self.known
            if known and any(known.get(topic, 0) >= rank for topic, rank in direct):
                direct = frozenset(req for req in direct if known.get(req[0], 0) < req[1])
            found = self.demands[resource.id] = direct
        return found

    def without_known(self, direct: dict[int, frozenset[Req]]) -> dict[int, frozenset[Req]]:
        """``demands_of`` each resource, from its direct requirements (by catalog position)."""
        known = self.known
        if not known:
            return direct
        # Every req the knowledge meets (ranks run 1..3), so that each candidate takes one set
        # operation instead of a loop over its requirements.
        met = {(topic, rank) for topic, deepest in known.items() for rank in range(1, deepest + 1)}
        return {
            position: reqs if met.isdisjoint(reqs) else reqs - met
            for position, reqs in direct.items()
        }


def build_instance(
    catalog: Catalog,
    relevance: Relevance,
    goal_needs: dict[str, int],
    forced: list[Resource],
    minutes: Remaining,
    *,
    teachers_per_need: int | None = None,
) -> Instance:
    """Walk from the needs to the candidates, keep the ones that can be learned, index them.

    With ``teachers_per_need`` (large catalogs, heuristic only) each need admits just that many
    eligible teachers, the cheapest per topic taught first, plus any ``--include``d ones.

    A candidate is *viable* when its own requirements can be met, in some order, by knowledge and
    other viable candidates (forward chaining, as in Horn satisfiability). Raises ``PlanError``
    naming every goal need that no viable candidate meets, and why its teachers are unavailable.

    Candidates are catalog positions throughout (cheap to hash, and sorted they are in catalog
    order); ``universe`` maps each need to the positions admitted for it.
    """
    index = relevance.index
    walk = _Walk(index, relevance.known)
    goal_reqs = index.interned(sorted(goal_needs.items()))
    walk.need(goal_reqs)
    forced_at = [index.position(r.id) for r in forced]
    relevant: dict[int, frozenset[Req]] = {}  # candidate -> its direct requirements
    for position in forced_at:
        seeds, relevant[position] = index.requirements(position)
        walk.need(seeds)
    pricing = _Pricing(index, relevance.prefs, minutes)
    admit = _admitter(index, relevance.prefs, relevance.done)
    pruned = _admit_teachers(walk, relevant, admit, pricing, teachers_per_need, set(forced_at))
    universe = walk.universe
    demands = relevance.without_known(relevant)
    meets = _meets(universe)
    viable = _learnable(demands, meets)
    missing = [req for req in goal_reqs if not _met_by(req, universe, viable)]
    stuck_forced = [r for r, p in zip(forced, forced_at, strict=True) if p not in viable]
    if missing or stuck_forced:
        raise PlanError(_unreachable_message(missing, stuck_forced, universe, viable, relevance))
    return _instance(catalog, relevance, goal_reqs, universe, viable, meets, demands, forced_at,
                     pricing, pruned)  # fmt: skip


class _Walk:
    """The needs found so far (``universe``, in the order found) and the topics whose
    prerequisites were followed. ``queue`` holds the needs in the same order, for a breadth-first
    pass over them that may find more."""

    def __init__(self, index: TopicIndex, known: dict[str, int]) -> None:
        self.index = index
        self.known = known
        self.universe: dict[Req, list[int]] = {}
        self.queue: list[Req] = []

    def need(self, seeds: Iterable[Req]) -> None:
        """Add the seeds that are neither known nor found yet (the goal's needs come closed
        under topic prerequisites; a resource's requirements are exactly what it needs)."""
        universe, known = self.universe, self.known
        for req in seeds:
            if req not in universe and known.get(req[0], 0) < req[1]:
                universe[req] = []
                self.queue.append(req)


def _admit_teachers(
    walk: _Walk,
    relevant: dict[int, frozenset[Req]],
    admit: Callable[[Teachers], Teachers],
    pricing: _Pricing,
    teachers_per_need: int | None,
    forced_at: set[int],
) -> bool:
    """Give each need in the walk's queue its eligible teachers, adding every new teacher to
    ``relevant`` (with its direct requirements) and its seeds to the walk. Returns whether any
    need was pruned to its cheapest ``teachers_per_need``.

    New teachers' requirements are read in batches, in catalog order, whenever the queue runs
    out (reading them in catalog order is ~20% faster than in the order they are found). The
    needs found, each need's teachers and so the candidates do not depend on that order.
    """
    teachers = walk.index.teachers
    universe, queue = walk.universe, walk.queue
    allowed: dict[str, Teachers] = {}  # topic -> its teachers that pass the filters
    limit = len(walk.index.catalog.resources) if teachers_per_need is None else teachers_per_need
    pruned = False
    found: list[int] = []  # new teachers whose requirements are not read yet
    head = 0
    while True:
        while head < len(queue):
            req = queue[head]
            head += 1
            topic, rank = req
            offered = allowed.get(topic)
            if offered is None:
                offered = allowed[topic] = admit(teachers(topic))
            positions, ranks = offered
            if rank == 1:  # the shallowest: every teacher is deep enough
                eligible = positions[:]
            else:
                eligible = [p for p, t in zip(positions, ranks, strict=True) if t >= rank]
            if len(eligible) > limit:
                eligible = pricing.cheapest(topic, offered, rank, limit, forced_at)
                pruned = True
            universe[req] = eligible
            for position in eligible:
                if position not in relevant:
                    relevant[position] = _UNREAD
                    found.append(position)
        if not found:
            return pruned
        walk.need(_read_requirements(walk.index, sorted(found), relevant))
        found.clear()


_UNREAD: frozenset[Req] = frozenset()


def _read_requirements(
    index: TopicIndex, positions: list[int], relevant: dict[int, frozenset[Req]]
) -> list[Req]:
    """Store each position's direct requirements in ``relevant``; return all their seeds."""
    requirements = index.requirements
    seeds: list[Req] = []
    for position in positions:
        own, relevant[position] = requirements(position)
        seeds += own
    return seeds


def _admitter(
    index: TopicIndex, prefs: Preferences, done: set[str]
) -> Callable[[Teachers], Teachers]:
    """The teachers that ``filter_reason`` lets through, for one request."""
    if filters_nothing(prefs, done):  # the catalog's own column, read once (see plain_choice)
        columns = index.columns()
        if columns.all_plain:
            return lambda teachers: teachers
        plain = columns.plain
        return lambda teachers: _kept(teachers, [plain[p] for p in teachers[0]])
    resources = index.catalog.resources
    verdict: dict[int, bool] = {}

    def admitted(position: int) -> bool:
        # Per teacher met, not per catalog entry: the walk meets a small share of a large
        # catalog, and filter_reason (the role, the language, the request's filters) is one rule.
        found = verdict.get(position)
        if found is None:
            found = verdict[position] = filter_reason(resources[position], prefs, done) is None
        return found

    return lambda teachers: _kept(teachers, [admitted(p) for p in teachers[0]])


def _kept(teachers: Teachers, keep: list[bool]) -> Teachers:
    if all(keep):
        return teachers
    positions, ranks = teachers
    return (
        [p for p, ok in zip(positions, keep, strict=True) if ok],
        [r for r, ok in zip(ranks, keep, strict=True) if ok],
    )


class _Pricing:
    """Minutes, weighted cost and share (cost per topic taught) of resources by position."""

    def __init__(self, index: TopicIndex, prefs: Preferences, remaining: Remaining) -> None:
        self.resources = index.catalog.resources
        columns = index.columns()
        self.base_minutes = columns.minutes
        self.taught_count = columns.taught_count
        self.remaining = remaining
        # Nothing spent and pace 1: the minutes left are a resource's own (never negative).
        self.plain = not remaining.spent and remaining.pace == 1.0
        formats = {f for word in prefs.prefer for f in PREFERENCE_FORMATS.get(word, ())}
        self.weigh = None if not formats and not prefs.lang else _pricer(prefs)
        self._by_share: dict[str, list[int]] = {}  # topic -> offered indices by share

    def minutes(self, positions: list[int]) -> list[int]:
        if self.plain:
            base = self.base_minutes
            return [base[p] for p in positions]
        remaining, resources = self.remaining, self.resources
        return [remaining(resources[p]) for p in positions]

    def costs(self, positions: list[int], minutes: list[int]) -> list[int]:
        weigh = self.weigh
        if weigh is None:  # every weight is the full one
            return [m * (_FULL * _FULL) for m in minutes]
        resources = self.resources
        return [weigh(resources[p], m) for m, p in zip(minutes, positions, strict=True)]

    def shares(self, positions: list[int]) -> list[float]:
        count = self.taught_count
        if self.plain and self.weigh is None:
            base = self.base_minutes
            return [base[p] * (_FULL * _FULL) / count[p] for p in positions]
        costs = self.costs(positions, self.minutes(positions))
        return [c / count[p] for c, p in zip(costs, positions, strict=True)]

    def cheapest(
        self, topic: str, offered: Teachers, rank: int, limit: int, forced_at: set[int]
    ) -> list[int]:
        """Of the teachers ``offered`` for ``topic`` that teach it at ``rank`` or deeper (the
        eligible ones), the ``limit`` with the lowest share (ties: the earlier offered), plus
        any forced ones, in offered order.

        The teachers are sorted by share once per topic (stably); the first ``limit`` eligible
        ones in that order are those a stable sort of the eligible ones alone would put first.
        """
        positions, ranks = offered
        by_share = self._by_share.get(topic)
        if by_share is None:
            keys = self.shares(positions)
            by_share = self._by_share[topic] = sorted(range(len(positions)), key=keys.__getitem__)
        keep: list[int] = []
        for n in by_share:
            if ranks[n] >= rank:
                keep.append(n)
                if len(keep) == limit:
                    break
        if forced_at:
            forced = [n for n, p in enumerate(positions) if p in forced_at and ranks[n] >= rank]
            keep = list({*keep, *forced})
        keep.sort()
        return [positions[n] for n in keep]


def _instance(
    catalog: Catalog,
    relevance: Relevance,
    goal_reqs: list[Req],
    universe: dict[Req, list[int]],
    viable: set[int],
    meets: dict[int, list[Req]],
    demands: dict[int, frozenset[Req]],
    forced_at: list[int],
    pricing: _Pricing,
    pruned: bool,
) -> Instance:
    """Index the viable candidates in catalog order. ``meets`` (see ``_meets``) gives what each
    covers."""
    ordered = sorted(viable)
    position = {p: i for i, p in enumerate(ordered)}
    resources = [catalog.resources[p] for p in ordered]
    # A resource that demands what it teaches is never the one to meet it: the first member of
    # a valid order that covers a req cannot demand it, and that member meets every later
    # demand of the req too. So what a resource demands is left out of what it covers, which
    # keeps every valid set valid and lets the search and its bound see the need.
    providers: dict[Req, list[int]] = {}
    for req, ids in universe.items():
        members = [position[p] for p in ids if p in position and req not in demands[p]]
        members.sort()
        providers[req] = members
    minutes = pricing.minutes(ordered)
    cost = pricing.costs(ordered, minutes)
    return Instance(
        resources=resources,
        minutes=minutes,
        cost=cost,
        covers=[frozenset(meets.get(p, ())) - demands[p] for p in ordered],
        demands=[demands[p] for p in ordered],
        seeds=relevance.index.seeds_at(ordered),
        goal_needs=frozenset(goal_reqs),
        forced=frozenset(position[p] for p in forced_at),
        providers=providers,
        index=relevance.index,
        known=relevance.known,
        pruned=pruned,
        group=_groups(resources),
    )


def _groups(resources: list[Resource]) -> list[str]:
    """Each candidate's resource id (``r`` for ``r`` and for its parts ``r:p``), or [] when
    no candidate is a part."""
    if not any(SEPARATOR in r.id for r in resources):
        return []
    return [r.id.partition(SEPARATOR)[0] for r in resources]


def _learnable(demands: dict[int, frozenset[Req]], meets: dict[int, list[Req]]) -> set[int]:
    """The candidates (the keys of ``demands``) whose demands can be met in some order (forward
    chaining). ``meets`` maps a candidate to the reqs of the universe it meets (see ``_meets``).
    """
    ready, unmet_count, waiting = waiting_lists(demands.items())
    viable: set[int] = set()
    no_reqs: list[Req] = []
    no_ids: list[int] = []
    reach = waiting.pop  # a req is reached once: its waiting list goes with it
    while ready:
        p = ready.pop()
        viable.add(p)
        for req in meets.get(p, no_reqs):
            for other in reach(req, no_ids):
                left = unmet_count[other] - 1
                unmet_count[other] = left
                if left == 0:
                    ready.append(other)
    return viable


def _meets(universe: dict[Req, list[int]]) -> dict[int, list[Req]]:
    """Candidate -> the reqs of the universe it meets, in universe order."""
    meets: dict[int, list[Req]] = {}
    meets_get = meets.get
    for req, ids in universe.items():
        for p in ids:
            found = meets_get(p)
            if found is None:
                meets[p] = [req]
            else:
                found.append(req)
    return meets


def _met_by(req: Req, universe: dict[Req, list[int]], viable: set[int]) -> bool:
    return not viable.isdisjoint(universe.get(req, ()))


def _unreachable_message(
    missing: list[Req],
    stuck_forced: list[Resource],
    universe: dict[Req, list[int]],
    viable: set[int],
    relevance: Relevance,
) -> str:
    lines: list[str] = []
    if missing:
        lines.append(_("the goal cannot be reached: nothing available teaches"))
        for topic, rank in missing:
            why = _why_unavailable(topic, rank, universe, viable, relevance)
            lines.append(
                "  - "
                + _("{topic} (at {depth} or deeper): {why}").format(
                    topic=topic, depth=label(DEPTH_OF_RANK[rank]), why=why
                )
            )
    for resource in stuck_forced:
        needs = [
            f"{t}@{DEPTH_OF_RANK[r]}"
            for t, r in sorted(relevance.demands_of(resource))
            if not _met_by((t, r), universe, viable)
        ]
        lines.append(
            _(
                "--include {id} cannot be planned: nothing available teaches what it needs "
                "({needs})"
            ).format(id=resource.id, needs=listing(needs) or _("its requirements"))
        )
    return "\n".join(lines)


def _why_unavailable(
    topic: str,
    rank: int,
    universe: dict[Req, list[int]],
    viable: set[int],
    relevance: Relevance,
) -> str:
    deep_enough = [
        r
        for r in teachers(relevance.index, topic)
        if relevance.provides_of(r).get(topic, 0) >= rank
    ]
    if not deep_enough:
        return _("no resource in the catalog teaches it that deeply")
    reasons: list[str] = []
    lang = relevance.prefs.require_lang
    elsewhere: list[str] = []  # resources with nothing in the required language, once each
    for resource in {r.id: r for r in deep_enough}.values():
        why = filter_reason(resource, relevance.prefs, relevance.done)
        if lang and why is not None and not has_material(resource, lang):
            owner = resource.id.partition(SEPARATOR)[0]
            if owner not in elsewhere:
                elsewhere.append(owner)
            continue
        if why is None:
            blocked = sorted(
                f"{t}@{DEPTH_OF_RANK[r]}"
                for t, r in relevance.demands_of(resource)
                if not _met_by((t, r), universe, viable)
            )
            why = (
                _("needs {needs}, which nothing available teaches").format(needs=listing(blocked))
                if blocked
                else _("needs what nothing available can be planned for")
            )
        reasons.append(f"{resource.id} {why}")
    if elsewhere:
        said = _("nothing in {lang} (--require-lang {lang}): {ids}")
        reasons.insert(0, said.format(lang=lang, ids=", ".join(elsewhere)))
    return "; ".join(reasons)
