"""Nothing is lost: concurrent mathpath processes each land their record."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mathpath.learner.progress import load_progress

FIXTURES = Path(__file__).parents[1] / "fixtures"
WRITERS = 20


def test_twenty_concurrent_done_and_log_calls_leave_twenty_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))
    env = {**os.environ, "MATHPATH_HOME": str(tmp_path), "NO_COLOR": "1"}
    env.pop("MATHPATH_CATALOG", None)
    catalog = str(FIXTURES / "many.yaml")
    commands = []
    for i in range(1, WRITERS + 1):
        resource = f"r{i:02d}"
        if i % 2:
            args = ["done", resource, "--hours", str(i)]
        else:
            # small enough that all ten logs fit in one day (2.75 h): the day's-hours check
            # must not decide which writer wins
            args = ["log", resource, str(i / 40), "--note", f"writer {i}"]
        commands.append([sys.executable, "-m", "mathpath", "--catalog", catalog, *args])
    # Start every process before waiting for any, so that their writes overlap.
    processes = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for cmd in commands
    ]
    results = [(p.wait(timeout=60), *p.communicate()) for p in processes]
    failures = [(code, err.decode()) for code, _, err in results if code != 0]
    assert failures == []

    records = load_progress(tmp_path / "progress.yaml").records
    assert len(records) == WRITERS
    assert [r.id for r in records] == list(range(1, WRITERS + 1))
    assert sorted(r.resource for r in records) == [f"r{i:02d}" for i in range(1, WRITERS + 1)]
    by_resource = {r.resource: r for r in records}
    assert by_resource["r03"].kind == "done"
    assert by_resource["r03"].hours == 3
    assert by_resource["r04"].kind == "log"
    assert by_resource["r04"].note == "writer 4"
    assert not list(tmp_path.glob("*.tmp"))


def test_concurrent_logs_are_each_checked_against_what_the_others_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten logs of 5 h on one day at once: the day's-hours check runs under the file's lock, so
    exactly four land (20 h) and six are refused, whichever order the writers take."""
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))
    env = {**os.environ, "MATHPATH_HOME": str(tmp_path), "NO_COLOR": "1"}
    env.pop("MATHPATH_CATALOG", None)
    catalog = str(FIXTURES / "many.yaml")
    command = [sys.executable, "-m", "mathpath", "--catalog", catalog, "log"]
    processes = [
        subprocess.Popen(
            [*command, f"r{i:02d}", "5", "--date", "2026-03-02"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(1, 11)
    ]
    results = [(p.wait(timeout=60), *p.communicate()) for p in processes]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0] * 4 + [2] * 6
    refusals = [err.decode() for code, _, err in results if code]
    assert all("more than the day has" in err for err in refusals)

    records = load_progress(tmp_path / "progress.yaml").records
    assert len(records) == 4
    assert sum(r.hours or 0 for r in records) == 20
