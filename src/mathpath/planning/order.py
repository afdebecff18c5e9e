"""Study order and the one-line reason for each chosen resource.

Hard edges: each of ``B``'s (not already known) requirements puts ``B`` after *one* chosen
provider of it, the first in the AND-OR placement (each resource after some provider of each of
its requirements, whatever can come first first; a resource's parts together). So the hard
edges never close a cycle, and a requirement met by a short introduction does not also wait
for a long book that happens to teach it. Soft edges are added one
by one unless they close a cycle, in this order of priority: the goal's named steps, each after
the one before; *shallow before deep* (of two items teaching the same topic, the one teaching it
less deeply first); then topic ``requires``/``recommends`` between what two items teach and a
resource's own ``recommends``, in catalog order. Ties among items that are ready at the same
time go to the one that comes first in the catalog.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from mathpath.catalog.graph import topological_order
from mathpath.planning.candidates import Instance, Relevance
from mathpath.planning.choice import place
from mathpath.planning.knowledge import Req


@dataclass(frozen=True, slots=True)
class Ordered:
    order: tuple[int, ...]  # instance indices in study order
    after: dict[int, tuple[int, ...]]  # hard predecessors of each item, in study order
    needed_by: dict[int, tuple[int, ...]]  # hard successors of each item, in study order
    covers: dict[int, tuple[Req, ...]]  # the needs each item is chosen for


def order_items(
    inst: Instance,
    chosen: tuple[int, ...],
    relevance: Relevance,
    sequence: Sequence[int] = (),
) -> Ordered:
    """``sequence``: instance indices of the goal's steps, in their order."""
    members = sorted(chosen)
    member_set = set(members)
    # Each requirement needs one provider before it, not all: the first one placed, in the AND-OR
    # placement that takes the shortest available item first. So a short introduction that meets
    # 6.S191's linear algebra comes before it, and a long book that also teaches linear algebra
    # does not have to; the 35-minute calculus video, not Strang's book, is what the Imperial
    # course waits for.
    placed, _, _ = place(inst, members, shortest_first=True)
    rank = {i: n for n, i in enumerate(placed)}
    hard: dict[int, set[int]] = {i: set() for i in members}
    for b in members:
        for req in inst.demands[b]:
            earlier = [
                a
                for a in inst.providers.get(req, ())
                if a in member_set and a != b and rank[a] < rank[b]
            ]
            if earlier:
                hard[b].add(min(earlier, key=rank.__getitem__))

    edges: dict[int, set[int]] = {b: set(before) for b, before in hard.items()}
    teaching: dict[str, list[int]] = {}
    for a in members:
        for topic in relevance.provides_of(inst.resources[a]):
            teaching.setdefault(topic, []).append(a)
    steps = [i for i in sequence if i in member_set]
    soft = [(a, b) for a, b in pairwise(steps) if a not in edges[b]]
    soft += [(a, b) for a, b in _shallow_first(members, relevance, inst) if a not in edges[b]]
    for b in members:
        wanted = _soft_topics(inst, b, relevance)
        sources = {a for topic in wanted for a in teaching.get(topic, ())}
        soft += [(a, b) for a in sorted(sources) if a != b and a not in edges[b]]
    # An edge that touches a node outside every cycle of hard + soft can never close one, so
    # only edges between nodes that Kahn's algorithm cannot place are checked one by one; the
    # result is the same as checking every soft edge in turn, at linear cost in the usual case.
    in_cycles = _unplaceable(members, edges, soft)
    successors: dict[int, set[int]] = {i: set() for i in members}
    for b, before in edges.items():
        for a in before:
            successors[a].add(b)
    for a, b in soft:
        if a in in_cycles and b in in_cycles and _reaches(successors, b, a):
            continue
        edges[b].add(a)
        successors[a].add(b)

    order = _kahn(members, successors)
    if len(order) < len(members):  # cannot happen (no edge closing a cycle was added), but
        # should it, topological_order names the cycle
        ids = {i: inst.resources[i].id for i in members}
        topological_order(
            [ids[i] for i in members],
            {ids[b]: [ids[a] for a in before] for b, before in edges.items()},
        )
    position = {i: n for n, i in enumerate(order)}

    def in_order(items: set[int]) -> tuple[int, ...]:
        return tuple(sorted(items, key=position.__getitem__))

    demand_count: dict[Req, int] = {}
    for i in members:
        for req in inst.demands[i]:
            demand_count[req] = demand_count.get(req, 0) + 1
    goal_needs, demanded = inst.goal_needs, demand_count.get
    covers: dict[int, tuple[Req, ...]] = {}
    for i in members:
        # What ``i`` is chosen for: goal needs and other items' demands (never its own).
        own = inst.demands[i]
        chosen_for = [
            req
            for req in inst.covers[i]
            if req in goal_needs or demanded(req, 0) > (1 if req in own else 0)
        ]
        chosen_for.sort()
        covers[i] = tuple(chosen_for)
    hard_successors: dict[int, set[int]] = {i: set() for i in members}
    for b, before in hard.items():
        for a in before:
            hard_successors[a].add(b)
    return Ordered(
        order=tuple(order),
        after={i: in_order(hard[i]) for i in members},
        needed_by={i: in_order(hard_successors[i]) for i in members},
        covers=covers,
    )


