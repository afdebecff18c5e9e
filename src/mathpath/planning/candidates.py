"""From a catalog and a request to a small set-cover instance over the relevant resources only.

Only resources that teach something the plan may need are looked at (a breadth-first walk from
the goal's needs through each candidate's own requirements), so planning stays linear in the
resources and links it touches, whatever the size of the catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mathpath.errors import PlanError
from mathpath.models import Catalog, Resource, Role
from mathpath.planning.knowledge import DEPTH_OF_RANK, Req, TopicIndex
from mathpath.plans import PREFERENCE_FORMATS, Preferences

# Weighted cost = minutes x weight; the weights are 3/4 each, kept as integer numerators over
# 4 x 4 so that costs are exact integers and ties are decided the same way on every machine.
PREFERRED_WEIGHT = 0.75
LANG_WEIGHT = 0.75
_FULL, _PREFERRED = 4, 3


@dataclass
class Instance:
    """The choice problem: cover the goal's needs and what every chosen resource needs.

    Indices are positions in ``resources`` (viable candidates, in catalog order). ``demands`` are a
    resource's own (direct, not yet known) requirements: they must be met *before* it, by
    knowledge or another chosen resource. ``needs_of(i)`` adds their prerequisite closure, which
    must be covered too but only orders items through soft topic edges.
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
    _needs: dict[int, frozenset[Req]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.resources)

    def needs_of(self, i: int) -> frozenset[Req]:
        found = self._needs.get(i)
        if found is None:
            needed: set[Req] = set()
            self.index.walk(self.seeds[i], self.known, needed, set())
            found = self._needs[i] = frozenset(needed)
        return found


def filter_reason(resource: Resource, prefs: Preferences, done: set[str]) -> str | None:
    """Why a resource may not be chosen, or None. ``--include`` overrides the soft filters."""
    if resource.id in done:
        return "already done (--done)"
    if resource.id in prefs.exclude:
        return "excluded (--exclude)"
    if resource.id in prefs.include:
        return None
    if resource.role is Role.FURTHER_READING:
        return "further reading only (never chosen unless you --include it)"
    if prefs.free_only and not resource.free:
        return "not free (--free-only)"
    if prefs.max_level is not None and resource.level.rank > prefs.max_level.rank:
        return f"level {resource.level} is above --max-level {prefs.max_level}"
    return None


def weight_numerator(resource: Resource, prefs: Preferences) -> int:
    return _weigher(prefs)(resource)


def _weigher(prefs: Preferences) -> Callable[[Resource], int]:
    """``weight_numerator`` for one request, with the preferred formats worked out once."""
    formats = {f for word in prefs.prefer for f in PREFERENCE_FORMATS.get(word, ())}
    lang = prefs.lang

    def numerator(resource: Resource) -> int:
        first = _PREFERRED if resource.format.value in formats else _FULL
        second = _PREFERRED if lang and resource.available_in(lang) else _FULL
        return first * second

    return numerator


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


