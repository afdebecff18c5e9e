"""From words to a ``PlanRequest``: one parser for each kind of value, and one assembly.

Every value a person types, as a command-line option or as ``mathpath profile set KEY VALUE``,
goes through the one parser for its kind (``parse_date``, ``parse_days``, ``parse_study_days``,
``parse_hours``, ``parse_minutes``, ``parse_fill``, ``parse_times``, ``parse_tz``, ``parse_skip``,
``parse_country``, ``parse_topic_need``, ``parse_level``, ``parse_prefer``, ``parse_lang``), so the
same words are accepted everywhere. ``name`` is what the words were given as (``--days``,
``study_days``): every parse error is a ``UsageError`` that names it and the accepted form.

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
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, TypedDict

from mathpath.catalog.models import Depth, Level, TopicNeed, is_valid_id
from mathpath.errors import UsageError
from mathpath.i18n import N_, _, date_text
from mathpath.planning.defaults import (
    ALL_DAYS,
    FILLS,
    HOURS_IN_A_DAY,
    HOURS_IN_A_WEEK,
    MINUTES_IN_A_DAY,
    PREFERENCE_FORMATS,
    WEEKDAYS,
)
from mathpath.planning.plans import (
    PlanRequest,
    Preferences,
    ScheduleOptions,
    budget_minutes,
    minutes_from_hours,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

# `--know calculus` means "I know it well"; so does `known: [calculus]` in the profile.
DEFAULT_KNOWN_DEPTH = Depth.THOROUGH

# --- dates --------------------------------------------------------------------------------------

_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
DATE_WORDS = N_("YYYY-MM-DD, today, tomorrow, yesterday or a weekday (mon, tuesday, ...)")


def parse_date(
    text: str | date, name: str, *, today: date | None = None, past: bool = False
) -> date:
    """A date word, the one parser for every date option: ``YYYY-MM-DD``, ``today``,
    ``tomorrow``, ``yesterday`` (relative to ``today``, default: the clock), or a weekday: the
    next one from today on, or with ``past`` the last one up to today (today itself when it is
    that weekday)."""
    if isinstance(text, date):
        return text
    word = text.strip().lower()
    base = today or date.today()
    if word in _RELATIVE_DAYS:
        return base + timedelta(days=_RELATIVE_DAYS[word])
    weekday = _weekday(word)
    if weekday is not None:
        if past:
            return base - timedelta(days=(base.weekday() - weekday) % 7)
        return base + timedelta(days=(weekday - base.weekday()) % 7)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise UsageError(
            _("{name}: {value} is not a date").format(name=name, value=repr(text)),
            hint=_("write it as {words}, e.g. 2026-03-01").format(words=_(DATE_WORDS)),
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
# ``{days}``: the weekdays' words (mon, tue, ...), as they are typed.
DAYS_ACCEPTED = N_(
    "{days} (or any longer start of the name: tues, thursday), weekdays, "
    "weekend, daily (also all, everyday), ranges such as mon-fri; comma-separated"
)


def _weekday(word: str) -> int | None:
    return next(
        (n for n, day in enumerate(DAY_NAMES) if len(word) >= 3 and day.startswith(word)), None
    )


def _day_words(text: str, name: str) -> set[int]:
    """The days that words name: ``mon``, ``Tuesday``, ``weekdays``, ``mon-fri`` (a range,
    also across the week's end: ``fri-mon``)."""
    days: set[int] = set()
    for word in text.lower().split():
        if word in DAY_GROUPS:
            days.update(DAY_GROUPS[word])
            continue
        first, dash, last = word.partition("-")
        if dash:
            low, high = _weekday(first), _weekday(last)
            if low is None or high is None:
                raise UsageError(
                    _("{name}: {word} is not a range of days").format(name=name, word=repr(word)),
                    hint=_("e.g. mon-fri or sat-sun"),
                )
            days.update((low + n) % 7 for n in range((high - low) % 7 + 1))
            continue
        number = _weekday(word)
        if number is None:
            accepted = _(DAYS_ACCEPTED).format(days=", ".join(WEEKDAYS))
            raise UsageError(
                _("{name}: {word} is not a day").format(name=name, word=repr(word)),
                hint=_("accepted: {words}").format(words=accepted),
            )
        days.add(number)
    return days


def parse_day_values(
    text: str, name: str, value: Callable[[str], object], example: str
) -> tuple[tuple[int, ...], dict[int, object]]:
    """``DAYS[=VALUE],...``: the days named, and a value for each day that has one.

    A value applies to every day named since the last value: ``mon-fri=19:30,sat,sun=09:00``
    gives Saturday and Sunday 09:00. Either every day has a value or none does; a day given
    two different values is an error."""
    days: set[int] = set()
    values: dict[int, object] = {}
    pending: set[int] = set()
    for item in text.split(","):
        words, equals, raw = item.partition("=")
        named = _day_words(words, name)
        if equals and not named and not pending:
            raise UsageError(
                _("{name}: {item} names no day").format(name=name, item=repr(item.strip())),
                hint=_("e.g. {example}").format(example=example),
            )
        pending |= named
        days |= named
        if not equals:
            continue
        parsed = value(raw.strip())
        for day in sorted(pending):
            if day in values and values[day] != parsed:
                raise UsageError(
                    _("{name}: {day} is given two values").format(name=name, day=WEEKDAYS[day])
                )
            values[day] = parsed
        pending = set()
    if not days:
        raise UsageError(
            _("{name}: give at least one day").format(name=name),
            hint=_("e.g. {example}").format(example=f"{name} mon,wed,sat"),
        )
    if values and pending:
        left = ",".join(WEEKDAYS[d] for d in sorted(pending))
        raise UsageError(
            _("{name}: {days} has no value while other days have one").format(name=name, days=left),
            hint=_("e.g. {example}").format(example=example),
        )
    return tuple(sorted(days)), values


def parse_days(text: str, name: str = "--days") -> tuple[int, ...]:
    """``mon,wed,sat``, ``Tues Thu``, ``mon-fri``, ``weekdays``, ``daily`` ... -> sorted weekday
    numbers. Hours per day (``mon=1``) are ``parse_study_days``'s."""
    days, values = parse_day_values(text, name, lambda raw: raw, "mon,wed,sat")
    if values:
        raise UsageError(
            _("{name}: give days only here").format(name=name),
            hint=_("e.g. {example}").format(example="mon,wed,sat"),
        )
    return days


def parse_study_days(
    text: str, name: str = "--days"
) -> tuple[tuple[int, ...], tuple[tuple[int, float], ...]]:
    """Study days, each with its own hours or none: ``mon,wed,sat`` or ``mon=1,wed=1,sat=3``
    (``weekdays=1,sat=3``; the hours of a day at most 24). Returns the days and the
    ``(day, hours)`` pairs (empty when no day has hours)."""
    days, values = parse_day_values(
        text, name, lambda raw: parse_hours(raw, name, maximum=HOURS_IN_A_DAY), "mon=1,sat=3"
    )
    return days, tuple((day, float(hours)) for day, hours in sorted(values.items()))  # type: ignore[arg-type]


# --- times of day, time zones -------------------------------------------------------------------

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_clock(text: str, name: str = "--time") -> time:
    """A time of day, ``HH:MM`` (24-hour clock)."""
    found = _CLOCK.match(text.strip())
    if found is not None:
        hours, minutes = int(found.group(1)), int(found.group(2))
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise UsageError(
        _("{name}: {value} is not a time of day").format(name=name, value=repr(text.strip())),
        hint=_("write it as HH:MM, e.g. 19:30"),
    )


def parse_times(text: str, name: str = "--time") -> tuple[tuple[int, time], ...]:
    """When sittings start: ``19:30`` (every day) or ``mon-fri=19:30,sat,sun=09:00``."""
    if "=" not in text:
        clock = parse_clock(text, name)
        return tuple((day, clock) for day in ALL_DAYS)
    _days, values = parse_day_values(
        text, name, lambda raw: parse_clock(raw, name), "mon-fri=19:30,sat,sun=09:00"
    )
    return tuple((day, clock) for day, clock in sorted(values.items()))  # type: ignore[misc]


def format_times(times: Iterable[tuple[int, time]]) -> str:
    """What ``parse_times`` reads back: ``mon=19:30,tue=19:30,...``."""
    return ",".join(f"{WEEKDAYS[day]}={clock.strftime('%H:%M')}" for day, clock in times)


def parse_tz(text: str, name: str = "--tz") -> str:
    """An IANA time zone name (``Asia/Shanghai``, ``Europe/Berlin``, ``UTC``)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zone = text.strip()
    try:
        if not zone or zone.startswith(("/", ".")) or ".." in zone:
            raise ValueError
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            _("{name}: {value} is not a time zone").format(name=name, value=repr(zone)),
            hint=_("give an IANA name such as Asia/Shanghai, Europe/Berlin or America/New_York"),
        ) from None
    return zone


# --- days off -----------------------------------------------------------------------------------


def parse_skip(text: str, name: str = "--skip", *, today: date | None = None) -> tuple[date, date]:
    """A day off, ``DATE``, or an inclusive range of them, ``DATE..DATE``."""
    first, dots, last = text.strip().partition("..")
    start = parse_date(first, name, today=today)
    end = parse_date(last, name, today=today) if dots else start
    if end < start:
        raise UsageError(
            _("{name}: {value} ends before it starts").format(name=name, value=repr(text.strip())),
            hint=_("write the earlier date first: {span}").format(
                span=f"{end.isoformat()}..{start.isoformat()}"
            ),
        )
    return start, end


def format_skip(span: tuple[date, date]) -> str:
    """What ``parse_skip`` reads back."""
    start, end = span
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


_COUNTRY = re.compile(r"^([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?$")


def parse_country(text: str, name: str = "--holidays") -> str:
    """A country for public holidays: ``CN``, ``us``, ``US-CA`` (with a subdivision)."""
    found = _COUNTRY.match(text.strip())
    if found is None:
        raise UsageError(
            _("{name}: {value} is not a country code").format(name=name, value=repr(text.strip())),
            hint=_("give an ISO 3166 code such as CN, US or DE, optionally with a region: US-CA"),
        )
    country, region = found.group(1).upper(), found.group(2)
    return f"{country}-{region.upper()}" if region else country


# --- sittings -----------------------------------------------------------------------------------


def parse_minutes(value: int, name: str, *, maximum: int = MINUTES_IN_A_DAY) -> int:
    """A whole number of minutes, 1 to ``maximum``."""
    if not 1 <= value <= maximum:
        raise UsageError(
            _("{name}: must be 1 to {maximum} minutes (got {value})").format(
                name=name, maximum=maximum, value=value
            )
        )
    return value


def parse_fill(text: str, name: str = "--fill") -> str:
    """How a weekly budget is laid over the study days: ``blocks`` or ``spread``."""
    word = text.strip().lower()
    if word not in FILLS:
        raise UsageError(
            _("{name}: {value} is not one of {choices}").format(
                name=name, value=repr(text.strip()), choices=", ".join(FILLS)
            )
        )
    return word


# --- hours and other numbers --------------------------------------------------------------------


def not_a_truth_value(value: object) -> object:
    """Refuse YAML's ``true``/``false`` where a number of hours is expected (pydantic would read
    ``true`` as 1 hour); for a field's BeforeValidator."""
    if isinstance(value, bool):
        raise ValueError(
            _("a number of hours is expected, not {value}").format(value=str(value).lower())
        )
    return value


