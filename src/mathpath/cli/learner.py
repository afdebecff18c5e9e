"""The learner's commands: ``profile show|set|reset``, ``know``, ``unknow``, ``init``, ``done``,
``log``, ``undo`` and ``status``.

Thin shells over ``mathpath.learner.profile``, ``mathpath.learner.progress`` and
``mathpath.learner.replan``; the terminal views are in ``mathpath.render.profile`` and
``mathpath.render.status``.
"""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mathpath.cli import completion, options
from mathpath.cli.options import JsonOption, catalog_in_use
from mathpath.errors import UsageError
from mathpath.i18n import _, listing

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog
    from mathpath.learner.profile import Profile

DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="The day it happened: YYYY-MM-DD, today, yesterday or a weekday (the last one).",
        show_default="today",
    ),
]
NoteOption = Annotated[str | None, typer.Option("--note", help="A few words to remember it by.")]
PartOption = Annotated[
    str | None,
    typer.Option(
        "--part",
        help="One part of the resource, by its id in the catalog (RESOURCE:PART also works).",
    ),
]


# A seam for tests: whether a person is at the keyboard (the clock is ``options.today``).
def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


_print = options.print_view


# --- profile ------------------------------------------------------------------------------------

profile_app = typer.Typer(
    name="profile",
    help=(
        "Show or change your profile: the defaults `mathpath plan` uses.\n\n"
        "Example: mathpath profile set hours_per_week 6"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)


@profile_app.command("show")
def profile_show(as_json: JsonOption = False) -> None:
    """Show your profile (where it is, and every key with its value).

    Example: mathpath profile show --json
    """
    from mathpath.learner.profile import load_profile

    loaded = load_profile()
    if as_json:
        options.print_json(
            "profile",
            {
                "path": str(loaded.path),
                "exists": loaded.exists,
                "migrated_from": loaded.migrated_from,
                "profile": loaded.profile.model_dump(mode="json"),
            },
        )
        return
    from mathpath.render.profile import profile_view

    _print(profile_view(loaded))


@profile_app.command("set")
def profile_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="goals, known, hours_per_week, study_days, ...")],
    value: Annotated[
        str, typer.Argument(help="The value; lists are comma-separated; none unsets.")
    ],
) -> None:
    """Set one profile value, checked before it is written.

    Keys: goals, known, hours_per_week, study_days, session_hours, prefer, free_only, lang,
    max_level, catalog. Example: mathpath profile set study_days mon,wed,sat
    """
    from mathpath.learner import profile as profiles

    name = profiles.normalise_key(key)
    current = profiles.load_profile().profile  # a broken profile stops here, untouched
    text = value
    if name == "catalog" and value.strip().lower() not in ("", "none", "null", "unset", "default"):
        from mathpath.catalog import load_catalog

        catalog_path = Path(value).expanduser().resolve()
        load_catalog(catalog_path)  # only a catalog that loads is remembered
        text = str(catalog_path)
    catalog = catalog_in_use(ctx, current) if name in ("goals", "known") else None
    profiles.set_value(current, name, text, catalog)  # check before taking the lock
    updated = profiles.update_profile(lambda p: profiles.set_value(p, name, text, catalog))
    shown = updated.model_dump(mode="json")[name]
    typer.echo(f"{name} = {json.dumps(shown, ensure_ascii=False)}")


@profile_app.command("reset")
def profile_reset(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    backup: Annotated[
        bool,
        typer.Option(
            "--backup",
            help="Move the current file to profile.yaml.bak-YYYYmmddHHMMSS first (also when it "
            "is broken).",
        ),
    ] = False,
) -> None:
    """Start your profile afresh (progress records are kept).

    Example: mathpath profile reset --backup --yes
    """
    from mathpath.learner import paths
    from mathpath.learner.profile import reset_profile

    path = paths.profile_path()
    if not yes:
        if not _stdin_is_terminal():
            raise UsageError(
                _("not resetting the profile without confirmation (stdin is not a terminal)"),
                hint=_("pass --yes to reset it"),
            )
        typer.confirm(_("Reset {path} to the defaults?").format(path=path), abort=True)
    moved = reset_profile(path, backup=backup)
    if moved is not None:
        typer.echo(_("Moved the old profile to {path}.").format(path=moved))
    typer.echo(_("Profile reset: {path}").format(path=path))


# --- knowledge ----------------------------------------------------------------------------------


def know(
    ctx: typer.Context,
    topics: Annotated[
        list[str],
        typer.Argument(
            help="Topic ids or aliases, optionally TOPIC@depth.",
            autocompletion=completion.topic_ids,
        ),
    ],
) -> None:
    """Add topics you already know to your profile (depth thorough unless given).

    Example: mathpath know linear-algebra@working probability
    """
    from mathpath.learner import profile as profiles

    current = profiles.load_profile().profile
    needs = profiles.resolve_topics(catalog_in_use(ctx, current), topics)
    profiles.update_profile(lambda p: profiles.with_known(p, needs))
    typer.echo(_("Known: {topics}").format(topics=listing(profiles.format_known(n) for n in needs)))


