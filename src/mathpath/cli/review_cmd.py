"""``mathpath review``: what spaced review has due, and recording a review.

A thin shell over ``mathpath.learner.review`` (cards from the progress file, FSRS through the
``fsrs`` package, imported only here and by plans with reviews); the views are in
``mathpath.render.review``; JSON goes out in the one envelope (kind ``review``).
"""

from typing import Annotated, Any

import typer

from mathpath.cli import options
from mathpath.cli.options import catalog_in_use
from mathpath.errors import UsageError
from mathpath.i18n import _, content_language


def review(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            help="The topic you reviewed, or TOPIC@depth (default: every depth of it in "
            "review). Without it: list what is due.",
            show_default=False,
        ),
    ] = None,
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating",
            metavar="RATING",
            help="How the review went: again (forgot), hard, good or easy.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The day of the review: YYYY-MM-DD, today, yesterday or a weekday (the last "
            "one). Without TOPIC: list what is due as of that day.",
            show_default="today",
        ),
    ] = None,
    review_minutes: options.ReviewMinutes = None,
    format_: options.TextFormat = "text",
) -> None:
    """Spaced review: list what is due (overdue, today, this week), or record a review.

    Topics enter review when you finish what teaches them (`mathpath done`); each review is
    scheduled with FSRS; `plan` places the reviews due in your week, `today` lists them.

    Example: mathpath review; mathpath review linear-algebra --rating good
    """
    options.text_format(format_)
    from mathpath.learner import progress as progresses
    from mathpath.learner import review as reviews
    from mathpath.learner.profile import load_profile
    from mathpath.planning.request import parse_minutes

    profile = load_profile().profile
    catalog = catalog_in_use(ctx, profile)
    today = options.today()
    if topic is None:
        if rating is not None:
            raise UsageError(
                _("--rating records a review: name the topic"),
                hint="mathpath review TOPIC --rating good",
            )
        if date is not None:  # the list as of another day
            from mathpath.planning.request import parse_date

            today = parse_date(date, "--date", today=today)
        minutes = review_minutes if review_minutes is not None else profile.review_minutes
        if minutes is not None:
            minutes = parse_minutes(minutes, "--review-minutes")
        listing = reviews.review_list(
            progresses.load_progress(), catalog, today, content_language(profile.lang), minutes
        )
        if format_ == "json":
            options.print_json("review", _list_json(listing))
            return
        from mathpath.render.review import review_list_view

        options.print_view(review_list_view(listing, catalog, content_language(profile.lang)))
        return
    if rating is None:
        raise UsageError(
            _("a review needs --rating"),
            hint=_("again, hard, good or easy: how well you recalled it"),
        )
    if review_minutes is not None:
        raise UsageError(
            _("--review-minutes sets the length of sittings in plans and the list, not of a review")
        )
    chosen = reviews.parse_rating(rating)
    day = progresses.parse_date(date, today)
    written, states = reviews.record_review(topic, chosen, catalog, on=day)
    if format_ == "json":
        options.print_json(
            "review",
            {
                "recorded": [r.model_dump(mode="json") for r in written],
                "cards": [_state_json(s, today) for s in states],
            },
        )
        return
    from mathpath.render.review import reviewed_view

    options.print_view(reviewed_view(states, chosen))


def _state_json(state: Any, today: Any) -> dict[str, Any]:
    from mathpath.learner.review import when_due

    return {
        "topic": state.topic,
        "depth": state.depth,
        "due": state.due.isoformat(),
        "when": when_due(state.due, today),
        "last_review": state.last_review.isoformat(),
        "reviews": state.reviews,
        "stability": round(state.stability, 4),
        "difficulty": round(state.difficulty, 4),
        "source": state.source,
    }


def _list_json(listing: Any) -> dict[str, Any]:
    return {
        "today": listing.today.isoformat(),
        "minutes": listing.minutes,
        "due": listing.to_dicts(),
        "later": listing.later,
    }


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("review")(review)
