"""The one request builder for every command that plans (``plan``, ``why``, ``graph --plan``,
``status``, ``today``): what the command line said, over the profile, plus the progress recorded.
``plan_in_use`` is the plan ``status`` and ``today`` read: the committed one, else the very plan
``mathpath plan`` makes from the same profile and progress, so that the three agree.

The command line wins over the profile, the profile over mathpath's defaults
(``mathpath.planning.request.make_request`` applies those); what is known, done, excluded or
included adds up. Progress (unless ``use_progress`` is off): finished resources become ``done``,
partial time becomes ``spent_minutes``, and a personal pace factor applies once there is enough
evidence (``mathpath.learner.replan.personal_pace``). Progress on a part is passed on by its unit
id: a finished part is ``done`` entry ``R:P``, time on it ``("R:P", minutes)``; a finished whole
stays ``R``. The notes say what came from where, for ``Plan.notes`` and the terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mathpath.i18n import _, listing
from mathpath.learner.outline import PlanOutline, outline_of_dict, outline_of_plan
from mathpath.learner.profile import Profile
from mathpath.learner.progress import ProgressRecord, ReviewRecord, in_catalog, summarize
from mathpath.learner.replan import Pace, goal_in_use, load_committed_plan, personal_pace
from mathpath.planning.plans import PlanRequest, hours_from_minutes
from mathpath.planning.request import PlanChoices, make_request

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog


def profile_choices(profile: Profile, catalog: Catalog, notes: list[str]) -> PlanChoices:
    """What the profile says, as far as this catalog knows it (a note for what it does not)."""
    goals = [g for g in profile.goals if g in catalog.goal_by_id]
    known = []
    for need in profile.known_needs():
        if need.topic in catalog.topic_by_id:
            known.append(need)
        else:
            notes.append(
                _("known topic {topic} in your profile is not in this catalog").format(
                    topic=repr(need.topic)
                )
            )
    return PlanChoices(
        goal=goals[0] if goals else None,
        known=tuple(known),
        hours_per_week=profile.hours_per_week,
        study_days=profile.study_day_numbers(),
        day_hours=profile.day_hour_numbers(),
        session_hours=profile.session_hours,
        min_session=profile.min_session,
        fill=profile.fill,
        block=profile.block,
        skip=profile.skip_spans(),
        holidays=profile.holidays,
        times=profile.time_numbers(),
        tz=profile.tz,
        live=profile.live,
        prefer=tuple(profile.prefer) or None,
        free_only=profile.free_only,
        lang=profile.lang,
        require_lang=profile.require_lang,
        max_level=profile.max_level,
        review_minutes=profile.review_minutes,
    )


@dataclass(frozen=True, slots=True)
class LearnerChoices:
    """What the command line said over the profile, with the progress recorded: finished units
    added to ``done``, time spent on the others, the personal pace, and notes."""

    choices: PlanChoices
    spent: tuple[tuple[str, int], ...]
    pace: Pace
    notes: list[str]


def learner_choices(
    said: PlanChoices,
    profile: Profile,
    records: Sequence[ProgressRecord],
    catalog: Catalog,
) -> LearnerChoices:
    """The first half of ``plan_request``, for commands that need what is known and done but
    no plan (``mathpath next``, which also works without a goal)."""
    notes: list[str] = []
    choices = said.over(profile_choices(profile, catalog, notes))
    if said.goal is None and choices.goal is not None:
        notes.insert(0, _("goal {goal} from your profile").format(goal=choices.goal))

    done = list(choices.done)
    spent: list[tuple[str, int]] = []
    pace = Pace(1.0, False, None, 0, 0, 0)
    if choices.use_progress and records:
        summary = summarize(records)
        pace = personal_pace(summary, catalog)
        finished_here: list[str] = []
        for unit, progress in summary.items():
            whole = summary.get(progress.resource)
            if not in_catalog(progress, catalog):
                notes.append(
                    _("progress on {unit} is kept but ignored: it is not in this catalog").format(
                        unit=repr(unit)
                    )
                )
            elif progress.resource in done or (whole is not None and whole.finished):
                if unit == progress.resource and unit not in done:  # the whole, finished
                    done.append(unit)
                    finished_here.append(unit)
                # a part of a finished whole: the whole already says it
            elif progress.finished:
                if unit not in done:
                    done.append(unit)
                    finished_here.append(unit)
            elif progress.spent_minutes and unit not in done:
                spent.append((unit, progress.spent_minutes))
        if finished_here:
            notes.append(
                _("finished, left out of the plan: {ids}").format(ids=listing(finished_here))
            )
        if spent:
            parts = listing(
                _("{unit} {hours} h").format(unit=r, hours=f"{hours_from_minutes(m):g}")
                for r, m in spent
            )
            notes.append(_("time already spent, subtracted: {units}").format(units=parts))
    return LearnerChoices(replace(choices, done=tuple(done)), tuple(spent), pace, notes)


def plan_request(
    said: PlanChoices,
    profile: Profile,
    records: Sequence[ProgressRecord],
    catalog: Catalog,
    today: dt.date,
    *,
    reviews: Sequence[ReviewRecord] | None = None,
) -> tuple[PlanRequest, list[str]]:
    """The plan request for what the command line ``said``, given the learner's profile and
    progress, and notes saying what was taken from where. ``reviews`` (the review log) puts
    spaced review in the plan (``mathpath.learner.review``); None plans new study only."""
    learner = learner_choices(said, profile, records, catalog)
    choices, spent, pace, notes = learner.choices, learner.spent, learner.pace, learner.notes
    pace_factor = 1.0
    if choices.pace_factor is not None:
        pace_factor = choices.pace_factor
        notes.append(
            _("pace factor {factor} from the command line").format(factor=f"{pace_factor:g}")
        )
    elif pace.established:
        pace_factor = pace.factor
        notes.append(_("{pace}: remaining estimates multiplied by it").format(pace=pace.describe()))
    elif choices.use_progress and pace.raw is not None:
        notes.append(pace.describe())
    # The planner subtracts spent minutes from the catalog estimate and then applies the pace
    # factor, so time actually spent is converted to catalog time first: remaining = estimate x
    # pace - spent.
    spent_catalog = tuple((r, round(m / pace_factor)) for r, m in spent)
    request = make_request(
        choices,
        today=today,
        spent_minutes=spent_catalog,
        pace_factor=pace_factor,
    )
    if reviews is not None:
        from mathpath.learner.review import review_deck
        from mathpath.planning.defaults import DEFAULT_REVIEW_MINUTES
        from mathpath.planning.reviews import ReviewRequest

        log = reviews if choices.use_progress else ()
        deck = review_deck(records if choices.use_progress else (), log, catalog)
        minutes = choices.review_minutes or DEFAULT_REVIEW_MINUTES
        request = replace(request, reviews=ReviewRequest(deck.states(), minutes))
    return request, notes


@dataclass(frozen=True, slots=True)
class PlanInUse:
    goal: str
    outline: PlanOutline
    committed_at: dt.datetime | None  # when it was saved (None: a fresh plan)
    notes: list[str]


def plan_in_use(
    catalog: Catalog,
    profile: Profile,
    records: Sequence[ProgressRecord],
    goal: str | None,
    day: dt.date,
    *,
    reviews: Sequence[ReviewRecord] | None = None,
) -> PlanInUse:
    """The plan ``status`` and ``today`` read on ``day``: the one committed to for the goal
    (``goal_in_use``), else a fresh plan from exactly the request ``mathpath plan`` builds from
    the same profile and progress (its finished resources left out, time spent subtracted, the
    pace applied, starting on ``day``; with the review log ``reviews``, spaced review placed as
    ``plan`` places it)."""
    goal = goal_in_use(goal, [g for g in profile.goals if g in catalog.goal_by_id])
    request, notes = plan_request(
        PlanChoices(goal=goal), profile, records, catalog, day, reviews=reviews
    )
    committed = load_committed_plan(request.goal)
    if committed is not None:
        outline = outline_of_dict(committed.plan)
        if outline.reviews is not None:  # placed as the plan placed them, with today's cards
            cards = request.reviews
            kept = replace(cards, minutes=outline.reviews.minutes) if cards is not None else None
            outline = replace(outline, reviews=kept)
        return PlanInUse(request.goal, outline, committed.saved_at, notes)
    from mathpath.planning import make_plan  # the planner is heavy: imported only when needed

    return PlanInUse(request.goal, outline_of_plan(make_plan(catalog, request)), None, notes)
