"""What catalog text may hold (issue 15, items 7-9): control characters, Unicode look-alikes,
YAML 1.1 numbers and hours below a minute are refused once, on loading, with located messages."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel, Field, ValidationError

from mathpath.catalog.load import parse_catalog
from mathpath.catalog.query import resolve_topic
from mathpath.catalog.text import (
    ONE_LINE_PATTERN,
    PROSE_PATTERN,
    describe_character,
    forbidden_character,
    visible,
    word_key,
)
from mathpath.errors import CatalogError

TOPIC = "topics:\n  - {id: a, name: A}\n"
RESOURCE = (
    "  - id: r\n"
    "    title: {title}\n"
    "    provider: P\n"
    "    url: https://example.org/r\n"
    "    format: course\n"
    "    hours: {hours}\n"
    "    level: intro\n"
    "    free: true\n"
    "    teaches: [a@working]\n"
)


def catalog(title: str = "R", hours: str = "10", extra: str = "") -> str:
    return TOPIC + extra + "resources:\n" + RESOURCE.format(title=title, hours=hours)


def problems_of(text: str) -> list[str]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(text, "c.yaml")
    return [str(p) for p in info.value.problems]


class TestControlCharacters:
    @pytest.mark.parametrize(
        ("escaped", "named"),
        [
            ("\\e[31mRed\\e[0m", "U+001B (ESCAPE) at character 1"),
            ("a\\0b", "U+0000 (NUL) at character 2"),
            ("abc\\u202Efdp.exe", "U+202E (RIGHT-TO-LEFT OVERRIDE) at character 4"),
            ("two\\nlines", "U+000A (LINE FEED) at character 4"),
            ("tab\\there", "U+0009 (TAB) at character 4"),
            ("x\\x85y", "U+0085 (NEXT LINE) at character 2"),
            ("x\\u2028y", "U+2028 (LINE SEPARATOR) at character 2"),
        ],
    )
    def test_a_title_with_a_control_character_is_refused(self, escaped: str, named: str) -> None:
        (problem,) = problems_of(catalog(title=f'"{escaped}"'))
        breaks = ("LINE FEED", "TAB", "NEXT LINE", "LINE SEPARATOR")
        hint = (
            "write it on one line (descriptions and notes may have line breaks)"
            if any(f"({name})" in named for name in breaks)
            else "remove it: terminal escapes, NUL and direction overrides do not belong in a "
            "catalog"
        )
        assert problem == (
            f"c.yaml:5: resources[0] (r).title: contains {named}: names, titles and other "
            f"one-line text allow no control characters ({hint})"
        )

    @pytest.mark.parametrize(
        "field",
        [
            "topics[0].name",
            "topics[0].aliases[0]",
            "topics[0].names.zh",
            "resources[0].provider",
            "resources[0].authors[0]",
            "resources[0].titles.zh",
            "goals[0].name",
        ],
    )
    def test_every_one_line_field_is_checked(self, field: str) -> None:
        def value(name: str, good: str) -> str:
            return '"x\\e[2Jy"' if field == name else good

        topic = (
            f"  - {{id: a, name: {value('topics[0].name', 'A')}, "
            f"aliases: [{value('topics[0].aliases[0]', 'aa')}], "
            f"names: {{zh: {value('topics[0].names.zh', '甲')}}}}}\n"
        )
        resource = (
            f"  - {{id: r, title: R, provider: {value('resources[0].provider', 'P')}, "
            "url: 'https://example.org/r', format: course, hours: 1, level: intro, free: true, "
            f"teaches: [a], authors: [{value('resources[0].authors[0]', 'X')}], "
            f"titles: {{zh: {value('resources[0].titles.zh', '乙')}}}}}\n"
        )
        goal = f"  - {{id: g, name: {value('goals[0].name', 'G')}, description: D, targets: [a]}}\n"
        text = "topics:\n" + topic + "resources:\n" + resource + "goals:\n" + goal
        (problem,) = problems_of(text)
        assert "contains U+001B (ESCAPE) at character 2" in problem
        section, rest = field.split("[0]", 1)
        entry = {"topics": "a", "resources": "r", "goals": "g"}[section]
        assert f"{section}[0] ({entry}){rest}:" in problem

    def test_direction_marks_that_mixed_scripts_need_are_allowed(self) -> None:
        # LRM, RLM and ALM are zero-width letters of a direction, not overrides.
        title = '"\u05e2\u05d1\u05e8\u05d9\u05ea\u200f (Hebrew) \u200e\u061c"'
        parsed = parse_catalog(catalog(title=title), "c.yaml")
        assert parsed.resources[0].title.endswith("\u200e\u061c")

    def test_a_description_may_have_line_breaks_and_tabs_but_no_escapes(self) -> None:
        good = 'goals:\n  - {id: g, name: G, description: "one\\n\\ttwo\\r\\n", targets: [a]}\n'
        assert parse_catalog(TOPIC + good, "c.yaml").goals[0].description == "one\n\ttwo"
        bad = 'goals:\n  - {id: g, name: G, description: "one\\e[8m", targets: [a]}\n'
        (problem,) = problems_of(TOPIC + bad)
        assert problem.startswith(
            "c.yaml:4: goals[0] (g).description: contains U+001B (ESCAPE) at character 4: text "
            "allows tabs and line breaks but no other control characters"
        )

    def test_a_url_with_a_control_character_is_not_a_url(self) -> None:
        text = (
            TOPIC
            + "resources:\n"
            + RESOURCE.format(title="R", hours="1").replace(
                "https://example.org/r", '"https://example.org/\\e[0m"'
            )
        )
        (problem,) = problems_of(text)
        assert "url: not a valid http(s) URL: 'https://example.org/\\x1b[0m'" in problem

    def test_the_patterns_mean_the_same_to_python_and_to_pydantic(self) -> None:
        class Probe(BaseModel):
            one_line: str = Field(pattern=ONE_LINE_PATTERN)
            prose: str = Field(pattern=PROSE_PATTERN)

        for code in [*range(0x00, 0xA0), 0x061C, *range(0x2000, 0x2070), 0xFEFF, 0x0301]:
            char = chr(code)
            for field, one_line in (("one_line", True), ("prose", False)):
                text = f"a{char}b"
                refused = forbidden_character(text, one_line=one_line) is not None
                assert refused == (
                    re.fullmatch(ONE_LINE_PATTERN if one_line else PROSE_PATTERN, text) is None
                )
                values = {"one_line": "x", "prose": "x", field: text}
                try:
                    Probe.model_validate(values)
                    accepted = True
                except ValidationError:
                    accepted = False
                assert accepted != refused, (hex(code), field)

    def test_describe_and_visible(self) -> None:
        assert describe_character("\x1b") == "U+001B (ESCAPE)"
        assert describe_character("\x9b") == "U+009B (a control character)"
        assert describe_character("\u202e") == "U+202E (RIGHT-TO-LEFT OVERRIDE)"
        assert visible("a\x1b[0m\u202eb\nc") == "a\ufffd[0m\ufffdb\ufffdc"
        assert visible("a\x1bb\nc\td", one_line=False) == "a\ufffdb\nc\td"


class TestUnicodeLookAlikes:
    COMPOSED = "caf\u00e9"
    DECOMPOSED = "cafe\u0301"

    def test_word_key_is_nfc_and_case_folded(self) -> None:
        assert word_key(self.COMPOSED) == word_key(self.DECOMPOSED) == word_key("CAFÉ")
        assert word_key("Straße") == word_key("STRASSE")

    def test_aliases_that_differ_only_in_normalisation_are_duplicates(self) -> None:
        text = (
            "topics:\n"
            f"  - {{id: a, name: A, aliases: [{self.COMPOSED}]}}\n"
            f"  - {{id: b, name: B, aliases: [{self.DECOMPOSED}]}}\n"
        )
        (problem,) = problems_of(text)
        assert problem == (
            f"c.yaml:3: topics[1] (b).aliases[0]: alias {self.DECOMPOSED!r} already names topic "
            f"'a' as {self.COMPOSED!r} (the same word once Unicode-normalised) (an alias must "
            "find exactly one topic)"
        )

    @pytest.mark.parametrize("typed", [COMPOSED, DECOMPOSED, "CAF\u00c9", "CAFE\u0301"])
    def test_a_topic_is_found_however_its_alias_is_typed(self, typed: str) -> None:
        text = f"topics:\n  - {{id: coffee, name: Coffee, aliases: [{self.DECOMPOSED}]}}\n"
        assert resolve_topic(parse_catalog(text, "c.yaml"), typed).id == "coffee"

    def test_an_alias_equal_to_another_topics_id_in_other_case_is_a_duplicate(self) -> None:
        text = "topics:\n  - {id: a, name: A}\n  - {id: b, name: B, aliases: [A]}\n"
        (problem,) = problems_of(text)
        assert "alias 'A' already names topic 'a' (an alias must find exactly one topic)" in problem


class TestNumbers:
    @pytest.mark.parametrize(
        ("hours", "message"),
        [
            (
                "1:30",
                "hours: Input should be a valid number (got '1:30'): `1:30` is neither a time "
                "nor base 60 here (write hours as a decimal number, e.g. 1.5 for an hour and a "
                "half)",
            ),
            (
                "true",
                "hours: Input should be a valid number (got True), not a yes/no value "
                "(write the hours, e.g. 1.5)",
            ),
            (
                "1e-300",
                "hours: Input should be a valid number (got '1e-300'): YAML reads it as text "
                "(write it without quotes, and an exponent with a decimal point (1.0e-2))",
            ),
            (
                "1.0e-300",
                "hours: 1e-300 h is less than a minute: hours are at least 1/60 (0.0167)",
            ),
            ("0.01", "hours: 0.01 h is less than a minute: hours are at least 1/60 (0.0167)"),
            ("'2'", "hours: Input should be a valid number (got '2'): YAML reads it as text"),
        ],
    )
    def test_what_is_not_a_number_of_hours(self, hours: str, message: str) -> None:
        (problem,) = problems_of(catalog(hours=hours))
        assert problem.startswith("c.yaml:9: resources[0] (r).")
        assert message in problem

    @pytest.mark.parametrize("hours", ["1", "1.5", "0.0167", "100000", "1_000"])
    def test_numbers_of_hours(self, hours: str) -> None:
        parsed = parse_catalog(catalog(hours=hours), "c.yaml")
        assert parsed.resources[0].hours == float(hours.replace("_", ""))

    def test_a_part_of_less_than_a_minute_is_refused_too(self) -> None:
        text = catalog() + "    parts:\n      - {id: p, title: P, hours: 0.001}\n"
        (problem,) = problems_of(text)
        assert "parts[0].hours: 0.001 h is less than a minute" in problem

    def test_a_sexagesimal_looking_text_stays_text(self) -> None:
        # YAML 1.1 would make the note the integer 5400 and the step the integer 1081.
        text = catalog(extra="") + "    note: 1:30:00\n"
        assert parse_catalog(text, "c.yaml").resources[0].note == "1:30:00"
