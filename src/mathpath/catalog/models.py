"""The catalog format: topics, resources and goals, as pydantic models.

These models are the single source of truth for the YAML format and for ``mathpath schema``.
Unknown keys are errors everywhere (``extra="forbid"``) so that a typo such as ``requries`` is
reported instead of silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from mathpath.catalog.text import ONE_LINE_PATTERN, PROSE_PATTERN, forbidden_character
from mathpath.i18n import N_, _

ID_PATTERN = r"^[a-z0-9][a-z0-9._+-]*$"
_ID_RE = re.compile(ID_PATTERN)
# A resource, or one part of it: ``resource:part``.
_UNIT_PATTERN = r"^[a-z0-9][a-z0-9._+-]*(:[a-z0-9][a-z0-9._+-]*)?$"

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=120,
        description="Lower-case identifier: letters, digits and . _ + - (e.g. mit-18.01sc).",
    ),
]
LangCode = Annotated[
    str,
    Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", description="BCP 47 code, e.g. en, zh."),
]
# Text shown on one line (names, titles, providers...) and prose (descriptions, notes): see
# catalog/text.py for what each may not contain.
OneLine = Annotated[str, Field(pattern=ONE_LINE_PATTERN)]
Prose = Annotated[str, Field(pattern=PROSE_PATTERN)]

MINUTE_IN_HOURS = 1 / 60


def _at_least_a_minute(hours: float) -> float:
    # Plans count whole minutes: less than one would be an item with no time and no sessions.
    if hours < MINUTE_IN_HOURS * (1 - 1e-9):
        raise ValueError(
            _("{hours} h is less than a minute: hours are at least 1/60 (0.0167)").format(
                hours=f"{hours:g}"
            )
        )
    return hours


# A number of hours: strictly a number (YAML's `true` is no hour, nor `1:30` ninety of them).
Hours = Annotated[
    float,
    Field(strict=True, gt=0, le=100_000),
    AfterValidator(_at_least_a_minute),
]


class Depth(StrEnum):
    """How deeply a resource teaches a topic, or how deeply a topic is needed: a measure of
    mastery, not of format (the rubric is in the README's catalog-format section)."""

    OVERVIEW = "overview"  # intuition and first exposure
    WORKING = "working"  # can follow ML material that uses it and do standard exercises
    THOROUGH = "thorough"  # university-course mastery

    @property
    def rank(self) -> int:
        return _DEPTH_RANK[self]

    def covers(self, needed: Depth) -> bool:
        return self.rank >= needed.rank


_DEPTH_RANK = {Depth.OVERVIEW: 1, Depth.WORKING: 2, Depth.THOROUGH: 3}


class Level(StrEnum):
    INTRO = "intro"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.INTRO: 1, Level.INTERMEDIATE: 2, Level.ADVANCED: 3}


class ResourceFormat(StrEnum):
    COURSE = "course"
    TEXTBOOK = "textbook"
    VIDEO_SERIES = "video-series"
    VIDEO = "video"
    INTERACTIVE = "interactive"
    ARTICLE = "article"


# The words above as views show them (``_(value)``): marked here so that they are translated.
ENUM_WORDS = (
    *(N_("overview"), N_("working"), N_("thorough")),
    *(N_("intro"), N_("intermediate"), N_("advanced")),
    *(N_("course"), N_("textbook"), N_("video-series"), N_("video")),
    *(N_("interactive"), N_("article"), N_("study"), N_("further-reading")),
)


def label(value: StrEnum) -> str:
    """A depth, level, format or role in the interface language (``video`` -> ``视频``)."""
    return _(value.value)


class Role(StrEnum):
    """What a resource is for: studied in a plan, or listed as further reading only."""

    STUDY = "study"
    # Articles and reading lists: browsable, never chosen by the planner.
    FURTHER_READING = "further-reading"


class _Strict(BaseModel):
    # defer_build: validators are built on first validation; a warm start from the cache never
    # validates, so it never pays for them.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class TopicNeed(_Strict):
    """A topic at a depth: what a resource teaches, requires, or a goal targets."""

    topic: Id
    depth: Depth = Depth.OVERVIEW
    note: Prose | None = Field(default=None, description="Why, or which part (e.g. 'derivatives').")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        # "linear-algebra" is shorthand for {topic: linear-algebra} at the default depth, and
        # "linear-algebra@working" for a depth.
        if isinstance(value, str):
            topic, _, depth = value.partition("@")
            return {"topic": topic, "depth": depth} if depth else {"topic": topic}
        return value


