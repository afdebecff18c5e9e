"""A prerequisite graph made small enough to draw, saying what was left out.

Mermaid refuses a chart of more than 500 edges or 50,000 characters in its default configuration
(and GitHub uses that), so a big plan or goal graph has to be summarised before it is drawn.
``condense`` takes the steps below in turn, each only while the graph does not yet ``fit``, and
returns the graph with a note per step taken, which the chart and the document show:

1. resources are counted on the topics they teach instead of drawn (goal graphs);
2. soft ("recommended") prerequisites are left out;
3. an order that a longer path implies is left out (transitive reduction);
4. chains (each link the only way out of one node and the only way into the next) are drawn as
   one node per run of consecutive links, "first → … → last", the runs as long as needed and no
   longer (a 2,000-item chain becomes a few hundred runs, not one node);
5. if that is not enough, what remains is cut, in study order, into groups of consecutive nodes,
   as many groups as fit. At most 31 groups always fit the edge limit: they have at most
   31 x 30 / 2 edges among them and 31 to the goal, 496.

The steps keep every path: anything that comes before something else in the graph still does in
the summary (a group or run that contains both is drawn as one node). Deterministic: the same
graph gives the same summary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from mathpath.catalog.graph import CycleError, topological_order, transitive_reduction
from mathpath.i18n import _, ngettext
from mathpath.planning.prereq_graph import GoalGraph, GraphEdge, GraphNode

SURE_GROUPS = 31  # this many groups always fit the edge limit (see above)
LABEL_CHARACTERS = 60  # a merged node names its first and last member, each cut to this


@dataclass(frozen=True, slots=True)
class Condensed:
    graph: GoalGraph
    notes: tuple[str, ...]  # one per step taken, e.g. "2 chains drawn as one node each"
    # Each node of the graph given to `condense` -> the node of `graph` that draws it (a node
    # that is not drawn, such as a resource counted on its topics, is not in it).
    drawn_as: dict[str, str]

    @property
    def summarised(self) -> bool:
        return bool(self.notes)


def condense(graph: GoalGraph, fits: Callable[[GoalGraph], bool]) -> Condensed:
    """``graph`` as it is if it ``fits``; else summarised step by step until it does (or no
    step is left: one group and the goal is as small as a graph gets)."""
    notes: list[str] = []
    drawn = {n.key: n.key for n in graph.nodes}

    def done(final: GoalGraph) -> Condensed:
        kept = {n.key for n in final.nodes}
        return Condensed(final, tuple(notes), {k: v for k, v in drawn.items() if v in kept})

    for step in (_fold_resources, _drop_soft_edges, _reduce):
        if fits(graph):
            return done(graph)
        smaller, note = step(graph)
        if note:
            graph = smaller
            notes.append(note)
    if fits(graph):
        return done(graph)
    longest = _longest_chain(graph)
    if longest > 1:
        # The shortest runs that fit (fewer nodes with longer runs; found by bisection).
        low, high = 2, longest
        if fits(_collapse_chains(graph, high)[0]):
            while low < high:
                middle = (low + high) // 2
                if fits(_collapse_chains(graph, middle)[0]):
                    high = middle
                else:
                    low = middle + 1
        graph, note, runs = _collapse_chains(graph, high)
        notes.append(note)
        drawn = {k: runs.get(v, v) for k, v in drawn.items()}
        if fits(graph):
            return done(graph)
    members = [n for n in _study_order(graph) if n.key != graph.root]
    count = _most_groups(graph, members, fits)
    grouped, groups = _grouped(graph, members, count)
    drawn = {k: groups.get(v, v) for k, v in drawn.items()}
    counted = _counted(members[0].kind if members else "", len(members))
    notes.append(
        _(
            "the {members} left are drawn in {count} groups of consecutive ones, in study order"
        ).format(members=counted, count=count)
    )
    return done(grouped)


def _most_groups(
    graph: GoalGraph, members: list[GraphNode], fits: Callable[[GoalGraph], bool]
) -> int:
    """The most groups that fit: doubling from SURE_GROUPS, then bisection (each try costs a
    pass over the edges, and a few hundred groups is what a chart can show anyway)."""
    if len(members) <= 1:
        return max(1, len(members))
    good = min(SURE_GROUPS, len(members))
    while good > 1 and not fits(_grouped(graph, members, good)[0]):  # pragma: no cover - a net
        good -= 1
    bad = good
    while bad < len(members):
        bad = min(len(members), bad * 2)
        if not fits(_grouped(graph, members, bad)[0]):
            break
        good = bad
    else:
        return good
    while bad - good > 1:
        middle = (good + bad) // 2
        if fits(_grouped(graph, members, middle)[0]):
            good = middle
        else:
            bad = middle
    return good


def _fold_resources(graph: GoalGraph) -> tuple[GoalGraph, str]:
    teaching: dict[str, int] = {}
    for edge in graph.edges:
        if edge.kind == "teaches":
            teaching[edge.target] = teaching.get(edge.target, 0) + 1
    if not teaching:
        return graph, ""
    nodes = []
    for node in graph.nodes:
        if node.kind == "resource":
            continue
        count = teaching.get(node.key, 0)
        if count:
            counted = ngettext("{n} resource", "{n} resources", count).format(n=count)
            if node.note:
                counted = _("{note}, {count}").format(note=node.note, count=counted)
            node = replace(node, note=counted)
        nodes.append(node)
    edges = [e for e in graph.edges if e.kind != "teaches"]
    note = _("resources are counted on the topics they teach instead of drawn")
    return _with(graph, nodes, edges), note


def _drop_soft_edges(graph: GoalGraph) -> tuple[GoalGraph, str]:
    edges = [e for e in graph.edges if not e.soft]
    if len(edges) == len(graph.edges):
        return graph, ""
    return _with(graph, graph.nodes, edges), _("recommended (soft) prerequisites are left out")


def _reduce(graph: GoalGraph) -> tuple[GoalGraph, str]:
    if all(e.kind in ("after", "goal") for e in graph.edges):
        return graph, ""  # a plan graph: ``plan_graph`` reduced it already
    kept = set(
        transitive_reduction(
            [n.key for n in graph.nodes], [(e.source, e.target) for e in graph.edges]
        )
    )
    edges = _unique([e for e in graph.edges if (e.source, e.target) in kept])
    if len(edges) == len(graph.edges):
        return graph, ""
    return _with(graph, graph.nodes, edges), _("orders implied by a longer path are left out")


def _chain_links(graph: GoalGraph) -> dict[str, str]:
    """Each node that is the only way into the only node after it: node -> that next node."""
    successors: dict[str, set[str]] = {}
    predecessors: dict[str, set[str]] = {}
    for edge in graph.edges:
        successors.setdefault(edge.source, set()).add(edge.target)
        predecessors.setdefault(edge.target, set()).add(edge.source)
    links: dict[str, str] = {}
    for node in graph.nodes:
        following = successors.get(node.key, set())
        if node.key == graph.root or len(following) != 1:
            continue
        (after,) = following
        if after != graph.root and predecessors.get(after) == {node.key}:
            links[node.key] = after
    return links


def _chains(graph: GoalGraph) -> list[list[str]]:
    links = _chain_links(graph)
    linked = set(links.values())
    chains = []
    for node in graph.nodes:
        if node.key in links and node.key not in linked:
            chain = [node.key]
            while chain[-1] in links:
                chain.append(links[chain[-1]])
            chains.append(chain)
    return chains


def _longest_chain(graph: GoalGraph) -> int:
    return max((len(chain) for chain in _chains(graph)), default=0)


def _collapse_chains(graph: GoalGraph, longest: int) -> tuple[GoalGraph, str, dict[str, str]]:
    """Each chain drawn as runs of at most ``longest`` consecutive nodes, one node per run."""
    by_key = {n.key: n for n in graph.nodes}
    run_of: dict[str, str] = {}
    merged: dict[str, GraphNode] = {}
    for chain in _chains(graph):
        size = -(-len(chain) // -(-len(chain) // longest))  # runs of equal length, at most longest
        for start in range(0, len(chain), size):
            run = chain[start : start + size]
            if len(run) == 1:
                continue
            node = _merged([by_key[k] for k in run], f"run:{run[0]}", " → … → ")
            merged[run[0]] = node
            for key in run:
                run_of[key] = node.key
    if not merged:
        return graph, "", {}
    nodes = [merged.get(n.key, n) for n in graph.nodes if n.key not in run_of or n.key in merged]
    edges = _remapped(graph.edges, run_of)
    runs = len(merged)
    note = ngettext(
        "{members} that follow one another in chains are drawn as {n} node",
        "{members} that follow one another in chains are drawn as {n} nodes",
        runs,
    ).format(members=_counted(by_key[next(iter(run_of))].kind, len(run_of)), n=runs)
    return _with(graph, nodes, edges), note, run_of


def _grouped(
    graph: GoalGraph, members: list[GraphNode], count: int
) -> tuple[GoalGraph, dict[str, str]]:
    size, extra = divmod(len(members), count)
    group_of: dict[str, str] = {}
    nodes: list[GraphNode] = [n for n in graph.nodes if n.key == graph.root]
    start = 0
    for index in range(count):
        part = members[start : start + size + (1 if index < extra else 0)]
        start += len(part)
        node = part[0] if len(part) == 1 else _merged(part, f"group:{index + 1}", " … ")
        nodes.append(node)
        for member in part:
            group_of[member.key] = node.key
    edges = _remapped(graph.edges, group_of)
    kept = set(transitive_reduction([n.key for n in nodes], [(e.source, e.target) for e in edges]))
    return _with(graph, nodes, [e for e in edges if (e.source, e.target) in kept]), group_of


def _groups_of(graph: GoalGraph) -> list[GraphNode]:
    return [n for n in graph.nodes if n.key != graph.root]


def _study_order(graph: GoalGraph) -> list[GraphNode]:
    """The nodes, each after everything it needs (graph order among equals)."""
    position = {n.key: i for i, n in enumerate(graph.nodes)}
    before: dict[str, list[str]] = {}
    for edge in graph.edges:
        before.setdefault(edge.target, []).append(edge.source)
    by_key = {n.key: n for n in graph.nodes}
    try:
        order = topological_order(list(position), before, key=lambda k: (position[k],))
    except CycleError:  # pragma: no cover - soft edges, the only cyclic ones, are gone by now
        return list(graph.nodes)
    return [by_key[k] for k in order]


def _merged(members: list[GraphNode], key: str, between: str) -> GraphNode:
    first, last = members[0], members[-1]
    label = f"{_clip(first.label)}{between}{_clip(last.label)}"
    note = _counted(first.kind, len(members))
    # The id is the node's own key ("group:3"): no catalog id names it.
    return GraphNode(key, first.kind, key, label, note, all(m.done for m in members))


def _remapped(edges: Sequence[GraphEdge], into: dict[str, str]) -> list[GraphEdge]:
    """``edges`` between the nodes ``into`` maps their ends to (the first of each pair kept)."""
    get = into.get
    first: dict[tuple[str, str], GraphEdge] = {}
    for edge in edges:
        pair = (get(edge.source, edge.source), get(edge.target, edge.target))
        if pair[0] != pair[1] and pair not in first:
            first[pair] = edge
    return [
        edge if pair == (edge.source, edge.target) else GraphEdge(*pair, edge.kind, edge.depth)
        for pair, edge in first.items()
    ]


def _unique(edges: Sequence[GraphEdge]) -> list[GraphEdge]:
    return _remapped(edges, {})


def _with(graph: GoalGraph, nodes: Sequence[GraphNode], edges: Sequence[GraphEdge]) -> GoalGraph:
    return GoalGraph(graph.goal, graph.root, tuple(nodes), tuple(edges))


def _clip(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


def _counted(kind: str, n: int) -> str:
    """``12 topics``: a count of nodes of one kind."""
    if kind == "resource":
        text = ngettext("{n} resource", "{n} resources", n)
    elif kind == "topic":
        text = ngettext("{n} topic", "{n} topics", n)
    elif kind == "goal":
        text = ngettext("{n} goal", "{n} goals", n)
    else:
        text = ngettext("{n} node", "{n} nodes", n)
    return text.format(n=n)
