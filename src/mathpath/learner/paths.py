"""Where the learner's files live.

By default the profile is in the platform's user *config* folder and progress and committed plans
in the user *data* folder (``platformdirs``: ``~/.config/mathpath`` and
``~/.local/share/mathpath`` on Linux, ``~/Library/Application Support/mathpath`` on macOS,
``%LOCALAPPDATA%\\mathpath`` on Windows). ``$MATHPATH_HOME`` puts everything in one folder instead
(handy for tests, portable installs and keeping several learners apart).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

HOME_ENV = "MATHPATH_HOME"
APP_NAME = "mathpath"
PROFILE_FILE = "profile.yaml"
PROGRESS_FILE = "progress.yaml"
PLANS_FOLDER = "plans"

_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """The folder holding ``profile.yaml``."""
    home = _home()
    if home is not None:
        return home
    import platformdirs  # only when needed: keeps `mathpath --help` fast

    return Path(platformdirs.user_config_path(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The folder holding ``progress.yaml`` and ``plans/``."""
    home = _home()
    if home is not None:
        return home
    import platformdirs

    return Path(platformdirs.user_data_path(APP_NAME, appauthor=False))


def profile_path() -> Path:
    return config_dir() / PROFILE_FILE


def progress_path() -> Path:
    return data_dir() / PROGRESS_FILE


def plans_dir() -> Path:
    return data_dir() / PLANS_FOLDER


def committed_plan_path(goal: str) -> Path:
    """``plans/<goal>.json``; the goal id is checked so it can never name another folder."""
    if not _SAFE_NAME.match(goal):
        from mathpath.errors import UsageError
        from mathpath.i18n import _

        raise UsageError(_("{goal} is not a valid goal id").format(goal=repr(goal)))
    return plans_dir() / f"{goal}.json"


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and parents) or raise an ``OutputError`` saying why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from mathpath.errors import OutputError
        from mathpath.i18n import _

        raise OutputError(
            _("cannot create the folder {folder}: {reason}").format(
                folder=folder, reason=exc.strerror or exc
            ),
            hint=_("check its permissions, or set ${variable} to a folder you can write").format(
                variable=HOME_ENV
            ),
        ) from None
