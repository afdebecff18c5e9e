"""The markdown export, checked by parsing it back with a CommonMark parser."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog
from mathpath.export.markdown import md_paragraph, md_text, md_url, plan_to_markdown
from mathpath.planning import make_plan
from mathpath.planning.plans import Plan, Session, format_duration
from mathpath.planning.request import build_request

from .conftest import PlanFactory, build_plan

PARSER = MarkdownIt("commonmark").enable("table")

# Printable text of any script; control characters are not catalog text.
TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)


def parse(text: str) -> list[Token]:
    return PARSER.parse(text)


def one_line(text: str) -> str:
    return " ".join(text.split())


def inline_text(children: list[Token]) -> str:
    return "".join(t.content for t in children if t.type in ("text", "text_special", "code_inline"))


def task_items(tokens: list[Token]) -> list[list[Token]]:
    """The inline children of each top-level list item under '## Resources'."""
    items: list[list[Token]] = []
    section = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            section = tokens[index + 1].content
        if section == "Resources" and token.type == "list_item_open" and token.level == 1:
            inline = tokens[index + 2]
            assert inline.type == "inline"
            items.append(inline.children or [])
    return items


def link_of(children: list[Token]) -> tuple[str, str]:
    """(href, link text) of the first link among inline children."""
    start = next(i for i, t in enumerate(children) if t.type == "link_open")
    end = next(i for i, t in enumerate(children) if t.type == "link_close")
    return str(children[start].attrs["href"]), inline_text(children[start + 1 : end])


def test_exactly_one_h1_with_the_goal_name(plan: Plan) -> None:
    tokens = parse(plan_to_markdown(plan))
    h1 = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    assert len(h1) == 1
    assert tokens[h1[0] + 1].content.endswith(r'Deep learning: the "math" \[part\] \| \#1')
    heading = inline_text(tokens[h1[0] + 1].children or [])
    assert heading == 'Study plan: Deep learning: the "math" [part] | #1'


def test_task_list_in_plan_order_with_exact_titles_and_links(plan: Plan) -> None:
    items = task_items(parse(plan_to_markdown(plan)))
    assert len(items) == len(plan.items)
    for children, item in zip(items, plan.items, strict=True):
        assert children[0].type == "text"
        assert children[0].content == "[ ] "  # GitHub turns this into a checkbox
        href, text = link_of(children)
        assert text == item.resource.title
        assert unquote(href) == item.resource.url
        assert not re.search(r"[\s()<>]", href)
        after = inline_text(children[[t.type for t in children].index("link_close") + 1 :])
        hours = format_duration(item.minutes)
        assert f"{item.start.isoformat()} → {item.end.isoformat()}" in after
        assert f"{item.resource.provider}, {hours}," in after
        # The reason is on its own line inside the same item, after a hard break.
        assert [t.type for t in children].count("hardbreak") == 1
        assert after.endswith(f"Why: {item.reason}")


def test_nasty_text_creates_no_markup(plan: Plan) -> None:
    tokens = parse(plan_to_markdown(plan))
    types = {t.type for t in tokens}
    assert not types & {"table_open", "html_block", "blockquote_open", "code_block", "hr"}
    inline = [c.type for t in tokens if t.children for c in t.children]
    assert not set(inline) & {"em_open", "html_inline", "image", "s_open"}
    assert inline.count("strong_open") == 8  # only the labels of the summary
    # Links: only the resources' own.
    links = [c for t in tokens if t.children for c in t.children if c.type == "link_open"]
    assert len(links) == len(plan.items)
    # Headings: the title, the four sections, one per week.
    headings = [t.tag for t in tokens if t.type == "heading_open"]
    assert headings == ["h1", "h2", "h2", "h3", "h3", "h2", "h2"]


def test_items_grouped_under_the_week_they_start_in(plan: Plan) -> None:
    text = plan_to_markdown(plan)
    week1 = text.index("### Week 1 (from 2025-01-06)")
    week2 = text.index("### Week 2 (from 2025-01-13)")
    # la-book starts on Thursday of week 1 and ends in week 2: it belongs to week 1.
    assert week1 < text.index("(https://example.org/la?") < week2
    assert week2 < text.index("(https://example.org/dl)")


def test_summary_states_totals_dates_knowledge_and_exactness(plan: Plan) -> None:
    text = plan_to_markdown(plan)
    assert "- **Total:** 10 h 30 min in 4 resources" in text
    assert "- **Dates:** 2025-01-06 → 2025-01-14" in text
    assert "- **Pace:** up to 8 h per week" in text
    assert "- **Study days:** Mon, Tue, Wed, Thu, Fri" in text
    assert "- **Already known:** `precalculus` (thorough)" in text
    assert "- **Assumed by the goal:** `precalculus`" in text
    assert "proven minimal" in text


def test_heuristic_choice_is_said(catalog: Catalog) -> None:
    text = plan_to_markdown(build_plan(catalog, exact=False))
    assert "not proven minimal" in text
    assert "- **Already known:** nothing declared" in text


def test_mermaid_blocks(plan: Plan) -> None:
    fences = [t for t in parse(plan_to_markdown(plan)) if t.type == "fence"]
    assert [t.info for t in fences] == ["mermaid", "mermaid"]
    gantt, flowchart = fences[0].content, fences[1].content
    assert gantt.startswith("gantt\n")
    assert "    dateFormat YYYY-MM-DD\n" in gantt
    assert flowchart.startswith("flowchart LR\n")


def test_gantt_tasks_are_parseable_and_dated(plan: Plan) -> None:
    gantt = next(t for t in parse(plan_to_markdown(plan)) if t.type == "fence").content
    task = re.compile(r"^    (\d+)\. ([^#:;\n]+) :(r_[A-Za-z0-9_]+), (\d{4}-\d\d-\d\d), (\d+)d$")
    tasks = [m for line in gantt.splitlines() if (m := task.match(line))]
    assert len(tasks) == len(plan.items)
    assert len({m.group(3) for m in tasks}) == len(tasks)
    for match, item in zip(tasks, plan.items, strict=True):
        assert date.fromisoformat(match.group(4)) == item.start
        assert int(match.group(5)) == (item.end - item.start).days + 1
    for line in gantt.splitlines()[1:]:
        # title, dateFormat, section or task: nothing else, and no gantt separators in text.
        assert re.match(r"^    (title [^#;]+|dateFormat .+|section [^#:;]+|\d+\. .+)$", line)
    assert '    4. ＃ Deep learning： 101； 50% "fun" :' in gantt


def test_flowchart_edges_follow_item_after(plan: Plan) -> None:
    flowchart = [t for t in parse(plan_to_markdown(plan)) if t.type == "fence"][1].content
    nodes = dict(re.findall(r'^    ([A-Za-z0-9_]+)(?:\(\(|\(|\[)"([^"]*)"', flowchart, flags=re.M))
    edges = re.findall(r"^    ([A-Za-z0-9_]+) --> ([A-Za-z0-9_]+)$", flowchart, flags=re.M)
    assert len(nodes) == len(plan.items) + 1  # and the goal
    ids = {name: node for node in nodes for name in [node.rsplit("_", 1)[0]]}
    assert set(ids) == {"g_dl", "r_3b1b_calculus", "r_mit_18_01sc", "r_la_book", "r_dl_course"}
    named = {(a.rsplit("_", 1)[0], b.rsplit("_", 1)[0]) for a, b in edges}
    assert named == {
        ("r_3b1b_calculus", "r_mit_18_01sc"),
        ("r_mit_18_01sc", "r_dl_course"),
        ("r_la_book", "r_dl_course"),
        ("r_dl_course", "g_dl"),
    }
    assert '"#35; Deep learning#58; 101#59; 50% #quot;fun#quot; (2 h)"' in flowchart


def test_chinese_titles_with_lang_zh(plan: Plan) -> None:
    text = plan_to_markdown(plan, lang="zh")
    tokens = parse(text)
    titles = [link_of(children)[1] for children in task_items(tokens)]
    assert titles == [
        "微积分的本质",
        'Single Variable Calculus [x]: "the classic" | part 1',  # no zh title: the original
        "*Linear* _algebra_ | done right & more \\ back",
        "深度学习：入门",
    ]
    assert text.startswith("# Study plan: 深度学习\n")
    assert "    1. 微积分的本质 :r_3b1b_calculus_" in text
    assert text == plan_to_markdown(plan, lang="zh")


def test_same_plan_same_bytes(plan: Plan, make_plan: PlanFactory) -> None:
    assert plan_to_markdown(plan) == plan_to_markdown(plan)
    assert plan_to_markdown(make_plan()) == plan_to_markdown(make_plan())


def test_tiny_plan_exact_text(catalog: Catalog) -> None:
    tiny = build_plan(
        catalog,
        items=(
            (
                "3b1b-calculus",
                90,
                date(2025, 1, 6),
                date(2025, 1, 7),
                "teaches calculus",
                (),
                ("",),
            ),
        ),
        sessions=(
            Session(date(2025, 1, 6), "3b1b-calculus", 60),
            Session(date(2025, 1, 7), "3b1b-calculus", 30),
        ),
    )
    assert plan_to_markdown(tiny) == (
        '# Study plan: Deep learning: the "math" \\[part\\] \\| \\#1\n'
        "\n"
        "Through a \\*deep learning\\* course \\| with \\[links\\].\n"
        "\n"
        "## Summary\n"
        "\n"
        "- **Total:** 1 h 30 min in 1 resource\n"
        "- **Dates:** 2025-01-06 → 2025-01-07\n"
        "- **Pace:** up to 8 h per week\n"
        "- **Study days:** Mon, Tue, Wed, Thu, Fri\n"
        "- **Week:** 8 h/week in blocks: mon-fri 1 h 36 min; sittings 30 min to 2 h, 1 at a time\n"
        "- **Already known:** nothing declared\n"
        "- **Assumed by the goal:** `precalculus`\n"
        "- **Choice of resources:** proven minimal (exact search)\n"
        "\n"
        "## Resources\n"
        "\n"
        "### Week 1 (from 2025-01-06)\n"
        "\n"
        "- [ ] [Essence of calculus: \\`chapter\\` \\#1 \\<intro\\> \\[x\\]]"
        "(https://example.org/wiki/Calculus_%28video%29)"
        " — 3Blue1Brown, 1 h 30 min, 2025-01-06 → 2025-01-07\\\n"
        "  Why: teaches calculus\n"
        "\n"
        "## Schedule\n"
        "\n"
        "```mermaid\n"
        "gantt\n"
        '    title Deep learning： the "math" [part] | ＃1\n'
        "    dateFormat YYYY-MM-DD\n"
        "    section Week 1 (from 2025-01-06)\n"
        "    1. Essence of calculus： `chapter` ＃1 ＜intro＞ [x]"
        " :r_3b1b_calculus_3a4437, 2025-01-06, 2d\n"
        "```\n"
        "\n"
        "## Prerequisites\n"
        "\n"
        "```mermaid\n"
        "flowchart LR\n"
        '    g_dl_2ca69e(("Deep learning#58; the #quot;math#quot; [part] | #35;1"))\n'
        '    r_3b1b_calculus_3a4437("Essence of calculus#58; #96;chapter#96; #35;1'
        ' #lt;intro#gt; [x] (1 h 30 min)")\n'
        "    r_3b1b_calculus_3a4437 --> g_dl_2ca69e\n"
        "```\n"
    )


def test_empty_plan_is_still_a_document(catalog: Catalog) -> None:
    text = plan_to_markdown(build_plan(catalog, items=(), sessions=()))
    tokens = parse(text)
    assert sum(t.type == "heading_open" and t.tag == "h1" for t in tokens) == 1
    assert "- **Total:** 0 min in 0 resources" in text


@given(TEXT)
def test_md_text_is_read_back_as_the_same_text(text: str) -> None:
    children = parse(f"x {md_text(text)}")[1].children or []
    assert inline_text(children) == f"x {one_line(text)}".rstrip()


@given(TEXT)
def test_md_paragraph_starts_no_block(text: str) -> None:
    tokens = parse(md_paragraph(text))
    if not one_line(text):
        assert tokens == []
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert inline_text(tokens[1].children or []) == one_line(text)


@given(TEXT.filter(one_line))  # catalog titles are never blank
def test_link_text_is_exact_for_any_title(title: str) -> None:
    children = parse(f"- [ ] [{md_text(title)}]({md_url('https://example.org/a_(b)')}) — x")[3]
    href, text = link_of(children.children or [])
    assert text == one_line(title)
    assert href == "https://example.org/a_%28b%29"


def test_md_url_encodes_what_would_end_a_link() -> None:
    assert md_url("https://e.org/a b(c)<d>") == "https://e.org/a%20b%28c%29%3Cd%3E"
    assert md_url("https://e.org/%E5%BE%AE?q=1&r=[2]#frag") == (
        "https://e.org/%E5%BE%AE?q=1&r=[2]#frag"
    )
    assert md_url("https://e.org/微积分") == "https://e.org/%E5%BE%AE%E7%A7%AF%E5%88%86"


# --- parts --------------------------------------------------------------------------------------


def test_an_item_with_parts_names_them_and_links_the_part_with_a_page(part_plan: Plan) -> None:
    items = task_items(parse(plan_to_markdown(part_plan)))
    assert len(items) == 2
    video, strang = items
    assert link_of(video)[1] == part_plan.items[0].title_in(None)
    links = [
        (str(c.attrs["href"]), inline_text(strang[i + 1 : i + 2]))
        for i, c in enumerate(strang)
        if c.type == "link_open"
    ]
    # The resource's title links to the resource, the part with its own page to that page; the
    # part without one is plain text between them.
    assert [(unquote(href), text) for href, text in links] == [
        ("https://example.org/strang", "Calculus | Strang"),
        ("https://example.org/strang/ch11(16)", "Chapters 11-16; [multi] #variable"),
    ]
    assert inline_text(strang).startswith(
        "[ ] Calculus | Strang: Chapters 1-10: *single* variable; Chapters 11-16; [multi] #variable"
        " — MIT, 4 h, 2025-01-07 → 2025-01-09"
    )
    inline = [c.type for c in strang]
    assert not set(inline) & {"em_open", "strong_open", "html_inline", "image"}


def test_parts_without_pages_link_the_whole_title_to_the_resource(part_catalog: Catalog) -> None:
    plan = build_plan(
        part_catalog,
        items=(("strang", 360, date(2025, 1, 6), date(2025, 1, 9), "", (), ("",)),),
        sessions=(Session(date(2025, 1, 6), "strang", 360, "ch1-10"),),
        parts={"strang": ("ch1-10",)},
    )
    (children,) = task_items(parse(plan_to_markdown(plan)))
    assert link_of(children) == (
        "https://example.org/strang",
        "Calculus | Strang: Chapters 1-10: *single* variable",
    )
    assert sum(c.type == "link_open" for c in children) == 1
    zh = task_items(parse(plan_to_markdown(plan, lang="zh")))[0]
    assert link_of(zh)[1] == "微积分: 第1-10章"


def test_gantt_and_flowchart_name_the_parts(part_plan: Plan) -> None:
    gantt, flowchart = [t.content for t in parse(plan_to_markdown(part_plan)) if t.type == "fence"]
    assert (
        "    2. Calculus | Strang： Chapters 1-10： *single* variable； Chapters 11-16； [multi]"
        " ＃variable :r_strang_"
    ) in gantt
    assert (
        '("Calculus | Strang#58; Chapters 1-10#58; *single* variable#59; Chapters 11-16#59;'
        ' [multi] #35;variable (4 h)")'
    ) in flowchart


def test_a_plan_with_parts_gives_the_same_bytes(part_catalog: Catalog, part_plan: Plan) -> None:
    from .conftest import PART_ITEMS, PART_SESSIONS, STRANG_PARTS

    again = build_plan(part_catalog, items=PART_ITEMS, sessions=PART_SESSIONS, parts=STRANG_PARTS)
    assert plan_to_markdown(part_plan) == plan_to_markdown(again)


def test_study_days_are_the_days_the_week_studies_on() -> None:
    """6 h over a free week is four blocks: the summary's study days are those four, as the
    Week line says, not every day the learner left open."""
    p = make_plan(load_catalog(), build_request("deep-learning", start=date(2027, 1, 4)))
    text = plan_to_markdown(p)
    assert "- **Study days:** Mon, Wed, Fri, Sun\n" in text
    assert "6 h/week in blocks: mon, wed, fri, sun 1 h 30 min" in text
    assert {s.date.weekday() for s in p.sessions} == {0, 2, 4, 6}
