"""The fast indented writer gives exactly ``json.dumps(value, ensure_ascii=False, indent=2)``."""

from __future__ import annotations

import enum
import json
import math
from collections import OrderedDict
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mathpath.export._jsontext import dumps_indented, write_indented


def reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # any code point: quotes, backslashes, control characters, Chinese, surrogates
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.lists(children, max_size=5).map(tuple)
        | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=40,
)


def streamed(value: Any) -> str:
    pieces: list[str] = []
    write_indented(value, pieces.append, chunk=1)  # every piece on its own
    text = "".join(pieces)
    batched: list[str] = []
    write_indented(value, batched.append)
    assert "".join(batched) == text
    return text


@given(values)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == reference(value)
    assert streamed(value) == reference(value)


def test_written_in_pieces_none_larger_than_an_item_two_levels_down() -> None:
    items = [{"id": n, "tags": ["a", "b"], "more": {"x": [n] * 3}} for n in range(50)]
    value = {"items": items, "count": 50, "empty": [], "deep": [[[1, [2]]]]}
    pieces: list[str] = []
    write_indented(value, pieces.append, chunk=1)
    assert "".join(pieces) == reference(value)
    # Each item of the list in the value is a piece of its own, never two items in one piece.
    assert sum('"id"' in piece for piece in pieces) == len(items)
    assert all(piece.count('"id"') <= 1 for piece in pieces)
    batches: list[str] = []
    write_indented(value, batches.append, chunk=500)
    assert "".join(batches) == reference(value)
    largest = max(len(piece) for piece in pieces)
    assert all(len(batch) < 500 + largest for batch in batches)
    assert len(batches) <= len(reference(value)) // 500 + 1


class Level(enum.IntEnum):
    LOW = 1


class Kind(enum.StrEnum):
    VIDEO = "video"


class Ratio(float):
    def __repr__(self) -> str:  # json.dumps formats a float subclass with float.__repr__
        return "a ratio"


def test_subclasses_and_special_floats_are_formatted_as_json_dumps_formats_them() -> None:
    value = {
        "ordered": OrderedDict([("b", 1), ("a", [])]),
        "int_enum": Level.LOW,
        "str_enum": Kind.VIDEO,
        "floats": [math.nan, math.inf, -math.inf, 0.1, 1e300, -0.0],
        # Values of a dict take a shorter way than items of a list.
        "by_key": {
            "nan": math.nan,
            "inf": math.inf,
            "-inf": -math.inf,
            "tenth": 0.1,
            "zero": -0.0,
            "yes": True,
            "no": False,
            "tiny": 5e-324,
            "ratio": Ratio(0.75),
            "int": Level.LOW,
        },
        "nested": [[{}], {"x": ()}],
        "text": '中文 "quoted" \\ \n\t\u2028',
    }
    assert dumps_indented(value) == reference(value)
    assert streamed(value) == reference(value)


def test_what_it_does_not_handle_is_left_to_json_dumps() -> None:
    # Non-string keys: json.dumps converts them; the writer hands the value over, re-indented
    # where it sits when written in pieces.
    for value in (
        {"a": {1: "one", None: "none", 2.5: "x"}},
        {1: "top"},
        {"a": [{"b": {True: [1, {2: 3}]}}]},
        [[{"k": {False: "deep"}}]],
    ):
        assert dumps_indented(value) == reference(value)
        assert streamed(value) == reference(value)


def test_unencodable_values_raise_what_json_dumps_raises() -> None:
    import pytest

    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"when": object()})
    with pytest.raises(TypeError, match="not JSON serializable"):
        streamed({"fine": 1, "when": [object()]})
