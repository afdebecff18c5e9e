"""Real prerequisite graphs that other people wrote, through the loader and the validator.

The files in tests/fixtures/curricula/ (see its README for sources and licences) are converted to
catalogs by tests/support/curricula.py, keeping their bad data as it is. What is acceptable must
load; what is not must come back as one CatalogError of located, understandable problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.support.curricula import curriculum_catalog, curriculum_yaml, load_curriculum, to_id
from typer.testing import CliRunner

from mathpath.catalog.graph import topological_order
from mathpath.catalog.load import parse_catalog
from mathpath.catalog.models import Catalog
from mathpath.cli import app
from mathpath.errors import CatalogError, ExitCode, Problem


def convert(name: str, **options: bool) -> str:
    return curriculum_yaml(load_curriculum(name), **options)


def problems_of(name: str, **options: bool) -> list[Problem]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(convert(name, **options), name)
    return info.value.problems


def find(problems: list[Problem], path_part: str) -> Problem:
    matching = [p for p in problems if path_part in p.path]
    assert len(matching) == 1, [str(p) for p in problems]
    return matching[0]


class TestConverter:
    def test_ids(self) -> None:
        assert to_id("COS226") == "cos226"
        assert to_id("random variables") == "random-variables"
        assert to_id("feed_forward_neural_nets") == "feed_forward_neural_nets"
        assert to_id("_odd") == "x_odd"

    def test_one_topic_and_one_resource_per_node(self) -> None:
        data = load_curriculum("ossu_math.json")
        catalog = curriculum_catalog(data)
        assert len(catalog["topics"]) == len(catalog["resources"]) == len(data["nodes"])
        first = catalog["resources"][0]
        assert first["teaches"] == [f"{first['id']}@working"]

    def test_hours_and_urls(self) -> None:
        data = load_curriculum("ossu_cs.json")
        by_id = {r["id"]: r for r in curriculum_catalog(data)["resources"]}
        node = next(n for n in data["nodes"] if n["hours"] is None)
        assert by_id[to_id(node["id"])]["hours"] == 1.0
        relative = next(n for n in data["nodes"] if not n["url"].startswith("http"))
        assert by_id[to_id(relative["id"])]["url"] == f"https://example.org/{to_id(relative['id'])}"

    def test_one_of_groups_and_coreqs_are_not_hard_edges(self) -> None:
        topics = {
            t["id"]: t
            for t in curriculum_catalog(load_curriculum("princeton_subset.json"))["topics"]
        }
        assert "requires" not in topics["mat210"]  # CALCULUS: one of four courses, itself included
        assert "requires" not in topics["egr191"]
        assert "recommends" not in topics["egr191"]

    def test_attribution_is_kept(self) -> None:
        text = convert("ossu_math.json")
        assert text.startswith("# Converted from ossu/math/README.md@")
        assert "# Licence: " in text.splitlines()[1]


@pytest.mark.parametrize("name", ["ossu_math.json", "ossu_cs.json", "ossu_data_science.json"])
def test_ossu_curricula_load(name: str) -> None:
    data = load_curriculum(name)
    catalog = parse_catalog(convert(name), name)
    assert len(catalog.topics) == len(data["nodes"])
    # Acyclic, so the planner's ordering works on them too.
    graph = {t.id: [n.topic for n in t.requires] for t in catalog.topics}
    order = topological_order([t.id for t in catalog.topics], graph)
    position = {topic: i for i, topic in enumerate(order)}
    assert all(position[p] < position[t] for t, ps in graph.items() for p in ps)


def test_ossu_cs_keeps_its_real_edges() -> None:
    catalog = parse_catalog(convert("ossu_cs.json"), "ossu_cs.json")
    source = {
        to_id(n["id"]): [to_id(r) for r in n["requires"]]
        for n in load_curriculum("ossu_cs.json")["nodes"]
    }
    assert {t.id: [n.topic for n in t.requires] for t in catalog.topics} == source


class TestMetacademy:
    def test_neural_nets_dependencies_on_concepts_never_written(self) -> None:
        problems = problems_of("metacademy_neural_nets.json")
        assert len(problems) == 3
        assert all(p.message.startswith("unknown topic ") for p in problems)
        rnn = find(problems, "(recurrent_neural_networks)")
        assert rnn.message == "unknown topic 'feed_forward_neural_networks'"
        assert rnn.hint.startswith("did you mean 'feed_forward_neural_nets'")
        assert rnn.line is not None
        assert str(rnn).startswith(f"metacademy_neural_nets.json:{rnn.line}: topics[")
        assert find(problems, "(convolutional_nets)").message == "unknown topic 'convolution'"

    def test_full_graph_reports_all_twenty_missing_concepts_at_once(self) -> None:
        problems = problems_of("metacademy_full.json")
        data = load_curriculum("metacademy_full.json")
        missing = sorted(d for n in data["nodes"] for d in n.get("requires_dangling") or [])
        assert (
            sorted(p.message.removeprefix("unknown topic ").strip("'") for p in problems) == missing
        )
        assert len(problems) == 20
        # Sorted by line, each located in the converted text.
        assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)
        lines = convert("metacademy_full.json").splitlines()
        for problem in problems:
            assert problem.line is not None
            missing_id = problem.message.split("'")[1]
            assert missing_id in lines[problem.line - 1]
        typo = find(problems, "(complexity_of_inference)")
        assert typo.hint == "did you mean 'np_completeness'?"

    def test_hyphenated_tags_as_written(self) -> None:
        # 346 dependency tags use hyphens where the concept ids use underscores.
        problems = problems_of("metacademy_full.json", raw_tags=True)
        assert len(problems) > 300
        assert all(p.message.startswith("unknown topic ") for p in problems)
        messages = {(p.path, p.message, p.hint) for p in problems}
        assert (
            "topics[4] (annealed_importance_sampling).requires[0].topic",
            "unknown topic 'markov-chain-monte-carlo'",
            "did you mean 'markov_chain_monte_carlo'?",
        ) in messages
        backprop = [p for p in problems if "(backpropagation)" in p.path]
        assert [p.message for p in backprop] == [
            "unknown topic 'feed-forward-neural-nets'",
            "unknown topic 'stochastic-gradient-descent'",
        ]
        assert backprop[0].hint.startswith("did you mean 'feed_forward_neural_nets'")

    def test_resource_level_dependencies_as_edges_close_six_cycles(self) -> None:
        data = load_curriculum("metacademy_full.json")
        for node in data["nodes"]:
            node["requires_dangling"] = []  # only the cycles here
        with pytest.raises(CatalogError) as info:
            parse_catalog(curriculum_yaml(data, resource_edges=True), "m.yaml")
        cycles = [p for p in info.value.problems if "cycle" in p.message]
        assert len(cycles) == 6
        assert len(info.value.problems) == 6
        messages = {p.message for p in cycles}
        assert (
            "prerequisite cycle: factor_analysis -> probabilistic_pca -> factor_analysis "
            "(each requires the next)"
        ) in messages
        assert (
            "prerequisite cycle: bayesian_networks -> linear_regression -> maximum_likelihood "
            "-> bayesian_networks (each requires the next)"
        ) in messages


class TestPrinceton:
    def test_self_requirements_and_missing_courses_in_one_error(self) -> None:
        problems = problems_of("princeton_subset.json")
        assert [(p.path.split(".")[0], p.message) for p in problems] == [
            ("topics[52] (ece346)", "topic 'ece346' lists itself as a prerequisite"),
            ("topics[148] (san305)", "topic 'san305' lists itself as a prerequisite"),
            ("topics[236] (dan420a)", "unknown topic 'dan219a'"),
        ]
        assert all(p.line is not None and p.file == "princeton_subset.json" for p in problems)
        assert problems[0].hint == "remove it"

    def test_the_error_text_is_readable(self) -> None:
        with pytest.raises(CatalogError) as info:
            parse_catalog(convert("princeton_subset.json"), "princeton.yaml")
        text = str(info.value)
        assert text.startswith("princeton.yaml: 3 problems found\n")
        assert "topics[148] (san305).requires[0]: topic 'san305' lists itself" in text

    def test_mutual_corequisites_as_recommends_are_legal(self) -> None:
        data = load_curriculum("princeton_subset.json")
        # Only the co-requisites, without the real anomalies, so the catalog must load.
        for node in data["nodes"]:
            node["requires"] = [r for r in node.get("requires") or [] if r != node["id"]]
            node["requires_dangling"] = []
        catalog: Catalog = parse_catalog(
            curriculum_yaml(data, coreq_as_recommends=True), "princeton.yaml"
        )
        topics = catalog.topic_by_id
        assert [n.topic for n in topics["egr191"].recommends] == ["egr192"]
        assert [n.topic for n in topics["egr192"].recommends] == ["egr191"]

    def test_cli_validate_reports_located_problems(self, runner: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / "princeton.yaml"
        path.write_text(convert("princeton_subset.json"), encoding="utf-8")
        good = tmp_path / "ossu-math.yaml"
        good.write_text(convert("ossu_math.json"), encoding="utf-8")
        result = runner.invoke(app, ["validate", str(good), str(path)])
        assert result.exit_code == ExitCode.CATALOG
        assert f"{good}: ok: 21 topics, 21 resources, 0 goals" in result.stdout
        assert f"{path}: 3 problems found" in result.stderr
        assert "topics[148] (san305).requires[0]: topic 'san305' lists itself" in result.stderr
        assert f"{path}:" in result.stderr.splitlines()[-1]
        assert "Traceback" not in result.output


def test_converted_text_is_plain_yaml() -> None:
    data: Any = yaml.safe_load(convert("ossu_data_science.json"))
    assert set(data) == {"version", "name", "topics", "resources"}
