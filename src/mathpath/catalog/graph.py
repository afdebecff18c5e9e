"""Small, linear-time graph algorithms on ``{node: [prerequisites]}`` mappings.

Plain standard library: the planner's graphs are small per plan and a dependency such as networkx
would cost more in import time (~110 ms) than all of the graph work together.

Convention throughout: ``graph[n]`` lists the nodes that must come *before* ``n``.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from mathpath.errors import MathpathError
from mathpath.i18n import _

N = TypeVar("N", bound=str)


class CycleError(MathpathError):
    """Raised by ``topological_order`` when the graph is not acyclic."""

    def __init__(self, cycle: list[str]) -> None:
        self.cycle = cycle
        super().__init__(
            _("prerequisite cycle (each requires the next): {cycle}").format(
                cycle=" -> ".join(cycle)
            )
        )


def find_cycles(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """One cycle per strongly connected component that has one, as ``[a, b, ..., a]``.

    Iterative Tarjan (no recursion limit on long chains); deterministic for a given input order.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    nodes = list(dict.fromkeys([*graph, *(p for ps in graph.values() for p in ps)]))
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_index = work.pop()
            if child_index == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = graph.get(node, ())
            if child_index < len(children):
                work.append((node, child_index + 1))
                child = children[child_index]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return [_cycle_in(sorted(component), graph) for component in components]


def _cycle_in(component: list[str], graph: Mapping[str, Sequence[str]]) -> list[str]:
    """A concrete cycle through the smallest node of a strongly connected component."""
    members = set(component)
    start = component[0]
    if start in graph.get(start, ()):
        return [start, start]
    # Breadth-first search back to start, inside the component, for the shortest cycle.
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        next_frontier: list[str] = []
        for node in frontier:
            for child in graph.get(node, ()):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    # Read along "requires": start requires the next node, ... back to start.
                    return [start, *path[:-1][::-1], start]
                if child in members and child not in previous and child != start:
                    previous[child] = node
                    next_frontier.append(child)
        frontier = next_frontier
    return [start, start]  # pragma: no cover - a component always has a cycle


def topological_order(
    nodes: Iterable[N],
    prerequisites: Mapping[str, Iterable[str]],
    key: Callable[[N], tuple[object, ...]] | None = None,
) -> list[N]:
    """Kahn's algorithm with a stable tie-break.

    Among the nodes whose prerequisites are all placed, the one with the smallest ``key`` goes
    first (default: the node itself). Prerequisites outside ``nodes`` are ignored. Raises
    ``CycleError`` naming a cycle if there is one.
    """
    node_list = list(dict.fromkeys(nodes))
    members = set(node_list)
    sort_key = key or (lambda n: (n,))
    indegree = dict.fromkeys(node_list, 0)
    dependents: dict[str, list[N]] = {n: [] for n in node_list}
    for node in node_list:
        for prerequisite in dict.fromkeys(prerequisites.get(node, ())):
            if prerequisite in members and prerequisite != node:
                indegree[node] += 1
                dependents[prerequisite].append(node)
    heap = [(sort_key(n), i, n) for i, n in enumerate(node_list) if indegree[n] == 0]
    heapq.heapify(heap)
    position = {n: i for i, n in enumerate(node_list)}
    order: list[N] = []
    while heap:
        _, _, node = heapq.heappop(heap)
        order.append(node)
        for dependent in dependents[node]:
            indegree[dependent] -= 1
            if indegree[dependent] == 0:
                heapq.heappush(heap, (sort_key(dependent), position[dependent], dependent))
    if len(order) < len(node_list):
        remaining: dict[str, list[str]] = {
            n: [p for p in prerequisites.get(n, ()) if p in members]
            for n in node_list
            if indegree[n] > 0
        }
        cycles = find_cycles(remaining)
        raise CycleError(cycles[0] if cycles else sorted(remaining))
    return order


def transitive_reduction(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The ``edges`` (``(before, after)`` pairs among ``nodes``) that no longer path implies, in
    their given order; duplicates and self-loops go too.

    An edge ``u -> v`` is implied when another successor of ``u`` reaches ``v``. The successors
    of each node are taken in topological order, and reachability is kept as one integer bitset
    per node, freed once every node that needs it is done: O(edges x nodes / 64) word operations
    (2,000 nodes in a chain: 8 ms). On a graph with a cycle (which a plan or a validated catalog
    cannot have) the edges come back as they are, without the duplicates.
    """
    unique = [e for e in dict.fromkeys(edges) if e[0] != e[1]]
    prerequisites: dict[str, list[str]] = {}
    for before, after in unique:
        prerequisites.setdefault(after, []).append(before)
    order_of = {node: i for i, node in enumerate(dict.fromkeys(nodes))}
    try:
        order = topological_order(order_of, prerequisites, key=lambda n: (order_of[n],))
    except CycleError:
        return unique
    position = {node: i for i, node in enumerate(order)}
    successors: dict[str, list[str]] = {}
    for before, after in unique:
        if before in position and after in position:
            successors.setdefault(before, []).append(after)
    waiting = {node: len(prerequisites.get(node, ())) for node in order}
    reach: dict[str, int] = {}  # the nodes reachable from a node, itself included, as bits
    kept: set[tuple[str, str]] = set()
    for node in reversed(order):
        bits = 1 << position[node]
        for successor in sorted(successors.get(node, ()), key=position.__getitem__):
            if not bits >> position[successor] & 1:
                kept.add((node, successor))
                bits |= reach[successor]
            waiting[successor] -= 1
            if waiting[successor] == 0:  # no one else needs its bits: free them
                del reach[successor]
        reach[node] = bits
    # Edges to or from a node outside ``nodes`` are nobody's to judge: kept.
    return [e for e in unique if e in kept or e[0] not in position or e[1] not in position]
