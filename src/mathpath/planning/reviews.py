"""Spaced review: each finished ``(topic, depth)`` is a card scheduled by FSRS (the ``fsrs``
package, imported on first use), and the reviews of a plan are placed on their due days.

The rules (README, "Spaced review", says the same for users):

* **Entering review.** Finishing a resource or part (``mathpath done``) *learns* each
  ``(topic, depth)`` it teaches: a new card is reviewed ``good`` on that day (its first review
  is then due after FSRS's first interval); a card already in review is reviewed ``good``
  again (studying the topic again is a review of it).
* **Reviews.** ``mathpath review TOPIC --rating R`` is ``Scheduler.review_card`` with that
  rating on that day. Cards live in days, not minutes: no learning steps, no fuzzing (the same
  records give the same dates), every review at noon UTC of its day.
* **Implicit credit.** Learning ``(T, d)`` counts as ``IMPLICIT_CREDIT`` (half) of a ``good``
  review of each card of a direct hard prerequisite ``P`` of ``T`` (an edge that applies at
  ``d``; a card on a topic below ``P`` or on a broader one above it counts, and a broad ``T``
  has the prerequisites of the topics below it), at the edge's depth or shallower: its next
  review moves later by half of what a ``good`` review that day would add (whole days, at least
  one), never earlier; its memory state (stability, difficulty, last review) is unchanged.
* **In a plan.** A review takes ``minutes`` (default 15) on the first study day on or after its
  due day that has room, before new study, and counts against the day's share and the week's
  budget; reviews take at most ``REVIEW_SHARE`` of a week's budget, so study always moves on. A
  planned review is assumed rated ``good`` on the day it is placed; a planned resource's
  topics enter review on the day of its last session, as a finish would.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from mathpath.catalog.models import Depth
from mathpath.planning.defaults import DEFAULT_REVIEW_MINUTES

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

    from mathpath.catalog.models import Catalog, Resource

RATINGS = ("again", "hard", "good", "easy")  # fsrs.Rating 1-4, in this order
IMPLICIT_CREDIT = 0.5  # of a `good` review, for each direct prerequisite of a learned topic
REVIEW_SHARE = 0.5  # the most of a week's budget that reviews take in a plan
# Keys of a resource's `urls` that name what to review with, in this order of preference.
REVIEW_MATERIAL_KEYS = ("problem-sets", "exercises", "practice", "summary", "labs", "notebooks")
_NOON = time(12, 0, tzinfo=UTC)

Key = tuple[str, str]  # (topic, depth value)


def review_scheduler() -> Scheduler:
    """The one FSRS scheduler of mathpath: days, not minutes, and no random fuzz."""
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def at_noon(day: date) -> datetime:
    return datetime.combine(day, _NOON)


@dataclass(frozen=True, slots=True)
class ReviewState:
    """One ``(topic, depth)`` in review, as plain data."""

    topic: str
    depth: str
    due: date
    last_review: date
    stability: float
    difficulty: float
    state: int  # fsrs.State
    reviews: int  # reviews recorded or implied, the first learning included
    source: str  # the unit id (R or R:P) whose material it is reviewed with

    @property
    def key(self) -> Key:
        return (self.topic, self.depth)


@dataclass(frozen=True, slots=True)
class ReviewRequest:
    """Reviews in a plan: the cards as they stand and the length of a review sitting."""

    states: tuple[ReviewState, ...] = ()
    minutes: int = DEFAULT_REVIEW_MINUTES


@dataclass(frozen=True, slots=True)
class ReviewSession:
    date: dt.date
    topic: str
    depth: str
    minutes: int
    due: dt.date  # the day it was due (earlier than ``date`` when it waited for room)
    source: str  # the unit id whose material it is reviewed with
    material: str  # a key of REVIEW_MATERIAL_KEYS, or "" for the resource itself
    url: str | None
    # The resource reviewed with, for its edition in a view's language (``review_url``).
    resource: Resource | None = field(default=None, compare=False, repr=False)


# --- the catalog's side -------------------------------------------------------------------------

Prerequisites = Mapping[str, tuple[tuple[str, Depth, Depth], ...]]


def prerequisite_map(catalog: Catalog) -> dict[str, tuple[tuple[str, Depth, Depth], ...]]:
    """Topic -> its direct hard prerequisites as ``(card topic, edge depth, applies from)``.

    A broad topic's card stands for the topics below it, so a broad topic has the prerequisites
    of each of them as well as its own; and a prerequisite ``P`` is met by the cards of ``P``,
    of every topic below it and of every broader topic above it (a card on ``probability``,
    what the CS229 review teaches, holds ``conditional-probability``).
    """
    own = {t.id: t.requires for t in catalog.topics if t.requires}
    covering: dict[str, list[str]] = {}

    def cards_for(topic: str) -> list[str]:
        found = covering.get(topic)
        if found is None:
            found = covering[topic] = [
                *catalog.topic_and_descendants(topic),
                *catalog.ancestors(topic),
            ]
        return found

    found: dict[str, tuple[tuple[str, Depth, Depth], ...]] = {}
    for topic in catalog.topics:
        members = catalog.topic_and_descendants(topic.id)  # a broad topic: those below it too
        edges = [edge for member in members for edge in own.get(member, ())]
        if edges:
            found[topic.id] = tuple(
                dict.fromkeys(
                    (card, edge.depth, edge.applies_from)
                    for edge in edges
                    for card in cards_for(edge.topic)
                )
            )
    return found


def material_of(resource: Resource | None) -> tuple[str, str | None]:
    """What to review a resource's topics with: the first of its ``urls`` named in
    ``REVIEW_MATERIAL_KEYS``, else the resource itself (``""`` and its url)."""
    if resource is None:
        return "", None
    for key in REVIEW_MATERIAL_KEYS:
        if key in resource.urls:
            return key, resource.urls[key]
    return "", resource.url


def where_to_review(
    resource: Resource | None, unit: str, lang: str | None
) -> tuple[str, str | None]:
    """What to review ``unit`` with and its link, for a view or export in ``lang``: the named
    material (``material_of``); else the resource, at its edition in ``lang`` where the catalog
    knows one (``edition_url``)."""
    material, url = material_of(resource)
    if not material and resource is not None:
        url = edition_url(resource, unit, lang) or url
    return material, url


def review_url(review: ReviewSession, lang: str | None) -> str | None:
    """``where_to_review``'s link for a review the plan placed. The plan's JSON keeps ``url``,
    the original, as its items do."""
    if review.resource is None:
        return review.url
    return where_to_review(review.resource, review.source, lang)[1]


def edition_url(resource: Resource, unit: str, lang: str | None) -> str | None:
    """The edition of ``resource`` (or of the part ``unit`` names) in ``lang`` where the catalog
    knows one and ``lang`` is not English (3Blue1Brown on Bilibili, docs.python.org/zh-cn), as
    the plan's items link theirs; else None."""
    from mathpath.catalog.language import language_support, marks_editions

    if not marks_editions(lang):
        return None
    from mathpath.catalog.parts import split_unit

    part_id = split_unit(unit)[1]
    part = resource.part_by_id.get(part_id) if part_id is not None else None
    return language_support(resource, lang, part).localised_url


