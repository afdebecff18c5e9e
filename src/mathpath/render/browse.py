"""Terminal views for the browsing commands: tables, a detail view and a topic tree.

Every function returns a Rich renderable; the CLI prints it. Catalog text is wrapped in ``Text``
so that brackets in titles ("[short]") are shown as written, never read as Rich markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from mathpath.catalog.models import Catalog, Resource, Role, Topic, TopicNeed
from mathpath.catalog.query import format_hours, teachers_count


def format_need(need: TopicNeed, catalog: Catalog | None = None) -> str:
    """``linear-algebra@working``, with the topic's name when the catalog knows it."""
    text = f"{need.topic}@{need.depth.value}"
    topic = catalog.topic_by_id.get(need.topic) if catalog is not None else None
    if topic is not None and topic.name.casefold() != need.topic.casefold():
        text += f" ({topic.name})"
    if need.note:
        text += f": {need.note}"
    return text


def resources_table(
    resources: Sequence[Resource], lang: str | None = None, *, total: int | None = None
) -> RenderableType:
    """The ``mathpath list`` table. Titles are in ``lang`` when the catalog has them.

    ``total``: how many resources matched, when ``resources`` are only the first of them (the
    caption says how many are not shown, and how to see them)."""
    if not resources:
        return Text("No resources match.")
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, expand=True)
    # One column carries title, id and provider so that it gets the width; the short columns
    # never wrap. Readable at 80 columns.
    table.add_column("resource", ratio=1, min_width=24)
    table.add_column("format", no_wrap=True)
    table.add_column("hours", justify="right", no_wrap=True)
    table.add_column("level", no_wrap=True)
    table.add_column("free", no_wrap=True)
    for resource in resources:
        label = Text(resource.title_in(lang), style="bold")
        label.append(f"\n{resource.id} · {resource.provider}", style="dim")
        table.add_row(
            label,
            resource.format.value,
            format_hours(resource.hours, resource.hours_estimated),
            resource.level.value,
            "yes" if resource.free else "no",
        )
    total = len(resources) if total is None else total
    hidden = total - len(resources)
    table.caption = (
        _count(total, "resource")
        + (
            f", {hidden} not shown: `mathpath list --all` shows every one, "
            "`mathpath list | less` pages plain rows"
            if hidden
            else ""
        )
        + ("  (~ = estimated hours)" if any(r.hours_estimated for r in resources) else "")
    )
    return table


def resource_view(
    catalog: Catalog, resource: Resource, leads_to: Sequence[Resource]
) -> RenderableType:
    """The ``mathpath show`` view: every field of one resource, then what it leads to."""
    heading = Text(resource.title, style="bold")
    for lang, title in sorted(resource.titles.items()):
        heading.append(f"\n{title}", style="bold")
        heading.append(f"  [{lang}]", style="dim")
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column()

    def row(label: str, value: str | Iterable[str] | None) -> None:
        if value is None:
            return
        lines = [value] if isinstance(value, str) else list(value)
        if lines:
            fields.add_row(label, Text("\n".join(lines)))

    row("id", resource.id)
    row("provider", resource.provider)
    row("authors", ", ".join(resource.authors) or None)
    row("url", resource.url)
    row("other links", [f"{purpose}: {url}" for purpose, url in sorted(resource.urls.items())])
    row("format", resource.format.value)
    if resource.role is not Role.STUDY:
        row("role", f"{resource.role.value} (listed here, never chosen by the planner)")
    hours = format_hours(resource.hours, resource.hours_estimated)
    notes = [
        n for n in ("estimated" if resource.hours_estimated else "", resource.hours_basis) if n
    ]
    row("hours", hours + (f" ({'; '.join(notes)})" if notes else ""))
    row("level", resource.level.value)
    row("free", ("yes" if resource.free else "no") + _suffix(resource.cost_note))
    row("languages", ", ".join(resource.languages))
    row(
        "translations",
        [
            f"{t.lang}: {t.kind}"
            + (" (official)" if t.official else "")
            + (f" {t.url}" if t.url else "")
            + _suffix(t.note)
            for t in resource.translations
        ],
    )
    row("teaches", [format_need(n, catalog) for n in resource.teaches])
    row("requires", [format_need(n, catalog) for n in resource.requires] or ["nothing"])
    row("recommends", [format_need(n, catalog) for n in resource.recommends])
    row("edition", resource.edition)
    row("note", resource.note)
    row("sources", resource.sources)
    row("leads to", [f"{r.id}: {r.title}" for r in leads_to] or ["nothing in this catalog"])
    return Group(heading, Text(""), fields)


def topics_tree(catalog: Catalog) -> RenderableType:
    """Topics nested by ``parent``, each with its prerequisites and how many resources teach it."""
    tree = Tree(Text(f"{_count(len(catalog.topics), 'topic')}", style="bold"))
    known = catalog.topic_by_id

    def add(node: Tree, topic: Topic) -> None:
        branch = node.add(_topic_label(catalog, topic))
        for child_id in catalog.children_of.get(topic.id, []):
            add(branch, known[child_id])

    for topic in catalog.topics:
        if topic.parent is None or topic.parent not in known:
            add(tree, topic)
    return tree


def _topic_label(catalog: Catalog, topic: Topic) -> Text:
    label = Text(topic.id, style="bold")
    names = [topic.name, *(f"{n} [{lang}]" for lang, n in sorted(topic.names.items()))]
    label.append(f"  {' / '.join(names)}")
    count = teachers_count(catalog, topic.id)
    if catalog.children_of.get(topic.id):
        label.append("  (broad topic)", style="dim")
    else:
        label.append(f"  {_count(count, 'resource')}", style="dim")
    if topic.requires:
        label.append(f"\n  requires: {', '.join(format_need(n) for n in topic.requires)}")
    if topic.recommends:
        label.append(f"\n  recommends: {', '.join(format_need(n) for n in topic.recommends)}")
    return label


def goals_table(catalog: Catalog) -> RenderableType:
    """The ``mathpath goals`` table: each goal (id, names, description) and its targets."""
    if not catalog.goals:
        return Text("This catalog has no goals.")
    table = Table(header_style="bold", show_lines=True)
    table.add_column("goal", ratio=1, min_width=20)
    table.add_column("targets", no_wrap=True)
    for goal in catalog.goals:
        cell = Text(goal.id, style="bold")
        cell.append(f"  {goal.name}")
        for _lang, other in sorted(goal.names.items()):
            cell.append(f" / {other}")
        cell.append(f"\n{goal.description}")
        if goal.assumes:
            cell.append(f"\nassumes: {', '.join(goal.assumes)}", style="dim")
        table.add_row(cell, Text("\n".join(format_need(n) for n in goal.targets)))
    return table


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _suffix(note: str | None) -> str:
    return f" ({note})" if note else ""
