"""What the commands share: option definitions, the catalog in use, the request for a plan,
and the ways output goes to stdout (a JSON output in its envelope, an export, a Rich view).

Every command that plans (``plan``, ``why``, ``graph --plan``, ``status``) turns its options into
``PlanChoices`` with ``mathpath.planning.request.parse_choices`` and gets its request from
``plan_request`` here, so they all read the profile and the progress the same way.
"""

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mathpath.cli import completion
from mathpath.cli.app import state
from mathpath.planning.defaults import (
    DEFAULT_BLOCK,
    DEFAULT_HOURS_PER_WEEK,
    DEFAULT_MIN_SESSION,
    DEFAULT_PARALLEL,
    DEFAULT_SESSION_HOURS,
    PREFERENCE_FORMATS,
)

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog
    from mathpath.learner.profile import Profile
    from mathpath.planning.plans import Plan, PlanRequest
    from mathpath.planning.prereq_graph import GoalGraph
    from mathpath.planning.request import PlanChoices

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to stdout instead.")]


def _valued(*flags: str, metavar: str, help: str, autocompletion: Any = None) -> Any:
    """An option that takes a value: no default shown, since "not given" means the profile's
    value, then mathpath's default (which the help names); ``autocompletion`` gives its values
    in the shell (``mathpath.cli.completion``)."""
    return typer.Option(
        *flags, metavar=metavar, help=help, show_default=False, autocompletion=autocompletion
    )


Goal = Annotated[
    str | None,
    _valued(
        "--goal",
        "-g",
        metavar="GOAL",
        help="The goal to plan for (see `mathpath goals`; default: your profile's first).",
        autocompletion=completion.goal_ids,
    ),
]
Know = Annotated[
    list[str] | None,
    _valued(
        "--know",
        metavar="TOPIC[@DEPTH]",
        help="A topic you know, with its prerequisites; TOPIC or TOPIC@depth "
        "(overview, working, thorough; default thorough). Broad topics such as calculus "
        "cover everything inside them. Added to your profile's. Repeatable.",
        autocompletion=completion.topic_ids,
    ),
]
Done = Annotated[
    list[str] | None,
    _valued(
        "--done",
        metavar="ID",
        help="A resource you have finished (its topics count as known). Repeatable.",
        autocompletion=completion.resource_ids,
    ),
]
Prefer = Annotated[
    list[str] | None,
    _valued(
        "--prefer",
        metavar="FORMAT",
        help=f"Favour a format: {', '.join(PREFERENCE_FORMATS)} (a weight of 0.75 on its hours, "
        "not a filter). Repeatable.",
        autocompletion=completion.choices(*PREFERENCE_FORMATS),
    ),
]
FreeOnly = Annotated[
    bool | None,
    typer.Option(
        "--free-only/--paid-ok", help="Only free resources (default: no).", show_default=False
    ),
]
Lang = Annotated[
    str | None,
    _valued(
        "--lang", metavar="LANG", help="Favour resources available in this language (e.g. zh)."
    ),
]
RequireLang = Annotated[
    str | None,
    _valued(
        "--require-lang",
        metavar="LANG",
        help="Plan only with resources (and parts) that have material in this language, e.g. "
        "zh: the original, subtitles, a translation or notes (implies --lang).",
    ),
]
# --format of the commands that print text or JSON (today, next, status, check, review).
TEXT_FORMATS = ("text", "json")
TextFormat = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="text (default) or json.",
        autocompletion=completion.choices(*TEXT_FORMATS),
    ),
]


def text_format(value: str) -> str:
    """``--format`` of a command that prints text or JSON: one of ``TEXT_FORMATS``."""
    from mathpath.errors import UsageError
    from mathpath.i18n import _

    if value not in TEXT_FORMATS:
        raise UsageError(
            _("--format {value} is not known").format(value=repr(value)),
            hint=_("use one of {choices}").format(choices=", ".join(TEXT_FORMATS)),
        )
    return value


