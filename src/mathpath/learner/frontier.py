"""``mathpath next`` for a learner: the frontier (``mathpath.planning.frontier``) of what the
profile, the progress and the command line make known and done, through the one request
builder (``mathpath.learner.request.learner_choices``).

The goal is the one ``status`` and ``today`` use (``goal_in_use``: the one given, else the
profile's first, else the only goal with a committed plan); with none the frontier spans the
catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from mathpath.catalog.parts import resolve_unit
from mathpath.catalog.validate import did_you_mean
from mathpath.errors import UsageError
from mathpath.i18n import _
from mathpath.learner.profile import Profile
from mathpath.learner.progress import ProgressRecord
from mathpath.learner.replan import goal_in_use
from mathpath.learner.request import learner_choices
from mathpath.planning.core import topic_index
from mathpath.planning.frontier import Frontier, frontier, knowledge_of
from mathpath.planning.knowledge import rank_of
from mathpath.planning.request import PlanChoices, preferences_of
from mathpath.planning.units import units_of

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog


def learner_frontier(
    catalog: Catalog,
    profile: Profile,
    records: Sequence[ProgressRecord],
    said: PlanChoices,
    *,
    limit: int = 10,
) -> Frontier:
    """What the learner can learn next, for what the command line ``said`` (goal, known, done,
    lang, and the preferences a plan honours: prefer, free-only, max-level, exclude) over the
    profile and the progress recorded."""
    goal_id = goal_in_use(said.goal, [g for g in profile.goals if g in catalog.goal_by_id])
    learner = learner_choices(replace(said, goal=goal_id), profile, records, catalog)
    choices = learner.choices
    topics = catalog.topic_by_id
    known: dict[str, int] = {}
    for need in choices.known:
        if need.topic not in topics:
            raise UsageError(
                _("unknown topic {topic} in --know").format(topic=repr(need.topic)),
                hint=did_you_mean(need.topic, topics) or _("see `mathpath topics`"),
            )
        known[need.topic] = rank_of(need.depth)  # the later source's depth wins
    for unit in choices.done:
        resolve_unit(catalog, unit, "--done")
    goal = catalog.goal_by_id.get(choices.goal) if choices.goal is not None else None
    index = topic_index(units_of(catalog).catalog)
    knowledge = knowledge_of(index, known.items(), choices.done, goal)
    done = {unit for unit in choices.done if ":" not in unit}  # a whole, not one part
    prefs = preferences_of(choices)
    found = frontier(
        catalog, index, knowledge, goal=goal, done=done, lang=choices.lang, prefs=prefs, limit=limit
    )
    return replace(found, notes=tuple(learner.notes))
