"""A plan's sittings of both kinds, study and spaced review, in the order a day has them.

On a day with reviews they come first (the scheduler reserves their minutes before new study),
then that day's study sessions in study order; start times (``--time``) run through both, back
to back. A plan without reviews gives exactly its sessions and their start times, so every
export of such a plan stays byte for byte what it was.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mathpath.catalog.parts import unit_id
from mathpath.planning.plans import Session
from mathpath.planning.schedule import session_starts

if TYPE_CHECKING:
    from mathpath.planning.plans import Plan
    from mathpath.planning.reviews import ReviewSession

STUDY = "study"
REVIEW = "review"


@dataclass(frozen=True, slots=True)
class Sitting:
    date: datetime.date
    minutes: int
    kind: str  # STUDY or REVIEW
    index: int  # into plan.sessions (study) or plan.reviews (review)
    session: Session | None = None
    review: ReviewSession | None = None

    @property
    def label(self) -> str:
        """``R`` or ``R:P`` for study, ``review T@depth`` for a review."""
        if self.review is not None:
            from mathpath.i18n import _

            return _("review {topic}@{depth}").format(
                topic=self.review.topic, depth=self.review.depth
            )
        assert self.session is not None
        return unit_id(self.session.resource_id, self.session.part)


def sittings(plan: Plan) -> tuple[list[Sitting], list[datetime.datetime | None]]:
    """Every sitting in date order (a day's reviews first), and when each starts."""
    by_day: dict[datetime.date, list[Sitting]] = {}
    for n, review in enumerate(plan.reviews):
        by_day.setdefault(review.date, []).append(
            Sitting(review.date, review.minutes, REVIEW, n, review=review)
        )
    for n, session in enumerate(plan.sessions):
        by_day.setdefault(session.date, []).append(
            Sitting(session.date, session.minutes, STUDY, n, session=session)
        )
    ordered = [sitting for day in sorted(by_day) for sitting in by_day[day]]
    times = dict(plan.request.schedule.times)
    starts = session_starts([Session(s.date, "", s.minutes) for s in ordered], times)
    return ordered, starts