class Prerequisite(TopicNeed):
    """A topic's hard prerequisite, which may apply only from some depth of the topic:
    backpropagation at overview needs the chain rule, at thorough multivariable calculus."""

    applies_from: Depth = Field(
        default=Depth.OVERVIEW,
        description="The shallowest depth of this topic that needs the prerequisite.",
    )

    def applies_at(self, depth: Depth) -> bool:
        return depth.rank >= self.applies_from.rank


class Translation(_Strict):
    """Material in another language than the original: subtitles or a translated text."""

    lang: LangCode
    kind: Literal["subtitles", "translation", "notes"]
    url: str | None = None
    official: bool = False
    note: Prose | None = None

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        return _check_url(value) if value is not None else None


ISO_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _real_date(value: str) -> str:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("not a date: {value} (write YYYY-MM-DD)").format(value=repr(value))
        ) from None
    return value


IsoDate = Annotated[str, Field(pattern=ISO_DATE_PATTERN), AfterValidator(_real_date)]


class Edition(_Strict):
    """A dated run of a resource that is taught live (a yearly course, a cohort's session):
    studied "live" (``mathpath plan --live``), it falls between ``start`` and ``end``."""

    start: IsoDate = Field(description="First day of the edition, YYYY-MM-DD.")
    end: IsoDate = Field(description="Last day of the edition, YYYY-MM-DD (inclusive).")
    name: OneLine | None = Field(default=None, description='e.g. "2027" or "January cohort".')
    url: str | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        # YAML reads an unquoted 2027-01-05 as a date: the same day, as the text it was.
        from datetime import date

        return value.isoformat() if isinstance(value, date) else value

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        return _check_url(value) if value is not None else None

    @property
    def label(self) -> str:
        """How notes and views name it: its name, or its dates."""
        return self.name or _("{first} to {last}").format(first=self.start, last=self.end)


class Check(_Strict):
    """A self-check item of a topic at one depth: a short, concrete can-you question and a
    one-line answer or a way to verify it (``mathpath check`` asks them; a review can too).
    Its id is unique within the topic; elsewhere it is named ``TOPIC:CHECK``."""

    id: Id
    depth: Depth = Field(description="The depth that being able to do it shows.")
    ask: OneLine = Field(min_length=1, description='The question, e.g. "Differentiate sin(x²)."')
    answer: OneLine = Field(min_length=1, description="The answer, or how to verify one's own.")
    asks: dict[LangCode, OneLine] = Field(
        default_factory=dict, description="The question in other languages, e.g. {zh: ...}."
    )
    answers: dict[LangCode, OneLine] = Field(
        default_factory=dict, description="The answer in other languages."
    )

    def ask_in(self, lang: str | None) -> str:
        return self.asks[lang] if lang and lang in self.asks else self.ask

    def answer_in(self, lang: str | None) -> str:
        return self.answers[lang] if lang and lang in self.answers else self.answer


class Topic(_Strict):
    id: Id
    name: OneLine = Field(min_length=1)
    names: dict[LangCode, OneLine] = Field(
        default_factory=dict, description="Names in other languages."
    )
    parent: Id | None = Field(
        default=None, description="A broader topic this one belongs to (calculus for 18.01's)."
    )
    aliases: list[OneLine] = Field(
        default_factory=list, description="Other words that find this topic."
    )
    requires: list[Prerequisite] = Field(
        default_factory=list,
        description=(
            "Topics to learn before this one (hard prerequisites), each from the depth of this "
            "topic it applies at; also what a resource teaching it needs when the resource "
            "lists no requirements of its own."
        ),
    )
    recommends: list[TopicNeed] = Field(
        default_factory=list,
        description="Soft or co-requisites: ordered first when both are planned, never added.",
    )
    description: Prose | None = None
    checks: list[Check] = Field(
        default_factory=list,
        description="Self-check items, a few per depth (specific topics only): what "
        "`mathpath check` asks to find the depth a learner knows the topic at.",
    )

    def name_in(self, lang: str | None) -> str:
        return self.names[lang] if lang and lang in self.names else self.name


