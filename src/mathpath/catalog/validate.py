"""Checks a parsed catalog for what its schema alone cannot see.

Every check returns ``Issue`` records (a field path, a message, a hint); turning them into located
``Problem``s with file and line is the loader's job. All checks run, so a user sees every problem
at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mathpath.catalog.graph import find_cycles
from mathpath.catalog.models import Depth, Goal, Resource, Topic, TopicNeed
from mathpath.catalog.text import word_key
from mathpath.i18n import _, listing

PathPart = str | int


@dataclass(frozen=True, slots=True)
class Issue:
    path: tuple[PathPart, ...]
    message: str
    hint: str = ""


def suggest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Closest names to ``word`` (for 'did you mean ...?')."""
    return difflib.get_close_matches(word, sorted(set(choices)), n=n, cutoff=0.6)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """The one 'did you mean ...?' of every hint (option values, ids, keys, names): the closest
    of ``choices`` to ``word``, compared as ``word_key`` compares words (case and Unicode form
    aside) and quoted as they are spelled; ``""`` when none is close."""
    return _closest(word, _spellings(choices))


def _spellings(choices: Iterable[str]) -> dict[str, str]:
    spelled: dict[str, str] = {}
    for choice in choices:
        spelled.setdefault(word_key(choice), choice)
    return spelled


def _closest(word: str, spelled: dict[str, str]) -> str:
    close = suggest(word_key(word), spelled)
    if not close:
        return ""
    # TRANSLATORS: between the suggestions of "did you mean 'a' or 'b'?"
    choices = _(" or ").join(repr(spelled[c]) for c in close)
    return _("did you mean {choices}?").format(choices=choices)


# How many different words one validation looks up for 'did you mean': difflib compares a word
# with every choice, which for 200,000 unknown keys alone took 20 s. A file with more mistakes
# than this still gets every one reported, the later ones without a suggestion.
SUGGESTION_LIMIT = 200


class Suggestions:
    """``did_you_mean`` among fixed ``choices`` for the many problems of one validation: each
    word is looked up once, and at most ``limit`` different words are."""

    def __init__(self, choices: Iterable[str], limit: int = SUGGESTION_LIMIT) -> None:
        self.spelled = _spellings(choices)
        self.limit = limit
        self._found: dict[str, str] = {}

    def hint(self, word: str) -> str:
        found = self._found.get(word)
        if found is None:
            if len(self._found) >= self.limit:
                return ""
            found = self._found[word] = _closest(word, self.spelled)
        return found


def check_catalog(
    topics: Sequence[tuple[int, Topic]],
    resources: Sequence[tuple[int, Resource]],
    goals: Sequence[tuple[int, Goal]],
    *,
    known_topic_ids: Iterable[str] = (),
) -> list[Issue]:
    """Semantic checks over the items that passed schema validation.

    Items come with their index in the file so that paths point at the right entry.
    ``known_topic_ids`` adds ids of topics that exist in the file but failed schema validation, so
    that one broken topic does not also produce a flood of 'unknown topic' reports.
    """
    issues: list[Issue] = []
    issues += _duplicates("topics", [(i, t.id) for i, t in topics])
    issues += _duplicates("resources", [(i, r.id) for i, r in resources])
    issues += _duplicates("goals", [(i, g.id) for i, g in goals])

    topic_ids = {t.id for _, t in topics} | set(known_topic_ids)
    hints = Suggestions(topic_ids)
    parents = {t.id: t.parent for _, t in topics if t.parent is not None}
    issues += _aliases(topics)

    for i, topic in topics:
        base = ("topics", i)
        if topic.parent is not None:
            if topic.parent == topic.id:
                issues.append(Issue((*base, "parent"), _("a topic cannot be its own parent")))
            elif topic.parent not in topic_ids:
                issues.append(_unknown_topic((*base, "parent"), topic.parent, hints))
        for field in ("requires", "recommends"):
            needs: list[TopicNeed] = getattr(topic, field)
            for j, need in enumerate(needs):
                path = (*base, field, j)
                if need.topic == topic.id:
                    issues.append(
                        Issue(
                            path,
                            _("topic {topic} lists itself as a prerequisite").format(
                                topic=repr(topic.id)
                            ),
                            _("remove it"),
                        )
                    )
                elif need.topic not in topic_ids:
                    issues.append(_unknown_topic((*path, "topic"), need.topic, hints))

    for i, resource in resources:
        base = ("resources", i)
        for field in ("teaches", "requires", "recommends"):
            needs = getattr(resource, field)
            for j, need in enumerate(needs):
                if need.topic not in topic_ids:
                    issues.append(_unknown_topic((*base, field, j, "topic"), need.topic, hints))
        issues += _needs_what_it_teaches(base, resource.teaches, resource.requires)
        issues += _parts(base, resource, topic_ids, hints, parents)
        issues += _editions(base, resource)

    for i, goal in goals:
        base = ("goals", i)
        for j, need in enumerate(goal.targets):
            if need.topic not in topic_ids:
                issues.append(_unknown_topic((*base, "targets", j, "topic"), need.topic, hints))
        for j, topic_id in enumerate(goal.assumes):
            if topic_id not in topic_ids:
                issues.append(_unknown_topic((*base, "assumes", j), topic_id, hints))
        issues += _steps(base, goal, {r.id: r for _, r in resources})

    issues += _topic_cycles(topics)
    issues += _checks(topics)
    return issues


