"""Reading back a plan saved with ``mathpath plan --save``: mathpath's own file, checked.

``status`` and ``plan --diff`` read a saved plan through the lenient ``outline`` (plans saved by
older versions lack some fields), which used to take ``"minutes": "x"`` as 0 minutes and
``"finish": "garbage"`` as no finish at all. Everything they use is checked here first, by type
and range, wherever it is present: the envelope (``goal``, ``saved_at``, ``plan``), the plan's
``schema_version``, ``start``, ``finish`` and ``hours_per_week``, each item's ``id``, ``title``,
``minutes`` or ``hours``, ``start`` and ``end`` (in order) and ``parts``, and each session's
``date``, ``id``, ``minutes`` or ``hours`` and ``part``. Other fields are not read, so they are
not checked. A damaged file is a ``UserDataError`` (exit 5) that names the file and every
problem by its field path, and says how to get past it; nothing is written over it.

The file is read by ``catalog.reading`` (a regular file of at most 64 MB, JSON nesting bounded).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from mathpath.errors import Problem, UserDataError
from mathpath.i18n import N_, _
from mathpath.learner.profile import pydantic_message, user_data_error

# The plan JSON's schema_version this mathpath writes and reads (export/plan_json.py, one layer
# up: kept equal by tests/learner/test_savedplan.py).
PLAN_SCHEMA_VERSION = 1

_UNIT = re.compile(r"^[a-z0-9][a-z0-9._+-]*(:[a-z0-9][a-z0-9._+-]*)?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")


def _iso_date(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("{text} is not a date (YYYY-MM-DD)").format(text=repr(text))) from None
    if len(text) != 10:
        raise ValueError(_("{text} is not a date (YYYY-MM-DD)").format(text=repr(text)))
    return text


def _iso_datetime(text: str) -> str:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("{text} is not a date and time (ISO 8601)").format(text=repr(text))
        ) from None
    return text


def _known_version(version: int) -> int:
    if version > PLAN_SCHEMA_VERSION:
        raise ValueError(
            _(
                "written by a newer mathpath (schema_version {version}; this one reads up to "
                "{supported})"
            ).format(version=version, supported=PLAN_SCHEMA_VERSION)
        )
    if version < 1:
        raise ValueError(
            _("schema_version {version} was never written by mathpath").format(version=version)
        )
    return version


def _matching(pattern: re.Pattern[str], what: str) -> Any:
    def check(text: str) -> str:
        if not pattern.match(text):
            raise ValueError(_("{text} is not {what}").format(text=repr(text), what=_(what)))
        return text

    return AfterValidator(check)


IsoDate = Annotated[StrictStr, AfterValidator(_iso_date)]
UnitId = Annotated[StrictStr, _matching(_UNIT, N_("a resource id (or ID:PART)"))]
PartId = Annotated[StrictStr, _matching(_ID, N_("a part id"))]
Minutes = Annotated[StrictInt, Field(ge=0, le=10**9)]
# A strict float takes an int too, but no bool and no text.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Hours = Annotated[Number, Field(ge=0, le=10**7)]


class _Checked(BaseModel):
    # Fields mathpath does not read back are allowed and left unchecked.
    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)


def _with_id(raw: Any) -> Any:
    """Plans saved by early versions name an item's or session's resource ``resource_id`` or
    ``resource`` (an id or ``{id, title}``), which ``outline`` reads too: checked as ``id``."""
    if not isinstance(raw, dict) or "id" in raw:
        return raw
    named = dict(raw)
    for key in ("resource_id", "resource"):
        value = raw.get(key)
        if isinstance(value, dict):
            named.setdefault("title", value.get("title"))
            value = value.get("id")
        if value is not None:
            named["id"] = value
            break
    return named


class _Item(_Checked):
    id: UnitId
    title: StrictStr | None = None
    minutes: Minutes | None = None
    hours: Hours | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    parts: list[PartId] | None = None

    @model_validator(mode="before")
    @classmethod
    def _resource_named(cls, raw: Any) -> Any:
        return _with_id(raw)

    @model_validator(mode="after")
    def _consistent(self) -> _Item:
        if self.minutes is None and self.hours is None:
            raise ValueError(_("an item needs its minutes (or hours)"))
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(
                _("ends ({end}) before it starts ({start})").format(end=self.end, start=self.start)
            )
        return self


class _Session(_Checked):
    date: IsoDate
    id: UnitId
    minutes: Annotated[StrictInt, Field(gt=0, le=24 * 60)] | None = None
    hours: Annotated[Number, Field(gt=0, le=24)] | None = None
    part: PartId | None = None

    @model_validator(mode="before")
    @classmethod
    def _resource_named(cls, raw: Any) -> Any:
        return _with_id(raw)

    @model_validator(mode="after")
    def _some_time(self) -> _Session:
        if self.minutes is None and self.hours is None:
            raise ValueError(_("a session needs its minutes (or hours)"))
        return self


def _study_only(raw: Any) -> Any:
    """The sessions without the spaced reviews (``kind: review``), which name no resource."""
    if not isinstance(raw, list):
        return raw
    return [s for s in raw if not (isinstance(s, dict) and s.get("kind") == "review")]


class _Dates(_Checked):
    start: IsoDate | None = None
    finish: IsoDate | None = None
    hours_per_week: Annotated[Number, Field(gt=0, le=168)] | None = None


class _Request(_Checked):
    schedule: _Dates | None = None


class _Plan(_Checked):
    schema_version: Annotated[StrictInt, AfterValidator(_known_version)] | None = None
    goal: StrictStr | None = None
    start: IsoDate | None = None
    finish: IsoDate | None = None
    hours_per_week: Annotated[Number, Field(gt=0, le=168)] | None = None
    items: list[_Item]
    sessions: Annotated[list[_Session], BeforeValidator(_study_only)] = Field(default_factory=list)
    # Where early versions kept the dates and the weekly hours.
    summary: _Dates | None = None
    request: _Request | None = None


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    goal: StrictStr
    saved_at: Annotated[StrictStr, AfterValidator(_iso_datetime)]
    plan: _Plan


def recovery_hint(goal: str) -> str:
    return _(
        "mathpath wrote this file and it has been changed or damaged since: "
        "`mathpath plan --goal {goal} --save` replaces it with a new plan, or remove it and "
        "`mathpath status` measures against a fresh plan"
    ).format(goal=goal)


def read_saved_plan(path: Path, goal: str) -> tuple[dict[str, Any], dt.datetime]:
    """The plan saved at ``path`` for ``goal`` (as saved) and when it was saved.

    Raises ``UserDataError`` naming ``path`` and every problem, with ``recovery_hint``.
    """
    from mathpath.catalog.reading import MAX_LEARNER_FILE_BYTES, parse_json, read_text

    def error(problems: list[Problem]) -> UserDataError:
        return user_data_error(problems, hint=recovery_hint(goal))

    name = str(path)
    text = read_text(path, limit=MAX_LEARNER_FILE_BYTES, error=error)
    data = parse_json(text, name, error=error)
    problems = check_saved_plan(data, name, goal)
    if problems:
        raise error(problems)
    return data["plan"], dt.datetime.fromisoformat(data["saved_at"])


def check_saved_plan(data: Any, file: str, goal: str) -> list[Problem]:
    """Every problem of a saved plan's data, each located by its field path."""
    try:
        envelope = _Envelope.model_validate(data)
    except ValidationError as exc:
        return [_problem(file, error) for error in exc.errors(include_url=False)]
    if envelope.goal != goal:
        return [
            Problem(
                file,
                _("is the saved plan of goal {saved}, not of {goal}").format(
                    saved=repr(envelope.goal), goal=repr(goal)
                ),
                path="goal",
            )
        ]
    return []


def _problem(file: str, error: Any) -> Problem:
    from mathpath.catalog.yamlsource import format_path

    loc = tuple(part for part in error["loc"] if not _is_union_branch(part))
    kind = error["type"]
    if kind == "missing":
        message = _("required field is missing")
    elif kind in ("model_type", "dict_type"):
        message = _("should be an object, not {kind}").format(kind=_json_kind(error.get("input")))
    elif kind == "extra_forbidden":
        message = _("unknown field (not written by mathpath)")
    else:
        message = pydantic_message(error).removeprefix("Value error, ")
        value = error.get("input")
        if kind != "value_error" and (isinstance(value, (str, int, float, bool)) or value is None):
            message += _(" (got {value})").format(value=repr(value))
    return Problem(file, message, path=format_path(loc))


def _is_union_branch(part: Any) -> bool:
    # pydantic names the member of a union that failed ("function-after[...]").
    return isinstance(part, str) and part.startswith(("function-", "constrained-"))


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        # TRANSLATORS: a kind of JSON value, in "should be an object, not text".
        return _("text")
    if isinstance(value, bool) or value is None:
        return repr(value).lower().replace("none", "null")
    return _("a number") if isinstance(value, (int, float)) else _("something else")
