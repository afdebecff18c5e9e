"""Spaced review from the progress file: FSRS dates, implicit credit, the file format, and
reviews in a plan's schedule within the weekly budget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathpath.catalog import load_catalog
from mathpath.catalog.models import Catalog, Depth
from mathpath.errors import MathpathError
from mathpath.learner import paths, progress
from mathpath.learner.review import record_review, review_deck, review_list
from mathpath.planning import make_plan
from mathpath.planning.plans import PlanRequest, ScheduleOptions, week_monday
from mathpath.planning.reviews import RATINGS, ReviewRequest, ReviewState

FIXTURES = Path(__file__).parent.parent / "fixtures"
D = dt.date(2026, 11, 2)
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
SVC = ("single-variable-calculus", "overview")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURES / "mini.yaml")


def done(resource: str, on: dt.date, record_id: int) -> progress.ProgressRecord:
    return progress.ProgressRecord(
        id=record_id, kind="done", resource=resource, date=on, recorded_at=NOW
    )


def reviewed(
    topic: str, rating: progress.Rating, on: dt.date, record_id: int
) -> progress.ReviewRecord:
    return progress.ReviewRecord(
        id=record_id, topic=topic, depth=Depth.OVERVIEW, rating=rating, date=on, recorded_at=NOW
    )


def fsrs_due(first: dt.date, ratings: Sequence[tuple[int, str]]) -> dt.date:
    """The fsrs package's own scheduler: a card learned `good` on ``first``, then reviewed
    ``gap`` days after the one before with each rating."""
    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    at = dt.datetime.combine(first, dt.time(12, tzinfo=dt.UTC))
    card, _ = scheduler.review_card(Card(card_id=1, due=at), Rating.Good, at)
    for gap, rating in ratings:
        at += dt.timedelta(days=gap)
        card, _ = scheduler.review_card(card, Rating(RATINGS.index(rating) + 1), at)
    return card.due.date()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.sampled_from(RATINGS)), max_size=6))
def test_due_dates_are_the_fsrs_schedulers_own(
    catalog: Catalog, ratings: list[tuple[int, progress.Rating]]
) -> None:
    records = [done("calc-video", D, 1)]
    log = []
    day = D
    for n, (gap, rating) in enumerate(ratings, start=2):
        day += dt.timedelta(days=gap)
        log.append(reviewed(SVC[0], rating, day, n))
    deck = review_deck(records, log, catalog)
    assert deck.due_on(SVC) == fsrs_due(D, ratings)
    assert deck.entries[SVC].reviews == 1 + len(ratings)


@pytest.mark.parametrize("gap", [1, 3, 10, 30])
def test_again_comes_back_sooner_than_good(catalog: Catalog, gap: int) -> None:
    records = [done("calc-video", D, 1)]
    day = D + dt.timedelta(days=gap)
    again = review_deck(records, [reviewed(SVC[0], "again", day, 2)], catalog).due_on(SVC)
    good = review_deck(records, [reviewed(SVC[0], "good", day, 2)], catalog).due_on(SVC)
    assert day < again < good


def test_implicit_credit_moves_a_prerequisites_next_review_later(catalog: Catalog) -> None:
    # deep-learning requires single-variable-calculus: finishing dl-course credits its card.
    first = [done("calc-video", D, 1)]
    alone = review_deck(first, [], catalog).due_on(SVC)
    later = [*first, done("dl-course", alone, 2)]  # finished on the day the review was due
    credited = review_deck(later, [], catalog)
    assert credited.due_on(SVC) > alone
    # Half of a good review: later than before, sooner than a real good review that day.
    real = review_deck(first, [reviewed(SVC[0], "good", alone, 2)], catalog).due_on(SVC)
    assert credited.due_on(SVC) < real
    # The memory state is the card's own: no review was recorded.
    assert credited.entries[SVC].reviews == 1


def test_a_topic_learned_deeper_reviews_its_shallower_card(catalog: Catalog) -> None:
    first = [done("calc-video", D, 1)]
    alone = review_deck(first, [], catalog).due_on(SVC)
    deeper = review_deck([*first, done("calc-course", alone, 2)], [], catalog)
    assert deeper.entries[SVC].reviews == 2
    assert deeper.due_on(SVC) > alone


BROAD = """\
version: 1
topics:
  - {id: algebra, name: Algebra}
  - {id: probability, name: Probability}
  - {id: bayes, name: Bayes, parent: probability, requires: [algebra]}
  - {id: distributions, name: Distributions, parent: probability, requires: [algebra]}
  - {id: statistics, name: Statistics, requires: [probability]}
  - {id: learning, name: Learning, requires: [bayes]}
