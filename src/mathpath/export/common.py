"""Small text helpers shared by the exporters."""

from __future__ import annotations

import datetime


def format_hours(minutes: int) -> str:
    """``90`` -> ``"1.5 h"``: whole hours without decimals, at most two decimals."""
    text = f"{minutes / 60:.2f}".rstrip("0").rstrip(".")
    return f"{text} h"


def week_monday(day: datetime.date) -> datetime.date:
    """The Monday of the calendar week (Monday-Sunday) that ``day`` falls in."""
    return day - datetime.timedelta(days=day.weekday())