ReviewMinutes = Annotated[
    int | None,
    _valued(
        "--review-minutes",
        metavar="MINUTES",
        help="The length of one review sitting (default: your profile's review_minutes, else 15).",
    ),
]
MaxLevel = Annotated[
    str | None,
    _valued(
        "--max-level",
        metavar="LEVEL",
        help="Nothing above this level: intro, intermediate, advanced.",
        autocompletion=completion.choices("intro", "intermediate", "advanced"),
    ),
]
Exclude = Annotated[
    list[str] | None,
    _valued(
        "--exclude",
        metavar="ID",
        help="Never use this resource. Repeatable.",
        autocompletion=completion.resource_ids,
    ),
]
Include = Annotated[
    list[str] | None,
    _valued(
        "--include",
        metavar="ID",
        help="Put this resource in the plan (overrides --free-only and --max-level). Repeatable.",
        autocompletion=completion.resource_ids,
    ),
]
HoursPerWeek = Annotated[
    float | None,
    _valued(
        "--hours-per-week",
        metavar="HOURS",
        help=f"Weekly study budget in hours (default: {DEFAULT_HOURS_PER_WEEK:g}).",
    ),
]
Start = Annotated[
    str | None,
    _valued(
        "--start",
        metavar="DATE",
        help="First study day: YYYY-MM-DD, today, tomorrow or a weekday (the next one; "
        "default: today).",
    ),
]
Days = Annotated[
    str | None,
    _valued(
        "--days",
        metavar="DAYS",
        help="Study days, e.g. mon,wed,sat, mon-fri or weekdays (default: every day); with "
        "hours of their own: mon=1,wed=1,sat=3 (then the week is their sum unless "
        "--hours-per-week says less).",
    ),
]
SessionHours = Annotated[
    float | None,
    _valued(
        "--session-hours",
        metavar="HOURS",
        help=f"Longest sitting on one resource in a day (default: {DEFAULT_SESSION_HOURS:g}).",
    ),
]
Parallel = Annotated[
    int | None,
    _valued(
        "--parallel",
        metavar="N",
        help=f"How many resources may be in progress side by side (default: {DEFAULT_PARALLEL}).",
    ),
]
MinSession = Annotated[
    int | None,
    _valued(
        "--min-session",
        metavar="MINUTES",
        help=f"The shortest sitting, in minutes (default: {DEFAULT_MIN_SESSION}, or less where "
        "--session-hours or the week is shorter); only a shorter resource gets less.",
    ),
]
Fill = Annotated[
    str | None,
    _valued(
        "--fill",
        metavar="HOW",
        help="blocks (default): the fewest days that hold the week in sittings of --block "
        "minutes; spread: every study day an equal share.",
    ),
]
Block = Annotated[
    int | None,
    _valued(
        "--block",
        metavar="MINUTES",
        help=f"With --fill blocks: the sitting length days are filled with "
        f"(default: {DEFAULT_BLOCK}).",
    ),
]
Skip = Annotated[
    list[str] | None,
    _valued(
        "--skip",
        metavar="DATE[..DATE]",
        help="No study on this day, or these days (inclusive: 2026-12-24..2027-01-01). "
        "Added to your profile's. Repeatable.",
    ),
]
Holidays = Annotated[
    str | None,
    _valued(
        "--holidays",
        metavar="COUNTRY",
        help="No study on this country's public holidays: CN, US, DE, US-CA... "
        "(needs the holidays package: pip install 'mathpath[holidays]').",
    ),
]
Time = Annotated[
    str | None,
    _valued(
        "--time",
        metavar="HH:MM",
        help="When sittings start, for the calendar: 19:30 every day, or per weekday: "
        "mon-fri=19:30,sat,sun=09:00. A day's sittings follow one another.",
    ),
]
Tz = Annotated[
    str | None,
    _valued(
        "--tz",
        metavar="ZONE",
        help="The time zone of --time, e.g. Asia/Shanghai: calendar events carry it "
        "(default: floating local time).",
    ),
]
Live = Annotated[
    bool | None,
    typer.Option(
        "--live/--self-paced",
        help="Follow the live editions (dated runs) the catalog lists for a resource "
        "(default: at your own pace).",
        show_default=False,
    ),
]
Deadline = Annotated[
    str | None,
    _valued(
        "--deadline",
        metavar="DATE",
        help="Report the hours per week needed to finish by this date.",
    ),
]
MaxHours = Annotated[
    float | None,
    _valued(
        "--max-hours-per-week",
        metavar="HOURS",
        help="With --deadline: the most you can study a week; says what could give if needed.",
    ),
]
Fresh = Annotated[
    bool,
    typer.Option(
        "--fresh",
        help="Ignore your recorded progress (finished resources, time spent, pace).",
    ),
]
Pace = Annotated[
    float | None,
    _valued(
        "--pace",
        metavar="FACTOR",
        help="Multiply remaining estimates by this factor (default: your recorded pace, else 1).",
    ),
]


