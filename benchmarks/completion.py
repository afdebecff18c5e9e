"""How long a shell completion takes: Typer's bash request (``_MATHPATH_COMPLETE=complete_bash``)
answered by a fresh ``mathpath`` process, as a shell runs it at every <TAB>, beside the floors
it stands on (Python itself, ``import typer``, ``mathpath --help``).

    python benchmarks/completion.py              # the bundled catalog, 21 runs each
    python benchmarks/completion.py --runs 41 --catalog benchmarks/out/catalog-10000-seed1.yaml

Each case is timed as wall-clock and as the CPU time of the child (user + system, from
``os.wait4``), and its instructions are counted once with valgrind's callgrind when valgrind
is installed (``benchmarks/run.py`` does the same): unlike seconds, the count does not depend
on what else a shared machine is doing. The minimum and the
median of the runs are printed as a markdown table. The catalog's names are warmed first
(one completion), so what is timed is the cached path a shell meets from its second <TAB> on,
and the modules' bytecode is written first, as an installed package has it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from run import instructions  # benchmarks/run.py: the one callgrind counter


def timed(argv: list[str], env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        assert child.stderr is not None
        error = child.stderr.read()
        child.stderr.close()
        if error or os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{argv}: {error.decode(errors='replace')}")
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--catalog", help="a catalog file (default: the bundled one)")
    args = parser.parse_args()
    mathpath = shutil.which("mathpath") or sys.exit("mathpath is not on PATH")
    home = tempfile.mkdtemp(prefix="mathpath-completion-")
    env = {**os.environ, "MATHPATH_HOME": home, "NO_COLOR": "1"}
    env.pop("MATHPATH_CATALOG", None)
    # As an installed mathpath runs: from bytecode (with PYTHONDONTWRITEBYTECODE set, every
    # module changed since its .pyc was written would be compiled again at every <TAB>).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    catalog = ["--catalog", args.catalog] if args.catalog else []
    prefix = " ".join(["mathpath", *catalog])

    def bash(words: str) -> dict[str, str]:
        line = f"{prefix} {words}"
        return {
            **env,
            "_MATHPATH_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split(" ")) - 1),
        }

    cases = [
        ("`python -c pass`", [sys.executable, "-c", "pass"], env),
        ("`python -c 'import typer'`", [sys.executable, "-c", "import typer"], env),
        ("`mathpath --help`", [mathpath, "--help"], env),
        ("`mathpath pl<TAB>` (a command)", [mathpath], bash("pl")),
        ("`mathpath plan --goal dee<TAB>`", [mathpath], bash("plan --goal dee")),
        ("`mathpath why <TAB>` (every resource id)", [mathpath], bash("why ")),
        ("`mathpath plan --know lin<TAB>`", [mathpath], bash("plan --know lin")),
        ("`mathpath plan --format <TAB>`", [mathpath], bash("plan --format ")),
    ]
    timed([mathpath], bash("plan --goal "), 1)  # the catalog cached, its names kept
    timed([mathpath, "--help"], env, 1)  # every module's bytecode written
    timed([mathpath], bash("plan --know "), 1)
    print(f"catalog: {args.catalog or 'bundled'}; {args.runs} runs each; seconds\n")
    print("| what | wall min | wall median | CPU min | CPU median | instructions (M) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, argv, case_env in cases:
        walls, cpus = timed(argv, case_env, args.runs)
        counted = instructions(argv, case_env)
        count = f"{counted / 1e6:.0f}" if counted else "-"
        print(
            f"| {name} | {min(walls):.3f} | {statistics.median(walls):.3f} "
            f"| {min(cpus):.3f} | {statistics.median(cpus):.3f} | {count} |",
            flush=True,
        )
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
