"""The placement walk (``mathpath check``): what scripted answers find, and how many questions
it takes to find it (skipping works)."""

from __future__ import annotations

import pytest

from mathpath.catalog import load_catalog
from mathpath.catalog.models import Catalog, Depth
from mathpath.errors import UsageError
from mathpath.learner.placement import (
    AnswersError,
    Question,
    parse_answers,
    place,
    placement_scope,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_knows_nothing_asks_only_the_first_item_of_each_bottom_topic(catalog: Catalog) -> None:
    scope = placement_scope(catalog, goal=catalog.goal_by_id["deep-learning"])
    result = place(catalog, scope, lambda q: False)
    assert result.know_options() == []
    # single-variable calculus, linear algebra and Bayes' rule stand on precalculus (assumed);
    # everything else waits for one of them, and the goal needs no random variables.
    assert [a.question.id for a in result.asked] == [
        "single-variable-calculus:slope",
        "linear-algebra:matrix-product",
        "conditional-probability:bayes",
    ]
    needs = {(s.topic, s.because) for s in result.skipped if s.reason == "needs"}
    assert ("optimization", "single-variable-calculus@overview") in needs
    assert ("backpropagation", "neural-networks@overview") in needs


def test_knows_calculus_to_working(catalog: Catalog) -> None:
    sheet = parse_answers(
        "single-variable-calculus@overview: yes\n"
        "single-variable-calculus@working: yes\n"
        "single-variable-calculus@thorough: no\n"
        "multivariable-calculus: yes\n"
        "multivariable-calculus:lagrange: no\n"
        "differential-equations@overview: yes\n"
        "differential-equations@thorough: no\n",
        "answers.yaml",
        catalog,
    )
    scope = placement_scope(catalog, goal=catalog.goal_by_id["calculus"])
    result = place(catalog, scope, sheet.ask)
    assert result.know_options() == [
        "--know single-variable-calculus@working",
        "--know multivariable-calculus@working",
        "--know differential-equations@overview",
    ]
    # 2 + 2 + 1 (the first thorough item fails), twice, then 2 + 1: differential equations has
    # no working items, so its thorough ones come next.
    assert len(result.asked) == 13
    assert [(s.topic, s.depth, s.reason) for s in result.skipped] == [
        ("differential-equations", Depth.WORKING, "no-checks")
    ]


def test_knows_everything_asks_every_item_once(catalog: Catalog) -> None:
    scope = placement_scope(catalog)
    result = place(catalog, scope, lambda q: True)
    every = sum(len(catalog.topic_by_id[t].checks) for t in scope)
    assert len(result.asked) == every == 74
    assert len({a.question.id for a in result.asked}) == every
    assert all(d is not None for d in result.found.values())
    assert "--know python@working" in result.know_options()  # python has working items only
    assert "--know deep-learning@thorough" in result.know_options()
    assert result.skipped == tuple(
        s for s in result.skipped if s.reason == "no-checks" and s.depth is Depth.THOROUGH
    )


def test_failing_overview_of_one_variable_skips_multivariable(catalog: Catalog) -> None:
    scope = placement_scope(catalog, goal=catalog.goal_by_id["ml-math"])
    asked: list[Question] = []

    def answer(question: Question) -> bool:
        asked.append(question)
        return question.topic != "single-variable-calculus"

    result = place(catalog, scope, answer)
    assert "multivariable-calculus" not in {q.topic for q in asked}
    assert result.found["multivariable-calculus"] is None
    assert result.found["linear-algebra"] is Depth.WORKING
    # optimization at overview needs only single-variable calculus at overview: skipped too
    assert result.found["optimization"] is None


def test_the_walk_goes_up_the_prerequisite_graph(catalog: Catalog) -> None:
    scope = placement_scope(catalog, goal=catalog.goal_by_id["deep-learning-specialization"])
    order = list(place(catalog, scope, lambda q: True).found)
    assert order.index("single-variable-calculus") < order.index("multivariable-calculus")
    assert order.index("multivariable-calculus") < order.index("backpropagation")
    assert order.index("backpropagation") < order.index("deep-learning")
    assert "precalculus" not in order  # assumed by the goal, and without items


def test_an_answer_file_names_every_problem_with_its_line(catalog: Catalog) -> None:
    text = (
        "single-variable-calculus@overview: yes\n"
        "linear-algebra@deep: yes\n"
        "probabilty: no\n"
        "statistics: maybe\n"
        "backpropagation:chain-rul: yes\n"
        "precalculus: yes\n"
        "probability:bayes: yes\n"
    )
    with pytest.raises(AnswersError) as caught:
        parse_answers(text, "a.yaml", catalog)
    shown = [str(p) for p in caught.value.problems]
    assert shown[0].startswith("a.yaml:2: linear-algebra@deep: unknown depth 'deep'")
    assert shown[1].startswith("a.yaml:3: probabilty: unknown topic 'probabilty'")
    assert "did you mean 'probability'" in shown[1]
    assert shown[2].startswith("a.yaml:4: statistics: the answer must be yes or no (got 'maybe')")
    assert "did you mean 'chain-rule'" in shown[3]
    assert shown[4].startswith("a.yaml:6: precalculus: topic 'precalculus' has no self-check")
    assert shown[5].startswith(
        "a.yaml:7: probability:bayes: topic 'probability' has no items of its own"
    )
    assert "e.g. conditional-probability:" in shown[5]
    assert caught.value.exit_code == 2


def test_a_broad_topic_answers_for_the_topics_below_it(catalog: Catalog) -> None:
    sheet = parse_answers(
        "mathematics: no\nprobability: yes\nrandom-variables@working: no\n", "a.yaml", catalog
    )
    scope = placement_scope(catalog, goal=catalog.goal_by_id["ml-math"])
    result = place(catalog, scope, sheet.ask)
    # the nearest answer wins: the topic's own, then probability's, then mathematics'
    assert result.found["conditional-probability"] is Depth.WORKING
    assert result.found["random-variables"] is Depth.OVERVIEW
    assert result.found["linear-algebra"] is None


def test_a_question_without_an_answer_is_named(catalog: Catalog) -> None:
    sheet = parse_answers("single-variable-calculus@overview: yes\n", "a.yaml", catalog)
    scope = placement_scope(catalog, goal=catalog.goal_by_id["calculus"])
    with pytest.raises(UsageError, match=r"a\.yaml: no answer for single-variable-calculus:chain"):
        place(catalog, scope, sheet.ask)


@pytest.mark.parametrize("text", ["- a\n- b\n", "42\n"])
def test_an_answer_file_is_a_mapping(catalog: Catalog, text: str) -> None:
    with pytest.raises(AnswersError, match="a mapping of questions to yes or no"):
        parse_answers(text, "a.yaml", catalog)