def _checks(topics: Sequence[tuple[int, Topic]]) -> list[Issue]:
    """Self-check items: ids unique within their topic, and none on a broad topic (a learner is
    placed on the specific topics it stands for, which carry their own)."""
    issues: list[Issue] = []
    broad = {t.parent for _, t in topics if t.parent is not None}
    for i, topic in topics:
        if not topic.checks:
            continue
        if topic.id in broad:
            issues.append(
                Issue(
                    ("topics", i, "checks"),
                    _(
                        "{topic} is a broad topic (other topics name it as parent): "
                        "it has no self-check items of its own"
                    ).format(topic=repr(topic.id)),
                    _("put them on the specific topics below it"),
                )
            )
        seen: set[str] = set()
        for j, check in enumerate(topic.checks):
            if check.id in seen:
                issues.append(
                    Issue(
                        ("topics", i, "checks", j, "id"),
                        _("check id {check} is used twice in topic {topic}").format(
                            check=repr(check.id), topic=repr(topic.id)
                        ),
                        _("give each check of a topic its own id"),
                    )
                )
            seen.add(check.id)
    return issues


def _needs_what_it_teaches(
    base: tuple[PathPart, ...], teaches: list[TopicNeed], requires: list[TopicNeed]
) -> list[Issue]:
    issues: list[Issue] = []
    for j, need in enumerate(requires):
        taught = max(
            (n.depth for n in teaches if n.topic == need.topic), key=lambda d: d.rank, default=None
        )
        if taught is not None and need.depth.rank >= taught.rank:
            issues.append(
                Issue(
                    (*base, "requires", j),
                    _(
                        "requires {topic} at depth {depth} but only teaches it at "
                        "{taught}: a resource cannot need what it teaches"
                    ).format(topic=repr(need.topic), depth=need.depth, taught=taught),
                    _("lower the required depth, or raise the depth it teaches"),
                )
            )
    return issues


