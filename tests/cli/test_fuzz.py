"""Issue 15: mutated bundled catalogs never give a traceback, and `validate` and `plan` end
promptly.

Each example applies one to three mutations to the bundled catalog: a flipped byte, a deleted or
duplicated line, a renamed key, or a line of deep nesting. Whatever the result, both commands
must end with a documented exit code (0, 2, 3 or 4), an ``error: ...`` message when they fail,
no traceback, and within ``SECONDS_PER_COMMAND``. The example count is kept small so the test
runs in well under a minute.
"""

from __future__ import annotations

import contextlib
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mathpath.catalog.load import bundled_catalog_path
from mathpath.cli import app
from mathpath.errors import ExitCode

BUNDLED = bundled_catalog_path().read_bytes()
LINES = BUNDLED.split(b"\n")
KEYS = [
    (number, match)
    for number, line in enumerate(LINES)
    if (match := re.match(rb"^(\s*-?\s*)([a-z_]+):", line))
]
DOCUMENTED = {ExitCode.OK, ExitCode.USAGE, ExitCode.CATALOG, ExitCode.PLAN}
SECONDS_PER_COMMAND = 20.0
DEFAULT_RECURSION_LIMIT = 1000


@contextlib.contextmanager
def default_recursion_limit() -> Iterator[None]:
    """Python's default recursion limit, which the `mathpath` command runs with: hypothesis
    raises it while a test runs, which would hide a RecursionError behind libyaml's own
    1,000-level bound."""
    raised = sys.getrecursionlimit()
    sys.setrecursionlimit(DEFAULT_RECURSION_LIMIT)
    try:
        yield
    finally:
        sys.setrecursionlimit(raised)


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, int, bytes]:
    kind = draw(st.sampled_from(["flip", "delete", "duplicate", "rename", "nest"]))
    if kind == "flip":
        return kind, draw(st.integers(0, len(BUNDLED) - 1)), bytes([draw(st.integers(0, 255))])
    if kind in ("delete", "duplicate"):
        return kind, draw(st.integers(0, len(LINES) - 1)), b""
    if kind == "rename":
        name = draw(
            st.sampled_from([b"requries", b"titel", b"hours", b"id", b"teaches", b"<<", b"x"])
            | st.binary(min_size=1, max_size=6)
        )
        return kind, draw(st.integers(0, len(KEYS) - 1)), name
    depth = draw(st.sampled_from([50, 99, 101, 1000, 5000]))
    style = draw(st.sampled_from(["flow list", "flow mapping", "block list"]))
    if style == "flow list":
        nested = b"x: " + b"[" * depth + b"]" * depth
    elif style == "flow mapping":
        nested = b"x: " + b"{a: " * depth + b"1" + b"}" * depth
    else:  # indented: a 1,000-level block list is already a megabyte
        nested = b"x:\n" + b"\n".join(b"  " * i + b"-" for i in range(min(depth, 1000)))
    return kind, draw(st.integers(0, len(LINES) - 1)), nested


def mutated(mutations: list[tuple[str, int, bytes]]) -> bytes:
    lines = list(LINES)
    for kind, where, value in mutations:
        if kind == "flip":
            data = bytearray(b"\n".join(lines))
            data[where % len(data)] = value[0]
            lines = bytes(data).split(b"\n")
        elif kind == "delete":
            del lines[where % len(lines)]
        elif kind == "duplicate":
            lines.insert(where % len(lines), lines[where % len(lines)])
        elif kind == "rename":
            number, match = KEYS[where]
            if number < len(lines) and lines[number].startswith(match.group(0)):
                lines[number] = match.group(1) + value + lines[number][match.end(2) :]
        else:
            lines.insert(where % len(lines), value)
    return b"\n".join(lines)


DEEP_MAPPING = b"x: " + b"{a: " * 1000 + b"1" + b"}" * 1000
DEEP_BLOCK_LIST = b"x:\n" + b"\n".join(b"  " * i + b"-" for i in range(1000))


@example([("nest", 5, DEEP_MAPPING)])  # issue 15, item 2: these were RecursionErrors
@example([("nest", len(LINES) // 2, DEEP_BLOCK_LIST)])
@example([("rename", 3, b"requries"), ("flip", 1000, b"\xff"), ("duplicate", 40, b"")])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(mutation(), min_size=1, max_size=3))
def test_a_mutated_catalog_never_gives_a_traceback(
    mutations: list[tuple[str, int, bytes]],
) -> None:
    runner = CliRunner(env={"NO_COLOR": "1", "MATHPATH_WIDTH": "120"})
    with tempfile.TemporaryDirectory() as folder:
        catalog = Path(folder) / "catalog.yaml"
        catalog.write_bytes(mutated(mutations))
        env = {"MATHPATH_HOME": folder, "MATHPATH_CACHE_DIR": str(Path(folder) / "cache")}
        for command in (
            ["validate", str(catalog)],
            ["--catalog", str(catalog), "plan", "--goal", "deep-learning", "--start", "2026-01-05"],
        ):
            started = time.monotonic()
            with default_recursion_limit():
                result = runner.invoke(app, command, env=env)
            elapsed = time.monotonic() - started
            shown = result.stdout + result.stderr
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                command,
                result.exception,
            )
            assert "Traceback" not in shown
            assert result.exit_code in DOCUMENTED, (command, result.exit_code, shown[-2000:])
            if result.exit_code != ExitCode.OK:
                assert result.stderr.startswith("error: "), shown[-2000:]
            assert elapsed < SECONDS_PER_COMMAND, (command, elapsed)
