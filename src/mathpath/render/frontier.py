"""The terminal view of ``mathpath next``: the frontier, topics then resources.

Each row puts its id (``topic@depth`` or the resource id) on its own line after the hours, so
that at 80 columns it is never cut; titles and the lists of what a row meets and unlocks wrap.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from mathpath.i18n import _, listing
from mathpath.planning.frontier import Frontier, FrontierRow
from mathpath.planning.plans import format_duration, minutes_from_hours

INDENT = "    "
SHOWN = 6  # ids listed per "meets" or "unlocks" line; the JSON has them all


def _ids(line: str, ids: tuple[str, ...]) -> str:
    """``line`` (``meets {ids}``) with the first ``SHOWN`` ids, and how many more."""
    shown = listing(ids[:SHOWN])
    if len(ids) > SHOWN:
        shown = _("{ids} and {n} more").format(ids=shown, n=len(ids) - SHOWN)
    return line.format(ids=shown)


def _row(row: FrontierRow) -> list[RenderableType]:
    hours = format_duration(minutes_from_hours(row.hours)) if row.hours is not None else "—"
    head = Text("  ")
    head.append(hours, style="bold")
    head.append("  ")
    head.append(row.label, style="bold")
    lines: list[RenderableType] = [head, Text(INDENT + row.title, style="dim")]
    if row.kind == "topic":
        lines.append(
            Text(
                INDENT
                + (
                    _("via {resource}").format(resource=row.via)
                    if row.via
                    else _("no resource ready for it yet")
                )
            )
        )
    if row.meets:
        lines.append(Text(INDENT + _ids(_("meets {ids}"), row.meets)))
    if row.unlocks:
        lines.append(Text(INDENT + _ids(_("unlocks {ids}"), row.unlocks)))
    return lines


def _section(title: str, rows: tuple[FrontierRow, ...], more: int) -> list[RenderableType]:
    lines: list[RenderableType] = [Text(title, style="bold")]
    if not rows:
        lines.append(Text("  " + _("none ready yet"), style="dim"))
    for row in rows:
        lines += _row(row)
    if more:
        lines.append(Text("  " + _("and {n} more (--limit)").format(n=more), style="dim"))
    return lines


def frontier_view(found: Frontier) -> RenderableType:
    if found.goal is not None:
        if found.needed:
            head = _(
                "What you can learn next for goal {goal} ({n} topic depths still needed)"
            ).format(goal=found.goal, n=found.needed)
        else:
            head = _("What you can learn next for goal {goal}").format(goal=found.goal)
    else:
        head = _("What you can learn next (the whole catalog; --goal narrows it)")
    lines: list[RenderableType] = [Text(head, style="bold")]
    if not found.topics and not found.resources:
        lines.append(
            Text(
                "  "
                + (
                    _("Nothing: the goal needs nothing more.")
                    if found.goal is not None and not found.needed
                    else _("Nothing is ready: every topic is known or waits for a prerequisite.")
                )
            )
        )
    else:
        lines += _section(_("Topics"), found.topics, found.more_topics)
        lines += _section(_("Resources"), found.resources, found.more_resources)
    lines += [Text(_("note: {note}").format(note=note), style="dim") for note in found.notes]
    return Group(*lines)