resources:
"""


def broad_catalog() -> Catalog:
    from mathpath.catalog.load import parse_catalog

    text = BROAD
    for rid, teaches in [
        ("algebra-book", "algebra"),
        ("prob-course", "probability"),
        ("bayes-video", "bayes"),
        ("stats-course", "statistics"),
        ("ml-course", "learning"),
    ]:
        text += (
            f"  - {{id: {rid}, title: T, provider: P, url: 'https://example.org/{rid}', "
            f"format: course, hours: 5, level: intro, free: true, teaches: [{teaches}]}}\n"
        )
    return parse_catalog(text, "broad.yaml")


@pytest.mark.parametrize(
    ("first", "then", "card"),
    [
        # statistics requires broad probability: the broad card is credited,
        ("prob-course", "stats-course", "probability"),
        # and so is a card below it,
        ("bayes-video", "stats-course", "bayes"),
        # and a broad card holds the one topic below it that learning requires,
        ("prob-course", "ml-course", "probability"),
        # and learning broad probability credits what the topics below it require.
        ("algebra-book", "prob-course", "algebra"),
    ],
)
def test_implicit_credit_reaches_across_broad_topics(first: str, then: str, card: str) -> None:
    catalog = broad_catalog()
    key = (card, "overview")
    alone = review_deck([done(first, D, 1)], [], catalog).due_on(key)
    credited = review_deck([done(first, D, 1), done(then, alone, 2)], [], catalog)
    assert credited.due_on(key) > alone
    assert credited.entries[key].reviews == 1


def test_a_logged_review_of_a_topic_split_since_reviews_the_cards_below_it() -> None:
    # A review written when `probability` had no topics below it still counts once the catalog
    # splits it: it reviews the cards of the topics below it at that depth.
    catalog = broad_catalog()
    key = ("bayes", "overview")
    first = [done("bayes-video", D, 1)]
    due = review_deck(first, [], catalog).due_on(key)
    after = review_deck(first, [reviewed("probability", "good", due, 2)], catalog)
    assert after.entries[key].reviews == 2
    assert after.due_on(key) > due
    # a review of a topic nothing below which is in review changes nothing
    untouched = review_deck(first, [reviewed("statistics", "good", due, 2)], catalog)
    assert untouched.entries[key].reviews == 1


def test_no_credit_between_unrelated_topics() -> None:
    catalog = broad_catalog()
    key = ("bayes", "overview")
    alone = review_deck([done("bayes-video", D, 1)], [], catalog).due_on(key)
    after = review_deck([done("bayes-video", D, 1), done("algebra-book", alone, 2)], [], catalog)
    assert after.due_on(key) == alone


# --- the progress file --------------------------------------------------------------------------

OLD_FILE = """\
# an older mathpath's file
schema_version: 1
records:
- id: 1
  kind: done
  resource: calc-video
  date: 2026-11-02
  hours: null
  note: null
  recorded_at: 2026-11-02 09:00:00+00:00