class Part(_Strict):
    """A piece of a resource a learner can take on its own: a chapter, unit or lecture range."""

    id: Id
    title: OneLine = Field(min_length=1)
    titles: dict[LangCode, OneLine] = Field(default_factory=dict)
    hours: Hours = Field(description="Hours of study of this part alone.")
    hours_estimated: bool = False
    hours_basis: Prose | None = None
    url: str | None = Field(default=None, description="Where the part starts, if it has a page.")
    teaches: list[TopicNeed] | None = Field(
        default=None, description="What the part teaches (default: what the resource teaches)."
    )
    requires: list[TopicNeed] | None = Field(
        default=None, description="What the part needs (default: what the resource needs)."
    )
    languages: list[LangCode] | None = Field(
        default=None,
        description="The languages the part itself is in (default: the resource's).",
    )
    translations: list[Translation] | None = Field(
        default=None,
        description=(
            "The part's material in other languages (default: the resource's translations); "
            "[] when the translations of the resource leave this part out, such as a chapter "
            "the translated edition does not have."
        ),
    )
    note: Prose | None = None

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        return _check_url(value) if value is not None else None

    @field_validator("languages")
    @classmethod
    def _some_language(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and not value:
            raise ValueError(
                _("a part is in at least one language (leave languages out to inherit)")
            )
        return value

    @field_validator("teaches")
    @classmethod
    def _teaches_something(cls, value: list[TopicNeed] | None) -> list[TopicNeed] | None:
        if value is not None and not value:
            raise ValueError(_("a part teaches at least one topic (leave teaches out to inherit)"))
        return value

    def title_in(self, lang: str | None) -> str:
        if lang and lang in self.titles:
            return self.titles[lang]
        return self.title


class Resource(_Strict):
    id: Id
    title: OneLine = Field(min_length=1)
    titles: dict[LangCode, OneLine] = Field(
        default_factory=dict, description="Titles in other languages, e.g. {zh: 微积分的本质}."
    )
    provider: OneLine = Field(min_length=1)
    authors: list[OneLine] = Field(default_factory=list)
    url: str
    urls: dict[OneLine, str] = Field(
        default_factory=dict, description="Other links by purpose (pdf, playlist, labs, zh...)."
    )
    format: ResourceFormat
    role: Role = Field(
        default=Role.STUDY,
        description="study (default): the planner may choose it; further-reading: listed only.",
    )
    hours: Hours = Field(description="Total hours of study (midpoint if a range).")
    hours_estimated: bool = Field(
        default=False, description="True when the hours are an estimate rather than published."
    )
    hours_basis: Prose | None = Field(default=None, description="How the hours were derived.")
    level: Level
    free: bool
    cost_note: Prose | None = None
    languages: list[LangCode] = Field(default_factory=lambda: ["en"], min_length=1)
    translations: list[Translation] = Field(default_factory=list)
    teaches: list[TopicNeed] = Field(min_length=1)
    requires: list[TopicNeed] = Field(default_factory=list)
    recommends: list[TopicNeed] = Field(
        default_factory=list, description="Helpful but not required (never added to a plan)."
    )
    parts: list[Part] = Field(
        default_factory=list,
        description="Pieces a learner may take instead of the whole (chapters, units), in order.",
    )
    edition: OneLine | None = None
    editions: list[Edition] = Field(
        default_factory=list,
        description="Dated live runs (a yearly course, a cohort), in date order; "
        "`plan --live` schedules the resource within one.",
    )
    note: Prose | None = None
    sources: list[Prose] = Field(default_factory=list, description="Where the facts come from.")

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str) -> str:
        return _check_url(value)

    @cached_property
    def part_by_id(self) -> dict[str, Part]:
        return {p.id: p for p in self.parts}

    @field_validator("urls")
    @classmethod
    def _check_urls(cls, value: dict[str, str]) -> dict[str, str]:
        for url in value.values():
            _check_url(url)
        return value

    def available_in(self, lang: str) -> bool:
        return lang in self.languages or any(t.lang == lang for t in self.translations)

    def title_in(self, lang: str | None) -> str:
        if lang and lang in self.titles:
            return self.titles[lang]
        return self.title

    def teaches_depth(self, topic: str) -> Depth | None:
        best: Depth | None = None
        for need in self.teaches:
            if need.topic == topic and (best is None or need.depth.rank > best.rank):
                best = need.depth
        return best


