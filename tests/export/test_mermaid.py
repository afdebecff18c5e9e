"""Mermaid text: safe ids, labels that read back as the original text, parseable lines."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from mathpath.catalog.models import Catalog, TopicNeed
from mathpath.catalog.text import visible
from mathpath.export.mermaid import gantt_text, graph_flowchart, label, node_id
from mathpath.planning.prereq_graph import goal_graph

TEXT = st.text(st.characters(codec="utf-8"), max_size=60)
NODE = re.compile(r'^    ([A-Za-z0-9_]+)(\(\(|\(|\[)"([^"\n]*)"(\)\)|\)|\])$')
EDGE = re.compile(r"^    ([A-Za-z0-9_]+) (-->|-\.->|---\|[a-z]+\|) ([A-Za-z0-9_]+)$")


ENTITY = re.compile(r"#(\d+|quot|lt|gt|amp);")


def mermaid_decode(text: str) -> str:
    """What Mermaid shows for a label: its ``#name;`` / ``#123;`` codes are HTML entities."""
    return html.unescape(ENTITY.sub(lambda m: f"&{'#' if m[1].isdigit() else ''}{m[1]};", text))


@given(TEXT)
def test_label_is_one_quoted_line_that_decodes_to_the_text(text: str) -> None:
    quoted = label(text)
    assert quoted.startswith('"')
    assert quoted.endswith('"')
    inner = quoted[1:-1]
    assert '"' not in inner
    assert "\n" not in inner
    assert "\r" not in inner
    # Every '#' starts one of the entity codes, and what ends a statement or opens markup is gone.
    assert "#" not in ENTITY.sub("", inner)
    assert not re.search(r"[<>&`:;]", ENTITY.sub("", inner))
    assert mermaid_decode(inner) == visible(" ".join(text.split()))  # controls: U+FFFD


@given(TEXT)
def test_gantt_text_has_no_gantt_separators(text: str) -> None:
    safe = gantt_text(text)
    assert not re.search(r"[#:;<>\n\r]", safe)
    assert safe == safe.strip()


def test_node_ids_are_safe_stable_and_distinct() -> None:
    ids = [node_id("resource", x) for x in ("mit-18.01sc", "mit-18-01sc", "mit_18_01sc", "end")]
    assert all(re.fullmatch(r"r_[A-Za-z0-9_]+_[0-9a-f]{6}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert node_id("resource", "mit-18.01sc") == ids[0]
    assert node_id("topic", "end") != node_id("resource", "end")
    assert not node_id("topic", "end").startswith(("o", "x", "end"))


def test_goal_flowchart_lines_all_parse(catalog: Catalog) -> None:
    text = graph_flowchart(goal_graph(catalog, "dl", known=[TopicNeed(topic="calculus")]))
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes = [m for line in lines if (m := NODE.match(line))]
    edges = [m for line in lines if (m := EDGE.match(line))]
    rest = [line for line in lines[1:] if not NODE.match(line) and not EDGE.match(line)]
    assert len(nodes) == 9
    assert len(edges) == 10
    assert rest == [
        "    classDef known fill:#e8f5e9,stroke:#2e7d32,color:#1b5e20",
        f"    class {node_id('topic', 'precalculus')},"
        f"{node_id('topic', 'single-variable-calculus')} known",
    ]
    labels = {m.group(1): mermaid_decode(m.group(3)) for m in nodes}
    assert labels[node_id("resource", "la-book")] == (
        "*Linear* _algebra_ | done right & more \\ back (Axler & Co | <Springer>, 3 h)"
    )
    node_ids = set(labels)
    assert all(m.group(1) in node_ids and m.group(3) in node_ids for m in edges)
    arrows = [m.group(2) for m in edges]
    assert arrows.count("-.->") == 1  # linear-algebra recommends single-variable-calculus
    assert "---|thorough|" in arrows
