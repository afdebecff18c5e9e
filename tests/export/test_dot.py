"""Graphviz DOT text: every id and label quoted and escaped, whatever the catalog says."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathpath.catalog.models import Catalog, Goal
from mathpath.catalog.text import visible
from mathpath.export.dot import dot_string, graph_to_dot
from mathpath.planning.prereq_graph import GoalGraph, GraphEdge, GraphNode, goal_graph

# A DOT double-quoted string: anything but an unescaped quote.
QUOTED = r'"(?:[^"\\]|\\.)*"'
NODE = re.compile(
    rf"^    ({QUOTED}) \[label=({QUOTED}), shape=\w+(, style=filled, fillcolor=\"#[0-9a-f]+\")?\];$"
)
EDGE = re.compile(rf"^    ({QUOTED}) -> ({QUOTED})( \[[^\]]*\])?;$")

NASTY = (
    'quote " inside',
    "ends with a backslash \\",
    "\\N and \\G and \\l are not placeholders",
    "new\nline",
    "node -> edge; subgraph { digraph }",
    "<b>not html</b> & more",
    "微积分的本质",
    "",
)


def unquote(text: str) -> str:
    """What a DOT reader takes from one of our strings (``\\"`` and ``\\\\`` and ``\\n``)."""
    assert text[0] == text[-1] == '"'
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], text[1:-1])


def nasty_graph() -> GoalGraph:
    goal = Goal(id="g", name='The "goal" \\', description="x", targets=["t"])
    nodes = [GraphNode("goal:g", "goal", "g", goal.name)]
    nodes += [
        GraphNode(f"topic:t{i}", "topic", f"t{i}", title, note=title, done=i % 2 == 0)
        for i, title in enumerate(NASTY)
    ]
    edges = [GraphEdge(f"topic:t{i}", "goal:g", "targets") for i in range(len(NASTY))]
    edges += [GraphEdge("topic:t0", "topic:t1", "recommends")]
    return GoalGraph(goal, "goal:g", tuple(nodes), tuple(edges))


@given(st.text(st.characters(codec="utf-8")))
def test_dot_string_is_one_quoted_token_that_reads_back(text: str) -> None:
    quoted = dot_string(text)
    assert re.fullmatch(QUOTED, quoted)
    assert "\n" not in quoted
    assert "\r" not in quoted
    # Control characters other than line breaks and tabs become U+FFFD (catalog.text.visible).
    shown = visible(text, one_line=False)
    assert unquote(quoted) == shown.replace("\r\n", "\n").replace("\r", "\n")


def test_every_line_is_a_statement(catalog: Catalog) -> None:
    for graph in (nasty_graph(), goal_graph(catalog, "dl")):
        lines = graph_to_dot(graph).splitlines()
        assert re.fullmatch(rf"digraph {QUOTED} {{", lines[0])
        assert lines[1:3] == ["    rankdir=LR;", '    node [shape=box, fontname="Helvetica"];']
        assert lines[-1] == "}"
        body = lines[3:-1]
        nodes = [m for line in body if (m := NODE.match(line))]
        edges = [m for line in body if (m := EDGE.match(line))]
        assert len(nodes) + len(edges) == len(body)
        assert [unquote(m[1]) for m in nodes] == [n.key for n in graph.nodes]
        assert [(unquote(m[1]), unquote(m[2])) for m in edges] == [
            (e.source, e.target) for e in graph.edges
        ]
        for match, node in zip(nodes, graph.nodes, strict=True):
            expected = f"{node.label}\n({node.note})" if node.note else node.label
            assert unquote(match[2]) == expected


def test_edge_styles(catalog: Catalog) -> None:
    text = graph_to_dot(goal_graph(catalog, "dl"))
    assert (
        '"topic:single-variable-calculus" -> "topic:linear-algebra" '
        '[style=dashed, label="recommended"];'
    ) in text
    assert (
        '"resource:mit-18.01sc" -> "topic:single-variable-calculus" '
        '[style=dotted, arrowhead=none, label="thorough"];'
    ) in text
    assert '"topic:precalculus" [label="Precalculus\\n(assumed)", shape=box, style=filled' in text


def test_deterministic(catalog: Catalog) -> None:
    assert graph_to_dot(goal_graph(catalog, "dl")) == graph_to_dot(goal_graph(catalog, "dl"))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_every_node_and_edge(catalog: Catalog) -> None:
    for graph in (nasty_graph(), goal_graph(catalog, "dl")):
        result = subprocess.run(
            ["dot", "-Tjson"], input=graph_to_dot(graph).encode(), capture_output=True, check=False
        )
        assert result.returncode == 0, result.stderr.decode()
        data = json.loads(result.stdout)
        assert [o["name"] for o in data["objects"]] == [n.key for n in graph.nodes]
        assert len(data["edges"]) == len(graph.edges)
        # Graphviz keeps label escapes for drawing time, where \\ is a backslash, \n a new line.
        for found, node in zip(data["objects"], graph.nodes, strict=True):
            text = f"{node.label}\n({node.note})" if node.note else node.label
            assert found["label"] == text.replace("\\", "\\\\").replace("\n", "\\n")
