"""Loading catalogs: which file, and every way a file can fail the schema, located."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mathpath.catalog.load import (
    CATALOG_ENV,
    bundled_catalog_path,
    describe_path,
    load_catalog,
    parse_catalog,
    resolve_catalog_path,
)
from mathpath.errors import CatalogError, ExitCode

WriteCatalog = Callable[..., Path]
TOPIC = "topics:\n  - {id: a, name: A}\n"


def resource(**fields: str) -> str:
    """One resource in flow style, valid unless ``fields`` override something."""
    base = {
        "id": "r",
        "title": "R",
        "provider": "P",
        "url": "'https://example.org/r'",
        "format": "course",
        "hours": "10",
        "level": "intro",
        "free": "true",
        "teaches": "[a@working]",
    }
    base.update(fields)
    return "  - {" + ", ".join(f"{k}: {v}" for k, v in base.items()) + "}\n"


def problems_of(text: str) -> list[str]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(text, "c.yaml")
    return [str(p) for p in info.value.problems]


class TestWhichCatalog:
    def test_explicit_path_wins(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setenv(CATALOG_ENV, str(tmp_path / "env.yaml"))
        assert resolve_catalog_path(tmp_path / "x.yaml") == tmp_path / "x.yaml"

    def test_environment_next(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setenv(CATALOG_ENV, str(tmp_path / "env.yaml"))
        assert resolve_catalog_path() == tmp_path / "env.yaml"
        assert resolve_catalog_path("") == tmp_path / "env.yaml"

    def test_bundled_last(self) -> None:
        assert resolve_catalog_path() == bundled_catalog_path()

    def test_tilde_is_expanded(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setenv("HOME", str(tmp_path))
        assert resolve_catalog_path("~/c.yaml") == tmp_path / "c.yaml"

    def test_bundled_catalog_exists_and_loads(self) -> None:
        path = bundled_catalog_path()
        assert path.name == "resources.yaml"
        catalog = load_catalog()
        assert catalog.resources
        assert catalog.topics

    def test_environment_catalog_is_loaded(
        self, monkeypatch: pytest.MonkeyPatch, mini_catalog_path: Path
    ) -> None:
        monkeypatch.setenv(CATALOG_ENV, str(mini_catalog_path))
        assert load_catalog().name == "mini"


class TestLoading:
    def test_mini(self, mini_catalog_path: Path) -> None:
        catalog = load_catalog(mini_catalog_path)
        assert (len(catalog.topics), len(catalog.resources), len(catalog.goals)) == (5, 4, 1)

    def test_minimal_catalog(self) -> None:
        catalog = parse_catalog("topics: []\n")
        assert catalog.version == 1
        assert catalog.resources == []

    def test_problems_name_the_file(self, write_catalog: WriteCatalog, tmp_path: Path) -> None:
        path = write_catalog(tmp_path, "topics: 5\n", name="mine.yaml")
        with pytest.raises(CatalogError, match=r"mine\.yaml: 1 problem found") as info:
            load_catalog(path)
        assert info.value.problems[0].file == str(path)
        assert info.value.exit_code == ExitCode.CATALOG

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "the file is empty"),
            (b"  \n\n   \n", "the file is empty"),
            (b"topics:\n  - id: caf\xe9\n", "not valid UTF-8"),
            (b"topics: [\n", "not valid YAML"),
        ],
    )
    def test_unreadable_files(
        self, write_catalog: WriteCatalog, tmp_path: Path, content: bytes, message: str
    ) -> None:
        with pytest.raises(CatalogError, match=message):
            load_catalog(write_catalog(tmp_path, content))

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(CatalogError, match=r"nope\.yaml: file not found"):
            load_catalog(tmp_path / "nope.yaml")

    def test_directory(self, tmp_path: Path) -> None:
        with pytest.raises(CatalogError, match="is a folder, not a file"):
            load_catalog(tmp_path)

    @pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
    def test_not_a_mapping(self, text: str) -> None:
        (problem,) = problems_of(text)
        assert "valid dictionary" in problem


class TestSchemaProblems:
    def test_typo_in_a_key_suggests_the_field(self) -> None:
        text = "topics:\n  - id: a\n    name: A\n  - id: b\n    name: B\n    requries: [a]\n"
        with pytest.raises(CatalogError) as info:
            parse_catalog(text, "c.yaml")
        (problem,) = info.value.problems
        assert problem.message == "unknown field 'requries'"
        assert problem.hint == "did you mean 'requires'?"
        assert problem.line == 6
        assert problem.path == "topics[1] (b).requries"

    def test_typo_in_a_section_name(self) -> None:
        assert problems_of(TOPIC + "resource: []\n") == [
            "c.yaml:3: resource: unknown field 'resource' (did you mean 'resources'?)"
        ]

    def test_typo_inside_a_topic_need(self) -> None:
        text = TOPIC + "  - {id: b, name: B, requires: [{topic: a, dept: working}]}\n"
        (problem,) = problems_of(text)
        assert "unknown field 'dept' (did you mean 'depth'?)" in problem

    def test_typo_inside_a_translation(self) -> None:
        text = TOPIC + "resources:\n" + resource(translations="[{lang: zh, kynd: subtitles}]")
        assert any("unknown field 'kynd' (did you mean 'kind'?)" in p for p in problems_of(text))

    def test_unknown_key_without_a_close_field(self) -> None:
        (problem,) = problems_of(TOPIC + "  - {id: b, name: B, colour: red}\n")
        assert "unknown field 'colour' (remove it; see `mathpath schema`)" in problem

    def test_missing_required_field(self) -> None:
        (problem,) = problems_of("topics:\n  - id: a\n")
        assert problem == (
            "c.yaml:2: topics[0] (a).name: required field is missing "
            "(see `mathpath schema` for the fields each entry needs)"
        )

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"hours": "0"}, "hours: Input should be greater than 0 (got 0)"),
            ({"hours": "-3"}, "hours: Input should be greater than 0 (got -3)"),
            ({"hours": "ten"}, "hours: Input should be a valid number"),
            ({"teaches": "[]"}, "teaches: a resource must teach at least one topic"),
            ({"url": "'ftp://example.org'"}, "url: not a valid http(s) URL: 'ftp://example.org'"),
            ({"url": "'example.org/x'"}, "url: not a valid http(s) URL"),
            ({"url": "'https://exa mple.org'"}, "url: not a valid http(s) URL"),
            ({"urls": "{pdf: 'not a url'}"}, "urls: not a valid http(s) URL: 'not a url'"),
            ({"format": "book"}, "format: Input should be 'course', 'textbook'"),
            ({"level": "expert"}, "level: Input should be 'intro', 'intermediate' or 'advanced'"),
            ({"free": "maybe"}, "free: Input should be a valid boolean"),
            ({"title": "5"}, "title: Input should be a valid string (got 5)"),
            ({"languages": "[]"}, "languages: List should have at least 1 item"),
            ({"teaches": "a@working"}, "teaches: Input should be a valid list"),
            ({"teaches": "[a@deep]"}, "teaches[0].depth: Input should be 'overview'"),
            ({"id": "'Big R'"}, "id: String should match pattern"),
        ],
    )
    def test_resource_field_errors(self, fields: dict[str, str], message: str) -> None:
        found = problems_of(TOPIC + "resources:\n" + resource(**fields))
        assert len(found) == 1, found
        assert found[0].startswith("c.yaml:4: resources[0] ")
        assert message in found[0]

    def test_url_value_is_quoted_once(self) -> None:
        (problem,) = problems_of(TOPIC + "resources:\n" + resource(url="'ftp://x.org'"))
        assert problem.count("ftp://x.org") == 1

    def test_wrong_section_type(self) -> None:
        assert problems_of("topics: 5\n") == ["c.yaml:1: topics: Input should be a valid list"]

    def test_wrong_version(self) -> None:
        assert problems_of("version: 2\n") == ["c.yaml:1: version: Input should be 1 (got 2)"]

    def test_bad_translation_kind_and_language(self) -> None:
        text = TOPIC + "resources:\n" + resource(translations="[{lang: Chinese, kind: dub}]")
        found = problems_of(text)
        assert any("translations[0].kind: Input should be 'subtitles'" in p for p in found)
        assert any("translations[0].lang: String should match pattern" in p for p in found)

    def test_goal_without_targets(self) -> None:
        text = TOPIC + "goals:\n  - {id: g, name: G, description: D, targets: []}\n"
        (problem,) = problems_of(text)
        assert "goals[0] (g).targets: List should have at least 1 item" in problem


def test_describe_path_names_entries() -> None:
    data = {"resources": [{"id": "x"}, {"id": "mit-18.01sc", "requires": [{"topic": "a"}]}]}
    path = ("resources", 1, "requires", 0, "topic")
    assert describe_path(path, data) == "resources[1] (mit-18.01sc).requires[0].topic"
    assert describe_path(("resources", 5), data) == "resources[5]"


def test_documented_catalog_example_is_valid() -> None:
    """The YAML example in the README (or its fragment, before it is merged) must load."""
    import re

    root = Path(__file__).parents[2]
    texts = [
        p.read_text(encoding="utf-8")
        for p in (root / "README.md", root / "docs" / "readme" / "browse.md")
        if p.is_file()
    ]
    examples = [
        block
        for text in texts
        for block in re.findall(r"```yaml\n(.*?)```", text, re.S)
        if block.startswith("version: 1")
    ]
    assert examples, "no catalog example (a ```yaml block starting with `version: 1`) found"
    for example in examples:
        catalog = parse_catalog(example, "README example")
        assert catalog.resources[0].titles["zh"]
