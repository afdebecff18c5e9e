"""``why``: why a resource is in a plan (the chain to the goal), or why it is not."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from mathpath.catalog.models import Catalog, label
from mathpath.catalog.validate import did_you_mean
from mathpath.errors import PlanError, UsageError
from mathpath.i18n import _, listing, ngettext
from mathpath.planning.candidates import filter_reason
from mathpath.planning.core import Solved, solve
from mathpath.planning.knowledge import DEPTH_OF_RANK, Req
from mathpath.planning.plans import PlanRequest, hours_from_minutes

# kinds of answer, stable strings for scripts and tests
CHOSEN = "chosen"
DONE = "done"
FILTERED = "filtered"
KNOWN = "known"
IRRELEVANT = "irrelevant"
ALTERNATIVE = "alternative"
SHALLOW = "shallow"  # teaches a needed topic, but not as deeply as the plan needs it
BLOCKED = "blocked"


@dataclass(frozen=True, slots=True)
class Link:
    """One step of a chain: ``subject`` (a resource or topic id) and what connects it onwards."""

    subject: str
    text: str


@dataclass(frozen=True, slots=True)
class Explanation:
    resource_id: str
    title: str
    goal: str
    kind: str  # one of the constants above
    verdict: str  # one sentence
    chain: tuple[Link, ...] = ()  # chosen: from the resource to the goal
    alternatives: tuple[str, ...] = ()  # chosen resources that cover what it would have
    extra_hours: float | None = None  # what forcing it in (--include) would add to the plan

    @property
    def chosen(self) -> bool:
        return self.kind == CHOSEN


def explain(catalog: Catalog, request: PlanRequest, resource_id: str) -> Explanation:
    resource = catalog.resource_by_id.get(resource_id)
    if resource is None:
        raise UsageError(
            _("unknown resource {id}").format(id=repr(resource_id)),
            hint=did_you_mean(resource_id, catalog.resource_by_id) or _("see `mathpath list`"),
        )
    solved = solve(catalog, request)
    answer = partial(Explanation, resource.id, resource.title, solved.goal.id)
    chosen_ids = {item.id: n for n, item in enumerate(solved.plan.items)}
    if resource.id in chosen_ids:
        item = solved.plan.items[chosen_ids[resource.id]]
        verdict = item.reason
        if item.parts:
            verdict = _(
                "{verdict}; only {parts} of it ({hours} h), not the whole ({whole} h): the parts "
                "meet what the plan needs of it"
            ).format(
                verdict=verdict,
                parts=_list([p.id for p in item.parts]),
                hours=f"{item.hours:g}",
                whole=f"{resource.hours:g}",
            )
        return answer(kind=CHOSEN, verdict=verdict, chain=_chain(solved, resource.id))
    prefs = request.preferences
    why_filtered = filter_reason(resource, prefs, set(request.done))
    if why_filtered is not None:
        kind = DONE if resource.id in request.done else FILTERED
        return answer(kind=kind, verdict=_("not considered: {why}").format(why=why_filtered))
    needed = _needed(solved)
    provides = solved.relevance.provides_of(resource)
    useful = sorted((t, r) for t, r in needed if provides.get(t, 0) >= r)
    if not useful:
        known = solved.relevance.known
        taught = sorted(provides)
        if taught and all(known.get(t, 0) >= r for t, r in provides.items()):
            return answer(
                kind=KNOWN,
                verdict=_("you already know what it teaches ({topics})").format(
                    topics=_list(taught)
                ),
            )
        deepest = dict(needed)
        short = [
            _("{topic} at {depth}, the plan needs {needed}").format(
                topic=t, depth=label(DEPTH_OF_RANK[r]), needed=label(DEPTH_OF_RANK[deepest[t]])
            )
            for t, r in sorted(provides.items())
            if t in deepest and r < deepest[t]
        ]
        if short:
            return answer(
                kind=SHALLOW,
                verdict=_("it does not go deep enough: it teaches {what}").format(
                    what="; ".join(short)
                ),
            )
        return answer(
            kind=IRRELEVANT,
            verdict=_("it teaches nothing this goal still needs (it teaches {topics})").format(
                topics=_list(taught)
            ),
        )
    inst = solved.instance
    if resource not in inst.resources:
        blocked = sorted(
            f"{t}@{DEPTH_OF_RANK[r]}"
            for t, r in solved.relevance.demands_of(resource)
            if not any(
                p.id != resource.id and solved.relevance.provides_of(p).get(t, 0) >= r
                for p in inst.resources
            )
        )
        return answer(
            kind=BLOCKED,
            verdict=_(
                "what it requires cannot be met with the available resources ({needs})"
            ).format(needs=_list(blocked)),
        )
    alternatives = tuple(
        item.id
        for item in solved.plan.items
        if any(solved.relevance.provides_of(item.resource).get(t, 0) >= r for t, r in useful)
    )
    extra = _extra_hours(catalog, request, resource.id, solved)
    topics = _list([t for t, _ in useful])
    names = listing(alternatives) or _("other resources")
    verdict = ngettext(
        "{names} already covers {topics}", "{names} already cover {topics}", len(alternatives)
    ).format(names=names, topics=topics)
    wanted = {t for t, _ in useful}
    also = [
        _("{id} is there for {topics} too").format(
            id=item.id, topics=_list(sorted({n.topic for n in item.covers} - wanted))
        )
        for item in solved.plan.items
        if item.id in alternatives and {n.topic for n in item.covers} - wanted
    ]
    if also:
        verdict = _("{verdict} ({details})").format(verdict=verdict, details="; ".join(also))
    if extra is not None and extra < 0:
        # Shorter, but the weights (--prefer, --lang) made the chosen material cheaper.
        verdict = _(
            "{verdict}, which --prefer/--lang weigh in favour of; including it would take "
            "{hours} h less (--include {id})"
        ).format(verdict=verdict, hours=f"{-extra:g}", id=resource.id)
    elif extra is not None:
        verdict = _("{verdict}; including it would add {hours} h (--include {id})").format(
            verdict=verdict, hours=f"{extra:g}", id=resource.id
        )
    return answer(kind=ALTERNATIVE, verdict=verdict, alternatives=alternatives, extra_hours=extra)


def _needed(solved: Solved) -> list[Req]:
    needed = set(solved.instance.goal_needs)
    for i in solved.choice.chosen:
        needed |= solved.instance.demands[i]
    return sorted(needed)


def _extra_hours(
    catalog: Catalog, request: PlanRequest, resource_id: str, solved: Solved
) -> float | None:
    prefs = replace(request.preferences, include=(*request.preferences.include, resource_id))
    schedule = replace(request.schedule, deadline=None)
    try:
        other = solve(catalog, replace(request, preferences=prefs, schedule=schedule)).plan
    except PlanError:
        return None
    return hours_from_minutes(other.total_minutes - solved.plan.total_minutes)


def _chain(solved: Solved, resource_id: str) -> tuple[Link, ...]:
    items = {item.id: item for item in solved.plan.items}
    goal = solved.goal
    targets = {leaf for n in goal.targets for leaf in solved.index.leaves(n.topic)}
    catalog = solved.index.catalog
    links: list[Link] = []
    current = items[resource_id]
    seen = {resource_id}
    while True:
        covers = [n.topic for n in current.covers]
        on_target = [t for t in covers if t in targets]
        if on_target:
            links.append(
                Link(
                    current.id,
                    _("teaches {topics}, a target of the goal {goal}").format(
                        topics=_list(catalog.in_topic_order(on_target)), goal=goal.id
                    ),
                )
            )
            break
        onward = [b for b in current.needed_by if b and b not in seen]
        if onward:
            nxt = items[onward[0]]
            demands = solved.relevance.demands_of(nxt.resource)
            topics = [t for t in covers if any(t == d for d, _ in demands)]
            text = _("teaches {topics}, which {id} requires").format(
                topics=_list(catalog.in_topic_order(topics)), id=nxt.id
            )
            links.append(Link(current.id, text))
            seen.add(nxt.id)
            current = nxt
            continue
        if covers:
            topic = covers[0]
            links.append(Link(current.id, _("teaches {topic}").format(topic=topic)))
            visited = {topic}
            while topic in solved.pulled_by and solved.pulled_by[topic] not in visited:
                above = solved.pulled_by[topic]
                links.append(Link(above, _("builds on {topic}").format(topic=topic)))
                visited.add(above)
                topic = above
            links.append(Link(topic, _("is needed for the goal {goal}").format(goal=goal.id)))
            break
        if current.id in goal.steps:
            links.append(Link(current.id, _("a step of the goal")))
        else:
            links.append(Link(current.id, _("you included it (--include)")))
        break
    return tuple(links)


def _list(words: list[str]) -> str:
    unique = list(dict.fromkeys(words))
    if len(unique) <= 4:
        return listing(unique)
    more = len(unique) - 4
    return ngettext("{topics} and {n} more", "{topics} and {n} more", more).format(
        topics=listing(unique[:4]), n=more
    )
