"""``mathpath plan`` and ``mathpath why``: thin shells over ``mathpath.planner``.

Options become a ``PlanRequest`` in ``request_from_options`` (via ``planning.request``), the one
place a learner profile can later supply defaults. The terminal views are in
``mathpath.render.plan``; the JSON contract is ``mathpath.plan_json``.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mathpath.cli.app import state
from mathpath.errors import UsageError

if TYPE_CHECKING:
    from mathpath.plans import Plan, PlanRequest

VIEW_FORMATS = ("table", "json", "markdown", "ics")

Goal = Annotated[
    str,
    typer.Option(
        "--goal", "-g", help="The goal to plan for (see `mathpath goals`).", show_default=False
    ),
]
Know = Annotated[
    list[str] | None,
    typer.Option(
        "--know",
        help="A topic you know, with its prerequisites; TOPIC or TOPIC@depth "
        "(overview, working, thorough; default thorough). Broad topics such as calculus "
        "cover everything inside them. Repeatable.",
        show_default=False,
    ),
]
Done = Annotated[
    list[str] | None,
    typer.Option(
        "--done",
        help="A resource you have finished (its topics count as known). Repeatable.",
        show_default=False,
    ),
]
Prefer = Annotated[
    list[str] | None,
    typer.Option(
        "--prefer",
        help="Favour a format: video, textbook, course, interactive, article (a weight of "
        "0.75 on its hours, not a filter). Repeatable.",
        show_default=False,
    ),
]
FreeOnly = Annotated[bool, typer.Option("--free-only", help="Only free resources.")]
Lang = Annotated[
    str | None,
    typer.Option(
        "--lang", help="Favour resources available in this language (e.g. zh).", show_default=False
    ),
]
MaxLevel = Annotated[
    str | None,
    typer.Option(
        "--max-level",
        help="Nothing above this level: intro, intermediate, advanced.",
        show_default=False,
    ),
]
Exclude = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="Never use this resource. Repeatable.", show_default=False),
]
Include = Annotated[
    list[str] | None,
    typer.Option(
        "--include",
        help="Put this resource in the plan (overrides --free-only and --max-level). Repeatable.",
        show_default=False,
    ),
]
HoursPerWeek = Annotated[
    float, typer.Option("--hours-per-week", help="Weekly study budget in hours.")
]
Start = Annotated[
    str | None,
    typer.Option(
        "--start", help="First study day, YYYY-MM-DD (default: today).", show_default=False
    ),
]
Days = Annotated[
    str | None,
    typer.Option(
        "--days",
        help="Study days, e.g. mon,wed,sat or weekdays (default: every day).",
        show_default=False,
    ),
]
SessionHours = Annotated[
    float, typer.Option("--session-hours", help="Longest sitting on one resource in a day.")
]
Parallel = Annotated[
    int,
    typer.Option("--parallel", help="How many resources may be in progress side by side."),
]
Deadline = Annotated[
    str | None,
    typer.Option(
        "--deadline",
        help="Report the hours per week needed to finish by this date.",
        show_default=False,
    ),
]
MaxHours = Annotated[
    float | None,
    typer.Option(
        "--max-hours-per-week",
        help="With --deadline: the most you can study a week; says what could give if needed.",
        show_default=False,
    ),
]


def request_from_options(
    goal: str,
    *,
    know: list[str] | None,
    done: list[str] | None,
    prefer: list[str] | None,
    free_only: bool,
    lang: str | None,
    max_level: str | None,
    exclude: list[str] | None,
    include: list[str] | None,
    hours_per_week: float,
    start: str | None,
    days: str | None,
    session_hours: float,
    parallel: int,
    deadline: str | None,
    max_hours_per_week: float | None,
) -> PlanRequest:
    from mathpath.planning.request import build_request

    return build_request(
        goal,
        know=know or (),
        done=done or (),
        prefer=prefer or (),
        free_only=free_only,
        lang=lang,
        max_level=max_level,
        exclude=exclude or (),
        include=include or (),
        hours_per_week=hours_per_week,
        start=start,
        days=days,
        session_hours=session_hours,
        parallel=parallel,
        deadline=deadline,
        max_hours_per_week=max_hours_per_week,
    )


def plan(
    ctx: typer.Context,
    goal: Goal,
    know: Know = None,
    done: Done = None,
    prefer: Prefer = None,
    free_only: FreeOnly = False,
    lang: Lang = None,
    max_level: MaxLevel = None,
    exclude: Exclude = None,
    include: Include = None,
    hours_per_week: HoursPerWeek = 6.0,
    start: Start = None,
    days: Days = None,
    session_hours: SessionHours = 2.0,
    parallel: Parallel = 1,
    deadline: Deadline = None,
    max_hours_per_week: MaxHours = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table (default), json, markdown or ics.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
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
            "--time", help="Calendar sessions at this time of day, HH:MM (ics).", show_default=False
        ),
    ] = None,
    sessions: Annotated[
        bool, typer.Option("--sessions", help="Also list every dated session.")
    ] = False,
) -> None:
    """Plan the resources, their order and a dated schedule for a goal.

    Example: mathpath plan --goal deep-learning --know calculus --hours-per-week 8
    """
    if format_ is not None and format_ not in VIEW_FORMATS:
        raise UsageError(
            f"--format {format_!r} is not known", hint=f"use one of {', '.join(VIEW_FORMATS)}"
        )
    time_of_day = _parse_time(time)
    request = request_from_options(
        goal, know=know, done=done, prefer=prefer, free_only=free_only, lang=lang,
        max_level=max_level, exclude=exclude, include=include, hours_per_week=hours_per_week,
        start=start, days=days, session_hours=session_hours, parallel=parallel,
        deadline=deadline, max_hours_per_week=max_hours_per_week,
    )  # fmt: skip
    from mathpath.planner import make_plan

    result = make_plan(state(ctx).catalog(), request)
    if output is not None:
        _write(result, output, format_, force=force, lang=lang, time_of_day=time_of_day)
        return
    fmt = format_ or "table"
    if fmt == "table":
        from mathpath.render.console import make_console
        from mathpath.render.plan import plan_view

        make_console().print(plan_view(result, sessions=sessions, lang=lang))
    elif fmt == "json":
        from mathpath.plan_json import plan_to_json

        typer.echo(plan_to_json(result), nl=False)
    else:
        from mathpath.export import render_plan

        data = render_plan(result, fmt, lang=lang, time_of_day=time_of_day)
        typer.echo(data.decode("utf-8"), nl=False)


def _write(
    result: Plan,
    path: Path,
    format_: str | None,
    *,
    force: bool,
    lang: str | None,
    time_of_day: datetime.time | None,
) -> None:
    from mathpath.export import format_for_path, render_plan
    from mathpath.fileio import atomic_write

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
        str, typer.Argument(help="The resource id to explain.", show_default=False)
    ],
    goal: Goal,
    know: Know = None,
    done: Done = None,
    prefer: Prefer = None,
    free_only: FreeOnly = False,
    lang: Lang = None,
    max_level: MaxLevel = None,
    exclude: Exclude = None,
    include: Include = None,
    hours_per_week: HoursPerWeek = 6.0,
    start: Start = None,
    days: Days = None,
    session_hours: SessionHours = 2.0,
    parallel: Parallel = 1,
    json_: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Explain why a resource is in a plan (its chain to the goal), or why it is not.

    Example: mathpath why mit-18.01sc --goal deep-learning
    """
    request = request_from_options(
        goal, know=know, done=done, prefer=prefer, free_only=free_only, lang=lang,
        max_level=max_level, exclude=exclude, include=include, hours_per_week=hours_per_week,
        start=start, days=days, session_hours=session_hours, parallel=parallel,
        deadline=None, max_hours_per_week=None,
    )  # fmt: skip
    from mathpath.planning.explain import explain

    explanation = explain(state(ctx).catalog(), request, resource)
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