def build_instance(
    catalog: Catalog,
    relevance: Relevance,
    goal_needs: dict[str, int],
    forced: list[Resource],
    minutes_for: Callable[[Resource], int],
    *,
    teachers_per_need: int | None = None,
) -> Instance:
    """Walk from the needs to the candidates, keep the ones that can be learned, index them.

    With ``teachers_per_need`` (large catalogs, heuristic only) each need admits just that many
    eligible teachers, the cheapest per topic taught first, plus any ``--include``d ones.

    A candidate is *viable* when its own requirements can be met, in some order, by knowledge and
    other viable candidates (forward chaining, as in Horn satisfiability), and everything those
    requirements build on can be covered. Raises ``PlanError`` naming every goal need that no
    viable candidate meets, and why its teachers are unavailable.
    """
    index, prefs, known = relevance.index, relevance.prefs, relevance.known
    universe: dict[Req, list[str]] = {}
    queue: list[Req] = []
    visited: set[str] = set()
    below: dict[str, list[str]] = {}  # topic -> topics that list it among their prerequisites

    def need(seeds: Iterable[Req]) -> None:
        stack = list(seeds)
        while stack:
            req = stack.pop()
            topic, rank = req
            if known.get(topic, 0) < rank and req not in universe:
                universe[req] = []
                queue.append(req)
            if topic not in visited:
                visited.add(topic)
                for step in index.step(topic):
                    below.setdefault(step[0], []).append(topic)
                    stack.append(step)

    relevant: dict[str, Resource] = {}
    pruned = False
    need(sorted(goal_needs.items()))
    for resource in forced:
        relevant[resource.id] = resource
        need(relevance.seeds_of(resource))
    done = relevance.done
    weigh = _weigher(prefs)
    minutes_of: dict[str, int] = {}  # per resource, for this request
    shares: dict[str, float] = {}
    allowed_teaching: dict[str, list[tuple[Resource, int]]] = {}  # topic -> allowed teachers
    allowed: dict[str, bool] = {}

    def minutes(resource: Resource) -> int:
        found = minutes_of.get(resource.id)
        if found is None:
            found = minutes_of[resource.id] = minutes_for(resource)
        return found

    def share(resource: Resource) -> float:
        found = shares.get(resource.id)
        if found is None:
            cost = minutes(resource) * weigh(resource)
            found = shares[resource.id] = cost / len(resource.teaches)
        return found

    def teaching_allowed(topic: str) -> list[tuple[Resource, int]]:
        found = allowed_teaching.get(topic)
        if found is None:
            found = []
            for pair in index.teaching(topic):
                rid = pair[0].id
                ok = allowed.get(rid)
                if ok is None:
                    ok = allowed[rid] = filter_reason(pair[0], prefs, done) is None
                if ok:
                    found.append(pair)
            allowed_teaching[topic] = found
        return found

    shares_get = shares.get
    forced_ids = {r.id for r in forced}
    head = 0
    while head < len(queue):
        req = queue[head]
        head += 1
        topic, rank = req
        eligible = [resource for resource, taught in teaching_allowed(topic) if taught >= rank]
        if teachers_per_need is not None and len(eligible) > teachers_per_need:
            # sorted() is stable, so ties in share keep eligible order, as (share, n) would.
            keys: list[float] = []
            for resource in eligible:
                found = shares_get(resource.id)
                if found is None:
                    found = share(resource)
                keys.append(found)
            keep = set(sorted(range(len(eligible)), key=keys.__getitem__)[:teachers_per_need])
            if forced_ids:
                keep |= {n for n, r in enumerate(eligible) if r.id in forced_ids}
            eligible = [eligible[n] for n in sorted(keep)]
            pruned = True
        ids = universe[req]
        for resource in eligible:
            rid = resource.id
            ids.append(rid)
            if rid not in relevant:
                relevant[rid] = resource
                need(relevance.seeds_of(resource))

    viable = _viable(relevant, universe, below, relevance)
    missing = [req for req in sorted(goal_needs.items()) if not _met_by(req, universe, viable)]
    stuck_forced = [r for r in forced if r.id not in viable]
    if missing or stuck_forced:
        raise PlanError(_unreachable_message(missing, stuck_forced, universe, viable, relevance))

    ordered = sorted(viable, key=viable.__getitem__)
    position = {rid: i for i, rid in enumerate(ordered)}
    resources = [relevant[rid] for rid in ordered]
    providers: dict[Req, list[int]] = {}
    covers: list[list[Req]] = [[] for _ in resources]
    for req, ids in universe.items():
        members = sorted(position[rid] for rid in ids if rid in position)
        providers[req] = members
        for i in members:
            covers[i].append(req)
    minutes_list = [minutes(r) for r in resources]
    return Instance(
        resources=resources,
        minutes=minutes_list,
        cost=[m * weigh(r) for m, r in zip(minutes_list, resources, strict=True)],
        covers=[frozenset(c) for c in covers],
        demands=[relevance.demands_of(r) for r in resources],
        seeds=[relevance.seeds_of(r) for r in resources],
        goal_needs=frozenset(goal_needs.items()),
        forced=frozenset(position[r.id] for r in forced),
        providers=providers,
        index=index,
        known=known,
        pruned=pruned,
    )


def _viable(
    relevant: dict[str, Resource],
    universe: dict[Req, list[str]],
    below: dict[str, list[str]],
    relevance: Relevance,
) -> dict[str, int]:
    """Learnable candidates whose requirements' closures can be covered, to a fixpoint."""
    removed: set[str] = set()
    meets = _meets(universe)
    while True:
        candidates = (
            {k: v for k, v in relevant.items() if k not in removed} if removed else relevant
        )
        viable = _learnable(candidates, meets, relevance)
        worst: dict[str, int] = {}  # topic -> lowest rank that nothing viable teaches
        for (topic, rank), ids in universe.items():
            if not any(rid in viable for rid in ids) and rank < worst.get(topic, 4):
                worst[topic] = rank
        if not worst:
            return viable  # every need has a viable teacher: nothing can be tainted
        tainted = _tainted(worst, below, relevance.index)
        dropped = {
            rid
            for rid in viable
            if any(
                t in tainted or (t in worst and r >= worst[t] and (t, r) in universe)
                for t, r in relevance.seeds_of(relevant[rid])
            )
        }
        if not dropped:
            return viable
        removed |= dropped


