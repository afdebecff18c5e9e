"""The plan page (`plan -o plan.html`): one self-contained HTML file, parsed with html5lib."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.export.conftest import PlanFactory

from mathpath.export import format_for_path, render_plan
from mathpath.export.page import plan_to_html
from mathpath.export.timeline_svg import columns, session_runs, wrap
from mathpath.planning.plans import DeadlineReport, Plan, Session

html5lib = pytest.importorskip("html5lib")

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
# Every attribute through which a page could make a request or take the reader elsewhere.
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "data", "background")


def parse(page: str) -> Any:
    """The document, parsed strictly: a parse error fails the test."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(page)


def every(tree: Any, tag: str, namespace: str = XHTML) -> list[Any]:
    return list(tree.iter(f"{namespace}{tag}"))


def text_of(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def resource_urls(plan: Plan, lang: str | None = None) -> set[str]:
    """The resources' own addresses: each resource's, its parts', its edition in ``lang``."""
    from mathpath.catalog.language import item_support

    urls = {item.resource.url for item in plan.items}
    urls |= {part.url for item in plan.items for part in item.parts if part.url}
    if lang:
        editions = (item_support(item.resource, lang, item.parts) for item in plan.items)
        urls |= {e.localised_url for e in editions if e.localised_url is not None}
    return urls


def test_suffix_and_dispatcher_choose_html(plan: Plan) -> None:
    assert format_for_path(Path("plan.html")) == "html"
    assert format_for_path(Path("PLAN.HTM")) == "html"
    assert render_plan(plan, "html", lang="zh") == plan_to_html(plan, lang="zh").encode("utf-8")


def test_page_parses_and_has_every_section(plan: Plan) -> None:
    tree = parse(plan_to_html(plan))
    assert tree.get("lang") == "en"
    ids = [section.get("id") for section in every(tree, "section")]
    assert ids == ["summary", "order", "timeline", "prerequisites", "links"]
    heading = text_of(every(tree, "h1")[0])
    assert heading == 'Study plan: Deep learning: the "math" [part] | #1'
    viewport = [m for m in every(tree, "meta") if m.get("name") == "viewport"]
    assert viewport[0].get("content") == "width=device-width, initial-scale=1"
    assert len(every(tree, "svg", SVG)) == 1


def test_no_url_but_the_resources_and_in_page_anchors(part_plan: Plan, plan: Plan) -> None:
    for subject in (plan, part_plan):
        page = plan_to_html(subject)
        tree = parse(page)
        allowed = resource_urls(subject)
        anchors = {element.get("id") for element in tree.iter() if element.get("id")}
        seen: set[str] = set()
        for element in tree.iter():
            for name, value in element.attrib.items():
                local = name.rsplit("}", 1)[-1]
                if local not in URL_ATTRIBUTES:
                    continue
                assert local == "href", (element.tag, name, value)
                if value.startswith("#"):
                    assert value[1:] in anchors, value
                else:
                    assert value in allowed, value
                    seen.add(value)
        assert seen == allowed  # every resource's link is there
        # Nothing in the stylesheet or the script can reach out either.
        for style in every(tree, "style") + every(tree, "script"):
            assert not re.search(r"url\(|@import|https?:|fetch\(|XMLHttpRequest", style.text)
        assert not every(tree, "img") + every(tree, "iframe") + every(tree, "link")


def test_the_content_policy_allows_exactly_the_inline_style_and_script(plan: Plan) -> None:
    tree = parse(plan_to_html(plan))
    policy = next(
        m.get("content")
        for m in every(tree, "meta")
        if m.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy.startswith("default-src 'none';")
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        (element,) = every(tree, tag)
        digest = base64.b64encode(hashlib.sha256(element.text.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy


def test_same_plan_same_bytes(plan: Plan, part_plan: Plan) -> None:
    for subject in (plan, part_plan):
        assert plan_to_html(subject) == plan_to_html(subject)
        assert plan_to_html(subject, lang="zh") == plan_to_html(subject, lang="zh")


def test_catalog_text_is_escaped_not_markup(plan: Plan) -> None:
    page = plan_to_html(plan)
    assert "<intro>" not in page
    tree = parse(page)
    titles = [text_of(t) for t in tree.iter(f"{XHTML}div") if t.get("class") == "title"]
    assert titles[0] == "1. Essence of calculus: `chapter` #1 <intro> [x]"
    assert titles[2] == "3. *Linear* _algebra_ | done right & more \\ back"
    links = [a.get("href") for a in every(tree, "a")]
    assert "https://example.org/la?x=1&y=(2)" in links


def test_checklist_in_study_order_with_boxes_keyed_by_resource(plan: Plan) -> None:
    tree = parse(plan_to_html(plan))
    assert tree.get("data-storage-key") == "mathpath:dl"
    boxes = [i for i in every(tree, "input") if i.get("type") == "checkbox"]
    assert [b.get("data-id") for b in boxes] == [item.id for item in plan.items]
    assert all(b.get("aria-label", "").startswith("Done: ") for b in boxes)
    progress = next(p for p in every(tree, "p") if p.get("id") == "progress")
    assert text_of(progress) == "0 of 4 ticked"
    assert progress.get("data-template") == "{done} of {total} ticked"
    order = next(s for s in every(tree, "section") if s.get("id") == "order")
    facts = [text_of(p) for p in order.iter(f"{XHTML}p") if p.get("class") == "facts"]
    assert facts[1] == "MIT OpenCourseWare · 4 h · 2025-01-07 → 2025-01-08"
    weeks = [text_of(h) for h in order.iter(f"{XHTML}h3")]
    assert weeks == ["Week 1 (from 2025-01-06)", "Week 2 (from 2025-01-13)"]


def test_summary_says_what_the_markdown_says(plan: Plan) -> None:
    tree = parse(plan_to_html(plan))
    summary = every(tree, "dl")[0]
    terms = [text_of(t) for t in summary.iter(f"{XHTML}dt")]
    values = [text_of(d) for d in summary.iter(f"{XHTML}dd")]
    facts = dict(zip(terms, values, strict=True))
    assert facts["Total"] == "10 h 30 min in 4 resources"
    assert facts["Dates"] == "2025-01-06 → 2025-01-14"
    assert facts["Study days"] == "Mon, Tue, Wed, Thu, Fri"
    assert facts["Already known"] == "precalculus (thorough)"
    assert facts["Assumed by the goal"] == "precalculus"
    assert facts["Choice of resources"] == "proven minimal (exact search)"


def test_chinese_titles_and_names_with_lang_zh(plan: Plan) -> None:
    tree = parse(plan_to_html(plan, lang="zh"))
    assert text_of(every(tree, "h1")[0]) == "Study plan: 深度学习"
    titles = [text_of(t) for t in tree.iter(f"{XHTML}div") if t.get("class") == "title"]
    # Each with the mark of what it has in Chinese, as the markdown export says it.
    assert titles[0] == "1. 微积分的本质 · English only"
    assert titles[3] == "4. 深度学习：入门 · English only"
    svg_text = " ".join(text_of(t) for t in tree.iter(f"{SVG}text"))
    assert "微积分的本质" in svg_text


def test_a_chinese_edition_is_linked_first_the_original_beside(plan: Plan) -> None:
    from dataclasses import replace

    from mathpath.catalog.models import Translation

    first = plan.items[0]
    edition = Translation(lang="zh", kind="translation", url="https://example.cn/calc")
    resource = first.resource.model_copy(update={"translations": [edition]})
    localised = replace(plan, items=(replace(first, resource=resource), *plan.items[1:]))
    tree = parse(plan_to_html(localised, lang="zh"))
    title = next(t for t in tree.iter(f"{XHTML}div") if t.get("class") == "title")
    assert [a.get("href") for a in title.iter(f"{XHTML}a")] == [
        "https://example.cn/calc",
        "https://example.org/wiki/Calculus_(video)",
    ]
    assert text_of(title) == "1. 微积分的本质 (original) · Chinese translation"
    links = next(s for s in every(tree, "section") if s.get("id") == "links")
    hrefs = [a.get("href") for a in links.iter(f"{XHTML}a")]
    assert hrefs[:2] == ["https://example.cn/calc", "https://example.org/wiki/Calculus_(video)"]


def test_labels_go_through_the_interface_language(plan: Plan) -> None:
    from mathpath import i18n

    try:
        i18n.use(i18n.PSEUDO)
        page = plan_to_html(plan)
    finally:
        i18n.use("en")
    tree = parse(page)
    assert tree.get("lang") == "en"  # the pseudo-locale is no language a browser knows
    for heading in every(tree, "h2"):
        assert text_of(heading).startswith("⟦"), text_of(heading)
    for term in every(tree, "dt"):
        assert text_of(term).startswith("⟦"), text_of(term)


def test_timeline_rows_and_bars_come_from_the_sessions(plan: Plan) -> None:
    tree = parse(plan_to_html(plan))
    (svg,) = every(tree, "svg", SVG)
    rows = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "tl-row"]
    assert len(rows) == len(plan.items)
    # la-book is studied on 2025-01-09 and 2025-01-13: two blocks, one band from first to last.
    la_book = rows[2]
    blocks = [r for r in la_book.iter(f"{SVG}rect") if r.get("class") == "tl-study"]
    bands = [r for r in la_book.iter(f"{SVG}rect") if r.get("class") == "tl-span"]
    assert len(blocks) == 2
    assert len(bands) == 1
    # The axis is the plan's 9 days: 2025-01-09 is day 3 of 9.
    assert blocks[0].get("x") == f"{100 * 3 / 9:.3f}%"
    assert bands[0].get("width") == f"{100 * 5 / 9:.3f}%"
    assert not [line for line in svg.iter(f"{SVG}line") if line.get("class") == "tl-deadline"]


def test_timeline_marks_the_deadline(make_plan: PlanFactory) -> None:
    from dataclasses import replace

    base = make_plan()
    report = DeadlineReport(date(2025, 1, 31), 4.0, True, None, ())
    page = plan_to_html(replace(base, deadline=report))
    tree = parse(page)
    (svg,) = every(tree, "svg", SVG)
    (line,) = [line for line in svg.iter(f"{SVG}line") if line.get("class") == "tl-deadline"]
    assert line.get("x1") == "100.000%"  # the axis runs to the deadline's end
    labels = [text_of(t) for t in svg.iter(f"{SVG}text")]
    assert "Deadline 2025-01-31" in labels
    assert "2025-01-31" in labels  # the end of the axis
    facts = {
        text_of(t): text_of(d) for t, d in zip(every(tree, "dt"), every(tree, "dd"), strict=True)
    }
    assert facts["Deadline"] == "2025-01-31: needs 4 h per week, feasible"


def test_prerequisites_nest_under_what_needs_them(plan: Plan) -> None:
    tree = parse(plan_to_html(plan))
    section = next(s for s in every(tree, "section") if s.get("id") == "prerequisites")
    (top,) = [u for u in section.iter(f"{XHTML}ul") if u.get("class") == "tree"]
    (goal,) = list(top)
    assert text_of(goal).startswith('Deep learning: the "math" [part] | #1')
    # dl.course is what the goal needs; before it mit-18.01sc (before that 3b1b) and la-book.
    (course,) = goal.find(f"{XHTML}ul")
    assert course.get("id") == "pre-4"
    inner = [li.get("id") for li in course.find(f"{XHTML}ul")]
    assert inner == ["pre-2", "pre-3"]
    links = [a.get("href") for a in section.iter(f"{XHTML}a")]
    assert links == ["#item-4", "#item-2", "#item-1", "#item-3"]


def test_a_shared_prerequisite_is_listed_once_and_linked_after(make_plan: PlanFactory) -> None:
    items = (
        (
            "3b1b-calculus",
            90,
            date(2025, 1, 6),
            date(2025, 1, 6),
            "",
            (),
            ("mit-18.01sc", "la-book"),
        ),
        ("mit-18.01sc", 240, date(2025, 1, 7), date(2025, 1, 8), "", ("3b1b-calculus",), ("",)),
        ("la-book", 180, date(2025, 1, 9), date(2025, 1, 13), "", ("3b1b-calculus",), ("",)),
    )
    sessions = (
        Session(date(2025, 1, 6), "3b1b-calculus", 90),
        Session(date(2025, 1, 7), "mit-18.01sc", 240),
        Session(date(2025, 1, 9), "la-book", 180),
    )
    tree = parse(plan_to_html(make_plan(items=items, sessions=sessions)))
    section = next(s for s in every(tree, "section") if s.get("id") == "prerequisites")
    items_listed = list(section.iter(f"{XHTML}li"))
    first = [li for li in items_listed if li.get("id") == "pre-1"]
    again = [li for li in items_listed if li.get("class") == "seen"]
    assert len(first) == 1
    assert len(again) == 1
    assert again[0].find(f"{XHTML}a").get("href") == "#pre-1"
    assert text_of(again[0]).endswith("(see above)")


def test_a_long_chain_does_not_recurse(make_plan: PlanFactory, catalog: Any) -> None:
    """The tree is built with a stack: 3,000 levels of nesting are no RecursionError."""
    from dataclasses import replace

    base = make_plan()
    first = base.items[0]
    chain = tuple(
        replace(
            first,
            resource=first.resource.model_copy(update={"id": f"r{n}"}),
            after=(f"r{n - 1}",) if n else (),
            needed_by=("",) if n == 2999 else (f"r{n + 1}",),
        )
        for n in range(3000)
    )
    page = plan_to_html(replace(base, items=chain, sessions=()))
    assert page.count('<li id="pre-') == 3000
    tree = page.split('<ul class="tree">', 1)[1].split('<section id="links">')[0]
    assert tree.count("<ul>") == 3000  # under the goal, then each link of the chain deeper
    assert tree.count("</ul>") == 3001  # and every list closed, the tree's own last


def test_spaced_reviews_have_their_own_section(plan: Plan) -> None:
    from dataclasses import replace

    from mathpath.planning.reviews import ReviewSession

    review = ReviewSession(
        date(2025, 1, 10), "linear-algebra", "working", 15, date(2025, 1, 9), "la-book", "",
        "https://example.org/la?x=1&y=(2)",
    )  # fmt: skip
    tree = parse(plan_to_html(replace(plan, reviews=(review,))))
    ids = [section.get("id") for section in every(tree, "section")]
    assert ids == ["summary", "order", "reviews", "timeline", "prerequisites", "links"]
    (section,) = sections(tree, "reviews")
    (row,) = section.iter(f"{XHTML}li")
    assert text_of(row) == "2025-01-10 Review linear-algebra@working — 15 min, with la-book"
    assert row.find(f"{XHTML}a").get("href") == "https://example.org/la?x=1&y=(2)"
    assert "reviews" not in [s.get("id") for s in every(parse(plan_to_html(plan)), "section")]


def sections(tree: Any, key: str) -> list[Any]:
    return [s for s in every(tree, "section") if s.get("id") == key]


def test_empty_plan_says_so(make_plan: PlanFactory) -> None:
    tree = parse(plan_to_html(make_plan(items=(), sessions=())))
    order = next(s for s in every(tree, "section") if s.get("id") == "order")
    assert "Nothing to study" in text_of(order)


def test_wrap_never_breaks_a_duration() -> None:
    assert wrap("9. Deep Learning Specialization (103\u00a0h)", 38) == [
        "9. Deep Learning Specialization",
        "(103\u00a0h)",
    ]


def test_session_runs_join_consecutive_days() -> None:
    days = [date(2025, 1, 9), date(2025, 1, 6), date(2025, 1, 7), date(2025, 1, 7)]
    assert session_runs(days) == [
        (date(2025, 1, 6), date(2025, 1, 7)),
        (date(2025, 1, 9), date(2025, 1, 9)),
    ]
    assert session_runs([]) == []


@pytest.mark.parametrize(
    "title",
    [
        "Mathematics for Machine Learning: Multivariate Calculus (Imperial College London)",
        "麻省理工学院深度学习导论（MIT 6.S191）和更多的中文标题文字在这里",
        "Supercalifragilisticexpialidociouslylongwordwithoutanyspaceatallinsideit",
        "",
    ],
)
def test_wrap_keeps_every_character_within_the_width(title: str) -> None:
    lines = wrap(title, 38)
    assert all(columns(line) <= 38 for line in lines)
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")
