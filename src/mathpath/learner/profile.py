"""The learner's profile: a small, human-readable YAML file of defaults for planning.

Reading never writes: a file from an older ``schema_version`` is migrated in memory and written
back in the current version only by the next command that changes the profile. A file that does
not parse or validate is a ``UserDataError`` naming the file, the line and the problem, and no
command writes over it (``mathpath profile reset --backup`` moves it aside when the user asks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from mathpath.catalog.models import Id, LangCode, Level, TopicNeed
from mathpath.catalog.validate import did_you_mean
from mathpath.errors import MathpathError, Problem, UsageError, UserDataError
from mathpath.i18n import N_, _, listing, ngettext
from mathpath.learner import paths
from mathpath.learner.files import atomic_write, locked
from mathpath.planning.defaults import (
    HOURS_IN_A_DAY,
    HOURS_IN_A_WEEK,
    MINUTES_IN_A_DAY,
    PREFERENCE_FORMATS,
    WEEKDAYS,
)
from mathpath.planning.request import (
    format_skip,
    format_topic_need,
    hours_problem,
    not_a_truth_value,
    parse_clock,
    parse_country,
    parse_fill,
    parse_hours,
    parse_lang,
    parse_level,
    parse_minutes,
    parse_prefer,
    parse_skip,
    parse_study_days,
    parse_times,
    parse_topic_need,
    parse_tz,
)

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog
    from mathpath.catalog.yamlsource import YamlDocument

# 2: the schedule keys of issue 14 (study_days with hours, min_session, fill, block, skip,
# holidays, times, tz, live); a version-1 file reads as it is.
PROFILE_SCHEMA_VERSION = 2


def _check_known(entry: str) -> str:
    """An entry of ``known``, read by the same parser as ``--know`` and ``profile set known``."""
    try:
        parse_topic_need(entry, "known")
    except UsageError:
        raise ValueError(
            _(
                "{entry} is not `topic` or `topic@depth` (depth: overview, working, thorough)"
            ).format(entry=repr(entry))
        ) from None
    return entry


KnownTopic = Annotated[str, AfterValidator(_check_known)]


def _hours(maximum: float) -> AfterValidator:
    """The one rule for hours (``planning.request.hours_problem``), as a field validator."""

    def check(value: float | None) -> float | None:
        problem = hours_problem(value, maximum) if value is not None else None
        if problem is not None:
            raise ValueError(problem)
        return value

    return AfterValidator(check)


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _check_with(parse: Callable[[str, str], object], name: str) -> AfterValidator:
    """A field checked by the same parser as its option (its message without the name)."""

    def check(value: str) -> str:
        try:
            parse(value, name)
        except UsageError as exc:
            raise ValueError(str(exc).removeprefix(f"{name}: ")) from None
        return value

    return AfterValidator(check)


SkipText = Annotated[str, _check_with(lambda text, name: parse_skip(text, name), "skip")]
ClockText = Annotated[str, _check_with(parse_clock, "times")]
DayHours = Annotated[float, BeforeValidator(not_a_truth_value), _hours(HOURS_IN_A_DAY)]


# --- errors shared with progress.py -------------------------------------------------------------


FIX_BY_HAND = N_("fix the file by hand; mathpath will not write over it until it is valid")
PROFILE_RECOVERY = N_(
    "fix the file by hand, or move it aside and start afresh with "
    "`mathpath profile reset --backup`; mathpath will not write over it until then"
)


def user_data_error(problems: list[Problem], *, hint: str | None = None) -> UserDataError:
    """One ``UserDataError`` listing every problem (the ``error`` factory for ``parse_yaml``);
    the hint is ``FIX_BY_HAND`` unless given."""
    files = sorted({p.file for p in problems})
    count = len(problems)
    head = ngettext("{files}: {n} problem found", "{files}: {n} problems found", count).format(
        files=listing(files), n=count
    )
    lines = [head, *(f"  - {p}" for p in problems)]
    return UserDataError("\n".join(lines), hint=_(FIX_BY_HAND) if hint is None else hint)


def _profile_error(problems: list[Problem]) -> UserDataError:
    return user_data_error(problems, hint=_(PROFILE_RECOVERY))


def pydantic_message(error: Any) -> str:
    """pydantic's message for ``error`` in the interface language, as the catalog's problems
    show it (``mathpath.catalog.load``; English: pydantic's text as it is)."""
    from mathpath.catalog.load import _pydantic_message

    return _pydantic_message(error)


def validation_problems(
    exc: ValidationError, document: YamlDocument, fields: Iterable[str]
) -> list[Problem]:
    """pydantic errors as located problems, with 'did you mean' for unknown keys."""
    from mathpath.catalog.yamlsource import format_path

    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(p if isinstance(p, int) else str(p) for p in error["loc"])
        hint = ""
        if error["type"] == "extra_forbidden":
            key = str(loc[-1]) if loc else ""
            message = _("unknown key {key}").format(key=repr(key))
            hint = did_you_mean(key, fields) or _("known keys: {keys}").format(
                keys=", ".join(fields)
            )
        elif error["type"] == "missing":
            message = _("required key is missing")
        else:
            message = pydantic_message(error).removeprefix("Value error, ")
            value = error.get("input")
            if isinstance(value, (str, int, float, bool)) or value is None:
                message += _(" (got {value})").format(value=repr(value))
        problems.append(
            Problem(
                document.file,
                message,
                line=document.line_of(loc),
                path=format_path(loc),
                hint=hint,
            )
        )
    return problems


# --- the model ----------------------------------------------------------------------------------


class Profile(BaseModel):
    """What the file holds. Every field is optional: unset means "use mathpath's default"."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )

    schema_version: Literal[2] = 2  # PROFILE_SCHEMA_VERSION
    goals: list[Id] = Field(default_factory=list, description="Active goal ids, first = default.")
    known: list[KnownTopic] = Field(
        default_factory=list, description="Known topics, `topic` or `topic@depth`."
    )
    hours_per_week: Annotated[
        float | None, BeforeValidator(not_a_truth_value), _hours(HOURS_IN_A_WEEK)
    ] = None
    study_days: list[Weekday] | None = None
    day_hours: dict[Weekday, DayHours] | None = Field(
        default=None,
        description="Study days with hours of their own (then they are the study days).",
    )
    session_hours: Annotated[
        float | None, BeforeValidator(not_a_truth_value), _hours(HOURS_IN_A_DAY)
    ] = None
    min_session: Annotated[int, Field(ge=1, le=MINUTES_IN_A_DAY)] | None = None
    fill: Literal["blocks", "spread"] | None = None
    block: Annotated[int, Field(ge=1, le=MINUTES_IN_A_DAY)] | None = None
    review_minutes: Annotated[int, Field(ge=1, le=MINUTES_IN_A_DAY)] | None = Field(
        default=None, description="The length of one spaced-review sitting (default 15)."
    )
    skip: list[SkipText] = Field(
        default_factory=list, description="Days off: `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`."
    )
    holidays: Annotated[str, _check_with(parse_country, "holidays")] | None = None
    times: dict[Weekday, ClockText] | None = Field(
        default=None, description="When sittings start, per weekday (`HH:MM`)."
    )
    tz: Annotated[str, _check_with(parse_tz, "tz")] | None = None
    live: bool | None = None
    prefer: list[str] = Field(default_factory=list, description="Formats to prefer.")
    free_only: bool | None = None
    lang: LangCode | None = None
    require_lang: LangCode | None = Field(
        default=None,
        description="Plan only with material in this language (`plan --require-lang`).",
    )
    max_level: Level | None = None
    catalog: str | None = Field(default=None, description="Catalog file; unset = the bundled one.")

    @field_validator("prefer")
    @classmethod
    def _known_formats(cls, value: list[str]) -> list[str]:
        for word in value:
            if word not in PREFERENCE_FORMATS:
                raise ValueError(
                    _("{word} is not one of {formats}").format(
                        word=repr(word), formats=", ".join(PREFERENCE_FORMATS)
                    )
                )
        return value

    def known_needs(self) -> tuple[TopicNeed, ...]:
        return tuple(parse_known(entry) for entry in self.known)

    def study_day_numbers(self) -> tuple[int, ...] | None:
        if self.day_hours:
            return tuple(sorted({WEEKDAYS.index(day) for day in self.day_hours}))
        if self.study_days is None:
            return None
        return tuple(sorted({WEEKDAYS.index(day) for day in self.study_days}))

    def day_hour_numbers(self) -> tuple[tuple[int, float], ...] | None:
        """The study days' own hours, ``((0, 1.0), (5, 3.0))``; None when they have none."""
        if not self.day_hours:
            return None
        return tuple(sorted((WEEKDAYS.index(d), h) for d, h in self.day_hours.items()))

    def skip_spans(self) -> tuple[tuple[date, date], ...]:
        return tuple(parse_skip(text, "skip") for text in self.skip)

    def time_numbers(self) -> tuple[tuple[int, time], ...] | None:
        if self.times is None:
            return None
        return tuple(
            sorted((WEEKDAYS.index(d), parse_clock(t, "times")) for d, t in self.times.items())
        )


FIELDS: tuple[str, ...] = tuple(Profile.model_fields)
SETTABLE: tuple[str, ...] = tuple(f for f in FIELDS if f != "schema_version")


def parse_known(text: str) -> TopicNeed:
    """``topic`` or ``topic@depth``; without a depth the topic is known thoroughly."""
    return parse_topic_need(text, "known")


format_known = format_topic_need


# --- migrations ---------------------------------------------------------------------------------


def migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (before ``schema_version`` existed) called hours ``weekly_hours`` and kept the
    study days as one comma-separated string (``days: "mon, wed"``)."""
    result = {k: v for k, v in data.items() if k != "schema_version"}
    if "weekly_hours" in result:
        result["hours_per_week"] = result.pop("weekly_hours")
    if "days" in result:
        days = result.pop("days")
        if isinstance(days, str):
            days = [part.strip().lower() for part in days.split(",") if part.strip()]
        result["study_days"] = days
    return {"schema_version": 1, **result}


def migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 only added keys: a version-1 mapping is one of version 2."""
    return {**data, "schema_version": 2}


# MIGRATIONS[n] turns a version-n mapping into a version n+1 mapping.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: migrate_0_to_1,
    1: migrate_1_to_2,
}


