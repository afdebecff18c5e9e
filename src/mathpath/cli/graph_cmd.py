"""``mathpath graph``: the prerequisite structure of a goal as a tree, Mermaid, DOT or JSON.

A thin shell: the graph is computed in ``mathpath.planning.prereq_graph``, drawn by
``mathpath.render.graph`` (tree) or written by ``mathpath.export.write_export`` (text).
"""

from typing import TYPE_CHECKING, Annotated

import typer

from mathpath.cli import completion
from mathpath.cli.app import state
from mathpath.cli.options import (
    Done,
    Exclude,
    FreeOnly,
    Fresh,
    Include,
    Know,
    MaxLevel,
    Prefer,
    RequireLang,
    plan_request,
    print_export,
    print_view,
)
from mathpath.errors import UsageError
from mathpath.i18n import _

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog
    from mathpath.planning.prereq_graph import GoalGraph
    from mathpath.planning.request import PlanChoices

VIEW_FORMATS = ("tree", "mermaid", "dot", "json")


def graph(
    ctx: typer.Context,
    goal: Annotated[
        str,
        typer.Option(
            "--goal",
            "-g",
            help="The goal whose prerequisites to show.",
            show_default=False,
            autocompletion=completion.goal_ids,
        ),
    ],
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="tree (in the terminal), mermaid (flowchart text), dot (Graphviz text) or json "
            "(the nodes and edges).",
            autocompletion=completion.choices(*VIEW_FORMATS),
        ),
    ] = "tree",
    plan: Annotated[
        bool,
        typer.Option(
            "--plan",
            help="Show only the resources a plan would choose, and the order among them.",
        ),
    ] = False,
    know: Know = None,
    done: Done = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="Titles and names in this language where known, e.g. zh (with --plan, also "
            "favour resources in it, as `plan --lang`).",
            show_default=False,
        ),
    ] = None,
    require_lang: RequireLang = None,
    free_only: FreeOnly = None,
    exclude: Exclude = None,
    include: Include = None,
    prefer: Prefer = None,
    max_level: MaxLevel = None,
    fresh: Fresh = False,
) -> None:
    """Show the prerequisite graph of a goal: the topics it needs and what teaches them.

    Arrows point from what comes first to what needs it; recommended (soft) prerequisites are
    dashed. Known and assumed topics are marked. With --plan, the resources are the ones
    `mathpath plan` chooses: from your profile and recorded progress (unless --fresh) and the
    plan options given here (--know, --done, --prefer, --free-only, --max-level, --exclude,
    --include, --lang, --require-lang).

    Examples:

      mathpath graph --goal deep-learning --know linear-algebra

      mathpath graph --goal deep-learning --format mermaid > graph.mmd

      mathpath graph --goal deep-learning --plan --format dot | dot -Tsvg > plan.svg
    """
    if format_ not in VIEW_FORMATS:
        raise UsageError(
            _("unknown graph format {format}").format(format=repr(format_)),
            hint=_("choose one of {choices}").format(choices=", ".join(VIEW_FORMATS)),
        )
    from mathpath.planning.request import parse_choices

    choices = parse_choices(
        goal, know=know, done=done, prefer=prefer, free_only=free_only,
        lang=lang, max_level=max_level, exclude=exclude, include=include,
        require_lang=require_lang, fresh=fresh,
    )  # fmt: skip
    if plan:
        result = _plan_graph(ctx, choices)
    else:
        from mathpath.planning.prereq_graph import goal_graph

        catalog = state(ctx).catalog()
        _check_resources(catalog, (*choices.done, *choices.exclude, *choices.include))
        taught = [need for rid in choices.done for need in catalog.resource_by_id[rid].teaches]
        result = goal_graph(catalog, goal, known=(*choices.known, *taught), lang=choices.lang)
    if format_ == "tree":
        from mathpath.render.graph import graph_tree

        print_view(graph_tree(result))
    else:
        print_export(result, format_)


def _plan_graph(ctx: typer.Context, choices: "PlanChoices") -> "GoalGraph":
    """The graph of the plan ``mathpath plan`` makes from the same options (the profile and the
    progress included): only the choice and the order are drawn, not the dates."""
    from mathpath.planning import make_plan
    from mathpath.planning.prereq_graph import plan_graph

    catalog, request, _ = plan_request(ctx, choices)
    return plan_graph(make_plan(catalog, request), lang=request.preferences.lang)


def _check_resources(catalog: "Catalog", ids: tuple[str, ...]) -> None:
    from mathpath.catalog.validate import did_you_mean

    for rid in ids:
        if rid not in catalog.resource_by_id:
            hint = did_you_mean(rid, catalog.resource_by_id) or _("see `mathpath list`")
            raise UsageError(_("unknown resource {id}").format(id=repr(rid)), hint=hint)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("graph")(graph)
