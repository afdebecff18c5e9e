"""Terminal views of ``mathpath check``: one question as it is asked, the answers a file gave,
and what the check found (the depths, and the ``--know`` options they mean).

Wording follows ``lang`` (the catalog's translations of names and items, English otherwise);
the labels around them and the depths are in the interface language. Ids are never cut.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text

from mathpath.catalog.models import Catalog, label
from mathpath.i18n import _
from mathpath.learner.placement import Asked, Placement, Question, Skipped

INDENT = "    "


def _topic_name(catalog: Catalog, topic: str, lang: str | None) -> str:
    return catalog.topic_by_id[topic].name_in(lang)


def question_view(
    question: Question, catalog: Catalog, lang: str | None, *, answer: bool = False
) -> RenderableType:
    """One item: its number, topic, depth and id, the question, and (``answer``) the answer."""
    head = Text(f"{question.number}. ", style="bold")
    head.append(_topic_name(catalog, question.topic, lang), style="bold")
    head.append(f" @ {label(question.depth)}  ")
    head.append(question.id, style="dim")
    lines: list[RenderableType] = [head, Text(INDENT + question.check.ask_in(lang))]
    if answer:
        lines.append(
            Text(
                INDENT + _("answer: {answer}").format(answer=question.check.answer_in(lang)),
                style="green",
            )
        )
    return Group(*lines)


def answers_view(asked: Sequence[Asked], catalog: Catalog, lang: str | None) -> RenderableType:
    """The questions an answer file answered, in the order asked, each with its yes or no."""
    lines: list[RenderableType] = [
        Text(_("Asked {n} questions:").format(n=len(asked)), style="bold")
    ]
    for item in asked:
        question = item.question
        answer = _("yes") if item.yes else _("no")
        line = Text(f"  {_padded(answer, 3)}  ", style="green" if item.yes else "red")
        line.append(question.id, style="bold")
        line.append(f"  {label(question.depth)}", style="dim")
        lines.append(line)
        lines.append(Text(f"       {question.check.ask_in(lang)}"))
    return Group(*lines)


def placement_view(placement: Placement, catalog: Catalog, lang: str | None) -> RenderableType:
    """Each topic walked with the depth found (or not yet overview) and why it stopped there,
    then the ``--know`` options."""
    lines: list[RenderableType] = [Text(_("Found (depth, of the deepest asked):"), style="bold")]
    width = max((len(t) for t in placement.found), default=0)
    stops: dict[str, Skipped] = {}
    for skip in placement.skipped:
        if skip.reason != "no-checks":
            stops.setdefault(skip.topic, skip)
    for topic, depth in placement.found.items():
        line = Text(f"  {topic:<{width}}  ")
        line.append(_padded(label(depth) if depth else "-", 8), style="bold" if depth else "dim")
        line.append("  " + _("of {depth}").format(depth=label(placement.scope[topic])), style="dim")
        if lang:
            name = _topic_name(catalog, topic, lang)
            if name != topic:
                line.append(f"  {name}")
        lines.append(line)
        stop = stops.get(topic)
        if stop is not None and stop.reason == "needs":
            lines.append(
                Text(
                    INDENT
                    + _("{depth} not asked: needs {need}").format(
                        depth=label(stop.depth), need=stop.because
                    ),
                    style="dim",
                )
            )
    options = placement.know_options()
    lines.append(Text(""))
    if options:
        lines.append(Text(_("These answers mean:"), style="bold"))
        lines.append(Text("  " + " ".join(options), no_wrap=True, overflow="ignore"))
    else:
        lines.append(Text(_("These answers mean no --know: plan from the start."), style="bold"))
    return Group(*lines)


__all__ = ["answers_view", "placement_view", "question_view"]


def _padded(text: str, cells: int) -> str:
    """``text`` padded to ``cells`` terminal columns (a Chinese character takes two)."""
    return text + " " * max(cells - cell_len(text), 0)
