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
    """Every entry under some folders: kind, size, modification time and content digest.

    Lock files (``NAME.lock``, empty, made beside a file before it is read for a change) are
    not the user's and are left out.
    """

    def __init__(self, *folders: Path) -> None:
        self.folders = folders
        self.taken = self._take()

    def _take(self) -> dict[str, tuple[Any, ...]]:
        seen: dict[str, tuple[Any, ...]] = {}
        for folder in self.folders:
            for path in sorted(folder.rglob("*")):
                if path.name.endswith(".lock"):
                    continue
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


# --- 2. deep nesting is a located error with the file's exit code, never a RecursionError ---------


def deep_mapping(levels: int = 1000) -> str:
    return "version: 1\nname: " + "{a: " * levels + "1" + "}" * levels + "\n"


def deep_block_list(key: str, levels: int = 3000) -> str:
    return (
        f"{key}:\n"
        + "\n".join("  " * i + "- x" if i == levels - 1 else "  " * i + "-" for i in range(levels))
        + "\n"
    )


NESTED = "nested deeper than 100 levels at line"


def test_2_a_deeply_nested_catalog(run: Any, tmp_path: Path) -> None:
    for name, text in (("m.yaml", deep_mapping()), ("l.yaml", deep_block_list("name"))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        snapshot = Snapshot(tmp_path)
        fails(run("validate", str(path)), ExitCode.CATALOG, f"{path}:", NESTED)
        snapshot.assert_unchanged()


def test_2_a_deeply_nested_profile(run: Any, home: Path) -> None:
    (home / "profile.yaml").write_text(deep_block_list("goals"), encoding="utf-8")
    snapshot = Snapshot(home)
    fails(run("plan", "--goal", "dl", *START), ExitCode.USER_DATA, "profile.yaml:", NESTED)
    snapshot.assert_unchanged()


def test_2_a_deeply_nested_progress_file(run: Any, home: Path) -> None:
    (home / "progress.yaml").write_text(deep_mapping(), encoding="utf-8")
    snapshot = Snapshot(home)
    fails(run("status", "--goal", "dl"), ExitCode.USER_DATA, "progress.yaml:2: ", NESTED)
    fails(run("done", "calc-video"), ExitCode.USER_DATA, NESTED)
    snapshot.assert_unchanged()


# --- 3. the catalog file reader: devices, FIFOs and huge files are refused before reading ---------


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cached", "uncached"])
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_3_dev_zero_as_the_catalog(runner: CliRunner, home: Path, cache: list[str]) -> None:
    result = runner.invoke(app, [*cache, "--catalog", "/dev/zero", "list"])
    fails(
        result,
        ExitCode.CATALOG,
        "/dev/zero: is a character device, not a regular file: mathpath reads only files",
    )


@posix_only
def test_3_a_fifo_as_the_catalog_does_not_hang(run: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "catalog.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    fails(run("validate", catalog=fifo), ExitCode.CATALOG, "is a FIFO (named pipe)")
    fails(run("validate", str(fifo)), ExitCode.CATALOG, "is a FIFO (named pipe)")
    assert time.monotonic() - started < 10


def test_3_a_catalog_over_the_limit_is_refused_unread(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(600 * 1024 * 1024)  # sparse: no disk space, and never read
    for args in (("validate", str(path)), ("list",)):
        result = run(*args, catalog=path)
        fails(result, ExitCode.CATALOG, "is larger than 512 MB (629,145,600 bytes): not read")


# --- 4 and 7. control characters in catalog text are refused where they are --------------------


def catalog_with(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "catalog.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_4_a_newline_in_a_goal_name(run: Any, tmp_path: Path) -> None:
    catalog = catalog_with(
        tmp_path,
        "    name: Deep learning\n    description:",
        '    name: "Deep\\nlearning"\n    description:',
    )
    out = tmp_path / "out"
    out.mkdir()
    snapshot = Snapshot(out)
    fails(
        run("validate", str(catalog)),
        ExitCode.CATALOG,
        f"{catalog}:62: goals[0] (dl).name: contains U+000A (LINE FEED) at character 5",
    )
    result = run("plan", "--goal", "dl", *START, "-o", str(out / "plan.ics"), catalog=catalog)
    fails(result, ExitCode.CATALOG, "goals[0] (dl).name: contains U+000A (LINE FEED)")
    snapshot.assert_unchanged()


@pytest.mark.parametrize(
    ("escaped", "named"),
    [
        ("\\e[31mred\\e[0m", "U+001B (ESCAPE) at character 1"),
        ("nul\\0", "U+0000 (NUL) at character 4"),
        ("abc\\u202Efdp.exe", "U+202E (RIGHT-TO-LEFT OVERRIDE) at character 4"),
    ],
)
def test_7_control_characters_in_a_title(
    run: Any, tmp_path: Path, escaped: str, named: str
) -> None:
    catalog = catalog_with(tmp_path, 'title: "Calculus: the movie [short]"', f'title: "{escaped}"')
    snapshot = Snapshot(tmp_path)
    for args in (("validate", str(catalog)), ("list",), ("show", "calc-video")):
        result = run(*args, catalog=catalog)
        fails(result, ExitCode.CATALOG, f"resources[0] (calc-video).title: contains {named}")
        assert "\x1b" not in result.stdout + result.stderr
        assert "\x00" not in result.stdout + result.stderr
    snapshot.assert_unchanged()


# --- 6. many problems in one mapping are located in linear time ---------------------------------


def test_6_twenty_thousand_unknown_keys(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text("version: 1\n" + "".join(f"k{i}: {i}\n" for i in range(20_000)))
    started = time.monotonic()
    result = run("--no-cache", "validate", str(path))
    elapsed = time.monotonic() - started
    stderr = fails(result, ExitCode.CATALOG, f"{path}: 20000 problems found")
    assert f"{path}:20001: k19999: unknown field 'k19999'" in stderr
    assert elapsed < 10  # 8.9 s before, most of it locating; about 2 s now


# --- 8. Unicode look-alikes ---------------------------------------------------------------------


def test_8_two_spellings_of_one_alias(run: Any, tmp_path: Path) -> None:
    catalog = catalog_with(
        tmp_path,
        "  - id: linear-algebra\n    name: Linear algebra\n",
        "  - id: linear-algebra\n    name: Linear algebra\n    aliases: [caf\u00e9]\n",
    )
    text = catalog.read_text(encoding="utf-8").replace(
        "    name: Calculus\n", "    name: Calculus\n    aliases: [cafe\u0301]\n", 1
    )
    catalog.write_text(text, encoding="utf-8")
    fails(
        run("validate", str(catalog)),
        ExitCode.CATALOG,
        "aliases[0]: alias 'caf\u00e9' already names topic 'calculus' as 'cafe\u0301' "
        "(the same word once Unicode-normalised)",
    )


def test_8_a_topic_is_found_however_its_alias_is_typed(run: Any, tmp_path: Path) -> None:
    catalog = catalog_with(
        tmp_path,
        "  - id: linear-algebra\n    name: Linear algebra\n",
        "  - id: linear-algebra\n    name: Linear algebra\n    aliases: [cafe\u0301]\n",
    )
    found = [run("list", "--topic", word, catalog=catalog) for word in ("caf\u00e9", "cafe\u0301")]
    assert [r.exit_code for r in found] == [0, 0]
    assert found[0].stdout == found[1].stdout
    assert "la-book" in found[0].stdout


# --- 9. YAML 1.1 numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("1:30", "hours: Input should be a valid number (got '1:30'): `1:30` is neither a time"),
        ("true", "hours: Input should be a valid number (got True), not a yes/no value"),
        ("1.0e-300", "hours: 1e-300 h is less than a minute: hours are at least 1/60 (0.0167)"),
    ],
)
def test_9_what_yaml_1_1_reads_as_hours(run: Any, tmp_path: Path, hours: str, message: str) -> None:
    catalog = catalog_with(tmp_path, "    hours: 1\n", f"    hours: {hours}\n")
    snapshot = Snapshot(tmp_path)
    fails(
        run("validate", str(catalog)),
        ExitCode.CATALOG,
        f"{catalog}:24: resources[0] (calc-video).{message}",
    )
    snapshot.assert_unchanged()


# --- 12. big graphs: see tests/export/test_big_charts.py for the 2,000-item plan ------------------


def test_12_graph_plan_dot_on_a_chain_has_no_edges_to_the_goal_but_the_last(
    run: Any, tmp_path: Path
) -> None:
    levels = 60
    topics = "".join(
        f"  - id: t{i}\n    name: T{i}\n" + (f"    requires: [t{i - 1}]\n" if i else "")
        for i in range(levels)
    )
    resources = "".join(
        f"  - {{id: r{i}, title: R{i}, provider: P, url: 'https://example.org/{i}', "
        f"format: course, hours: 1, level: intro, free: true, teaches: [t{i}@thorough]"
        + (f", requires: [t{i - 1}@thorough]" if i else "")
        + "}\n"
        for i in range(levels)
    )
    goals = (
        "  - {id: g, name: G, description: D, targets: ["
        + ", ".join(f"t{i}@thorough" for i in range(levels))
        + "]}\n"
    )
    catalog = tmp_path / "chain.yaml"
    catalog.write_text(
        f"version: 1\ntopics:\n{topics}resources:\n{resources}goals:\n{goals}", encoding="utf-8"
    )
    result = run("graph", "--goal", "g", "--plan", "--format", "dot", catalog=catalog)
    assert result.exit_code == 0, result.stderr
    edges = [line for line in result.stdout.splitlines() if " -> " in line]
    assert len(edges) == levels  # the chain and the last item's edge to the goal
    assert sum('-> "goal:g"' in line for line in edges) == 1
    mermaid = run("graph", "--goal", "g", "--plan", "--format", "mermaid", catalog=catalog)
    assert mermaid.stdout.count(" --> ") == levels
