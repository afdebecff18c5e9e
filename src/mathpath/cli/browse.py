"""Browsing the catalog: ``list``, ``show``, ``topics``, ``goals``, ``schema`` and ``validate``.

Thin shells: the finding and the JSON shapes are in ``mathpath.catalog.query``, the terminal
views in ``mathpath.render.browse``.
"""

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from mathpath.cli import completion
from mathpath.cli.app import report_error, state
from mathpath.cli.options import print_json, print_json_list
from mathpath.cli.options import print_view as _print
from mathpath.errors import ExitCode
from mathpath.i18n import _, listing, ngettext

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON to stdout instead of a table.")
]

# A terminal table lays out every cell before it prints anything (Rich measures and wraps each
# one: 3.4 s for 10,000 resources), so `list` in a terminal shows this many rows unless --all.
LIST_ROWS = 100


def _stdout_is_terminal() -> bool:  # a seam for tests
    return sys.stdout.isatty()


def list_resources(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            "-t",
            help="Only resources teaching this topic or a topic inside it "
            "(an id, an alias or a name, e.g. calculus, 线性代数).",
            show_default=False,
            autocompletion=completion.topic_ids,
        ),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Only this format: course, textbook, video-series, video, interactive, article.",
            show_default=False,
            autocompletion=completion.choices(
                "course", "textbook", "video-series", "video", "interactive", "article"
            ),
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            help="Only this level: intro, intermediate, advanced.",
            show_default=False,
            autocompletion=completion.choices("intro", "intermediate", "advanced"),
        ),
    ] = None,
    free: Annotated[bool, typer.Option("--free", help="Only free resources.")] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Only resources available in this language (original, subtitles or a "
            "translation), with titles in it, e.g. zh.",
            show_default=False,
        ),
    ] = None,
    max_hours: Annotated[
        float | None,
        typer.Option(
            "--max-hours", help="Only resources of at most this many hours.", show_default=False
        ),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help=f"In a terminal, show every row of the table, not only the first {LIST_ROWS}.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List the resources in the catalog, optionally filtered.

    In a terminal: a table of the first 100 (--all: every one); hours marked ~ are estimates.
    Piped or redirected: one line per resource, tab-separated: id, title, provider, format,
    hours, level, free.

    Example: mathpath list --topic calculus --free --format course
    """
    from mathpath.catalog.models import ResourceFormat
    from mathpath.catalog.query import (
        ResourceFilter,
        parse_choice,
        resource_row,
        resource_summary,
        select_resources,
    )
    from mathpath.planning.request import parse_lang, parse_level

    wanted = ResourceFilter(
        topic=topic,
        format=parse_choice(ResourceFormat, format_, "--format") if format_ else None,
        level=parse_level(level, "--level") if level else None,
        free_only=free,
        lang=parse_lang(lang) if lang else None,
        max_hours=max_hours,
    )
    resources = select_resources(state(ctx).catalog(), wanted)
    if as_json:
        print_json_list("resources", (resource_summary(r, wanted.lang) for r in resources))
    elif not _stdout_is_terminal():
        _print_rows(resource_row(r, wanted.lang) for r in resources)
        if not resources:
            typer.echo(_("No resources match."), err=True)
    else:
        from mathpath.render.browse import resources_table

        shown = resources if all_ else resources[:LIST_ROWS]
        _print(resources_table(shown, wanted.lang, total=len(resources)))


def _print_rows(rows: Iterable[Sequence[str]]) -> None:
    """Tab-separated lines, written in batches as they are made (``mathpath list | head`` and
    100,000 resources alike)."""
    stdout = typer.get_text_stream("stdout")
    batch: list[str] = []
    for row in rows:
        batch.append("\t".join(row) + "\n")
        if len(batch) >= 1000:
            stdout.write("".join(batch))
            batch.clear()
    stdout.write("".join(batch))
    stdout.flush()


def show(
    ctx: typer.Context,
    resource_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The resource's id.", autocompletion=completion.resource_ids
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Show everything about one resource, and the resources it leads to.

    "Leads to" lists the resources with a requirement that this one meets.

    Example: mathpath show mit-18.01sc
    """
    from mathpath.catalog.query import find_resource, leads_to, resource_detail

    catalog = state(ctx).catalog()
    resource = find_resource(catalog, resource_id)
    if as_json:
        print_json("resource", resource_detail(catalog, resource))
        return
    from mathpath.render.browse import resource_view

    _print(resource_view(catalog, resource, leads_to(catalog, resource)))


def topics(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show the topics as a tree (by parent), with their prerequisites and resource counts.

    Example: mathpath topics
    """
    from mathpath.catalog.query import topic_dict

    catalog = state(ctx).catalog()
    if as_json:
        print_json_list("topics", (topic_dict(catalog, t) for t in catalog.topics))
        return
    from mathpath.render.browse import topics_tree

    _print(topics_tree(catalog))


def goals(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the goals you can plan for, with what each one targets.

    Example: mathpath goals
    """
    from mathpath.catalog.query import goal_dict

    catalog = state(ctx).catalog()
    if as_json:
        print_json_list("goals", (goal_dict(g) for g in catalog.goals))
        return
    from mathpath.render.browse import goals_table

    _print(goals_table(catalog))


def schema() -> None:
    """Print the JSON Schema of the catalog format, for editors and CI.

    Example: mathpath schema > mathpath-catalog.schema.json
    """
    import json

    from mathpath.catalog.models import Catalog

    # A JSON Schema document, for editors and CI: not an output in the envelope.
    typer.echo(json.dumps(Catalog.model_json_schema(), ensure_ascii=False, indent=2))


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Catalog files to check (default: the catalog in use).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check catalog files and report every problem, each with its file and line.

    Exits 0 when all are valid, 3 when any is not. With no path, checks the catalog in use
    (--catalog, $MATHPATH_CATALOG or the bundled one).

    Example: mathpath validate my-catalog.yaml other.yaml
    """
    from mathpath.catalog import load_catalog, resolve_catalog_path
    from mathpath.catalog.query import catalog_counts
    from mathpath.errors import CatalogError

    targets = list(paths) if paths else [resolve_catalog_path(state(ctx).catalog_path)]
    failed = 0
    for path in targets:
        try:
            counts = catalog_counts(load_catalog(path))
        except CatalogError as exc:
            failed += 1
            report_error(exc)
            continue
        summary = listing(_counted(name, n) for name, n in counts.items())
        typer.echo(_("{path}: ok: {summary}").format(path=path, summary=summary))
    if failed:
        raise typer.Exit(int(ExitCode.CATALOG))


def _counted(name: str, number: int) -> str:
    """``12 topics``, ``1 goal``: one of ``catalog_counts``."""
    if name == "topics":
        text = ngettext("{n} topic", "{n} topics", number)
    elif name == "resources":
        text = ngettext("{n} resource", "{n} resources", number)
    elif name == "goals":
        text = ngettext("{n} goal", "{n} goals", number)
    else:  # pragma: no cover - catalog_counts has only the three
        return f"{number} {name if number != 1 else name.removesuffix('s')}"
    return text.format(n=number)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("list")(list_resources)
    app.command("show")(show)
    app.command("topics")(topics)
    app.command("goals")(goals)
    app.command("schema")(schema)
    app.command("validate")(validate)