record_count: 1
"""


def test_an_old_progress_file_still_reads_and_its_finishes_enter_review(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "progress.yaml"
    path.write_text(OLD_FILE, encoding="utf-8")
    read = progress.load_progress(path)
    assert [r.resource for r in read.records] == ["calc-video"]
    assert read.reviews == ()
    deck = review_deck(read.records, read.reviews, catalog)
    assert list(deck.entries) == [SVC]
    # A file without reviews is written as before: version 1, no review keys.
    assert "review" not in progress.dump_progress(read.records).decode()


def test_reviews_round_trip_and_undo_takes_the_last_one_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))
    path = paths.progress_path()
    progress.append_record("done", "calc-video", on=D, now=NOW)
    written, states = record_review(SVC[0], "good", catalog, on=D + dt.timedelta(days=3))
    assert [(r.id, r.topic, r.rating) for r in written] == [(2, SVC[0], "good")]
    assert states[0].reviews == 2
    text = path.read_text(encoding="utf-8")
    assert "schema_version: 3" in text
    assert text.rstrip().endswith("review_count: 1")
    progress.append_record("log", "la-book", on=D, hours=1, now=NOW)  # keeps the reviews
    assert len(progress.load_progress(path).reviews) == 1
    assert progress.undo_last(path).id == 3  # the log, written last
    assert isinstance(progress.undo_last(path), progress.ReviewRecord)
    assert "schema_version: 1" in path.read_text(encoding="utf-8")


def test_a_version_3_file_cut_in_its_reviews_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "progress.yaml"
    records = [done("calc-video", D, 1)]
    full = progress.dump_progress(records, [reviewed(SVC[0], "good", D, 2)]).decode()
    path.write_text(full[: full.index("review_count")], encoding="utf-8")
    with pytest.raises(MathpathError, match="cut short"):
        progress.load_progress(path)


def test_reviewing_what_is_not_in_review_says_what_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))
    with pytest.raises(MathpathError, match="not in review"):
        record_review("linear-algebra", "good", catalog, on=D)
    progress.append_record("done", "calc-video", on=D, now=NOW)
    with pytest.raises(MathpathError, match="in review: single-variable-calculus"):
        record_review("linear-algebra", "good", catalog, on=D)


def test_the_list_groups_overdue_today_and_this_week(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))
    progress.append_record("done", "calc-video", on=D, now=NOW)
    due = review_deck(progress.load_progress().records, (), catalog).due_on(SVC)
    for today, when in [(due - dt.timedelta(days=3), "week"), (due, "today")]:
        listing = review_list(progress.load_progress(), catalog, today)
        assert [(d.state.key, d.when) for d in listing.due] == [(SVC, when)]
    late = review_list(progress.load_progress(), catalog, due + dt.timedelta(days=1))
    assert late.group("overdue")[0].title == "Calculus: the movie [short]"
    early = review_list(progress.load_progress(), catalog, due - dt.timedelta(days=7))
    assert (early.due, early.later) == ((), 1)


# --- reviews in the schedule --------------------------------------------------------------------


def _state(topic: str, depth: str, due: dt.date) -> ReviewState:
    return ReviewState(topic, depth, due, due - dt.timedelta(days=3), 3.0, 5.0, 2, 1, "calc-video")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    hours=st.sampled_from([1.0, 2.5, 4.0, 6.0, 10.0]),
    minutes=st.integers(5, 60),
    due_days=st.lists(st.integers(-10, 40), min_size=1, max_size=4),
    days=st.sampled_from([(0, 1, 2, 3, 4, 5, 6), (5, 6), (0, 2, 4)]),
)
def test_reviews_and_study_never_exceed_the_weekly_budget(
    catalog: Catalog, hours: float, minutes: int, due_days: list[int], days: tuple[int, ...]
) -> None:
    start = dt.date(2026, 12, 1)
    states = tuple(
        _state(topic, "overview", start + dt.timedelta(days=n))
        for topic, n in zip(
            ["precalculus", "linear-algebra", "calculus", "x"], due_days, strict=False
        )
    )
    request = PlanRequest(
        goal="dl",
        schedule=ScheduleOptions(start=start, hours_per_week=hours, study_days=days),
        reviews=ReviewRequest(states, minutes),
    )
    plan = make_plan(catalog, request)
    week: dict[dt.date, int] = {}
    sittings = [(s.date, s.minutes) for s in plan.sessions]
    sittings += [(r.date, r.minutes) for r in plan.reviews]
    for day, minutes in sittings:
        week[week_monday(day)] = week.get(week_monday(day), 0) + minutes
    assert max(week.values()) <= int(hours * 60)
    assert all(r.date >= r.due and r.date.weekday() in days for r in plan.reviews)
    # The choice of resources is the planner's alone: reviews only move dates.
    plain = make_plan(catalog, replace(request, reviews=None))
    assert [i.id for i in plan.items] == [i.id for i in plain.items]
    assert plan.finish >= plain.finish


def test_a_planned_finish_enters_review_and_slows_new_study(catalog: Catalog) -> None:
    start = dt.date(2026, 12, 1)
    request = PlanRequest(
        goal="dl", schedule=ScheduleOptions(start=start, hours_per_week=3.0),
        reviews=ReviewRequest(),
    )  # fmt: skip
    plan = make_plan(catalog, request)
    plain = make_plan(catalog, replace(request, reviews=None))
    assert plan.reviews, "what the plan finishes comes back for review"
    first = {(r.topic, r.depth) for r in plan.reviews}
    assert SVC in first
    assert plan.finish > plain.finish
    assert any("spaced review" in note and "later than without" in note for note in plan.notes)
    # The same inputs, the same reviews.
    assert make_plan(catalog, request).reviews == plan.reviews
