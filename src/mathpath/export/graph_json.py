"""A goal's or a plan's prerequisite graph as JSON (``mathpath graph --format json``): the nodes
and edges that the tree, Mermaid and DOT views draw, in the same order."""

from __future__ import annotations

from typing import Any

from mathpath.planning.prereq_graph import GoalGraph


def graph_to_dict(graph: GoalGraph) -> dict[str, Any]:
    return {
        "goal": graph.goal.id,
        "root": graph.root,
        "nodes": [
            {
                "key": node.key,
                "kind": node.kind,
                "id": node.id,
                "label": node.label,
                "note": node.note,
                "done": node.done,
            }
            for node in graph.nodes
        ],
        "edges": [
            {
                "source": edge.source,
                "target": edge.target,
                "kind": edge.kind,
                "depth": edge.depth.value if edge.depth is not None else None,
            }
            for edge in graph.edges
        ],
    }
