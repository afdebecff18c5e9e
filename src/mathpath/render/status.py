"""Terminal views for ``mathpath status`` and for a plan diff (``mathpath plan --diff``)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from mathpath.i18n import _, date_text, listing, ngettext
from mathpath.learner.review import ReviewList
from mathpath.learner.status import Status
from mathpath.learner.today import Step
from mathpath.planning.plans import format_duration, hours_from_minutes
from mathpath.render.review import due_now_line
from mathpath.render.today import next_view, sentence

BAR_WIDTH = 12


def _hours(minutes: int) -> str:
    return f"{hours_from_minutes(minutes):g}"


def _of(done: int, planned: int) -> str:
    """``2.8/31.15 h``: the hours done of the hours planned."""
    return _("{done}/{planned} h").format(done=_hours(done), planned=_hours(planned))


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100):d}%"


def _state(finished: bool, fraction: float) -> str:
    """Readable without colour: done, a percentage, or a dash for not started."""
    if finished:
        # TRANSLATORS: the state of a resource in the status table (finished).
        return _("done")
    return _percent(fraction) if fraction > 0 else "—"


def status_view(
    status: Status, upcoming: Sequence[Step] = (), reviews: ReviewList | None = None
) -> RenderableType:
    """``status`` with the "next" lines (``mathpath.learner.today.next_steps``) at its end."""
    parts: list[RenderableType] = []
    head = _("Goal {goal} — status on {date}").format(
        goal=status.goal, date=date_text(status.today)
    )
    parts.append(Text(head, style="bold"))

    table = Table(header_style="bold", box=None, pad_edge=False)
    table.add_column(_("resource"), ratio=1, overflow="fold")
    table.add_column(_("progress"), no_wrap=True, width=BAR_WIDTH)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column(_("hours"), justify="right", no_wrap=True)

    def name(unit: str, title: str, *, indent: str = "", style: str = "") -> RenderableType:
        head = Text(indent)
        head.append(unit, style=style or "bold")
        return Group(head, Padding(Text(title, style="dim"), (0, 0, 0, len(indent))))

    for item in status.items:
        table.add_row(
            name(item.id, item.title),
            ProgressBar(total=1.0, completed=item.fraction, width=BAR_WIDTH),
            _state(item.finished, item.fraction),
            _of(item.credited_minutes, item.planned_minutes),
        )
        for n, part in enumerate(item.parts):
            branch = "└─ " if n == len(item.parts) - 1 else "├─ "
            table.add_row(
                name(part.id, part.title, indent=branch, style="dim"),
                ProgressBar(total=1.0, completed=part.fraction, width=BAR_WIDTH),
                _state(part.finished, part.fraction),
                _of(part.credited_minutes, part.planned_minutes),
            )
    planned = status.planned_minutes
    overall = status.credited_minutes / planned if planned else 1.0
    table.add_row(
        Text(_("overall"), style="bold"),
        ProgressBar(total=1.0, completed=overall, width=BAR_WIDTH),
        _state(bool(planned) and status.credited_minutes >= planned, overall),
        _of(status.credited_minutes, planned),
    )
    parts.append(table)

    lines: list[str] = []
    delta = status.schedule_delta_minutes
    if delta is not None and status.expected_minutes is not None:
        expected = _hours(status.expected_minutes)
        if delta > 0:
            line = _(
                "Ahead of your committed schedule by {hours} h ({expected} h were planned by "
                "today)."
            )
        elif delta < 0:
            line = _(
                "Behind your committed schedule by {hours} h ({expected} h were planned by today)."
            )
        else:
            line = _("On schedule ({expected} h were planned by today).")
        lines.append(line.format(hours=_hours(abs(delta)), expected=expected))
        if status.committed_finish is not None:
            lines.append(
                _("Committed finish: {date}.").format(date=date_text(status.committed_finish))
            )
    forecast = status.forecast
    left = format_duration(forecast.remaining_minutes)
    lines.append(
        _("Left: {time} at pace factor {factor}.").format(
            time=left, factor=f"{forecast.pace.factor:g}"
        )
    )
    if forecast.projected_finish is not None:
        lines.append(
            _("Projected finish {rate}: {date}{shift}.").format(
                rate=forecast.rate_text(),
                date=date_text(forecast.projected_finish),
                shift=_shift(forecast.finish_shift_days),
            )
        )
    if forecast.rate_note():
        lines.append(sentence(forecast.rate_note()))
    lines.append(sentence(status.pace.describe()))
    if status.items and not status.next_items:
        lines.append(_("Everything in the plan is done."))
    if status.off_plan:
        lines.append(_("Progress outside this plan: {ids}.").format(ids=listing(status.off_plan)))
    parts.append(Text("\n".join(lines)))

    if status.orphaned:
        orphans = "\n".join(f"  {r.describe()}" for r in status.orphaned)
        parts.append(
            Text(
                _("Orphaned records (their resource is not in this catalog; kept in the file):")
                + "\n"
                + orphans
            )
        )
    if status.notes:
        parts.append(Text("\n".join(_("note: {note}").format(note=n) for n in status.notes)))
    if status.next_items and upcoming:
        parts.append(next_view(upcoming))
    elif status.next_items:  # a plan without dated sessions: what, not when
        left = listing(
            _("{unit} ({hours} h left)").format(
                unit=i.next_unit, hours=_hours(i.planned_minutes - i.credited_minutes)
            )
            for i in status.next_items
        )
        parts.append(Text(_("Study next: {units}.").format(units=left)))
    if reviews is not None and reviews.due:
        parts.append(due_now_line(reviews))
    return Group(*parts)


def _shift(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return _(", the committed finish")
    if days > 0:
        text = ngettext(
            ", {n} day after the committed finish", ", {n} days after the committed finish", days
        )
    else:
        text = ngettext(
            ", {n} day before the committed finish", ", {n} days before the committed finish", -days
        )
    return text.format(n=abs(days))
