"""The console entry point: a real process ends with everything written and the right status.

``main`` ends the process with ``os._exit`` once output is flushed (interpreter teardown cost
0.3 s after a 100k-resource plan), so these tests run it as users do, in a separate process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathpath.cli import app
from mathpath.cli.app import _exit_now
from mathpath.errors import ExitCode

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"


def run_process(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "mathpath", *args], capture_output=True, env=env, check=False
    )


def test_a_long_output_arrives_whole_and_the_status_is_zero() -> None:
    # Short sittings make many sessions: more than one pipe buffer (64 KiB) of JSON.
    args = ["plan", "--goal", "deep-learning-specialization", "--start", "2026-03-02",
            "--format", "json", "--hours-per-week", "1", "--session-hours", "0.25"]  # fmt: skip
    done = run_process(*args)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 65536
    expected = CliRunner().invoke(app, args)
    assert done.stdout.decode("utf-8") == expected.stdout


def test_errors_keep_their_exit_code_and_message() -> None:
    done = run_process("--catalog", str(MINI), "plan", "--goal", "nope")
    assert done.returncode == ExitCode.USAGE
    assert b"unknown goal 'nope'" in done.stderr
    assert done.stdout == b""


def test_a_message_as_exit_status_is_left_to_python() -> None:
    with pytest.raises(SystemExit) as raised:
        _exit_now(SystemExit("a message, not a number"))
    assert raised.value.code == "a message, not a number"


@pytest.mark.parametrize("watched", [False, True])
def test_exit_handlers_run_only_when_a_tracer_or_profiler_is_watching(watched: bool) -> None:
    # Fast exit skips interpreter teardown (and with it exit handlers); coverage and profilers
    # write their reports at exit, so with one running the process ends normally.
    code = (
        "import atexit, sys\n"
        + ("sys.settrace(lambda *args: None)\n" if watched else "")
        + "atexit.register(lambda: print('exit handler ran'))\n"
        "sys.argv = ['mathpath', 'goals', '--json']\n"
        "from mathpath.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert b'"deep-learning"' in done.stdout
    assert (b"exit handler ran" in done.stdout) == watched