def hours_problem(hours: float, maximum: float) -> str | None:
    """What is wrong with ``hours`` as a number of hours of at most ``maximum``, or None.

    The one rule for every number of hours mathpath is given (options, profile, progress, a
    ``PlanRequest`` made by hand): at least a minute (the schedule counts whole minutes), at
    most ``maximum``."""
    if hours == hours and minutes_from_hours(min(hours, maximum)) >= 1 and hours <= maximum:
        return None
    return _(
        "must be more than 0 (at least a minute) and at most {maximum} hours (got {hours})"
    ).format(maximum=f"{maximum:g}", hours=f"{hours:g}")


def parse_hours(value: str | float, name: str, *, maximum: float = HOURS_IN_A_WEEK) -> float:
    """A number of hours (``6``, ``1.5``) that passes ``hours_problem``."""
    if isinstance(value, str):
        try:
            hours = float(value)
        except ValueError:
            raise UsageError(
                _("{name}: {value} is not a number of hours").format(name=name, value=repr(value)),
                hint=_("e.g. 6 or 1.5"),
            ) from None
    else:
        hours = float(value)
    problem = hours_problem(hours, maximum)
    if problem is not None:
        raise UsageError(_("{name}: {problem}").format(name=name, problem=problem))
    return hours


def parse_count(value: int, name: str) -> int:
    if value < 1:
        raise UsageError(
            _("{name}: must be at least 1 (got {value})").format(name=name, value=value)
        )
    return value


