"""Which resources to take: exact branch and bound, and a greedy heuristic for large catalogs.

A set of candidates is *valid* when it meets every goal need and every member's demands, and its
members can be put in an order where each one's demands are met by knowledge or by members
placed before it (so a resource never meets its own requirements). Among valid sets the planner
minimises ``(weighted cost, number of resources, sorted ids)``.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mathpath.planning.candidates import Instance
from mathpath.planning.knowledge import Req, waiting_lists

# Branch and bound runs when the relevant candidates are at most this many; it stops after
# NODE_BUDGET search nodes and keeps the best set found (exact=False). The bundled catalog's goals
# take 1-160 nodes under every option set in tests/planning/test_expert_plans.py; generated
# catalogs of 100-1000 resources (up to ~420 candidates) at most a few thousand, in well under
# 0.2 s. Beyond the limit the greedy heuristic alone decides.
EXACT_CANDIDATE_LIMIT = 600
NODE_BUDGET = 5_000


@dataclass(frozen=True, slots=True)
class Choice:
    chosen: tuple[int, ...]  # indices into the instance, ascending (= catalog order)
    exact: bool  # proven minimal
    method: str  # "branch-and-bound", "greedy"
    nodes: int  # search nodes visited by branch and bound (0 for greedy)


def place(
    inst: Instance, chosen: Iterable[int], *, shortest_first: bool = False
) -> tuple[list[int], list[int], set[Req]]:
    """Order ``chosen`` so that each member's demands are met by earlier members.

    Kahn's algorithm on an AND-OR graph: a member is available once every one of its demands is
    met by some member already placed. Returns ``(placed, stuck, met)``; ``stuck`` is empty when
    the whole set can be ordered. Ties go to the lowest index (catalog order), or with
    ``shortest_first`` to the shortest item. Parts of one resource are placed together, as one
    item (see ``_place_items``). Whether a set can be placed does not depend on the ties.
    """
    members = sorted(set(chosen))
    if inst.group or shortest_first:
        return _place_items(inst, members, shortest_first)
    all_demands, all_covers = inst.demands, inst.covers
    # Members in ascending order: those ready from the start are already a heap.
    heap, unmet_count, waiting = waiting_lists((i, all_demands[i]) for i in members)
    met: set[Req] = set()
    placed: list[int] = []
    reach = waiting.pop  # a demand is met once: its waiting list goes with it
    while heap:
        i = heapq.heappop(heap)
        placed.append(i)
        _release(all_covers[i], reach, unmet_count, heap, met)
    return _placement(placed, members, met)


def _release(
    covers: frozenset[Req],
    reach: Callable[[Req, None], list[int] | None],
    unmet_count: dict[int, int],
    heap: list[int],
    met: set[Req],
) -> None:
    """Meet what a placed member covers: each waiting candidate with nothing left unmet joins
    the heap."""
    for req in covers:
        others = reach(req, None)
        if others is None:
            continue
        met.add(req)
        for other in others:
            left = unmet_count[other] - 1
            unmet_count[other] = left
            if left == 0:
                heapq.heappush(heap, other)


def _placement(
    placed: list[int], members: list[int], met: set[Req]
) -> tuple[list[int], list[int], set[Req]]:
    if len(placed) == len(members):
        return placed, [], met
    placed_set = set(placed)
    return placed, [i for i in members if i not in placed_set], met


def _place_items(
    inst: Instance, members: list[int], shortest_first: bool
) -> tuple[list[int], list[int], set[Req]]:
    """``place`` over items: the chosen parts of a resource are one item, available once every
    demand of its members is met by an earlier item or by an earlier part of its own (in the
    resource's order); then all its members are placed, in that order."""
    items: list[list[int]]
    if inst.group:
        by_name: dict[str, list[int]] = {}
        for i in members:
            by_name.setdefault(inst.group[i], []).append(i)
        items = list(by_name.values())
    else:
        items = [[i] for i in members]
    if shortest_first:
        items.sort(key=lambda item: (sum(inst.minutes[i] for i in item), item[0]))
    outside: list[frozenset[Req]] = []
    for item in items:
        covered: set[Req] = set()
        wanted: set[Req] = set()
        for i in item:
            wanted |= inst.demands[i] - covered
            covered |= inst.covers[i]
        outside.append(frozenset(wanted))
    # Items by position in ``items``: the ready ones come in ascending order, already a heap.
    heap, unmet_count, waiting = waiting_lists(enumerate(outside))
    met: set[Req] = set()
    placed: list[int] = []
    reach = waiting.pop
    while heap:
        item = items[heapq.heappop(heap)]
        placed += item
        for i in item:
            _release(inst.covers[i], reach, unmet_count, heap, met)
    return _placement(placed, members, met)


def open_groups(inst: Instance, chosen: set[int]) -> tuple[list[frozenset[Req]], bool]:
    """What still needs a new member: each uncovered need alone, else the stuck members' demands.

    Every valid superset of ``chosen`` adds a provider for each uncovered need; and if the set
    covers everything but cannot be ordered, every valid superset adds a provider of at least one
    demand left unmet by the placement (the first stuck member in its order needs one).
    """
    needed = set(inst.goal_needs)
    covered: set[Req] = set()
    for i in chosen:
        needed |= inst.demands[i]
        covered |= inst.covers[i]
    uncovered = needed - covered
    if uncovered:
        return [frozenset([req]) for req in sorted(uncovered)], False
    _, stuck, met = place(inst, chosen)
    if not stuck:
        return [], False
    return [frozenset(req for i in stuck for req in inst.demands[i] if req not in met)], True


def is_valid(inst: Instance, chosen: set[int]) -> bool:
    return not open_groups(inst, chosen)[0]


def solution_key(inst: Instance, chosen: Iterable[int]) -> tuple[int, int, tuple[str, ...]]:
    members = list(chosen)
    ids = tuple(sorted(inst.resources[i].id for i in members))
    return (sum(inst.cost[i] for i in members), len(members), ids)


def greedy(inst: Instance) -> set[int] | None:
    """The best of the greedy runs: plain cost, and cost with one and (up to TWO_STEP_LIMIT
    candidates) two steps of lookahead.

    The lookahead charges a candidate also the cheapest provider of each of its own
    requirements, so that a cheap resource with an expensive prerequisite does not win; the
    second step charges those providers for theirs too (a 1-hour course whose prerequisite's own
    prerequisite is a 4.5-hour course is not the cheap way in).
    """
    one = _lookahead(inst, inst.cost)
    runs = [_greedy(inst, inst.cost), _greedy(inst, one)]
    if len(inst) <= TWO_STEP_LIMIT:
        runs.append(_greedy(inst, _lookahead(inst, one)))
    found = [s for s in runs if s is not None]
    return min(found, key=lambda s: solution_key(inst, s)) if found else None


# The two-step run only up to this many candidates. Measured on the generated benchmark catalogs
# (2026-12-01): at 10,000 resources (~7,500 candidates) it found a 6 % cheaper plan for one goal
# of three in 15 ms; at 100,000 (~34,000 candidates) it never beat the one-step run and cost
# 0.5 s of a 2 s budget.
TWO_STEP_LIMIT = 20_000


def _lookahead(inst: Instance, price: list[int]) -> list[int]:
    """Each candidate's cost plus, for each of its demands, the lowest ``price`` of a provider
    other than itself."""
    cheapest = _cheapest_providers(inst, price)
    found = list(inst.cost)
    no_provider = (0, -1, 0)
    cheapest_of = cheapest.get
    for p, demands in enumerate(inst.demands):
        if demands:
            extra = 0
            for req in demands:
                low, provider, second = cheapest_of(req, no_provider)
                extra += second if provider == p else low
            found[p] += extra
    return found


def _cheapest_providers(inst: Instance, price: list[int]) -> dict[Req, tuple[int, int, int]]:
    """Req -> (lowest price of a provider, that provider, second-lowest price or 0): the first
    two of the providers sorted by (price, index), found in one scan."""
    cheapest: dict[Req, tuple[int, int, int]] = {}
    for req, providers in inst.providers.items():
        if not providers:
            continue
        best = providers[0]
        low = price[best]
        second: int | None = None
        for x in providers[1:]:
            c = price[x]
            if c < low or (c == low and x < best):
                best, low, second = x, c, low
            elif second is None or c < second:
                second = c
        cheapest[req] = (low, best, second if second is not None else 0)
    return cheapest


def _greedy(inst: Instance, price: list[int]) -> set[int] | None:
    """Weighted greedy set cover with requirement closure, then redundant-member pruning.

    Repeatedly takes the candidate with the lowest ``price`` per still-uncovered need it meets
    (ties: more needs met, then catalog order); its requirements and what they build on join the
    needs. When everything is covered but the set cannot be ordered, adds the cheapest provider
    of a stuck requirement (one that can be placed at once, if any). Finally drops members, most
    expensive first, whose needs are all covered twice. Returns None when it cannot complete a
    valid set: always when none exists (the property tests check that it finds one whenever the
    exact search does, on small generated catalogs). Near-linear:
    gains are kept up to date incrementally and the best candidate comes from a heap with lazy
    deletion.
    """
    banned: set[int] = set()
    rivals_of = rivals(inst)
    for _ in range(GREEDY_RETRIES + 1):
        state = _Greedy(inst, price, banned, rivals_of)
        culprit = _complete(inst, state)
        if culprit is None:
            return _prune(inst, set(state.chosen))
        if culprit < 0:
            return None
        banned.add(culprit)  # and try again without it
    return None


# When the additions cannot break a circle (a part whose resource's other parts must come later,
# say), the greedy run starts again without the first member it took among the stuck ones.
GREEDY_RETRIES = 8


def _complete(inst: Instance, state: _Greedy) -> int | None:
    """Cover the needs and repair the order. None when the set is valid; else the member to
    leave out in another try (the first taken among the stuck, not forced), or -1 for none."""
    while True:
        state.cover()
        _, stuck, met = place(inst, state.chosen)
        if not stuck:
            return -1 if state.uncovered else None
        options = [
            p for p in _repair_options(inst, state.chosen, stuck, met) if p not in state.banned
        ]
        if not options:
            stuck_set = set(stuck) - inst.forced
            first = next((p for p in state.taken if p in stuck_set), None)
            return -1 if first is None else first
        state.take(options[0])


def _repair_options(inst: Instance, chosen: set[int], stuck: list[int], met: set[Req]) -> list[int]:
    """Providers of what the stuck members still wait for, best first: those that can be placed
    at once (their demands are met and they join no resource whose chosen parts are stuck), then
    by cost. One that is itself stuck may only lengthen the circle it was meant to break."""
    stuck_groups = {inst.group[i] for i in stuck} if inst.group else set()

    def key(p: int) -> tuple[bool, int, int]:
        now = inst.demands[p] <= met and not (inst.group and inst.group[p] in stuck_groups)
        return (not now, inst.cost[p], p)

    return sorted(
        {
            p
            for i in stuck
            for req in inst.demands[i]
            if req not in met
            for p in inst.providers.get(req, ())
            if p not in chosen
        },
        key=key,
    )


class _Greedy:
    """The state of one greedy run.

    The heap holds ``(price / gain, -gain, candidate, gain)`` entries. A gain that rises gets a
    new entry (one per candidate for all the needs one step adds); one that falls leaves its old
    entry, whose key is then lower than the true one, and that entry is pushed again at the true
    key when it comes out of the heap. The candidate taken is the same as when every change of
    gain pushes an entry: a popped entry is taken only when its gain is current, so its key is
    the true key, which no other candidate's true key (at least its lowest entry's key) undercuts.
    """

    def __init__(
        self,
        inst: Instance,
        price: list[int],
        banned: set[int],
        rivals_of: list[frozenset[int]],
    ) -> None:
        self.inst = inst
        self.price = price
        self.rivals_of = rivals_of
        self.banned = set(banned)  # never taken: left out by a retry, or a rival of a member
        self.taken: list[int] = []  # in the order taken
        self.chosen: set[int] = set()
        self.needed: set[Req] = set(inst.goal_needs)
        self.covered: set[Req] = set()
        self.uncovered: set[Req] = set()
        self.gain: dict[int, int] = {}
        self.heap: list[tuple[float, int, int, int]] = []
        self._newly_needed(list(self.needed))  # (gains add up the same in any order)
        for i in sorted(inst.forced):
            self.take(i)

    def _newly_needed(self, reqs: list[Req]) -> None:
        covered, uncovered, chosen, gain = self.covered, self.uncovered, self.chosen, self.gain
        providers, banned = self.inst.providers, self.banned
        raised: dict[int, None] = {}
        for req in reqs:
            if req in covered:
                continue
            uncovered.add(req)
            for p in providers.get(req, ()):
                if p not in chosen and p not in banned:
                    gain[p] = gain.get(p, 0) + 1
                    raised[p] = None
        price, heap = self.price, self.heap
        for p in raised:
            # Equal price per need: the one meeting more needs first, then catalog order.
            g = gain[p]
            heapq.heappush(heap, (price[p] / g, -g, p, g))

    def take(self, p: int) -> None:
        inst = self.inst
        chosen, uncovered, gain = self.chosen, self.uncovered, self.gain
        providers = inst.providers
        chosen.add(p)
        self.taken.append(p)
        self.banned |= self.rivals_of[p]
        covers = inst.covers[p]
        self.covered |= covers
        met = uncovered & covers
        if met:
            uncovered -= met
            for req in met:
                for other in providers.get(req, ()):
                    if other not in chosen and other not in self.banned:
                        gain[other] -= 1
        added = inst.index.walk(inst.seeds[p], inst.known, self.needed)
        if added:
            self._newly_needed(added)

    def cover(self) -> None:
        heap, chosen, gain, price = self.heap, self.chosen, self.gain, self.price
        while self.uncovered and heap:
            _, _, p, entry_gain = heapq.heappop(heap)
            if p in chosen or p in self.banned:
                continue
            current = gain.get(p, 0)
            if entry_gain != current:
                if 0 < current < entry_gain:  # fell since: back in at its true key
                    heapq.heappush(heap, (price[p] / current, -current, p, current))
                continue
            self.take(p)


def _prune(inst: Instance, chosen: set[int]) -> set[int]:
    """Drop members, most expensive first, whose every needed cover another member provides.

    A member never meets its own requirement, so where a remaining member both requires and
    teaches a need, that need must keep two providers. If the drops still break the order
    (a rare circle of requirements), start again checking the order after every drop.
    """
    pruned = _prune_by_counts(inst, set(chosen))
    if not place(inst, pruned)[1]:
        return pruned
    for p in sorted(chosen - inst.forced, key=lambda p: (-inst.cost[p], -p)):
        if is_valid(inst, chosen - {p}):
            chosen.discard(p)
    return chosen


def _prune_by_counts(inst: Instance, chosen: set[int]) -> set[int]:
    all_covers, all_demands, cost, walk = inst.covers, inst.demands, inst.cost, inst.index.walk
    for _ in range(2):  # a second pass sees needs that only a dropped member had
        needed = set(inst.goal_needs)
        seeds = inst.seeds
        walk([req for i in chosen for req in seeds[i]], inst.known, needed)
        count: dict[Req, int] = {}
        self_count: dict[Req, int] = {}
        for i in chosen:
            demands = all_demands[i]
            for req in all_covers[i]:
                count[req] = count.get(req, 0) + 1
                if req in demands:
                    self_count[req] = self_count.get(req, 0) + 1
        dropped = False
        for p in sorted(chosen - inst.forced, key=lambda p: (-cost[p], -p)):
            if _redundant(all_covers[p], all_demands[p], needed, count, self_count):
                chosen.discard(p)
                dropped = True
                demands = all_demands[p]
                for req in all_covers[p]:
                    count[req] -= 1
                    if req in demands:
                        self_count[req] -= 1
        if not dropped:
            break
    return chosen


def _redundant(
    covers: frozenset[Req],
    demands: frozenset[Req],
    needed: set[Req],
    count: dict[Req, int],
    self_count: dict[Req, int],
) -> bool:
    """Whether every needed req a member covers keeps a provider without it (two where another
    remaining member both requires and teaches it)."""
    for req in covers:
        if req in needed and count[req] - 1 < 1 + (self_count.get(req, 0) - (req in demands) > 0):
            return False
    return True


class _BudgetExhausted(Exception):
    pass


class _Search:
    def __init__(self, inst: Instance, budget: int, incumbent: set[int] | None) -> None:
        self.inst = inst
        self.budget = budget
        self.nodes = 0
        self.best: set[int] | None = None
        self.best_key: tuple[int, int, tuple[str, ...]] | None = None
        self.rivals = rivals(inst)
        if incumbent is not None:
            self.consider(incumbent)

    def consider(self, chosen: set[int]) -> None:
        key = solution_key(self.inst, chosen)
        if self.best_key is None or key < self.best_key:
            self.best, self.best_key = set(chosen), key

    def run(self, chosen: set[int], excluded: set[int], cost: int) -> None:
        self.nodes += 1
        if self.nodes > self.budget:
            raise _BudgetExhausted
        inst = self.inst
        groups, stuck = open_groups(inst, chosen)
        if not groups:
            self.consider(chosen)
            return
        candidates_of = [
            sorted(
                {p for req in g for p in inst.providers.get(req, ())} - chosen - excluded,
                key=lambda p: (inst.cost[p], p),
            )
            for g in groups
        ]
        if any(not c for c in candidates_of):
            return
        if self._prune(groups, stuck, candidates_of, chosen, cost):
            return
        smallest = min(range(len(groups)), key=lambda g: (len(candidates_of[g]), g))
        branch = candidates_of[smallest]
        rivals = self.rivals
        for n, p in enumerate(branch):
            self.run(chosen | {p}, excluded | set(branch[:n]) | rivals[p], cost + inst.cost[p])

    def _prune(
        self,
        groups: list[frozenset[Req]],
        stuck: bool,
        candidates_of: list[list[int]],
        chosen: set[int],
        cost: int,
    ) -> bool:
        if self.best_key is None:
            return False
        inst = self.inst
        if stuck:
            extra = float(min(inst.cost[p] for p in candidates_of[0]))
        else:
            uncovered = {req for g in groups for req in g}
            # Each uncovered need is charged the cheapest share of a candidate meeting it; any
            # completion pays at least the sum of those shares (admissible), and at least the
            # cheapest candidate for the most expensive single need.
            shares = 0.0
            single = 0
            for candidates in candidates_of:
                shares += min(inst.cost[p] / len(inst.covers[p] & uncovered) for p in candidates)
                single = max(single, min(inst.cost[p] for p in candidates))
            extra = max(shares, float(single))
        bound = math.ceil(cost + extra - 1e-9)
        best_cost, best_count, _ = self.best_key
        return bound > best_cost or (bound == best_cost and len(chosen) + 1 > best_count)


def dominated(inst: Instance) -> set[int]:
    """Candidates no best set contains: ``p`` when another ``q`` meets all that ``p`` meets,
    demands no more, and comes first in the solution order (cheaper, or as cheap with a smaller
    id). ``q`` must be the only unit of its resource here (so adding it joins no parts), and
    ``p`` the first unit of its own (so no earlier part of its resource meets its demands):
    then swapping ``p`` for ``q``, placed where ``p``'s item was, keeps a valid set valid and
    makes it better."""
    alone, first = _alone_and_first(inst)
    found: set[int] = set()
    for p in first:
        covers, demands, key = inst.covers[p], inst.demands[p], (inst.cost[p], inst.resources[p].id)
        for q in alone:
            cheaper = q != p and (inst.cost[q], inst.resources[q].id) < key
            if cheaper and inst.demands[q] <= demands and inst.covers[q] >= covers:
                found.add(p)
                break
    return found


def _alone_and_first(inst: Instance) -> tuple[list[int], list[int]]:
    """The candidates that are the only unit of their resource, and those that are the first."""
    if not inst.group:
        everyone = list(range(len(inst)))
        return everyone, everyone
    count: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, name in enumerate(inst.group):
        count[name] = count.get(name, 0) + 1
        first.setdefault(name, i)
    alone = [i for i, name in enumerate(inst.group) if count[name] == 1]
    return alone, sorted(first.values())


def rivals(inst: Instance) -> list[frozenset[int]]:
    """For each candidate, the candidates never chosen with it: a whole resource and its own
    parts (the whole already contains them; ``--include R:P`` asks for that part, not the
    whole)."""
    if not inst.group:
        return [frozenset()] * len(inst)
    members: dict[str, list[int]] = {}
    for i, name in enumerate(inst.group):
        members.setdefault(name, []).append(i)
    found: list[frozenset[int]] = []
    for i, name in enumerate(inst.group):
        if inst.resources[i].id == name:  # the whole: all its parts
            found.append(frozenset(j for j in members[name] if j != i))
        else:  # a part: the whole, if it is a candidate
            found.append(frozenset(j for j in members[name] if inst.resources[j].id == name))
    return found


def choose(
    inst: Instance,
    *,
    exact_limit: int = EXACT_CANDIDATE_LIMIT,
    node_budget: int = NODE_BUDGET,
    force_heuristic: bool = False,
) -> Choice | None:
    """The best valid set found, or None when there is none."""
    incumbent = greedy(inst)
    if force_heuristic or len(inst) > exact_limit:
        if incumbent is None:
            return None
        return Choice(tuple(sorted(incumbent)), exact=False, method="greedy", nodes=0)
    search = _Search(inst, node_budget, incumbent)
    exact = True
    try:
        start = set(inst.forced)
        excluded = dominated(inst).union(*(search.rivals[i] for i in start)) - start
        search.run(start, excluded, sum(inst.cost[i] for i in inst.forced))
    except _BudgetExhausted:
        exact = False
    if search.best is None:
        return None
    return Choice(
        tuple(sorted(search.best)), exact=exact, method="branch-and-bound", nodes=search.nodes
    )
