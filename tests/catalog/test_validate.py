"""Semantic validation: references, duplicates, cycles, and every problem reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mathpath.catalog.load import load_catalog, parse_catalog
from mathpath.catalog.models import Topic
from mathpath.catalog.validate import check_catalog, did_you_mean, suggest
from mathpath.errors import CatalogError, Problem

FIXTURES = Path(__file__).parents[1] / "fixtures"


def catalog_text(topics: str = "", resources: str = "", goals: str = "") -> str:
    text = "version: 1\ntopics:\n  - {id: algebra, name: Algebra}\n  - {id: calculus, name: Calc}\n"
    text += topics
    if resources:
        text += "resources:\n" + resources
    if goals:
        text += "goals:\n" + goals
    return text


def resource(rid: str = "r", teaches: str = "[calculus@working]", **extra: str) -> str:
    fields = {
        "id": rid,
        "title": "R",
        "provider": "P",
        "url": "'https://example.org/r'",
        "format": "course",
        "hours": "10",
        "level": "intro",
        "free": "true",
        "teaches": teaches,
        **extra,
    }
    return "  - {" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}\n"


def problems(text: str) -> list[Problem]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(text, "c.yaml")
    return info.value.problems


def only(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


class TestSuggest:
    def test_closest_first(self) -> None:
        assert suggest("calculas", ["calculus", "precalculus", "algebra"]) == [
            "calculus",
            "precalculus",
        ]

    def test_nothing_close(self) -> None:
        assert suggest("zzz", ["calculus"]) == []
        assert did_you_mean("zzz", ["calculus"]) == ""

    def test_did_you_mean(self) -> None:
        assert did_you_mean("requries", ["requires", "recommends"]) == "did you mean 'requires'?"


class TestReferences:
    def test_unknown_parent(self) -> None:
        problem = only(catalog_text(topics="  - {id: limits, name: L, parent: calculas}\n"))
        assert problem.message == "unknown topic 'calculas'"
        assert problem.hint == "did you mean 'calculus'?"
        assert (problem.line, problem.path) == (5, "topics[2] (limits).parent")

    def test_unknown_topic_requirement(self) -> None:
        problem = only(catalog_text(topics="  - {id: limits, name: L, requires: [algebr]}\n"))
        assert str(problem) == (
            "c.yaml:5: topics[2] (limits).requires[0].topic: unknown topic 'algebr' "
            "(did you mean 'algebra'?)"
        )

    def test_unknown_topic_recommendation(self) -> None:
        problem = only(catalog_text(topics="  - {id: limits, name: L, recommends: [nothing]}\n"))
        assert problem.path == "topics[2] (limits).recommends[0].topic"
        assert problem.hint == "add the topic under `topics:` or fix the id"

    @pytest.mark.parametrize("field", ["teaches", "requires", "recommends"])
    def test_unknown_topic_in_a_resource(self, field: str) -> None:
        extra = {} if field == "teaches" else {field: "[geometry]"}
        teaches = "[geometry]" if field == "teaches" else "[calculus@working]"
        problem = only(catalog_text(resources=resource(teaches=teaches, **extra)))
        assert problem.message == "unknown topic 'geometry'"
        assert problem.path == f"resources[0] (r).{field}[0].topic"
        assert problem.line == 6

    def test_unknown_goal_target_and_assumption(self) -> None:
        goal = (
            "  - {id: g, name: G, description: D, targets: [calculuss@working], assumes: [pre]}\n"
        )
        found = problems(catalog_text(goals=goal))
        assert [(p.path, p.message) for p in found] == [
            ("goals[0] (g).assumes[0]", "unknown topic 'pre'"),
            ("goals[0] (g).targets[0].topic", "unknown topic 'calculuss'"),
        ]
        assert found[1].hint == "did you mean 'calculus'?"
        assert {p.line for p in found} == {6}

    def test_a_broken_topic_does_not_also_cause_unknown_topic_reports(self) -> None:
        text = catalog_text(
            topics="  - {id: limits, name: L, colour: red}\n"
            "  - {id: b, name: B, requires: [limits]}\n"
        )
        problem = only(text)
        assert "unknown field 'colour'" in problem.message


class TestDuplicates:
    def test_duplicate_topic_id(self) -> None:
        problem = only(catalog_text(topics="  - {id: algebra, name: Again}\n"))
        assert problem.message == "duplicate id 'algebra' (first used by topics[0])"
        assert (problem.line, problem.path) == (5, "topics[2] (algebra).id")

    def test_duplicate_resource_id(self) -> None:
        problem = only(catalog_text(resources=resource() + resource()))
        assert problem.message == "duplicate id 'r' (first used by resources[0])"
        assert problem.line == 7

    def test_duplicate_goal_id(self) -> None:
        goal = "  - {id: g, name: G, description: D, targets: [calculus]}\n"
        problem = only(catalog_text(goals=goal + goal))
        assert problem.message == "duplicate id 'g' (first used by goals[0])"

    def test_alias_naming_two_topics(self) -> None:
        text = catalog_text(topics="  - {id: calc2, name: C2, aliases: [Calculus, analysis]}\n")
        problem = only(text)
        assert problem.message == "alias 'Calculus' already names topic 'calculus'"
        assert problem.path == "topics[2] (calc2).aliases[0]"

    def test_duplicate_keys_are_reported_with_everything_else(self) -> None:
        text = catalog_text(topics="  - id: limits\n    name: L\n    name: M\n    parent: nope\n")
        found = problems(text)
        assert [p.line for p in found] == [7, 8]
        assert "duplicate key 'name' (first defined on line 6)" in found[0].message
        assert found[1].message == "unknown topic 'nope'"


class TestCycles:
    def test_self_prerequisite(self) -> None:
        problem = only(catalog_text(topics="  - {id: limits, name: L, requires: [limits]}\n"))
        assert problem.message == "topic 'limits' lists itself as a prerequisite"
        assert problem.path == "topics[2] (limits).requires[0]"

    def test_two_cycle(self) -> None:
        text = catalog_text(
            topics="  - {id: a, name: A, requires: [b]}\n  - {id: b, name: B, requires: [a]}\n"
        )
        problem = only(text)
        assert problem.message == "prerequisite cycle: a -> b -> a (each requires the next)"
        assert problem.line == 5
        assert "recommends" in problem.hint

    def test_long_cycle_through_many_topics(self) -> None:
        topics = "".join(
            f"  - {{id: t{i}, name: T{i}, requires: [t{(i + 1) % 4}]}}\n" for i in range(4)
        )
        problem = only(catalog_text(topics=topics))
        assert "t0 -> t1 -> t2 -> t3 -> t0" in problem.message

    def test_each_cycle_reported_once(self) -> None:
        topics = (
            "  - {id: a, name: A, requires: [b]}\n  - {id: b, name: B, requires: [a]}\n"
            "  - {id: x, name: X, requires: [y]}\n  - {id: y, name: Y, requires: [x]}\n"
        )
        found = problems(catalog_text(topics=topics))
        assert [p.message.split(" (")[0] for p in found] == [
            "prerequisite cycle: a -> b -> a",
            "prerequisite cycle: x -> y -> x",
        ]

    def test_parent_cycle_and_own_parent(self) -> None:
        topics = (
            "  - {id: a, name: A, parent: b}\n  - {id: b, name: B, parent: a}\n"
            "  - {id: c, name: C, parent: c}\n"
        )
        messages = [p.message for p in problems(catalog_text(topics=topics))]
        assert messages == ["parent cycle: a -> b -> a", "a topic cannot be its own parent"]

    def test_soft_cycles_are_legal(self) -> None:
        topics = "  - {id: a, name: A, recommends: [b]}\n  - {id: b, name: B, recommends: [a]}\n"
        catalog = parse_catalog(catalog_text(topics=topics))
        assert [n.topic for n in catalog.topic_by_id["a"].recommends] == ["b"]


class TestResourceRules:
    def test_requires_what_it_teaches(self) -> None:
        text = catalog_text(resources=resource(requires="[calculus@working]"))
        problem = only(text)
        assert problem.path == "resources[0] (r).requires[0]"
        assert "a resource cannot need what it teaches" in problem.message

    def test_requires_less_than_it_teaches_is_fine(self) -> None:
        text = catalog_text(
            resources=resource(teaches="[calculus@thorough]", requires="[calculus@overview]")
        )
        assert parse_catalog(text).resources[0].requires[0].topic == "calculus"


class TestParts:
    """A part is a piece of its resource: nothing the whole does not teach, no deeper, and no
    more hours than the whole between them."""

    BROAD = (
        "  - {id: probability, name: Probability}\n"
        "  - {id: bayes, name: Bayes, parent: probability}\n"
        "  - {id: distributions, name: Distributions, parent: probability}\n"
    )

    def with_parts(self, teaches: str, parts: str) -> str:
        return catalog_text(self.BROAD, resource(teaches=teaches, parts=parts))

    def test_a_part_may_teach_a_topic_below_the_whole_s_broad_topic(self) -> None:
        text = self.with_parts(
            "[probability@working]", "[{id: p, title: P, hours: 2, teaches: [bayes@working]}]"
        )
        part = parse_catalog(text).resources[0].parts[0]
        assert [n.topic for n in part.teaches or []] == ["bayes"]

    def test_not_deeper_than_the_broad_topic_above_it(self) -> None:
        text = self.with_parts(
            "[probability@overview]", "[{id: p, title: P, hours: 2, teaches: [bayes@working]}]"
        )
        problem = only(text)
        assert problem.path == "resources[0] (r).parts[0].teaches[0]"
        assert problem.message == (
            "part 'p' teaches bayes@working, which the whole resource does not (bayes at overview)"
        )

    def test_nor_a_sibling_of_what_the_whole_teaches(self) -> None:
        text = self.with_parts(
            "[bayes@working]", "[{id: p, title: P, hours: 2, teaches: [distributions]}]"
        )
        assert only(text).message == (
            "part 'p' teaches distributions@overview, which the whole resource does not "
            "(distributions missing)"
        )

    def test_parts_take_no_more_hours_than_the_whole(self) -> None:
        text = self.with_parts(
            "[probability]",
            "[{id: a, title: A, hours: 6}, {id: b, title: B, hours: 6}]",
        )
        problem = only(text)
        assert problem.path == "resources[0] (r).parts"
        assert (
            problem.message == "the parts take 12 h together, more than the whole resource (10 h)"
        )


def test_check_catalog_directly_returns_issues_with_paths() -> None:
    topics = [
        (0, Topic.model_validate({"id": "a", "name": "A", "requires": ["b"]})),
        (1, Topic.model_validate({"id": "b", "name": "B", "requires": ["a"]})),
    ]
    issues = check_catalog(topics, [], [])
    assert [(i.path, i.message) for i in issues] == [
        (("topics", 0, "requires"), "prerequisite cycle: a -> b -> a (each requires the next)")
    ]


MANY = FIXTURES / "bad" / "many-problems.yaml"


def test_every_problem_in_one_file_is_reported_sorted_by_line() -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(MANY)
    found = [(p.line, p.path, p.message) for p in info.value.problems]
    assert found == [
        (9, "topics[1] (calculus).requries", "unknown field 'requries'"),
        (12, "topics[2] (limits).parent", "unknown topic 'calculas'"),
        (13, "topics[2] (limits).requires[0]", "topic 'limits' lists itself as a prerequisite"),
        (
            19,
            "topics[4] (sequences).requires",
            "prerequisite cycle: sequences -> series -> sequences (each requires the next)",
        ),
        (20, "topics[5] (algebra).id", "duplicate id 'algebra' (first used by topics[0])"),
        (26, "resources[0] (calc-book).url", "not a valid http(s) URL: 'htp://example.org/calc'"),
        (28, "resources[0] (calc-book).hours", "Input should be greater than 0 (got 0)"),
        (40, "resources[1] (empty-course).teaches", "a resource must teach at least one topic"),
        (
            50,
            "resources[2] (self-need).requires[0]",
            "requires 'series' at depth working but only teaches it at overview: "
            "a resource cannot need what it teaches",
        ),
        (50, "resources[2] (self-need).requires[1].topic", "unknown topic 'limitz'"),
        (51, "resources[2].title", "duplicate key 'title' (first defined on line 42)"),
        (56, "goals[0] (goal).targets[0].topic", "unknown topic 'integrals'"),
        (57, "goals[0] (goal).assumes[0]", "unknown topic 'precalculus'"),
    ]
    assert all(p.file == str(MANY) for p in info.value.problems)
    text = str(info.value)
    assert text.startswith(f"{MANY}: 13 problems found\n  - {MANY}:9: ")
    assert "(did you mean 'requires'?)" in text
    assert "(did you mean 'calculus'?)" in text