def unknow(
    ctx: typer.Context,
    topics: Annotated[list[str], typer.Argument(help="Topic ids to remove from what you know.")],
) -> None:
    """Remove topics from what your profile says you know.

    Example: mathpath unknow probability
    """
    from mathpath.catalog.validate import did_you_mean
    from mathpath.learner import profile as profiles

    current = profiles.load_profile().profile
    catalog = catalog_in_use(ctx, current)
    in_profile = {n.topic for n in current.known_needs()}
    ids = []
    for word in topics:
        topic = word.partition("@")[0]
        if topic not in in_profile and topic not in catalog.topic_by_id:
            raise UsageError(
                _("unknown topic {topic}").format(topic=repr(topic)),
                hint=did_you_mean(topic, [*in_profile, *catalog.topic_by_id])
                or _("see `mathpath profile show`"),
            )
        ids.append(topic)
    absent = profiles.without_known(current, ids)[1]
    profiles.update_profile(lambda p: profiles.without_known(p, ids)[0])
    removed = [t for t in dict.fromkeys(ids) if t not in absent]
    if removed:
        typer.echo(_("No longer known: {topics}").format(topics=listing(removed)))
    if absent:
        typer.echo(_("Not in your profile: {topics}").format(topics=listing(absent)))


def init(ctx: typer.Context) -> None:
    """Set up your profile with a few questions: goal, known topics, hours per week, days.

    Skipped (exit 0) when stdin is not a terminal; use `mathpath profile set` in scripts.

    Example: mathpath init
    """
    from mathpath.learner import paths
    from mathpath.learner import profile as profiles
    from mathpath.planning.defaults import DEFAULT_HOURS_PER_WEEK

    if not _stdin_is_terminal():
        typer.echo(
            _(
                "mathpath init is interactive and stdin is not a terminal: skipped. "
                "Use `mathpath profile set KEY VALUE` instead."
            )
        )
        return
    current = profiles.load_profile().profile  # refuse early on a broken profile
    current = _ask_language(current)  # first, so that the rest is asked in it
    catalog = catalog_in_use(ctx, current)
    goal_ids = list(catalog.goal_by_id)
    typer.echo(
        _("Setting up {path} (Ctrl-C to stop; nothing is written until the end).").format(
            path=paths.profile_path()
        )
    )

    def ask(question: str, default: str, key: str, cat: "Catalog | None") -> "Profile":
        while True:
            answer = typer.prompt(question, default=default, show_default=bool(default))
            try:
                return profiles.set_value(current, key, answer, cat)
            except UsageError as exc:
                typer.echo(f"  {exc}", err=True)

    def shown(value: Any) -> str:
        if isinstance(value, list):
            return ",".join(str(v) for v in value)
        return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    current = ask(
        _("Goal ({goals})").format(goals=", ".join(goal_ids)),
        shown(current.goals) or (goal_ids[0] if goal_ids else ""),
        "goals",
        catalog,
    )
    current = ask(
        _("Topics you already know (comma-separated, none for none)"),
        shown(current.known) or "none",
        "known",
        catalog,
    )
    current = ask(
        _("Hours per week"),
        shown(current.hours_per_week) or f"{DEFAULT_HOURS_PER_WEEK:g}",
        "hours_per_week",
        None,
    )
    current = ask(
        _("Study days (mon,wed,sat / weekdays / all)"),
        shown(current.study_days) or "all",
        "study_days",
        None,
    )
    answers = current
    profiles.update_profile(
        lambda p: p.model_copy(
            update={
                "lang": answers.lang,
                "goals": answers.goals,
                "known": answers.known,
                "hours_per_week": answers.hours_per_week,
                "study_days": answers.study_days,
            }
        )
    )
    typer.echo(_("Saved {path}. Next: mathpath plan").format(path=paths.profile_path()))


def _ask_language(current: "Profile") -> "Profile":
    """init's first question, asked in both languages (none is chosen yet): the language of
    mathpath's interface and of the titles and links it shows; the rest of init follows it."""
    from mathpath import i18n
    from mathpath.learner import profile as profiles

    default = current.lang or ("zh" if i18n.is_chinese() else "en")
    while True:
        answer = typer.prompt("Language / 语言 (en, zh)", default=default)
        try:
            chosen = profiles.set_value(current, "lang", answer, None)
        except UsageError as exc:
            typer.echo(f"  {exc}", err=True)
            continue
        i18n.use(chosen.lang)
        return chosen


