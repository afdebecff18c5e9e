"""Benchmark mathpath at every size and check the plans it makes on large catalogs.

    python benchmarks/run.py                      # bundled catalog + 1k, 10k, 100k resources
    python benchmarks/run.py --quick              # bundled + 1k, 10k; fewer repeats
    python benchmarks/run.py --sizes 1000,10000 --repeat 5

Every command is timed as a fresh process (``python -m mathpath ...``), as a user runs it; the
median of the repeats is reported, with peak memory from ``os.wait4`` (per child). The planning
curve is timed in-process on already-loaded catalogs. Results are printed as markdown and
written to ``benchmarks/results.md`` with a description of the machine.

Catalogs are generated once into ``--workdir`` (default: ``benchmarks/out``, ignored by git) and
reused; the cache lives in ``<workdir>/cache`` so that the user's own cache is left alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FLOOR_IMPORTS = "import typer, rich, pydantic, yaml"
START = "2026-01-05"  # a Monday, so that runs are comparable

# Targets (issue 16, which replaced issue 6's 1.3x the import floor for the bundled start-up
# by the Typer floor and its 1.2x the default-GC parse for a cold start by 1.5x the GC-off one).
HELP_RATIO = 1.0  # --help no slower than the import floor
TYPER_RATIO = 1.1  # plan/list/status against a one-command Typer app
TYPER_FLOOR = HERE / "typer_floor.py"
WARM_10K = 0.3
COLD_10K_RATIO = 1.5  # x the PyYAML C-loader parse of the file, the garbage collector off
WARM_100K = 2.0
PEAK_100K_MB = 600


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: bytes
    stderr: bytes
    timed_out: bool = False

    @property
    def failure(self) -> str:
        """Why the run has no result ('' when it succeeded)."""
        if self.timed_out:
            return f"timeout > {self.seconds:.0f} s"
        if self.returncode != 0:
            memory = b"MemoryError" in self.stderr
            return "out of memory" if memory else f"failed (exit {self.returncode})"
        return ""

    def show(self) -> str:
        return self.failure or f"{self.seconds:.3f}"


@dataclass(frozen=True)
class Limits:
    timeout: float  # seconds per child process
    memory_mb: int  # address-space limit per child (0: none)


LIMITS = Limits(timeout=1800, memory_mb=0)


def run(args: list[str], env: dict[str, str], limits: Limits | None = None) -> Run:
    """One child process: wall time, peak RSS (its own, from wait4), output."""
    limits = limits or LIMITS

    def limit_memory() -> None:
        if limits.memory_mb:
            import resource

            size = limits.memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err, env=env, preexec_fn=limit_memory)
        deadline = start + limits.timeout
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                timed_out = True
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in kilobytes on Linux (bytes on macOS).
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        return Run(
            seconds,
            usage.ru_maxrss / scale,
            process.returncode,
            out.read(),
            err.read(),
            timed_out,
        )


def interleaved(commands: dict[str, list[str]], env: dict[str, str], rounds: int) -> dict[str, Run]:
    """Median runs of several commands taken in turns, so that a noisy moment on a shared
    machine falls on all of them alike rather than on one."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, args in commands.items():
            result = run(args, env)
            if result.failure:
                raise SystemExit(f"{result.failure}: {' '.join(args)}\n{result.stderr.decode()}")
            runs[name].append(result)
    return {
        name: sorted(found, key=lambda r: r.seconds)[rounds // 2] for name, found in runs.items()
    }


def timed(args: list[str], env: dict[str, str], repeat: int, before: Any = None) -> Run:
    """The median run of ``repeat`` (by wall time); ``before()`` is called before each.

    A failed or timed-out run is returned at once (and shown as such in the table).
    """
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        result = run(args, env)
        if result.failure:
            print(f"  {result.failure}: {' '.join(args)}", file=sys.stderr, flush=True)
            print(result.stderr.decode(errors="replace")[-2000:], file=sys.stderr, flush=True)
            return result
        runs.append(result)
    runs.sort(key=lambda r: r.seconds)
    median = runs[len(runs) // 2]
    median.peak_mb = max(r.peak_mb for r in runs)
    return median


def compile_bytecode() -> None:
    """Compile mathpath's modules, as ``pip install`` does for an installed package.

    An editable install under ``PYTHONDONTWRITEBYTECODE=1`` (as on the machines this was first
    measured on) otherwise compiles every mathpath module from source in every run: ~50 ms of
    start-up that no installed copy pays.
    """
    import compileall

    import mathpath

    compileall.compile_dir(str(Path(mathpath.__file__).parent), quiet=1)


def instructions(args: list[str], env: dict[str, str]) -> int | None:
    """Instructions one run executes, counted by valgrind's callgrind; None without valgrind.

    Unlike wall time, the count does not depend on what else the machine is doing, so the
    start-up ratios can be checked on a busy shared machine too (the targets stay wall time).
    """
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    result = subprocess.run(
        [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    for line in result.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    return None


def mathpath(*args: str) -> list[str]:
    return [sys.executable, "-m", "mathpath", *args]


# --- in a child process: parse time, planning curve and invariants --------------------------


def child_parse(path: str) -> None:
    import gc

    import yaml

    text = Path(path).read_text(encoding="utf-8")
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    gc.disable()  # the reference of issue 16: the parser's own work, not the collector's
    start = time.perf_counter()
    yaml.load(text, Loader=loader)  # the C *safe* loader
    print(json.dumps({"seconds": time.perf_counter() - start}))


def child_plan(path: str, goals: int) -> None:
    """Time make_plan (choice, order and schedule) on a loaded catalog and check the plans."""
    import gc

    from mathpath.catalog import load_catalog
    from mathpath.planning import make_plan
    from mathpath.planning.plans import PlanRequest, ScheduleOptions

    catalog = load_catalog(path, use_cache=True)
    gc.collect()
    links = sum(len(t.requires) + len(t.recommends) for t in catalog.topics) + sum(
        len(r.teaches) + len(r.requires) + len(r.recommends) for r in catalog.resources
    )
    chosen = [g.id for g in catalog.goals if g.id == "deep-learning"] or [
        g.id for g in catalog.goals[:goals]
    ]
    # One JSON line for the catalog, then one per plan as it is made (a timeout keeps the rest).
    facts = {
        "topics": len(catalog.topics),
        "resources": len(catalog.resources),
        "goals": len(catalog.goals),
        "links": links,
        "goal": chosen[0],
    }
    print(json.dumps(facts), flush=True)
    for goal in chosen:
        request = PlanRequest(
            goal=goal, schedule=ScheduleOptions(start=dt.date.fromisoformat(START))
        )
        start = time.perf_counter()
        plan = make_plan(catalog, request)
        seconds = time.perf_counter() - start
        problems = check_plan(catalog, plan)
        result = {
            "goal": goal,
            "seconds": seconds,
            "items": len(plan.items),
            "sessions": len(plan.sessions),
            "exact": plan.exact,
            "problems": problems[:5],
            "problem_count": len(problems),
        }
        print(json.dumps(result), flush=True)


def check_plan(catalog: Any, plan: Any) -> list[str]:
    """The planner's invariants, checked from the outside. Returns the violations."""
    from mathpath.catalog.models import Depth

    problems: list[str] = []
    rank = {d: d.rank for d in Depth}
    known: dict[str, int] = {}

    def know(topic: str, depth_rank: int) -> None:
        for member in catalog.topic_and_descendants(topic):
            known[member] = max(known.get(member, 0), depth_rank)

    for need in plan.known:
        know(need.topic, rank[need.depth])
    for topic in plan.assumed:
        know(topic, rank[Depth.THOROUGH])

    def met(topic: str, depth_rank: int, taught: dict[str, int]) -> bool:
        leaves = [t for t in catalog.topic_and_descendants(topic) if t not in catalog.children_of]
        return all(max(known.get(t, 0), taught.get(t, 0)) >= depth_rank for t in leaves or [topic])

    taught_before: dict[str, int] = {}
    position = {item.id: i for i, item in enumerate(plan.items)}
    for item in plan.items:
        for need in item.resource.requires:
            if not met(need.topic, rank[need.depth], taught_before):
                problems.append(f"{item.id}: requirement {need.topic}@{need.depth} not met before")
        for need in item.resource.teaches:
            for leaf in catalog.topic_and_descendants(need.topic):
                taught_before[leaf] = max(taught_before.get(leaf, 0), rank[need.depth])
        for other in item.after:
            if position.get(other, len(plan.items)) >= position[item.id]:
                problems.append(f"{item.id}: must follow {other}, which is not earlier")
    for need in plan.needed:
        if not met(need.topic, rank[need.depth], taught_before):
            problems.append(f"needed {need.topic}@{need.depth} is not covered")
    for need in plan.goal.targets:
        if not met(need.topic, rank[need.depth], taught_before):
            problems.append(f"goal target {need.topic}@{need.depth} is not covered")

    options = plan.request.schedule
    budget = round(options.hours_per_week * 60)
    per_week: dict[tuple[int, int], int] = {}
    per_item: dict[str, int] = {}
    first: dict[str, dt.date] = {}
    last: dict[str, dt.date] = {}
    per_day: dict[tuple[dt.date, str], int] = {}
    for session in plan.sessions:
        year, week, _ = session.date.isocalendar()
        per_week[(year, week)] = per_week.get((year, week), 0) + session.minutes
        per_item[session.resource_id] = per_item.get(session.resource_id, 0) + session.minutes
        key = (session.date, session.resource_id)
        per_day[key] = per_day.get(key, 0) + session.minutes
        first.setdefault(session.resource_id, session.date)
        first[session.resource_id] = min(first[session.resource_id], session.date)
        last[session.resource_id] = max(last.get(session.resource_id, session.date), session.date)
        if session.date < options.start:
            problems.append(f"session on {session.date} before the start")
        if session.date.weekday() not in options.study_days:
            problems.append(f"session on {session.date}, not a study day")
    problems += [f"week {w}: {m} min > {budget}" for w, m in per_week.items() if m > budget]
    session_limit = round(options.session_hours * 60)
    problems += [f"{k}: {m} min in a day" for k, m in per_day.items() if m > session_limit]
    for item in plan.items:
        if per_item.get(item.id, 0) != item.minutes:
            problems.append(f"{item.id}: {per_item.get(item.id, 0)} of {item.minutes} min")
        for other in item.after:
            if other in last and item.id in first and first[item.id] < last[other]:
                problems.append(f"{item.id} starts before {other} ends")
    return problems


# --- the benchmark ------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    path: Path
    resources: int = 0
    topics: int = 0
    links: int = 0
    megabytes: float = 0.0
    parse: float = 0.0
    cold: Run | None = None
    warm: Run | None = None
    listing: Run | None = None
    plan_seconds: list[float] = field(default_factory=list)
    plan_items: list[int] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    plans: int = 0
    goal: str = ""
    plan_failure: str = ""  # why the in-process planning did not finish

    def runs(self) -> tuple[Run, Run, Run]:
        """(cold plan, warm plan, list), once measured."""
        if self.cold is None or self.warm is None or self.listing is None:
            raise RuntimeError(f"{self.name} was not measured")
        return self.cold, self.warm, self.listing

    @property
    def warm_peak_mb(self) -> float:
        """Peak RSS of the warm plan (the catalog read from the cache)."""
        return self.runs()[1].peak_mb


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
    )


def generated(workdir: Path, resources: int, seed: int) -> Path:
    path = workdir / f"catalog-{resources}-seed{seed}.yaml"
    if not path.exists():
        print(f"generating {path.name} ...", file=sys.stderr, flush=True)
        sys.path.insert(0, str(HERE))
        import generate

        generate.write(path, resources, seed)
    return path


def measure(row: Row, env: dict[str, str], repeat: int, goals: int) -> None:
    print(f"measuring {row.name} ...", file=sys.stderr, flush=True)
    row.megabytes = row.path.stat().st_size / 1e6
    big = row.path.stat().st_size > 5_000_000
    slow_repeat = 1 if big else repeat
    parse_runs = []
    for _ in range(slow_repeat):
        child = run([sys.executable, __file__, "--child-parse", str(row.path)], env)
        parse_runs.append(json.loads(child.stdout)["seconds"])
    row.parse = statistics.median(parse_runs)

    def make_cold() -> None:
        # Touching the file changes its mtime: the cache must miss and be rebuilt.
        os.utime(row.path)

    # The first child fills the cache and reports the planning curve and the checks.
    child = run([sys.executable, __file__, "--child-plan", str(row.path), str(goals)], env)
    lines = child.stdout.decode().splitlines()
    if not lines:
        raise SystemExit(f"{row.path}: {child.failure}\n{child.stderr.decode()[-3000:]}")
    facts = json.loads(lines[0])
    row.resources, row.topics, row.links = facts["resources"], facts["topics"], facts["links"]
    row.goal = facts["goal"]
    for line in lines[1:]:
        plan = json.loads(line)
        row.plan_seconds.append(plan["seconds"])
        row.plan_items.append(plan["items"])
        row.plans += 1
        row.checks += [f"{plan['goal']}: {problem}" for problem in plan["problems"]]
    if child.failure:
        row.plan_failure = child.failure
        print(f"  planning: {child.failure}", file=sys.stderr, flush=True)
        print(child.stderr.decode(errors="replace")[-2000:], file=sys.stderr, flush=True)

    plan = mathpath(
        "--catalog", str(row.path), "plan", "--goal", row.goal, "--format", "json", "--start", START
    )
    row.cold = timed(plan, env, slow_repeat, before=make_cold)
    row.warm = timed(plan, env, repeat)
    row.listing = timed(mathpath("--catalog", str(row.path), "list"), env, slow_repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="resource counts")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, 3 repeats")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--goals", type=int, default=3, help="goals planned per catalog")
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per child process")
    parser.add_argument(
        "--memory-mb", type=int, default=4096, help="address-space limit per child (0: none)"
    )
    parser.add_argument("--child-parse", help=argparse.SUPPRESS)
    parser.add_argument("--child-plan", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_parse:
        child_parse(args.child_parse)
        return 0
    if args.child_plan:
        child_plan(args.child_plan[0], int(args.child_plan[1]))
        return 0

    global LIMITS
    LIMITS = Limits(timeout=args.timeout, memory_mb=args.memory_mb)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    repeat = args.repeat
    if args.quick:
        sizes = [s for s in sizes if s <= 10_000] or [1000, 10_000]
        repeat = min(repeat, 3)
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATHPATH_")}
    env["MATHPATH_CACHE_DIR"] = str(args.workdir / "cache")
    env["MATHPATH_HOME"] = str(args.workdir / "home")
    env["NO_COLOR"] = "1"

    from mathpath.catalog import bundled_catalog_path

    print("measuring start-up ...", file=sys.stderr, flush=True)
    compile_bytecode()
    bundled_plan = mathpath("plan", "--goal", "deep-learning", "--start", START)
    run(bundled_plan, env)  # fills the cache: start-up is measured warm
    startup_commands = {
        "floor": [sys.executable, "-c", FLOOR_IMPORTS],
        "help": mathpath("--help"),
        "plan": bundled_plan,
        "list": mathpath("list"),
        "status": mathpath("status", "--goal", "deep-learning"),
        "typer": [sys.executable, str(TYPER_FLOOR), "show"],
    }
    startup = interleaved(startup_commands, env, rounds=max(repeat, 7))
    counts = {name: instructions(command, env) for name, command in startup_commands.items()}

    rows = [Row("bundled", bundled_catalog_path())]
    rows += [
        Row(f"{n // 1000}k" if n >= 1000 else str(n), generated(args.workdir, n, args.seed))
        for n in sizes
    ]
    for row in rows:
        measure(row, env, max(repeat, 5) if row.name == "bundled" else repeat, args.goals)

    report = render(startup, counts, rows, repeat, LIMITS)
    print(report)
    args.output.write_text(report, encoding="utf-8")
    print(f"written to {args.output}", file=sys.stderr)
    return 0 if "FAIL" not in report.split("## Targets", 1)[-1].split("## ", 1)[0] else 1


def _count(counts: dict[str, int | None], name: str) -> str:
    """Two table cells: the instruction count in millions and its ratio to the floor's."""
    count, floor = counts.get(name), counts.get("floor")
    if count is None or not floor:
        return "- | -"
    return f"{count / 1e6:.0f} | {count / floor:.2f}"


def _ratio(run: Run, reference: float) -> str:
    return run.failure or f"{run.seconds / reference:.2f}"


def _ok(run: Run, limit: float) -> bool:
    return not run.failure and run.seconds <= limit


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def render(
    startup: dict[str, Run],
    counts: dict[str, int | None],
    rows: list[Row],
    repeat: int,
    limits: Limits,
) -> str:
    floor, help_run = startup["floor"], startup["help"]
    bundled_warm, bundled_list = startup["plan"], startup["list"]
    status_run, typer_floor = startup["status"], startup["typer"]
    lines = [
        "# mathpath benchmark results",
        "",
        f"Machine: {machine()}.",
        f"Command: `python benchmarks/run.py {' '.join(sys.argv[1:])}`; median of {repeat} "
        "runs (at least 7, taken in turns, for start-up; at least 5 for the bundled catalog; "
        "1 for cold runs and parses of files over 5 MB); each child limited to "
        f"{limits.timeout:.0f} s"
        + (f" and {limits.memory_mb} MB of address space." if limits.memory_mb else "."),
        "",
        "## Start-up",
        "",
        "mathpath's modules are compiled to bytecode first, as `pip install` does. Instructions "
        "are counted by `valgrind --tool=callgrind` in one run each: unlike seconds they do not "
        "move with the load of a shared machine, so their ratios back up the wall-time ratios "
        "(the targets are wall time).",
        "",
        "| what | seconds | ratio to the import floor | instructions (M) | ratio |",
        "| --- | ---: | ---: | ---: | ---: |",
        f'| import floor: `python -c "{FLOOR_IMPORTS}"` | {floor.seconds:.3f} | 1.00 '
        f"| {_count(counts, 'floor')} |",
        f"| `mathpath --help` | {help_run.show()} | {_ratio(help_run, floor.seconds)} "
        f"| {_count(counts, 'help')} |",
        f"| `mathpath plan --goal deep-learning` (bundled, warm) "
        f"| {bundled_warm.show()} "
        f"| {_ratio(bundled_warm, floor.seconds)} | {_count(counts, 'plan')} |",
        f"| `mathpath list` (bundled, warm) | {bundled_list.show()} "
        f"| {_ratio(bundled_list, floor.seconds)} | {_count(counts, 'list')} |",
        f"| `mathpath status --goal deep-learning` (bundled, no records) | {status_run.show()} "
        f"| {_ratio(status_run, floor.seconds)} | {_count(counts, 'status')} |",
        f"| Typer floor: `python benchmarks/typer_floor.py show` (one command, a one-row Rich "
        f"table) | {typer_floor.show()} | {_ratio(typer_floor, floor.seconds)} "
        f"| {_count(counts, 'typer')} |",
        "",
        "## Catalogs",
        "",
        "Wall time of `python -m mathpath --catalog X plan --goal G --format json` (cold: the "
        "catalog file touched, so the cache is rebuilt; warm: the cache is used), "
        "`list` (warm, piped), the PyYAML C-loader parse of the file alone (in-process, "
        "`yaml.load(text, Loader=CSafeLoader)` with the garbage collector disabled, the reference "
        "for cold), peak RSS of the cold plan (which parses the YAML), the warm plan and `list`, "
        "and `make_plan` (choice, order, schedule) in-process on the loaded catalog.",
        "",
        "| catalog | resources | topics | links | file MB | C parse s | cold plan s | cold / parse "
        "| warm plan s | list s | cold peak MB | warm peak MB | list peak MB | make_plan s "
        "| plan checks |",
        "| --- " + "| ---: " * 13 + "| --- |",
    ]
    for row in rows:
        cold, warm, listing = row.runs()
        plan_time = _median(row.plan_seconds)
        planned = f"{plan_time:.3f}" if plan_time is not None else row.plan_failure
        if row.plan_failure and plan_time is not None:
            planned += f" ({row.plan_failure} later)"
        checks = "PASS" if not row.checks else f"FAIL ({len(row.checks)})"
        checks += f" ({row.plans} plans)"
        lines.append(
            f"| {row.name} | {row.resources} | {row.topics} | {row.links} | {row.megabytes:.1f} "
            f"| {row.parse:.3f} | {cold.show()} | {_ratio(cold, row.parse)} "
            f"| {warm.show()} | {listing.show()} | {cold.peak_mb:.0f} | {warm.peak_mb:.0f} "
            f"| {listing.peak_mb:.0f} | {planned} | {checks} |"
        )
    lines += ["", "## Planning curve (in-process, median over the goals planned)", ""]
    lines += [
        "| catalog | resources + links | items in the plans | make_plan s "
        "| microseconds per resource+link | growth: size, time (from the row above) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    previous: tuple[int, float] | None = None
    for row in rows:
        size = row.resources + row.links
        plan_time = _median(row.plan_seconds)
        items = ", ".join(str(n) for n in row.plan_items)
        if plan_time is None:
            lines.append(f"| {row.name} | {size} | {items} | {row.plan_failure} | - | - |")
            previous = None
            continue
        growth = (
            f"{size / previous[0]:.1f}x, {plan_time / previous[1]:.1f}x"
            if previous is not None and previous[1] > 0
            else "-"
        )
        lines.append(
            f"| {row.name} | {size} | {items} | {plan_time:.4f} "
            f"| {plan_time / size * 1e6:.2f} | {growth} |"
        )
        previous = (size, plan_time) if row.name != "bundled" else None

    by_name = {row.name: row for row in rows}
    targets = [
        (
            "`--help` <= import floor",
            _ok(help_run, floor.seconds * HELP_RATIO),
            f"{_ratio(help_run, floor.seconds)}x",
        ),
    ]
    targets += [
        (
            f"bundled `{name}` <= {TYPER_RATIO}x the Typer floor",
            _ok(startup[name], typer_floor.seconds * TYPER_RATIO),
            f"{_ratio(startup[name], typer_floor.seconds)}x",
        )
        for name in ("plan", "list", "status")
    ]
    if "10k" in by_name:
        row = by_name["10k"]
        cold, warm, _ = row.runs()
        targets += [
            (f"10k warm plan <= {WARM_10K} s", _ok(warm, WARM_10K), f"{warm.show()} s"),
            (
                f"10k cold plan <= {COLD_10K_RATIO}x C parse (GC off)",
                _ok(cold, COLD_10K_RATIO * row.parse),
                f"{_ratio(cold, row.parse)}x",
            ),
        ]
    if "100k" in by_name:
        row = by_name["100k"]
        _, warm, _ = row.runs()
        targets += [
            (f"100k warm plan <= {WARM_100K} s", _ok(warm, WARM_100K), f"{warm.show()} s"),
            (
                f"100k peak memory <= {PEAK_100K_MB} MB (warm plan)",
                row.warm_peak_mb <= PEAK_100K_MB,
                f"{row.warm_peak_mb:.0f} MB",
            ),
            (
                f"100k peak memory <= {PEAK_100K_MB} MB (cold: parsing the YAML)",
                row.runs()[0].peak_mb <= PEAK_100K_MB,
                f"{row.runs()[0].peak_mb:.0f} MB",
            ),
        ]
    if len(rows) >= 3:
        # The two largest catalogs: at 1k a plan has a dozen items and fixed costs dominate.
        small, large = rows[-2], rows[-1]
        small_time, large_time = _median(small.plan_seconds), _median(large.plan_seconds)
        elements = (large.resources + large.links) / (small.resources + small.links)
        if small_time and large_time:
            growth = large_time / small_time
            targets.append(
                (
                    "planning near-linear (time grows <= 2x faster than resources + links)",
                    growth <= 2 * elements,
                    f"{growth:.0f}x time for {elements:.0f}x size ({small.name} -> {large.name})",
                )
            )
        else:
            targets.append(("planning near-linear", False, large.plan_failure or "no plan"))
    finished = all(not r.plan_failure for r in rows)
    targets.append(
        (
            "plans keep the invariants",
            finished and all(not r.checks for r in rows),
            "; ".join(c for r in rows for c in r.checks[:3])
            or ("all plans" if finished else "not every plan finished"),
        )
    )
    lines += ["", "## Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    lines += [f"| {name} | {value} | {'PASS' if ok else 'FAIL'} |" for name, ok, value in targets]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
