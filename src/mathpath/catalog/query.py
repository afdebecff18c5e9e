"""Finding things in a catalog: topics by any of their names, filtered resources, what follows what.

The browsing commands (``mathpath list``, ``show``, ``topics``, ``goals``) are thin shells over
these functions; the ``*_dict`` functions build the documented ``--json`` shapes, so that a script
gets exactly what the terminal view shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from mathpath.catalog.models import (
    Catalog,
    Goal,
    Level,
    Resource,
    ResourceFormat,
    Topic,
    TopicNeed,
    label,
)
from mathpath.catalog.text import word_key
from mathpath.catalog.validate import did_you_mean, suggest
from mathpath.errors import UsageError
from mathpath.i18n import _, listing

E = TypeVar("E", bound=StrEnum)


# --- topics -------------------------------------------------------------------------------------


def topic_names(topic: Topic) -> list[str]:
    """Every word that finds ``topic``: its id, name, names in other languages and aliases."""
    return [topic.id, topic.name, *topic.names.values(), *topic.aliases]


def resolve_topic(catalog: Catalog, word: str) -> Topic:
    """The topic that ``word`` names: an id, an alias or a name in any language (case-insensitive).

    Raises ``UsageError`` with the closest names when nothing matches, or listing the candidates
    when a name is shared by several topics.
    """
    wanted = word.strip()
    if wanted in catalog.topic_by_id:
        return catalog.topic_by_id[wanted]
    # Compared as validation compares them (NFC, case-folded): `café` typed as one code point
    # or as e + U+0301 is the same word. Ids and aliases are unique so, names need not be.
    key = word_key(wanted)
    for topic in catalog.topics:
        if key == word_key(topic.id) or key in (word_key(a) for a in topic.aliases):
            return topic
    named = [t for t in catalog.topics if key in (word_key(n) for n in (t.name, *t.names.values()))]
    if len(named) == 1:
        return named[0]
    if named:
        ids = listing(t.id for t in named)
        raise UsageError(
            _("{word} names several topics: {ids}").format(word=repr(word), ids=ids),
            hint=_("use one of the ids"),
        )
    raise UsageError(
        _("unknown topic {topic}").format(topic=repr(word)),
        hint=did_you_mean(key, (n for t in catalog.topics for n in topic_names(t)))
        or _("see `mathpath topics` for the topics in the catalog"),
    )


# --- resources ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResourceFilter:
    """What ``mathpath list`` keeps. ``None`` means 'any'."""

    topic: str | None = None
    format: ResourceFormat | None = None
    level: Level | None = None
    free_only: bool = False
    lang: str | None = None
    max_hours: float | None = None


def parse_choice(enum: type[E], value: str, option: str) -> E:
    """``value`` as a member of ``enum`` (case-insensitive); a ``UsageError`` listing the values."""
    for member in enum:
        if member.value == value.strip().casefold():
            return member
    valid = ", ".join(m.value for m in enum)
    hint = did_you_mean(value.casefold(), (m.value for m in enum))
    raise UsageError(
        _("{option}: {value} is not one of {valid}").format(
            option=option, value=repr(value), valid=valid
        ),
        hint=hint or _("accepted: {words}").format(words=valid),
    )


def select_resources(catalog: Catalog, wanted: ResourceFilter) -> list[Resource]:
    """Resources that pass every filter, in catalog order.

    A topic filter matches resources that teach the topic or any topic below it (``calculus``
    finds single-variable and multivariable calculus courses).
    """
    if wanted.max_hours is not None and not wanted.max_hours > 0:
        raise UsageError(
            _("--max-hours must be more than 0 (got {hours})").format(hours=f"{wanted.max_hours:g}")
        )
    topics: set[str] | None = None
    if wanted.topic is not None:
        topic = resolve_topic(catalog, wanted.topic)
        topics = set(catalog.topic_and_descendants(topic.id))
    selected = []
    for resource in catalog.resources:
        if topics is not None and not any(n.topic in topics for n in resource.teaches):
            continue
        if wanted.format is not None and resource.format != wanted.format:
            continue
        if wanted.level is not None and resource.level != wanted.level:
            continue
        if wanted.free_only and not resource.free:
            continue
        if wanted.lang is not None and not resource.available_in(wanted.lang):
            continue
        if wanted.max_hours is not None and resource.hours > wanted.max_hours:
            continue
        selected.append(resource)
    return selected


def find_resource(catalog: Catalog, resource_id: str) -> Resource:
    """The resource with this id; a ``UsageError`` with the closest ids (or titles) if none."""
    wanted = resource_id.strip()
    resource = catalog.resource_by_id.get(wanted) or catalog.resource_by_id.get(wanted.casefold())
    if resource is not None:
        return resource
    # Suggest ids, found by id or by title: `show` needs the id.
    by_word: dict[str, str] = {}
    for candidate in catalog.resources:
        by_word.setdefault(candidate.id, candidate.id)
        by_word.setdefault(candidate.title.casefold(), candidate.id)
    close = list(dict.fromkeys(by_word[w] for w in suggest(wanted.casefold(), by_word)))
    hint = (
        _("did you mean {choices}?").format(
            choices=_(" or ").join(f"{c!r} ({catalog.resource_by_id[c].title})" for c in close)
        )
        if close
        else _("see `mathpath list` for the resources in the catalog")
    )
    raise UsageError(_("unknown resource {id}").format(id=repr(resource_id)), hint=hint)


def meets(resource: Resource, need: TopicNeed) -> bool:
    """Whether taking ``resource`` meets the requirement ``need`` (it teaches it deeply enough)."""
    taught = resource.teaches_depth(need.topic)
    return taught is not None and taught.covers(need.depth)


def leads_to(catalog: Catalog, resource: Resource) -> list[Resource]:
    """Resources with a requirement that ``resource`` meets, in catalog order.

    Only direct requirements count: a resource that requires a broad topic (one with children)
    is not listed for a resource that teaches one of its children.
    """
    return [
        other
        for other in catalog.resources
        if other.id != resource.id and any(meets(resource, n) for n in other.requires)
    ]


def teachers_count(catalog: Catalog, topic_id: str) -> int:
    """How many resources teach the topic itself (not its children)."""
    return len(catalog.teachers_of.get(topic_id, []))


# --- output shapes: plain rows, JSON (``--json``) -----------------------------------------------


def format_hours(hours: float, estimated: bool = False) -> str:
    """``160`` or ``~160`` (an estimate); fractions to at most two decimals (``1.5``, ``0.25``)."""
    text = f"{round(hours, 2):g}"
    return f"~{text}" if estimated else text


def resource_row(resource: Resource, lang: str | None = None) -> tuple[str, ...]:
    """One line of ``mathpath list`` when piped: id, title (in ``lang`` where the catalog has
    it), provider, format, hours (``~`` = estimated), level, free (``yes``/``no``). Tabs and
    line breaks inside a field become spaces, so a line is always one resource."""
    return (
        resource.id,
        _one_field(resource.title_in(lang)),
        _one_field(resource.provider),
        label(resource.format),
        format_hours(resource.hours, resource.hours_estimated),
        label(resource.level),
        # TRANSLATORS: a cell of the "free" column: the resource is free / is not.
        _("yes") if resource.free else _("no"),
    )


def _one_field(text: str) -> str:
    return " ".join(text.split()) if "\t" in text or "\n" in text or "\r" in text else text


def need_dict(need: TopicNeed) -> dict[str, Any]:
    result: dict[str, Any] = {"topic": need.topic, "depth": need.depth.value}
    if need.note is not None:
        result["note"] = need.note
    return result


def resource_summary(resource: Resource, lang: str | None = None) -> dict[str, Any]:
    """One row of ``mathpath list --json``. ``title`` is in ``lang`` when the catalog has it."""
    return {
        "id": resource.id,
        "title": resource.title_in(lang),
        "provider": resource.provider,
        "url": resource.url,
        "format": resource.format.value,
        "role": resource.role.value,
        "hours": resource.hours,
        "hours_estimated": resource.hours_estimated,
        "level": resource.level.value,
        "free": resource.free,
        "languages": list(resource.languages),
        "teaches": [need_dict(n) for n in resource.teaches],
        "requires": [need_dict(n) for n in resource.requires],
    }


def resource_detail(catalog: Catalog, resource: Resource) -> dict[str, Any]:
    """Everything ``mathpath show --json`` prints: every field, plus ``leads_to`` (ids)."""
    detail = resource.model_dump(mode="json")
    for field in ("teaches", "requires", "recommends"):
        detail[field] = [need_dict(n) for n in getattr(resource, field)]
    detail["leads_to"] = [r.id for r in leads_to(catalog, resource)]
    return detail


def topic_dict(catalog: Catalog, topic: Topic) -> dict[str, Any]:
    """One entry of ``mathpath topics --json``."""
    return {
        "id": topic.id,
        "name": topic.name,
        "names": dict(topic.names),
        "parent": topic.parent,
        "children": list(catalog.children_of.get(topic.id, [])),
        "aliases": list(topic.aliases),
        "requires": [need_dict(n) for n in topic.requires],
        "recommends": [need_dict(n) for n in topic.recommends],
        "resources": teachers_count(catalog, topic.id),
    }


def goal_dict(goal: Goal) -> dict[str, Any]:
    """One entry of ``mathpath goals --json``."""
    return {
        "id": goal.id,
        "name": goal.name,
        "names": dict(goal.names),
        "description": goal.description,
        "targets": [need_dict(n) for n in goal.targets],
        "assumes": list(goal.assumes),
    }


def catalog_counts(catalog: Catalog) -> dict[str, int]:
    return {
        "topics": len(catalog.topics),
        "resources": len(catalog.resources),
        "goals": len(catalog.goals),
    }