# --- progress -----------------------------------------------------------------------------------


def done(
    ctx: typer.Context,
    resource: Annotated[
        str,
        typer.Argument(
            help="The resource id (see `mathpath list`).", autocompletion=completion.resource_ids
        ),
    ],
    part: PartOption = None,
    date: DateOption = None,
    hours: Annotated[
        float | None,
        typer.Option("--hours", help="Hours it actually took in total (sets your pace)."),
    ] = None,
    note: NoteOption = None,
) -> None:
    """Mark a resource, or one part of it, finished.

    Example: mathpath done mit-18.06sc --hours 52; mathpath done strang-calculus --part ch13
    """
    from mathpath.learner import progress

    resource_id, part_id = progress.check_unit(catalog_in_use(ctx), resource, part)
    day = progress.parse_date(date, options.today())
    record = progress.append_record(
        "done",
        resource_id,
        part=part_id,
        on=day,
        hours=progress.parse_hours(hours, option="--hours"),
        note=note,
    )
    typer.echo(_("Recorded {record}").format(record=record.describe()))
    _entered_review(ctx, record.unit)


def _entered_review(ctx: typer.Context, unit: str) -> None:
    """What a finish puts in spaced review, and when each comes back (``mathpath review``)."""
    from mathpath.i18n import date_text
    from mathpath.learner.progress import load_progress
    from mathpath.learner.review import review_states

    states = [s for s in review_states(load_progress(), catalog_in_use(ctx)) if s.source == unit]
    for state in states:
        typer.echo(
            _("In review: {topic}@{depth}, next review due {date}").format(
                topic=state.topic, depth=state.depth, date=date_text(state.due)
            )
        )


def log(
    ctx: typer.Context,
    resource: Annotated[
        str, typer.Argument(help="The resource id.", autocompletion=completion.resource_ids)
    ],
    hours: Annotated[float, typer.Argument(help="Hours studied.")],
    part: PartOption = None,
    date: DateOption = None,
    note: NoteOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Record it even if it looks impossible (more hours than the day has, or far "
            "more than the resource has left).",
        ),
    ] = False,
) -> None:
    """Record time spent on a resource (or one part of it) you have not finished.

    Example: mathpath log mit-18.06sc 2.5 --note "lectures 1-3"
    """
    from mathpath.learner import progress

    catalog = catalog_in_use(ctx)
    resource_id, part_id = progress.check_unit(catalog, resource, part)
    day = progress.parse_date(date, options.today())
    spent = progress.parse_hours(hours, option="HOURS")
    found = progress.check_resource(catalog, resource_id)

    def plausible(now: progress.Progress) -> UsageError | None:
        if force or spent is None:
            return None
        return progress.implausible_log(now.records, found, part_id, day, spent)

    record = progress.append_record(
        "log", resource_id, part=part_id, on=day, hours=spent, note=note, check=plausible
    )
    typer.echo(_("Recorded {record}").format(record=record.describe()))


def undo() -> None:
    """Remove the last progress record (and say which it was).

    Example: mathpath undo
    """
    from mathpath.learner.progress import undo_last

    record = undo_last()
    typer.echo(_("Removed {record}").format(record=record.describe()))


def status(
    ctx: typer.Context,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            "-g",
            help="The goal (default: your profile's first).",
            autocompletion=completion.goal_ids,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Progress on your plan: per resource and overall, against your committed schedule,
    projected finish and what to study next.

    Example: mathpath status --goal deep-learning
    """
    from mathpath.learner.profile import load_profile
    from mathpath.learner.progress import load_progress
    from mathpath.learner.status import build_status, plan_for_status

    profile = load_profile().profile
    catalog = catalog_in_use(ctx, profile)
    options.check_goal(catalog, goal)
    progress = load_progress()
    records = progress.records
    today = options.today()
    goal_id, outline, committed_at, notes = plan_for_status(
        catalog, profile, records, goal, today, reviews=progress.reviews
    )
    result = build_status(
        goal_id,
        outline,
        records,
        catalog,
        today,
        committed_at=committed_at,
        hours_per_week=profile.hours_per_week,
        notes=notes,
    )
    if as_json:
        options.print_json("status", result.to_dict())
        return
    from mathpath.learner.review import review_list
    from mathpath.learner.today import finished_units, next_steps
    from mathpath.render.status import status_view

    due = review_list(progress, catalog, today, minutes=profile.review_minutes).until(today)
    _print(status_view(result, next_steps(outline, catalog, today, finished_units(result)), due))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(profile_app)
    app.command("know")(know)
    app.command("unknow")(unknow)
    app.command("init")(init)
    app.command("done")(done)
    app.command("log")(log)
    app.command("undo")(undo)
    app.command("status")(status)
