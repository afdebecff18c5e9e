"""Finding things in a catalog: topic words, filters, leads-to, and the --json shapes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog, Level, Resource, ResourceFormat
from mathpath.catalog.query import (
    ResourceFilter,
    catalog_counts,
    find_resource,
    goal_dict,
    leads_to,
    parse_choice,
    resolve_topic,
    resource_detail,
    resource_summary,
    select_resources,
    topic_dict,
)
from mathpath.errors import UsageError

BROWSE = Path(__file__).parents[1] / "fixtures" / "browse.yaml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(BROWSE)


def ids(resources: Sequence[Resource]) -> list[str]:
    return [r.id for r in resources]


class TestResolveTopic:
    @pytest.mark.parametrize(
        ("word", "topic"),
        [
            ("calculus", "calculus"),
            ("Calculus", "calculus"),  # name or id, any case
            ("calc", "calculus"),  # alias
            ("CALC", "calculus"),
            ("微积分", "calculus"),  # a Chinese name
            ("线性代数", "linear-algebra"),
            ("la", "linear-algebra"),
            ("ode", "differential-equations"),
            ("18.01", "single-variable-calculus"),
            ("Single-variable calculus", "single-variable-calculus"),
            ("  probability ", "probability"),
        ],
    )
    def test_words_that_find_a_topic(self, catalog: Catalog, word: str, topic: str) -> None:
        assert resolve_topic(catalog, word).id == topic

    def test_unknown_topic_suggests_close_names(self, catalog: Catalog) -> None:
        with pytest.raises(UsageError, match="unknown topic 'calculas'") as info:
            resolve_topic(catalog, "calculas")
        assert info.value.hint.startswith("did you mean 'calculus'")

    def test_suggestions_keep_the_catalog_spelling(self, catalog: Catalog) -> None:
        with pytest.raises(UsageError) as info:
            resolve_topic(catalog, "linear algebrа")  # a Cyrillic 'а' at the end
        assert "'Linear algebra'" in info.value.hint

    def test_nothing_close(self, catalog: Catalog) -> None:
        with pytest.raises(UsageError) as info:
            resolve_topic(catalog, "zzzz")
        assert "mathpath topics" in info.value.hint

    def test_a_name_shared_by_two_topics(self) -> None:
        catalog = Catalog.model_validate(
            {
                "topics": [
                    {"id": "stats-a", "name": "Statistics"},
                    {"id": "stats-b", "name": "statistics"},
                ]
            }
        )
        with pytest.raises(UsageError, match="names several topics: stats-a, stats-b"):
            resolve_topic(catalog, "Statistics")


class TestSelectResources:
    def test_no_filter_keeps_catalog_order(self, catalog: Catalog) -> None:
        assert ids(select_resources(catalog, ResourceFilter())) == [r.id for r in catalog.resources]

    def test_broad_topic_includes_descendants(self, catalog: Catalog) -> None:
        found = ids(select_resources(catalog, ResourceFilter(topic="calculus")))
        assert found == ["mit-18.01sc", "essence-of-calculus", "mit-18.02sc", "mit-18.03sc"]

    def test_specific_topic(self, catalog: Catalog) -> None:
        found = ids(select_resources(catalog, ResourceFilter(topic="ODE")))
        assert found == ["mit-18.03sc"]

    def test_unknown_topic(self, catalog: Catalog) -> None:
        with pytest.raises(UsageError, match="unknown topic 'calculas'"):
            select_resources(catalog, ResourceFilter(topic="calculas"))

    @pytest.mark.parametrize(
        ("wanted", "expected"),
        [
            (ResourceFilter(format=ResourceFormat.TEXTBOOK), ["strang-la"]),
            (ResourceFilter(level=Level.ADVANCED), ["prob-course"]),
            (ResourceFilter(free_only=True, topic="linear-algebra"), []),
            (ResourceFilter(lang="zh"), ["mit-18.01sc", "essence-of-calculus", "strang-la"]),
            (ResourceFilter(lang="fr"), []),
            (ResourceFilter(max_hours=80), ["essence-of-calculus", "strang-la", "prob-course"]),
            (ResourceFilter(max_hours=3.5), ["essence-of-calculus"]),
            (
                ResourceFilter(topic="calculus", format=ResourceFormat.COURSE, lang="zh"),
                ["mit-18.01sc"],
            ),
        ],
    )
    def test_filters(self, catalog: Catalog, wanted: ResourceFilter, expected: list[str]) -> None:
        assert ids(select_resources(catalog, wanted)) == expected

    @pytest.mark.parametrize("hours", [0, -5])
    def test_max_hours_must_be_positive(self, catalog: Catalog, hours: float) -> None:
        with pytest.raises(UsageError, match="--max-hours must be more than 0"):
            select_resources(catalog, ResourceFilter(max_hours=hours))


class TestParseChoice:
    def test_value(self) -> None:
        assert (
            parse_choice(ResourceFormat, "Video-Series", "--format") is ResourceFormat.VIDEO_SERIES
        )

    def test_bad_value_lists_the_valid_ones(self) -> None:
        with pytest.raises(UsageError) as info:
            parse_choice(ResourceFormat, "book", "--format")
        assert str(info.value.message) == (
            "--format: 'book' is not one of course, textbook, video-series, video, interactive, "
            "article"
        )
        assert info.value.hint == "did you mean 'textbook'?"


class TestFindResource:
    def test_by_id(self, catalog: Catalog) -> None:
        assert find_resource(catalog, "strang-la").authors == ["Gilbert Strang"]
        assert find_resource(catalog, "STRANG-LA").id == "strang-la"

    def test_nothing_close(self, catalog: Catalog) -> None:
        with pytest.raises(UsageError) as info:
            find_resource(catalog, "zzzzzz")
        assert "mathpath list" in info.value.hint

    def test_unknown_id_suggests(self, catalog: Catalog) -> None:
        with pytest.raises(UsageError, match=r"unknown resource 'mit-18\.01'") as info:
            find_resource(catalog, "mit-18.01")
        assert "'mit-18.01sc'" in info.value.hint

    def test_unknown_id_suggests_by_title(self, catalog: Catalog) -> None:
        with pytest.raises(UsageError) as info:
            find_resource(catalog, "multivariable calculus")
        assert info.value.hint.startswith("did you mean 'mit-18.02sc' (Multivariable Calculus)")


class TestLeadsTo:
    def test_thorough_course_meets_working_and_thorough_needs(self, catalog: Catalog) -> None:
        course = catalog.resource_by_id["mit-18.01sc"]
        assert ids(leads_to(catalog, course)) == ["mit-18.02sc", "mit-18.03sc", "prob-course"]

    def test_overview_meets_only_overview_needs(self, catalog: Catalog) -> None:
        video = catalog.resource_by_id["essence-of-calculus"]
        assert ids(leads_to(catalog, video)) == ["prob-course"]

    def test_nothing(self, catalog: Catalog) -> None:
        assert leads_to(catalog, catalog.resource_by_id["prob-course"]) == []


class TestJsonShapes:
    def test_summary(self, catalog: Catalog) -> None:
        summary = resource_summary(catalog.resource_by_id["mit-18.01sc"], "zh")
        assert summary["title"] == "单变量微积分"
        assert summary["hours"] == 160
        assert summary["hours_estimated"] is True
        assert summary["teaches"] == [{"topic": "single-variable-calculus", "depth": "thorough"}]
        assert summary["requires"] == [{"topic": "precalculus", "depth": "working"}]
        assert set(summary) >= {"id", "url", "format", "level", "free"}

    def test_detail_has_every_field_and_leads_to(self, catalog: Catalog) -> None:
        resource = catalog.resource_by_id["mit-18.01sc"]
        detail = resource_detail(catalog, resource)
        assert set(detail) == {*type(resource).model_fields, "leads_to"}
        assert detail["leads_to"] == ["mit-18.02sc", "mit-18.03sc", "prob-course"]
        assert detail["translations"][0]["note"] == "volunteer subtitles"
        json.dumps(detail)  # plain JSON types only

    def test_topic(self, catalog: Catalog) -> None:
        calculus = topic_dict(catalog, catalog.topic_by_id["calculus"])
        assert calculus["children"] == [
            "single-variable-calculus",
            "multivariable-calculus",
            "differential-equations",
        ]
        assert calculus["resources"] == 0
        multi = topic_dict(catalog, catalog.topic_by_id["multivariable-calculus"])
        assert multi["requires"] == [{"topic": "single-variable-calculus", "depth": "working"}]
        assert multi["recommends"] == [{"topic": "linear-algebra", "depth": "overview"}]
        assert multi["resources"] == 1

    def test_goal(self, catalog: Catalog) -> None:
        goal = goal_dict(catalog.goal_by_id["calculus-basics"])
        assert goal["names"] == {"zh": "微积分基础"}
        assert goal["targets"][1] == {"topic": "multivariable-calculus", "depth": "working"}
        assert goal["assumes"] == ["precalculus"]

    def test_counts(self, catalog: Catalog) -> None:
        assert catalog_counts(catalog) == {"topics": 7, "resources": 6, "goals": 2}
