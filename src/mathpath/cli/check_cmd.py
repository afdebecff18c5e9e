"""``mathpath check``: a placement check that finds the depth you know each topic at.

A thin shell over ``mathpath.learner.placement`` (the walk and answer files); the views are in
``mathpath.render.check``; JSON goes out in the one envelope (kind ``check``). The profile is
changed only with consent: ``--save``, or "yes" at the prompt on a terminal.
"""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mathpath.cli import completion, options
from mathpath.cli.options import catalog_in_use
from mathpath.errors import UsageError
from mathpath.i18n import _, listing

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog
    from mathpath.learner.placement import Question


# A seam for tests: whether a person is at the keyboard.
def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


_format = options.text_format


def check(
    ctx: typer.Context,
    topics: Annotated[
        list[str] | None,
        typer.Argument(
            help="Topics to check, optionally TOPIC@depth (the deepest to ask; default "
            "thorough), with what they build on.",
            show_default=False,
            autocompletion=completion.topic_ids,
        ),
    ] = None,
    goal: options.Goal = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Answer from this YAML file instead of the keyboard: TOPIC:CHECK, TOPIC@DEPTH "
            "or TOPIC, each mapped to yes or no (the most specific applies).",
            show_default=False,
        ),
    ] = None,
    format_: options.TextFormat = "text",
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="Show the questions in this language, e.g. zh (default: your profile's "
            "language, else English).",
            show_default=False,
        ),
    ] = None,
    save: Annotated[
        bool | None,
        typer.Option(
            "--save/--no-save",
            help="Save the depths found to your profile's known topics without asking, or "
            "never (default: ask at a terminal, else do not save).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Find what you already know: self-check questions, topic by topic, from the bottom of the
    goal's prerequisite graph up, one depth at a time; what you cannot do settles what is not
    asked (no multivariable calculus without the overview of one variable).

    It ends with the depths found, the --know options they mean, and whether to save them to
    your profile (only with your consent). Topics default to your profile's goal, else every
    topic with questions.

    Example: mathpath check --goal deep-learning --lang zh
    """
    fmt = _format(format_)
    from mathpath.learner import placement as placements
    from mathpath.learner import profile as profiles
    from mathpath.planning.request import parse_lang

    profile = profiles.load_profile().profile
    catalog = catalog_in_use(ctx, profile)
    options.check_goal(catalog, goal)
    language = parse_lang(lang) if lang is not None else profile.lang
    needs = profiles.resolve_topics(catalog, topics or [], name="TOPIC")
    goal_id = goal if goal is not None or needs or not profile.goals else profile.goals[0]
    chosen = catalog.goal_by_id.get(goal_id) if goal_id else None
    scope = placements.placement_scope(catalog, needs, chosen)
    if not scope:
        raise UsageError(
            _("nothing to check: no topic asked about has self-check items"),
            hint=_(
                "see `mathpath topics`; broad topics such as calculus stand for the topics "
                "inside them"
            ),
        )
    if answers is not None:
        sheet = placements.read_answers(answers, catalog, language)
        result = placements.place(catalog, scope, sheet.ask)
    else:
        if fmt == "json" or not _stdin_is_terminal():
            raise UsageError(
                _(
                    "mathpath check asks its questions at a terminal and --format json prints "
                    "only JSON"
                )
                if fmt == "json"
                else _("mathpath check asks its questions at a terminal"),
                hint=_("give the answers in a file: --answers FILE"),
            )
        result = placements.place(catalog, scope, _asker(catalog, language))
    known = result.known()
    saved = bool(known) and _consent(save, fmt, result.know_options())
    if saved:
        profiles.update_profile(lambda p: profiles.with_known(p, known))
    if fmt == "json":
        options.print_json("check", {**result.to_dict(language), "saved": saved})
        return
    from mathpath.render.check import answers_view, placement_view

    if answers is not None:
        options.print_view(answers_view(result.asked, catalog, language))
        typer.echo("")
    options.print_view(placement_view(result, catalog, language))
    if saved:
        typer.echo(
            _("Saved to your profile: {topics}").format(
                topics=listing(profiles.format_known(n) for n in known)
            )
        )
    elif known:
        typer.echo(
            _("Not saved. To save them: {command}").format(
                command="mathpath know " + " ".join(profiles.format_known(n) for n in known)
            )
        )


def _consent(save: bool | None, fmt: str, know_options: list[str]) -> bool:
    """--save or --no-save decide; otherwise ask, on a terminal and in text only."""
    if save is not None:
        return save
    if fmt != "text" or not _stdin_is_terminal():
        return False
    typer.echo("")
    return typer.confirm(_("Save these to your profile's known topics?"), default=False)


def _asker(catalog: "Catalog", lang: str | None) -> "Callable[[Question], bool]":
    """Questions at the keyboard: y (I can), n (I cannot), a (show the answer, then decide)."""
    from mathpath.render.check import question_view

    def ask(question: "Question") -> bool:
        options.print_view(question_view(question, catalog, lang))
        shown = False
        while True:
            reply = typer.prompt(
                "  " + _("Can you? y/n (a: show the answer)"), default="", show_default=False
            )
            word = reply.strip().lower()
            if word in ("y", "yes"):
                return True
            if word in ("n", "no"):
                return False
            if word in ("a", "answer", "?") and not shown:
                options.print_view(question_view(question, catalog, lang, answer=True))
                shown = True

    return ask


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("check")(check)
