"""A goal graph as Graphviz DOT text (``mathpath graph --format dot | dot -Tsvg``).

Every id and label is a double-quoted DOT string, so no catalog text can be read as a keyword
(``node``, ``edge``, ``subgraph``...) or as HTML. Inside the quotes ``\\`` becomes ``\\\\`` and
``"`` becomes ``\\"``, and a newline becomes the label escape ``\\n``; an escaped backslash also
keeps Graphviz from reading ``\\N`` or ``\\G`` in a title as its own placeholders. Node ids are
the graph's kind-prefixed keys (``topic:calculus``), so a topic and a resource with the same id
stay apart. Nodes and edges come out in the graph's order, which is deterministic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mathpath.catalog.models import label
from mathpath.catalog.text import visible
from mathpath.i18n import N_, _

if TYPE_CHECKING:
    from mathpath.planning.prereq_graph import GoalGraph, GraphNode

_SHAPES = {"goal": "doubleoctagon", "topic": "box", "resource": "note"}
_EDGE_STYLES = {
    "recommends": " [style=dashed, label={label}]",
    "teaches": " [style=dotted, arrowhead=none, label={label}]",
}
RECOMMENDED = N_("recommended")  # the label of a soft prerequisite's edge


def dot_string(text: str) -> str:
    """``text`` as a quoted DOT string (also valid as a label: newlines become ``\\n``; other
    control characters, which DOT cannot carry, U+FFFD)."""
    escaped = visible(text, one_line=False).replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def graph_to_dot(graph: GoalGraph) -> str:
    lines = [
        f"digraph {dot_string('mathpath: ' + graph.goal.id)} {{",
        "    rankdir=LR;",
        '    node [shape=box, fontname="Helvetica"];',
    ]
    lines += [f"    {_node(node)}" for node in graph.nodes]
    for edge in graph.edges:
        text = label(edge.depth) if edge.depth is not None else ""
        if edge.kind == "recommends":
            text = _(RECOMMENDED)
        style = _EDGE_STYLES.get(edge.kind, "").replace("{label}", dot_string(text))
        lines.append(f"    {dot_string(edge.source)} -> {dot_string(edge.target)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node(node: GraphNode) -> str:
    text = f"{node.label}\n({node.note})" if node.note else node.label
    attributes = [f"label={dot_string(text)}", f"shape={_SHAPES[node.kind]}"]
    if node.done:
        attributes.append('style=filled, fillcolor="#e8f5e9"')
    return f"{dot_string(node.key)} [{', '.join(attributes)}];"
