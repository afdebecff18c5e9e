"""The catalog models: depths, the topic@depth shorthand, resource helpers and catalog lookups."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import (
    Catalog,
    Depth,
    Level,
    Resource,
    ResourceFormat,
    Topic,
    TopicNeed,
    is_valid_id,
)


def make_resource(**fields: object) -> Resource:
    base: dict[str, object] = {
        "id": "r",
        "title": "R",
        "provider": "P",
        "url": "https://example.org/r",
        "format": "course",
        "hours": 10,
        "level": "intro",
        "free": True,
        "teaches": ["a@working"],
    }
    base.update(fields)
    return Resource.model_validate(base)


class TestDepth:
    def test_ranks_are_ordered(self) -> None:
        assert Depth.OVERVIEW.rank < Depth.WORKING.rank < Depth.THOROUGH.rank

    @pytest.mark.parametrize(
        ("have", "need", "covered"),
        [
            (Depth.THOROUGH, Depth.OVERVIEW, True),
            (Depth.THOROUGH, Depth.THOROUGH, True),
            (Depth.WORKING, Depth.WORKING, True),
            (Depth.WORKING, Depth.THOROUGH, False),
            (Depth.OVERVIEW, Depth.WORKING, False),
            (Depth.OVERVIEW, Depth.OVERVIEW, True),
        ],
    )
    def test_covers(self, have: Depth, need: Depth, covered: bool) -> None:
        assert have.covers(need) is covered

    def test_values_are_the_yaml_words(self) -> None:
        assert [d.value for d in Depth] == ["overview", "working", "thorough"]

    def test_level_ranks(self) -> None:
        assert Level.INTRO.rank < Level.INTERMEDIATE.rank < Level.ADVANCED.rank


class TestTopicNeed:
    def test_plain_id_defaults_to_overview(self) -> None:
        need = TopicNeed.model_validate("linear-algebra")
        assert (need.topic, need.depth) == ("linear-algebra", Depth.OVERVIEW)

    def test_at_depth_shorthand(self) -> None:
        need = TopicNeed.model_validate("linear-algebra@thorough")
        assert (need.topic, need.depth) == ("linear-algebra", Depth.THOROUGH)

    def test_mapping_form_with_note(self) -> None:
        need = TopicNeed.model_validate({"topic": "calculus", "depth": "working", "note": "limits"})
        assert need.note == "limits"
        assert need.depth is Depth.WORKING

    def test_unknown_depth_in_shorthand_is_rejected(self) -> None:
        with pytest.raises(ValidationError, match="overview"):
            TopicNeed.model_validate("calculus@deep")

    def test_invalid_id_is_rejected(self) -> None:
        with pytest.raises(ValidationError, match="pattern"):
            TopicNeed.model_validate("Linear Algebra")

    def test_unknown_field_is_rejected(self) -> None:
        with pytest.raises(ValidationError, match="dept"):
            TopicNeed.model_validate({"topic": "a", "dept": "working"})


class TestResource:
    def test_available_in_original_language(self) -> None:
        assert make_resource(languages=["en", "zh"]).available_in("zh")

    def test_available_through_translation(self) -> None:
        resource = make_resource(translations=[{"lang": "zh", "kind": "subtitles"}])
        assert resource.available_in("zh")
        assert resource.available_in("en")  # the default language
        assert not resource.available_in("fr")

    def test_title_in_language(self) -> None:
        resource = make_resource(titles={"zh": "线性代数"})
        assert resource.title_in("zh") == "线性代数"
        assert resource.title_in("fr") == "R"
        assert resource.title_in(None) == "R"

    def test_teaches_depth_takes_the_deepest_entry(self) -> None:
        resource = make_resource(teaches=["a@overview", "b@working", "a@thorough"])
        assert resource.teaches_depth("a") is Depth.THOROUGH
        assert resource.teaches_depth("b") is Depth.WORKING
        assert resource.teaches_depth("c") is None

    def test_strings_are_stripped(self) -> None:
        assert make_resource(title="  Calculus  ").title == "Calculus"

    @pytest.mark.parametrize(
        "url",
        ["ftp://example.org", "example.org", "https://", "https://exa mple.org", "mailto:a@b.c"],
    )
    def test_bad_urls_are_rejected(self, url: str) -> None:
        with pytest.raises(ValidationError, match="not a valid http"):
            make_resource(url=url)

    def test_other_urls_are_checked_too(self) -> None:
        with pytest.raises(ValidationError, match="not a valid http"):
            make_resource(urls={"pdf": "file:///tmp/book.pdf"})

    @pytest.mark.parametrize("hours", [0, -1, 100_001])
    def test_hours_out_of_range(self, hours: float) -> None:
        with pytest.raises(ValidationError, match="hours"):
            make_resource(hours=hours)

    def test_must_teach_something(self) -> None:
        with pytest.raises(ValidationError, match="teaches"):
            make_resource(teaches=[])

    def test_is_frozen(self) -> None:
        resource = make_resource()
        with pytest.raises(ValidationError):
            resource.hours = 3  # type: ignore[misc]

    def test_defaults(self) -> None:
        resource = make_resource()
        assert resource.languages == ["en"]
        assert resource.hours_estimated is False
        assert resource.format is ResourceFormat.COURSE


class TestCatalog:
    @pytest.fixture
    def catalog(self, mini_catalog_path: Path) -> Catalog:
        return load_catalog(mini_catalog_path)

    def test_lookups(self, catalog: Catalog) -> None:
        assert catalog.topic_by_id["calculus"].name == "Calculus"
        assert catalog.resource_by_id["la-book"].titles == {"zh": "线性代数"}
        assert catalog.goal_by_id["dl"].assumes == ["precalculus"]

    def test_children_and_teachers(self, catalog: Catalog) -> None:
        assert catalog.children_of == {"calculus": ["single-variable-calculus"]}
        teachers = [r.id for r in catalog.teachers_of["single-variable-calculus"]]
        assert teachers == ["calc-video", "calc-course"]

    def test_topic_and_descendants(self) -> None:
        catalog = Catalog.model_validate(
            {
                "topics": [
                    {"id": "calculus", "name": "Calculus"},
                    {"id": "single", "name": "Single", "parent": "calculus"},
                    {"id": "multi", "name": "Multi", "parent": "calculus"},
                    {"id": "ode", "name": "ODE", "parent": "multi"},
                    {"id": "algebra", "name": "Algebra"},
                ]
            }
        )
        assert catalog.topic_and_descendants("calculus") == ["calculus", "single", "multi", "ode"]
        assert catalog.topic_and_descendants("multi") == ["multi", "ode"]
        assert catalog.topic_and_descendants("algebra") == ["algebra"]

    def test_topic_and_descendants_survives_a_parent_cycle(self) -> None:
        # Validation rejects parent cycles, but the helper must not loop on an unvalidated model.
        catalog = Catalog.model_validate(
            {
                "topics": [
                    {"id": "a", "name": "A", "parent": "b"},
                    {"id": "b", "name": "B", "parent": "a"},
                ]
            }
        )
        assert sorted(catalog.topic_and_descendants("a")) == ["a", "b"]

    def test_unknown_top_level_key(self) -> None:
        with pytest.raises(ValidationError, match="resource"):
            Catalog.model_validate({"resource": []})

    def test_only_version_1(self) -> None:
        with pytest.raises(ValidationError, match="version"):
            Catalog.model_validate({"version": 2})

    def test_json_schema_names_the_sections(self) -> None:
        schema = Catalog.model_json_schema()
        assert set(schema["properties"]) >= {"topics", "resources", "goals", "version"}
        assert schema["additionalProperties"] is False


def test_topic_requires_shorthand() -> None:
    topic = Topic.model_validate({"id": "b", "name": "B", "requires": ["a@working", "c"]})
    assert [(n.topic, n.depth) for n in topic.requires] == [
        ("a", Depth.WORKING),
        ("c", Depth.OVERVIEW),
    ]


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("mit-18.01sc", True),
        ("a", True),
        ("c++", True),
        ("snake_case", True),
        ("Upper", False),
        ("-leading", False),
        ("with space", False),
        ("", False),
    ],
)
def test_is_valid_id(value: str, valid: bool) -> None:
    assert is_valid_id(value) is valid


def test_topics_in_the_order_the_catalog_lists_them() -> None:
    topics = [{"id": t, "name": t.title()} for t in ("zeta", "alpha", "mid")]
    catalog = Catalog.model_validate({"topics": topics})
    assert catalog.in_topic_order(["mid", "unknown", "alpha", "zeta", "mid"]) == [
        "zeta",
        "alpha",
        "mid",
        "unknown",
    ]
