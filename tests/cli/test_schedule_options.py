"""The schedule options of issue 14 through the CLI, each with its errors: --days with hours,
--min-session, --fill, --block, --skip, --holidays, --time, --tz, --update, --live, and the
profile keys that hold the same."""

from __future__ import annotations

import itertools
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner, Result

from mathpath.cli import app
from mathpath.errors import ExitCode
from mathpath.planning.daysoff import holiday_names
from mathpath.planning.plans import week_monday

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
START = ["--start", "2026-03-02"]  # a Monday


@pytest.fixture
def run(runner: CliRunner) -> Any:
    def invoke(*args: str, catalog: Path = MINI) -> Result:
        return runner.invoke(app, ["--catalog", str(catalog), *args])

    return invoke


def plan_json(run: Any, *args: str, catalog: Path = MINI) -> Any:
    result = run("plan", "--goal", "dl", *START, "--format", "json", *args, catalog=catalog)
    assert result.exit_code == 0, result.stderr
    import json

    data = json.loads(result.stdout)
    assert data["kind"] == "plan"
    return data


def fails(result: Result, *fragments: str, code: ExitCode = ExitCode.USAGE) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def minutes_by(data: Any, key: Any) -> dict[Any, int]:
    found: dict[Any, int] = defaultdict(int)
    for session in data["sessions"]:
        found[key(date.fromisoformat(session["date"]))] += session["minutes"]
    return found


# --- --days with hours --------------------------------------------------------------------------


def test_days_with_their_own_hours_make_the_week(run: Any) -> None:
    data = plan_json(run, "--days", "mon-fri=1,sat=3")
    assert data["options"]["day_hours"] == {
        "mon": 1.0, "tue": 1.0, "wed": 1.0, "thu": 1.0, "fri": 1.0, "sat": 3.0,
    }  # fmt: skip
    assert data["options"]["study_days"] == ["mon", "tue", "wed", "thu", "fri", "sat"]
    assert data["hours_per_week"] == 8.0  # their sum, as no budget was said
    per_day = minutes_by(data, lambda d: d)
    assert all(m <= (180 if d.weekday() == 5 else 60) for d, m in per_day.items())
    assert not any(d.weekday() == 6 for d in per_day)
    # sat's 3 h hold sittings of up to 2 h: the summary says what a week really takes, and why
    assert data["capacity"]["minutes"] == 420
    assert (
        "sittings up to 2 h, 1 resource at a time hold only 2 h of sat's 3 h"
        in (data["capacity"]["note"])
    )
    assert data["capacity"]["note"] in data["notes"]


def test_a_smaller_weekly_budget_cuts_the_days_in_proportion(run: Any) -> None:
    data = plan_json(run, "--days", "mon=1,wed=1,sat=3", "--hours-per-week", "4")
    per_week = minutes_by(data, week_monday)
    assert max(per_week.values()) <= 240
    per_day = minutes_by(data, lambda d: d.weekday())
    assert set(per_day) <= {0, 2, 5}


@pytest.mark.parametrize(
    ("words", "fragments"),
    [
        ("mon=1,sat", ["--days: sat has no value while other days have one"]),
        ("mon=lots", ["--days: 'lots' is not a number of hours"]),
        ("mon=25", ["--days: must be more than 0", "at most 24 hours"]),
        ("mon=0.25,sat=1", ["--days mon=0.25 is less than the shortest sitting"]),
        ("mon=1,mon=2", ["--days: mon is given two values"]),
        ("mon-funday=1", ["--days: 'mon-funday' is not a range of days"]),
    ],
)
def test_bad_day_hours_are_usage_errors(run: Any, words: str, fragments: list[str]) -> None:
    args = ["--min-session", "30"] if "0.25" in words else []  # else the minimum is 15 min
    fails(run("plan", "--goal", "dl", "--days", words, *args), *fragments)


# --- sittings -----------------------------------------------------------------------------------


def test_blocks_fill_few_days_and_spread_fills_every_day(run: Any) -> None:
    blocks = plan_json(run)
    assert {date.fromisoformat(s["date"]).weekday() for s in blocks["sessions"]} == {0, 2, 4, 6}
    spread = plan_json(run, "--fill", "spread")
    assert {date.fromisoformat(s["date"]).weekday() for s in spread["sessions"]} == set(range(7))
    assert plan_json(run, "--block", "120")["options"]["block"] == 120
    three = plan_json(run, "--block", "120")
    assert {date.fromisoformat(s["date"]).weekday() for s in three["sessions"]} == {1, 3, 5}


