"""Progress records: what the learner finished and how long it took.

The file is a list of records that only ever grows at the end; ``undo`` removes the last one. Every
change is a read-modify-write under ``fileio.locked`` written with ``fileio.atomic_write``, so
concurrent ``mathpath done`` calls all land and a reader never sees half a file. The file ends with
``record_count``: a file cut short (a copy interrupted, a disk filled up) is reported as such
instead of being read as fewer records.

Records naming a resource the catalog no longer has are kept and reported, never dropped.

A record can name one *part* of a resource (``mathpath done R --part P``). The record keeps the
resource and the part apart (``resource: R``, ``part: P``); everywhere else a part is named by its
unit id ``R:P`` (``mathpath.catalog.parts``). A record without a part is written exactly as before,
and the file says ``schema_version: 2`` only once a record names a part: a file an older mathpath
could read stays readable by it, and one it could not read tells it to upgrade instead of failing on
an unknown ``part`` field.

Spaced review (``mathpath review``, ``mathpath.learner.review``) keeps its log in the same file:
``reviews``, each a ``(topic, depth)`` rated ``again``/``hard``/``good``/``easy`` on a day, after
the records and closed by ``review_count``, under the same lock and atomic write. Reviews and
records share one sequence of ids, so ``undo`` removes whichever was written last. The file says
``schema_version: 3`` only once it holds a review; a version 3 file without ``review_count`` was
cut short. Older files read as before, with no reviews.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from mathpath.catalog.models import Depth, Id
from mathpath.catalog.parts import resolve_unit, split_unit, unit_id
from mathpath.catalog.validate import did_you_mean
from mathpath.errors import Problem, UsageError
from mathpath.i18n import _, date_text
from mathpath.learner import paths
from mathpath.learner.files import atomic_write, locked
from mathpath.learner.profile import user_data_error, validation_problems
from mathpath.planning.plans import minutes_from_hours
from mathpath.planning.request import not_a_truth_value

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog, Resource

PROGRESS_SCHEMA_VERSION = 3  # 3: a review log; 2: records may name a part; 1: whole resources
MAX_HOURS_PER_RECORD = 10_000.0

Kind = Literal["done", "log"]
Rating = Literal["again", "hard", "good", "easy"]  # mathpath.planning.reviews.RATINGS


class ProgressRecord(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )

    id: int = Field(ge=1, description="Sequential number, 1 for the first record.")
    kind: Kind
    resource: Id
    part: Id | None = Field(default=None, description="The part of the resource, if one.")
    date: dt.date = Field(description="The day the study happened.")
    hours: Annotated[float | None, BeforeValidator(not_a_truth_value)] = Field(
        default=None, gt=0, le=MAX_HOURS_PER_RECORD
    )
    note: str | None = None
    recorded_at: dt.datetime = Field(description="When mathpath wrote the record (UTC).")

    @model_validator(mode="after")
    def _log_has_hours(self) -> ProgressRecord:
        if self.kind == "log" and self.hours is None:
            raise ValueError(_("a `log` record needs hours"))
        return self

    @property
    def unit(self) -> str:
        """What the record is about: ``resource`` or ``resource:part``."""
        return unit_id(self.resource, self.part)

    def describe(self) -> str:
        hours = _(", {hours} h").format(hours=f"{self.hours:g}") if self.hours is not None else ""
        note = _(" ({note})").format(note=self.note) if self.note else ""
        if self.kind == "done":
            text = _("#{id} finished {unit} on {date}{hours}{note}")
        else:
            text = _("#{id} studied {unit} on {date}{hours}{note}")
        return text.format(
            id=self.id, unit=self.unit, date=date_text(self.date), hours=hours, note=note
        )

    def to_file(self) -> dict[str, Any]:
        """The record as written: without ``part`` when it names none (the version 1 form)."""
        return self.model_dump(exclude={"part"} if self.part is None else None)


class ReviewRecord(BaseModel):
    """One spaced review: ``mathpath review TOPIC --rating R``."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )

    id: int = Field(ge=1, description="In the same sequence as the records' ids.")
    topic: Id
    depth: Depth
    rating: Rating
    date: dt.date = Field(description="The day of the review.")
    recorded_at: dt.datetime = Field(description="When mathpath wrote the review (UTC).")

    def describe(self) -> str:
        return _("#{id} reviewed {topic}@{depth} on {date}, rated {rating}").format(
            id=self.id,
            topic=self.topic,
            depth=self.depth.value,
            date=date_text(self.date),
            rating=self.rating,
        )


class ProgressFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    schema_version: Literal[1, 2, 3] = 1  # up to PROGRESS_SCHEMA_VERSION
    records: list[ProgressRecord] = Field(default_factory=list)
    record_count: int = Field(ge=0, description="len(records): detects a file cut short.")
    reviews: list[ReviewRecord] = Field(default_factory=list)
    review_count: int | None = Field(
        default=None, ge=0, description="len(reviews): detects a file cut short (version 3)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> ProgressFile:
        if self.record_count != len(self.records):
            raise ValueError(
                _(
                    "record_count says {count} but the file holds {held} records: it may have "
                    "been cut short or edited"
                ).format(count=self.record_count, held=len(self.records))
            )
        previous = 0
        for record in self.records:
            if record.id <= previous:
                raise ValueError(
                    _("record ids must increase (record #{id} follows #{previous})").format(
                        id=record.id, previous=previous
                    )
                )
            previous = record.id
        if self.reviews and self.schema_version < 3:
            raise ValueError(_("a file with reviews says schema_version: 3"))
        if self.schema_version >= 3 and self.review_count != len(self.reviews):
            raise ValueError(
                _(
                    "review_count says {count} but the file holds {held} reviews: it may have "
                    "been cut short or edited"
                ).format(count=self.review_count, held=len(self.reviews))
            )
        previous = 0
        for review in self.reviews:
            if review.id <= previous:
                raise ValueError(
                    _("review ids must increase (review #{id} follows #{previous})").format(
                        id=review.id, previous=previous
                    )
                )
            previous = review.id
        return self


@dataclass(frozen=True, slots=True)
class Progress:
    records: tuple[ProgressRecord, ...]
    path: Path
    exists: bool
    reviews: tuple[ReviewRecord, ...] = ()  # the review log (mathpath.learner.review)

    def next_id(self) -> int:
        last_record = self.records[-1].id if self.records else 0
        return max(last_record, self.reviews[-1].id if self.reviews else 0) + 1


# --- reading and writing ------------------------------------------------------------------------


def parse_progress(text: str, file: str) -> tuple[ProgressRecord, ...]:
    return parse_progress_file(text, file)[0]


def parse_progress_file(
    text: str, file: str
) -> tuple[tuple[ProgressRecord, ...], tuple[ReviewRecord, ...]]:
    """The records and the review log of a progress file's text."""
    from mathpath.catalog.yamlsource import parse_yaml

    document = parse_yaml(text, file, error=user_data_error)
    data = document.data
    if not isinstance(data, dict):
        raise user_data_error([Problem(file, _("the progress file must be a mapping"), line=1)])
    version = data.get("schema_version")
    if isinstance(version, int) and version > PROGRESS_SCHEMA_VERSION:
        raise user_data_error(
            [
                Problem(
                    file,
                    _(
                        "written by a newer mathpath (schema_version {version}; this one reads "
                        "up to {supported})"
                    ).format(version=version, supported=PROGRESS_SCHEMA_VERSION),
                    hint=_("upgrade mathpath"),
                )
            ]
        )
    if "record_count" not in data or (
        isinstance(version, int) and version >= 3 and "review_count" not in data
    ):
        last_line = text.rstrip("\n").count("\n") + 1
        raise user_data_error(
            [
                Problem(
                    file,
                    _(
                        "the file ends early (no `record_count` or `review_count` line): it may "
                        "have been cut short"
                    ),
                    line=last_line,
                    hint=_(
                        "restore it from a backup, or add `record_count: N` (and, after the "
                        "reviews, `review_count: N`) if you edited it"
                    ),
                )
            ]
        )
    try:
        read = ProgressFile.model_validate(data)
        return tuple(read.records), tuple(read.reviews)
    except ValidationError as exc:
        fields = [*ProgressFile.model_fields, *ProgressRecord.model_fields]
        fields += [*ReviewRecord.model_fields]
        raise user_data_error(validation_problems(exc, document, fields)) from None


def load_progress(path: Path | None = None) -> Progress:
    """The records at ``path`` (default ``paths.progress_path()``); none if there is no file."""
    path = path or paths.progress_path()
    if not path.exists():
        return Progress((), path, exists=False)
    from mathpath.catalog.reading import MAX_LEARNER_FILE_BYTES
    from mathpath.catalog.yamlsource import read_text  # only with a file to read (see load_profile)

    text = read_text(path, error=user_data_error, limit=MAX_LEARNER_FILE_BYTES)
    records, reviews = parse_progress_file(text, str(path))
    return Progress(records, path, exists=True, reviews=reviews)


HEADER = (
    "# mathpath progress: one record per `mathpath done` / `mathpath log`, oldest first.\n"
    "# `mathpath undo` removes the last record. Keep record_count equal to the number of records.\n"
)


def file_version(records: Iterable[ProgressRecord], reviews: Iterable[ReviewRecord] = ()) -> int:
    """The lowest schema version that can hold ``records``: 2 once one names a part, 3 once
    there is a review."""
    if any(True for _ in reviews):
        return 3
    return 2 if any(r.part is not None for r in records) else 1


def dump_progress(records: Iterable[ProgressRecord], reviews: Iterable[ReviewRecord] = ()) -> bytes:
    items = list(records)
    logged = list(reviews)
    data: dict[str, Any] = {
        "schema_version": file_version(items, logged),
        "records": [r.to_file() for r in items],  # dates stay YAML dates,
        "record_count": len(items),
    }
    if logged:  # after the records: a file cut in the reviews has no review_count
        data["reviews"] = [{**r.model_dump(), "depth": r.depth.value} for r in logged]
        data["review_count"] = len(logged)
    import yaml

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return (HEADER + body).encode("utf-8")


def append_record(
    kind: Kind,
    resource: str,
    *,
    on: dt.date,
    part: str | None = None,
    hours: float | None = None,
    note: str | None = None,
    path: Path | None = None,
    now: dt.datetime | None = None,
    refuse_second_done: bool = True,
    check: Callable[[Progress], UsageError | None] | None = None,
) -> ProgressRecord:
    """Add one record at the end, under the file's lock. A broken file is never written over.

    A second ``done`` for the same resource or part is refused, and so is a ``done`` for a part
    of a resource already marked finished as a whole (the whole includes the part). ``check``
    gets the progress as read under the lock and returns why to refuse, or None: two writers at
    once are each checked against what the other wrote."""
    path = path or paths.progress_path()
    paths.ensure_folder(path.parent)
    with locked(path):
        progress = load_progress(path)
        refused = check(progress) if check is not None else None
        if refused is not None:
            raise refused
        if kind == "done" and refuse_second_done:
            finished = {resource, unit_id(resource, part)}
            earlier = [r for r in progress.records if r.kind == "done" and r.unit in finished]
            if earlier:
                raise UsageError(
                    _("{unit} is already marked finished (record #{id}, {date})").format(
                        unit=earlier[-1].unit, id=earlier[-1].id, date=date_text(earlier[-1].date)
                    ),
                    hint=_("`mathpath log` adds hours; `mathpath undo` removes the last record"),
                )
        recorded_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        record = ProgressRecord(
            id=progress.next_id(),
            kind=kind,
            resource=resource,
            part=part,
            date=on,
            hours=hours,
            note=note or None,
            recorded_at=recorded_at,
        )
        atomic_write(path, dump_progress([*progress.records, record], progress.reviews))
    return record


def append_reviews(
    choose: Callable[[Progress], Iterable[tuple[str, Depth, Rating]]],
    *,
    on: dt.date,
    path: Path | None = None,
    now: dt.datetime | None = None,
) -> tuple[ReviewRecord, ...]:
    """Add reviews ``(topic, depth, rating)`` at the end of the review log, under the file's
    lock: ``choose`` gets the progress as read under the lock and returns them (or refuses by
    raising), so that two reviews at once are both checked against what the other wrote."""
    path = path or paths.progress_path()
    paths.ensure_folder(path.parent)
    with locked(path):
        progress = load_progress(path)
        reviews = list(choose(progress))
        recorded_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        first = progress.next_id()
        added = tuple(
            ReviewRecord(
                id=first + n, topic=topic, depth=depth, rating=rating, date=on,
                recorded_at=recorded_at,
            )
            for n, (topic, depth, rating) in enumerate(reviews)
        )  # fmt: skip
        atomic_write(path, dump_progress(progress.records, [*progress.reviews, *added]))
    return added


def undo_last(path: Path | None = None) -> ProgressRecord | ReviewRecord:
    """Remove the last record or review (the one with the highest id) and return it."""
    path = path or paths.progress_path()
    with locked(path):
        progress = load_progress(path)
        if not progress.records and not progress.reviews:
            raise UsageError(_("there is no progress to undo"))
        last_record = progress.records[-1].id if progress.records else 0
        if progress.reviews and progress.reviews[-1].id > last_record:
            atomic_write(path, dump_progress(progress.records, progress.reviews[:-1]))
            return progress.reviews[-1]
        atomic_write(path, dump_progress(progress.records[:-1], progress.reviews))
    return progress.records[-1]


# --- checking what the user typed ---------------------------------------------------------------


def check_resource(catalog: Catalog, resource_id: str) -> Resource:
    resource = catalog.resource_by_id.get(resource_id)
    if resource is None:
        raise UsageError(
            _("unknown resource {resource}").format(resource=repr(resource_id)),
            hint=did_you_mean(resource_id, catalog.resource_by_id) or _("see `mathpath list`"),
        )
    return resource


def check_unit(catalog: Catalog, resource_id: str, part_id: str | None) -> tuple[str, str | None]:
    """The resource and part a command names (``R --part P``, or ``R:P`` as one argument),
    checked against ``catalog``: an unknown one is a UsageError with suggestions."""
    resource_id, inline_part = split_unit(resource_id)
    if inline_part is not None and part_id is not None and inline_part != part_id:
        raise UsageError(
            _("two parts given: {unit} and --part {part}").format(
                unit=unit_id(resource_id, inline_part), part=part_id
            ),
            hint=_("name the part once: `R --part P` or `R:P`"),
        )
    part_id = part_id if part_id is not None else inline_part
    check_resource(catalog, resource_id)
    if part_id is None:
        return resource_id, None
    _found, part = resolve_unit(catalog, unit_id(resource_id, part_id), "--part")
    return resource_id, part.id if part is not None else None


def parse_date(text: str | None, today: dt.date) -> dt.date:
    """``--date``: a date word (``mathpath.planning.request.parse_date``; a weekday is the last
    one), ``today`` when not given; not in the future."""
    from mathpath.planning.request import parse_date as parse_day

    day = parse_day(text, "--date", today=today, past=True) if text and text.strip() else today
    if day > today:
        raise UsageError(_("--date: {date} is in the future").format(date=date_text(day)))
    return day


def parse_hours(value: float | None, *, option: str) -> float | None:
    from mathpath.planning.request import parse_hours as parse

    return parse(value, option, maximum=MAX_HOURS_PER_RECORD) if value is not None else None


HOURS_IN_A_DAY = 24.0


def implausible_log(
    records: Iterable[ProgressRecord],
    resource: Resource,
    part: str | None,
    on: dt.date,
    hours: float,
) -> UsageError | None:
    """Why ``log`` of ``hours`` on ``on`` cannot be right, or None: more study in one day than
    the day has, or far more than what is left of the resource (more than twice what is left,
    half its catalog hours and an hour: estimates are often short, never by that much)."""
    records = list(records)
    hint = _(
        "if it is true, add --force; `mathpath done ID --hours H` records a finish with the "
        "hours it took in all"
    )
    that_day = sum(r.hours or 0.0 for r in records if r.kind == "log" and r.date == on)
    if that_day + hours > HOURS_IN_A_DAY:
        if that_day:
            text = _(
                "{hours} h of study on {date} is more than the day has ({already} h already "
                "recorded that day)"
            )
        else:
            text = _("{hours} h of study on {date} is more than the day has")
        return UsageError(
            text.format(hours=f"{that_day + hours:g}", date=date_text(on), already=f"{that_day:g}"),
            hint=hint,
        )
    unit = unit_id(resource.id, part)
    size = resource.hours
    if part is not None:
        size = next((p.hours for p in resource.parts if p.id == part), size)
    logged = sum(
        r.hours or 0.0
        for r in records
        if r.kind == "log" and r.resource == resource.id and r.part == part
    )
    left = max(size - logged, 0.0)
    if hours > max(2 * left, size / 2, 1.0):
        return UsageError(
            _(
                "{hours} h is far more than the {left} h left of {unit} ({size} h in the "
                "catalog, {logged} h logged before)"
            ).format(
                hours=f"{hours:g}",
                left=f"{left:g}",
                unit=unit,
                size=f"{size:g}",
                logged=f"{logged:g}",
            ),
            hint=hint,
        )
    return None


# --- what the records add up to -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResourceProgress:
    """Everything recorded about one resource as a whole, or about one of its parts."""

    resource: str
    finished_on: dt.date | None  # the date of its (last) `done` record
    logged_minutes: int  # the sum of its `log` records
    reported_minutes: int | None  # the hours given with `done --hours`: the total actually spent
    last_date: dt.date
    part: str | None = None  # None: the records about the whole resource

    @property
    def unit(self) -> str:
        return unit_id(self.resource, self.part)

    @property
    def finished(self) -> bool:
        return self.finished_on is not None

    @property
    def spent_minutes(self) -> int:
        """Time spent so far: the total given with ``done --hours``, else the logged time."""
        return self.reported_minutes if self.reported_minutes is not None else self.logged_minutes

    @property
    def actual_minutes(self) -> int | None:
        """How long a *finished* resource took, when known (for the pace factor)."""
        if not self.finished or self.spent_minutes == 0:
            return None
        return self.spent_minutes


def summarize(records: Iterable[ProgressRecord]) -> dict[str, ResourceProgress]:
    """Per unit id (``resource`` for records about the whole, ``resource:part`` for a part), in
    the order each was first recorded. The whole and its parts are summed apart: time logged on
    a part is not time logged on the whole."""
    summary: dict[str, ResourceProgress] = {}
    for record in records:
        current = summary.get(record.unit)
        finished_on = current.finished_on if current else None
        logged = current.logged_minutes if current else 0
        reported = current.reported_minutes if current else None
        if record.kind == "done":
            finished_on = record.date
            if record.hours is not None:
                reported = minutes_from_hours(record.hours)
        elif record.hours is not None:
            logged += minutes_from_hours(record.hours)
        last = max(record.date, current.last_date) if current else record.date
        summary[record.unit] = ResourceProgress(
            record.resource, finished_on, logged, reported, last, record.part
        )
    return summary


def whole_finished(summary: Mapping[str, ResourceProgress], resource: Resource) -> bool:
    """The resource is finished: marked so as a whole, or every one of its parts is."""
    whole = summary.get(resource.id)
    if whole is not None and whole.finished:
        return True
    return bool(resource.parts) and all(
        (p := summary.get(unit_id(resource.id, part.id))) is not None and p.finished
        for part in resource.parts
    )


def in_catalog(record: ProgressRecord | ResourceProgress, catalog: Catalog) -> bool:
    """The record's resource, and its part if it names one, are in ``catalog``."""
    resource = catalog.resource_by_id.get(record.resource)
    return resource is not None and (record.part is None or record.part in resource.part_by_id)