def _shallow_first(
    members: list[int], relevance: Relevance, inst: Instance
) -> list[tuple[int, int]]:
    """(a, b) for each two items teaching a topic, ``a`` less deeply than ``b``; the pairs whose
    shallower item is shorter come first, so where the pairs of different topics would close a
    circle (a calculus book that touches linear algebra, a linear-algebra review that touches
    multivariable calculus, a multivariable course), the short introductions keep their place."""
    taught: dict[str, list[tuple[int, int]]] = {}
    for i in members:
        for topic, rank in relevance.provides_of(inst.resources[i]).items():
            taught.setdefault(topic, []).append((rank, i))
    pairs: dict[tuple[int, int], None] = {}
    for topic in sorted(taught):
        teachers = sorted(taught[topic])
        for rank_a, a in teachers:
            for rank_b, b in teachers:
                if rank_a < rank_b:
                    pairs[(a, b)] = None
    minutes = inst.minutes
    return sorted(pairs, key=lambda pair: (minutes[pair[0]], pair))


def _soft_topics(inst: Instance, b: int, relevance: Relevance) -> set[str]:
    index = relevance.index
    resource = inst.resources[b]
    topics: set[str] = set()
    for need in resource.recommends:
        topics.update(index.leaves(need.topic))
    for taught in relevance.provides_of(resource):
        topic = index.catalog.topic_by_id.get(taught)
        if topic is None:
            continue
        for need in (*topic.requires, *topic.recommends):
            topics.update(index.leaves(need.topic))
    topics -= set(relevance.provides_of(resource))
    return topics


def _kahn(members: list[int], successors: dict[int, set[int]]) -> list[int]:
    """Kahn's algorithm; among the items ready at the same time the lowest index (catalog order)
    goes first. Leaves out what a cycle blocks."""
    indegree = dict.fromkeys(members, 0)
    for after in successors.values():
        for b in after:
            indegree[b] += 1
    heap = [i for i in members if indegree[i] == 0]  # ascending: already a heap
    order: list[int] = []
    while heap:
        node = heapq.heappop(heap)
        order.append(node)
        for nxt in successors[node]:
            left = indegree[nxt] - 1
            indegree[nxt] = left
            if left == 0:
                heapq.heappush(heap, nxt)
    return order


def _unplaceable(
    members: list[int], edges: dict[int, set[int]], extra: list[tuple[int, int]]
) -> set[int]:
    """Nodes on or after a cycle of ``edges`` plus ``extra`` (what Kahn's algorithm leaves)."""
    successors: dict[int, list[int]] = {i: [] for i in members}
    indegree = dict.fromkeys(members, 0)
    for b, before in edges.items():
        for a in before:
            successors[a].append(b)
            indegree[b] += 1
    for a, b in extra:
        successors[a].append(b)
        indegree[b] += 1
    ready = [i for i in members if indegree[i] == 0]
    placed: set[int] = set()
    while ready:
        node = ready.pop()
        placed.add(node)
        for nxt in successors[node]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return set(members) - placed


def _reaches(successors: dict[int, set[int]], start: int, target: int) -> bool:
    stack = [start]
    seen = {start}
    while stack:
        node = stack.pop()
        if node == target:
            return True
        for nxt in successors[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
