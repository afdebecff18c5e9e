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

Mermaid's default configuration (which GitHub uses) draws no chart of more than ``MAX_EDGES``
edges or ``MAX_TEXT`` characters. A flowchart that would exceed either is summarised
(``planning.condense``: resources counted on topics, soft edges and implied orders left out,
chains drawn as one node, then groups in study order) and a gantt chart draws consecutive items
as one task; either chart then says so, in a ``%%`` comment and in what it draws, and the
``flowchart`` / ``gantt`` functions return the notes so that a document can say so too.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import TYPE_CHECKING

from mathpath.catalog.models import label as enum_label
from mathpath.catalog.text import visible
from mathpath.i18n import _, date_text
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

MAX_EDGES = 500  # Mermaid's `maxEdges` default
MAX_TEXT = 50_000  # Mermaid's `maxTextSize` default
# Room kept for the note that says a chart is summarised.
_NOTE_ROOM = 2_000


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


def text_size(text: str) -> int:
    """The length of ``text`` as Mermaid measures it (JavaScript: UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def plan_gantt(plan: Plan, *, lang: str | None = None) -> str:
    """The schedule as a gantt chart (see ``gantt``)."""
    return gantt(plan, lang=lang)[0]


def gantt(plan: Plan, *, lang: str | None = None) -> tuple[str, tuple[str, ...]]:
    """The schedule as a gantt chart: one task per item, with its explicit dates; and the note
    on how it was summarised (none when every item is its own task).

    A task ends on its item's last study day: the chart is given ``start, Nd`` with N counting
    both ends, so no renderer's choice about inclusive end dates can shift it. Sections are the
    calendar weeks (Monday-Sunday) in which items start, as in the markdown task list. A chart
    longer than ``MAX_TEXT`` draws runs of consecutive items as one task each, as many runs as
    fit.
    """
    count = len(plan.items)
    text = _gantt(plan, lang, count)
    tasks = count
    while text_size(text) > MAX_TEXT - _NOTE_ROOM and tasks > 1:
        tasks = max(1, min(tasks - 1, int(tasks * (MAX_TEXT - _NOTE_ROOM) / text_size(text))))
        text = _gantt(plan, lang, tasks)
    if tasks == count:
        return text, ()
    note = _("the {count} resources are drawn as {tasks} tasks of consecutive resources").format(
        count=count, tasks=tasks
    )
    return _gantt(plan, lang, tasks, note), (note,)


def _gantt(plan: Plan, lang: str | None, tasks: int, note: str = "") -> str:
    goal = plan.goal.names.get(lang or "", plan.goal.name)
    title = _("{goal} (summarised: {note})").format(goal=goal, note=note) if note else goal
    lines = ["gantt", f"    title {gantt_text(title)}", "    dateFormat YYYY-MM-DD"]
    if note:
        said = _("summarised to fit Mermaid's limits: {notes}").format(notes=note)
        lines.insert(1, f"    %% mathpath: {said}")
    section: datetime.date | None = None
    items = plan.items
    size, extra = divmod(len(items), tasks) if tasks else (0, 0)
    first = 0
    for index in range(tasks):
        run = items[first : first + size + (1 if index < extra else 0)]
        number, first = first + 1, first + len(run)
        start = min(item.start for item in run)
        end = max(item.end for item in run)
        monday = week_monday(start)
        if monday != section:
            section = monday
            lines.append(f"    section {week_heading(plan, monday)}")
        days = (end - start).days + 1
        if len(run) == 1:
            name = gantt_text(f"{number}. {run[0].title_in(lang)}")
        else:
            first_title, last_title = _clip(run[0].title_in(lang)), _clip(run[-1].title_in(lang))
            last = number + len(run) - 1
            name = gantt_text(f"{number}.-{last}. {first_title} … {last_title}")
        task = node_id("resource", run[0].id)
        lines.append(f"    {name} :{task}, {start.isoformat()}, {max(days, 1)}d")
    return "\n".join(lines) + "\n"


def _clip(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def week_heading(plan: Plan, monday: datetime.date) -> str:
    """'Week 3 (from 2025-01-20)', counting calendar weeks from the plan's first week."""
    number = (monday - week_monday(plan.start)).days // 7 + 1
    return _("Week {n} (from {date})").format(n=number, date=date_text(monday))


def plan_flowchart(plan: Plan, *, lang: str | None = None) -> str:
    """Prerequisites among the chosen resources (``PlanItem.after``), leading to the goal."""
    from mathpath.planning.prereq_graph import plan_graph

    return graph_flowchart(plan_graph(plan, lang=lang))


def graph_flowchart(graph: GoalGraph) -> str:
    """A goal graph as a left-to-right flowchart (see ``flowchart``)."""
    return flowchart(graph)[0]


def flowchart(graph: GoalGraph) -> tuple[str, tuple[str, ...]]:
    """A goal graph as a left-to-right flowchart, within Mermaid's limits; and the notes on how
    it was summarised to fit them (none when it is drawn whole).

    Hard edges are arrows, soft (``recommends``) edges dashed arrows, ``teaches`` edges plain
    lines labelled with the depth taught; known or assumed topics get the ``known`` class.
    """
    from mathpath.planning.condense import condense

    def fits(candidate: GoalGraph) -> bool:
        return (
            len(candidate.edges) <= MAX_EDGES
            and text_size(_flowchart(candidate, ())) <= MAX_TEXT - _NOTE_ROOM
        )

    condensed = condense(graph, fits)
    return _flowchart(condensed.graph, condensed.notes), condensed.notes


def _flowchart(graph: GoalGraph, notes: tuple[str, ...]) -> str:
    ids = {node.key: node_id(node.kind, node.id) for node in graph.nodes}
    lines = ["flowchart LR"]
    if notes:
        said = "; ".join(notes)
        comment = _("summarised to fit Mermaid's limits: {notes}").format(notes=said)
        lines.append(f"    %% mathpath: {comment}")
        text = _("Summarised to fit Mermaid's limits: {notes}").format(notes=said)
        lines.append(f"    mathpath_summary[{label(text)}]")
    for node in graph.nodes:
        lines.append(f"    {ids[node.key]}{_shape(node)}")
    for edge in graph.edges:
        if edge.kind == "teaches":  # depth words are plain letters: safe between the bars
            arrow = f"---|{enum_label(edge.depth)}|" if edge.depth else "---"
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
