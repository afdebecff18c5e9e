"""Spaced review from the learner's progress: the cards that finishes and reviews make
(``mathpath.planning.reviews`` has the rules and FSRS), what is due, and recording a review.

Every card is derived from the progress file each time, by replaying its events in date order
(on one day, in the order they were written): a ``done`` record learns what its resource or part
teaches, a review record reviews its card with its rating. Nothing else is stored, so the same
file always gives the same dates, and ``undo`` takes a finish or a review back completely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mathpath.catalog.models import Depth
from mathpath.errors import UsageError
from mathpath.i18n import _, date_text
from mathpath.learner.progress import Progress, ProgressRecord, Rating, ReviewRecord, in_catalog
from mathpath.planning.defaults import DEFAULT_REVIEW_MINUTES

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog
    from mathpath.planning.reviews import Deck, ReviewRequest, ReviewState

WEEK_DAYS = 7  # "this week": due from tomorrow to six days after today


def review_deck(
    records: Sequence[ProgressRecord], reviews: Sequence[ReviewRecord], catalog: Catalog
) -> Deck:
    """The cards the progress makes, as of its last event."""
    from mathpath.planning.reviews import Deck, prerequisite_map, taught_pairs

    deck = Deck(prerequisite_map(catalog))
    events: list[tuple[dt.date, int, ProgressRecord | ReviewRecord]] = [
        (r.date, r.id, r) for r in records if r.kind == "done" and in_catalog(r, catalog)
    ]
    events += [(r.date, r.id, r) for r in reviews]
    for _day, _id, event in sorted(events, key=lambda e: (e[0], e[1])):
        if isinstance(event, ReviewRecord):
            for key in _reviewed_cards(deck, catalog, event):
                deck.review(key, event.rating, event.date)
            continue
        resource = catalog.resource_by_id[event.resource]
        deck.learn(taught_pairs(resource, event.part), event.date, event.unit)
    return deck


def _reviewed_cards(deck: Deck, catalog: Catalog, review: ReviewRecord) -> list[tuple[str, str]]:
    """The cards a logged review applies to: its own; else, for a topic that has become broad
    since (a catalog split it), the cards of the topics below it at that depth. A review of a
    card no finish made is kept in the file, not applied."""
    depth = review.depth.value
    if (review.topic, depth) in deck.entries:
        return [(review.topic, depth)]
    if review.topic not in catalog.children_of:
        return []
    below = catalog.topic_and_descendants(review.topic)[1:]
    return [(topic, depth) for topic in below if (topic, depth) in deck.entries]


def review_states(progress: Progress, catalog: Catalog) -> tuple[ReviewState, ...]:
    return review_deck(progress.records, progress.reviews, catalog).states()


def review_request(
    progress: Progress, catalog: Catalog, minutes: int | None = None
) -> ReviewRequest:
    """The reviews a plan places: the cards as the progress leaves them."""
    from mathpath.planning.reviews import ReviewRequest

    return ReviewRequest(
        review_states(progress, catalog),
        minutes if minutes is not None else DEFAULT_REVIEW_MINUTES,
    )


@dataclass(frozen=True, slots=True)
class DueReview:
    state: ReviewState
    when: str  # "overdue", "today", "week" (from tomorrow to six days on), "later"
    material: str  # a key of REVIEW_MATERIAL_KEYS, or "" for the resource itself
    title: str  # the source resource's (and part's) title
    url: str | None


@dataclass(frozen=True, slots=True)
class ReviewList:
    today: dt.date
    due: tuple[DueReview, ...]  # overdue, today, this week; by due date
    later: int  # cards due after this week
    minutes: int  # one sitting

    def group(self, when: str) -> tuple[DueReview, ...]:
        return tuple(d for d in self.due if d.when == when)

    def until(self, last: dt.date) -> ReviewList:
        """Only what is due by ``last`` (``today``: the day; ``today --week``: its Sunday)."""
        kept = tuple(d for d in self.due if d.state.due <= last)
        return ReviewList(self.today, kept, self.later + len(self.due) - len(kept), self.minutes)

    def to_dicts(self) -> list[dict[str, Any]]:
        """The JSON of each due review (``review --format json``, ``today --format json``)."""
        return [
            {
                "topic": d.state.topic,
                "depth": d.state.depth,
                "due": d.state.due.isoformat(),
                "when": d.when,
                "minutes": self.minutes,
                "last_review": d.state.last_review.isoformat(),
                "reviews": d.state.reviews,
                "source": d.state.source,
                "material": d.material or None,
                "title": d.title,
                "url": d.url,
            }
            for d in self.due
        ]


def when_due(due: dt.date, today: dt.date) -> str:
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    return "week" if (due - today).days < WEEK_DAYS else "later"


def review_list(
    progress: Progress, catalog: Catalog, today: dt.date, lang: str | None = None,
    minutes: int | None = None,
) -> ReviewList:  # fmt: skip
    """What is due by the end of this week, with what to review it with."""
    from mathpath.catalog.parts import split_unit
    from mathpath.planning.reviews import where_to_review

    due: list[DueReview] = []
    later = 0
    for state in review_states(progress, catalog):
        when = when_due(state.due, today)
        if when == "later":
            later += 1
            continue
        resource_id, part_id = split_unit(state.source)
        resource = catalog.resource_by_id.get(resource_id)
        material, url = where_to_review(resource, state.source, lang)
        title = state.source
        if resource is not None:
            title = resource.title_in(lang)
            part = resource.part_by_id.get(part_id) if part_id is not None else None
            if part is not None:
                title = f"{title}: {part.title_in(lang)}"
        due.append(DueReview(state, when, material, title, url))
    return ReviewList(
        today, tuple(due), later, minutes if minutes is not None else DEFAULT_REVIEW_MINUTES
    )


# --- recording ----------------------------------------------------------------------------------


def parse_rating(text: str) -> Rating:
    from mathpath.planning.reviews import RATINGS

    word = text.strip().lower()
    for rating in RATINGS:
        if word == rating:
            return rating  # type: ignore[return-value]  # one of the Literal's words
    raise UsageError(
        _("--rating: {value!r} is not a rating").format(value=text),
        hint=_("ratings: {ratings}").format(ratings=", ".join(RATINGS)),
    )


def pick_cards(
    word: str, states: Iterable[ReviewState], catalog: Catalog
) -> list[tuple[str, Depth]]:
    """The cards ``TOPIC`` or ``TOPIC@depth`` names (a topic id, alias or name): all of the
    topic's depths in review, or the one depth given; a broad topic names the cards of the
    topics below it. Not in review: a UsageError that says
    what is."""
    from mathpath.catalog.query import resolve_topic
    from mathpath.catalog.validate import did_you_mean

    cards = list(states)
    name, _sep, depth_word = word.partition("@")
    topic = resolve_topic(catalog, name.strip()).id
    depth: Depth | None = None
    if depth_word:
        try:
            depth = Depth(depth_word.strip().lower())
        except ValueError:
            raise UsageError(
                _("{word}: {depth!r} is not a depth").format(word=word, depth=depth_word),
                hint=_("depths: {depths}").format(depths=", ".join(d.value for d in Depth)),
            ) from None
    covered = set(catalog.topic_and_descendants(topic))  # a broad topic: the topics below it
    found = [
        (s.topic, Depth(s.depth))
        for s in cards
        if s.topic in covered and (depth is None or s.depth == depth.value)
    ]
    if found:
        return found
    in_review = sorted({s.topic for s in cards})
    hint = did_you_mean(topic, in_review) or (
        _("in review: {topics}").format(topics=", ".join(in_review))
        if in_review
        else _("topics enter review when you finish what teaches them (`mathpath done ID`)")
    )
    what = f"{topic}@{depth.value}" if depth is not None else topic
    raise UsageError(_("{topic} is not in review").format(topic=what), hint=hint)


def record_review(
    word: str,
    rating: Rating,
    catalog: Catalog,
    *,
    on: dt.date,
    now: dt.datetime | None = None,
) -> tuple[tuple[ReviewRecord, ...], tuple[ReviewState, ...]]:
    """Review ``word``'s cards with ``rating`` on ``on``, checked and written under the
    progress file's lock; the records written and the cards as they now stand."""
    from mathpath.learner.progress import append_reviews, load_progress

    def choose(progress: Progress) -> list[tuple[str, Depth, Rating]]:
        states = review_states(progress, catalog)
        cards = pick_cards(word, states, catalog)
        for state in states:
            if (state.topic, Depth(state.depth)) in cards and on < state.last_review:
                raise UsageError(
                    _("--date {day} is before the last review of {topic} ({last})").format(
                        day=date_text(on), topic=state.topic, last=date_text(state.last_review)
                    )
                )
        return [(topic, depth, rating) for topic, depth in cards]

    written = append_reviews(choose, on=on, now=now)
    after = review_states(load_progress(), catalog)
    keys = {(r.topic, r.depth.value) for r in written}
    return written, tuple(s for s in after if s.key in keys)