def test_no_sitting_is_shorter_than_the_minimum(run: Any) -> None:
    data = plan_json(run, "--min-session", "45", "--fill", "spread", "--hours-per-week", "7")
    assert data["options"]["min_session"] == 45
    sittings: dict[tuple[str, str], int] = defaultdict(int)
    for s in data["sessions"]:
        if s["kind"] == "study":  # a spaced review is its own short sitting (--review-minutes)
            sittings[(s["date"], s["id"])] += s["minutes"]
    assert min(sittings.values()) >= 45


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--min-session", "0"], ["--min-session: must be 1 to 1440 minutes (got 0)"]),
        (["--min-session", "45", "--session-hours", "0.5"], ["--session-hours 0.5 is shorter"]),
        (["--min-session", "45", "--block", "30"], ["--block 30 min is shorter"]),
        (["--min-session", "90", "--hours-per-week", "1"], ["--hours-per-week 1 is less than"]),
        (["--fill", "evenly"], ["--fill: 'evenly' is not one of blocks, spread"]),
        (["--block", "0"], ["--block: must be 1 to 1440 minutes"]),
    ],
)
def test_bad_sittings_are_usage_errors(run: Any, args: list[str], fragments: list[str]) -> None:
    fails(run("plan", "--goal", "dl", *args), *fragments)


def test_an_unusable_budget_says_the_real_hours_in_every_view(run: Any, tmp_path: Path) -> None:
    args = ["--hours-per-week", "8", "--days", "mon,wed,sat"]
    note = "most weeks get 6 h, not the 8 h budgeted: 3 study days with sittings up to 2 h"
    table = run("plan", "--goal", "dl", *START, *args)
    assert table.exit_code == 0, table.stderr
    assert "6 h/week in most weeks, of 8 h budgeted" in " ".join(table.stdout.split())
    assert note in " ".join(table.stdout.split())
    markdown = run("plan", "--goal", "dl", *START, *args, "--format", "markdown")
    assert "- **Pace:** up to 6 h (8 h budgeted; see the note) per week" in markdown.stdout
    assert note in markdown.stdout
    data = plan_json(run, *args)
    assert (data["capacity"]["minutes"], data["capacity"]["budget_minutes"]) == (360, 480)
    assert data["capacity"]["note"].startswith(note)
    weeks = list(minutes_by(data, week_monday).values())
    assert max(weeks) <= 480
    assert Counter(weeks).most_common(1)[0][0] == 360  # most weeks
    deadline = plan_json(run, *args, "--deadline", "2026-04-01")
    assert deadline["capacity"]["note"].startswith(note)  # in deadline mode too


# --- days off -----------------------------------------------------------------------------------


def test_skipped_days_have_no_sessions_and_are_shown(run: Any) -> None:
    data = plan_json(run, "--skip", "2026-03-04..2026-03-08", "--skip", "2026-03-11")
    dates = {s["date"] for s in data["sessions"]}
    skipped = {date(2026, 3, 4) + timedelta(days=n) for n in range(5)} | {date(2026, 3, 11)}
    assert not dates & {d.isoformat() for d in skipped}
    assert data["options"]["skip"] == [["2026-03-04", "2026-03-08"], ["2026-03-11", "2026-03-11"]]
    shown = {d["date"]: d["reason"] for d in data["days_off"]}
    assert shown == {"2026-03-04": "skipped", "2026-03-06": "skipped", "2026-03-08": "skipped",
                     "2026-03-11": "skipped"}  # fmt: skip
    table = run("plan", "--goal", "dl", *START, "--skip", "2026-03-04..2026-03-08")
    assert "Days off" in table.stdout
    assert "Wed 4-Fri 6 skipped" not in table.stdout  # thu is no study day of the blocks
    assert "Wed 4 skipped" in table.stdout


@pytest.mark.parametrize(
    ("word", "fragments"),
    [
        ("2026-03-08..2026-03-04", ["--skip: '2026-03-08..2026-03-04' ends before it starts",
                                    "2026-03-04..2026-03-08"]),
        ("2026-02-30", ["--skip: '2026-02-30' is not a date"]),
        ("2026-03-04..", ["--skip: '' is not a date"]),
    ],
)  # fmt: skip
def test_bad_skips_are_usage_errors(run: Any, word: str, fragments: list[str]) -> None:
    fails(run("plan", "--goal", "dl", "--skip", word), *fragments)


def test_no_session_on_a_public_holiday(run: Any) -> None:
    data = plan_json(run, "--holidays", "us", "--start", "2026-12-21", "--fill", "spread")
    assert data["options"]["holidays"] == "US"
    holidays = {d.isoformat() for d in holiday_names("US", 2026)} | {
        d.isoformat() for d in holiday_names("US", 2027)
    }
    assert not holidays & {s["date"] for s in data["sessions"]}
    assert {"date": "2026-12-25", "reason": "Christmas Day"} in data["days_off"]


