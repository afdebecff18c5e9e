"""Graph algorithms on {node: [prerequisites]}: cycles, topological order, transitive reduction."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathpath.catalog.graph import (
    CycleError,
    find_cycles,
    topological_order,
    transitive_reduction,
)


def is_cycle_of(cycle: list[str], graph: dict[str, list[str]]) -> bool:
    """``[a, b, ..., a]`` where each node requires the next."""
    return (
        len(cycle) >= 2
        and cycle[0] == cycle[-1]
        and all(b in graph.get(a, []) for a, b in pairwise(cycle))
    )


class TestFindCycles:
    def test_acyclic(self) -> None:
        assert find_cycles({"c": ["b"], "b": ["a"], "a": []}) == []

    def test_two_cycle_reads_along_requires(self) -> None:
        assert find_cycles({"a": ["b"], "b": ["a"]}) == [["a", "b", "a"]]

    def test_self_loop(self) -> None:
        assert find_cycles({"a": ["a"], "b": ["a"]}) == [["a", "a"]]

    def test_one_cycle_per_component(self) -> None:
        graph = {"a": ["b"], "b": ["c"], "c": ["a"], "x": ["y"], "y": ["x"], "z": ["a"]}
        cycles = find_cycles(graph)
        assert sorted(cycles) == [["a", "b", "c", "a"], ["x", "y", "x"]]

    def test_shortest_cycle_through_smallest_node(self) -> None:
        # a -> b -> c -> a and a -> c -> a: the shortest through a is a -> c -> a.
        graph = {"a": ["b", "c"], "b": ["c"], "c": ["a"]}
        assert find_cycles(graph) == [["a", "c", "a"]]

    def test_nodes_only_named_as_prerequisites(self) -> None:
        assert find_cycles({"a": ["missing"]}) == []

    def test_long_chain_has_no_recursion_limit(self) -> None:
        n = 5000
        chain = {f"n{i}": [f"n{i + 1}"] for i in range(n)}
        assert find_cycles(chain) == []
        chain[f"n{n}"] = ["n0"]
        (cycle,) = find_cycles(chain)
        assert len(cycle) == n + 2
        assert is_cycle_of(cycle, chain)

    def test_deterministic(self) -> None:
        graph = {"b": ["a"], "a": ["c"], "c": ["b"], "d": ["d"]}
        assert find_cycles(graph) == find_cycles(dict(graph))


class TestTopologicalOrder:
    def test_prerequisites_first(self) -> None:
        graph = {"c": ["a", "b"], "b": ["a"]}
        assert topological_order(["c", "b", "a"], graph) == ["a", "b", "c"]

    def test_ties_broken_by_key_then_stable(self) -> None:
        # Independent nodes come out sorted by the default key (the node itself).
        assert topological_order(["z", "m", "a"], {}) == ["a", "m", "z"]
        # A key that makes everything equal keeps the input order.
        assert topological_order(["z", "m", "a"], {}, key=lambda n: ()) == ["z", "m", "a"]

    def test_custom_key(self) -> None:
        hours = {"a": 3, "b": 1, "c": 2}
        order = topological_order(["a", "b", "c"], {}, key=lambda n: (hours[n],))
        assert order == ["b", "c", "a"]

    def test_prerequisites_outside_the_nodes_are_ignored(self) -> None:
        assert topological_order(["b"], {"b": ["a"]}) == ["b"]

    def test_self_requirement_is_ignored(self) -> None:
        assert topological_order(["a"], {"a": ["a"]}) == ["a"]

    def test_duplicates_collapse(self) -> None:
        assert topological_order(["a", "a", "b"], {"b": ["a", "a"]}) == ["a", "b"]

    def test_cycle_error_names_the_cycle(self) -> None:
        with pytest.raises(CycleError, match="a -> b -> a") as info:
            topological_order(["a", "b", "c"], {"a": ["b"], "b": ["a"], "c": []})
        assert info.value.cycle == ["a", "b", "a"]

    def test_long_chain(self) -> None:
        n = 5000
        graph = {f"n{i:05d}": [f"n{i - 1:05d}"] for i in range(1, n)}
        order = topological_order(reversed([f"n{i:05d}" for i in range(n)]), graph)
        assert order == [f"n{i:05d}" for i in range(n)]


# --- properties ---------------------------------------------------------------------------------

NODES = st.sampled_from([f"t{i}" for i in range(8)])
GRAPHS = st.dictionaries(NODES, st.lists(NODES, max_size=4, unique=True), max_size=8)


@settings(max_examples=200, deadline=None)
@given(GRAPHS)
def test_cycles_exist_exactly_when_no_order_exists(graph: dict[str, list[str]]) -> None:
    # topological_order ignores self-requirements, so compare against the graph without them.
    without_self = {n: [p for p in ps if p != n] for n, ps in graph.items()}
    cycles = find_cycles(without_self)
    nodes = list(dict.fromkeys([*graph, *(p for ps in graph.values() for p in ps)]))
    for cycle in cycles:
        assert is_cycle_of(cycle, without_self)
    if cycles:
        with pytest.raises(CycleError):
            topological_order(nodes, graph)
    else:
        order = topological_order(nodes, graph)
        assert sorted(order) == sorted(nodes)
        position = {n: i for i, n in enumerate(order)}
        for node, prerequisites in without_self.items():
            assert all(position[p] < position[node] for p in prerequisites)


# --- transitive reduction -----------------------------------------------------------------------


def reaches(edges: set[tuple[str, str]], start: str, goal: str) -> bool:
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        for before, after in edges:
            if before == node and after not in seen:
                if after == goal:
                    return True
                seen.add(after)
                stack.append(after)
    return False


class TestTransitiveReduction:
    def test_a_chain_with_shortcuts_keeps_only_the_chain(self) -> None:
        nodes = ["a", "b", "c", "goal"]
        edges = [("a", "goal"), ("a", "b"), ("b", "goal"), ("b", "c"), ("c", "goal"), ("a", "c")]
        assert transitive_reduction(nodes, edges) == [("a", "b"), ("b", "c"), ("c", "goal")]

    def test_duplicates_and_self_loops_go(self) -> None:
        assert transitive_reduction(["a", "b"], [("a", "b"), ("a", "a"), ("a", "b")]) == [
            ("a", "b")
        ]

    def test_a_cycle_is_left_as_it_is(self) -> None:
        edges = [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c")]
        assert transitive_reduction(["a", "b", "c"], edges) == edges

    def test_a_long_chain_is_fast(self) -> None:
        nodes = [f"n{i}" for i in range(2000)]
        edges = [*pairwise(nodes), *((n, "goal") for n in nodes)]
        kept = transitive_reduction([*nodes, "goal"], edges)
        assert kept == [*pairwise(nodes), ("n1999", "goal")]

    @settings(max_examples=200, deadline=None)
    @given(st.data())
    def test_same_reachability_and_no_implied_edge(self, data: st.DataObject) -> None:
        count = data.draw(st.integers(1, 9))
        nodes = [f"v{i}" for i in range(count)]
        pairs = [(nodes[i], nodes[j]) for i in range(count) for j in range(i + 1, count)]
        edges = data.draw(st.lists(st.sampled_from(pairs), max_size=20) if pairs else st.just([]))
        shuffled = data.draw(st.permutations(nodes))
        kept = transitive_reduction(shuffled, edges)
        assert set(kept) <= set(edges)
        for before, after in set(edges):
            assert reaches(set(kept), before, after)
        for edge in kept:
            assert not reaches(set(kept) - {edge}, *edge)