def material_text(material: str, title: str) -> str:
    """What a review names to review with, in words: ``problem-sets of MIT 18.06SC``, or the
    resource (its title or id) alone when the catalog names no material."""
    if not material:
        return title
    from mathpath.i18n import _

    return _("{material} of {title}").format(material=material, title=title)


def taught_pairs(resource: Resource, part: str | None = None) -> tuple[Key, ...]:
    """The ``(topic, depth)`` pairs a resource, or one of its parts, teaches."""
    teaches = resource.teaches
    if part is not None:
        found = resource.part_by_id.get(part)
        if found is not None and found.teaches is not None:
            teaches = found.teaches
    return tuple(dict.fromkeys((need.topic, need.depth.value) for need in teaches))


# --- the deck: cards through FSRS ---------------------------------------------------------------


@dataclass(slots=True)
class _Entry:
    card: Card
    reviews: int
    source: str


class Deck:
    """The cards in review, changed by learning, reviewing and implicit credit."""

    def __init__(self, prerequisites: Prerequisites) -> None:
        self.scheduler = review_scheduler()
        self.prerequisites = prerequisites
        self.entries: dict[Key, _Entry] = {}
        # The cards by due date, then topic and depth, for the scheduler's daily question
        # "what is due?": each change of a card pushes it again with a new version, and the
        # older entries are dropped when they come to the top. (Sorting the deck each study
        # day made a 4,000-item plan take a minute: thousands of cards, thousands of days.)
        self._heap: list[tuple[date, str, int, int, Key]] = []
        self._version: dict[Key, int] = {}

    def _moved(self, key: Key) -> None:
        version = self._version.get(key, 0) + 1
        self._version[key] = version
        due = self.entries[key].card.due.date()
        heapq.heappush(self._heap, (due, key[0], Depth(key[1]).rank, version, key))

    def _top(self) -> tuple[date, str, int, int, Key] | None:
        heap = self._heap
        while heap and heap[0][3] != self._version.get(heap[0][4]):
            heapq.heappop(heap)
        return heap[0] if heap else None

    def earliest(self) -> date:
        """The earliest due date in the deck (``date.max`` when it is empty)."""
        top = self._top()
        return top[0] if top is not None else date.max

    def take_due(self, day: date, count: int) -> list[Key]:
        """Up to ``count`` cards due by ``day``, earliest first (then topic, then depth), taken
        off the queue: review them (which puts them back with their new due date)."""
        taken: list[Key] = []
        while len(taken) < count:
            top = self._top()
            if top is None or top[0] > day:
                break
            heapq.heappop(self._heap)
            self._version[top[4]] += 1  # off the queue until it is reviewed
            taken.append(top[4])
        return taken

    @classmethod
    def of(cls, states: Iterable[ReviewState], prerequisites: Prerequisites) -> Deck:
        from fsrs import Card, State

        deck = cls(prerequisites)
        for n, s in enumerate(states, start=1):
            card = Card(
                card_id=n,
                state=State(s.state),
                step=None,
                stability=s.stability,
                difficulty=s.difficulty,
                due=at_noon(s.due),
                last_review=at_noon(s.last_review),
            )
            deck.entries[s.key] = _Entry(card, s.reviews, s.source)
            deck._moved(s.key)
        return deck

    def learn(self, pairs: Sequence[Key], on: date, source: str) -> None:
        """A finish on ``on`` of what teaches ``pairs`` (see the module notes)."""
        from fsrs import Card, Rating

        at = at_noon(on)
        for key in pairs:
            entry = self.entries.get(key)
            if entry is None:
                card = Card(card_id=len(self.entries) + 1, due=at)
                card, _ = self.scheduler.review_card(card, Rating.Good, at)
                self.entries[key] = _Entry(card, 1, source)
            else:
                entry.card, _ = self.scheduler.review_card(entry.card, Rating.Good, at)
                entry.reviews += 1
                entry.source = source
            self._moved(key)
            for shallower in Depth:  # a topic learned deeper is reviewed at the depths below
                below = (key[0], shallower.value)
                deeper = shallower.rank < Depth(key[1]).rank
                if deeper and below in self.entries and below not in pairs:
                    self.review(below, "good", on)
        self.credit(pairs, on)

    def review(self, key: Key, rating: str, on: date) -> None:
        from fsrs import Rating

        entry = self.entries[key]
        entry.card, _ = self.scheduler.review_card(
            entry.card, Rating(RATINGS.index(rating) + 1), at_noon(on)
        )
        entry.reviews += 1
        self._moved(key)

    def credit(self, pairs: Sequence[Key], on: date) -> list[Key]:
        """Implicit credit for the prerequisites of ``pairs`` learned on ``on``; the cards
        moved, in order."""
        from fsrs import Rating

        learned = set(pairs)
        targets: dict[Key, None] = {}
        for topic, depth in pairs:
            rank = Depth(depth).rank
            for prerequisite, edge_depth, applies_from in self.prerequisites.get(topic, ()):
                if applies_from.rank > rank:
                    continue
                for below in Depth:
                    key = (prerequisite, below.value)
                    if below.rank <= edge_depth.rank and key in self.entries and key not in learned:
                        targets[key] = None
        at = at_noon(on)
        moved: list[Key] = []
        for key in targets:
            entry = self.entries[key]
            good, _ = self.scheduler.review_card(entry.card, Rating.Good, at)
            gain = (good.due.date() - entry.card.due.date()).days
            if gain <= 0:
                continue
            entry.card.due += timedelta(days=max(1, int(gain * IMPLICIT_CREDIT)))
            self._moved(key)
            moved.append(key)
        return moved

    def due_on(self, key: Key) -> date:
        return self.entries[key].card.due.date()

    def states(self) -> tuple[ReviewState, ...]:
        """Every card, by due date, then topic and depth."""
        found = []
        for (topic, depth), entry in self.entries.items():
            card = entry.card
            assert card.last_review is not None
            assert card.stability is not None
            assert card.difficulty is not None
            found.append(
                ReviewState(
                    topic=topic,
                    depth=depth,
                    due=card.due.date(),
                    last_review=card.last_review.date(),
                    stability=card.stability,
                    difficulty=card.difficulty,
                    state=int(card.state),
                    reviews=entry.reviews,
                    source=entry.source,
                )
            )
        return tuple(sorted(found, key=_state_order))