# A pace outside this range says the catalog's hours are wrong by an order of magnitude (a
# `--pace 100` plan ran to 2057): better fixed in the catalog than multiplied away.
FACTOR_MIN, FACTOR_MAX = 0.1, 10.0


def parse_factor(value: float, name: str) -> float:
    if not value > 0:
        raise UsageError(
            _("{name}: must be a positive factor (got {value})").format(
                name=name, value=f"{value:g}"
            )
        )
    if not FACTOR_MIN <= value <= FACTOR_MAX:
        raise UsageError(
            _("{name}: {value} is outside {low} to {high}").format(
                name=name, value=f"{value:g}", low=f"{FACTOR_MIN:g}", high=f"{FACTOR_MAX:g}"
            ),
            hint=_(
                "1 is the catalog's hours, 1.5 half as long again, 0.8 a fifth quicker; hours "
                "wrong by more than that are better corrected in the catalog"
            ),
        )
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
    word, _sep, depth = text.strip().partition("@")
    depths = ", ".join(d.value for d in Depth)
    if not word:
        raise UsageError(
            _("{name}: {value} names no topic").format(name=name, value=repr(text)),
            hint=_("e.g. {example}").format(example=f"{name} linear-algebra"),
        )
    if depth and depth not in {d.value for d in Depth}:
        raise UsageError(
            _("{name}: {value}: unknown depth {depth}").format(
                name=name, value=repr(text), depth=repr(depth)
            ),
            hint=_("use one of {choices}").format(choices=depths),
        )
    if resolve is not None:
        topic = resolve(word)
    elif is_valid_id(word):
        topic = word
    else:
        raise UsageError(
            _("{name}: {value}: {word} is not a topic id").format(
                name=name, value=repr(text), word=repr(word)
            ),
            hint=_("see `mathpath topics`"),
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
                    _("{name}: {value} is not a format").format(
                        name=name, value=repr(part.strip())
                    ),
                    hint=did_you_mean(key, PREFERENCE_FORMATS)
                    or _("accepted: {words} (comma-separated)").format(
                        words=", ".join(PREFERENCE_FORMATS)
                    ),
                )
            if key not in found:
                found.append(key)
    return tuple(found)


