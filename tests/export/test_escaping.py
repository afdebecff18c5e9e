"""Issue 15, items 4 and 7: every exported text field is escaped for its format, and control
characters never reach a file, even from a catalog that was not validated (a library caller's
``model_copy``): a validated catalog refuses them (tests/catalog/test_catalog_text.py)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from icalendar import Calendar

from mathpath.export.dot import graph_to_dot
from mathpath.export.ics import plan_to_ics
from mathpath.export.markdown import plan_to_markdown
from mathpath.export.mermaid import plan_flowchart, plan_gantt
from mathpath.planning.plans import Plan
from mathpath.planning.prereq_graph import plan_graph

# ESC sequences, NUL, a bell, a right-to-left override, C1 CSI, a line separator.
NASTY = "Evil\x1b[2J\x00\x07\u202eexe.fdp\x9b31m\u2028end"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028]")


@pytest.fixture
def nasty_plan(plan: Plan) -> Plan:
    goal = plan.goal.model_copy(update={"name": f"Goal;\n with, {NASTY}"})
    first = plan.items[0]
    resource = first.resource.model_copy(update={"title": NASTY, "provider": NASTY})
    items = (replace(first, resource=resource, reason=f"because\n{NASTY}"), *plan.items[1:])
    return replace(plan, goal=goal, items=items)


def test_the_calendar_name_is_escaped_and_the_file_parses(nasty_plan: Plan) -> None:
    raw = plan_to_ics(nasty_plan)
    assert not CONTROL.search(raw.decode("utf-8").replace("\r\n", ""))
    unfolded = raw.decode("utf-8").replace("\r\n ", "")
    (name,) = [line for line in unfolded.split("\r\n") if line.startswith("X-WR-CALNAME:")]
    assert name.startswith("X-WR-CALNAME:mathpath: Goal\\;\ufffd with\\, Evil\ufffd[2J")
    calendar = Calendar.from_ical(raw)
    summary = str(next(iter(calendar.walk("VEVENT")))["SUMMARY"])
    assert summary.startswith("Evil\ufffd[2J\ufffd\ufffd\ufffdexe.fdp\ufffd31m\ufffdend (")


def test_a_newline_in_the_goal_name_no_longer_crashes_the_calendar(plan: Plan) -> None:
    goal = plan.goal.model_copy(update={"name": "two\nlines"})
    raw = plan_to_ics(replace(plan, goal=goal))
    assert b"X-WR-CALNAME:mathpath: two\xef\xbf\xbdlines\r\n" in raw


def test_markdown_has_no_control_characters(nasty_plan: Plan) -> None:
    text = plan_to_markdown(nasty_plan)
    assert not CONTROL.search(text.replace("\n", ""))
    assert "Evil\ufffd\\[2J" in text  # and still escaped as markdown


def test_mermaid_has_no_control_characters(nasty_plan: Plan) -> None:
    for text in (plan_gantt(nasty_plan), plan_flowchart(nasty_plan)):
        assert not CONTROL.search(text.replace("\n", ""))
        assert "Evil\ufffd[2J" in text


def test_dot_has_no_control_characters(nasty_plan: Plan) -> None:
    text = graph_to_dot(plan_graph(nasty_plan))
    assert not CONTROL.search(text.replace("\n", ""))
    assert '"Evil\ufffd[2J' in text