def migrate(data: dict[str, Any], file: str) -> tuple[dict[str, Any], int | None]:
    """Bring ``data`` to the current version; return it and the version it came from (or None)."""
    version = data.get("schema_version", 0)  # files written before the field existed
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise _profile_error(
            [
                Problem(
                    file,
                    _("schema_version must be a whole number (got {version})").format(
                        version=repr(version)
                    ),
                )
            ]
        )
    if version > PROFILE_SCHEMA_VERSION:
        raise _profile_error(
            [
                Problem(
                    file,
                    _(
                        "written by a newer mathpath (schema_version {version}; this one reads "
                        "up to {supported})"
                    ).format(version=version, supported=PROFILE_SCHEMA_VERSION),
                    hint=_("upgrade mathpath"),
                )
            ]
        )
    if version == PROFILE_SCHEMA_VERSION:
        return data, None
    for step in range(version, PROFILE_SCHEMA_VERSION):
        data = MIGRATIONS[step](data)
    return data, version


# --- reading and writing ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoadedProfile:
    profile: Profile
    path: Path
    exists: bool
    migrated_from: int | None = None  # the older schema version read, if any


def parse_profile(text: str, file: str) -> tuple[Profile, int | None]:
    from mathpath.catalog.yamlsource import parse_yaml

    document = parse_yaml(text, file, error=_profile_error)
    data = document.data
    if not isinstance(data, dict):
        raise _profile_error(
            [Problem(file, _("the profile must be a mapping of keys to values"), line=1)]
        )
    data, migrated_from = migrate(data, file)
    try:
        return Profile.model_validate(data), migrated_from
    except ValidationError as exc:
        raise _profile_error(validation_problems(exc, document, SETTABLE)) from None


