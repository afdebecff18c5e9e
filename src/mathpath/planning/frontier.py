"""The learner's frontier (``mathpath next``): what can be learned next, Metacademy's question.

A topic at a depth is on the frontier when it is not known that deeply and every prerequisite
that applies at that depth (``TopicIndex.step``) is known at its edge's depth. Because deeper
depths only add prerequisites, the depths a topic is ready at run from overview up to some
deepest one; the frontier lists each topic once, at that deepest ready depth (with a goal, never
deeper than the goal needs it). Only specific topics are listed: nobody teaches the broad word.

A resource is on the frontier when it teaches something deeper than it is known and every one of
its own requirements (``TopicIndex.seeds_of``: its ``requires``, else the topic defaults) is
known; further reading is not study and is left out, as the planner leaves it out.

Ranking, with a goal: by the number of the goal's still-needed ``(topic, depth)`` pairs a row
*meets* (knowing it makes the pair known) plus the number it *unlocks* (a needed topic whose
ready depth, capped at the depth needed, rises above what was ready and known before); then by
hours (a topic's are those of the cheapest ready resource that teaches it deeper than it is
known, named as ``via``; a topic with none ranks last), then by id. Without a goal: by hours,
then by id.

The learner's preferences count as they count in a plan: a resource the planner may not choose
(``candidates.filter_reason``: ``--free-only``, ``--max-level``, ``--exclude``, a language the
learner does not read) is not offered, and the hours a row ranks by are weighed by the choice's
rule (``candidates.resource_cost``: a ``--prefer``red format, material in the ``--lang``
language), so that ``via`` is the teacher a plan would pick. All of this is plain data: the view
is ``mathpath.render.frontier``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mathpath.catalog.models import Catalog, Goal, Resource
from mathpath.planning.candidates import filter_reason, resource_cost
from mathpath.planning.knowledge import DEPTH_OF_RANK, THOROUGH, Req, TopicIndex, unmet
from mathpath.planning.plans import Preferences

NO_HOURS = float("inf")


@dataclass(frozen=True, slots=True)
class FrontierRow:
    """One thing to learn next: a topic at a depth, or a resource."""

    kind: str  # "topic" or "resource"
    id: str  # the topic or resource id
    depth: str | None  # a topic's depth (overview, working, thorough); None for a resource
    title: str
    hours: float | None  # a topic's: of ``via``; None when no ready resource teaches it
    via: str | None  # a topic's cheapest ready resource
    meets: tuple[str, ...]  # the goal's needed pairs it meets, as "topic@depth"
    unlocks: tuple[str, ...]  # what it makes ready, as "topic@depth"

    @property
    def label(self) -> str:
        return f"{self.id}@{self.depth}" if self.depth else self.id

    @property
    def score(self) -> int:
        return len(self.meets) + len(self.unlocks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "depth": self.depth,
            "title": self.title,
            "hours": self.hours,
            "via": self.via,
            "score": self.score,
            "meets": list(self.meets),
            "unlocks": list(self.unlocks),
        }


@dataclass(frozen=True, slots=True)
class Frontier:
    goal: str | None
    topics: tuple[FrontierRow, ...]  # ranked, at most ``limit``
    resources: tuple[FrontierRow, ...]
    more_topics: int  # ranked rows left out by the limit
    more_resources: int
    needed: int  # the goal's still-needed pairs (0 without a goal)
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "needed": self.needed,
            "topics": [row.to_dict() for row in self.topics],
            "resources": [row.to_dict() for row in self.resources],
            "more_topics": self.more_topics,
            "more_resources": self.more_resources,
            "notes": list(self.notes),
        }


def _label(topic: str, rank: int) -> str:
    return f"{topic}@{DEPTH_OF_RANK[rank].value}"


class _Ready:
    """How deep each topic is ready to be learned, for some knowledge."""

    def __init__(self, index: TopicIndex) -> None:
        self.index = index

    def depth(self, topic: str, known: Mapping[str, int]) -> int:
        """The deepest rank whose prerequisites are all known (0: not even overview)."""
        ready = 0
        for rank in (1, 2, THOROUGH):
            if all(known.get(t, 0) >= r for t, r in self.index.step(topic, rank)):
                ready = rank
            else:
                break
        return ready


def frontier(
    catalog: Catalog,
    index: TopicIndex,
    known: Mapping[str, int],
    *,
    goal: Goal | None = None,
    done: Iterable[str] = (),
    lang: str | None = None,
    prefs: Preferences | None = None,
    limit: int = 10,
) -> Frontier:
    """The frontier for what is ``known`` (``TopicIndex.learner_knowledge``, with the goal's
    assumptions when there is a goal); ``done`` resources are not offered again, nor what
    ``prefs`` (the plan's preferences) filter out. ``lang``: the language of titles."""
    prefs = prefs or Preferences()
    cost = resource_cost(prefs)
    ready = _Ready(index)
    children = catalog.children_of
    leaves = [t.id for t in catalog.topics if t.id not in children]
    needs: dict[str, int] = {}
    if goal is not None:
        targets = [(n.topic, n.depth.rank) for n in goal.targets]
        needs = unmet(index.needs_closure(targets, None, dict(known)), dict(known))
        leaves = [t for t in leaves if t in needs]
    cap = {t: needs.get(t, THOROUGH) for t in leaves} if goal is not None else None

    dependents: dict[str, list[str]] = {}  # prerequisite leaf -> the listed topics it gates
    for topic in leaves:
        for req_topic, _ in index.step(topic, THOROUGH):
            dependents.setdefault(req_topic, []).append(topic)

    def capped(topic: str, knowledge: Mapping[str, int]) -> int:
        depth = ready.depth(topic, knowledge)
        return min(depth, cap[topic]) if cap is not None else depth

    before = {t: capped(t, known) for t in leaves}

    def effect(gain: Mapping[str, int]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        after = dict(known)
        for topic, rank in gain.items():
            if rank > after.get(topic, 0):
                after[topic] = rank
        meets = tuple(
            _label(t, r) for t, r in sorted(needs.items()) if known.get(t, 0) < r <= after.get(t, 0)
        ) if goal is not None else ()  # fmt: skip
        touched = sorted({d for t in gain for d in dependents.get(t, ())})
        unlocks = []
        for topic in touched:
            now = capped(topic, after)
            if now > max(before[topic], after.get(topic, 0)):
                unlocks.append(_label(topic, now))
        return meets, tuple(unlocks)

    done_ids = set(done)
    resource_rows: list[FrontierRow] = []
    cheapest: dict[str, Resource] = {}  # topic -> its cheapest ready teacher
    for resource in catalog.resources:
        if filter_reason(resource, prefs, done_ids) is not None:
            continue
        taught = index.provides(resource)
        new = {t: r for t, r in taught.items() if r > known.get(t, 0)}
        if goal is not None:
            new = {t: r for t, r in new.items() if t in needs}
        if not new or any(known.get(t, 0) < r for t, r in index.seeds_of(resource)):
            continue
        for topic in new:
            best = cheapest.get(topic)
            if best is None or _rank(resource, cost) < _rank(best, cost):
                cheapest[topic] = resource
        meets, unlocks = effect(taught)
        resource_rows.append(
            FrontierRow(
                "resource", resource.id, None, resource.title_in(lang), resource.hours,
                None, meets, unlocks,
            )
        )  # fmt: skip

    topic_rows: list[FrontierRow] = []
    for topic in leaves:
        depth = before[topic]
        if depth <= known.get(topic, 0):
            continue
        teacher = cheapest.get(topic)
        meets, unlocks = effect(index.known_closure([(topic, depth)]))
        topic_rows.append(
            FrontierRow(
                "topic", topic, DEPTH_OF_RANK[depth].value,
                catalog.topic_by_id[topic].name_in(lang),
                teacher.hours if teacher else None, teacher.id if teacher else None,
                meets, unlocks,
            )
        )  # fmt: skip

    by_id = catalog.resource_by_id

    def order(row: FrontierRow) -> tuple[int, float, float, str]:
        resource = by_id.get(row.via or row.id) if row.kind == "resource" or row.via else None
        weighed = cost(resource) if resource is not None else NO_HOURS
        hours = row.hours if row.hours is not None else NO_HOURS
        return (-row.score if goal is not None else 0, weighed, hours, row.label)

    topic_rows.sort(key=order)
    resource_rows.sort(key=order)
    return Frontier(
        goal.id if goal is not None else None,
        tuple(topic_rows[:limit]),
        tuple(resource_rows[:limit]),
        max(0, len(topic_rows) - limit),
        max(0, len(resource_rows) - limit),
        len(needs),
    )


def _rank(resource: Resource, cost: Callable[[Resource], int]) -> tuple[int, float, str]:
    """Which of two teachers a plan would rather pick: the lower weighted cost, then hours."""
    return (cost(resource), resource.hours, resource.id)


def knowledge_of(
    index: TopicIndex,
    know: Iterable[Req],
    done: Iterable[str],
    goal: Goal | None = None,
) -> dict[str, int]:
    """What ``--know`` pairs and ``--done`` units make known (``TopicIndex.learner_knowledge``),
    with the goal's assumptions at thorough. ``done`` ids are units of ``index.catalog`` (the
    catalog with its parts as resources: ``mathpath.planning.units``)."""
    seeds = [*know, *((t, THOROUGH) for t in (goal.assumes if goal is not None else ()))]
    resources = [index.catalog.resource_by_id[unit] for unit in done]
    return index.learner_knowledge(seeds, resources)
