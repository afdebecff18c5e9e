"""Issue 15: one regression test per numbered case, through the command line.

Each asserts the exit code, the message, and that no file changed (``Snapshot``). Items 3 (the
cache part) and 5 (forged cache content) are tested with the cache (tests/catalog/test_cache.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from mathpath.cli import app
from mathpath.errors import ExitCode
from mathpath.learner.files import STALE_TEMPORARY_SECONDS

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
START = ["--start", "2026-03-02"]
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and devices are POSIX")


class Snapshot:
    """Every entry under some folders: kind, size, modification time and content digest."""

    def __init__(self, *folders: Path) -> None:
        self.folders = folders
        self.taken = self._take()

    def _take(self) -> dict[str, tuple[Any, ...]]:
        seen: dict[str, tuple[Any, ...]] = {}
        for folder in self.folders:
            for path in sorted(folder.rglob("*")):
                status = path.lstat()
                digest = (
                    hashlib.sha256(path.read_bytes()).hexdigest()
                    if stat.S_ISREG(status.st_mode)
                    else ""
                )
                kind = stat.S_IFMT(status.st_mode)
                seen[str(path)] = (kind, status.st_size, status.st_mtime_ns, digest)
        return seen

    def assert_unchanged(self) -> None:
        assert self._take() == self.taken


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("MATHPATH_HOME", str(folder))
    monkeypatch.setenv("MATHPATH_CACHE_DIR", str(tmp_path / "cache"))
    return folder


@pytest.fixture
def run(runner: CliRunner, home: Path) -> Any:
    def invoke(*args: str, catalog: Path = MINI) -> Result:
        return runner.invoke(app, ["--catalog", str(catalog), *args])

    return invoke


def fails(result: Result, code: ExitCode, *fragments: str) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stdout + result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    return result.stderr


# --- 1. a device, FIFO or other non-regular file at the output path is never replaced ------------


@posix_only
def test_1_a_fifo_at_the_output_path_is_refused_even_with_force(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fifo = out / "plan.md"
    os.mkfifo(fifo)
    snapshot = Snapshot(out)
    result = run("plan", "--goal", "dl", *START, "--output", str(fifo), "--force")
    fails(
        result,
        ExitCode.OUTPUT,
        f"error: {fifo}: is a FIFO (named pipe), not a regular file: mathpath writes only "
        "regular files, also with --force",
        "hint: `--output -` writes to standard output",
    )
    snapshot.assert_unchanged()


@posix_only
def test_1_a_device_file_stand_in_is_not_replaced(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "dev"
    out.mkdir()
    null = out / "null"  # the device numbers of /dev/null, in a temporary folder
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    snapshot = Snapshot(out)
    result = run("plan", "--goal", "dl", *START, "-o", str(null), "--force", "-f", "markdown")
    fails(result, ExitCode.OUTPUT, f"{null}: is a character device, not a regular file")
    snapshot.assert_unchanged()
    assert stat.S_ISCHR(null.lstat().st_mode)


def test_1_dash_writes_to_standard_output(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    snapshot = Snapshot(here)
    result = run("plan", "--goal", "dl", *START, "-o", "-", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Study plan: Deep learning")
    assert not (here / "-").exists()
    snapshot.assert_unchanged()
    plain = run("plan", "--goal", "dl", *START, "--format", "markdown")
    assert plain.stdout == result.stdout


# --- 11. temporary files of killed writes are removed by the next write ------------------------


def test_11_the_next_export_removes_a_killed_exports_temporary_file(
    run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".plan.md.mathpath-x1y2z3w4.tmp"  # what `kill -9` during an export leaves
    stale.write_bytes(b"# half a pl")
    long_ago = time.time() - STALE_TEMPORARY_SECONDS - 1
    os.utime(stale, (long_ago, long_ago))
    fresh = out / ".plan.md.mathpath-abcdefgh.tmp"  # another export, still writing
    fresh.write_bytes(b"# Study")
    mine = out / ".plan.md.notes.tmp"  # the user's own file
    mine.write_bytes(b"notes")
    result = run("plan", "--goal", "dl", *START, "-o", str(out / "study.ics"))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([fresh.name, mine.name, "study.ics"])


# --- 10. saved plans are checked when read back --------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("minutes", "x", "plan.items[0].minutes: Input should be a valid integer (got 'x')"),
        ("finish", "garbage", "plan.finish: 'garbage' is not a date (YYYY-MM-DD)"),
    ],
)
@pytest.mark.parametrize("command", [["status"], ["plan", *START, "--diff"]])
def test_10_a_damaged_saved_plan_is_reported_not_trusted(
    run: Any, home: Path, command: list[str], field: str, value: str, message: str
) -> None:
    assert run("plan", "--goal", "dl", *START, "--save").exit_code == 0
    path = home / "plans" / "dl.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    if field == "minutes":
        saved["plan"]["items"][0]["minutes"] = value
    else:
        saved["plan"][field] = value
    path.write_text(json.dumps(saved), encoding="utf-8")
    snapshot = Snapshot(home)
    result = run(*command, "--goal", "dl")
    fails(
        result,
        ExitCode.USER_DATA,
        f"error: {path}: 1 problem found\n  - {path}: {message}",
        "`mathpath plan --goal dl --save` replaces it with a new plan",
    )
    snapshot.assert_unchanged()
    # The way out works: a new --save replaces the damaged file.
    assert run("plan", "--goal", "dl", *START, "--save").exit_code == 0
    assert run(*command, "--goal", "dl").exit_code == 0