def test_holidays_errors(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    fails(run("plan", "--goal", "dl", "--holidays", "usa"), "--holidays: 'usa' is not a country")
    fails(run("plan", "--goal", "dl", "--holidays", "XX"), "--holidays XX: the holidays package")
    holiday_names.cache_clear()
    monkeypatch.setitem(sys.modules, "holidays", None)  # as if it were not installed
    fails(
        run("plan", "--goal", "dl", "--holidays", "CN"),
        "--holidays CN needs the holidays package",
        "pip install 'mathpath[holidays]'",
    )
    holiday_names.cache_clear()


# --- times and zones ----------------------------------------------------------------------------


def test_times_per_weekday_and_sittings_back_to_back(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    result = run(
        "plan", "--goal", "dl", *START, "--time", "mon-fri=19:30,sat,sun=09:00",
        "--tz", "Asia/Shanghai", "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    calendar = Calendar.from_ical(target.read_bytes())
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert all(e["DTSTART"].params["TZID"] == "Asia/Shanghai" for e in events)
    for a, b in itertools.pairwise(events):
        assert a.decoded("DTEND") <= b.decoded("DTSTART")
    data = plan_json(run, "--time", "mon-fri=19:30,sat,sun=09:00")
    assert data["options"]["times"]["sat"] == "09:00"
    firsts: dict[str, str] = {}
    for session in data["sessions"]:
        firsts.setdefault(session["date"], session["time"])
    for day, clock in firsts.items():
        assert clock == ("09:00" if date.fromisoformat(day).weekday() >= 5 else "19:30")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--time", "7pm"], ["--time: '7pm' is not a time of day"]),
        (["--time", "mon=25:00"], ["--time: '25:00' is not a time of day"]),
        (["--time", "mon=19:30,sat"], ["--time: sat has no value"]),
        (["--tz", "Mars/Olympus"], ["--tz: 'Mars/Olympus' is not a time zone"]),
        (["--tz", "../etc/passwd"], ["--tz: '../etc/passwd' is not a time zone"]),
    ],
)
def test_bad_times_and_zones_are_usage_errors(
    run: Any, args: list[str], fragments: list[str]
) -> None:
    fails(run("plan", "--goal", "dl", *args), *fragments)


# --- --update -----------------------------------------------------------------------------------


def test_update_cancels_what_a_replan_drops_and_keeps_the_rest(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "study.ics"
    first = run("plan", "--goal", "dl", *START, "-o", str(target), "--update")
    assert first.exit_code == 0, first.stderr
    assert first.stderr.startswith(f"wrote {target}")
    before = {str(e["UID"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    again = run("plan", "--goal", "dl", *START, "--done", "la-book", "-o", str(target), "--update")
    assert again.exit_code == 0, again.stderr
    assert again.stderr.startswith(f"updated {target}")
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    cancelled = {str(e["UID"]) for e in events if str(e.get("STATUS")) == "CANCELLED"}
    assert cancelled
    assert {str(e["UID"]) for e in events} >= before
    # Without --update (and --force) the file is not replaced.
    fails(run("plan", "--goal", "dl", "-o", str(target)), "already exists", code=ExitCode.OUTPUT)


def test_update_never_touches_a_calendar_mathpath_did_not_write(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "mine.ics"
    mine = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Me//My calendar//EN\r\nEND:VCALENDAR\r\n"
    target.write_bytes(mine)
    fails(run("plan", "--goal", "dl", "-o", str(target), "--update"), "not written by mathpath")
    assert target.read_bytes() == mine
    target.write_bytes(b"not a calendar")
    fails(run("plan", "--goal", "dl", "-o", str(target), "--update"), "not an iCalendar file")
    assert target.read_bytes() == b"not a calendar"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.ics"]  # no temporary left


def test_update_needs_an_ics_output(run: Any, tmp_path: Path) -> None:
    fails(run("plan", "--goal", "dl", "--update"), "--update needs --output FILE.ics")
    fails(
        run("plan", "--goal", "dl", "--update", "-o", str(tmp_path / "plan.md")),
        "--update is for calendars (.ics), not markdown",
    )


# --- --live -------------------------------------------------------------------------------------

LIVE = """
version: 1
topics:
  - {id: basics, name: Basics}
  - {id: deep, name: Deep, requires: [basics]}
resources:
  - id: intro
    title: Intro
    provider: Example
    url: https://example.org/intro
    format: video
    hours: 2
    level: intro
    free: true
    teaches: [basics@thorough]
  - id: bootcamp
    title: Bootcamp
    provider: Example
    url: https://example.org/bootcamp
    format: course
    hours: 6
    level: intro
    free: true
    teaches: [deep@working]
    requires: [basics]
    editions:
      - {name: "2026", start: 2026-01-05, end: 2026-01-16}
      - {name: "spring 2026", start: 2026-04-06, end: 2026-04-17}
      - {name: "short", start: 2026-06-01, end: 2026-06-02}
goals:
  - {id: deep, name: Deep, description: Deep things., targets: [deep@working]}
"""


def test_live_places_a_resource_in_an_edition_or_says_why_not(
    run: Any, tmp_path: Path, write_catalog: Any
) -> None:
    catalog = write_catalog(tmp_path, LIVE)

    def live(*args: str) -> Any:
        result = run("plan", "--goal", "deep", "--format", "json", *args, catalog=catalog)
        assert result.exit_code == 0, result.stderr
        import json

        return json.loads(result.stdout)

    data = live("--start", "2026-03-02", "--live")
    item = next(i for i in data["items"] if i["id"] == "bootcamp")
    assert item["edition"]["name"] == "spring 2026"  # the January one has ended
    assert "2026-04-06" <= item["start"] <= item["end"] <= "2026-04-17"
    assert any("follows its live edition spring 2026" in note for note in data["notes"])
    # Too little time in the window: the next editions, then the reason and one's own pace.
    short = live("--start", "2026-05-01", "--live", "--hours-per-week", "2")
    item = next(i for i in short["items"] if i["id"] == "bootcamp")
    assert item["edition"] is None
    assert any(
        "bootcamp cannot follow a live edition" in n and "holds only" in n for n in short["notes"]
    )
    self_paced = live("--start", "2026-03-02")
    assert all(i["edition"] is None for i in self_paced["items"])


def test_an_edition_ending_before_it_starts_is_a_catalog_error(
    run: Any, tmp_path: Path, write_catalog: Any
) -> None:
    bad = LIVE.replace("end: 2026-01-16", "end: 2025-01-16")
    catalog = write_catalog(tmp_path, bad)
    result = run("validate", str(catalog))
    assert result.exit_code == ExitCode.CATALOG
    assert "the edition ends (2025-01-16) before it starts (2026-01-05)" in result.stderr


# --- the profile --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("study_days", "mon=1,sat=3", 'study_days = ["mon", "sat"]'),
        ("min_session", "45", "min_session = 45"),
        ("fill", "spread", 'fill = "spread"'),
        ("block", "60", "block = 60"),
        ("skip", "2026-12-24..2027-01-01,2027-02-10", "skip = "),
        ("holidays", "cn", 'holidays = "CN"'),
        ("time", "mon-fri=19:30,sat,sun=09:00", "times = "),
        ("tz", "Asia/Shanghai", 'tz = "Asia/Shanghai"'),
        ("live", "yes", "live = true"),
    ],
)
def test_the_profile_holds_the_schedule(run: Any, key: str, value: str, shown: str) -> None:
    result = run("profile", "set", key, value)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(shown)


def test_the_plan_reads_the_schedule_from_the_profile(run: Any) -> None:
    for key, value in (
        ("study_days", "mon=1,sat=3"),
        ("skip", "2026-03-07"),
        ("time", "19:00"),
        ("min_session", "40"),
    ):
        assert run("profile", "set", key, value).exit_code == 0
    data = plan_json(run, "--skip", "2026-03-09")
    assert data["options"]["day_hours"] == {"mon": 1.0, "sat": 3.0}
    assert data["options"]["skip"] == [["2026-03-07", "2026-03-07"], ["2026-03-09", "2026-03-09"]]
    assert data["options"]["min_session"] == 40
    assert {s["date"] for s in data["sessions"]}.isdisjoint({"2026-03-07", "2026-03-09"})
    assert data["options"]["times"]["mon"] == "19:00"
    # Plain days on the command line replace the profile's days and their hours.
    plain = plan_json(run, "--days", "tue,thu")
    assert plain["options"]["day_hours"] is None
    assert plain["options"]["study_days"] == ["tue", "thu"]


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("skip", "2027-01-01..2026-12-24", "skip: '2027-01-01..2026-12-24' ends before it starts"),
        ("min_session", "soon", "min_session: 'soon' is not a whole number of minutes"),
        ("time", "noon", "times: 'noon' is not a time of day"),
        ("tz", "Nowhere", "tz: 'Nowhere' is not a time zone"),
        ("fill", "thin", "fill: 'thin' is not one of blocks, spread"),
    ],
)
def test_bad_profile_values_are_refused(run: Any, key: str, value: str, fragment: str) -> None:
    fails(run("profile", "set", key, value), fragment)
