"""``mathpath today`` and ``mathpath next``: what to study now, and what can be learned next.

Thin shells over ``mathpath.learner.today`` and ``mathpath.learner.frontier``; the views are in
``mathpath.render.today``; JSON goes out in the one envelope (kinds ``today`` and ``next``).
"""

from typing import Annotated, Any

import typer

from mathpath.cli import completion, options
from mathpath.cli.options import catalog_in_use
from mathpath.i18n import content_language

FormatOption = options.TextFormat
GoalOption = Annotated[
    str | None,
    typer.Option(
        "--goal", "-g", metavar="GOAL", help="The goal (default: your profile's first).",
        show_default=False, autocompletion=completion.goal_ids,
    ),
]  # fmt: skip


_format = options.text_format


def today(
    ctx: typer.Context,
    goal: GoalOption = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="The day to show: YYYY-MM-DD, today, tomorrow, yesterday or a weekday (the "
            "next one).",
            show_default="today",
        ),
    ] = None,
    week: Annotated[bool, typer.Option("--week", help="The whole week of that day.")] = False,
    format_: FormatOption = "text",
) -> None:
    """What to study today: the sessions your plan has for the day (resource, part, minutes,
    link, what comes after), what is overdue, and where you stand.

    It reads the plan you committed to (`mathpath plan --save`), else the plan your profile
    and progress imply. Example: mathpath today --goal deep-learning --week
    """
    fmt = _format(format_)
    from mathpath.learner.profile import load_profile
    from mathpath.learner.progress import load_progress
    from mathpath.learner.status import build_status
    from mathpath.learner.today import day_plan, plan_for_today
    from mathpath.planning.request import parse_date

    profile = load_profile().profile
    catalog = catalog_in_use(ctx, profile)
    options.check_goal(catalog, goal)
    day = parse_date(date, "--date", today=options.today()) if date else options.today()
    progress = load_progress()
    records = progress.records
    goal_id, outline, committed_at, notes = plan_for_today(
        catalog, profile, records, goal, day, reviews=progress.reviews
    )
    status = build_status(
        goal_id,
        outline,
        records,
        catalog,
        day,
        committed_at=committed_at,
        hours_per_week=profile.hours_per_week,
        notes=notes,
    )
    result = day_plan(status, outline, catalog, day, week=week)
    due = _reviews_due(catalog, profile, result.days)  # spaced review, from the progress file
    if fmt == "json":
        options.print_json("today", {**result.to_dict(), "reviews": due.to_dicts()})
        return
    from mathpath.render.today import today_view

    options.print_view(today_view(result))
    if due.due:
        from mathpath.render.review import reviews_due_view

        options.print_view(reviews_due_view(due, catalog, content_language(profile.lang)))


def _reviews_due(catalog: Any, profile: Any, days: Any) -> Any:
    """The reviews due by the last of ``days`` (overdue included), as ``mathpath review``
    lists them, with the profile's sitting length."""
    from mathpath.learner.progress import load_progress
    from mathpath.learner.review import review_list

    listing = review_list(
        load_progress(), catalog, days[0], content_language(profile.lang), profile.review_minutes
    )
    return listing.until(days[-1])


def next_(
    ctx: typer.Context,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            "-g",
            metavar="GOAL",
            help="Only what this goal still needs (default: your profile's first; with no goal "
            "at all, the whole catalog).",
            show_default=False,
            autocompletion=completion.goal_ids,
        ),
    ] = None,
    know: options.Know = None,
    done: options.Done = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="Titles in this language (e.g. zh), and favour resources available in it, as "
            "plan does.",
        ),
    ] = None,
    require_lang: options.RequireLang = None,
    prefer: options.Prefer = None,
    free_only: options.FreeOnly = None,
    max_level: options.MaxLevel = None,
    exclude: options.Exclude = None,
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", metavar="N", min=1, help="Topics and resources shown."),
    ] = 10,
    format_: FormatOption = "text",
) -> None:
    """What you can learn next: the topics and resources whose prerequisites you know but which
    you do not know yet, ranked by how much of the goal each meets or unlocks, with hours.

    What you know and have done comes from your profile, your progress, --know and --done;
    what you prefer (--prefer, --free-only, --lang, --max-level, --exclude) from them and your
    profile, as for plan. Example: mathpath next --goal deep-learning --know calculus --free-only
    """
    fmt = _format(format_)
    from mathpath.learner.frontier import learner_frontier
    from mathpath.learner.profile import load_profile
    from mathpath.learner.progress import load_progress
    from mathpath.planning.request import parse_choices

    profile = load_profile().profile
    catalog = catalog_in_use(ctx, profile)
    options.check_goal(catalog, goal)
    said = parse_choices(
        goal, know=know, done=done, lang=lang, prefer=prefer, free_only=free_only,
        max_level=max_level, exclude=exclude, require_lang=require_lang,
    )  # fmt: skip
    found = learner_frontier(catalog, profile, load_progress().records, said, limit=limit)
    if fmt == "json":
        options.print_json("next", found.to_dict())
        return
    from mathpath.render.frontier import frontier_view

    options.print_view(frontier_view(found))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("today")(today)
    app.command("next")(next_)
