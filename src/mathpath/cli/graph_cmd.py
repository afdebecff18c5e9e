"""``mathpath graph``: the prerequisite structure of a goal as a tree, Mermaid or Graphviz DOT.

A thin shell: the graph is computed in ``mathpath.planning.prereq_graph``, drawn by
``mathpath.render.graph`` (tree) or ``mathpath.export.mermaid`` / ``mathpath.export.dot`` (text).
"""

from typing import TYPE_CHECKING, Annotated

import typer

from mathpath.cli.app import state
from mathpath.errors import UsageError

if TYPE_CHECKING:
    from mathpath.catalog.models import Catalog, TopicNeed
    from mathpath.planning.prereq_graph import GoalGraph

GRAPH_FORMATS = ("tree", "mermaid", "dot")


def graph(
    ctx: typer.Context,
    goal: Annotated[
        str,
        typer.Option(
            "--goal", "-g", help="The goal whose prerequisites to show.", show_default=False
        ),
    ],
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="tree (in the terminal), mermaid (flowchart text) or dot (Graphviz text).",
        ),
    ] = "tree",
    plan: Annotated[
        bool,
        typer.Option(
            "--plan",
            help="Show only the resources a plan would choose, and the order among them.",
        ),
    ] = False,
    know: Annotated[
        list[str] | None,
        typer.Option(
            "--know",
            help="A topic you know, as TOPIC or TOPIC@DEPTH (default depth: thorough). Repeatable.",
            show_default=False,
        ),
    ] = None,
    done: Annotated[
        list[str] | None,
        typer.Option(
            "--done",
            help="A resource you have finished (its topics count as known). Repeatable.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Titles and names in this language where known, e.g. zh.",
            show_default=False,
        ),
    ] = None,
    free_only: Annotated[
        bool, typer.Option("--free-only", help="With --plan: only free resources.")
    ] = False,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            help="With --plan: never use this resource. Repeatable.",
            show_default=False,
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            help="With --plan: always use this resource. Repeatable.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show the prerequisite graph of a goal: the topics it needs and what teaches them.

    Arrows point from what comes first to what needs it; recommended (soft) prerequisites are
    dashed. Known and assumed topics are marked.

    Examples:

      mathpath graph --goal deep-learning --know linear-algebra

      mathpath graph --goal deep-learning --format mermaid > graph.mmd

      mathpath graph --goal deep-learning --plan --format dot | dot -Tsvg > plan.svg
    """
    if format_ not in GRAPH_FORMATS:
        raise UsageError(
            f"unknown graph format {format_!r}", hint=f"choose one of {', '.join(GRAPH_FORMATS)}"
        )
    catalog = state(ctx).catalog()
    from mathpath.planning.request import parse_topic_need

    known = tuple(parse_topic_need(text) for text in know or ())
    done_ids = tuple(dict.fromkeys(done or ()))
    _check_resources(catalog, (*done_ids, *(exclude or ()), *(include or ())))
    if plan:
        result = _plan_graph(
            catalog,
            goal,
            known,
            done_ids,
            lang,
            free_only,
            tuple(exclude or ()),
            tuple(include or ()),
        )
    else:
        from mathpath.planning.prereq_graph import goal_graph

        taught = [need for rid in done_ids for need in catalog.resource_by_id[rid].teaches]
        result = goal_graph(catalog, goal, known=(*known, *taught), lang=lang)
    if format_ == "mermaid":
        from mathpath.export.mermaid import graph_flowchart

        typer.echo(graph_flowchart(result), nl=False)
    elif format_ == "dot":
        from mathpath.export.dot import graph_to_dot

        typer.echo(graph_to_dot(result), nl=False)
    else:
        from mathpath.render.console import make_console
        from mathpath.render.graph import graph_tree

        make_console().print(graph_tree(result))


def _plan_graph(
    catalog: "Catalog",
    goal: str,
    known: "tuple[TopicNeed, ...]",
    done: tuple[str, ...],
    lang: str | None,
    free_only: bool,
    exclude: tuple[str, ...],
    include: tuple[str, ...],
) -> "GoalGraph":
    import datetime

    from mathpath.planning import make_plan
    from mathpath.planning.plans import PlanRequest, Preferences, ScheduleOptions
    from mathpath.planning.prereq_graph import check_topics, find_goal, plan_graph

    find_goal(catalog, goal)
    check_topics(catalog, known)
    request = PlanRequest(
        goal=goal,
        # Only the choice and the order are drawn, not the dates: any start will do.
        schedule=ScheduleOptions(start=datetime.date.today()),
        known=known,
        done=done,
        preferences=Preferences(free_only=free_only, lang=lang, exclude=exclude, include=include),
    )
    return plan_graph(make_plan(catalog, request), lang=lang)


def _check_resources(catalog: "Catalog", ids: tuple[str, ...]) -> None:
    from mathpath.catalog.validate import did_you_mean

    for rid in ids:
        if rid not in catalog.resource_by_id:
            hint = did_you_mean(rid, catalog.resource_by_id) or "see `mathpath list`"
            raise UsageError(f"unknown resource {rid!r}", hint=hint)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("graph")(graph)
