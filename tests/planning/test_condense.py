"""Summarising a graph too big to draw: every path kept, the budget met, each step said."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Goal
from mathpath.planning.condense import SURE_GROUPS, Condensed, condense
from mathpath.planning.prereq_graph import GoalGraph, GraphEdge, GraphNode, goal_graph

GOAL = Goal(id="g", name="G", description="d", targets=["t"])


def graph_of(count: int, edges: list[tuple[int, int]], to_goal: list[int]) -> GoalGraph:
    nodes = [GraphNode("goal:g", "goal", "g", "G")]
    nodes += [GraphNode(f"resource:r{i}", "resource", f"r{i}", f"R{i}") for i in range(count)]
    links = [GraphEdge(f"resource:r{i}", "goal:g", "goal") for i in to_goal]
    links += [GraphEdge(f"resource:r{a}", f"resource:r{b}", "after") for a, b in edges]
    return GoalGraph(GOAL, "goal:g", tuple(nodes), tuple(links))


def reaches(graph: GoalGraph, start: str, goal: str) -> bool:
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for edge in graph.edges:
            if edge.source == node and edge.target not in seen:
                seen.add(edge.target)
                stack.append(edge.target)
    return False


def assert_paths_kept(original: GoalGraph, condensed: Condensed) -> None:
    for edge in original.edges:
        source = condensed.drawn_as.get(edge.source)
        target = condensed.drawn_as.get(edge.target)
        if source is None or target is None:
            continue  # not drawn (a resource counted on its topic)
        assert source == target or reaches(condensed.graph, source, target), edge


def at_most(edges: int, nodes: int = 10**9) -> Callable[[GoalGraph], bool]:
    return lambda g: len(g.edges) <= edges and len(g.nodes) <= nodes


def test_a_graph_that_fits_is_drawn_whole() -> None:
    graph = graph_of(3, [(0, 1), (1, 2)], [2])
    condensed = condense(graph, at_most(10))
    assert condensed.graph == graph
    assert condensed.notes == ()
    assert not condensed.summarised


def test_a_long_chain_becomes_runs_not_one_node() -> None:
    count = 2000
    graph = graph_of(count, [(i, i + 1) for i in range(count - 1)], [count - 1])
    condensed = condense(graph, at_most(500))
    assert 250 <= len(condensed.graph.edges) <= 500
    assert condensed.notes == (
        f"{count} resources that follow one another in chains are drawn as "
        f"{len(condensed.graph.nodes) - 1} nodes",
    )
    first = condensed.graph.nodes[1]
    assert first.label == "R0 → … → R3"
    assert first.note == "4 resources"
    assert_paths_kept(graph, condensed)


def test_a_wide_graph_is_grouped_in_study_order() -> None:
    # 1,000 resources each needed by the goal directly: no chains, 1,000 edges to the goal.
    graph = graph_of(1000, [], list(range(1000)))
    condensed = condense(graph, at_most(500))
    assert len(condensed.graph.edges) <= 500
    (note,) = condensed.notes
    assert note.startswith("the 1000 resources left are drawn in ")
    assert note.endswith(" groups of consecutive ones, in study order")
    assert_paths_kept(graph, condensed)


def test_the_groups_always_fit_some_budget() -> None:
    graph = graph_of(300, [(i, j) for i in range(300) for j in range(i + 1, min(300, i + 40))], [])
    budget = SURE_GROUPS * (SURE_GROUPS - 1) // 2 + SURE_GROUPS
    condensed = condense(graph, at_most(budget, nodes=SURE_GROUPS + 1))
    assert len(condensed.graph.edges) <= budget
    assert_paths_kept(graph, condensed)


def test_a_goal_graph_counts_resources_on_topics_first() -> None:
    catalog = load_catalog()
    graph = goal_graph(catalog, "deep-learning-specialization")
    teaches = sum(1 for e in graph.edges if e.kind == "teaches")
    assert teaches > 20
    condensed = condense(graph, at_most(len(graph.edges) - teaches))
    assert condensed.notes[0] == "resources are counted on the topics they teach instead of drawn"
    assert all(node.kind != "resource" for node in condensed.graph.nodes)
    assert any("resources" in node.note for node in condensed.graph.nodes)
    assert_paths_kept(graph, condensed)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_path_is_kept_and_the_budget_met(data: st.DataObject) -> None:
    count = data.draw(st.integers(1, 40))
    pairs = [(i, j) for i in range(count) for j in range(i + 1, count)]
    edges = data.draw(st.lists(st.sampled_from(pairs), max_size=80)) if pairs else []
    to_goal = data.draw(st.lists(st.integers(0, count - 1), max_size=count))
    graph = graph_of(count, edges, to_goal)
    budget = data.draw(st.integers(1, 30))
    condensed = condense(graph, at_most(budget))
    assert_paths_kept(graph, condensed)
    assert condense(graph, at_most(budget)) == condensed
    if len(graph.edges) <= budget:
        assert condensed.graph == graph
    else:
        assert condensed.notes
