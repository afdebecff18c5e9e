"""Hours to two decimals that add up (mathpath.planning.rounding)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mathpath.planning.rounding import round_cents


def _floor_ceil(thirds: int) -> tuple[int, int]:
    return thirds // 3, -(-thirds // 3)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 240), st.integers(0, 4), st.integers(0, 5)),
        min_size=1,
        max_size=40,
    )
)
def test_every_sum_is_its_exact_value_rounded_down_or_up(
    sessions: list[tuple[int, int, int]],
) -> None:
    minutes = [m for m, _, _ in sessions]
    rows = [r for _, r, _ in sessions]
    cols = [c for _, _, c in sessions]
    cents = round_cents(minutes, list(rows), list(cols))
    low, high = zip(*(_floor_ceil(5 * m) for m in minutes), strict=True)
    assert all(lo <= c <= hi for lo, c, hi in zip(low, cents, high, strict=True))
    for keys in (rows, cols, [0] * len(minutes)):
        for key in set(keys):
            exact = sum(5 * m for m, k in zip(minutes, keys, strict=True) if k == key)
            got = sum(c for c, k in zip(cents, keys, strict=True) if k == key)
            lo, hi = _floor_ceil(exact)
            assert lo <= got <= hi
    assert cents == round_cents(minutes, list(rows), list(cols))  # deterministic


def test_seven_52_and_51_minute_days_make_exactly_six_hours() -> None:
    minutes = [52, 52, 52, 51, 51, 51, 51]
    cents = round_cents(minutes, ["a"] * 7, ["week"] * 7)
    assert sum(cents) == 600
    assert round_cents([30, 45, 90, 120], ["a"] * 4, [1, 1, 2, 2]) == [50, 75, 150, 200]
