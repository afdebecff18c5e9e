"""What a resource or a part offers in a language (catalog/language.py), its own languages on a
part, and that the cache keeps them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from mathpath.catalog import _cache as cache
from mathpath.catalog.language import (
    Support,
    has_material,
    item_support,
    language_support,
    marked_title,
)
from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog, Part, Resource


def _resource(**fields: Any) -> Resource:
    base: dict[str, Any] = {
        "id": "r",
        "title": "R",
        "titles": {"zh": "中文标题"},
        "provider": "p",
        "url": "https://example.org/r",
        "format": "course",
        "hours": 10,
        "level": "intro",
        "free": True,
        "teaches": ["t"],
    }
    return Resource.model_validate({**base, **fields})


SUBTITLES = {"lang": "zh", "kind": "subtitles", "url": "https://zh.example.org/sub"}
TRANSLATION = {"lang": "zh", "kind": "translation", "url": "https://zh.example.org/book"}


@pytest.mark.parametrize(
    ("fields", "kind", "url"),
    [
        ({"languages": ["zh"]}, Support.NATIVE, "https://example.org/r"),
        ({"translations": [SUBTITLES]}, Support.SUBTITLES, "https://zh.example.org/sub"),
        ({"translations": [SUBTITLES, TRANSLATION]}, Support.TRANSLATION, TRANSLATION["url"]),
        ({"translations": [{"lang": "zh", "kind": "notes"}]}, Support.NOTES, None),
        ({"translations": [{"lang": "el", "kind": "subtitles"}]}, Support.NONE, None),
        ({}, Support.NONE, None),
    ],
)
def test_the_support_kind_is_the_best_the_catalog_lists(
    fields: dict[str, Any], kind: Support, url: str | None
) -> None:
    support = language_support(_resource(**fields), "zh")
    assert support.kind is kind
    assert support.url == url
    assert support.original_url == "https://example.org/r"
    assert support.has_material is (kind is not Support.NONE)
    assert has_material(_resource(**fields), "zh") is (kind is not Support.NONE)


def test_a_regional_code_asks_for_the_language() -> None:
    resource = _resource(translations=[SUBTITLES])
    assert language_support(resource, "zh-cn").kind is Support.SUBTITLES
    assert has_material(resource, "zh-cn")


def test_the_official_edition_wins_among_the_same_kind() -> None:
    other = {**SUBTITLES, "url": "https://mirror.example.org/"}
    official = {**SUBTITLES, "official": True}
    support = language_support(_resource(translations=[other, official]), "zh")
    assert support.url == SUBTITLES["url"]
    assert support.official


def test_a_part_says_its_own_languages_or_inherits_the_resource_s() -> None:
    resource = _resource(
        translations=[TRANSLATION],
        parts=[
            {"id": "a", "title": "A", "hours": 1},
            {"id": "appendix", "title": "Appendix", "hours": 1, "translations": []},
            {
                "id": "zh-only",
                "title": "Z",
                "hours": 1,
                "languages": ["zh"],
                "url": "https://z.cn/",
            },
        ],
    )
    inherited, untranslated, native = resource.parts
    assert language_support(resource, "zh", inherited).kind is Support.TRANSLATION
    assert language_support(resource, "zh", untranslated).kind is Support.NONE
    assert not has_material(resource, "zh", untranslated)
    native_support = language_support(resource, "zh", native)
    assert native_support.kind is Support.NATIVE
    assert native_support.url == "https://z.cn/"  # the part's own page
    assert not has_material(resource, "en", native)
    # The whole includes every part: the appendix has nothing in Chinese, one part no English.
    assert not has_material(resource, "zh")
    assert not has_material(resource, "en")


def test_a_part_in_no_language_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least one language"):
        Part.model_validate({"id": "a", "title": "A", "hours": 1, "languages": []})


def test_an_item_of_parts_is_marked_with_what_every_part_has() -> None:
    resource = _resource(
        translations=[TRANSLATION],
        parts=[
            {"id": "a", "title": "A", "hours": 1},
            {"id": "b", "title": "B", "hours": 1, "translations": []},
        ],
    )
    a, b = resource.parts
    assert item_support(resource, "zh", (a,)).kind is Support.TRANSLATION
    assert item_support(resource, "zh", (a,)).url == TRANSLATION["url"]
    mixed = item_support(resource, "zh", (a, b))
    assert mixed.kind is Support.NONE
    assert mixed.url is None


def test_a_translated_title_of_english_only_material_is_marked() -> None:
    english = language_support(_resource(), "zh")
    assert english.label == "English only"
    assert marked_title("中文标题", english) == "中文标题 (English only)"
    chinese = language_support(_resource(translations=[SUBTITLES]), "zh")
    assert chinese.label == "Chinese subtitles"
    assert marked_title("中文标题", chinese) == "中文标题"


def test_material_neither_english_nor_in_the_language_says_so() -> None:
    support = language_support(_resource(languages=["de"]), "zh")
    assert support.label == "not in Chinese"


def test_parts_languages_round_trip_through_the_cache(cache_folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "catalog.yaml"
    source.write_text(
        """\