def _tainted(worst: dict[str, int], below: dict[str, list[str]], index: TopicIndex) -> set[str]:
    """Topics whose prerequisite closure holds something nothing viable teaches."""
    tainted: set[str] = set()
    stack: list[str] = []
    for topic, rank in worst.items():
        for above in below.get(topic, ()):
            if any(t == topic and r >= rank for t, r in index.step(above)) and above not in tainted:
                tainted.add(above)
                stack.append(above)
    while stack:
        topic = stack.pop()
        for above in below.get(topic, ()):
            if above not in tainted:
                tainted.add(above)
                stack.append(above)
    return tainted


def _learnable(
    relevant: dict[str, Resource], meets: dict[str, list[Req]], relevance: Relevance
) -> dict[str, int]:
    """Viable candidate ids, each mapped to its catalog position (for a stable order).

    ``meets`` maps a candidate id to the reqs of the universe it meets (see ``_meets``).
    """
    catalog_position = relevance.index.position
    demands_of = relevance.demands_of
    waiting: dict[Req, list[str]] = {}
    waiting_get = waiting.get
    unmet_count: dict[str, int] = {}
    ready: list[str] = []
    for rid, resource in relevant.items():
        demands = demands_of(resource)
        unmet_count[rid] = len(demands)
        if not demands:
            ready.append(rid)
            continue
        for req in demands:
            ids = waiting_get(req)
            if ids is None:
                waiting[req] = [rid]
            else:
                ids.append(rid)
    reached: set[Req] = set()
    viable: dict[str, int] = {}
    no_reqs: list[Req] = []
    while ready:
        rid = ready.pop()
        viable[rid] = catalog_position(rid)
        for req in meets.get(rid, no_reqs):
            if req in reached:
                continue
            reached.add(req)
            for other in waiting_get(req, ()):
                left = unmet_count[other] - 1
                unmet_count[other] = left
                if left == 0:
                    ready.append(other)
    return viable


def _meets(universe: dict[Req, list[str]]) -> dict[str, list[Req]]:
    """Candidate id -> the reqs of the universe it meets, in universe order."""
    meets: dict[str, list[Req]] = {}
    meets_get = meets.get
    for req, ids in universe.items():
        for rid in ids:
            found = meets_get(rid)
            if found is None:
                meets[rid] = [req]
            else:
                found.append(req)
    return meets


def _met_by(req: Req, universe: dict[Req, list[str]], viable: dict[str, int]) -> bool:
    return any(rid in viable for rid in universe.get(req, ()))


def _unreachable_message(
    missing: list[Req],
    stuck_forced: list[Resource],
    universe: dict[Req, list[str]],
    viable: dict[str, int],
    relevance: Relevance,
) -> str:
    lines: list[str] = []
    if missing:
        lines.append("the goal cannot be reached: nothing available teaches")
        for topic, rank in missing:
            why = _why_unavailable(topic, rank, universe, viable, relevance)
            lines.append(f"  - {topic} (at {DEPTH_OF_RANK[rank]} or deeper): {why}")
    for resource in stuck_forced:
        needs = [
            f"{t}@{DEPTH_OF_RANK[r]}"
            for t, r in sorted(relevance.demands_of(resource))
            if not _met_by((t, r), universe, viable)
        ]
        lines.append(
            f"--include {resource.id} cannot be planned: nothing available teaches what it needs "
            f"({', '.join(needs) or 'its requirements'})"
        )
    return "\n".join(lines)


def _why_unavailable(
    topic: str,
    rank: int,
    universe: dict[Req, list[str]],
    viable: dict[str, int],
    relevance: Relevance,
) -> str:
    deep_enough = [
        r
        for r in teachers(relevance.index, topic)
        if relevance.provides_of(r).get(topic, 0) >= rank
    ]
    if not deep_enough:
        return "no resource in the catalog teaches it that deeply"
    reasons: list[str] = []
    for resource in {r.id: r for r in deep_enough}.values():
        why = filter_reason(resource, relevance.prefs, relevance.done)
        if why is None:
            blocked = sorted(
                f"{t}@{DEPTH_OF_RANK[r]}"
                for t, r in relevance.demands_of(resource)
                if not _met_by((t, r), universe, viable)
            )
            why = (
                f"needs {', '.join(blocked)}, which nothing available teaches"
                if blocked
                else "needs topics that build on something nothing available teaches"
            )
        reasons.append(f"{resource.id} {why}")
    return "; ".join(reasons)