_LANG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
# Names learners type for a language, to suggest its code (``chinese`` -> ``zh``).
LANGUAGE_NAMES = {
    "english": "en", "chinese": "zh", "mandarin": "zh", "zhongwen": "zh", "中文": "zh",
    "汉语": "zh", "简体中文": "zh-cn", "繁體中文": "zh-tw", "french": "fr", "francais": "fr",
    "german": "de", "deutsch": "de", "spanish": "es", "espanol": "es", "japanese": "ja",
    "korean": "ko", "russian": "ru", "portuguese": "pt", "italian": "it", "arabic": "ar",
    "hindi": "hi", "greek": "el", "vietnamese": "vi", "turkish": "tr", "dutch": "nl",
    "polish": "pl", "persian": "fa", "indonesian": "id", "thai": "th", "ukrainian": "uk",
}  # fmt: skip


def parse_lang(text: str, name: str = "--lang") -> str:
    """A BCP 47 language code (``zh``, ``en``, ``zh-cn``, ``pt-br``), lower-cased, ``_`` read
    as ``-`` (``zh_CN``); a language's name is refused with its code as the hint."""
    code = text.strip().lower().replace("_", "-")
    if not _LANG.match(code):
        import difflib

        close = difflib.get_close_matches(code, LANGUAGE_NAMES, n=1, cutoff=0.75)
        named = LANGUAGE_NAMES[close[0]] if close else None
        hint = (
            _("did you mean {code}? (a BCP 47 code such as en, zh, zh-CN)").format(code=named)
            if named
            else _("give a BCP 47 code such as en, zh, zh-CN")
        )
        raise UsageError(
            _("{option}: {value} is not a language code").format(option=name, value=repr(text)),
            hint=hint,
        )
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
    require_lang: str | None = None
    max_level: Level | None = None
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    use_progress: bool = True  # False: plan from scratch, as if nothing were recorded
    pace_factor: float | None = None  # an explicit factor overrides the personal one
    day_hours: tuple[tuple[int, float], ...] | None = None  # said with study_days (--days mon=1)
    min_session: int | None = None
    fill: str | None = None
    block: int | None = None
    skip: tuple[tuple[date, date], ...] = ()  # adds up across sources, like known
    holidays: str | None = None
    times: tuple[tuple[int, time], ...] | None = None
    tz: str | None = None
    live: bool | None = None
    review_minutes: int | None = None  # one spaced-review sitting (plan --review-minutes)

    def over(self, under: PlanChoices) -> PlanChoices:
        """These choices where they say something, ``under``'s elsewhere; the lists add up
        (``under``'s first, so that a topic known in both takes this depth). Study days and
        their hours go together: days said here replace the hours said under them."""
        taken = {
            name: getattr(self, name) if getattr(self, name) is not None else getattr(under, name)
            for name in _SINGLE_VALUES
        }
        if self.study_days is not None:
            taken["day_hours"] = self.day_hours
        return replace(
            self,
            **taken,
            skip=tuple(dict.fromkeys((*under.skip, *self.skip))),
            known=(*under.known, *self.known),
            done=tuple(dict.fromkeys((*under.done, *self.done))),
            exclude=tuple(dict.fromkeys((*under.exclude, *self.exclude))),
            include=tuple(dict.fromkeys((*under.include, *self.include))),
        )