def default_profile() -> Profile:
    """A profile with every key unset, equal to ``Profile()``.

    Built without validation: defaults need none, and validating would make pydantic build the
    model's schema (about 15 ms, a tenth of a `mathpath plan`) for users who have no profile.
    The list defaults are made here: pydantic would first inspect ``list``'s signature to see
    whether the factory takes arguments, which compiles a tokenizer regex (5 ms).
    """
    made: dict[str, Any] = {
        name: [] for name, info in Profile.model_fields.items() if info.default_factory is list
    }
    return Profile.model_construct(_fields_set=set(), **made)


def load_profile(path: Path | None = None) -> LoadedProfile:
    """The profile at ``path`` (default: ``paths.profile_path()``); defaults if there is none."""
    path = path or paths.profile_path()
    if not path.exists():
        return LoadedProfile(default_profile(), path, exists=False)
    # PyYAML and the reader are imported only when there is a file to read: a plan from a
    # cached catalog for someone without a profile imports no YAML at all.
    from mathpath.catalog.reading import MAX_LEARNER_FILE_BYTES
    from mathpath.catalog.yamlsource import read_text

    text = read_text(path, error=_profile_error, limit=MAX_LEARNER_FILE_BYTES)
    profile, migrated_from = parse_profile(text, str(path))
    return LoadedProfile(profile, path, exists=True, migrated_from=migrated_from)


