"""``mathpath plan`` and ``mathpath why``: thin shells over ``mathpath.planning``.

Options become ``PlanChoices`` (``mathpath.planning.request.parse_choices``: ``None`` = not
given), which ``mathpath.cli.options.plan_request`` merges with the learner's profile and progress
into the ``PlanRequest``. The terminal views are in ``mathpath.render.plan``; the JSON contract is
``mathpath.export.plan_json``.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mathpath.cli import completion
from mathpath.cli.options import (
    Block,
    Days,
    Deadline,
    Done,
    Exclude,
    Fill,
    FreeOnly,
    Fresh,
    Goal,
    Holidays,
    HoursPerWeek,
    Include,
    Know,
    Lang,
    Live,
    MaxHours,
    MaxLevel,
    MinSession,
    Pace,
    Parallel,
    Prefer,
    RequireLang,
    ReviewMinutes,
    SessionHours,
    Skip,
    Start,
    Time,
    Tz,
    plan_request,
    print_export,
    print_json,
    print_view,
)
from mathpath.errors import UsageError
from mathpath.i18n import _, content_language, date_text, ngettext

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan

VIEW_FORMATS = ("table", "json", "markdown", "ics", "html")


def plan(
    ctx: typer.Context,
    goal: Goal = None,
    know: Know = None,
    done: Done = None,
    prefer: Prefer = None,
    free_only: FreeOnly = None,
    lang: Lang = None,
    require_lang: RequireLang = None,
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
    min_session: MinSession = None,
    fill: Fill = None,
    block: Block = None,
    skip: Skip = None,
    holidays: Holidays = None,
    time: Time = None,
    tz: Tz = None,
    live: Live = None,
    fresh: Fresh = False,
    pace: Pace = None,
    no_review: Annotated[
        bool,
        typer.Option(
            "--no-review",
            help="Plan new study only, without the spaced reviews of what you finish.",
        ),
    ] = False,
    review_minutes: ReviewMinutes = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (default), json, markdown, ics or html.",
            show_default=False,
            autocompletion=completion.choices(*VIEW_FORMATS),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the plan to this file (a regular file or a new one; - for standard "
            "output); the format follows the suffix (.md, .ics, .json, .html) unless --format "
            "says otherwise.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing --output file.")
    ] = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="With -o FILE.ics: update a calendar mathpath wrote, keeping its events' ids "
            "and cancelling the sessions the new plan drops.",
        ),
    ] = False,
    sessions: Annotated[
        bool, typer.Option("--sessions", help="Also list every dated session.")
    ] = False,
    timeline: Annotated[
        bool,
        typer.Option(
            "--timeline",
            help="Draw the schedule as bars, by week or by month, one row per resource "
            "(in place of the study order and the week table).",
        ),
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
            _("--format {format} is not known").format(format=repr(format_)),
            hint=_("use one of {choices}").format(choices=", ".join(VIEW_FORMATS)),
        )
    if update and (output is None or str(output) == "-"):
        raise UsageError(_("--update needs --output FILE.ics: the calendar to update"))
    if timeline and (format_ not in (None, "table") or (output is not None and str(output) != "-")):
        raise UsageError(
            _("--timeline draws the plan in the terminal"),
            hint=_("drop --timeline to write {what}").format(what=format_ or str(output)),
        )
    if max_hours_per_week is not None and deadline is None:
        raise UsageError(
            _(
                "--max-hours-per-week only matters with --deadline (the most you could give to "
                "meet it)"
            ),
            hint=_("add --deadline DATE, or set the weekly budget with --hours-per-week"),
        )
    if output is not None and str(output) != "-" and output.is_dir():
        raise UsageError(
            _("--output {path} is a folder, not a file").format(path=output),
            hint=_("name the file: -o {path} (or .ics, .json, .html)").format(
                path=output / "plan.md"
            ),
        )
    from mathpath.planning.request import parse_choices

    choices = parse_choices(
        goal, know=know, done=done, prefer=prefer, free_only=free_only,
        lang=lang, max_level=max_level, exclude=exclude, include=include,
        require_lang=require_lang,
        hours_per_week=hours_per_week, start=start, days=days, session_hours=session_hours,
        parallel=parallel, deadline=deadline, max_hours_per_week=max_hours_per_week,
        min_session=min_session, fill=fill, block=block, skip=skip, holidays=holidays,
        time=time, tz=tz, live=live, fresh=fresh, pace=pace,
    )  # fmt: skip
    from dataclasses import replace

    if review_minutes is not None:  # spaced review (mathpath.learner.review)
        from mathpath.planning.request import parse_minutes

        if no_review:
            raise UsageError(_("--review-minutes and --no-review: choose one"))
        choices = replace(choices, review_minutes=parse_minutes(review_minutes, "--review-minutes"))
    catalog, request, notes = plan_request(ctx, choices, reviews=not no_review)

    from mathpath.planning import make_plan

    result = make_plan(catalog, request)
    result = replace(result, notes=(*notes, *result.notes))
    lang = content_language(request.preferences.lang)
    if diff:
        _show_diff(result, as_json=format_ == "json")
        return
    if save:
        from mathpath.export.plan_json import plan_to_dict
        from mathpath.learner.replan import save_committed_plan

        saved = save_committed_plan(plan_to_dict(result), result.goal.id)
        typer.echo(
            _("saved as your plan for {goal}: {path}").format(goal=result.goal.id, path=saved),
            err=True,
        )
    if output is not None and str(output) != "-":  # `-o -`: standard output, as without -o
        _write(result, output, format_, force=force, update=update, lang=lang)
        return
    fmt = format_ or "table"
    if fmt == "table" and time is not None and not sessions:
        result = replace(
            result,
            notes=(
                *result.notes,
                _("--time shows in --sessions and in calendars (-o FILE.ics), not in this view"),
            ),
        )
    if fmt == "table":
        from mathpath.render.plan import plan_view
        from mathpath.render.timeline import plan_timeline_view, timeline_view

        if timeline:
            print_view(plan_timeline_view(result, sessions=sessions, lang=lang))
        else:
            print_view(plan_view(result, sessions=sessions, lang=lang))
            print_view(timeline_view(result, compact=True))  # where it fits
        print_view(_where_you_stand(ctx, result, fresh=fresh))
    else:
        print_export(result, fmt, lang=lang)


def _where_you_stand(ctx: typer.Context, result: "Plan", *, fresh: bool) -> Any:
    """The plan's end: what is left and when it will be done (the numbers `status` and
    `today` give, ``mathpath.learner.forecast``), then the "next" lines."""
    from mathpath.cli.options import catalog_in_use, today
    from mathpath.learner.forecast import plan_forecast
    from mathpath.learner.outline import outline_of_plan
    from mathpath.learner.progress import load_progress
    from mathpath.learner.today import next_steps
    from mathpath.planning.plans import format_duration
    from mathpath.render.today import where_you_stand

    catalog = catalog_in_use(ctx)
    day = today()
    progress = None if fresh else load_progress()
    ahead = plan_forecast(result, progress.records if progress else (), catalog, day)
    left, factor = format_duration(ahead.remaining_minutes), f"{ahead.pace.factor:g}"
    if ahead.projected_finish is not None:
        line = _("Left: {time} at pace factor {factor}; projected finish {rate}: {date}.").format(
            time=left,
            factor=factor,
            rate=ahead.rate_text(),
            date=date_text(ahead.projected_finish),
        )
    else:
        line = _("Left: {time} at pace factor {factor}.").format(time=left, factor=factor)
    due = None
    if progress is not None and result.request.reviews is not None:  # not --fresh, --no-review
        from mathpath.learner.review import review_list

        minutes = result.request.reviews.minutes
        due = review_list(progress, catalog, day, minutes=minutes).until(day)
    return where_you_stand(line, next_steps(outline_of_plan(result), catalog, day), due)


def _show_diff(result: "Plan", *, as_json: bool) -> None:
    from mathpath.export.plan_json import plan_to_dict
    from mathpath.learner.diff import diff_plans
    from mathpath.learner.replan import load_committed_plan

    committed = load_committed_plan(result.goal.id)
    if committed is None:
        raise UsageError(
            _("no committed plan for {goal} to compare with").format(goal=result.goal.id),
            hint=_("commit to one first: mathpath plan --goal {goal} --save").format(
                goal=result.goal.id
            ),
        )
    from mathpath.learner.progress import load_progress, summarize

    finished = {
        p.resource for p in summarize(load_progress().records).values() if p.finished and not p.part
    }
    changes = diff_plans(committed.plan, plan_to_dict(result), finished)
    if as_json:
        print_json("diff", changes.to_dict())
        return
    from mathpath.render.plan import diff_view

    print_view(diff_view(changes, committed.saved_at.date()))


def _write(
    result: "Plan",
    path: Path,
    format_: str | None,
    *,
    force: bool,
    update: bool,
    lang: str | None,
) -> None:
    from mathpath.cli.app import exporting
    from mathpath.export import format_for_path, render_export
    from mathpath.learner.files import atomic_write

    fmt = format_ if format_ not in (None, "table") else format_for_path(path)
    assert fmt is not None
    wrote = _("wrote {path} ({format}: {resources}, {sessions})")
    if update:
        if fmt != "ics":
            raise UsageError(_("--update is for calendars (.ics), not {format}").format(format=fmt))
        if path.exists():
            wrote = _("updated {path} ({format}: {resources}, {sessions})")
        data = _updated_calendar(result, path, lang)
    else:
        with exporting(str(path)):  # a large calendar takes a while
            data = render_export(result, fmt, lang=lang)
    atomic_write(path, data, overwrite=force or update)
    items, sessions = len(result.items), len(result.sessions)
    typer.echo(
        wrote.format(
            path=path,
            format=fmt,
            resources=ngettext("{n} resource", "{n} resources", items).format(n=items),
            sessions=ngettext("{n} session", "{n} sessions", sessions).format(n=sessions),
        ),
        err=True,
    )


def _updated_calendar(result: "Plan", path: Path, lang: str | None) -> bytes:
    """The calendar at ``path`` updated to ``result`` (a new calendar where there is none); the
    old file is read whole and checked first, so a file mathpath did not write stays as it is."""
    from mathpath.export.ics import plan_to_ics

    if not path.exists() and not path.is_symlink():
        return plan_to_ics(result, lang=lang)
    from mathpath.catalog.reading import MAX_LEARNER_FILE_BYTES, read_bytes
    from mathpath.errors import OutputError

    def refuse(problems: list[Any]) -> OutputError:
        return OutputError(f"{problems[0].file}: {problems[0].message}", hint=problems[0].hint)

    old, _ = read_bytes(path, limit=MAX_LEARNER_FILE_BYTES, error=refuse)
    return plan_to_ics(result, lang=lang, previous=old, previous_name=str(path))


def why(
    ctx: typer.Context,
    resource: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The resource id to explain.",
            show_default=False,
            autocompletion=completion.resource_ids,
        ),
    ],
    goal: Goal = None,
    know: Know = None,
    done: Done = None,
    prefer: Prefer = None,
    free_only: FreeOnly = None,
    lang: Lang = None,
    require_lang: RequireLang = None,
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
    from mathpath.planning.request import parse_choices

    choices = parse_choices(
        goal, know=know, done=done, prefer=prefer, free_only=free_only,
        lang=lang, max_level=max_level, exclude=exclude, include=include,
        require_lang=require_lang,
        hours_per_week=hours_per_week, start=start, days=days, session_hours=session_hours,
        parallel=parallel, fresh=fresh, pace=pace,
    )  # fmt: skip
    catalog, request, _ = plan_request(ctx, choices)
    from mathpath.planning.explain import explain

    explanation = explain(catalog, request, resource)
    if json_:
        print_json("explanation", _explanation_dict(explanation))
        return
    from mathpath.render.plan import explanation_view

    print_view(explanation_view(explanation))


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
