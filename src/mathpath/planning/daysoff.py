"""Days with no study: the learner's ``--skip`` ranges and a country's public holidays.

Public holidays come from the ``holidays`` package (an optional extra, ``mathpath[holidays]``:
most plans never need it, and it is a large package that changes with every government's
calendar), imported only when ``--holidays`` is given and loaded one year at a time as the
schedule reaches it. Names are in the interface language where the package has them (zh_CN in
Chinese, else en_US), so that the same plan reads the same everywhere in one language.
"""

from __future__ import annotations

import bisect
import functools
from datetime import date
from typing import Any

from mathpath.errors import UsageError
from mathpath.i18n import N_, _, current

SKIPPED = N_("skipped")
INSTALL_HINT = N_(
    "install it with: python3 -m pip install 'mathpath[holidays]' (or: pip install holidays)"
)


class DaysOff:
    """``reason(day)``: why ``day`` has no study (``"skipped"``, a holiday's name), or None."""

    def __init__(self, skip: tuple[tuple[date, date], ...] = (), holidays: str | None = None):
        spans = sorted(skip)
        # Merged, so that one binary search finds the span a day could be in.
        self._starts: list[date] = []
        self._ends: list[date] = []
        for start, end in spans:
            if self._ends and start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)
        self.country = holidays
        self._years: dict[int, dict[date, str]] = {}

    def reason(self, day: date) -> str | None:
        n = bisect.bisect_right(self._starts, day) - 1
        if n >= 0 and day <= self._ends[n]:
            return _(SKIPPED)
        if self.country is None:
            return None
        year = self._years.get(day.year)
        if year is None:
            year = self._years[day.year] = holiday_names(self.country, day.year, current())
        return year.get(day)


@functools.lru_cache(maxsize=256)
def holiday_names(country: str, year: int, interface: str = "en") -> dict[date, str]:
    """The public holidays of ``country`` (``CN``, ``US-CA``) in ``year``, by date, named in
    the ``interface`` language where the package can (kept: the deadline search schedules a
    plan many times over; do not change what is returned)."""
    try:
        import holidays
    except ImportError:
        raise UsageError(
            _("--holidays {country} needs the holidays package, which is not installed").format(
                country=country
            ),
            hint=_(INSTALL_HINT),
        ) from None
    code, _sep, region = country.partition("-")
    wanted = "zh_CN" if interface == "zh" else "en_US"
    try:
        found: Any = holidays.country_holidays(code, subdiv=region or None, years=year)
        for language in (wanted, "en_US"):
            if language in getattr(found, "supported_languages", ()):
                found = holidays.country_holidays(
                    code, subdiv=region or None, years=year, language=language
                )
                break
    except NotImplementedError as exc:
        raise UsageError(
            _("--holidays {country}: the holidays package does not know it ({reason})").format(
                country=country, reason=exc
            ),
            hint=_(
                "give an ISO 3166 country code such as CN, US or DE, optionally with a "
                "region the package knows: US-CA"
            ),
        ) from None
    # Two holidays on one day: their names together, in the package's order.
    return {day: str(name) for day, name in sorted(found.items())}
