"""The terminal view of a plan and the plan graph (Mermaid, DOT) with parts of resources."""

from __future__ import annotations

import re

from rich.console import Console

from mathpath.export.dot import graph_to_dot
from mathpath.planning.plans import Plan
from mathpath.planning.prereq_graph import plan_graph
from mathpath.render.plan import plan_view


def text_of(plan: Plan, **options: object) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(plan_view(plan, **options))  # type: ignore[arg-type]
    return console.export_text()


def test_the_study_order_names_the_parts_and_their_unit_ids(part_plan: Plan) -> None:
    text = text_of(part_plan)
    assert (
        "Calculus | Strang: Chapters 1-10: *single* variable; Chapters 11-16; [multi] #variable"
        in text
    )
    # The ids a learner types for `mathpath done R --part P` (or R:P).
    lines = text.splitlines()
    assert "   strang:ch1-10, strang:ch11-16" in lines  # the ids on a line of their own
    assert "   3b1b-calculus" in lines
    assert "   4 h · 2025-01-07 to 2025-01-09 · textbook · MIT" in lines
    assert "   1 h 30 min · 2025-01-06 · video-series · 3Blue1Brown" in lines


def test_the_sessions_table_names_each_sitting_s_part(part_plan: Plan) -> None:
    text = text_of(part_plan, sessions=True)
    sessions = text[text.index("Sessions") :]
    rows = [line.split("│") for line in sessions.splitlines() if re.match(r"^│ 2025-", line)]
    assert [row[-2].strip() for row in rows] == [
        "3b1b-calculus",
        "strang:ch1-10",
        "strang:ch1-10",
        "strang:ch11-16",
        "strang",
    ]


def test_plan_graph_labels_name_the_parts(part_plan: Plan) -> None:
    graph = plan_graph(part_plan)
    assert graph.node("resource:strang").label == (
        "Calculus | Strang: Chapters 1-10: *single* variable; Chapters 11-16; [multi] #variable"
    )
    assert graph.node("resource:strang").id == "strang"  # the key stays the resource's
    dot = graph_to_dot(graph)
    assert (
        '"resource:strang" [label="Calculus | Strang: Chapters 1-10: *single* variable; '
        'Chapters 11-16; [multi] #variable\\n(4 h)", shape=note];'
    ) in dot
    assert plan_graph(part_plan, lang="zh").node("resource:strang").label == (
        "微积分: 第1-10章; Chapters 11-16; [multi] #variable"
    )


def test_plan_diff_says_which_parts_changed() -> None:
    from datetime import date

    from mathpath.learner.diff import diff_plans
    from mathpath.render.plan import diff_view

    old = {"items": [{"id": "strang", "title": "Calculus", "minutes": 600, "parts": ["ch1-10"]}]}
    new = {
        "items": [
            {"id": "strang", "title": "Calculus", "minutes": 600},
            {"id": "khan", "title": "Khan", "minutes": 120, "parts": ["unit-1", "unit-2"]},
        ]
    }
    console = Console(width=120, record=True, color_system=None)
    console.print(diff_view(diff_plans(old, new), date(2025, 1, 6)))
    text = console.export_text()
    assert "  + khan (parts unit-1, unit-2, 2 h)\n" in text
    assert "  ~ strang: part ch1-10 -> whole\n" in text
    console.print(diff_view(diff_plans(new, old), date(2025, 1, 6)))
    text = console.export_text()
    assert "  - khan (parts unit-1, unit-2, 2 h)\n" in text
    assert "  ~ strang: whole -> part ch1-10\n" in text


def test_the_week_table_never_cuts_an_id_beside_days_off() -> None:
    # The days-off column takes room from the resources column; every id there stays whole.
    from tests.support.bundled import plan

    from mathpath.catalog.load import load_catalog
    from mathpath.render.plan import weeks_table

    p = plan(load_catalog(), "ml-math", skip=["2026-01-08..2026-01-20", "2026-02-10"])
    assert p.days_off
    console = Console(width=80, record=True, color_system=None)
    console.print(weeks_table(p))
    rows = [line.split("│") for line in console.export_text().splitlines() if "│" in line]
    shown = [word.rstrip(",") for row in rows for word in row[3].split()]
    assert "parr-howard-matrix-calculus" in shown
    assert set(shown) <= {item.resource.id for item in p.items}
