"""One error hierarchy for everything a user can get wrong.

The CLI maps these to a message on stderr and an exit code in exactly one place
(``mathpath.cli.app.run``). Anything that is *not* a ``MathpathError`` is a bug and is allowed to
surface as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from mathpath.i18n import _, ngettext


class ExitCode(IntEnum):
    """Named exit codes (documented in the README)."""

    OK = 0
    ERROR = 1  # a generic failure that is not one of the below
    USAGE = 2  # bad option values, unknown ids on the command line (typer uses 2 too)
    CATALOG = 3  # the catalog does not load or does not validate
    PLAN = 4  # the goal cannot be reached with the given knowledge, filters or numbers
    USER_DATA = 5  # the profile or progress file is unreadable or invalid
    OUTPUT = 6  # an export could not be written (exists without --force, missing folder, ...)


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in a user's file.

    ``path`` is a field path such as ``resources[3] (mit-18.01sc).requires[0].topic``.
    """

    file: str
    message: str
    line: int | None = None
    path: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.hint:
            # TRANSLATORS: a located problem in a file, then what to do about it.
            text = _("{problem} ({hint})").format(problem=text, hint=self.hint)
        return text


class MathpathError(Exception):
    """Base class: a mistake or condition the user can act on."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if not self.hint:
            return self.message
        return _("{message}\n  hint: {hint}").format(message=self.message, hint=self.hint)


class UsageError(MathpathError):
    """A bad value on the command line (unknown goal, zero hours, unparsable date, ...)."""

    exit_code = ExitCode.USAGE


class CatalogError(MathpathError):
    """A catalog that cannot be read or does not validate. Carries every problem found."""

    exit_code = ExitCode.CATALOG

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        files = sorted({p.file for p in problems})
        found = ngettext("{n} problem found", "{n} problems found", count).format(n=count)
        head = f"{', '.join(files)}: {found}" if files else found
        super().__init__("\n".join([head, *(f"  - {p}" for p in problems)]))


class PlanError(MathpathError):
    """The goal cannot be planned (unreachable topics, filters that removed every candidate)."""

    exit_code = ExitCode.PLAN


class UserDataError(MathpathError):
    """The profile or progress file cannot be read or fails validation."""

    exit_code = ExitCode.USER_DATA


class OutputError(MathpathError):
    """An export or other output could not be written."""

    exit_code = ExitCode.OUTPUT
