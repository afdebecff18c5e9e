"""The indented writer gives ``json.dumps(value, ensure_ascii=False, indent=2)``'s text for the
data mathpath writes, JSON that reads back to the same value for the rest, and the same text
whether written whole or in pieces."""

from __future__ import annotations

import enum
import json
import math
from collections import OrderedDict
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathpath.export._jsontext import dumps_indented, write_indented


def reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def tree(scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=5)
            | st.lists(children, max_size=5).map(tuple)
            | st.dictionaries(st.text(max_size=8), children, max_size=5)
        ),
        max_leaves=40,
    )


# Text without lone surrogates (the catalog's YAML reader refuses them; UTF-8 cannot hold them).
texts = st.text(alphabet=st.characters(exclude_categories=["Cs"]))
plain = tree(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.just(0.0)
    | st.floats(min_value=1e-4, max_value=1e16, exclude_max=True).flatmap(
        lambda x: st.sampled_from([x, -x])
    )
    | texts
)
finite = tree(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
)


def streamed(value: Any) -> str:
    pieces: list[str] = []
    write_indented(value, pieces.append, chunk=1)  # every piece on its own
    text = "".join(pieces)
    batched: list[str] = []
    write_indented(value, batched.append)
    assert "".join(batched) == text
    return text


@given(plain)
def test_same_text_as_json_dumps_for_the_data_mathpath_writes(value: Any) -> None:
    assert dumps_indented(value) == reference(value)
    assert streamed(value) == reference(value)


@given(finite)
def test_any_finite_value_reads_back_the_same(value: Any) -> None:
    text = dumps_indented(value)
    assert json.loads(text) == json.loads(reference(value))
    assert streamed(value) == text


def test_numbers_outside_the_plain_range_are_still_json() -> None:
    text = dumps_indented([1e16, 1e-5, 5e-324, -0.0, math.nan, math.inf, -math.inf])
    assert json.loads(text) == [1e16, 1e-5, 5e-324, -0.0, None, None, None]


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


def test_enums_ordered_dicts_int_keys_and_escapes_as_json_dumps_writes_them() -> None:
    value = {
        "ordered": OrderedDict([("b", 1), ("a", [])]),
        "int_enum": Level.LOW,
        "str_enum": Kind.VIDEO,
        "by_key": {"yes": True, "no": False, "tenth": 0.1, "zero": -0.0, "int": Level.LOW},
        "int_keys": {1: "one", 2: [{3: "three"}]},
        "nested": [[{}], {"x": ()}],
        "text": '中文 "quoted" \\ \n\t\u2028\x7f\x00',
    }
    assert dumps_indented(value) == reference(value)
    assert streamed(value) == reference(value)


def test_unencodable_values_raise_type_error() -> None:
    with pytest.raises(TypeError):
        dumps_indented({"when": object()})
    with pytest.raises(TypeError):
        streamed({"fine": 1, "when": [object()]})
    with pytest.raises(TypeError):
        dumps_indented({None: "a key json.dumps would write as null"})
