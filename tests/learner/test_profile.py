"""The profile file: validation with locations, migrations, never writing over a broken file."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog, Depth, Level, TopicNeed
from mathpath.errors import ExitCode, UsageError, UserDataError
from mathpath.learner import profile as profiles
from mathpath.learner.profile import Profile


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))


@pytest.fixture
def catalog(mini_catalog_path: Path) -> Catalog:
    return load_catalog(mini_catalog_path)


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_missing_profile_gives_defaults_and_writes_nothing(tmp_path: Path) -> None:
    loaded = profiles.load_profile()
    assert loaded.profile == Profile()
    assert not loaded.exists
    assert not (tmp_path / "profile.yaml").exists()


def test_default_profile_is_exactly_a_validated_empty_profile() -> None:
    built, validated = profiles.default_profile(), Profile()
    assert built == validated
    assert built.model_dump() == validated.model_dump()
    assert built.model_fields_set == validated.model_fields_set == set()
    assert profiles.dump_profile(built) == profiles.dump_profile(validated)
    # Fresh lists each time: changing one default never changes the next.
    built.goals.append("x")
    assert profiles.default_profile().goals == []


def test_round_trip_is_human_readable(tmp_path: Path, catalog: Catalog) -> None:
    def change(p: Profile) -> Profile:
        p = profiles.set_value(p, "goals", "dl", catalog)
        p = profiles.set_value(p, "known", "linear-algebra@working, calculus", catalog)
        p = profiles.set_value(p, "hours-per-week", "7.5", None)
        return profiles.set_value(p, "days", "mon,Wednesday,weekend", None)

    profiles.update_profile(change)
    text = (tmp_path / "profile.yaml").read_text(encoding="utf-8")
    assert text.startswith("# mathpath profile")
    assert "hours_per_week: 7.5\n" in text
    assert "- linear-algebra@working\n- calculus\n" in text
    loaded = profiles.load_profile().profile
    assert loaded.goals == ["dl"]
    assert loaded.study_day_numbers() == (0, 2, 5, 6)
    assert loaded.known_needs() == (
        TopicNeed(topic="linear-algebra", depth=Depth.WORKING),
        TopicNeed(topic="calculus", depth=Depth.THOROUGH),
    )


def test_unknown_key_in_file_is_located_with_a_suggestion(tmp_path: Path) -> None:
    path = write(
        tmp_path / "profile.yaml",
        """
        schema_version: 1
        goals: [dl]
        hours_per_wek: 3
        """,
    )
    with pytest.raises(UserDataError) as info:
        profiles.load_profile()
    message = str(info.value)
    assert f"{path}:3: hours_per_wek: unknown key 'hours_per_wek'" in message
    assert "did you mean 'hours_per_week'?" in message
    assert info.value.exit_code == ExitCode.USER_DATA


def test_true_is_not_a_number_of_hours(tmp_path: Path) -> None:
    # YAML's true would otherwise be read as 1 hour a week.
    write(tmp_path / "profile.yaml", "schema_version: 1\nhours_per_week: true\n")
    with pytest.raises(UserDataError, match=r":2: hours_per_week: a number of hours is expected"):
        profiles.load_profile()


def test_bad_values_are_all_reported_with_lines(tmp_path: Path) -> None:
    write(
        tmp_path / "profile.yaml",
        """
        schema_version: 1
        hours_per_week: -2
        study_days: [mon, funday]
        known: ["algebra@deep"]
        """,
    )
    with pytest.raises(UserDataError) as info:
        profiles.load_profile()
    message = str(info.value)
    assert "3 problems found" in message
    assert ":2: hours_per_week:" in message
    assert ":3: study_days[1]:" in message
    assert ":4: known[0]:" in message


def test_yaml_that_does_not_parse_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "profile.yaml", "goals: [dl\nknown: x\n")
    with pytest.raises(UserDataError, match=r"profile\.yaml:\d+: not valid YAML"):
        profiles.load_profile()
    assert path.read_text() == "goals: [dl\nknown: x\n"


def test_a_broken_profile_is_never_written_over(tmp_path: Path) -> None:
    path = write(tmp_path / "profile.yaml", "schema_version: 1\nhours_per_week: lots\n")
    before = path.read_bytes()
    with pytest.raises(UserDataError, match="profile reset --backup"):
        profiles.update_profile(lambda p: p.model_copy(update={"hours_per_week": 3.0}))
    with pytest.raises(UserDataError):
        profiles.reset_profile()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == [
        "profile.yaml"
    ]


def test_reset_with_backup_moves_the_broken_file_aside(tmp_path: Path) -> None:
    path = write(tmp_path / "profile.yaml", "hours_per_week: [\n")
    before = path.read_bytes()
    moved = profiles.reset_profile(backup=True, now=dt.datetime(2024, 5, 6, 7, 8, 9))
    assert moved == tmp_path / "profile.yaml.bak-20240506070809"
    assert moved.read_bytes() == before
    assert profiles.load_profile().profile == Profile()
    # a second backup in the same second does not overwrite the first
    again = profiles.reset_profile(backup=True, now=dt.datetime(2024, 5, 6, 7, 8, 9))
    assert again == tmp_path / "profile.yaml.bak-20240506070809-1"
    assert moved.read_bytes() == before


VERSION_0 = """\
# written by mathpath 0.0
goals: [dl]
weekly_hours: 5
days: "mon, Wed ,sat"
"""


def test_migration_from_version_0_renames_and_splits() -> None:
    migrated = profiles.migrate_0_to_1({"weekly_hours": 5, "days": "mon, wed", "goals": ["dl"]})
    assert migrated == {
        "schema_version": 1,
        "goals": ["dl"],
        "hours_per_week": 5,
        "study_days": ["mon", "wed"],
    }


def test_old_file_is_migrated_on_read_and_written_only_on_the_next_change(
    tmp_path: Path,
) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(VERSION_0, encoding="utf-8")
    loaded = profiles.load_profile()
    assert loaded.migrated_from == 0
    assert loaded.profile.hours_per_week == 5
    assert loaded.profile.study_days == ["mon", "wed", "sat"]
    assert path.read_text(encoding="utf-8") == VERSION_0  # reading never writes

    profiles.update_profile(lambda p: p.model_copy(update={"session_hours": 1.5}))
    text = path.read_text(encoding="utf-8")
    assert "schema_version: 2" in text
    assert "weekly_hours" not in text
    assert "hours_per_week: 5" in text
    after = profiles.load_profile()
    assert after.migrated_from is None
    assert after.profile.session_hours == 1.5
    assert after.profile.goals == ["dl"]


def test_a_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "profile.yaml", "schema_version: 7\nhours: 3\n")
    with pytest.raises(UserDataError, match="newer mathpath"):
        profiles.load_profile()
    with pytest.raises(UserDataError):
        profiles.update_profile(lambda p: p)
    assert path.read_text() == "schema_version: 7\nhours: 3\n"


def test_unknown_key_for_set_suggests(catalog: Catalog) -> None:
    with pytest.raises(UsageError, match="unknown profile key 'hours_per_wek'") as info:
        profiles.set_value(Profile(), "hours_per_wek", "3", catalog)
    assert "did you mean 'hours_per_week'?" in str(info.value)


@pytest.mark.parametrize(
    ("key", "value", "message", "accepted"),
    [
        ("hours_per_week", "many", "hours_per_week: 'many' is not a number", "e.g. 6"),
        ("hours_per_week", "200", "at most 168", ""),
        ("session_hours", "0", "more than 0", ""),
        ("study_days", "mon,funday", "study_days: 'funday' is not a day", "mon, tue"),
        ("prefer", "video,podcast", "prefer: 'podcast' is not a format", "video, textbook"),
        ("free_only", "maybe", "free_only: 'maybe' is not yes or no", "true, false"),
        ("max_level", "expert", "max_level: 'expert' is not one of", "intro, intermediate"),
        ("lang", "English", "lang: 'English' is not a language code", "did you mean en?"),
        ("goals", "dll", "unknown goal 'dll'", "did you mean 'dl'?"),
        ("known", "calculs", "unknown topic 'calculs'", "did you mean 'calculus'"),
        ("known", "calculus@expert", "unknown depth 'expert'", "overview, working"),
    ],
)
def test_bad_values_name_the_key_and_what_is_accepted(
    catalog: Catalog, key: str, value: str, message: str, accepted: str
) -> None:
    with pytest.raises(UsageError, match=message) as info:
        profiles.set_value(Profile(), key, value, catalog)
    assert accepted in str(info.value)


def test_set_parses_each_kind_of_value(catalog: Catalog) -> None:
    p = Profile()
    p = profiles.set_value(p, "prefer", "video, textbook,video", catalog)
    p = profiles.set_value(p, "free-only", "yes", catalog)
    p = profiles.set_value(p, "level", "Intermediate", catalog)
    p = profiles.set_value(p, "lang", "zh", catalog)
    p = profiles.set_value(p, "days", "weekdays", catalog)
    assert p.prefer == ["video", "textbook"]
    assert p.free_only is True
    assert p.max_level == Level.INTERMEDIATE
    assert p.lang == "zh"
    assert p.study_days == ["mon", "tue", "wed", "thu", "fri"]
    cleared = profiles.set_value(p, "study_days", "none", catalog)
    assert cleared.study_days is None
    assert profiles.set_value(p, "prefer", "", catalog).prefer == []


def test_know_replaces_depth_and_unknow_reports_absent(catalog: Catalog) -> None:
    p = profiles.with_known(Profile(), profiles.resolve_topics(catalog, ["calculus"]))
    p = profiles.with_known(p, profiles.resolve_topics(catalog, ["calculus@overview"]))
    assert p.known == ["calculus@overview"]
    p, absent = profiles.without_known(p, ["calculus", "linear-algebra"])
    assert p.known == []
    assert absent == ["linear-algebra"]
