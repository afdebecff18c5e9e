"""Progress records: append-only, sequential ids, undo, and files cut short."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from mathpath.catalog.load import load_catalog
from mathpath.errors import OutputError, UsageError, UserDataError
from mathpath.learner import paths, progress

D = dt.date(2024, 3, 4)
NOW = dt.datetime(2024, 3, 4, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))


def fill(count: int) -> None:
    for i in range(count):
        progress.append_record("log", "la-book", on=D, hours=1 + i, note=f"ch {i}", now=NOW)


def test_records_get_sequential_ids_and_keep_every_field(tmp_path: Path) -> None:
    progress.append_record("done", "calc-video", on=D, hours=1.5, now=NOW)
    progress.append_record("log", "la-book", on=D, hours=2, note="chapter 1", now=NOW)
    records = progress.load_progress().records
    assert [(r.id, r.kind, r.resource, r.hours, r.note) for r in records] == [
        (1, "done", "calc-video", 1.5, None),
        (2, "log", "la-book", 2.0, "chapter 1"),
    ]
    assert records[0].date == D
    assert records[0].recorded_at == NOW
    text = (tmp_path / "progress.yaml").read_text(encoding="utf-8")
    assert "date: 2024-03-04\n" in text
    assert text.endswith("record_count: 2\n")


def test_undo_removes_only_the_last_record() -> None:
    fill(3)
    removed = progress.undo_last()
    assert removed.id == 3
    assert removed.describe() == "#3 studied la-book on 2024-03-04, 3 h (ch 2)"
    assert [r.id for r in progress.load_progress().records] == [1, 2]


def test_undo_with_nothing_recorded_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no progress to undo"):
        progress.undo_last()


def test_a_second_done_is_refused() -> None:
    progress.append_record("done", "calc-video", on=D, now=NOW)
    with pytest.raises(UsageError, match=r"already marked finished \(record #1"):
        progress.append_record("done", "calc-video", on=D, now=NOW)
    assert len(progress.load_progress().records) == 1


def test_a_check_sees_the_file_as_read_under_the_lock_and_may_refuse() -> None:
    fill(2)
    seen: list[int] = []

    def refuse_a_third(now: progress.Progress) -> UsageError | None:
        seen.append(len(now.records))
        return UsageError("two is enough") if len(now.records) >= 2 else None

    before = paths.progress_path().read_bytes()
    with pytest.raises(UsageError, match="two is enough"):
        progress.append_record("log", "la-book", on=D, hours=1, now=NOW, check=refuse_a_third)
    assert seen == [2]
    assert paths.progress_path().read_bytes() == before


def test_true_is_not_a_number_of_hours_in_a_record(tmp_path: Path) -> None:
    (tmp_path / "progress.yaml").write_text(
        "schema_version: 1\nrecords:\n- id: 1\n  kind: log\n  resource: la-book\n"
        "  date: 2024-03-04\n  hours: true\n  recorded_at: 2024-03-04 12:00:00+00:00\n"
        "record_count: 1\n"
    )
    with pytest.raises(UserDataError, match=r"records\[0\]\.hours: a number of hours is expected"):
        progress.load_progress()


def test_a_log_needs_hours(tmp_path: Path) -> None:
    (tmp_path / "progress.yaml").write_text(
        "schema_version: 1\nrecords:\n- id: 1\n  kind: log\n  resource: la-book\n"
        "  date: 2024-03-04\n  recorded_at: 2024-03-04 12:00:00+00:00\nrecord_count: 1\n"
    )
    with pytest.raises(UserDataError, match=r"progress\.yaml:3: records\[0\]: .*needs hours"):
        progress.load_progress()


def test_a_file_cut_in_half_is_a_clear_error_and_stays_untouched(tmp_path: Path) -> None:
    fill(6)
    path = tmp_path / "progress.yaml"
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    cut = path.read_bytes()
    with pytest.raises(UserDataError) as info:
        progress.load_progress()
    assert str(path) in str(info.value)
    with pytest.raises(UserDataError):
        progress.append_record("log", "la-book", on=D, hours=1, now=NOW)
    with pytest.raises(UserDataError):
        progress.undo_last()
    assert path.read_bytes() == cut


def test_a_file_cut_between_records_is_still_noticed(tmp_path: Path) -> None:
    fill(4)
    path = tmp_path / "progress.yaml"
    text = path.read_text(encoding="utf-8")
    cut = text[: text.index("- id: 3")]  # valid YAML with two whole records
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(UserDataError, match=r"ends early .* cut short"):
        progress.load_progress()
    path.write_text(cut + "record_count: 4\n", encoding="utf-8")
    with pytest.raises(UserDataError, match="record_count says 4 but the file holds 2"):
        progress.load_progress()


def test_ids_must_increase(tmp_path: Path) -> None:
    fill(2)
    path = tmp_path / "progress.yaml"
    path.write_text(path.read_text().replace("id: 2", "id: 1"))
    with pytest.raises(UserDataError, match="record ids must increase"):
        progress.load_progress()


def test_summary_adds_logs_and_done_hours_override_them() -> None:
    progress.append_record("log", "la-book", on=D, hours=2, now=NOW)
    progress.append_record("log", "la-book", on=D + dt.timedelta(days=1), hours=3, now=NOW)
    progress.append_record("log", "calc-course", on=D, hours=4, now=NOW)
    progress.append_record("done", "calc-course", on=D, hours=10, now=NOW)
    progress.append_record("done", "calc-video", on=D, now=NOW)
    summary = progress.summarize(progress.load_progress().records)
    assert list(summary) == ["la-book", "calc-course", "calc-video"]
    assert summary["la-book"].spent_minutes == 300
    assert summary["la-book"].actual_minutes is None  # not finished
    assert summary["la-book"].last_date == D + dt.timedelta(days=1)
    assert summary["calc-course"].actual_minutes == 600  # done --hours is the total
    assert summary["calc-video"].finished
    assert summary["calc-video"].actual_minutes is None  # no hours known


def test_records_of_resources_gone_from_the_catalog_are_kept(mini_catalog_path: Path) -> None:
    progress.append_record("done", "old-course", on=D, hours=3, now=NOW)
    progress.append_record("done", "calc-video", on=D, now=NOW)
    progress.append_record("log", "la-book", on=D, hours=1, now=NOW)
    records = progress.load_progress().records
    catalog = load_catalog(mini_catalog_path)
    orphans = [r for r in records if not progress.in_catalog(r, catalog)]
    assert [r.resource for r in orphans] == ["old-course"]
    assert len(records) == 3


def test_unknown_resource_is_a_usage_error_with_suggestions(mini_catalog_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown resource 'la-bok'") as info:
        progress.check_resource(load_catalog(mini_catalog_path), "la-bok")
    assert "did you mean 'la-book'?" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [(None, D), ("today", D), ("yesterday", D - dt.timedelta(days=1)), ("2024-01-31", None)],
)
def test_dates(text: str | None, expected: dt.date | None) -> None:
    assert progress.parse_date(text, D) == (expected or dt.date(2024, 1, 31))


@pytest.mark.parametrize(
    ("text", "message"), [("31/01/2024", "not a date"), ("2024-03-05", "future")]
)
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        progress.parse_date(text, D)


def test_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    fill(1)
    before = (tmp_path / "progress.yaml").read_bytes()
    os.chmod(tmp_path, 0o500)
    try:
        if os.access(tmp_path, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        with pytest.raises(OutputError):
            progress.append_record("log", "la-book", on=D, hours=1, now=NOW)
    finally:
        os.chmod(tmp_path, 0o700)
    assert (tmp_path / "progress.yaml").read_bytes() == before


def test_a_home_under_a_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("MATHPATH_HOME", str(blocker / "home"))
    with pytest.raises(OutputError, match="cannot create the folder"):
        progress.append_record("log", "la-book", on=D, hours=1, now=NOW)
    assert blocker.read_text() == "x"


# --- parts --------------------------------------------------------------------------------------

PARTS_CATALOG = Path(__file__).parents[1] / "fixtures" / "mini-parts.yaml"


def test_a_part_record_is_written_with_its_part_and_version_2(tmp_path: Path) -> None:
    progress.append_record("log", "la-book", on=D, hours=1, now=NOW)
    path = tmp_path / "progress.yaml"
    before = path.read_text(encoding="utf-8")
    assert "schema_version: 1\n" in before
    assert "part:" not in before  # a file without parts is written as before
    progress.append_record("done", "la-book", part="part-1", on=D, hours=12, now=NOW)
    text = path.read_text(encoding="utf-8")
    assert "schema_version: 2\n" in text
    assert text.count("part:") == 1
    assert "  resource: la-book\n  part: part-1\n" in text
    records = progress.load_progress().records
    assert [(r.resource, r.part, r.unit) for r in records] == [
        ("la-book", None, "la-book"),
        ("la-book", "part-1", "la-book:part-1"),
    ]
    assert records[1].describe() == "#2 finished la-book:part-1 on 2024-03-04, 12 h"
    progress.undo_last()  # back to whole resources only: back to version 1
    assert path.read_text(encoding="utf-8") == before


def test_a_version_1_file_still_loads(tmp_path: Path) -> None:
    (tmp_path / "progress.yaml").write_text(
        "schema_version: 1\nrecords:\n- id: 1\n  kind: done\n  resource: la-book\n"
        "  date: 2024-03-04\n  hours: 30.0\n  note: null\n"
        "  recorded_at: 2024-03-04 12:00:00+00:00\nrecord_count: 1\n"
    )
    (record,) = progress.load_progress().records
    assert (record.unit, record.part, record.hours) == ("la-book", None, 30.0)


def test_a_file_from_a_newer_mathpath_says_so(tmp_path: Path) -> None:
    (tmp_path / "progress.yaml").write_text("schema_version: 4\nrecords: []\nrecord_count: 0\n")
    with pytest.raises(UserDataError, match=r"newer mathpath \(schema_version 4; .* up to 3\)"):
        progress.load_progress()


def test_finishing_a_part_twice_or_after_the_whole_is_refused() -> None:
    progress.append_record("done", "la-book", part="part-1", on=D, now=NOW)
    with pytest.raises(UsageError, match=r"la-book:part-1 is already marked finished \(record #1"):
        progress.append_record("done", "la-book", part="part-1", on=D, now=NOW)
    progress.append_record("done", "la-book", part="part-2", on=D, now=NOW)  # another part
    progress.append_record("done", "la-book", on=D, now=NOW)  # the whole, after its parts
    with pytest.raises(UsageError, match=r"^la-book is already marked finished \(record #3"):
        progress.append_record("done", "la-book", part="part-2", on=D, now=NOW)
    assert len(progress.load_progress().records) == 3


def test_the_summary_keeps_the_whole_and_each_part_apart() -> None:
    progress.append_record("log", "la-book", on=D, hours=2, now=NOW)
    progress.append_record("log", "la-book", part="part-1", on=D, hours=3, now=NOW)
    progress.append_record("done", "la-book", part="part-1", on=D, now=NOW)
    progress.append_record("log", "la-book", part="part-2", on=D, hours=1, now=NOW)
    summary = progress.summarize(progress.load_progress().records)
    assert list(summary) == ["la-book", "la-book:part-1", "la-book:part-2"]
    assert summary["la-book"].spent_minutes == 120
    assert not summary["la-book"].finished
    assert (summary["la-book:part-1"].part, summary["la-book:part-1"].unit) == (
        "part-1",
        "la-book:part-1",
    )
    assert summary["la-book:part-1"].finished
    assert summary["la-book:part-1"].actual_minutes == 180
    assert summary["la-book:part-2"].spent_minutes == 60


def test_a_resource_is_finished_once_each_of_its_parts_is() -> None:
    catalog = load_catalog(PARTS_CATALOG)
    book = catalog.resource_by_id["la-book"]
    progress.append_record("done", "la-book", part="part-1", on=D, now=NOW)
    assert not progress.whole_finished(progress.summarize(progress.load_progress().records), book)
    progress.append_record("done", "la-book", part="part-2", on=D, now=NOW)
    assert progress.whole_finished(progress.summarize(progress.load_progress().records), book)
    video = catalog.resource_by_id["calc-video"]  # no parts: only a `done` of the whole counts
    assert not progress.whole_finished({}, video)


def test_check_unit_takes_a_part_either_way_and_explains_an_unknown_one() -> None:
    catalog = load_catalog(PARTS_CATALOG)
    assert progress.check_unit(catalog, "la-book", None) == ("la-book", None)
    assert progress.check_unit(catalog, "la-book", "part-2") == ("la-book", "part-2")
    assert progress.check_unit(catalog, "la-book:part-2", None) == ("la-book", "part-2")
    assert progress.check_unit(catalog, "la-book:part-2", "part-2") == ("la-book", "part-2")
    with pytest.raises(UsageError, match=r"unknown part 'part-4' of la-book in --part") as info:
        progress.check_unit(catalog, "la-book", "part-4")
    assert "did you mean 'part-2' or 'part-1'?" in str(info.value)
    assert "its parts: part-1, part-2" in str(info.value)
    with pytest.raises(UsageError, match=r"calc-video has no parts"):
        progress.check_unit(catalog, "calc-video:ch1", None)
    with pytest.raises(UsageError, match=r"unknown resource 'la-bok'"):
        progress.check_unit(catalog, "la-bok", "part-1")
    with pytest.raises(UsageError, match=r"two parts given: la-book:part-1 and --part part-2"):
        progress.check_unit(catalog, "la-book:part-1", "part-2")


def test_records_of_parts_gone_from_the_catalog_are_orphans_and_kept() -> None:
    progress.append_record("done", "la-book", part="part-1", on=D, now=NOW)
    progress.append_record("done", "la-book", part="chapter-9", on=D, now=NOW)
    progress.append_record("log", "calc-video", part="old-part", on=D, hours=1, now=NOW)
    records = progress.load_progress().records
    catalog = load_catalog(PARTS_CATALOG)
    orphans = [r for r in records if not progress.in_catalog(r, catalog)]
    assert [r.unit for r in orphans] == ["la-book:chapter-9", "calc-video:old-part"]
    assert len(records) == 3
