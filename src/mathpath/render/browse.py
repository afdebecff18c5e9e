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

from mathpath.catalog.models import Catalog, Resource, Role, Topic, TopicNeed, label
from mathpath.catalog.query import format_hours, teachers_count
from mathpath.i18n import N_, _, listing, ngettext

# The kinds of a translation (``translations[].kind``), as ``show`` names them.
TRANSLATION_KINDS = (N_("subtitles"), N_("translation"), N_("notes"))


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
        return Text(_("No resources match."))
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, expand=True)
    # One column carries title, id and provider so that it gets the width; the short columns
    # never wrap. Readable at 80 columns.
    table.add_column(_("resource"), ratio=1, min_width=24)
    table.add_column(_("format"), no_wrap=True)
    table.add_column(_("hours"), justify="right", no_wrap=True)
    table.add_column(_("level"), no_wrap=True)
    table.add_column(_("free"), no_wrap=True)
    for resource in resources:
        cell = Text(resource.title_in(lang), style="bold")
        cell.append(f"\n{resource.id} · {resource.provider}", style="dim")
        table.add_row(
            cell,
            label(resource.format),
            format_hours(resource.hours, resource.hours_estimated),
            label(resource.level),
            _yes_no(resource.free),
        )
    total = len(resources) if total is None else total
    hidden = total - len(resources)
    caption = ngettext("{n} resource", "{n} resources", total).format(n=total)
    if hidden:
        caption = _(
            "{count}, {hidden} not shown: `mathpath list --all` shows every one, "
            "`mathpath list | less` pages plain rows"
        ).format(count=caption, hidden=hidden)
    if any(r.hours_estimated for r in resources):
        caption += "  " + _("(~ = estimated hours)")
    table.caption = caption
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

    def row(name: str, value: str | Iterable[str] | None) -> None:
        if value is None:
            return
        lines = [value] if isinstance(value, str) else list(value)
        if lines:
            fields.add_row(name, Text("\n".join(lines)))

    row(_("id"), resource.id)
    row(_("provider"), resource.provider)
    row(_("authors"), listing(resource.authors) or None)
    row(_("url"), resource.url)
    row(_("other links"), [f"{purpose}: {url}" for purpose, url in sorted(resource.urls.items())])
    row(_("format"), label(resource.format))
    if resource.role is not Role.STUDY:
        row(
            _("role"),
            _("{role} (listed here, never chosen by the planner)").format(
                role=label(resource.role)
            ),
        )
    hours = format_hours(resource.hours, resource.hours_estimated)
    notes = [
        n for n in (_("estimated") if resource.hours_estimated else "", resource.hours_basis) if n
    ]
    row(_("hours"), hours + (_suffix("; ".join(notes)) if notes else ""))
    row(_("level"), label(resource.level))
    row(_("free"), _yes_no(resource.free) + _suffix(resource.cost_note))
    row(_("languages"), listing(resource.languages))
    row(
        _("translations"),
        [
            f"{t.lang}: {_(t.kind)}"
            + (" " + _("(official)") if t.official else "")
            + (f" {t.url}" if t.url else "")
            + _suffix(t.note)
            for t in resource.translations
        ],
    )
    row(_("teaches"), [format_need(n, catalog) for n in resource.teaches])
    row(_("requires"), [format_need(n, catalog) for n in resource.requires] or [_("nothing")])
    row(_("recommends"), [format_need(n, catalog) for n in resource.recommends])
    row(_("edition"), resource.edition)
    row(_("note"), resource.note)
    row(_("sources"), resource.sources)
    row(
        _("leads to"),
        [f"{r.id}: {r.title}" for r in leads_to] or [_("nothing in this catalog")],
    )
    return Group(heading, Text(""), fields)


def topics_tree(catalog: Catalog) -> RenderableType:
    """Topics nested by ``parent``, each with its prerequisites and how many resources teach it."""
    count = len(catalog.topics)
    tree = Tree(Text(ngettext("{n} topic", "{n} topics", count).format(n=count), style="bold"))
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
    text = Text(topic.id, style="bold")
    names = [topic.name, *(f"{n} [{lang}]" for lang, n in sorted(topic.names.items()))]
    text.append(f"  {' / '.join(names)}")
    count = teachers_count(catalog, topic.id)
    if catalog.children_of.get(topic.id):
        text.append("  " + _("(broad topic)"), style="dim")
    else:
        resources = ngettext("{n} resource", "{n} resources", count).format(n=count)
        text.append(f"  {resources}", style="dim")
    if topic.requires:
        needs = listing(format_need(n) for n in topic.requires)
        text.append("\n  " + _("requires: {needs}").format(needs=needs))
    if topic.recommends:
        needs = listing(format_need(n) for n in topic.recommends)
        text.append("\n  " + _("recommends: {needs}").format(needs=needs))
    return text


def goals_table(catalog: Catalog) -> RenderableType:
    """The ``mathpath goals`` table: each goal (id, names, description) and its targets."""
    if not catalog.goals:
        return Text(_("This catalog has no goals."))
    table = Table(header_style="bold", show_lines=True)
    table.add_column(_("goal"), ratio=1, min_width=20)
    table.add_column(_("targets"), no_wrap=True)
    for goal in catalog.goals:
        cell = Text(goal.id, style="bold")
        cell.append(f"  {goal.name}")
        for _lang, other in sorted(goal.names.items()):
            cell.append(f" / {other}")
        cell.append(f"\n{goal.description}")
        if goal.assumes:
            assumes = _("assumes: {topics}").format(topics=listing(goal.assumes))
            cell.append(f"\n{assumes}", style="dim")
        table.add_row(cell, Text("\n".join(format_need(n) for n in goal.targets)))
    return table


def _yes_no(value: bool) -> str:
    # TRANSLATORS: a cell of the "free" column: the resource is free / is not.
    return _("yes") if value else _("no")


def _suffix(note: str | None) -> str:
    return f" ({note})" if note else ""
