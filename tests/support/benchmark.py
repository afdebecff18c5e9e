"""The benchmarks' scripts (benchmarks/generate.py, run.py), loaded as modules for tests."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"


@functools.cache
def load_benchmark(script: str) -> ModuleType:
    """``benchmarks/<script>.py`` as a module (loaded once per test session)."""
    spec = importlib.util.spec_from_file_location(
        f"mathpath_benchmark_{script}", BENCHMARKS / f"{script}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module
