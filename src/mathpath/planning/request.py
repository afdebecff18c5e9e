"""From words to a ``PlanRequest``: one parser for each kind of value, and one assembly.

Every value a person types, as a command-line option or as ``mathpath profile set KEY VALUE``,
goes through the one parser for its kind (``parse_date``, ``parse_days``, ``parse_hours``,
``parse_topic_need``, ``parse_level``, ``parse_prefer``, ``parse_lang``), so the same words are
accepted everywhere. ``name`` is what the words were given as (``--days``, ``study_days``): every
parse error is a ``UsageError`` that names it and the accepted form.

``PlanChoices`` is what was said (``None`` = not said); ``PlanChoices.over`` puts it over another
source (the command line over the profile); ``make_request`` fills in the defaults (written once,
in ``mathpath.planning.plans``) and checks the schedule. ``build_request`` is the library's door
to the same path; ``mathpath.learner.request.plan_request`` adds the learner's profile and
progress to it for every command that plans.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypedDict

from mathpath.catalog.models import Depth, Level, TopicNeed, is_valid_id
from mathpath.errors import UsageError
from mathpath.planning.plans import (
    ALL_DAYS,
    HOURS_IN_A_DAY,
    HOURS_IN_A_WEEK,
    PREFERENCE_FORMATS,
    WEEKDAYS,
    PlanRequest,
    Preferences,
    ScheduleOptions,
    minutes_from_hours,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

# `--know calculus` means "I know it well"; so does `known: [calculus]` in the profile.
DEFAULT_KNOWN_DEPTH = Depth.THOROUGH

# --- dates --------------------------------------------------------------------------------------

_RELATIVE_DAYS = {"today": 0, "yesterday": -1}


def parse_date(text: str | date, name: str, *, today: date | None = None) -> date:
    """``YYYY-MM-DD``, ``today`` or ``yesterday`` (relative to ``today``, default: the clock)."""
    if isinstance(text, date):
        return text
    word = text.strip().lower()
    if word in _RELATIVE_DAYS:
        return (today or date.today()) + timedelta(days=_RELATIVE_DAYS[word])
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise UsageError(
            f"{name}: {text!r} is not a date",
            hint="write it as YYYY-MM-DD (e.g. 2026-03-01), today or yesterday",
        ) from None


# --- study days ---------------------------------------------------------------------------------

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "weekdays": ALL_DAYS[:5],
    "weekday": ALL_DAYS[:5],
    "weekends": ALL_DAYS[5:],
    "weekend": ALL_DAYS[5:],
    "all": ALL_DAYS,
    "every": ALL_DAYS,
    "daily": ALL_DAYS,
    "everyday": ALL_DAYS,
}
DAYS_ACCEPTED = (
    f"{', '.join(WEEKDAYS)} (or any longer start of the name: tues, thursday), weekdays, "
    "weekend, daily (also all, everyday); comma-separated"
)


def parse_days(text: str, name: str = "--days") -> tuple[int, ...]:
    """``mon,wed,sat``, ``Tues Thu``, ``weekdays``, ``daily`` ... -> sorted weekday numbers."""
    days: set[int] = set()
    for word in text.replace(",", " ").lower().split():
        if word in DAY_GROUPS:
            days.update(DAY_GROUPS[word])
            continue
        number = next(
            (n for n, day in enumerate(DAY_NAMES) if len(word) >= 3 and day.startswith(word)),
            None,
        )
        if number is None:
            raise UsageError(f"{name}: {word!r} is not a day", hint=f"accepted: {DAYS_ACCEPTED}")
        days.add(number)
    if not days:
        raise UsageError(f"{name}: give at least one day", hint=f"e.g. {name} mon,wed,sat")
    return tuple(sorted(days))


# --- hours and other numbers --------------------------------------------------------------------


def hours_problem(hours: float, maximum: float) -> str | None:
    """What is wrong with ``hours`` as a number of hours of at most ``maximum``, or None.

    The one rule for every number of hours mathpath is given (options, profile, progress, a
    ``PlanRequest`` made by hand): at least a minute (the schedule counts whole minutes), at
    most ``maximum``."""
    if hours == hours and minutes_from_hours(min(hours, maximum)) >= 1 and hours <= maximum:
        return None
    return f"must be more than 0 (at least a minute) and at most {maximum:g} hours (got {hours:g})"


def parse_hours(value: str | float, name: str, *, maximum: float = HOURS_IN_A_WEEK) -> float:
    """A number of hours (``6``, ``1.5``) that passes ``hours_problem``."""
    if isinstance(value, str):
        try:
            hours = float(value)
        except ValueError:
            raise UsageError(
                f"{name}: {value!r} is not a number of hours", hint="e.g. 6 or 1.5"
            ) from None
    else:
        hours = float(value)
    problem = hours_problem(hours, maximum)
    if problem is not None:
        raise UsageError(f"{name}: {problem}")
    return hours


def parse_count(value: int, name: str) -> int:
    if value < 1:
        raise UsageError(f"{name}: must be at least 1 (got {value})")
    return value


def parse_factor(value: float, name: str) -> float:
    if not value > 0:
        raise UsageError(f"{name}: must be a positive factor (got {value:g})")
    return value


# --- topics, levels, formats, languages ---------------------------------------------------------


def parse_topic_need(
    text: str,
    name: str = "--know",
    *,
    resolve: Callable[[str], str] | None = None,
    default: Depth | None = None,
) -> TopicNeed:
    """``calculus`` or ``calculus@working`` (default depth: ``default``, else
    ``DEFAULT_KNOWN_DEPTH``).

    ``resolve`` turns the topic word into a topic id (an alias or a name, against a catalog);
    without it the word must be an id, checked against the catalog later (``make_plan``)."""
    word, _, depth = text.strip().partition("@")
    depths = ", ".join(d.value for d in Depth)
    if not word:
        raise UsageError(f"{name}: {text!r} names no topic", hint=f"e.g. {name} linear-algebra")
    if depth and depth not in {d.value for d in Depth}:
        raise UsageError(f"{name}: {text!r}: unknown depth {depth!r}", hint=f"use one of {depths}")
    if resolve is not None:
        topic = resolve(word)
    elif is_valid_id(word):
        topic = word
    else:
        raise UsageError(
            f"{name}: {text!r}: {word!r} is not a topic id", hint="see `mathpath topics`"
        )
    return TopicNeed(topic=topic, depth=Depth(depth) if depth else default or DEFAULT_KNOWN_DEPTH)


def format_topic_need(need: TopicNeed) -> str:
    """What ``parse_topic_need`` reads back: ``calculus`` (thorough) or ``calculus@working``."""
    return need.topic if need.depth == DEFAULT_KNOWN_DEPTH else f"{need.topic}@{need.depth.value}"


def parse_level(text: str, name: str = "--max-level") -> Level:
    from mathpath.catalog.query import parse_choice

    return parse_choice(Level, text, name)


def parse_prefer(words: Iterable[str], name: str = "--prefer") -> tuple[str, ...]:
    """Format words (``video``, ``textbook`` ...; ``video-series`` and ``videos`` are ``video``),
    comma-separated or repeated, in the order first given."""
    from mathpath.catalog.validate import did_you_mean

    found: list[str] = []
    for word in words:
        for part in word.split(","):
            key = part.strip().lower()
            if not key:
                continue
            key = {"video-series": "video", "videos": "video"}.get(key, key)
            if key not in PREFERENCE_FORMATS:
                raise UsageError(
                    f"{name}: {part.strip()!r} is not a format",
                    hint=did_you_mean(key, PREFERENCE_FORMATS)
                    or f"accepted: {', '.join(PREFERENCE_FORMATS)} (comma-separated)",
                )
            if key not in found:
                found.append(key)
    return tuple(found)


_LANG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def parse_lang(text: str, name: str = "--lang") -> str:
    """A language code (``zh``, ``en``, ``pt-br``), lower-cased."""
    code = text.strip().lower()
    if not _LANG.match(code):
        raise UsageError(f"{name}: {text!r} is not a language code", hint="e.g. en, zh, de")
    return code


# --- what was said, and the request it makes ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanChoices:
    """What one source said (the command line, the profile). ``None`` means "not said": the
    next source applies, then mathpath's default. ``known``, ``done``, ``exclude`` and
    ``include`` add up across sources (knowledge only accumulates)."""

    goal: str | None = None
    known: tuple[TopicNeed, ...] = ()
    done: tuple[str, ...] = ()
    start: date | None = None
    hours_per_week: float | None = None
    study_days: tuple[int, ...] | None = None
    session_hours: float | None = None
    parallel: int | None = None
    deadline: date | None = None
    max_hours_per_week: float | None = None
    prefer: tuple[str, ...] | None = None
    free_only: bool | None = None
    lang: str | None = None
    max_level: Level | None = None
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    use_progress: bool = True  # False: plan from scratch, as if nothing were recorded
    pace_factor: float | None = None  # an explicit factor overrides the personal one

    def over(self, under: PlanChoices) -> PlanChoices:
        """These choices where they say something, ``under``'s elsewhere; the lists add up
        (``under``'s first, so that a topic known in both takes this depth)."""
        taken = {
            name: getattr(self, name) if getattr(self, name) is not None else getattr(under, name)
            for name in _SINGLE_VALUES
        }
        return replace(
            self,
            **taken,
            known=(*under.known, *self.known),
            done=tuple(dict.fromkeys((*under.done, *self.done))),
            exclude=tuple(dict.fromkeys((*under.exclude, *self.exclude))),
            include=tuple(dict.fromkeys((*under.include, *self.include))),
        )


_SINGLE_VALUES = tuple(
    name
    for name in PlanChoices.__dataclass_fields__
    if name not in ("known", "done", "exclude", "include", "use_progress")
)


class PlanWords(TypedDict, total=False):
    """The plan options as they are typed (``None`` or empty = not given): what
    ``parse_choices`` and ``build_request`` take, each through its parser."""

    know: Iterable[str] | None
    done: Iterable[str] | None
    prefer: Iterable[str] | None
    free_only: bool | None
    lang: str | None
    max_level: str | None
    exclude: Iterable[str] | None
    include: Iterable[str] | None
    hours_per_week: float | None
    start: str | date | None
    days: str | None
    session_hours: float | None
    parallel: int | None
    deadline: str | date | None
    max_hours_per_week: float | None


def parse_choices(
    goal: str | None = None,
    *,
    pace: float | None = None,
    fresh: bool = False,
    today: date | None = None,
    **words: Unpack[PlanWords],
) -> PlanChoices:
    """What the plan options say, each word through its parser (``today`` for the words
    ``today`` and ``yesterday``)."""
    start, deadline, days = words.get("start"), words.get("deadline"), words.get("days")
    max_level, lang, prefer = words.get("max_level"), words.get("lang"), words.get("prefer")
    return PlanChoices(
        goal=goal,
        known=tuple(parse_topic_need(k, "--know") for k in words.get("know") or ()),
        done=tuple(dict.fromkeys(words.get("done") or ())),
        start=parse_date(start, "--start", today=today) if start is not None else None,
        hours_per_week=_hours(words.get("hours_per_week"), "--hours-per-week", HOURS_IN_A_WEEK),
        study_days=parse_days(days, "--days") if days is not None else None,
        session_hours=_hours(words.get("session_hours"), "--session-hours", HOURS_IN_A_DAY),
        parallel=_count(words.get("parallel"), "--parallel"),
        deadline=parse_date(deadline, "--deadline", today=today) if deadline is not None else None,
        max_hours_per_week=_hours(
            words.get("max_hours_per_week"), "--max-hours-per-week", HOURS_IN_A_WEEK
        ),
        prefer=parse_prefer(prefer) or None if prefer else None,
        free_only=words.get("free_only"),
        lang=parse_lang(lang) if lang else None,
        max_level=parse_level(max_level) if max_level is not None else None,
        exclude=tuple(dict.fromkeys(words.get("exclude") or ())),
        include=tuple(dict.fromkeys(words.get("include") or ())),
        use_progress=not fresh,
        pace_factor=parse_factor(pace, "--pace") if pace is not None else None,
    )


def _count(value: int | None, name: str) -> int | None:
    return parse_count(value, name) if value is not None else None


def _hours(value: float | None, name: str, maximum: float) -> float | None:
    return parse_hours(value, name, maximum=maximum) if value is not None else None


def make_request(
    choices: PlanChoices,
    *,
    today: date,
    spent_minutes: Iterable[tuple[str, int]] = (),
    pace_factor: float | None = None,
) -> PlanRequest:
    """The request ``choices`` make, with mathpath's defaults where nothing was said (the
    dataclass defaults of ``ScheduleOptions`` and ``Preferences``). ``spent_minutes`` and
    ``pace_factor`` come from progress; ``choices.pace_factor``, if said, wins."""
    if choices.goal is None:
        raise UsageError(
            "no goal given",
            hint="pass --goal ID, or set a default: `mathpath profile set goals ID`",
        )
    said = {
        name: getattr(choices, name)
        for name in ("hours_per_week", "study_days", "session_hours", "parallel")
        if getattr(choices, name) is not None
    }
    schedule = ScheduleOptions(
        start=choices.start or today,
        deadline=choices.deadline,
        max_hours_per_week=choices.max_hours_per_week,
        **said,
    )
    check_schedule(schedule)
    known: dict[str, TopicNeed] = {}
    for need in choices.known:
        known[need.topic] = need  # the later source's depth wins
    return PlanRequest(
        goal=choices.goal,
        schedule=schedule,
        known=tuple(known.values()),
        done=tuple(dict.fromkeys(choices.done)),
        preferences=Preferences(
            prefer=choices.prefer or (),
            free_only=bool(choices.free_only),
            lang=choices.lang,
            max_level=choices.max_level,
            exclude=tuple(dict.fromkeys(choices.exclude)),
            include=tuple(dict.fromkeys(choices.include)),
        ),
        spent_minutes=tuple(spent_minutes),
        pace_factor=(
            choices.pace_factor
            if choices.pace_factor is not None
            else pace_factor
            if pace_factor is not None
            else 1.0
        ),
    )


def check_schedule(options: ScheduleOptions) -> None:
    """The numbers and dates of a schedule, however it was made (``make_plan`` checks a
    hand-made ``PlanRequest`` with this too)."""
    for name, hours, maximum in (
        ("--hours-per-week", options.hours_per_week, HOURS_IN_A_WEEK),
        ("--session-hours", options.session_hours, HOURS_IN_A_DAY),
        ("--max-hours-per-week", options.max_hours_per_week, HOURS_IN_A_WEEK),
    ):
        problem = hours_problem(hours, maximum) if hours is not None else None
        if problem is not None:
            raise UsageError(f"{name}: {problem}")
    parse_count(options.parallel, "--parallel")
    if not options.study_days or any(d not in range(7) for d in options.study_days):
        raise UsageError("--days: give at least one day of the week (mon..sun)")
    if options.deadline is not None and options.deadline < options.start:
        raise UsageError(
            f"--deadline {options.deadline.isoformat()} is before the start "
            f"{options.start.isoformat()}"
        )


def build_request(
    goal: str,
    *,
    spent_minutes: Iterable[tuple[str, int]] = (),
    pace_factor: float = 1.0,
    today: date | None = None,
    **words: Unpack[PlanWords],
) -> PlanRequest:
    """A request from option values, as the command line makes it without a profile or
    progress (a value not given = mathpath's default); ids are checked against the catalog by
    ``make_plan``. ``today`` is the start unless ``start`` says otherwise (default: the clock)."""
    choices = parse_choices(goal, pace=pace_factor, today=today, **words)
    return make_request(choices, today=today or date.today(), spent_minutes=spent_minutes)