def _state_order(state: ReviewState) -> tuple[date, str, int]:
    return (state.due, state.topic, Depth(state.depth).rank)


# --- reviews in a schedule ----------------------------------------------------------------------


@dataclass(slots=True)
class ReviewBook:
    """The reviews of one run of the scheduler (``schedule(..., reviews=book)``): ``place``
    puts what is due on a study day before new study, ``finished`` enters what a planned unit
    teaches. ``fresh()`` is a new book for another run."""

    request: ReviewRequest
    prerequisites: Prerequisites
    teaches: Mapping[str, tuple[Key, ...]]  # task id (R or R:P) -> what it teaches
    # unit id -> material_of its resource, and the resource (None: not in the catalog)
    materials: Mapping[str, tuple[str, str | None, Resource | None]]
    budget: int  # the weekly budget, in minutes
    sessions: list[ReviewSession] = field(default_factory=list)
    deck: Deck | None = None
    _week: date | None = None
    _week_used: int = 0
    _next: date | None = None  # the earliest due date in the deck (None: not known yet)

    def fresh(self) -> ReviewBook:
        return ReviewBook(
            self.request, self.prerequisites, self.teaches, self.materials, self.budget
        )

    def _cards(self) -> Deck:
        if self.deck is None:
            self.deck = Deck.of(self.request.states, self.prerequisites)
        return self.deck

    def place(self, day: date, room: int) -> int:
        """Reviews due by ``day`` that fit in ``room`` minutes (and in the week's share of
        reviews); returns the minutes placed."""
        if not self.request.states and self.deck is None:
            return 0
        if self._next is not None and day < self._next:
            return 0  # nothing due yet: most study days
        deck = self._cards()
        monday = day - timedelta(days=day.weekday())
        if monday != self._week:
            self._week, self._week_used = monday, 0
        minutes = self.request.minutes
        room = min(room, int(self.budget * REVIEW_SHARE) - self._week_used)
        placed = 0
        for key in deck.take_due(day, max(0, room // minutes) if minutes > 0 else 0):
            entry = deck.entries[key]
            material, url, resource = self.materials.get(entry.source, ("", None, None))
            self.sessions.append(
                ReviewSession(day, key[0], key[1], minutes, deck.due_on(key), entry.source,
                              material, url, resource)
            )  # fmt: skip
            deck.review(key, "good", day)
            placed += minutes
        self._week_used += placed
        self._next = self._earliest()
        return placed

    def _earliest(self) -> date | None:
        return self._cards().earliest()

    def finished(self, task_ids: Iterable[str], day: date) -> None:
        deck = self._cards()
        for task_id in task_ids:
            pairs = self.teaches.get(task_id, ())
            if pairs:
                deck.learn(pairs, day, task_id)
                self._next = None  # new cards, and credit moved others


def review_book(
    catalog: Catalog, request: ReviewRequest, task_ids: Iterable[str], budget: int
) -> ReviewBook:
    """The book for a plan's schedule: what each task teaches and the material of every unit
    a review may name."""
    from mathpath.catalog.parts import split_unit

    teaches: dict[str, tuple[Key, ...]] = {}
    materials: dict[str, tuple[str, str | None, Resource | None]] = {}
    units = [*task_ids]
    for unit in [*units, *(s.source for s in request.states)]:
        resource_id, part = split_unit(unit)
        resource = catalog.resource_by_id.get(resource_id)
        materials[unit] = (*material_of(resource), resource)
        if resource is not None and unit in units:
            teaches[unit] = taught_pairs(resource, part)
    return ReviewBook(request, prerequisite_map(catalog), teaches, materials, budget)


def review_note(sessions: Sequence[ReviewSession], finish: date, without: date) -> str:
    """What the reviews cost the plan: their number and time, and how much later new study
    finishes than without them."""
    from mathpath.i18n import _, date_text, ngettext
    from mathpath.planning.plans import format_duration

    count = len(sessions)
    text = ngettext(
        "spaced review: {count} review ({time}) in this plan",
        "spaced review: {count} reviews ({time}) in this plan",
        count,
    ).format(count=count, time=format_duration(sum(s.minutes for s in sessions)))
    later = (finish - without).days
    if later > 0:
        return text + ngettext(
            "; new study finishes {finish}, {days} day later than without them (--no-review)",
            "; new study finishes {finish}, {days} days later than without them (--no-review)",
            later,
        ).format(finish=date_text(finish), days=later)
    return text + _("; new study still finishes {finish}").format(finish=date_text(finish))
