"""Planning in a language: ``--lang`` as a weight that moves choices where an alternative in the
language costs about as much, ``--require-lang`` as a filter, on small catalogs and on the bundled
one (issue 12, item 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.support.build import resource
from tests.support.bundled import START as BUNDLED_START
from tests.support.bundled import ids, plan

from mathpath.catalog.language import has_material
from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog
from mathpath.errors import PlanError, UsageError
from mathpath.planning import make_plan
from mathpath.planning.candidates import LANGUAGE_SURCHARGE_MINUTES
from mathpath.planning.explain import ALTERNATIVE, explain
from mathpath.planning.plans import Plan
from mathpath.planning.request import build_request, parse_choices

START = date(2026, 3, 2)
SUBTITLED = [{"lang": "zh", "kind": "subtitles", "url": "https://zh.example.org/"}]


def two_ways(english_hours: float, chinese_hours: float, **chinese: Any) -> Catalog:
    """One topic, taught by an English-only resource and by one with Chinese subtitles."""
    return Catalog.model_validate(
        {
            "topics": [{"id": "t", "name": "T"}],
            "resources": [
                resource("english", ["t@working"], hours=english_hours),
                resource(
                    "chinese",
                    ["t@working"],
                    hours=chinese_hours,
                    **({"translations": SUBTITLED} | chinese),
                ),
            ],
            "goals": [{"id": "g", "name": "G", "description": "d", "targets": ["t@working"]}],
        }
    )


def chosen(cat: Catalog, **kw: Any) -> list[str]:
    return [item.id for item in make_plan(cat, build_request("g", start=START, **kw)).items]


@pytest.mark.parametrize(
    ("english", "chinese", "with_lang"),
    [
        (30, 39, "chinese"),  # 30% longer: comparable
        (30, 45, "english"),  # half as long again: not
        (0.5, 1.25, "chinese"),  # short material: an hour of getting at English counts
        (0.5, 2.5, "english"),
    ],
)
def test_lang_moves_a_choice_only_to_a_comparable_alternative(
    english: float, chinese: float, with_lang: str
) -> None:
    cat = two_ways(english, chinese)
    assert chosen(cat) == ["english"]  # no language: the shorter
    assert chosen(cat, lang="zh") == [with_lang]


def test_the_weight_is_three_quarters_and_the_surcharge_an_hour() -> None:
    # 1.75 h of English costs 105 + 60 = 165 minutes; Chinese material costs 3/4 of its
    # minutes: 3.6 h (216 min) costs 162 and wins, 3.7 h (222 min) costs 166.5 and loses.
    assert LANGUAGE_SURCHARGE_MINUTES == 60
    assert chosen(two_ways(english_hours=1.75, chinese_hours=3.6), lang="zh") == ["chinese"]
    assert chosen(two_ways(english_hours=1.75, chinese_hours=3.7), lang="zh") == ["english"]


def test_require_lang_keeps_only_material_in_the_language() -> None:
    cat = two_ways(1, 20)
    assert chosen(cat, require_lang="zh") == ["chinese"]
    p = make_plan(cat, build_request("g", start=START, require_lang="zh"))
    assert p.request.preferences.lang == "zh"  # requiring a language favours it too


def test_require_lang_names_what_cannot_be_covered() -> None:
    cat = two_ways(1, 2, translations=[])
    with pytest.raises(PlanError, match=r"(?s)t \(at working or deeper\).*nothing in zh.*english"):
        chosen(cat, require_lang="zh")


def test_a_part_without_the_language_is_left_out_by_require_lang() -> None:
    cat = Catalog.model_validate(
        {
            "topics": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
            "resources": [
                resource(
                    "book",
                    ["a@working", "b@working"],
                    hours=20,
                    translations=SUBTITLED,
                    parts=[
                        {"id": "one", "title": "One", "hours": 8, "teaches": ["a@working"]},
                        {
                            "id": "appendix",
                            "title": "Appendix",
                            "hours": 8,
                            "teaches": ["b@working"],
                            "translations": [],
                        },
                    ],
                ),
                resource("other-b", ["b@working"], hours=30, languages=["zh"]),
            ],
            "goals": [
                {"id": "g", "name": "G", "description": "d", "targets": ["a@working", "b@working"]}
            ],
        }
    )
    assert chosen(cat) == ["book"]  # English: the two parts, as the whole book
    p = make_plan(cat, build_request("g", start=START, require_lang="zh"))
    assert [(item.id, item.part_ids) for item in p.items] == [("book", ("one",)), ("other-b", ())]


def test_require_lang_is_parsed_as_a_language() -> None:
    assert parse_choices("g", require_lang="ZH").require_lang == "zh"
    with pytest.raises(UsageError, match="--require-lang"):
        parse_choices("g", require_lang="chinese!")


# --- the bundled catalog ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _units_in(p: Plan, lang: str) -> list[tuple[str, bool]]:
    """Each planned unit and whether it has material in ``lang``."""
    found = []
    for item in p.items:
        resource_ = item.resource
        if item.parts:
            found += [
                (f"{item.id}:{part.id}", has_material(resource_, lang, part)) for part in item.parts
            ]
        else:
            found.append((item.id, has_material(resource_, lang)))
    return found


def test_require_lang_plans_deep_learning_with_chinese_material_only(catalog: Catalog) -> None:
    p = plan(catalog, "deep-learning", require_lang="zh")
    assert p.exact
    assert all(has for _, has in _units_in(p, "zh")), _units_in(p, "zh")
    assert "mit-6.s191" not in ids(p)  # no Chinese edition
    assert any(item.resource.teaches_depth("deep-learning") for item in p.items)


def test_lang_zh_picks_chinese_material_where_it_is_comparable(catalog: Catalog) -> None:
    english = plan(catalog, "deep-learning-specialization")
    chinese = plan(catalog, "deep-learning-specialization", lang="zh")
    assert chinese.exact
    # Dive into Deep Learning in its Chinese edition (动手学深度学习) instead of the English one;
    # the Specialization itself stays (no Chinese course of its kind).
    assert "d2l" in ids(english)
    assert "d2l-zh" in ids(chinese)
    assert "d2l" not in ids(chinese)
    assert ids(chinese)[-1] == ids(english)[-1] == "ng-deep-learning-specialization"
    in_chinese = sum(has for _, has in _units_in(chinese, "zh"))
    assert in_chinese > sum(has for _, has in _units_in(english, "zh"))


def test_lang_zh_takes_no_probability_that_skips_bayes(catalog: Catalog) -> None:
    # Seeing Theory's probability chapters, 1-3, are one part (each builds on the one before)
    # and its statistics chapters another, so no plan takes a later chapter alone as its
    # probability. A 27-minute English video costs less than the four hours of 看见统计's
    # chapters 1-3 even with the hour an English-only resource costs in Chinese.
    chinese = plan(catalog, "deep-learning", lang="zh")
    english = plan(catalog, "deep-learning")
    assert chinese.exact
    assert [unit for unit, _ in _units_in(chinese, "zh")] == [
        unit for unit, _ in _units_in(english, "zh")
    ]
    assert "3b1b-bayes:main" in [unit for unit, _ in _units_in(chinese, "zh")]
    st = next(r for r in catalog.resources if r.id == "seeing-theory")
    probability = [
        p.id
        for p in st.parts
        if any(t.topic in ("conditional-probability", "random-variables") for t in p.teaches or [])
    ]
    assert probability == ["ch1-3"]


def test_lang_zh_keeps_linear_algebra_on_the_chinese_subtitled_18_06(catalog: Catalog) -> None:
    p = plan(catalog, "linear-algebra", lang="zh")
    assert ids(p) == ["mit-18.06sc"]
    assert all(has for _, has in _units_in(p, "zh"))


@pytest.mark.parametrize(
    ("goal", "topics"),
    [
        (
            "calculus",
            ["differential-equations", "multivariable-calculus", "single-variable-calculus"],
        ),
        ("statistical-learning", ["statistical-learning"]),
    ],
)
def test_require_lang_says_which_topics_have_no_chinese_material(
    catalog: Catalog, goal: str, topics: list[str]
) -> None:
    with pytest.raises(PlanError) as raised:
        plan(catalog, goal, require_lang="zh")
    message = str(raised.value)
    for topic in topics:
        assert f"{topic} (at " in message
    assert "--require-lang zh" in message


def test_a_deadline_too_close_for_chinese_material_suggests_going_without(
    catalog: Catalog,
) -> None:
    p = plan(
        catalog, "deep-learning", require_lang="zh", deadline="2026-02-15", max_hours_per_week=6
    )
    assert p.deadline is not None
    assert not p.deadline.feasible
    said = [s for s in p.deadline.suggestions if "--require-lang" in s]
    assert said, p.deadline.suggestions
    assert "mit-6.s191" in said[0]  # what the plan would take instead


def test_why_says_a_shorter_english_alternative_lost_to_the_language_weight(
    catalog: Catalog,
) -> None:
    request = build_request("deep-learning-specialization", start=BUNDLED_START, lang="zh")
    answer = explain(catalog, request, "calculus-made-easy")
    assert answer.kind == ALTERNATIVE
    assert answer.extra_hours is not None
    assert answer.extra_hours < 0  # it is shorter; the weight favoured Chinese material
    assert "weigh in favour" in answer.verdict
    assert f"take {-answer.extra_hours:g} h less" in answer.verdict
