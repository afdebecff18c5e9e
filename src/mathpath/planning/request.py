"""Building a ``PlanRequest`` from words (command-line options, later a learner profile).

Every parse error is a ``UsageError`` that names the option and the accepted form.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from mathpath.catalog.models import Depth, Level, TopicNeed, is_valid_id
from mathpath.errors import UsageError
from mathpath.planning.plans import (
    PREFERENCE_FORMATS,
    WEEKDAYS,
    PlanRequest,
    Preferences,
    ScheduleOptions,
)

DEFAULT_HOURS_PER_WEEK = 6.0
DEFAULT_SESSION_HOURS = 2.0


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{option} {text!r} is not a date", hint="write it as YYYY-MM-DD, e.g. 2026-03-01"
        ) from None


def parse_days(text: str) -> tuple[int, ...]:
    """``mon,wed,sat`` (also ``Mon``, ``monday``, ``weekdays``, ``weekends``) -> weekday numbers."""
    days: set[int] = set()
    for word in (w.strip().lower() for w in text.replace(" ", ",").split(",")):
        if not word:
            continue
        if word in ("weekdays", "weekday"):
            days.update(range(5))
        elif word in ("weekends", "weekend"):
            days.update((5, 6))
        elif word in ("all", "every", "daily"):
            days.update(range(7))
        else:
            days.add(_day_number(word))
    if not days:
        raise UsageError("--days needs at least one day", hint="e.g. --days mon,wed,sat")
    return tuple(sorted(days))


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day_number(word: str) -> int:
    for number, name in enumerate(_DAY_NAMES):
        if len(word) >= 3 and name.startswith(word):
            return number
    raise UsageError(
        f"--days: {word!r} is not a day of the week",
        hint=f"use {','.join(WEEKDAYS)} (or weekdays, weekends)",
    )


def parse_topic_need(text: str, option: str = "--know") -> TopicNeed:
    """``calculus`` or ``calculus@working``; --know defaults to ``thorough``."""
    topic, _, depth = text.strip().partition("@")
    if not topic:
        raise UsageError(f"{option} needs a topic id, e.g. {option} linear-algebra@working")
    if not is_valid_id(topic):
        raise UsageError(
            f"{option} {text!r}: {topic!r} is not a topic id", hint="see `mathpath topics`"
        )
    if depth and depth not in {d.value for d in Depth}:
        raise UsageError(
            f"{option} {text!r}: unknown depth {depth!r}",
            hint=f"use one of {', '.join(d.value for d in Depth)}",
        )
    return TopicNeed(topic=topic, depth=Depth(depth) if depth else Depth.THOROUGH)


def parse_level(text: str | None) -> Level | None:
    if text is None:
        return None
    try:
        return Level(text.strip().lower())
    except ValueError:
        raise UsageError(
            f"--max-level {text!r} is not a level",
            hint=f"use one of {', '.join(level.value for level in Level)}",
        ) from None


def parse_prefer(words: Iterable[str]) -> tuple[str, ...]:
    found: list[str] = []
    for word in words:
        for part in word.split(","):
            key = part.strip().lower()
            if key in ("video-series", "videos"):
                key = "video"
            if key not in PREFERENCE_FORMATS:
                raise UsageError(
                    f"--prefer {part!r} is not a format",
                    hint=f"use one of {', '.join(PREFERENCE_FORMATS)}",
                )
            if key not in found:
                found.append(key)
    return tuple(found)


def positive(value: float, option: str) -> float:
    if not value > 0:
        raise UsageError(f"{option} must be a positive number of hours, not {value:g}")
    return value


def build_request(
    goal: str,
    *,
    know: Iterable[str] = (),
    done: Iterable[str] = (),
    prefer: Iterable[str] = (),
    free_only: bool = False,
    lang: str | None = None,
    max_level: str | None = None,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
    hours_per_week: float = DEFAULT_HOURS_PER_WEEK,
    start: str | date | None = None,
    days: str | None = None,
    session_hours: float = DEFAULT_SESSION_HOURS,
    parallel: int = 1,
    deadline: str | date | None = None,
    max_hours_per_week: float | None = None,
    spent_minutes: Iterable[tuple[str, int]] = (),
    pace_factor: float = 1.0,
    today: date | None = None,
) -> PlanRequest:
    """A request from option values; ids are checked against the catalog by ``make_plan``."""
    start_date = (
        start
        if isinstance(start, date)
        else parse_date(start, "--start")
        if start
        else today or date.today()
    )
    deadline_date = (
        deadline
        if isinstance(deadline, date) or deadline is None
        else parse_date(deadline, "--deadline")
    )
    if deadline_date is not None and deadline_date < start_date:
        raise UsageError(
            f"--deadline {deadline_date.isoformat()} is before the start {start_date.isoformat()}"
        )
    if parallel < 1:
        raise UsageError(f"--parallel must be at least 1, not {parallel}")
    options = ScheduleOptions(
        start=start_date,
        hours_per_week=positive(hours_per_week, "--hours-per-week"),
        study_days=parse_days(days) if days is not None else tuple(range(7)),
        session_hours=positive(session_hours, "--session-hours"),
        parallel=parallel,
        deadline=deadline_date,
        max_hours_per_week=(
            positive(max_hours_per_week, "--max-hours-per-week")
            if max_hours_per_week is not None
            else None
        ),
    )
    preferences = Preferences(
        prefer=parse_prefer(prefer),
        free_only=free_only,
        lang=lang.strip().lower() if lang else None,
        max_level=parse_level(max_level),
        exclude=tuple(dict.fromkeys(exclude)),
        include=tuple(dict.fromkeys(include)),
    )
    return PlanRequest(
        goal=goal,
        schedule=options,
        known=tuple(parse_topic_need(k) for k in know),
        done=tuple(dict.fromkeys(done)),
        preferences=preferences,
        spent_minutes=tuple(spent_minutes),
        pace_factor=pace_factor,
    )
