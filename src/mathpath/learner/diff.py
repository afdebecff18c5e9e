"""What a new plan changes compared with the committed one (``mathpath plan --diff``).

Items are matched by resource id. An item is *changed* when its planned time or its planned parts
differ (say, Strang's chapters 1-10 planned before and chapters 11-16 now)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from mathpath.i18n import _, listing, ngettext
from mathpath.learner.outline import PlannedItem, outline_of_dict
from mathpath.planning.plans import hours_from_minutes


@dataclass(frozen=True, slots=True)
class HoursChange:
    id: str
    title: str
    old_minutes: int
    new_minutes: int
    old_parts: tuple[str, ...] = ()  # () = the whole resource
    new_parts: tuple[str, ...] = ()

    @property
    def parts_changed(self) -> bool:
        return self.old_parts != self.new_parts


@dataclass(frozen=True, slots=True)
class PlanDiff:
    added: tuple[PlannedItem, ...]
    removed: tuple[PlannedItem, ...]
    changed: tuple[HoursChange, ...]
    old_minutes: int
    new_minutes: int
    old_finish: dt.date | None
    new_finish: dt.date | None
    # Items of the old plan that are gone because the learner finished them, not dropped.
    finished: tuple[PlannedItem, ...] = ()

    @property
    def unchanged(self) -> bool:
        return (
            not self.added
            and not self.removed
            and not self.changed
            and not self.finished
            and self.old_finish == self.new_finish
        )

    @property
    def finish_shift_days(self) -> int | None:
        if self.old_finish is None or self.new_finish is None:
            return None
        return (self.new_finish - self.old_finish).days

    def to_dict(self) -> dict[str, Any]:
        def item(i: PlannedItem) -> dict[str, Any]:
            return {
                "id": i.id,
                "title": i.title,
                "hours": hours_from_minutes(i.minutes),
                "parts": list(i.parts),
            }

        return {
            "added": [item(i) for i in self.added],
            "removed": [item(i) for i in self.removed],
            "finished": [item(i) for i in self.finished],
            "changed": [
                {
                    "id": c.id,
                    "title": c.title,
                    "old_hours": hours_from_minutes(c.old_minutes),
                    "new_hours": hours_from_minutes(c.new_minutes),
                    "old_parts": list(c.old_parts),
                    "new_parts": list(c.new_parts),
                }
                for c in self.changed
            ],
            "old_hours": hours_from_minutes(self.old_minutes),
            "new_hours": hours_from_minutes(self.new_minutes),
            "old_finish": self.old_finish.isoformat() if self.old_finish else None,
            "new_finish": self.new_finish.isoformat() if self.new_finish else None,
            "finish_shift_days": self.finish_shift_days,
        }


def parts_text(parts: tuple[str, ...]) -> str:
    """``("ch1-10", "ch13")`` -> ``"parts ch1-10, ch13"``; ``()`` -> ``"whole"``."""
    if not parts:
        # TRANSLATORS: a resource planned as a whole, not in parts ("whole -> parts ch13").
        return _("whole")
    return ngettext("part {ids}", "parts {ids}", len(parts)).format(ids=listing(parts))


def change_text(change: HoursChange) -> str:
    """``"20 h -> 25 h"``, ``"whole -> parts ch13"`` or both, separated by a comma."""
    said = []
    if change.old_minutes != change.new_minutes:
        old, new = hours_from_minutes(change.old_minutes), hours_from_minutes(change.new_minutes)
        said.append(_("{old} h -> {new} h").format(old=f"{old:g}", new=f"{new:g}"))
    if change.parts_changed:
        said.append(f"{parts_text(change.old_parts)} -> {parts_text(change.new_parts)}")
    return ", ".join(said)


def diff_plans(
    old: Mapping[str, Any], new: Mapping[str, Any], finished: Collection[str] = ()
) -> PlanDiff:
    """What changed from plan dict ``old`` (e.g. the committed one) to ``new``; items keep the
    order of the plan they come from. An old item missing from the new plan whose resource is in
    ``finished`` (the learner's finished resources) is reported as finished, not removed."""
    before = outline_of_dict(old)
    after = outline_of_dict(new)
    old_by_id = {i.id: i for i in before.items}
    new_by_id = {i.id: i for i in after.items}
    gone = [i for i in before.items if i.id not in new_by_id]
    return PlanDiff(
        added=tuple(i for i in after.items if i.id not in old_by_id),
        removed=tuple(i for i in gone if i.id not in finished),
        finished=tuple(i for i in gone if i.id in finished),
        changed=tuple(
            HoursChange(
                i.id, i.title, old_by_id[i.id].minutes, i.minutes, old_by_id[i.id].parts, i.parts
            )
            for i in after.items
            if i.id in old_by_id
            and (old_by_id[i.id].minutes, old_by_id[i.id].parts) != (i.minutes, i.parts)
        ),
        old_minutes=before.minutes,
        new_minutes=after.minutes,
        old_finish=before.finish,
        new_finish=after.finish,
    )