def profile_language(path: Path | None = None) -> str | None:
    """The profile's ``lang``, read leniently: ``None`` when there is no profile or it does not
    read (the command that uses the profile reports that, in the language chosen without it)."""
    try:
        loaded = load_profile(path)
    except MathpathError:
        return None
    return loaded.profile.lang


HEADER = (
    "# mathpath profile: your defaults for `mathpath plan` (command-line options win).\n"
    "# Edit by hand or with `mathpath profile set KEY VALUE`; unset keys use mathpath's defaults.\n"
)


def dump_profile(profile: Profile) -> bytes:
    import yaml

    body = yaml.safe_dump(
        profile.model_dump(mode="json"),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
    )
    return (HEADER + body).encode("utf-8")


def update_profile(change: Callable[[Profile], Profile], path: Path | None = None) -> Profile:
    """Read, change and write the profile under its lock; an invalid file is never written over."""
    path = path or paths.profile_path()
    paths.ensure_folder(path.parent)
    with locked(path):
        current = load_profile(path).profile  # raises on a broken file: nothing is written
        updated = change(current)
        atomic_write(path, dump_profile(updated))
    return updated


def reset_profile(
    path: Path | None = None, *, backup: bool = False, now: datetime | None = None
) -> Path | None:
    """Start afresh. A broken file is replaced only with ``backup`` (it is moved aside first);
    returns the backup's path, if one was made."""
    path = path or paths.profile_path()
    paths.ensure_folder(path.parent)
    with locked(path):
        moved: Path | None = None
        if path.exists():
            if backup:
                moved = backup_file(path, now=now)
            else:
                load_profile(path)  # a broken file raises here and stays as it is
        atomic_write(path, dump_profile(Profile()))
    return moved


def backup_file(path: Path, *, now: datetime | None = None) -> Path:
    """Move ``path`` to ``path.bak-YYYYmmddHHMMSS`` (never over an existing backup)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d%H%M%S")
    target = path.with_name(f"{path.name}.bak-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.bak-{stamp}-{counter}")
        counter += 1
    try:
        path.rename(target)
    except OSError as exc:
        from mathpath.errors import OutputError

        raise OutputError(
            _("{path}: cannot move it to {target}: {reason}").format(
                path=path, target=target, reason=exc.strerror or exc
            )
        ) from None
    return target


# --- changing values from the command line ------------------------------------------------------

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_CLEAR = {"", "none", "null", "unset", "default"}
# Friendly names accepted by `profile set` as well as the field names.
KEY_ALIASES = {
    "goal": "goals",
    "days": "study_days",
    "level": "max_level",
    "language": "lang",
    "time": "times",
    "min-session": "min_session",
    "days_off": "skip",
}


def normalise_key(key: str) -> str:
    name = key.strip().lower().replace("-", "_")
    name = KEY_ALIASES.get(name, name)
    if name not in SETTABLE:
        raise UsageError(
            _("unknown profile key {key}").format(key=repr(key)),
            hint=did_you_mean(name, [*SETTABLE, *KEY_ALIASES])
            or _("keys: {keys}").format(keys=", ".join(SETTABLE)),
        )
    return name


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def resolve_topics(catalog: Catalog, words: Iterable[str], name: str = "known") -> list[TopicNeed]:
    """``topic[@depth]`` words (an id, an alias or a name of the topic), checked against the
    catalog, with suggestions; depth thorough unless given."""
    from mathpath.catalog.query import resolve_topic

    return [
        parse_topic_need(word, name, resolve=lambda topic: resolve_topic(catalog, topic).id)
        for word in words
    ]


def resolve_goals(catalog: Catalog, words: Iterable[str]) -> list[str]:
    goals = []
    for word in words:
        if word not in catalog.goal_by_id:
            raise UsageError(
                _("unknown goal {goal}").format(goal=repr(word)),
                hint=did_you_mean(word, catalog.goal_by_id) or _("see `mathpath goals`"),
            )
        goals.append(word)
    return list(dict.fromkeys(goals))


def with_known(profile: Profile, needs: Iterable[TopicNeed]) -> Profile:
    """Add topics (a topic given again takes the new depth), keeping the file's order."""
    entries = {parse_known(e).topic: e for e in profile.known}
    for need in needs:
        entries[need.topic] = format_known(need)
    return profile.model_copy(update={"known": list(entries.values())})