_SINGLE_VALUES = tuple(
    name
    for name in PlanChoices.__dataclass_fields__
    if name not in ("known", "done", "exclude", "include", "use_progress", "skip")
)


class PlanWords(TypedDict, total=False):
    """The plan options as they are typed (``None`` or empty = not given): what
    ``parse_choices`` and ``build_request`` take, each through its parser."""

    know: Iterable[str] | None
    done: Iterable[str] | None
    prefer: Iterable[str] | None
    free_only: bool | None
    lang: str | None
    require_lang: str | None
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
    min_session: int | None
    fill: str | None
    block: int | None
    skip: Iterable[str] | None
    holidays: str | None
    time: str | None
    tz: str | None
    live: bool | None


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
    study_days, day_hours = parse_study_days(days, "--days") if days is not None else (None, None)
    fill, holidays, clock, tz = (
        words.get("fill"),
        words.get("holidays"),
        words.get("time"),
        words.get("tz"),
    )
    min_session, block = words.get("min_session"), words.get("block")
    return PlanChoices(
        goal=goal,
        known=tuple(parse_topic_need(k, "--know") for k in words.get("know") or ()),
        done=tuple(dict.fromkeys(words.get("done") or ())),
        start=parse_date(start, "--start", today=today) if start is not None else None,
        hours_per_week=_hours(words.get("hours_per_week"), "--hours-per-week", HOURS_IN_A_WEEK),
        study_days=study_days,
        day_hours=day_hours,
        session_hours=_hours(words.get("session_hours"), "--session-hours", HOURS_IN_A_DAY),
        parallel=_count(words.get("parallel"), "--parallel"),
        deadline=parse_date(deadline, "--deadline", today=today) if deadline is not None else None,
        max_hours_per_week=_hours(
            words.get("max_hours_per_week"), "--max-hours-per-week", HOURS_IN_A_WEEK
        ),
        prefer=parse_prefer(prefer) or None if prefer else None,
        free_only=words.get("free_only"),
        lang=parse_lang(lang) if lang else None,
        require_lang=_required_lang(words.get("require_lang")),
        max_level=parse_level(max_level) if max_level is not None else None,
        exclude=tuple(dict.fromkeys(words.get("exclude") or ())),
        include=tuple(dict.fromkeys(words.get("include") or ())),
        use_progress=not fresh,
        pace_factor=parse_factor(pace, "--pace") if pace is not None else None,
        min_session=parse_minutes(min_session, "--min-session")
        if min_session is not None
        else None,
        fill=parse_fill(fill, "--fill") if fill is not None else None,
        block=parse_minutes(block, "--block") if block is not None else None,
        skip=tuple(
            dict.fromkeys(
                parse_skip(word, "--skip", today=today) for word in words.get("skip") or ()
            )
        ),
        holidays=parse_country(holidays, "--holidays") if holidays else None,
        times=parse_times(clock, "--time") if clock is not None else None,
        tz=parse_tz(tz, "--tz") if tz else None,
        live=words.get("live"),
    )


def _required_lang(text: str | None) -> str | None:
    return parse_lang(text, "--require-lang") if text else None


def _count(value: int | None, name: str) -> int | None:
    return parse_count(value, name) if value is not None else None


def _hours(value: float | None, name: str, maximum: float) -> float | None:
    return parse_hours(value, name, maximum=maximum) if value is not None else None


