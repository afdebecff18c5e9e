"""Placement (``mathpath check``): the depth a learner knows each topic at, found by asking the
catalog's self-check items (``Topic.checks``) from the bottom of the prerequisite graph up.

The walk is plain data in, plain data out: ``placement_scope`` says which specific topics to ask
about and how deep, ``place`` asks through a callback and returns a ``Placement`` (what was
found, every question asked, every depth skipped and why), and ``read_answers`` turns a file of
answers into that callback for scripts and tests.

The rules (documented in the README's ``check`` section):

* Topics are walked in prerequisite order (a topic after every topic it requires, catalog order
  among equals); each topic's depths in order, overview first, up to the depth the goal needs.
* A depth is asked item by item; the first "no" ends it: the topic is known at the deepest depth
  passed before it, and its deeper depths are not asked. A depth with no items is passed over
  (passing a deeper one covers it).
* A depth is not asked while a prerequisite that applies at it (``Prerequisite.applies_from``)
  was found shallower than its edge demands: who cannot do the overview items of single-variable
  calculus is not asked about multivariable calculus.

An item is named ``TOPIC:CHECK`` (``single-variable-calculus:chain-rule``); review can keep its
state on the same ids, or on ``(topic, depth)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mathpath.catalog.models import Catalog, Check, Depth, Goal, TopicNeed
from mathpath.errors import Problem, UsageError
from mathpath.i18n import _, listing, ngettext
from mathpath.planning.knowledge import DEPTH_OF_RANK, THOROUGH, TopicIndex

DEPTHS = (Depth.OVERVIEW, Depth.WORKING, Depth.THOROUGH)


def item_id(topic: str, check: Check) -> str:
    """How an item is named outside its topic (answer files, JSON): ``TOPIC:CHECK``."""
    return f"{topic}:{check.id}"


@dataclass(frozen=True, slots=True)
class Question:
    """One self-check item, put to the learner."""

    topic: str
    depth: Depth
    check: Check
    number: int  # 1-based, in the order asked

    @property
    def id(self) -> str:
        return item_id(self.topic, self.check)


@dataclass(frozen=True, slots=True)
class Asked:
    question: Question
    yes: bool


@dataclass(frozen=True, slots=True)
class Skipped:
    """A depth of a topic that was not asked, and why."""

    topic: str
    depth: Depth
    reason: str  # "failed" (a shallower depth was not passed), "needs" or "no-checks"
    because: str = ""  # the topic@depth that settles it


@dataclass(frozen=True, slots=True)
class Placement:
    """What a check found: for each topic walked (in walking order) the deepest depth passed
    (None: not even overview), and how it got there."""

    scope: dict[str, Depth]  # topic -> the deepest depth asked about
    found: dict[str, Depth | None]
    asked: tuple[Asked, ...]
    skipped: tuple[Skipped, ...]

    def known(self) -> list[TopicNeed]:
        """The ``--know`` the answers mean: each topic found, at its depth, in walking order."""
        return [TopicNeed(topic=t, depth=d) for t, d in self.found.items() if d is not None]

    def know_options(self) -> list[str]:
        return [f"--know {n.topic}@{n.depth.value}" for n in self.known()]

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON body of ``check --format json`` (wording in ``lang`` where translated)."""
        return {
            "topics": [
                {
                    "topic": topic,
                    "asked_to": self.scope[topic].value,
                    "found": depth.value if depth else None,
                }
                for topic, depth in self.found.items()
            ],
            "asked": [
                {
                    "id": a.question.id,
                    "topic": a.question.topic,
                    "depth": a.question.depth.value,
                    "question": a.question.check.ask_in(lang),
                    "answer": a.question.check.answer_in(lang),
                    "yes": a.yes,
                }
                for a in self.asked
            ],
            "skipped": [
                {"topic": s.topic, "depth": s.depth.value, "reason": s.reason, "because": s.because}
                for s in self.skipped
            ],
            "know": [f"{n.topic}@{n.depth.value}" for n in self.known()],
        }


def placement_scope(
    catalog: Catalog, topics: Iterable[TopicNeed] = (), goal: Goal | None = None
) -> dict[str, Depth]:
    """The specific topics to ask about and the deepest depth of each: the targets (``topics``
    and the goal's) with every hard prerequisite they need at those depths, minus what the goal
    assumes; only topics that have items. With neither, every topic that has items, to
    thorough. In catalog order."""
    index = TopicIndex(catalog)
    seeds = [(n.topic, n.depth.rank) for n in topics]
    assumed: dict[str, int] = {}
    if goal is not None:
        seeds += [(n.topic, n.depth.rank) for n in goal.targets]
        assumed = {leaf: THOROUGH for t in goal.assumes for leaf in index.leaves(t)}
    if not seeds:
        seeds = [(t.id, THOROUGH) for t in catalog.topics if t.checks]
    needed = index.needs_closure(seeds, known=assumed)
    return {
        t.id: DEPTH_OF_RANK[needed[t.id]]
        for t in catalog.topics
        if t.id in needed and t.checks and t.id not in assumed
    }


