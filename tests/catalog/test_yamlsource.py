"""Safe YAML reading: encodings, empty files, syntax errors, duplicate keys, alias bombs, lines."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from mathpath.catalog.reading import MAX_NESTING
from mathpath.catalog.yamlsource import (
    ALIAS_EXPANSION_FLOOR,
    format_path,
    parse_yaml,
    read_text,
)
from mathpath.errors import CatalogError, Problem, UserDataError


def user_data_error(problems: list[Problem]) -> UserDataError:
    return UserDataError("\n".join(str(p) for p in problems))


def only_problem(exc: CatalogError) -> str:
    assert len(exc.problems) == 1, exc.problems
    return str(exc.problems[0])


class TestReadText:
    def test_reads_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "c.yaml"
        path.write_text("name: 微积分\n", encoding="utf-8")
        assert read_text(path) == "name: 微积分\n"

    def test_strips_a_byte_order_mark(self, tmp_path: Path) -> None:
        path = tmp_path / "c.yaml"
        path.write_bytes(b"\xef\xbb\xbfname: x\n")
        assert read_text(path) == "name: x\n"

    def test_not_utf8_names_byte_and_line(self, tmp_path: Path) -> None:
        path = tmp_path / "latin1.yaml"
        path.write_bytes("version: 1\nname: café\n".encode("latin-1"))
        with pytest.raises(CatalogError, match=r"not valid UTF-8 \(byte 0xe9") as info:
            read_text(path)
        (problem,) = info.value.problems
        assert problem.line == 2
        assert problem.file == str(path)
        assert "save the file as UTF-8" in problem.hint

    def test_file_not_found(self, tmp_path: Path) -> None:
        with pytest.raises(CatalogError, match="file not found") as info:
            read_text(tmp_path / "missing.yaml")
        assert info.value.problems[0].file.endswith("missing.yaml")

    def test_directory(self, tmp_path: Path) -> None:
        with pytest.raises(CatalogError, match="is a folder, not a file"):
            read_text(tmp_path)

    def test_label_names_the_file(self, tmp_path: Path) -> None:
        with pytest.raises(CatalogError, match=r"^my profile: 1 problem found"):
            read_text(tmp_path / "x", label="my profile")

    def test_error_factory(self, tmp_path: Path) -> None:
        with pytest.raises(UserDataError, match="file not found"):
            read_text(tmp_path / "x", error=user_data_error)


class TestParseYaml:
    def test_plain_data(self) -> None:
        document = parse_yaml("a: [1, two, {b: null}]\n", "f.yaml")
        assert document.data == {"a": [1, "two", {"b": None}]}
        assert document.problems == []

    @pytest.mark.parametrize(
        "text", ["", "   \n\n\t\n", "# only a comment\n", "---\n", "--- null\n", "~\n"]
    )
    def test_empty(self, text: str) -> None:
        with pytest.raises(CatalogError, match=r"f\.yaml: the file is empty"):
            parse_yaml(text, "f.yaml")

    def test_syntax_error_has_a_line(self) -> None:
        text = "topics:\n  - id: a\n    name: [unclosed\n  - id: b\n"
        with pytest.raises(CatalogError, match="not valid YAML") as info:
            parse_yaml(text, "f.yaml")
        (problem,) = info.value.problems
        assert problem.line is not None
        assert 3 <= problem.line <= 4

    def test_bad_indentation_line(self) -> None:
        with pytest.raises(CatalogError, match=r"f.yaml:3: not valid YAML"):
            parse_yaml("topics:\n  - id: a\n   name: x\n", "f.yaml")

    def test_tab_indentation(self) -> None:
        with pytest.raises(CatalogError, match=r"f.yaml:2: not valid YAML"):
            parse_yaml("topics:\n\t- id: a\n", "f.yaml")

    def test_several_documents(self) -> None:
        with pytest.raises(CatalogError, match="another document"):
            parse_yaml("a: 1\n---\nb: 2\n", "f.yaml")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            # Collections are built by hand, so a tag on one must not be silently dropped.
            ("x: 1\na: !!python/object/apply:os.system ['true']\n", "unsupported YAML tag"),
            ("x: 1\na: !!set {p, q}\n", "unsupported YAML tag 'tag:yaml.org,2002:set'"),
            ("x: 1\na: !!python/name:os.system\n", "could not determine a constructor"),
            ("x: 1\na: !custom text\n", "could not determine a constructor for the tag '!custom'"),
        ],
    )
    def test_unsupported_tags_are_located(self, text: str, message: str) -> None:
        with pytest.raises(CatalogError, match=message) as info:
            parse_yaml(text, "f.yaml")
        (problem,) = info.value.problems
        assert (problem.line, problem.path) == (2, "a")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("x: 1\nedition: 2024-02-30\n", "cannot read '2024-02-30' as timestamp"),
            ("x: 1\nhours: !!int ten\n", "cannot read 'ten' as int"),
        ],
    )
    def test_values_the_constructors_reject_are_located(self, text: str, message: str) -> None:
        # PyYAML raises ValueError here; it must become a located problem, not a traceback.
        with pytest.raises(CatalogError, match=message) as info:
            parse_yaml(text, "f.yaml")
        (problem,) = info.value.problems
        assert problem.line == 2
        assert "quotes" in problem.hint

    def test_duplicate_key_names_both_lines(self) -> None:
        text = "topics:\n  - id: a\n    name: A\n    parent: x\n    name: B\n"
        with pytest.raises(CatalogError) as info:
            parse_yaml(text, "f.yaml")
        (problem,) = info.value.problems
        assert problem.line == 5
        assert problem.path == "topics[0].name"
        assert problem.message == "duplicate key 'name' (first defined on line 3)"
        assert "silently" in problem.hint

    def test_duplicate_key_with_keep_going_keeps_the_first(self) -> None:
        document = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml", keep_going=True)
        assert document.data == {"a": 1, "b": 2}
        assert [p.line for p in document.problems] == [3]

    def test_duplicate_top_level_sections(self) -> None:
        text = "topics: []\nresources: []\ntopics: []\n"
        with pytest.raises(CatalogError, match=r"f.yaml:3: topics: duplicate key 'topics'.*line 1"):
            parse_yaml(text, "f.yaml")

    def test_merge_keys_are_refused(self) -> None:
        text = "base: &b {id: a}\nitems:\n  - <<: *b\n    name: A\n"
        with pytest.raises(CatalogError, match=r"f.yaml:3: items\[0\]: YAML merge keys"):
            parse_yaml(text, "f.yaml")

    def test_moderate_alias_use_is_fine(self) -> None:
        text = "shared: &s [a, b, c]\none: *s\ntwo: *s\n"
        assert parse_yaml(text, "f.yaml").data["two"] == ["a", "b", "c"]

    def test_error_factory(self) -> None:
        with pytest.raises(UserDataError, match="the file is empty"):
            parse_yaml("", "profile.yaml", error=user_data_error)


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_with_bounded_memory() -> None:
    # Fully expanded this is 9**9 (~387 million) strings; the reader must stop after a bounded
    # number of nodes (ALIAS_EXPANSION_FLOOR here, since the text is tiny).
    tracemalloc.start()
    try:
        with pytest.raises(CatalogError, match="alias bomb") as info:
            parse_yaml(BILLION_LAUGHS, "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert only_problem(info.value).startswith("bomb.yaml: YAML aliases expand")
    # ALIAS_EXPANSION_FLOOR nodes of a few dozen bytes each: well under 64 MB.
    assert ALIAS_EXPANSION_FLOOR <= 1_000_000
    assert peak < 64 * 1024 * 1024


def test_alias_bomb_in_a_catalog_file(tmp_path: Path) -> None:
    from mathpath.catalog.load import load_catalog

    path = tmp_path / "bomb.yaml"
    path.write_text("version: 1\n" + BILLION_LAUGHS.replace("a: &a", "x: &a"), encoding="utf-8")
    with pytest.raises(CatalogError, match="alias bomb"):
        load_catalog(path)


class TestLineOf:
    TEXT = "topics:\n  - id: a\n    name: A\n  - id: b\n    requires:\n      - a\n"

    @pytest.mark.parametrize(
        ("path", "line"),
        [
            ((), 1),
            (("topics",), 1),
            (("topics", 0), 2),
            (("topics", 0, "name"), 3),
            (("topics", 1, "requires", 0), 6),
            # Parts that do not exist: the deepest line that does.
            (("topics", 1, "nothing"), 4),
            (("topics", 7, "name"), 1),
            (("resources",), 1),
        ],
    )
    def test_line_of(self, path: tuple[str | int, ...], line: int) -> None:
        assert parse_yaml(self.TEXT, "f.yaml").line_of(path) == line


def test_format_path() -> None:
    assert format_path(("resources", 3, "requires", 0, "topic")) == "resources[3].requires[0].topic"
    assert format_path(()) == ""


class TestNesting:
    """Issue 15, item 2: deep nesting is a located error, never a RecursionError."""

    def nested_problem(self, text: str) -> Problem:
        with pytest.raises(CatalogError) as info:
            parse_yaml(text, "m.yaml")
        (problem,) = info.value.problems
        return problem

    @pytest.mark.parametrize("depth", [101, 1000, 5000])
    def test_flow_mappings(self, depth: int) -> None:
        text = "version: 1\nname: " + "{a: " * depth + "1" + "}" * depth + "\n"
        problem = self.nested_problem(text)
        assert str(problem) == (
            f"m.yaml:2: nested deeper than {MAX_NESTING} levels at line 2 "
            "(no mathpath file nests that deep: check that this is the right file)"
        )

    def test_a_3000_level_block_list(self) -> None:
        lines = ["version: 1", "name:", *("  " * i + "-" for i in range(3000))]
        problem = self.nested_problem("\n".join(lines) + "\n")
        # The top-level mapping is level 1 and the list on line 3 level 2: level 101 is on 102.
        assert problem.line == 102
        assert problem.message == f"nested deeper than {MAX_NESTING} levels at line 102"

    def test_with_aliases_the_composed_tree_is_bounded_too(self) -> None:
        text = "x: &a 1\ny: *a\nz: " + "[" * 500 + "]" * 500 + "\n"
        assert self.nested_problem(text).line == 3

    def test_inside_a_skipped_tag_or_duplicate(self) -> None:
        deep = "[" * 3000 + "]" * 3000
        assert self.nested_problem(f"a: !!set {deep}\n").line == 1
        assert self.nested_problem(f"a: 1\na: {deep}\n").line == 2

    def test_exactly_the_limit_is_fine(self) -> None:
        # The top-level mapping is level 1.
        text = "a: " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1) + "\n"
        assert parse_yaml(text, "m.yaml").data["a"] is not None

    def test_a_profile_gets_the_callers_error(self) -> None:
        text = "goals: " + "[" * 2000 + "]" * 2000 + "\n"
        with pytest.raises(UserDataError, match="nested deeper than 100 levels at line 1"):
            parse_yaml(text, "profile.yaml", error=user_data_error)


class TestYaml11Numbers:
    def test_base_60_stays_text(self) -> None:
        data = parse_yaml("a: 1:30\nb: -2:00:30\nc: 1:30.5\nd: 90\n", "f.yaml").data
        assert data == {"a": "1:30", "b": "-2:00:30", "c": "1:30.5", "d": 90}

    def test_other_numbers_and_dates_are_as_before(self) -> None:
        text = "a: 1.5\nb: 0x1f\nc: 1_000\nd: 2024-01-31\ne: true\nf: 1e3\n"
        data = parse_yaml(text, "f.yaml").data
        assert (data["a"], data["b"], data["c"], str(data["d"]), data["e"]) == (
            1.5,
            31,
            1000,
            "2024-01-31",
            True,
        )
        # YAML 1.1 and PyYAML's dumper agree that this is text: ids such as `2e5` stay ids.
        assert data["f"] == "1e3"


class TestLinearTime:
    """Issue 15, item 6: many problems in one wide mapping are located in linear time."""

    def test_line_of_indexes_each_mapping_once(self) -> None:
        count = 20_000
        text = "".join(f"k{i}: {i}\n" for i in range(count))
        document = parse_yaml(text, "f.yaml")
        root = document.root
        assert root is not None
        scans = _CountedPairs(root.value)
        root.value = scans  # every walk over the mapping's key/value pairs is counted
        lines = [document.line_of((f"k{i}",)) for i in range(count)]
        assert lines == list(range(1, count + 1))
        # Scanning the mapping once per problem (20,000 scans) took over a minute.
        assert scans.walks == 1

    def test_many_duplicate_keys_with_aliases(self) -> None:
        count = 20_000
        text = "x: &a 1\ny: *a\n" + "".join(f"k: {i}\n" for i in range(count))
        with pytest.raises(CatalogError) as info:  # (quadratically, this took minutes)
            parse_yaml(text, "f.yaml")
        assert len(info.value.problems) == count - 1
        assert "first defined on line 3" in info.value.problems[-1].message


class _CountedPairs(list):  # type: ignore[type-arg]
    """A mapping node's (key, value) pairs that count how often they are walked."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.walks += 1
        return super().__iter__()