def without_known(profile: Profile, topics: Iterable[str]) -> tuple[Profile, list[str]]:
    """Remove topics; returns the new profile and the topics that were not in it."""
    drop = {t.partition("@")[0] for t in topics}
    present = {parse_known(e).topic for e in profile.known}
    kept = [e for e in profile.known if parse_known(e).topic not in drop]
    return profile.model_copy(update={"known": kept}), sorted(drop - present)


def _whole(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UsageError(
            _("{name}: {value} is not a whole number of minutes").format(
                name=name, value=repr(text)
            )
        ) from None


def set_value(profile: Profile, key: str, value: str, catalog: Catalog | None) -> Profile:
    """``profile set KEY VALUE``: parse and check one value; ``none`` (or "") unsets it.

    ``catalog`` checks topics and goals; it may be ``None`` only for keys that do not need it.
    """
    name = normalise_key(key)
    text = value.strip()
    if text.lower() in _CLEAR:
        default = Profile.model_fields[name].get_default(call_default_factory=True)
        if name == "study_days":  # the days' hours go with them
            return profile.model_copy(update={name: default, "day_hours": None})
        return profile.model_copy(update={name: default})
    parsed: Any
    if name == "goals":
        assert catalog is not None
        parsed = resolve_goals(catalog, split_list(text))
    elif name == "known":
        assert catalog is not None
        parsed = [format_known(n) for n in resolve_topics(catalog, split_list(text))]
    elif name == "hours_per_week":
        parsed = parse_hours(text, name, maximum=HOURS_IN_A_WEEK)
    elif name == "session_hours":
        parsed = parse_hours(text, name, maximum=HOURS_IN_A_DAY)
    elif name in ("study_days", "day_hours"):
        # Study days and their hours are set together: plain days clear the hours.
        days, hours = parse_study_days(text, name)
        data = {
            **profile.model_dump(),
            "study_days": [WEEKDAYS[d] for d in days],
            "day_hours": {WEEKDAYS[d]: h for d, h in hours} or None,
        }
        return Profile.model_validate(data)
    elif name in ("min_session", "block", "review_minutes"):
        parsed = parse_minutes(_whole(text, name), name)
    elif name == "fill":
        parsed = parse_fill(text, name)
    elif name == "skip":
        parsed = [format_skip(parse_skip(word, name)) for word in split_list(text)]
    elif name == "holidays":
        parsed = parse_country(text, name)
    elif name == "times":
        parsed = {WEEKDAYS[d]: clock.strftime("%H:%M") for d, clock in parse_times(text, name)}
    elif name == "tz":
        parsed = parse_tz(text, name)
    elif name == "require_lang":
        parsed = parse_lang(text, name)
    elif name == "live":
        if text.lower() not in _TRUE | _FALSE:
            raise UsageError(
                _("{key}: {value} is not yes or no").format(key="live", value=repr(value)),
                hint=_("accepted: true, false"),
            )
        parsed = text.lower() in _TRUE
    elif name == "prefer":
        parsed = list(parse_prefer([text], name))
    elif name == "free_only":
        if text.lower() not in _TRUE | _FALSE:
            raise UsageError(
                _("{key}: {value} is not yes or no").format(key="free_only", value=repr(value)),
                hint=_("accepted: true, false"),
            )
        parsed = text.lower() in _TRUE
    elif name == "lang":
        parsed = parse_lang(text, name)
    elif name == "max_level":
        parsed = parse_level(text, name).value
    else:  # catalog: a path, checked by the caller (it has to load it)
        parsed = text
    # Validate through the model so the file can never hold what it would reject on reading.
    data = {**profile.model_dump(), name: parsed}
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - the parsers above are stricter
        raise UsageError(
            _("{name}: {reason}").format(name=name, reason=pydantic_message(exc.errors()[0]))
        ) from None
