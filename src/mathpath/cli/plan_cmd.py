"""``mathpath plan`` and ``mathpath why``: thin shells over ``mathpath.planning``.

Options become ``PlanChoices`` (``choices_from_options``: ``None`` = not given), which
``mathpath.learner.replan.apply_learner_state`` merges with the learner's profile and progress into
the ``PlanRequest`` (``learner_request``). The terminal views are in ``mathpath.render.plan``; the
JSON contract is ``mathpath.export.plan_json``.
"""

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mathpath.cli.app import state
from mathpath.errors import UsageError

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog
    from mathpath.learner.replan import PlanChoices
    from mathpath.planning.plans import Plan, PlanRequest

VIEW_FORMATS = ("table", "json", "markdown", "ics")

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
        help="Favour a format: video, textbook, course, interactive, article (a weight of "
        "0.75 on its hours, not a filter). Repeatable.",
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
        help="Weekly study budget in hours (default: 6).",
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
        help="Longest sitting on one resource in a day (default: 2).",
        show_default=False,
    ),
]
Parallel = Annotated[
    int | None,
    typer.Option(
        "--parallel",
        metavar="N",
        help="How many resources may be in progress side by side (default: 1).",
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


def choices_from_options(
    goal: str | None,
    *,
    know: list[str] | None = None,
    done: list[str] | None = None,
    prefer: list[str] | None = None,
    free_only: bool | None = None,
    lang: str | None = None,
    max_level: str | None = None,
    exclude: list[str] | None = None,
    include: list[str] | None = None,
    hours_per_week: float | None = None,
    start: str | None = None,
    days: str | None = None,
    session_hours: float | None = None,
    parallel: int | None = None,
    deadline: str | None = None,
    max_hours_per_week: float | None = None,
    fresh: bool = False,
    pace: float | None = None,
) -> "PlanChoices":
    """Checked option values; ``None`` where an option was not given (the profile decides)."""
    from mathpath.learner.replan import PlanChoices
    from mathpath.planning import request as parse

    if parallel is not None and parallel < 1:
        raise UsageError(f"--parallel must be at least 1, not {parallel}")
    if pace is not None and not pace > 0:
        raise UsageError(f"--pace must be a positive factor, not {pace:g}")
    return PlanChoices(
        goal=goal,
        known=tuple(parse.parse_topic_need(k) for k in know or ()),
        done=tuple(done or ()),
        start=parse.parse_date(start, "--start") if start is not None else None,
        hours_per_week=_hours(hours_per_week, "--hours-per-week"),
        study_days=parse.parse_days(days) if days is not None else None,
        session_hours=_hours(session_hours, "--session-hours"),
        parallel=parallel,
        deadline=parse.parse_date(deadline, "--deadline") if deadline is not None else None,
        max_hours_per_week=_hours(max_hours_per_week, "--max-hours-per-week"),
        prefer=parse.parse_prefer(prefer) if prefer else None,
        free_only=free_only,
        lang=lang.strip().lower() if lang else None,
        max_level=parse.parse_level(max_level),
        exclude=tuple(exclude or ()),
        include=tuple(include or ()),
        use_progress=not fresh,
        pace_factor=pace,
    )


def _hours(value: float | None, option: str) -> float | None:
    from mathpath.planning.request import positive

    return positive(value, option) if value is not None else None


def learner_request(
    ctx: typer.Context, choices: "PlanChoices"
) -> "tuple[Catalog, PlanRequest, list[str]]":
    """The catalog and request for ``choices`` with the profile's defaults and the progress
    recorded so far (unless ``--fresh``), and notes on what came from where."""
    from mathpath.learner.profile import load_profile
    from mathpath.learner.progress import load_progress
    from mathpath.learner.replan import apply_learner_state

    profile = load_profile().profile
    shared = state(ctx)
    if shared.catalog_path is None and profile.catalog:
        shared.catalog_path = Path(profile.catalog)
    catalog = shared.catalog()
    records = load_progress().records if choices.use_progress else ()
    request, notes = apply_learner_state(choices, profile, records, catalog, _today())
    return catalog, request, notes


def _today() -> datetime.date:
    return datetime.date.today()


def plan(
    ctx: typer.Context,
    goal: Goal = None,
    know: Know = None,
    done: Done = None,
    prefer: Prefer = None,
    free_only: FreeOnly = None,
    lang: Lang = None,
    max_level: MaxLevel = None,
    exclude: Exclude = None,
    include: Include = None,
    hours_per_week: HoursPerWeek = None,
    start: Start = None,
    days: Days = None,
    session_hours: SessionHours = None,
    parallel: Parallel = None,
    deadline: Deadline = None,
    max_hours_per_week: MaxHours = None,
    fresh: Fresh = False,
    pace: Pace = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (default), json, markdown or ics.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the plan to this file; the format follows the suffix "
            "(.md, .ics, .json) unless --format says otherwise.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing --output file.")
    ] = False,
    time: Annotated[
        str | None,
        typer.Option(
            "--time",
            metavar="HH:MM",
            help="Calendar sessions at this time of day, HH:MM (ics).",
            show_default=False,
        ),
    ] = None,
    sessions: Annotated[
        bool, typer.Option("--sessions", help="Also list every dated session.")
    ] = False,
    save: Annotated[
        bool,
        typer.Option("--save", help="Commit to this plan: `mathpath status` measures against it."),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="Show what this plan changes compared with the committed one."),
    ] = False,
) -> None:
    """Plan the resources, their order and a dated schedule for a goal.

    Defaults come from your profile, and what you have recorded (finished resources, time
    spent, your pace) is taken into account unless --fresh.

    Example: mathpath plan --goal deep-learning --know calculus --hours-per-week 8
    """
    if format_ is not None and format_ not in VIEW_FORMATS:
        raise UsageError(
            f"--format {format_!r} is not known", hint=f"use one of {', '.join(VIEW_FORMATS)}"
        )
    time_of_day = _parse_time(time)
    choices = choices_from_options(
        goal, know=know, done=done, prefer=prefer, free_only=free_only, lang=lang,
        max_level=max_level, exclude=exclude, include=include, hours_per_week=hours_per_week,
        start=start, days=days, session_hours=session_hours, parallel=parallel,
        deadline=deadline, max_hours_per_week=max_hours_per_week, fresh=fresh, pace=pace,
    )  # fmt: skip
    catalog, request, notes = learner_request(ctx, choices)
    from dataclasses import replace

    from mathpath.planning import make_plan

    result = make_plan(catalog, request)
    result = replace(result, notes=(*notes, *result.notes))
    lang = request.preferences.lang
    if diff:
        _show_diff(result, as_json=format_ == "json")
        return
    if save:
        from mathpath.export.plan_json import plan_to_dict
        from mathpath.learner.replan import save_committed_plan

        saved = save_committed_plan(plan_to_dict(result), result.goal.id)
        typer.echo(f"saved as your plan for {result.goal.id}: {saved}", err=True)
    if output is not None:
        _write(result, output, format_, force=force, lang=lang, time_of_day=time_of_day)
        return
    fmt = format_ or "table"
    if fmt == "table":
        from mathpath.render.console import make_console
        from mathpath.render.plan import plan_view

        make_console().print(plan_view(result, sessions=sessions, lang=lang))
    elif fmt == "json":
        from mathpath.export.plan_json import write_plan_json

        # In batches as it is made: a 100k-resource plan's text is 7 MB (see jsontext).
        stdout = typer.get_text_stream("stdout")
        write_plan_json(result, stdout.write)
        stdout.flush()
    else:
        from mathpath.export import render_plan

        data = render_plan(result, fmt, lang=lang, time_of_day=time_of_day)
        typer.echo(data.decode("utf-8"), nl=False)


