"""The frontier (``mathpath next``): what is ready after --know and --done, depth-conditional
prerequisites, the goal's narrowing and the ranking."""

from __future__ import annotations

from typing import Any

from tests.support.build import resource

from mathpath.catalog.models import Catalog, Level
from mathpath.planning.frontier import Frontier, frontier, knowledge_of
from mathpath.planning.knowledge import TopicIndex
from mathpath.planning.plans import Preferences


def catalog() -> Catalog:
    """b needs a at working; c needs a at overview, and b at working only from c@thorough;
    d needs c; e stands alone. Goal g: d and e at overview."""
    topics: list[dict[str, Any]] = [
        {"id": "a", "name": "A", "names": {"zh": "甲"}},
        {"id": "b", "name": "B", "requires": ["a@working"]},
        {
            "id": "c",
            "name": "C",
            "requires": [
                "a@overview",
                {"topic": "b", "depth": "working", "applies_from": "thorough"},
            ],
        },
        {"id": "d", "name": "D", "requires": ["c"]},
        {"id": "e", "name": "E"},
    ]
    resources = [
        resource("ra", ["a@working"], hours=3),
        resource("rb", ["b@thorough"], hours=5),
        resource("rc", ["c@thorough"], hours=2),
        resource("rc-lite", ["c@overview"], hours=1),
        resource("re", ["e@overview"], hours=0.5),
    ]
    goals = [{"id": "g", "name": "G", "description": "d", "targets": ["d", "e"]}]
    return Catalog.model_validate({"topics": topics, "resources": resources, "goals": goals})


def next_for(
    know: tuple[tuple[str, int], ...] = (),
    done: tuple[str, ...] = (),
    goal: str | None = None,
    **kw: Any,
) -> Frontier:
    cat = catalog()
    index = TopicIndex(cat)
    target = cat.goal_by_id[goal] if goal else None
    known = knowledge_of(index, know, done, target)
    return frontier(cat, index, known, goal=target, done=done, **kw)


def labels(found: Frontier) -> tuple[list[str], list[str]]:
    return [r.label for r in found.topics], [r.label for r in found.resources]


def test_knowing_nothing_only_what_needs_nothing_is_ready() -> None:
    assert labels(next_for()) == (["e@thorough", "a@thorough"], ["re", "ra"])


def test_after_know_the_prerequisites_met_open_the_next_topics_at_the_depth_they_allow() -> None:
    topics, resources = labels(next_for(know=(("a", 2),)))
    # c is ready at working (b applies only from thorough), not at thorough; d needs c first
    assert "c@working" in topics
    assert "c@thorough" not in topics
    assert "b@thorough" in topics
    assert not any(t.startswith("d@") for t in topics)
    assert "a@working" not in topics
    assert "a@thorough" in topics
    assert resources == ["re", "rc-lite", "rb"]  # rc needs b@working (c@thorough's default)


def test_after_done_what_it_teaches_and_requires_is_known() -> None:
    topics, resources = labels(next_for(done=("rb",)))
    assert "c@thorough" in topics  # b (taught) and a@working (required) are known now
    assert "rb" not in resources
    assert "rc" in resources
    assert not any(t.startswith("b@") for t in topics)


def test_a_goal_narrows_to_what_it_needs_and_ranks_by_what_each_meets_or_unlocks() -> None:
    found = next_for(know=(("a", 2),), goal="g")
    assert found.needed == 3  # d, c and e at overview (a is known)
    topics = found.topics
    assert [r.label for r in topics] == ["c@overview", "e@overview"]  # c: meets c, unlocks d
    assert (topics[0].meets, topics[0].unlocks) == (("c@overview",), ("d@overview",))
    assert (topics[0].hours, topics[0].via) == (1, "rc-lite")
    assert [r.label for r in found.resources] == ["rc-lite", "re"]  # 2 before 1, though dearer


def test_without_a_goal_rows_rank_by_hours_then_id_and_the_limit_counts_the_rest() -> None:
    found = next_for(know=(("a", 2),), limit=2)
    assert [r.label for r in found.resources] == ["re", "rc-lite"]
    assert found.more_resources == 1
    assert [(r.label, r.hours) for r in found.topics] == [("e@thorough", 0.5), ("c@working", 1)]
    assert found.more_topics == 2  # b@thorough (rb, 5 h), then a@thorough (no ready teacher)
    assert [r.label for r in next_for(know=(("a", 2),)).topics][2:] == ["b@thorough", "a@thorough"]


def test_titles_in_the_language_asked_and_an_empty_frontier_when_all_is_known() -> None:
    assert next_for(lang="zh").topics[1].title == "甲"
    everything = (("a", 3), ("b", 3), ("c", 3), ("d", 3), ("e", 3))
    found = next_for(know=everything)
    assert (found.topics, found.resources) == ((), ())


def preferences_catalog() -> Catalog:
    """Three ways into topic a: a 3-hour course, a 3.5-hour textbook that is not free, and a
    5-hour advanced video; a 1-hour course for b, which needs a."""
    topics: list[dict[str, Any]] = [
        {"id": "a", "name": "A"},
        {"id": "b", "name": "B", "requires": ["a@overview"]},
    ]
    resources = [
        resource("course", ["a@overview"], hours=3),
        resource("book", ["a@overview"], hours=3.5, format="textbook", free=False),
        resource("video", ["a@overview"], hours=5, format="video", level="advanced"),
        resource("rb", ["b@overview"], hours=1),
    ]
    return Catalog.model_validate({"topics": topics, "resources": resources, "goals": []})


def next_with(prefs: Preferences) -> Frontier:
    cat = preferences_catalog()
    index = TopicIndex(cat)
    return frontier(cat, index, knowledge_of(index, (), ()), prefs=prefs)


def via(found: Frontier) -> dict[str, str | None]:
    return {row.id: row.via for row in found.topics}


def test_next_offers_only_what_a_plan_could_choose() -> None:
    everything = next_with(Preferences())
    assert [r.id for r in everything.resources] == ["course", "book", "video"]
    assert via(everything) == {"a": "course"}
    narrowed = next_with(
        Preferences(free_only=True, max_level=Level.INTERMEDIATE, exclude=("course",))
    )
    assert [r.id for r in narrowed.resources] == []
    assert via(narrowed) == {"a": None}  # nothing the learner would take teaches it


def test_a_preferred_format_weighs_as_it_does_in_a_plan() -> None:
    # 3.5 h of a preferred textbook weigh 2 h 38 min, less than the 3-hour course
    found = next_with(Preferences(prefer=("textbook",)))
    assert via(found) == {"a": "book"}
    assert [r.id for r in found.resources][:2] == ["book", "course"]
    assert found.topics[0].hours == 3.5  # the hours shown stay the real ones
