"""The goal graph as data: which topics a goal needs, what teaches them, what is known."""

from __future__ import annotations

import pytest
from tests.export.conftest import build_plan, nasty_catalog

from mathpath.catalog.models import Catalog, Depth, TopicNeed
from mathpath.errors import UsageError
from mathpath.planning.plans import Plan
from mathpath.planning.prereq_graph import goal_graph, plan_graph


@pytest.fixture
def catalog() -> Catalog:
    """The exporters' hand-built catalog: Chinese names, soft edges, known-topic cases."""
    return nasty_catalog()


@pytest.fixture
def plan(catalog: Catalog) -> Plan:
    return build_plan(catalog, known=(TopicNeed(topic="precalculus", depth=Depth.THOROUGH),))


def need(text: str) -> TopicNeed:
    topic, _, depth = text.partition("@")
    return TopicNeed(topic=topic, depth=Depth(depth or "thorough"))


def test_topics_closure_teachers_and_soft_edges(catalog: Catalog) -> None:
    graph = goal_graph(catalog, "dl")
    assert graph.root == "goal:dl"
    assert [n.key for n in graph.nodes] == [
        "goal:dl",
        "topic:precalculus",
        "topic:single-variable-calculus",
        "topic:linear-algebra",
        "topic:deep-learning",
        "resource:3b1b-calculus",
        "resource:mit-18.01sc",
        "resource:la-book",
        "resource:dl.course",
    ]  # not dl-listicle: further reading is never studied in a plan
    edges = [(e.source.split(":")[1], e.target.split(":")[1], e.kind) for e in graph.edges]
    assert edges == [
        ("deep-learning", "dl", "targets"),
        ("precalculus", "single-variable-calculus", "requires"),
        ("3b1b-calculus", "single-variable-calculus", "teaches"),
        ("mit-18.01sc", "single-variable-calculus", "teaches"),
        ("precalculus", "linear-algebra", "requires"),
        ("single-variable-calculus", "linear-algebra", "recommends"),
        ("la-book", "linear-algebra", "teaches"),
        ("single-variable-calculus", "deep-learning", "requires"),
        ("linear-algebra", "deep-learning", "requires"),
        ("dl.course", "deep-learning", "teaches"),
    ]
    assert [e.soft for e in graph.edges].count(True) == 1
    teaches = {e.source: e.depth for e in graph.edges if e.kind == "teaches"}
    assert teaches["resource:mit-18.01sc"] == Depth.THOROUGH
    notes = {n.id: n.note for n in graph.nodes}
    assert notes["precalculus"] == "assumed"  # the goal assumes it
    assert notes["linear-algebra"] == "needed at working"  # deep-learning needs it @working
    assert notes["single-variable-calculus"] == "needed at overview"
    assert notes["mit-18.01sc"] == "MIT OpenCourseWare, 4 h"


def test_known_topics_are_marked_with_their_closure(catalog: Catalog) -> None:
    graph = goal_graph(catalog, "dl", known=[need("linear-algebra@overview"), need("calculus")])
    by_id = {n.id: n for n in graph.nodes}
    # calculus is broad: knowing it is knowing single-variable-calculus.
    assert by_id["single-variable-calculus"].note == "known"
    assert by_id["single-variable-calculus"].done
    # Known, but not as deeply as needed: still to learn.
    assert by_id["linear-algebra"].note == "known at overview, needed at working"
    assert not by_id["linear-algebra"].done
    everything = goal_graph(catalog, "dl", known=[need("deep-learning")])
    assert all(n.done for n in everything.nodes if n.kind == "topic")


def test_chinese_names(catalog: Catalog) -> None:
    graph = goal_graph(catalog, "dl", lang="zh")
    labels = {n.id: n.label for n in graph.nodes}
    assert labels["dl"] == "深度学习"
    assert labels["single-variable-calculus"] == "单变量微积分"
    assert labels["3b1b-calculus"] == "微积分的本质"


def test_unknown_goal_or_topic_is_a_usage_error_with_suggestions(catalog: Catalog) -> None:
    with pytest.raises(UsageError, match="unknown goal 'dll'") as info:
        goal_graph(catalog, "dll")
    assert "did you mean 'dl'" in info.value.hint
    with pytest.raises(UsageError, match="unknown topic 'linear-algebr'") as info:
        goal_graph(catalog, "dl", known=[need("linear-algebr")])
    assert "'linear-algebra'" in info.value.hint


def test_same_inputs_same_graph(catalog: Catalog) -> None:
    assert goal_graph(catalog, "dl", known=[need("calculus")]) == goal_graph(
        catalog, "dl", known=[need("calculus")]
    )


def test_plan_graph_has_only_chosen_resources_and_their_order(plan: Plan) -> None:
    graph = plan_graph(plan)
    assert [n.key for n in graph.nodes] == [
        "goal:dl",
        "resource:3b1b-calculus",
        "resource:mit-18.01sc",
        "resource:la-book",
        "resource:dl.course",
    ]
    edges = [(e.source, e.target, e.kind) for e in graph.edges]
    assert edges == [
        ("resource:dl.course", "goal:dl", "goal"),
        ("resource:3b1b-calculus", "resource:mit-18.01sc", "after"),
        ("resource:mit-18.01sc", "resource:dl.course", "after"),
        ("resource:la-book", "resource:dl.course", "after"),
    ]
    assert graph.node("resource:la-book").note == "3 h"
