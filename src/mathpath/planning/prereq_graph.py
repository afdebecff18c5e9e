"""The prerequisite structure of a goal (or of a plan) as plain data: nodes and edges.

``mathpath graph`` draws this in three ways (a Rich tree, Mermaid, Graphviz DOT); all of them read
the same ``GoalGraph`` so that they always agree. Edges point the way one studies: from what comes
first to what needs it (prerequisite -> topic -> goal, resource -> topic it teaches).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mathpath.catalog.graph import transitive_reduction
from mathpath.catalog.models import Catalog, Depth, Goal, Role, TopicNeed, label
from mathpath.catalog.validate import did_you_mean
from mathpath.errors import UsageError
from mathpath.i18n import _
from mathpath.planning.knowledge import DEPTH_OF_RANK, TopicIndex, rank_of
from mathpath.planning.plans import format_duration

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan

NodeKind = Literal["goal", "topic", "resource"]
# requires: hard topic prerequisite; recommends: soft one (drawn dashed); teaches: resource ->
# topic; targets: topic -> goal; after: planned item -> planned item; goal: planned item -> goal.
EdgeKind = Literal["requires", "recommends", "teaches", "targets", "after", "goal"]


@dataclass(frozen=True, slots=True)
class GraphNode:
    key: str  # unique across kinds: "goal:dl", "topic:linear-algebra", "resource:mit-18.06"
    kind: NodeKind
    id: str
    label: str  # the name or title, in the requested language where the catalog has it
    note: str = ""  # "known", "assumed", "needed at working", "1 h, 2025-01-06 → 2025-01-08"
    done: bool = False  # known or assumed: nothing to learn below this node

    @property
    def text(self) -> str:
        return f"{self.label} ({self.note})" if self.note else self.label


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str  # key of the node that comes first
    target: str  # key of the node that needs it
    kind: EdgeKind
    depth: Depth | None = None  # requires/recommends: needed depth; teaches: depth taught

    @property
    def soft(self) -> bool:
        return self.kind == "recommends"


@dataclass(frozen=True, slots=True)
class GoalGraph:
    goal: Goal
    root: str  # key of the goal node
    nodes: tuple[GraphNode, ...]  # goal first, then topics and resources in catalog/plan order
    edges: tuple[GraphEdge, ...]  # grouped by target in node order; hard before soft

    def node(self, key: str) -> GraphNode:
        return {n.key: n for n in self.nodes}[key]


def find_goal(catalog: Catalog, goal_id: str) -> Goal:
    goal = catalog.goal_by_id.get(goal_id)
    if goal is None:
        hint = did_you_mean(goal_id, catalog.goal_by_id) or _("see `mathpath goals`")
        raise UsageError(_("unknown goal {goal}").format(goal=repr(goal_id)), hint=hint)
    return goal


def goal_key(goal_id: str) -> str:
    return f"goal:{goal_id}"


def topic_key(topic_id: str) -> str:
    return f"topic:{topic_id}"


def resource_key(resource_id: str) -> str:
    return f"resource:{resource_id}"


def _specific(catalog: Catalog, topic_id: str) -> list[str]:
    """A broad topic stands for its specific descendants; a specific topic for itself."""
    return [t for t in catalog.topic_and_descendants(topic_id) if t not in catalog.children_of]


def known_depths(catalog: Catalog, known: Iterable[TopicNeed]) -> dict[str, Depth]:
    """Each topic known through ``known`` (with its hard-prerequisite closure), at what depth.

    The planner's own closure, so the graph marks exactly what a plan would treat as known.
    """
    index = TopicIndex(catalog)
    closure = index.known_closure((need.topic, rank_of(need.depth)) for need in known)
    return {topic: DEPTH_OF_RANK[rank] for topic, rank in closure.items()}


def check_topics(catalog: Catalog, needs: Iterable[TopicNeed]) -> None:
    for need in needs:
        if need.topic not in catalog.topic_by_id:
            hint = did_you_mean(need.topic, catalog.topic_by_id) or _("see `mathpath topics`")
            raise UsageError(_("unknown topic {topic}").format(topic=repr(need.topic)), hint=hint)


def goal_graph(
    catalog: Catalog,
    goal_id: str,
    *,
    known: Sequence[TopicNeed] = (),
    lang: str | None = None,
) -> GoalGraph:
    """Topics the goal needs (closure of its targets through hard prerequisites), soft edges
    among them, and the resources that teach each (further reading left out, as the planner
    never chooses it); ``known`` topics are marked, not removed."""
    goal = find_goal(catalog, goal_id)
    check_topics(catalog, known)
    # The planner's closure (broad topics stand for their parts and bring their own
    # prerequisites), so the graph shows the same needs a plan covers.
    closure = TopicIndex(catalog).needs_closure(
        (target.topic, rank_of(target.depth)) for target in goal.targets
    )
    needed = {topic: DEPTH_OF_RANK[rank] for topic, rank in closure.items()}

    knows = known_depths(catalog, known)
    assumed = known_depths(
        catalog, [TopicNeed(topic=t, depth=Depth.THOROUGH) for t in goal.assumes]
    )
    order = [t.id for t in catalog.topics if t.id in needed]

    nodes = [GraphNode(goal_key(goal.id), "goal", goal.id, goal.names.get(lang or "", goal.name))]
    for topic_id in order:
        entry = catalog.topic_by_id[topic_id]
        depth = needed[topic_id]
        if topic_id in assumed:
            note, done = _("assumed"), True
        elif topic_id in knows and knows[topic_id].covers(depth):
            note, done = _("known"), True
        elif topic_id in knows:
            note = _("known at {known}, needed at {needed}").format(
                known=label(knows[topic_id]), needed=label(depth)
            )
            done = False
        else:
            note, done = _("needed at {depth}").format(depth=label(depth)), False
        name = entry.names.get(lang or "", entry.name)
        nodes.append(GraphNode(topic_key(topic_id), "topic", topic_id, name, note, done))

    edges: list[GraphEdge] = [
        GraphEdge(topic_key(t), goal_key(goal.id), "targets")
        for t in dict.fromkeys(t for need in goal.targets for t in _specific(catalog, need.topic))
    ]
    teachers: dict[str, None] = {}
    for topic_id in order:
        entry = catalog.topic_by_id[topic_id]
        for field in ("requires", "recommends"):
            requirements: list[TopicNeed] = getattr(entry, field)
            prerequisites = (p for r in requirements for p in _specific(catalog, r.topic))
            for prerequisite in dict.fromkeys(prerequisites):
                if prerequisite in needed and prerequisite != topic_id:
                    kind: EdgeKind = "requires" if field == "requires" else "recommends"
                    depth = _deepest(
                        r.depth for r in requirements if prerequisite in _specific(catalog, r.topic)
                    )
                    edges.append(
                        GraphEdge(topic_key(prerequisite), topic_key(topic_id), kind, depth)
                    )
        for resource in catalog.teachers_of.get(topic_id, []):
            if resource.role is Role.FURTHER_READING:  # listed for browsing, never studied
                continue
            teachers[resource.id] = None
            taught = resource.teaches_depth(topic_id)
            edges.append(
                GraphEdge(resource_key(resource.id), topic_key(topic_id), "teaches", taught)
            )
    for resource in catalog.resources:
        if resource.id in teachers:
            note = f"{resource.provider}, {format_duration(round(resource.hours * 60))}"
            nodes.append(
                GraphNode(
                    resource_key(resource.id),
                    "resource",
                    resource.id,
                    resource.title_in(lang),
                    note,
                )
            )
    return GoalGraph(goal, goal_key(goal.id), tuple(nodes), tuple(edges))


def _deepest(depths: Iterable[Depth]) -> Depth:
    return max(depths, key=lambda d: d.rank, default=Depth.OVERVIEW)


def plan_graph(plan: Plan, *, lang: str | None = None) -> GoalGraph:
    """Only the chosen resources and the order among them (``PlanItem.after``), to the goal,
    without the edges that a longer path implies."""
    goal = plan.goal
    planned = {item.id for item in plan.items}
    nodes = [GraphNode(goal_key(goal.id), "goal", goal.id, goal.names.get(lang or "", goal.name))]
    edges: list[GraphEdge] = []
    for item in plan.items:
        note = format_duration(item.minutes)  # not the dates: the graph is about order
        nodes.append(  # the title names the planned parts: "Calculus: Chapters 11-16"
            GraphNode(resource_key(item.id), "resource", item.id, item.title_in(lang), note)
        )
        if "" in item.needed_by:
            edges.append(GraphEdge(resource_key(item.id), goal_key(goal.id), "goal"))
    for item in plan.items:
        for before in dict.fromkeys(item.after):
            if before in planned and before != item.id:
                edges.append(GraphEdge(resource_key(before), resource_key(item.id), "after"))
    if not any(e.kind == "goal" for e in edges) and plan.items:
        # Older or hand-made plans may not say which items the goal needs: the last ones do.
        needed = {before for item in plan.items for before in item.after}
        for item in plan.items:
            if item.id not in needed:
                edges.append(GraphEdge(resource_key(item.id), goal_key(goal.id), "goal"))
    edges.sort(key=lambda e: 0 if e.kind == "goal" else 1)
    # An order a longer path already implies is left out (transitive reduction): a 200-item chain
    # drew every item's edge to the goal besides the chain, which Graphviz took minutes to lay out.
    kept = set(transitive_reduction([n.key for n in nodes], [(e.source, e.target) for e in edges]))
    edges = [e for e in edges if (e.source, e.target) in kept]
    return GoalGraph(goal, goal_key(goal.id), tuple(nodes), tuple(edges))
