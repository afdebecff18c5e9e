"""Small random catalogs for property tests, and a brute-force reference planner.

Kept small on purpose (at most 6 topics, 8 resources, a few parts): the reference enumerates every
subset of units. The big-catalog generator for benchmarks lives in ``benchmarks/generate.py``.

The reference implements docs/design.md's model independently of ``mathpath.planning``:

* units: every resource, and each of its parts (``r:p``, with the resource's teaches/requires
  where the part gives none);
* a unit's requirements: its own ``requires``, or when it lists none the topic prerequisites of
  what it teaches that apply at the depth taught (less what it teaches itself);
* known: ``--know T@d`` gives T at d and each applicable prerequisite at min(edge depth, d),
  transitively; a done unit gives what it teaches and what it requires, nothing more; a done
  resource is done with all its parts; finished parts count towards their resource's hours;
* needed: the goal's targets closed through the prerequisites that apply at the depth needed,
  stopping at what is known;
* valid: every need taught deeply enough by a chosen unit, and the chosen units orderable with
  each resource's chosen parts together (in their order) so that every unit's requirements are
  met by knowledge, an earlier item or an earlier part of its own item;
* best: the least (weighted cost, count, sorted unit ids).

Generated topics have no parents (broad topics are covered by unit tests), which keeps the
reference short enough to trust.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from hypothesis import strategies as st

from mathpath.catalog.models import Catalog, Depth, Part, Resource
from mathpath.planning.defaults import PREFERENCE_FORMATS
from mathpath.planning.plans import PlanRequest, minutes_from_hours

DEPTHS = ["overview", "working", "thorough"]
RANK = {"overview": 1, "working": 2, "thorough": 3}
FORMATS = ["course", "textbook", "video", "interactive"]


@st.composite
def catalogs(draw: st.DrawFn, max_topics: int = 6, max_resources: int = 7) -> Catalog:
    """A valid catalog with one goal ``g``, resources ``r0, r1, ...`` and some parts."""
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
                "requires": [
                    {
                        "topic": f"t{p}",
                        "depth": draw(st.sampled_from(DEPTHS[:2])),
                        "applies_from": draw(st.sampled_from(DEPTHS)),
                    }
                    for p in requires
                ],
            }
        )
    n_resources = draw(st.integers(1, max_resources))
    resources: list[dict[str, Any]] = []
    parts_left = 3  # parts multiply the units the reference enumerates
    for r in range(n_resources):
        taught = draw(st.lists(st.integers(0, n_topics - 1), min_size=1, max_size=3, unique=True))
        teaches = {f"t{t}": draw(st.sampled_from(DEPTHS)) for t in taught}
        others = [t for t in range(n_topics) if f"t{t}" not in teaches]
        required = (
            draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) if others else []
        )
        hours = draw(st.integers(2, 40)) / 2
        resource: dict[str, Any] = {
            "id": f"r{r}",
            "title": f"Resource {r}",
            "provider": "Test",
            "url": f"https://example.org/r{r}",
            "format": draw(st.sampled_from(FORMATS)),
            "hours": hours,
            "level": draw(st.sampled_from(["intro", "intermediate", "advanced"])),
            "free": draw(st.booleans()),
            "languages": draw(st.sampled_from([["en"], ["en", "zh"]])),
            "translations": draw(st.sampled_from([[], [{"lang": "zh", "kind": "subtitles"}]])),
            "teaches": [f"{t}@{d}" for t, d in teaches.items()],
            "requires": [f"t{t}@{draw(st.sampled_from(DEPTHS[:2]))}" for t in required],
        }
        n_parts = draw(st.integers(0, min(2, parts_left)))
        parts_left -= n_parts
        parts: list[dict[str, Any]] = []
        budget = int(hours * 2)
        for p in range(n_parts):
            if budget < 1:
                break
            part_half_hours = draw(st.integers(1, budget))
            budget -= part_half_hours
            part: dict[str, Any] = {
                "id": f"p{p}",
                "title": f"Part {p}",
                "hours": part_half_hours / 2,
            }
            if draw(st.booleans()):
                topic = draw(st.sampled_from(sorted(teaches)))
                deepest = RANK[teaches[topic]]
                part["teaches"] = [f"{topic}@{draw(st.sampled_from(DEPTHS[:deepest]))}"]
            if bool(others) and draw(st.booleans()):
                chosen = draw(st.lists(st.sampled_from(others), max_size=2, unique=True))
                part["requires"] = [f"t{t}@{draw(st.sampled_from(DEPTHS[:2]))}" for t in chosen]
            # A part may say its own languages (a chapter the translation leaves out, or one
            # only in Chinese).
            own = draw(st.sampled_from(["inherit", "untranslated", "translated", "english"]))
            if own == "untranslated":
                part["translations"] = []
            elif own == "translated":
                part["translations"] = [{"lang": "zh", "kind": "translation"}]
            elif own == "english":
                part["languages"] = ["en"]
            parts.append(part)
        if parts:
            resource["parts"] = parts
        resources.append(resource)
    targets = draw(st.lists(st.integers(0, n_topics - 1), min_size=1, max_size=2, unique=True))
    goal = {
        "id": "g",
        "name": "Goal",
        "description": "A generated goal.",
        "targets": [f"t{t}@{draw(st.sampled_from(DEPTHS))}" for t in targets],
    }
    return Catalog.model_validate({"topics": topics, "resources": resources, "goals": [goal]})


@dataclass(frozen=True)
class Unit:
    id: str
    owner: Resource
    hours: float
    teaches: dict[str, int]
    requires: dict[str, int]


def _deepest(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for topic, rank in pairs:
        found[topic] = max(found.get(topic, 0), rank)
    return found


def units(catalog: Catalog) -> list[Unit]:
    """Every resource, then each of its parts, in catalog order."""
    found: list[Unit] = []
    for resource in catalog.resources:
        pieces = [(resource.id, resource.hours, resource.teaches, resource.requires)]
        for part in resource.parts:
            pieces.append(
                (
                    f"{resource.id}:{part.id}",
                    part.hours,
                    part.teaches if part.teaches is not None else resource.teaches,
                    part.requires if part.requires is not None else resource.requires,
                )
            )
        for unit_id, hours, teaches, requires in pieces:
            taught = _deepest((n.topic, n.depth.rank) for n in teaches)
            if requires:
                needs = _deepest((n.topic, n.depth.rank) for n in requires)
            else:  # the topic defaults
                needs = _deepest(
                    (e.topic, e.depth.rank)
                    for topic, rank in taught.items()
                    for e in catalog.topic_by_id[topic].requires
                    if e.applies_from.rank <= rank and taught.get(e.topic, 0) < e.depth.rank
                )
            found.append(Unit(unit_id, resource, hours, taught, needs))
    return found


def done_units(catalog: Catalog, request: PlanRequest) -> set[str]:
    done: set[str] = set()
    for ref in request.done:
        done.add(ref)
        if ref in catalog.resource_by_id:
            done |= {f"{ref}:{p.id}" for p in catalog.resource_by_id[ref].parts}
    # finished parts whose hours add up to their resource's finish it
    for resource in catalog.resources:
        spent = sum(
            minutes_from_hours(p.hours) for p in resource.parts if f"{resource.id}:{p.id}" in done
        )
        if resource.parts and spent >= minutes_from_hours(resource.hours):
            done.add(resource.id)
    return done


def remaining_minutes(catalog: Catalog, request: PlanRequest, unit: Unit) -> int:
    minutes = minutes_from_hours(unit.hours)
    if unit.id == unit.owner.id:
        minutes -= sum(
            minutes_from_hours(p.hours)
            for p in unit.owner.parts
            if f"{unit.id}:{p.id}" in request.done
        )
    return minutes


def known_of(catalog: Catalog, request: PlanRequest, *, assumed: bool = True) -> dict[str, int]:
    known: dict[str, int] = {}
    stack = [(n.topic, n.depth.rank) for n in request.known]
    if assumed:
        stack += [(t, 3) for t in catalog.goal_by_id[request.goal].assumes]
    while stack:
        topic, rank = stack.pop()
        if known.get(topic, 0) >= rank:
            continue
        known[topic] = rank
        stack += [
            (e.topic, min(e.depth.rank, rank))
            for e in catalog.topic_by_id[topic].requires
            if e.applies_from.rank <= rank
        ]
    done = done_units(catalog, request)
    for unit in units(catalog):
        if unit.id in done:
            for topic, rank in (*unit.teaches.items(), *unit.requires.items()):
                known[topic] = max(known.get(topic, 0), rank)
    return known


def needs_of(catalog: Catalog, request: PlanRequest, known: dict[str, int]) -> dict[str, int]:
    needed: dict[str, int] = {}
    stack = [(n.topic, n.depth.rank) for n in catalog.goal_by_id[request.goal].targets]
    while stack:
        topic, rank = stack.pop()
        if needed.get(topic, 0) >= rank or known.get(topic, 0) >= rank:
            continue
        needed[topic] = rank
        stack += [
            (e.topic, e.depth.rank)
            for e in catalog.topic_by_id[topic].requires
            if e.applies_from.rank <= rank
        ]
    return needed


def is_valid_choice(catalog: Catalog, request: PlanRequest, chosen: Iterable[str]) -> bool:
    by_id = {u.id: u for u in units(catalog)}
    members = [by_id[u] for u in chosen]
    known = known_of(catalog, request)
    for topic, rank in needs_of(catalog, request, known).items():
        if not any(u.teaches.get(topic, 0) >= rank for u in members):
            return False
    # Items: a resource's chosen units together, in catalog (= part) order. Place any item whose
    # units' requirements are met by knowledge, earlier items or its own earlier parts; placing
    # never hurts.
    order = list(by_id)
    items: dict[str, list[Unit]] = {}
    for unit in sorted(members, key=lambda u: order.index(u.id)):
        items.setdefault(unit.owner.id, []).append(unit)
    taught: dict[str, int] = dict(known)
    remaining = list(items.values())
    while remaining:
        for item in remaining:
            have = dict(taught)
            ok = True
            for unit in item:
                if any(have.get(t, 0) < r for t, r in unit.requires.items()):
                    ok = False
                    break
                for t, r in unit.teaches.items():
                    have[t] = max(have.get(t, 0), r)
            if ok:
                taught = have
                remaining.remove(item)
                break
        else:
            return False
    return True


def allowed(catalog: Catalog, request: PlanRequest, unit: Unit) -> bool:
    prefs = request.preferences
    resource = unit.owner
    excluded = unit.id in prefs.exclude or resource.id in prefs.exclude
    if unit.id in done_units(catalog, request) or excluded:
        return False
    if unit.id in prefs.include:
        return True
    if prefs.free_only and not resource.free:
        return False
    if prefs.require_lang and not in_language(unit, prefs.require_lang):
        return False
    return not (prefs.max_level is not None and resource.level.rank > prefs.max_level.rank)


def in_language(unit: Unit, lang: str) -> bool:
    """Whether the unit has material in ``lang``, written out again for the reference: a part's
    own languages and translations where it gives them, else its resource's; a whole resource
    only if each of its parts has too."""
    resource = unit.owner
    own = [p for p in resource.parts if f"{resource.id}:{p.id}" == unit.id]
    pieces: list[Part | None] = [*own] if own else [None, *resource.parts]
    for part in pieces:
        langs = resource.languages if part is None or part.languages is None else part.languages
        trans = (
            resource.translations
            if part is None or part.translations is None
            else part.translations
        )
        if lang not in langs and all(t.lang != lang for t in trans):
            return False
    return True


LANGUAGE_SURCHARGE = 60 * 16  # minutes at the full weight, x 16 as every cost here


def weighted_cost(catalog: Catalog, request: PlanRequest, unit_id: str) -> int:
    """Minutes left x 16 x weight (weights 3/4 as in the planner, kept integral), plus the
    language surcharge for a unit with nothing in ``--lang``."""
    unit = {u.id: u for u in units(catalog)}[unit_id]
    prefs = request.preferences
    resource = unit.owner
    formats = {f for p in prefs.prefer for f in PREFERENCE_FORMATS[p]}
    first = 3 if resource.format.value in formats else 4
    minutes = max(1, remaining_minutes(catalog, request, unit))
    if not prefs.lang:
        return minutes * first * 4
    if in_language(unit, prefs.lang):
        return minutes * first * 3
    return minutes * first * 4 + LANGUAGE_SURCHARGE


def brute_force(catalog: Catalog, request: PlanRequest) -> tuple[int, int, tuple[str, ...]] | None:
    """The best ``(weighted cost, count, sorted unit ids)`` over every valid subset, or None.

    A subset never holds a whole resource together with one of its own parts."""
    pool = [u.id for u in units(catalog) if allowed(catalog, request, u)]
    forced = set(request.preferences.include)
    best: tuple[int, int, tuple[str, ...]] | None = None
    for size in range(len(pool) + 1):
        for subset in combinations(pool, size):
            if not forced <= set(subset):
                continue
            if any(u.count(":") and u.split(":", 1)[0] in subset for u in subset):
                continue  # a whole resource and one of its own parts: the whole contains it
            if not is_valid_choice(catalog, request, subset):
                continue
            key = (
                sum(weighted_cost(catalog, request, u) for u in subset),
                len(subset),
                tuple(sorted(subset)),
            )
            if best is None or key < best:
                best = key
    return best


__all__ = [
    "Depth",
    "brute_force",
    "catalogs",
    "is_valid_choice",
    "known_of",
    "units",
    "weighted_cost",
]