def _show_diff(result: "Plan", *, as_json: bool) -> None:
    from mathpath.export.plan_json import plan_to_dict
    from mathpath.learner.diff import diff_plans
    from mathpath.learner.replan import load_committed_plan

    committed = load_committed_plan(result.goal.id)
    if committed is None:
        raise UsageError(
            f"no committed plan for {result.goal.id} to compare with",
            hint=f"commit to one first: mathpath plan --goal {result.goal.id} --save",
        )
    changes = diff_plans(committed.plan, plan_to_dict(result))
    if as_json:
        import json

        typer.echo(json.dumps(changes.to_dict(), ensure_ascii=False, indent=2))
        return
    from mathpath.render.console import make_console
    from mathpath.render.plan import diff_view

    make_console().print(diff_view(changes, committed.saved_at.date()))


def _write(
    result: "Plan",
    path: Path,
    format_: str | None,
    *,
    force: bool,
    lang: str | None,
    time_of_day: datetime.time | None,
) -> None:
    from mathpath.export import format_for_path, render_plan
    from mathpath.learner.files import atomic_write

    fmt = format_ if format_ not in (None, "table") else format_for_path(path)
    assert fmt is not None
    atomic_write(
        path, render_plan(result, fmt, lang=lang, time_of_day=time_of_day), overwrite=force
    )
    typer.echo(
        f"wrote {path} ({fmt}: {len(result.items)} resources, {len(result.sessions)} sessions)",
        err=True,
    )