def _parts(
    base: tuple[PathPart, ...],
    resource: Resource,
    topic_ids: set[str],
    hints: Suggestions,
    parents: Mapping[str, str],
) -> list[Issue]:
    """A part is a piece of its resource: it teaches nothing the whole does not, no deeper (a
    whole teaching a broad topic teaches each topic below it), and its hours fit in the
    whole's."""
    issues = _duplicates_at((*base, "parts"), [(j, p.id) for j, p in enumerate(resource.parts)])
    total = 0.0
    for j, part in enumerate(resource.parts):
        path = (*base, "parts", j)
        total += part.hours
        if part.hours > resource.hours:
            issues.append(
                Issue(
                    (*path, "hours"),
                    _(
                        "part {part} takes {hours} h, more than the whole resource ({whole} h)"
                    ).format(
                        part=repr(part.id), hours=f"{part.hours:g}", whole=f"{resource.hours:g}"
                    ),
                    _("a part is a piece of the resource: lower its hours or raise the resource's"),
                )
            )
        teaches = part.teaches if part.teaches is not None else resource.teaches
        requires = part.requires if part.requires is not None else resource.requires
        for field, needs in (("teaches", part.teaches or []), ("requires", part.requires or [])):
            for k, need in enumerate(needs):
                if need.topic not in topic_ids:
                    issues.append(_unknown_topic((*path, field, k, "topic"), need.topic, hints))
        for k, need in enumerate(part.teaches or []):
            whole = _taught_depth(resource, need.topic, parents)
            if whole is None or need.depth.rank > whole.rank:
                if whole:
                    message = _(
                        "part {part} teaches {need}, which the whole resource does not "
                        "({topic} at {depth})"
                    )
                else:
                    message = _(
                        "part {part} teaches {need}, which the whole resource does not "
                        "({topic} missing)"
                    )
                issues.append(
                    Issue(
                        (*path, "teaches", k),
                        message.format(
                            part=repr(part.id),
                            need=f"{need.topic}@{need.depth}",
                            topic=need.topic,
                            depth=whole,
                        ),
                        _("add it to the resource's teaches, or lower the part's depth"),
                    )
                )
        if part.teaches is not None or part.requires is not None:
            issues += _needs_what_it_teaches(path, teaches, requires)
    if resource.parts and total > resource.hours + 1e-9:
        issues.append(
            Issue(
                (*base, "parts"),
                _(
                    "the parts take {hours} h together, more than the whole resource ({whole} h)"
                ).format(hours=f"{total:g}", whole=f"{resource.hours:g}"),
                _("parts are pieces of the resource: their hours cannot add up to more than it"),
            )
        )
    return issues


def _taught_depth(resource: Resource, topic: str, parents: Mapping[str, str]) -> Depth | None:
    """The depth ``resource`` teaches ``topic`` at, itself or through a broader topic above it."""
    best: Depth | None = None
    seen: set[str] = set()
    current: str | None = topic
    while current is not None and current not in seen:
        seen.add(current)
        depth = resource.teaches_depth(current)
        if depth is not None and (best is None or depth.rank > best.rank):
            best = depth
        current = parents.get(current)
    return best


def _editions(base: tuple[PathPart, ...], resource: Resource) -> list[Issue]:
    """An edition ends no earlier than it starts, and the editions come in date order without
    overlapping (ISO dates compare as text)."""
    issues: list[Issue] = []
    previous_end = ""
    for j, edition in enumerate(resource.editions):
        path = (*base, "editions", j)
        if edition.end < edition.start:
            issues.append(
                Issue(
                    (*path, "end"),
                    _("the edition ends ({end}) before it starts ({start})").format(
                        end=edition.end, start=edition.start
                    ),
                    _("swap the dates"),
                )
            )
        elif edition.start <= previous_end:
            issues.append(
                Issue(
                    (*path, "start"),
                    _("the edition starts ({start}) before the one before it ends ({end})").format(
                        start=edition.start, end=previous_end
                    ),
                    _("list the editions in date order, each after the last"),
                )
            )
        previous_end = max(previous_end, edition.end)
    return issues


def _steps(base: tuple[PathPart, ...], goal: Goal, resources: dict[str, Resource]) -> list[Issue]:
    issues = _duplicates_at((*base, "steps"), list(enumerate(goal.steps)))
    for j, step in enumerate(goal.steps):
        resource_id, _sep, part_id = step.partition(":")
        resource = resources.get(resource_id)
        if resource is None:
            hint = did_you_mean(resource_id, resources) or _("a step names a resource id")
            message = _("unknown resource {resource}").format(resource=repr(resource_id))
            issues.append(Issue((*base, "steps", j), message, hint))
        elif part_id and part_id not in resource.part_by_id:
            hint = did_you_mean(part_id, resource.part_by_id) or (
                _("its parts: {parts}").format(parts=listing(resource.part_by_id))
                if resource.part_by_id
                else _("its parts: none")
            )
            message = _("{resource} has no part {part}").format(
                resource=resource_id, part=repr(part_id)
            )
            issues.append(Issue((*base, "steps", j), message, hint))
    return issues