# A seam for tests: the clock.
def today() -> datetime.date:
    return datetime.date.today()


def catalog_in_use(ctx: typer.Context, profile: "Profile | None" = None) -> "Catalog":
    """The catalog: --catalog / $MATHPATH_CATALOG, else the profile's, else the bundled one."""
    shared = state(ctx)
    if shared.catalog_path is None:
        if profile is None:
            from mathpath.learner.profile import load_profile

            profile = load_profile().profile
        if profile.catalog:
            shared.catalog_path = Path(profile.catalog)
    return shared.catalog()


def check_goal(catalog: "Catalog", goal: str | None) -> None:
    """A goal named on the command line is one of the catalog's, or a UsageError that lists
    them (as `mathpath plan` does)."""
    if goal is None or goal in catalog.goal_by_id:
        return
    from mathpath.catalog.validate import did_you_mean
    from mathpath.errors import UsageError
    from mathpath.i18n import _, listing

    names = sorted(catalog.goal_by_id)
    hint = did_you_mean(goal, names)
    goals = (
        _("goals: {goals}").format(goals=listing(names))
        if names
        else _("the catalog defines no goals")
    )
    raise UsageError(
        _("unknown goal {goal}").format(goal=repr(goal)),
        hint=f"{hint} {goals}".strip() if hint else goals,
    )


def plan_request(
    ctx: typer.Context, said: "PlanChoices", *, reviews: bool = False
) -> "tuple[Catalog, PlanRequest, list[str]]":
    """The catalog and the request for what the options ``said``, over the profile's defaults
    and with the progress recorded so far (unless ``--fresh``), and notes on what came from
    where (``mathpath.learner.request``)."""
    from mathpath.learner.profile import load_profile
    from mathpath.learner.progress import load_progress
    from mathpath.learner.request import plan_request as learner_request

    profile = load_profile().profile
    catalog = catalog_in_use(ctx, profile)
    progress = load_progress() if said.use_progress or reviews else None
    records = progress.records if progress is not None and said.use_progress else ()
    log = progress.reviews if progress is not None and reviews else None  # spaced review
    request, notes = learner_request(said, profile, records, catalog, today(), reviews=log)
    lang = request.preferences.lang
    if lang is not None and not any(r.available_in(lang) for r in catalog.resources):
        notes.append(_language_unknown(lang))  # said once, in the plan's notes
    return catalog, request, notes


def _language_unknown(lang: str) -> str:
    """The note for a language neither the catalog nor the interface has: it changes nothing."""
    from mathpath import i18n
    from mathpath.i18n import _

    if i18n.interface_language(lang) == "en" and lang.split("-")[0] != "en":
        return _(
            "no resource in the catalog has material in {lang} and mathpath has no interface "
            "in it: --lang {lang} changes nothing (shown in English)"
        ).format(lang=lang)
    return _(
        "no resource in the catalog has material in {lang}: --lang {lang} changes nothing"
    ).format(lang=lang)


# --- output -------------------------------------------------------------------------------------


def print_json(kind: str, body: Any) -> None:
    """``body`` as the JSON output of ``kind`` (``mathpath.export.envelope``) on stdout."""
    from mathpath.export.envelope import write_json

    stdout = typer.get_text_stream("stdout")
    write_json(kind, body, stdout.write)
    stdout.flush()


def print_json_list(kind: str, items: Iterable[Any]) -> None:
    """The JSON output of ``kind`` whose body is ``items``, written as they come."""
    from mathpath.export.envelope import write_json_list

    stdout = typer.get_text_stream("stdout")
    write_json_list(kind, items, stdout.write)
    stdout.flush()


def print_export(subject: "Plan | GoalGraph", fmt: str, **options: Any) -> None:
    """An export (``mathpath.export.write_export``) on stdout, written as it is made."""
    from mathpath.cli.app import exporting
    from mathpath.export import write_export

    stdout = typer.get_binary_stream("stdout")
    with exporting(fmt):
        write_export(subject, fmt, stdout.write, **options)
    stdout.flush()


def print_view(renderable: Any) -> None:
    """A Rich view (``mathpath.render``) on stdout."""
    from mathpath.render.console import make_console

    make_console().print(renderable, crop=False)  # a long URL or id runs past the edge, uncut
