"""The synthetic catalog generator of the benchmarks: valid, deterministic, the advertised size."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from tests.support.benchmark import load_benchmark

from mathpath.catalog.graph import find_cycles
from mathpath.catalog.load import load_catalog


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return load_benchmark("generate")


@pytest.mark.parametrize("resources", [8, 200, 1500])
def test_a_generated_catalog_validates_with_the_advertised_counts(
    generator: ModuleType, tmp_path: Path, resources: int
) -> None:
    path = tmp_path / "generated.yaml"
    counts = generator.write(path, resources, seed=3)
    catalog = load_catalog(path)
    assert len(catalog.resources) == resources == counts.resources
    assert len(catalog.topics) == counts.topics == max(8, resources // 10)
    assert len(catalog.goals) == counts.goals == max(3, counts.topics // 100)


def test_the_shape_is_realistic(generator: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "generated.yaml"
    generator.write(path, 2000, seed=1)
    catalog = load_catalog(path)
    assert find_cycles({t.id: [n.topic for n in t.requires] for t in catalog.topics}) == []
    layered = [t for t in catalog.topics if t.parent is not None]
    assert all(1 <= len(t.requires) <= 3 for t in layered if not t.id.startswith("t00-"))
    # Every specific topic has several alternative teachers, one of them thorough.
    for topic in layered:
        teachers = catalog.teachers_of[topic.id]
        assert len(teachers) >= 2, topic.id
        assert any(r.teaches_depth(topic.id) == "thorough" for r in teachers), topic.id
    assert len({r.format for r in catalog.resources}) == 6
    assert len({r.level for r in catalog.resources}) == 3
    assert any(len(r.teaches) >= 2 for r in catalog.resources)
    assert any(not r.free for r in catalog.resources)
    top = max(t.id.split("-")[0] for t in layered)
    assert all(n.topic.startswith(top) for g in catalog.goals for n in g.targets)


def test_it_is_deterministic_for_a_seed(generator: ModuleType) -> None:
    first = generator.dump(generator.generate(300, seed=7))
    assert generator.dump(generator.generate(300, seed=7)) == first
    assert generator.dump(generator.generate(300, seed=8)) != first


def test_the_command_line(generator: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    assert generator.main(["--resources", "100", "--seed", "2", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == generator.dump(generator.generate(100, seed=2))
    with pytest.raises(SystemExit):
        generator.main(["--resources", "3"])


@pytest.fixture(scope="module")
def runner_module() -> ModuleType:
    return load_benchmark("run")


def test_plans_on_a_generated_catalog_keep_the_invariants(
    generator: ModuleType, runner_module: ModuleType, tmp_path: Path
) -> None:
    import dataclasses
    from datetime import date

    from mathpath.planning import make_plan
    from mathpath.planning.plans import PlanRequest, ScheduleOptions

    path = tmp_path / "generated.yaml"
    generator.write(path, 600, seed=5)
    catalog = load_catalog(path)
    for goal in catalog.goals:
        request = PlanRequest(goal=goal.id, schedule=ScheduleOptions(start=date(2026, 1, 5)))
        plan = make_plan(catalog, request)
        assert plan.items
        assert runner_module.check_plan(catalog, plan) == [], goal.id
    # The checker does find broken plans: the same plan without its first item.
    broken = dataclasses.replace(plan, items=plan.items[1:])
    assert runner_module.check_plan(catalog, broken)