def _duplicates_at(path: tuple[PathPart, ...], ids: list[tuple[int, str]]) -> list[Issue]:
    seen: dict[str, int] = {}
    issues: list[Issue] = []
    for index, item_id in ids:
        if item_id in seen:
            issues.append(
                Issue(
                    (*path, index),
                    _("{id} is listed twice (first at {index})").format(
                        id=repr(item_id), index=seen[item_id]
                    ),
                    _("remove the second one"),
                )
            )
        else:
            seen[item_id] = index
    return issues


def _duplicates(section: str, ids: list[tuple[int, str]]) -> list[Issue]:
    first: dict[str, int] = {}
    issues: list[Issue] = []
    for index, item_id in ids:
        if item_id in first:
            issues.append(
                Issue(
                    (section, index, "id"),
                    _("duplicate id {id} (first used by {entry})").format(
                        id=repr(item_id), entry=f"{section}[{first[item_id]}]"
                    ),
                    _("ids must be unique within a section: rename or merge the entries"),
                )
            )
        else:
            first[item_id] = index
    return issues


def _aliases(topics: Sequence[tuple[int, Topic]]) -> list[Issue]:
    """An alias finds one topic: compared as words are looked up (``word_key``: NFC, case
    folded), so ``café`` in one code point and ``cafe`` + U+0301 cannot name two topics."""
    owner: dict[str, tuple[str, str]] = {word_key(t.id): (t.id, t.id) for _, t in topics}
    issues: list[Issue] = []
    for i, topic in topics:
        for j, alias in enumerate(topic.aliases):
            key = word_key(alias)
            if key in owner and owner[key][0] != topic.id:
                other, spelling = owner[key]
                if spelling.casefold() != alias.casefold():
                    message = _(
                        "alias {alias} already names topic {other} as {spelling} "
                        "(the same word once Unicode-normalised)"
                    )
                else:
                    message = _("alias {alias} already names topic {other}")
                issues.append(
                    Issue(
                        ("topics", i, "aliases", j),
                        message.format(
                            alias=repr(alias), other=repr(other), spelling=repr(spelling)
                        ),
                        _("an alias must find exactly one topic"),
                    )
                )
            else:
                owner.setdefault(key, (topic.id, alias))
    return issues


def _unknown_topic(path: tuple[PathPart, ...], topic_id: str, hints: Suggestions) -> Issue:
    hint = hints.hint(topic_id) or _("add the topic under `topics:` or fix the id")
    return Issue(path, _("unknown topic {topic}").format(topic=repr(topic_id)), hint)


def _topic_cycles(topics: Sequence[tuple[int, Topic]]) -> list[Issue]:
    """Cycles through hard prerequisites and through ``parent`` links.

    Soft edges (``recommends``) may form cycles, e.g. mutual co-requisites: the planner simply
    does not order by a soft edge that would close one.
    """
    index_of = {t.id: i for i, t in topics}
    issues: list[Issue] = []
    requires = {t.id: [n.topic for n in t.requires if n.topic != t.id] for _, t in topics}
    # Self-requirements are reported on their own above, so every cycle here has two topics or more.
    for cycle in find_cycles(requires):
        issues.append(
            Issue(
                ("topics", index_of.get(cycle[0], 0), "requires"),
                _("prerequisite cycle: {cycle} (each requires the next)").format(
                    cycle=" -> ".join(cycle)
                ),
                _("remove one of these requirements, or make it a soft `recommends`"),
            )
        )
    parents = {t.id: [t.parent] for _, t in topics if t.parent and t.parent != t.id}
    for cycle in find_cycles(parents):
        issues.append(
            Issue(
                ("topics", index_of.get(cycle[0], 0), "parent"),
                _("parent cycle: {cycle}").format(cycle=" -> ".join(cycle)),
                _("a topic cannot be inside itself"),
            )
        )
    return issues