def walking_order(catalog: Catalog, scope: Mapping[str, Depth]) -> list[str]:
    """``scope``'s topics, each after the topics it requires (catalog order among equals)."""
    from mathpath.catalog.graph import topological_order

    index = TopicIndex(catalog)
    position = {t.id: i for i, t in enumerate(catalog.topics)}
    prerequisites = {topic: [leaf for leaf, _ in index.step(topic, THOROUGH)] for topic in scope}
    return topological_order(scope, prerequisites, key=lambda t: (position[t],))


def place(
    catalog: Catalog, scope: Mapping[str, Depth], ask: Callable[[Question], bool]
) -> Placement:
    """Walk ``scope`` (see the module's rules), asking each question through ``ask``."""
    index = TopicIndex(catalog)
    found: dict[str, Depth | None] = {}
    asked: list[Asked] = []
    skipped: list[Skipped] = []
    for topic in walking_order(catalog, scope):
        checks = catalog.topic_by_id[topic].checks
        reached: Depth | None = None
        stopped: Skipped | None = None
        for depth in DEPTHS[: scope[topic].rank]:
            if stopped is not None:
                skipped.append(Skipped(topic, depth, stopped.reason, stopped.because))
                continue
            items = [c for c in checks if c.depth is depth]
            if not items:
                skipped.append(Skipped(topic, depth, "no-checks"))
                continue
            missing = _missing_prerequisite(index, topic, depth, found)
            if missing:
                stopped = Skipped(topic, depth, "needs", missing)
                skipped.append(stopped)
                continue
            passed = True
            for check in items:
                question = Question(topic, depth, check, len(asked) + 1)
                yes = ask(question)
                asked.append(Asked(question, yes))
                if not yes:
                    passed = False
                    break
            if passed:
                reached = depth
            else:
                stopped = Skipped(topic, depth, "failed", f"{topic}@{depth.value}")
        # Depths passed over for want of items, then covered by a deeper pass, were not skipped.
        skipped = [
            s
            for s in skipped
            if not (
                s.topic == topic
                and s.reason == "no-checks"
                and reached is not None
                and s.depth.rank < reached.rank
            )
        ]
        found[topic] = reached
    return Placement(dict(scope), found, tuple(asked), tuple(skipped))


def _missing_prerequisite(
    index: TopicIndex, topic: str, depth: Depth, found: Mapping[str, Depth | None]
) -> str:
    """The first prerequisite applying at ``depth`` that the walk found too shallow, as
    ``topic@depth`` it needs, or "" (one outside the walk, such as an assumed topic, is met)."""
    for leaf, rank in index.step(topic, depth.rank):
        if leaf in found:
            reached = found[leaf]
            if reached is None or reached.rank < rank:
                return f"{leaf}@{DEPTH_OF_RANK[rank].value}"
    return ""


# --- answer files -------------------------------------------------------------------------------

_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


