"""Self-check items (``Topic.checks``): the format, its validation, and the bundled ones."""

from __future__ import annotations

import pytest

from mathpath.catalog.load import load_catalog, parse_catalog
from mathpath.catalog.models import Depth
from mathpath.errors import CatalogError

TEXT = """\
version: 1
topics:
  - id: maths
    name: Maths
  - id: algebra
    name: Algebra
    parent: maths
    checks:
      - id: solve
        depth: overview
        ask: Solve 2x = 4.
        answer: x = 2.
        asks: {zh: 解 2x = 4。}
"""


def test_a_topic_carries_checks_with_translations() -> None:
    catalog = parse_catalog(TEXT)
    check = catalog.topic_by_id["algebra"].checks[0]
    assert (check.id, check.depth) == ("solve", Depth.OVERVIEW)
    assert check.ask_in("zh") == "解 2x = 4。"
    assert check.ask_in(None) == "Solve 2x = 4."
    assert check.answer_in("zh") == "x = 2."  # no translation: the original


def test_a_check_id_used_twice_in_a_topic_is_located() -> None:
    text = TEXT + "      - {id: solve, depth: working, ask: A?, answer: B.}\n"
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "c.yaml")
    (problem,) = caught.value.problems
    assert problem.line == 14
    assert problem.path == "topics[1] (algebra).checks[1].id"
    assert "'solve' is used twice in topic 'algebra'" in problem.message


def test_checks_on_a_broad_topic_are_an_error() -> None:
    text = TEXT.replace(
        "    name: Maths\n",
        "    name: Maths\n    checks: [{id: a, depth: overview, ask: A?, answer: B.}]\n",
    )
    with pytest.raises(
        CatalogError, match=r"c\.yaml:5: topics\[0\] \(maths\)\.checks: 'maths' is a broad topic"
    ):
        parse_catalog(text, "c.yaml")


def test_a_misspelt_field_of_a_check_gets_a_suggestion() -> None:
    text = TEXT.replace("        answer: x = 2.\n", "        anwser: x = 2.\n")
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "c.yaml")
    messages = [str(p) for p in caught.value.problems]
    assert any(
        "c.yaml:12: topics[1] (algebra).checks[0].anwser: unknown field 'anwser'" in m
        and "did you mean 'answer'" in m
        for m in messages
    ), messages
    assert any("checks[0].answer: required field is missing" in m for m in messages), messages


def test_a_check_needs_a_known_depth() -> None:
    with pytest.raises(CatalogError, match=r"checks\[0\]\.depth"):
        parse_catalog(TEXT.replace("depth: overview", "depth: deep"), "c.yaml")


def test_every_specific_bundled_topic_has_checks_at_every_depth_it_is_taught() -> None:
    catalog = load_catalog()
    taught: dict[str, set[Depth]] = {}
    for resource in catalog.resources:
        for need in resource.teaches:
            taught.setdefault(need.topic, set()).add(need.depth)
        for part in resource.parts:
            for need in part.teaches or ():
                taught.setdefault(need.topic, set()).add(need.depth)
    assert taught, "the bundled catalog teaches something"
    for topic_id, depths in taught.items():
        topic = catalog.topic_by_id[topic_id]
        for depth in depths:
            items = [c for c in topic.checks if c.depth is depth]
            assert len(items) >= 2, (topic_id, depth)
            for item in items:
                assert item.asks.get("zh"), (topic_id, item.id)
                assert item.answers.get("zh"), (topic_id, item.id)
        # and no checks at a depth that nothing teaches
        assert {c.depth for c in topic.checks} <= depths, topic_id
    untaught_with_checks = [t.id for t in catalog.topics if t.checks and t.id not in taught]
    assert untaught_with_checks == []