def _parse_time(text: str | None) -> datetime.time | None:
    if text is None:
        return None
    try:
        hours, minutes = text.strip().split(":")
        if len(minutes) != 2:
            raise ValueError
        return datetime.time(int(hours), int(minutes))
    except ValueError:
        raise UsageError(
            f"--time {text!r} is not a time of day", hint="write it as HH:MM, e.g. 19:30"
        ) from None


def why(
    ctx: typer.Context,
    resource: Annotated[
        str, typer.Argument(metavar="ID", help="The resource id to explain.", show_default=False)
    ],
    goal: Goal = None,
    know: Know = None,
    done: Done = None,
    prefer: Prefer = None,
    free_only: FreeOnly = None,
    lang: Lang = None,
    max_level: MaxLevel = None,
    exclude: Exclude = None,
    include: Include = None,
    hours_per_week: HoursPerWeek = None,
    start: Start = None,
    days: Days = None,
    session_hours: SessionHours = None,
    parallel: Parallel = None,
    fresh: Fresh = False,
    pace: Pace = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Explain why a resource is in a plan (its chain to the goal), or why it is not.

    Example: mathpath why mit-18.01sc --goal deep-learning
    """
    choices = choices_from_options(
        goal, know=know, done=done, prefer=prefer, free_only=free_only, lang=lang,
        max_level=max_level, exclude=exclude, include=include, hours_per_week=hours_per_week,
        start=start, days=days, session_hours=session_hours, parallel=parallel, fresh=fresh,
        pace=pace,
    )  # fmt: skip
    catalog, request, _ = learner_request(ctx, choices)
    from mathpath.planning.explain import explain

    explanation = explain(catalog, request, resource)
    if json_:
        import json

        typer.echo(json.dumps(_explanation_dict(explanation), ensure_ascii=False, indent=2))
        return
    from mathpath.render.console import make_console
    from mathpath.render.plan import explanation_view

    make_console().print(explanation_view(explanation))


def _explanation_dict(explanation: Any) -> dict[str, Any]:
    return {
        "id": explanation.resource_id,
        "goal": explanation.goal,
        "chosen": explanation.chosen,
        "kind": explanation.kind,
        "verdict": explanation.verdict,
        "chain": [{"subject": link.subject, "text": link.text} for link in explanation.chain],
        "alternatives": list(explanation.alternatives),
        "extra_hours": explanation.extra_hours,
    }


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("plan")(plan)
    app.command("why")(why)