class Goal(_Strict):
    id: Id
    name: OneLine = Field(min_length=1)
    names: dict[LangCode, OneLine] = Field(default_factory=dict)
    description: Prose = Field(min_length=1)
    targets: list[TopicNeed] = Field(min_length=1)
    assumes: list[Id] = Field(
        default_factory=list,
        description="Background the goal takes for granted (e.g. precalculus); never planned.",
    )
    steps: list[Annotated[str, Field(pattern=_UNIT_PATTERN, max_length=241)]] = Field(
        default_factory=list,
        description=(
            "Resources the goal is made of, in this order (a named sequence such as MIT "
            "18.01SC, 18.02SC, 18.03SC): always planned, each after the one before."
        ),
    )

    def name_in(self, lang: str | None) -> str:
        return self.names[lang] if lang and lang in self.names else self.name


class Catalog(_Strict):
    """A whole catalog file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "mathpath catalog",
        },
    )

    version: Literal[1] = 1
    name: OneLine | None = None
    topics: list[Topic] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)

    # Lookups are built once per catalog; the models are frozen so they cannot go stale.
    @cached_property
    def topic_by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}

    @cached_property
    def resource_by_id(self) -> dict[str, Resource]:
        return {r.id: r for r in self.resources}

    @cached_property
    def goal_by_id(self) -> dict[str, Goal]:
        return {g.id: g for g in self.goals}

    @cached_property
    def children_of(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for topic in self.topics:
            if topic.parent is not None:
                children.setdefault(topic.parent, []).append(topic.id)
        return children

    @cached_property
    def derived(self) -> dict[str, Any]:
        """What other layers derive from this catalog and keep with it (the planner's index, the
        cache's note of the file it came from), each under the name of the module that keeps it.

        The catalog is frozen, so nothing kept here goes stale; ``model_copy`` copies this dict
        with the rest of ``__dict__``, so what is kept here records the catalog it belongs to.
        """
        return {}

    @cached_property
    def teachers_of(self) -> dict[str, list[Resource]]:
        """Resources that teach each topic, in catalog order."""
        teachers: dict[str, list[Resource]] = {}
        for resource in self.resources:
            for topic in dict.fromkeys(n.topic for n in resource.teaches):
                teachers.setdefault(topic, []).append(resource)
        return teachers

    @cached_property
    def topic_position(self) -> dict[str, int]:
        """Each topic's place in the catalog's list of topics."""
        return {t.id: n for n, t in enumerate(self.topics)}

    def in_topic_order(self, topic_ids: Iterable[str]) -> list[str]:
        """``topic_ids`` without repeats, in the order the catalog lists its topics (which is
        the order a reader meets them: single-variable before multivariable calculus); ids the
        catalog does not have last, as given."""
        position = self.topic_position
        return sorted(dict.fromkeys(topic_ids), key=lambda t: position.get(t, len(position)))

    def ancestors(self, topic_id: str) -> list[str]:
        """The broader topics above a topic through ``parent``, nearest first."""
        found: list[str] = []
        current = self.topic_by_id.get(topic_id)
        while current is not None and current.parent and current.parent not in found:
            if current.parent == topic_id:
                break
            found.append(current.parent)
            current = self.topic_by_id.get(current.parent)
        return found

    def topic_and_descendants(self, topic_id: str) -> list[str]:
        """The topic and every topic below it through ``parent`` (for broad words like calculus)."""
        found: list[str] = []
        stack = [topic_id]
        seen: set[str] = set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            found.append(current)
            stack.extend(reversed(self.children_of.get(current, [])))
        return found


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() for c in value)
        or forbidden_character(value, one_line=True) is not None
    ):
        raise ValueError(_("not a valid http(s) URL: {value}").format(value=repr(value)))
    return value


def is_valid_id(value: str) -> bool:
    return bool(_ID_RE.match(value))
