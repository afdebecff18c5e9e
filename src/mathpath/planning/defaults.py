"""The one place for the defaults of a plan's schedule and for the largest numbers that make
sense: ``ScheduleOptions`` (``mathpath.planning.plans``), the options' help, ``profile set`` and
the profile's questions read them here.

A module of constants alone, so that what only needs a default (the command line's help, a
completion) does not import the plan's data classes.
"""

from __future__ import annotations

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)  # Monday = 0, as in date.weekday()

DEFAULT_HOURS_PER_WEEK = 6.0
DEFAULT_SESSION_HOURS = 2.0
DEFAULT_PARALLEL = 1
DEFAULT_MIN_SESSION = 30  # minutes: no sitting is shorter, unless the resource is
DEFAULT_BLOCK = 90  # minutes: the sitting length that `blocks` fills days with
DEFAULT_REVIEW_MINUTES = 15  # minutes: one spaced-review sitting (mathpath.planning.reviews)
FILLS = ("blocks", "spread")  # how a weekly budget is laid over the study days
DEFAULT_FILL = "blocks"
MINUTES_IN_A_DAY = 24 * 60
HOURS_IN_A_WEEK = 168.0  # the most --hours-per-week (and --max-hours-per-week) can be
HOURS_IN_A_DAY = 24.0  # the most --session-hours can be

# --prefer takes these words; each maps to the catalog formats it favours.
PREFERENCE_FORMATS: dict[str, tuple[str, ...]] = {
    "video": ("video-series", "video"),
    "textbook": ("textbook",),
    "course": ("course",),
    "interactive": ("interactive",),
    "article": ("article",),
}
