"""Small random catalogs for property tests, and a brute-force reference planner.

Kept small on purpose (at most 8 topics, 9 resources): the reference enumerates every subset.
The big-catalog generator for benchmarks lives in ``benchmarks/generate.py``.

The reference implements docs/design.md's choice rule independently of ``mathpath.planning``:
needed = prerequisite closure of the goal's targets and of every chosen resource's requirements,
minus what is known; every need covered by a chosen resource; the chosen set orderable so that each
resource's own requirements are met by knowledge or an earlier resource; minimise
(weighted cost, count, sorted ids). Generated topics have no parents (broad topics are covered by
unit tests), which keeps the reference short enough to trust.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from typing import Any

from hypothesis import strategies as st

from mathpath.models import Catalog, Depth
from mathpath.plans import PREFERENCE_FORMATS, PlanRequest, minutes_from_hours

DEPTHS = ["overview", "working", "thorough"]
RANK = {"overview": 1, "working": 2, "thorough": 3}
FORMATS = ["course", "textbook", "video", "interactive"]


@st.composite
def catalogs(draw: st.DrawFn, max_topics: int = 6, max_resources: int = 8) -> Catalog:
    """A valid catalog with one goal ``g`` and resources ``r0, r1, ...``."""
    n_topics = draw(st.integers(2, max_topics))
    topics: list[dict[str, Any]] = []
    for t in range(n_topics):
        earlier = list(range(t))
        requires = (
            draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier else []
        )
        topics.append(
            {
                "id": f"t{t}",
                "name": f"Topic {t}",
                "requires": [f"t{p}@{draw(st.sampled_from(DEPTHS[:2]))}" for p in requires],
            }
        )
    n_resources = draw(st.integers(1, max_resources))
    resources: list[dict[str, Any]] = []
    for r in range(n_resources):
        taught = draw(st.lists(st.integers(0, n_topics - 1), min_size=1, max_size=3, unique=True))
        teaches = {f"t{t}": draw(st.sampled_from(DEPTHS)) for t in taught}
        others = [t for t in range(n_topics) if f"t{t}" not in teaches]
        required = (
            draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) if others else []
        )
        resources.append(
            {
                "id": f"r{r}",
                "title": f"Resource {r}",
                "provider": "Test",
                "url": f"https://example.org/r{r}",
                "format": draw(st.sampled_from(FORMATS)),
                "hours": draw(st.integers(1, 40)) / 2,
                "level": draw(st.sampled_from(["intro", "intermediate", "advanced"])),
                "free": draw(st.booleans()),
                "languages": draw(st.sampled_from([["en"], ["en", "zh"]])),
                "teaches": [f"{t}@{d}" for t, d in teaches.items()],
                "requires": [f"t{t}@{draw(st.sampled_from(DEPTHS[:2]))}" for t in required],
            }
        )
    targets = draw(st.lists(st.integers(0, n_topics - 1), min_size=1, max_size=2, unique=True))
    goal = {
        "id": "g",
        "name": "Goal",
        "description": "A generated goal.",
        "targets": [f"t{t}@{draw(st.sampled_from(DEPTHS))}" for t in targets],
    }
    return Catalog.model_validate({"topics": topics, "resources": resources, "goals": [goal]})


def _closure(catalog: Catalog, seeds: Iterable[tuple[str, int]]) -> dict[str, int]:
    needed: dict[str, int] = {}
    stack = list(seeds)
    while stack:
        topic, rank = stack.pop()
        if needed.get(topic, 0) >= rank:
            continue
        first = topic not in needed
        needed[topic] = rank
        if first:
            stack += [(n.topic, n.depth.rank) for n in catalog.topic_by_id[topic].requires]
    return needed


def known_of(catalog: Catalog, request: PlanRequest) -> dict[str, int]:
    known: dict[str, int] = {}
    seeds = [(n.topic, n.depth.rank) for n in request.known]
    for rid in request.done:
        seeds += [(n.topic, n.depth.rank) for n in catalog.resource_by_id[rid].teaches]
    seeds += [(t, 3) for t in catalog.goal_by_id[request.goal].assumes]
    stack = list(seeds)
    while stack:
        topic, rank = stack.pop()
        if known.get(topic, 0) >= rank:
            continue
        known[topic] = rank
        stack += [(n.topic, rank) for n in catalog.topic_by_id[topic].requires]
    return known


def teaches(catalog: Catalog, rid: str, topic: str) -> int:
    depth = catalog.resource_by_id[rid].teaches_depth(topic)
    return depth.rank if depth is not None else 0


def is_valid_choice(catalog: Catalog, request: PlanRequest, chosen: Iterable[str]) -> bool:
    members = list(chosen)
    known = known_of(catalog, request)
    goal = catalog.goal_by_id[request.goal]
    seeds = [(n.topic, n.depth.rank) for n in goal.targets]
    for rid in members:
        seeds += [(n.topic, n.depth.rank) for n in catalog.resource_by_id[rid].requires]
    for topic, rank in _closure(catalog, seeds).items():
        if known.get(topic, 0) >= rank:
            continue
        if not any(teaches(catalog, rid, topic) >= rank for rid in members):
            return False
    # Orderable: place any member whose own requirements are met; placing never hurts.
    placed: list[str] = []
    remaining = list(members)
    while remaining:
        for rid in remaining:
            own = catalog.resource_by_id[rid].requires
            if all(
                known.get(n.topic, 0) >= n.depth.rank
                or any(teaches(catalog, p, n.topic) >= n.depth.rank for p in placed)
                for n in own
            ):
                placed.append(rid)
                remaining.remove(rid)
                break
        else:
            return False
    return True


def allowed(catalog: Catalog, request: PlanRequest, rid: str) -> bool:
    prefs = request.preferences
    resource = catalog.resource_by_id[rid]
    if rid in request.done or rid in prefs.exclude:
        return False
    if rid in prefs.include:
        return True
    if prefs.free_only and not resource.free:
        return False
    return not (prefs.max_level is not None and resource.level.rank > prefs.max_level.rank)


def weighted_cost(catalog: Catalog, request: PlanRequest, rid: str) -> int:
    """Minutes x 16 x weight (weights 3/4 as in the planner, kept integral)."""
    prefs = request.preferences
    resource = catalog.resource_by_id[rid]
    formats = {f for p in prefs.prefer for f in PREFERENCE_FORMATS[p]}
    first = 3 if resource.format.value in formats else 4
    second = 3 if prefs.lang and resource.available_in(prefs.lang) else 4
    return minutes_from_hours(resource.hours) * first * second


def brute_force(catalog: Catalog, request: PlanRequest) -> tuple[int, int, tuple[str, ...]] | None:
    """The best ``(weighted cost, count, sorted ids)`` over every valid subset, or None."""
    pool = [r.id for r in catalog.resources if allowed(catalog, request, r.id)]
    forced = set(request.preferences.include)
    best: tuple[int, int, tuple[str, ...]] | None = None
    for size in range(len(pool) + 1):
        for subset in combinations(pool, size):
            if not forced <= set(subset):
                continue
            if not is_valid_choice(catalog, request, subset):
                continue
            key = (
                sum(weighted_cost(catalog, request, rid) for rid in subset),
                len(subset),
                tuple(sorted(subset)),
            )
            if best is None or key < best:
                best = key
    return best


__all__ = ["Depth", "brute_force", "catalogs", "is_valid_choice", "known_of", "weighted_cost"]
