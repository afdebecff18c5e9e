"""Small text helpers shared by the exporters."""

from __future__ import annotations


def format_duration(minutes: int) -> str:
    """A duration as people say it: ``90`` -> ``"1.5 h"``, ``120`` -> ``"2 h"``.

    Quarter hours read well as decimals; anything else (a 52-minute session when 6 h a week are
    spread over 7 days) is given in hours and minutes rather than as ``0.87 h``.
    """
    if minutes % 15 == 0:
        return f"{minutes / 60:.2f}".rstrip("0").rstrip(".") + " h"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} min"