def preferences_of(choices: PlanChoices) -> Preferences:
    """What the choices prefer and filter (``plan``, and ``next`` for what it offers)."""
    return Preferences(
        prefer=choices.prefer or (),
        free_only=bool(choices.free_only),
        # Requiring a language favours it too (and shows the plan's links in it).
        lang=choices.lang or choices.require_lang,
        require_lang=choices.require_lang,
        max_level=choices.max_level,
        exclude=tuple(dict.fromkeys(choices.exclude)),
        include=tuple(dict.fromkeys(choices.include)),
    )


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
            _("no goal given"),
            hint=_("pass --goal ID, or set a default: `mathpath profile set goals ID`"),
        )
    said = {
        name: getattr(choices, name)
        for name in (
            "hours_per_week", "study_days", "session_hours", "parallel", "min_session", "fill",
            "block", "holidays", "times", "tz", "live",
        )
        if getattr(choices, name) is not None
    }  # fmt: skip
    if choices.day_hours:
        said["day_hours"] = choices.day_hours
        said["study_days"] = tuple(day for day, _ in choices.day_hours)
        if choices.hours_per_week is None:  # the days' own hours make the week
            total = sum(hours for _, hours in choices.day_hours)
            said["hours_per_week"] = min(HOURS_IN_A_WEEK, round(total, 4))
    schedule = ScheduleOptions(
        start=choices.start or today,
        deadline=choices.deadline,
        max_hours_per_week=choices.max_hours_per_week,
        skip=tuple(sorted(choices.skip)),
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
        preferences=preferences_of(choices),
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
            raise UsageError(_("{name}: {problem}").format(name=name, problem=problem))
    parse_count(options.parallel, "--parallel")
    if not options.study_days or any(d not in range(7) for d in options.study_days):
        raise UsageError(_("--days: give at least one day of the week (mon..sun)"))
    if options.min_session is not None:
        parse_minutes(options.min_session, "--min-session")
    shortest = options.shortest_sitting
    parse_minutes(options.block, "--block")
    parse_fill(options.fill, "--fill")
    if options.block < shortest:
        raise UsageError(
            _(
                "--block {block} min is shorter than the shortest sitting "
                "(--min-session {shortest} min)"
            ).format(block=options.block, shortest=shortest)
        )
    if minutes_from_hours(options.session_hours) < shortest:
        raise UsageError(
            _(
                "--session-hours {hours} is shorter than the shortest sitting "
                "(--min-session {shortest} min)"
            ).format(hours=f"{options.session_hours:g}", shortest=shortest),
            hint=_("lower --min-session or raise --session-hours"),
        )
    if budget_minutes(options.hours_per_week) < shortest:
        raise UsageError(
            _(
                "--hours-per-week {hours} is less than the shortest sitting "
                "(--min-session {shortest} min)"
            ).format(hours=f"{options.hours_per_week:g}", shortest=shortest),
            hint=_("lower --min-session or raise --hours-per-week"),
        )
    for day, hours in options.day_hours:
        if day not in range(7):
            raise UsageError(_("--days: give days of the week (mon..sun)"))
        problem = hours_problem(hours, HOURS_IN_A_DAY)
        if problem is not None:
            raise UsageError(
                _("{name}: {problem}").format(name=f"--days {WEEKDAYS[day]}", problem=problem)
            )
        if budget_minutes(hours) < shortest:
            raise UsageError(
                _(
                    "--days {day}={hours} is less than the shortest sitting "
                    "(--min-session {shortest} min)"
                ).format(day=WEEKDAYS[day], hours=f"{hours:g}", shortest=shortest),
                hint=_("give that day more hours, leave it out, or lower --min-session"),
            )
    for start, end in options.skip:
        if end < start:
            raise UsageError(
                _("--skip {span} ends before it starts").format(
                    span=f"{start.isoformat()}..{end.isoformat()}"
                )
            )
    if any(day not in range(7) for day, _day in options.times):
        raise UsageError(_("--time: give days of the week (mon..sun)"))
    if options.tz is not None:
        parse_tz(options.tz, "--tz")
    if options.holidays is not None:
        parse_country(options.holidays, "--holidays")
    if options.deadline is not None and options.deadline < options.start:
        raise UsageError(
            _("--deadline {deadline} is before the start {start}").format(
                deadline=options.deadline.isoformat(), start=date_text(options.start)
            )
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