topics: [{id: t, name: T}]
resources:
  - id: r
    title: R
    provider: p
    url: https://example.org/r
    format: course
    hours: 2
    level: intro
    free: true
    teaches: [t]
    translations: [{lang: zh, kind: translation, url: "https://zh.example.org/"}]
    parts:
      - {id: a, title: A, hours: 1}
      - {id: b, title: B, hours: 1, translations: [], languages: [en, de]}
""",
        encoding="utf-8",
    )
    parsed = load_catalog(source)
    load_catalog(source, use_cache=True)  # a miss: stored
    hit = load_catalog(source, use_cache=True)
    assert hit == parsed
    assert hit.model_dump(exclude_unset=True) == parsed.model_dump(exclude_unset=True)
    a, b = hit.resource_by_id["r"].parts
    assert (a.languages, a.translations) == (None, None)
    assert (b.languages, b.translations) == (["en", "de"], [])


@pytest.mark.parametrize("field", ["languages", "id"])
def test_a_forged_value_inside_a_part_is_never_served(field: str) -> None:
    catalog = Catalog.model_validate(
        {
            "topics": [{"id": "t", "name": "T"}],
            "resources": [
                {
                    "id": "r",
                    "title": "R",
                    "provider": "p",
                    "url": "https://example.org/r",
                    "format": "course",
                    "hours": 2,
                    "level": "intro",
                    "free": True,
                    "teaches": ["t"],
                    "parts": [{"id": "a", "title": "A", "hours": 1, "languages": ["en"]}],
                }
            ],
        }
    )
    part = catalog.resources[0].parts[0]
    object.__setattr__(part, field, ["EN!"] if field == "languages" else "NOT AN ID")
    frames = list(cache._encode_catalog(catalog))
    with pytest.raises(ValidationError):
        cache._decode_catalog(frames, Catalog)


def test_the_bundled_d2l_appendix_is_not_chinese() -> None:
    catalog = load_catalog()
    d2l = catalog.resource_by_id["d2l"]
    appendix = d2l.part_by_id["appendix-math"]
    assert language_support(d2l, "zh", d2l.part_by_id["ch2.3"]).kind is Support.TRANSLATION
    assert language_support(d2l, "zh", appendix).kind is Support.NONE
    assert not has_material(d2l, "zh")  # the whole book includes the appendix
    assert language_support(catalog.resource_by_id["d2l-zh"], "zh").kind is Support.NATIVE


def test_bundled_resources_with_chinese_material_have_chinese_titles() -> None:
    catalog = load_catalog()
    untitled = [
        r.id
        for r in catalog.resources
        if language_support(r, "zh").has_material and "zh" not in r.titles
    ]
    assert untitled == []
    assert (
        catalog.resource_by_id["mit-18.06sc"].title_in("zh")
        == "麻省理工学院线性代数（MIT 18.06SC）"
    )


def test_bundled_chinese_titles_of_english_only_material_are_marked() -> None:
    catalog = load_catalog()
    easy = catalog.resource_by_id["calculus-made-easy"]  # an English Gutenberg book
    support = language_support(easy, "zh")
    assert support.kind is Support.NONE
    assert marked_title(easy.title_in("zh"), support) == "微积分简明版 (English only)"
    # In Chinese, the mark is 仅英文 (the i18n catalog translates "English only").
    for rid in ("mit-6.s191", "imperial-mml-multivariate-calculus", "oct-calculus-35min"):
        assert not language_support(catalog.resource_by_id[rid], "zh").has_material, rid


def test_the_published_schema_describes_parts_languages() -> None:
    schema = Catalog.model_json_schema()
    part = schema["$defs"]["Part"]["properties"]
    assert {"languages", "translations"} <= set(part)
    kinds = [option.get("type") for option in part["translations"]["anyOf"]]
    assert kinds == ["array", "null"]
    assert part["translations"]["anyOf"][0]["items"] == {"$ref": "#/$defs/Translation"}
    # Every part of the bundled catalog validates against the models the schema comes from.
    catalog = load_catalog()
    for resource in catalog.resources:
        for each in resource.parts:
            Part.model_validate(each.model_dump(exclude_unset=True))