class AnswersError(UsageError):
    """An answer file that cannot be used; carries every problem found, each located."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = ngettext("{files}: {n} problem found", "{files}: {n} problems found", count).format(
            files=problems[0].file, n=count
        )
        super().__init__(
            "\n".join([head, *(f"  - {p}" for p in problems)]),
            hint=_(
                "an answer file maps TOPIC:CHECK, TOPIC@DEPTH or TOPIC to yes or no "
                "(see `mathpath check --help`)"
            ),
        )


@dataclass(frozen=True, slots=True)
class AnswerSheet:
    """Answers given in advance: by item (``TOPIC:CHECK``), by depth (``TOPIC@DEPTH``: every item
    of that depth) or by topic (``TOPIC``: every item), where a broad topic stands for the topics
    below it (``probability: yes``); the most specific one applies, the nearest topic first."""

    file: str
    answers: dict[str, bool]
    broader: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # nearest first
    lang: str | None = None  # the language a missing answer's question is quoted in

    def answer(self, question: Question) -> bool | None:
        keys = [question.id]
        for topic in (question.topic, *self.broader.get(question.topic, ())):
            keys += [f"{topic}@{question.depth.value}", topic]
        for key in keys:
            if key in self.answers:
                return self.answers[key]
        return None

    def ask(self, question: Question) -> bool:
        """The answer, or an error naming the question that has none."""
        found = self.answer(question)
        if found is None:
            need = f"{question.topic}@{question.depth.value}"
            raise UsageError(
                _("{file}: no answer for {id} ({need}): {question}").format(
                    file=self.file,
                    id=question.id,
                    need=need,
                    question=question.check.ask_in(self.lang),
                ),
                hint=_("add `{id}: yes` (or no), or `{need}: ...` for the whole depth").format(
                    id=question.id, need=need
                ),
            )
        return found


def read_answers(path: Path, catalog: Catalog, lang: str | None = None) -> AnswerSheet:
    """An answer file (a YAML mapping of keys to yes/no), every key checked against the catalog;
    ``AnswersError`` lists every problem with its line."""
    from mathpath.catalog.reading import MAX_LEARNER_FILE_BYTES
    from mathpath.catalog.yamlsource import read_text

    file = str(path)
    text = read_text(path, error=AnswersError, limit=MAX_LEARNER_FILE_BYTES)
    return parse_answers(text, file, catalog, lang)


def parse_answers(text: str, file: str, catalog: Catalog, lang: str | None = None) -> AnswerSheet:
    from mathpath.catalog.yamlsource import parse_yaml

    document = parse_yaml(text, file, error=AnswersError)
    data = document.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AnswersError(
            [Problem(file, _("an answer file is a mapping of questions to yes or no"), line=1)]
        )
    problems: list[Problem] = []
    answers: dict[str, bool] = {}
    for key, value in data.items():
        where = document.line_of((key,))
        message = _key_problem(str(key), catalog)
        if message:
            problems.append(Problem(file, message[0], line=where, path=str(key), hint=message[1]))
            continue
        yes = _yes_or_no(value)
        if yes is None:
            problems.append(
                Problem(
                    file,
                    _("the answer must be yes or no (got {value})").format(value=repr(value)),
                    line=where,
                    path=str(key),
                    hint=_("write yes or no"),
                )
            )
            continue
        answers[str(key)] = yes
    if problems:
        raise AnswersError(problems)
    broader = {t.id: tuple(catalog.ancestors(t.id)) for t in catalog.topics if t.parent}
    return AnswerSheet(file, answers, broader, lang)


def _checks_of(catalog: Catalog, topic: str) -> list[Check]:
    """The self-check items a topic's answers apply to: its own, or those of every topic below a
    broad one."""
    return [c for t in catalog.topic_and_descendants(topic) for c in catalog.topic_by_id[t].checks]


def _yes_or_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    return None


def _key_problem(key: str, catalog: Catalog) -> tuple[str, str] | None:
    """What is wrong with an answer key, and what to do; None when it names real items."""
    from mathpath.catalog.validate import did_you_mean

    topic, colon, check = key.partition(":")
    topic, at, depth = topic.partition("@")
    found = catalog.topic_by_id.get(topic)
    if found is None:
        answerable = [t.id for t in catalog.topics if _checks_of(catalog, t.id)]
        return (
            _("unknown topic {topic}").format(topic=repr(topic)),
            did_you_mean(topic, answerable) or _("see `mathpath topics`"),
        )
    checks = _checks_of(catalog, topic)
    if not checks:
        return (
            _("topic {topic} has no self-check items").format(topic=repr(topic)),
            _("answer for the topics that have them"),
        )
    if colon and not found.checks:  # a broad topic: its items are on the topics below it
        example = next(
            t for t in catalog.topic_and_descendants(topic) if catalog.topic_by_id[t].checks
        )
        return (
            _("topic {topic} has no items of its own").format(topic=repr(topic)),
            _("name the item with its own topic, e.g. {example}").format(
                example=item_id(example, catalog.topic_by_id[example].checks[0])
            ),
        )
    if colon and at:
        return _("write TOPIC:CHECK or TOPIC@DEPTH, not both"), _("e.g. {example}").format(
            example=item_id(topic, found.checks[0])
        )
    if at:
        if depth not in {d.value for d in Depth}:
            return (
                _("unknown depth {depth}").format(depth=repr(depth)),
                _("overview, working or thorough"),
            )
        if not any(c.depth.value == depth for c in checks):
            depths = listing(dict.fromkeys(c.depth.value for c in checks))
            return (
                _("topic {topic} has no items at {depth}").format(topic=repr(topic), depth=depth),
                _("it has items at {depths}").format(depths=depths),
            )
    if colon and not any(c.id == check for c in found.checks):
        ids = [c.id for c in found.checks]
        return (
            _("topic {topic} has no item {check}").format(topic=repr(topic), check=repr(check)),
            did_you_mean(check, ids) or _("its items: {ids}").format(ids=listing(ids)),
        )
    return None
