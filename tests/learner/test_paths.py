"""Where the learner's files live: platformdirs by default, $MATHPATH_HOME when set."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from mathpath.errors import OutputError, UsageError
from mathpath.learner import paths


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path / "home"))


def test_mathpath_home_holds_everything(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert paths.profile_path() == home / "profile.yaml"
    assert paths.progress_path() == home / "progress.yaml"
    assert paths.plans_dir() == home / "plans"
    assert paths.committed_plan_path("dl") == home / "plans" / "dl.json"


def test_without_home_uses_the_platform_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MATHPATH_HOME")
    asked: list[str] = []

    def config(name: str, appauthor: bool | None = None) -> Path:
        assert appauthor is False  # %LOCALAPPDATA%\\mathpath, not mathpath\\mathpath
        asked.append(name)
        return tmp_path / "config" / name

    def data(name: str, appauthor: bool | None = None) -> Path:
        assert appauthor is False
        asked.append(name)
        return tmp_path / "data" / name

    monkeypatch.setattr(platformdirs, "user_config_path", config)
    monkeypatch.setattr(platformdirs, "user_data_path", data)
    assert paths.profile_path() == tmp_path / "config" / "mathpath" / "profile.yaml"
    assert paths.progress_path() == tmp_path / "data" / "mathpath" / "progress.yaml"
    assert asked == ["mathpath", "mathpath"]
    assert not (tmp_path / "config").exists()  # finding a path never creates anything


def test_a_goal_id_cannot_name_another_folder() -> None:
    with pytest.raises(UsageError, match="not a valid goal id"):
        paths.committed_plan_path("../profile")


def test_ensure_folder_explains_a_file_in_the_way(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot create the folder") as info:
        paths.ensure_folder(blocker / "sub")
    assert "MATHPATH_HOME" in str(info.value)
