"""Hours to two decimals that add up: controlled rounding of a plan's minutes.

A plan counts whole minutes; ``hours`` fields are for people and scripts that read hours. Rounding
each figure on its own does not add up (seven 52-minute sessions are 0.87 h each, 6.09 h, in a
6-hour week). Here every figure is the exact ``minutes / 60`` rounded *down or up* to a hundredth,
chosen together so that, in hundredths of an hour:

* the sessions of an item add up to the item's hours,
* the items add up to the plan's total hours,
* the sessions of a calendar week add up to the week's exact hours rounded down or up, so a week
  within its budget (a whole number of hundredths, such as 6 h) stays within it on paper.

Such a rounding always exists (the exact values are a fractional solution of the same
constraints, and their matrix is totally unimodular); it is found as an integral flow, in a
fixed order, so the same plan always gets the same figures. A session whose minutes are a
multiple of 3 (0.05 h) is exact and never moves. ``minutes`` stays the exact field.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from mathpath.planning.plans import Plan, week_monday


@dataclass(frozen=True, slots=True)
class PlanHours:
    sessions: tuple[float, ...]  # per plan.sessions, in their order
    items: dict[str, float]  # per item id
    total: float


def plan_hours(plan: Plan) -> PlanHours:
    """The hours of each session, item and the whole plan (see the module notes)."""
    minutes = [s.minutes for s in plan.sessions]
    rows = [s.resource_id for s in plan.sessions]
    cols = [week_monday(s.date) for s in plan.sessions]
    cents = round_cents(minutes, rows, cols)
    items = {item.id: 0 for item in plan.items}
    for session, cent in zip(plan.sessions, cents, strict=True):
        items[session.resource_id] = items.get(session.resource_id, 0) + cent
    return PlanHours(
        sessions=tuple(c / 100 for c in cents),
        items={key: value / 100 for key, value in items.items()},
        total=sum(items.values()) / 100,
    )


def round_cents(
    minutes: Sequence[int], rows: Sequence[Hashable], cols: Sequence[Hashable]
) -> list[int]:
    """Each of ``minutes`` in hundredths of an hour, rounded down or up, so that the sums over
    each row key, each column key and all of them are their exact sums rounded down or up."""
    # In thirds of a hundredth: a minute is 5/3 hundredths, so 5 * minutes thirds.
    base = [5 * m // 3 for m in minutes]
    frac = [5 * m % 3 for m in minutes]  # 0, 1 or 2 thirds
    fractional = [i for i, f in enumerate(frac) if f]
    if not fractional:
        return base
    row_ids: dict[Hashable, int] = {}
    col_ids: dict[Hashable, int] = {}
    cells: dict[tuple[int, int], list[int]] = {}
    for i in fractional:
        r = row_ids.setdefault(rows[i], len(row_ids))
        c = col_ids.setdefault(cols[i], len(col_ids))
        cells.setdefault((r, c), []).append(i)
    row_frac = [0] * len(row_ids)
    col_frac = [0] * len(col_ids)
    for (r, c), members in cells.items():
        thirds = sum(frac[i] for i in members)
        row_frac[r] += thirds
        col_frac[c] += thirds
    total = sum(row_frac)

    def bounds(thirds: int) -> tuple[int, int]:
        return thirds // 3, -(-thirds // 3)

    # Nodes: 0 = s, 1 = t, rows, columns. Edges with lower and upper bounds; a circulation.
    flow = _Circulation(2 + len(row_ids) + len(col_ids))
    row_node = [2 + r for r in range(len(row_ids))]
    col_node = [2 + len(row_ids) + c for c in range(len(col_ids))]
    flow.add(1, 0, *bounds(total))
    for r, thirds in enumerate(row_frac):
        flow.add(0, row_node[r], *bounds(thirds))
    cell_edges: dict[tuple[int, int], int] = {}
    for (r, c), members in cells.items():
        thirds = sum(frac[i] for i in members)
        cell_edges[(r, c)] = flow.add(row_node[r], col_node[c], *bounds(thirds))
    for c, thirds in enumerate(col_frac):
        flow.add(col_node[c], 1, *bounds(thirds))
    flow.solve()
    result = list(base)
    for key, members in cells.items():
        ups = flow.value(cell_edges[key])
        # The sessions with the larger fraction go up first, then in their order.
        for i in sorted(members, key=lambda i: (-frac[i], i))[:ups]:
            result[i] += 1
    return result


class _Circulation:
    """A feasible integral circulation with lower and upper bounds (Dinic's max flow on the
    usual reduction). Small and deterministic: edges are explored in the order added."""

    def __init__(self, nodes: int) -> None:
        self.n = nodes + 2  # and a super source and sink
        self.graph: list[list[int]] = [[] for _ in range(self.n)]
        self.to: list[int] = []
        self.cap: list[int] = []
        self.lower: list[int] = []
        self.excess = [0] * self.n

    def add(self, u: int, v: int, low: int, high: int) -> int:
        edge = len(self.to)
        self.to += [v, u]
        self.cap += [high - low, 0]
        self.lower += [low, 0]
        self.graph[u].append(edge)
        self.graph[v].append(edge + 1)
        self.excess[v] += low
        self.excess[u] -= low
        return edge

    def value(self, edge: int) -> int:
        return self.lower[edge] + self.cap[edge + 1]

    def solve(self) -> None:
        source, sink = self.n - 2, self.n - 1
        need = 0
        for node in range(self.n - 2):
            if self.excess[node] > 0:
                self.add(source, node, 0, self.excess[node])
                need += self.excess[node]
            elif self.excess[node] < 0:
                self.add(node, sink, 0, -self.excess[node])
        if self._max_flow(source, sink) != need:  # pragma: no cover - cannot happen
            raise AssertionError("no controlled rounding: the exact values are one")

    def _max_flow(self, source: int, sink: int) -> int:
        total = 0
        while True:
            level = [-1] * self.n
            level[source] = 0
            queue = deque([source])
            while queue:
                u = queue.popleft()
                for e in self.graph[u]:
                    if self.cap[e] > 0 and level[self.to[e]] < 0:
                        level[self.to[e]] = level[u] + 1
                        queue.append(self.to[e])
            if level[sink] < 0:
                return total
            pointer = [0] * self.n
            while True:
                pushed = self._push(source, sink, level, pointer)
                if not pushed:
                    break
                total += pushed

    def _push(self, source: int, sink: int, level: list[int], pointer: list[int]) -> int:
        # An iterative depth-first search for one augmenting path in the level graph.
        path: list[int] = []
        u = source
        while True:
            if u == sink:
                pushed = min(self.cap[e] for e in path)
                for e in path:
                    self.cap[e] -= pushed
                    self.cap[e ^ 1] += pushed
                return pushed
            edges = self.graph[u]
            while pointer[u] < len(edges):
                e = edges[pointer[u]]
                v = self.to[e]
                if self.cap[e] > 0 and level[v] == level[u] + 1:
                    path.append(e)
                    u = v
                    break
                pointer[u] += 1
            else:
                if not path:
                    return 0
                level[u] = -1  # a dead end
                e = path.pop()
                u = self.to[e ^ 1]
                pointer[u] += 1
