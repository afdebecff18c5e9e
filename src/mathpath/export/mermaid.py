"""Mermaid text: a plan's schedule (``gantt``), its prerequisites, a goal's graph (``flowchart``).

Mermaid has no general quoting, so every piece of catalog text passes through one of two functions:

* ``node_id``: ids become ``[A-Za-z0-9_]`` plus a short hash of the original id, so ``mit-18.01sc``
  and ``mit-18-01sc`` stay distinct and the same id always gets the same node id. A kind prefix
  (``r_``, ``t_``, ``g_``) keeps ids clear of keywords such as ``end`` and of the ``o``/``x`` edge
  heads (``A---oB``).
* ``label``: node text goes in double quotes, with Mermaid's entity codes for what would end the
  string or be read as markup (``"`` -> ``#quot;``, ``#`` -> ``#35;``, ``<`` -> ``#lt;`` ...).

Gantt task names cannot be quoted at all: the gantt lexer reads a name as ``[^#:\\n;]+``, so
``gantt_text`` swaps ``: # ; < >`` for their full-width forms (``： ＃ ；＜＞``), which look
alike and mean nothing to the parser or to an HTML sanitiser, rather than for entity codes,
which some renderers decode and some do not.
Each task name starts with its study-order number ("3. ..."), which also keeps a title such as
"Section 2" or "2024-01-01 ..." from being read as a gantt keyword or a date.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import TYPE_CHECKING

from mathpath.catalog.text import visible
from mathpath.planning.plans import week_monday

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan
    from mathpath.planning.prereq_graph import GoalGraph, GraphNode

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_]")
# Applied in one pass (str.translate), so an entity's own '#' and ';' are never escaped again.
_LABEL_ENTITIES = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        ";": "#59;",
        "`": "#96;",  # a leading backtick would start a Mermaid markdown string
        ":": "#58;",  # Mermaid's pre-parser rewrites 'style ...:...#...;' lines otherwise
    }
)
# The parser's separators, and the brackets an HTML sanitiser would take for a tag.
_GANTT_SWAPS = str.maketrans({":": "：", "#": "＃", ";": "；", "<": "＜", ">": "＞"})
_PREFIX = {"goal": "g", "topic": "t", "resource": "r"}


def node_id(kind: str, original: str) -> str:
    """A Mermaid-safe, stable and unique node id for ``original`` (``r_mit_18_01sc_1f3a9c``)."""
    digest = hashlib.sha256(original.encode("utf-8")).hexdigest()[:6]
    return f"{_PREFIX.get(kind, 'n')}_{_UNSAFE_ID.sub('_', original)}_{digest}"


def _one_line(text: str) -> str:
    return visible(" ".join(text.split()))


def label(text: str) -> str:
    """``text`` as a double-quoted Mermaid label, on one line."""
    return f'"{_one_line(text).translate(_LABEL_ENTITIES)}"'


def gantt_text(text: str) -> str:
    """``text`` usable as a gantt title, section or task name (one line, no ``: # ;``)."""
    return _one_line(text).translate(_GANTT_SWAPS)


def plan_gantt(plan: Plan, *, lang: str | None = None) -> str:
    """The schedule as a gantt chart: one task per item, with its explicit dates.

    A task ends on its item's last study day: the chart is given ``start, Nd`` with N counting
    both ends, so no renderer's choice about inclusive end dates can shift it. Sections are the
    calendar weeks (Monday-Sunday) in which items start, as in the markdown task list.
    """
    goal = plan.goal.names.get(lang or "", plan.goal.name)
    lines = ["gantt", f"    title {gantt_text(goal)}", "    dateFormat YYYY-MM-DD"]
    section: datetime.date | None = None
    for number, item in enumerate(plan.items, start=1):
        monday = week_monday(item.start)
        if monday != section:
            section = monday
            lines.append(f"    section {week_heading(plan, monday)}")
        days = (item.end - item.start).days + 1
        name = gantt_text(f"{number}. {item.title_in(lang)}")
        task = node_id("resource", item.id)
        lines.append(f"    {name} :{task}, {item.start.isoformat()}, {max(days, 1)}d")
    return "\n".join(lines) + "\n"


def week_heading(plan: Plan, monday: datetime.date) -> str:
    """'Week 3 (from 2025-01-20)', counting calendar weeks from the plan's first week."""
    number = (monday - week_monday(plan.start)).days // 7 + 1
    return f"Week {number} (from {monday.isoformat()})"


def plan_flowchart(plan: Plan, *, lang: str | None = None) -> str:
    """Prerequisites among the chosen resources (``PlanItem.after``), leading to the goal."""
    from mathpath.planning.prereq_graph import plan_graph

    return graph_flowchart(plan_graph(plan, lang=lang))


def graph_flowchart(graph: GoalGraph) -> str:
    """A goal graph as a left-to-right flowchart.

    Hard edges are arrows, soft (``recommends``) edges dashed arrows, ``teaches`` edges plain
    lines labelled with the depth taught; known or assumed topics get the ``known`` class.
    """
    ids = {node.key: node_id(node.kind, node.id) for node in graph.nodes}
    lines = ["flowchart LR"]
    for node in graph.nodes:
        lines.append(f"    {ids[node.key]}{_shape(node)}")
    for edge in graph.edges:
        if edge.kind == "teaches":  # depth words are plain letters: safe between the bars
            arrow = f"---|{edge.depth}|" if edge.depth else "---"
        else:
            arrow = "-.->" if edge.soft else "-->"
        lines.append(f"    {ids[edge.source]} {arrow} {ids[edge.target]}")
    done = [ids[node.key] for node in graph.nodes if node.done]
    if done:
        lines.append("    classDef known fill:#e8f5e9,stroke:#2e7d32,color:#1b5e20")
        lines.append(f"    class {','.join(done)} known")
    return "\n".join(lines) + "\n"


def _shape(node: GraphNode) -> str:
    text = label(node.text)
    if node.kind == "goal":
        return f"(({text}))"
    if node.kind == "resource":
        return f"({text})"
    return f"[{text}]"
