"""Issue 15, item 12: charts of a 2,000-item plan still render.

The Mermaid flowchart and gantt chart stay within Mermaid's default limits (500 edges, 50,000
characters) and say that they are summaries; the plan graph (so DOT too) has no edge that a
longer path implies.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest

from mathpath.catalog.models import Goal, Resource
from mathpath.export.dot import graph_to_dot
from mathpath.export.markdown import plan_to_markdown
from mathpath.export.mermaid import MAX_EDGES, MAX_TEXT, flowchart, gantt, text_size
from mathpath.planning.plans import Plan, PlanItem, PlanRequest, ScheduleOptions, Session
from mathpath.planning.prereq_graph import plan_graph

ARROW = re.compile(r"^    (\S+) --> (\S+)$", re.MULTILINE)
DOT_EDGE = re.compile(r'^    ("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*")', re.MULTILINE)


def generated_plan(count: int, *, seed: int = 15, chain: bool = False) -> Plan:
    """``count`` items in study order, each after up to three earlier ones (or the one before,
    for a chain), about a third of them needed by the goal directly (all, for a chain)."""
    chooser = random.Random(seed)
    goal = Goal(id="g", name="A big goal", description="d", targets=["t"])
    start = date(2026, 1, 5)
    items = []
    for index in range(count):
        resource = Resource(
            id=f"r{index}",
            title=f"Resource {index}: a title of ordinary length",
            provider="P",
            url=f"https://example.org/r{index}",
            format="course",
            hours=1,
            level="intro",
            free=True,
            teaches=["t"],
        )
        if chain:
            after: tuple[str, ...] = (f"r{index - 1}",) if index else ()
        elif index:
            after = tuple(sorted({f"r{chooser.randrange(index)}" for _ in range(3)}))
        else:
            after = ()
        day = start + timedelta(days=index)
        for_goal = chain or chooser.random() < 0.3
        items.append(
            PlanItem(
                resource=resource,
                minutes=60,
                start=day,
                end=day,
                reason="generated",
                covers=(),
                after=after,
                needed_by=("",) if for_goal else (),
                parts=(),
                teaches=tuple(resource.teaches),
            )
        )
    return Plan(
        goal=goal,
        request=PlanRequest(goal="g", schedule=ScheduleOptions(start=start)),
        items=tuple(items),
        sessions=tuple(Session(item.start, item.id, 60) for item in items),
        known=(),
        assumed=(),
        needed=(),
        exact=False,
    )


def implied_edges(edges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The edges u -> v for which v is reachable from u without them."""
    successors: dict[str, set[str]] = {}
    for before, after in edges:
        successors.setdefault(before, set()).add(after)
    implied = []
    for before, after in edges:
        stack = [n for n in successors.get(before, ()) if n != after]
        seen = set(stack)
        while stack:
            node = stack.pop()
            if node == after:
                implied.append((before, after))
                break
            for following in successors.get(node, ()):
                if following not in seen:
                    seen.add(following)
                    stack.append(following)
    return implied


@pytest.fixture(scope="module")
def big_plan() -> Plan:
    return generated_plan(2000)


def test_the_flowchart_of_2000_items_is_within_mermaids_limits(big_plan: Plan) -> None:
    text, notes = flowchart(plan_graph(big_plan))
    assert len(ARROW.findall(text)) <= MAX_EDGES
    assert text_size(text) <= MAX_TEXT
    assert notes
    assert "%% mathpath: summarised to fit Mermaid's limits: " in text
    assert 'mathpath_summary["Summarised to fit Mermaid' in text
    # Still a real chart, not one box: a few hundred nodes.
    assert text.count('("') > 100


def test_the_gantt_of_2000_items_is_within_mermaids_limits(big_plan: Plan) -> None:
    text, notes = gantt(big_plan)
    assert text_size(text) <= MAX_TEXT
    (note,) = notes
    assert note.startswith("the 2000 resources are drawn as ")
    assert f"title A big goal (summarised{chr(0xFF1A)} {note})" in text  # ':' is swapped in gantt


def test_the_markdown_says_the_charts_are_summaries(big_plan: Plan) -> None:
    text = plan_to_markdown(big_plan)
    assert text.count("The chart is a summary, to stay within what Mermaid draws: ") == 2
    assert text.count("- [ ] [Resource ") == 2000  # the list has every item


@pytest.mark.parametrize("chain", [False, True], ids=["random", "chain"])
def test_the_plan_graph_has_no_implied_edges(chain: bool) -> None:
    plan = generated_plan(2000 if not chain else 200, chain=chain)
    dot = graph_to_dot(plan_graph(plan))
    edges = DOT_EDGE.findall(dot)
    assert edges
    assert implied_edges(edges) == []
    if chain:  # 200 items in a chain: the chain and one edge to the goal, not 200 of them
        assert len(edges) == 200


def test_reduction_keeps_every_order_of_the_plan(big_plan: Plan) -> None:
    graph = plan_graph(big_plan)
    successors: dict[str, set[str]] = {}
    for edge in graph.edges:
        successors.setdefault(edge.source, set()).add(edge.target)
    reach: dict[str, set[str]] = {}
    for item in reversed(big_plan.items):  # items are in study order: later ones first
        key = f"resource:{item.id}"
        found = set(successors.get(key, ()))
        for following in list(found):
            found |= reach.get(following, set())
        reach[key] = found
    for item in big_plan.items:
        for before in item.after:
            assert f"resource:{item.id}" in reach[f"resource:{before}"]
        if "" in item.needed_by:
            assert "goal:g" in reach[f"resource:{item.id}"]


def test_a_small_plan_is_drawn_whole() -> None:
    plan = generated_plan(30)
    text, notes = flowchart(plan_graph(plan))
    assert notes == ()
    assert "summarised" not in text
    assert "summary" not in plan_to_markdown(plan)
