"""The terminal view of ``mathpath next``: the frontier, topics then resources.

Each row puts its id (``topic@depth`` or the resource id) on its own line after the hours, so
that at 80 columns it is never cut; titles and the lists of what a row meets and unlocks wrap.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from mathpath.planning.frontier import Frontier, FrontierRow
from mathpath.planning.plans import format_duration, minutes_from_hours

INDENT = "    "
SHOWN = 6  # ids listed per "meets" or "unlocks" line; the JSON has them all


def _ids(word: str, ids: tuple[str, ...]) -> str:
    shown = ", ".join(ids[:SHOWN])
    more = f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
    return f"{word} {shown}{more}"


def _row(row: FrontierRow) -> list[RenderableType]:
    hours = format_duration(minutes_from_hours(row.hours)) if row.hours is not None else "—"
    head = Text("  ")
    head.append(hours, style="bold")
    head.append("  ")
    head.append(row.label, style="bold")
    lines: list[RenderableType] = [head, Text(INDENT + row.title, style="dim")]
    if row.kind == "topic":
        lines.append(
            Text(INDENT + (f"via {row.via}" if row.via else "no resource ready for it yet"))
        )
    if row.meets:
        lines.append(Text(INDENT + _ids("meets", row.meets)))
    if row.unlocks:
        lines.append(Text(INDENT + _ids("unlocks", row.unlocks)))
    return lines


def _section(title: str, rows: tuple[FrontierRow, ...], more: int) -> list[RenderableType]:
    lines: list[RenderableType] = [Text(title, style="bold")]
    if not rows:
        lines.append(Text("  none ready yet", style="dim"))
    for row in rows:
        lines += _row(row)
    if more:
        lines.append(Text(f"  and {more} more (--limit)", style="dim"))
    return lines


def frontier_view(found: Frontier) -> RenderableType:
    if found.goal is not None:
        head = f"What you can learn next for goal {found.goal}"
        if found.needed:
            head += f" ({found.needed} topic depths still needed)"
    else:
        head = "What you can learn next (the whole catalog; --goal narrows it)"
    lines: list[RenderableType] = [Text(head, style="bold")]
    if not found.topics and not found.resources:
        lines.append(
            Text(
                "  Nothing: the goal needs nothing more."
                if found.goal is not None and not found.needed
                else "  Nothing is ready: every topic is known or waits for a prerequisite."
            )
        )
    else:
        lines += _section("Topics", found.topics, found.more_topics)
        lines += _section("Resources", found.resources, found.more_resources)
    lines += [Text(f"note: {note}", style="dim") for note in found.notes]
    return Group(*lines)
