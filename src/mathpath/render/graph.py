"""A goal graph as a Rich tree: the goal at the root, under each node what must come first.

Labels are ``Text`` objects, never markup strings, so a title such as ``[x]`` is shown as written.
A node that appears under several parents is expanded once and then shown as "(see above)"; known
and assumed topics are not expanded at all (there is nothing to learn below them).
"""

from __future__ import annotations

from rich.text import Text
from rich.tree import Tree

from mathpath.catalog.models import label
from mathpath.i18n import _
from mathpath.planning.prereq_graph import GoalGraph, GraphEdge, GraphNode

_KIND_STYLE = {"goal": "bold", "topic": "", "resource": "cyan"}


def graph_tree(graph: GoalGraph) -> Tree:
    nodes = {node.key: node for node in graph.nodes}
    into: dict[str, list[GraphEdge]] = {}
    for edge in graph.edges:
        into.setdefault(edge.target, []).append(edge)
    root = nodes[graph.root]
    tree = Tree(_label(root, None, repeated=False))
    expanded = {root.key}
    # Depth-first in print order with an explicit stack (a long prerequisite chain must not hit
    # the recursion limit), so that "(see above)" is always true.
    stack = [(tree, edge) for edge in reversed(into.get(root.key, []))]
    while stack:
        branch, edge = stack.pop()
        child = nodes[edge.source]
        repeated = child.key in expanded and bool(into.get(child.key))
        sub = branch.add(_label(child, edge, repeated=repeated))
        if not repeated and not child.done:
            expanded.add(child.key)
            stack.extend((sub, e) for e in reversed(into.get(child.key, [])))
    return tree


def _label(node: GraphNode, edge: GraphEdge | None, *, repeated: bool) -> Text:
    text = Text()
    if edge is not None and edge.soft:
        text.append(_("recommended first:") + " ", style="dim")
    text.append(node.label, style=_KIND_STYLE[node.kind])
    if node.note:
        style = "green" if node.done else "dim"
        text.append(f" ({'✓ ' if node.done else ''}{node.note})", style=style)
    if edge is not None and edge.kind == "teaches" and edge.depth is not None:
        text.append(" " + _("teaches it at {depth}").format(depth=label(edge.depth)), style="dim")
    if repeated:
        text.append(" " + _("(see above)"), style="dim italic")
    return text
