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

from mathpath.cli.app import state
from mathpath.planning.plans import (
    DEFAULT_HOURS_PER_WEEK,
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

Goal = Annotated[
    str | None,
    typer.Option(
        "--goal",
        "-g",
        metavar="GOAL",
        help="The goal to plan for (see `mathpath goals`; default: your profile's first).",
        show_default=False,
    ),
]
Know = Annotated[
    list[str] | None,
    typer.Option(
        "--know",
        metavar="TOPIC[@DEPTH]",
        help="A topic you know, with its prerequisites; TOPIC or TOPIC@depth "
        "(overview, working, thorough; default thorough). Broad topics such as calculus "
        "cover everything inside them. Added to your profile's. Repeatable.",
        show_default=False,
    ),
]
Done = Annotated[
    list[str] | None,
    typer.Option(
        "--done",
        metavar="ID",
        help="A resource you have finished (its topics count as known). Repeatable.",
        show_default=False,
    ),
]
Prefer = Annotated[
    list[str] | None,
    typer.Option(
        "--prefer",
        metavar="FORMAT",
        help=f"Favour a format: {', '.join(PREFERENCE_FORMATS)} (a weight of 0.75 on its hours, "
        "not a filter). Repeatable.",
        show_default=False,
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
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Favour resources available in this language (e.g. zh).",
        show_default=False,
    ),
]
MaxLevel = Annotated[
    str | None,
    typer.Option(
        "--max-level",
        metavar="LEVEL",
        help="Nothing above this level: intro, intermediate, advanced.",
        show_default=False,
    ),
]
Exclude = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude", metavar="ID", help="Never use this resource. Repeatable.", show_default=False
    ),
]
Include = Annotated[
    list[str] | None,
    typer.Option(
        "--include",
        metavar="ID",
        help="Put this resource in the plan (overrides --free-only and --max-level). Repeatable.",
        show_default=False,
    ),
]
HoursPerWeek = Annotated[
    float | None,
    typer.Option(
        "--hours-per-week",
        metavar="HOURS",
        help=f"Weekly study budget in hours (default: {DEFAULT_HOURS_PER_WEEK:g}).",
        show_default=False,
    ),
]
Start = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="DATE",
        help="First study day, YYYY-MM-DD (default: today).",
        show_default=False,
    ),
]
Days = Annotated[
    str | None,
    typer.Option(
        "--days",
        metavar="DAYS",
        help="Study days, e.g. mon,wed,sat or weekdays (default: every day).",
        show_default=False,
    ),
]
SessionHours = Annotated[
    float | None,
    typer.Option(
        "--session-hours",
        metavar="HOURS",
        help=f"Longest sitting on one resource in a day (default: {DEFAULT_SESSION_HOURS:g}).",
        show_default=False,
    ),
]
Parallel = Annotated[
    int | None,
    typer.Option(
        "--parallel",
        metavar="N",
        help=f"How many resources may be in progress side by side (default: {DEFAULT_PARALLEL}).",
        show_default=False,
    ),
]
Deadline = Annotated[
    str | None,
    typer.Option(
        "--deadline",
        metavar="DATE",
        help="Report the hours per week needed to finish by this date.",
        show_default=False,
    ),
]
MaxHours = Annotated[
    float | None,
    typer.Option(
        "--max-hours-per-week",
        metavar="HOURS",
        help="With --deadline: the most you can study a week; says what could give if needed.",
        show_default=False,
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
    typer.Option(
        "--pace",
        metavar="FACTOR",
        help="Multiply remaining estimates by this factor (default: your recorded pace, else 1).",
        show_default=False,
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


def plan_request(
    ctx: typer.Context, said: "PlanChoices"
) -> "tuple[Catalog, PlanRequest, list[str]]":
    """The catalog and the request for what the options ``said``, over the profile's defaults
    and with the progress recorded so far (unless ``--fresh``), and notes on what came from
    where (``mathpath.learner.request``)."""
    from mathpath.learner.profile import load_profile
    from mathpath.learner.progress import load_progress
    from mathpath.learner.request import plan_request as learner_request

    profile = load_profile().profile
    catalog = catalog_in_use(ctx, profile)
    records = load_progress().records if said.use_progress else ()
    request, notes = learner_request(said, profile, records, catalog, today())
    return catalog, request, notes


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
    from mathpath.export import write_export

    stdout = typer.get_binary_stream("stdout")
    write_export(subject, fmt, stdout.write, **options)
    stdout.flush()


def print_view(renderable: Any) -> None:
    """A Rich view (``mathpath.render``) on stdout."""
    from mathpath.render.console import make_console

    make_console().print(renderable)
