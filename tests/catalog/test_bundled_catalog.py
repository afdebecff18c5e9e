"""The bundled catalog: it validates, holds the seed resources, and encodes the seeds' claims.

The ordering claims of the seed articles (calculus and linear algebra before MIT 6.S191, 6.S191
before Ng's specialization, 18.01 before 18.02 and 18.03, the 3Blue1Brown series in order) become
plan order only through requirements being met, so these tests check the requirements and depths
that produce them, without importing the planner.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
from tests.support.bundled import GOAL_IDS

from mathpath.catalog.load import bundled_catalog_path, load_catalog
from mathpath.catalog.models import Catalog, Depth, Resource, TopicNeed

SEED_RESOURCE_IDS = [
    "calculus-made-easy",
    "mit-18.01sc",
    "mit-18.02sc",
    "mit-18.03sc",
    "strang-calculus",
    "mit-res-18-005",
    "3b1b-essence-calculus",
    "3b1b-essence-linear-algebra",
    "3b1b-neural-networks",
    "khan-calculus-1",
    "khan-calculus-2",
    "khan-linear-algebra",
    "oct-calculus-35min",
    "mml-book",
    "imperial-mml-multivariate-calculus",
    "fastai-computational-linear-algebra",
    "dl-book-goodfellow",
    "isl",
    "mit-6.s191",
    "ng-deep-learning-specialization",
]
NEIGHBOUR_IDS = ["mit-18.06sc", "mit-18.05", "harvard-stat110", "python-official-tutorial"]
OPTIONAL_NEIGHBOUR_IDS = [
    "khan-statistics-probability",
    "khan-multivariable-calculus",
    "imperial-mml-linear-algebra",
]

# Chinese titles the seeds give (normalised), as a substring each zh title must contain.
ZH_TITLES = {
    "calculus-made-easy": "微积分简明版",
    "mit-res-18-005": "微积分",
    "3b1b-essence-calculus": "微积分的本质",
    "3b1b-essence-linear-algebra": "线性代数的本质",
    "3b1b-neural-networks": "深度学习",
    "khan-calculus-1": "微积分 1",
    "khan-calculus-2": "微积分 2",
    "khan-linear-algebra": "线性代数",
    "oct-calculus-35min": "35 分钟看懂微积分",
    "mml-book": "机器学习",
    "imperial-mml-multivariate-calculus": "多元微积分",
    "fastai-computational-linear-algebra": "计算线性代数",
    "dl-book-goodfellow": "深度学习",
    "isl": "统计学习",
    "mit-6.s191": "6.S191",
    "ng-deep-learning-specialization": "吴恩达",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(bundled_catalog_path())


def _resource(catalog: Catalog, resource_id: str) -> Resource:
    return catalog.resource_by_id[resource_id]


def _required_depth(resource: Resource, topic: str) -> Depth | None:
    depths = [need.depth for need in resource.requires if need.topic == topic]
    return max(depths, key=lambda d: d.rank) if depths else None


def _all_urls(resource: Resource) -> Iterator[str]:
    yield resource.url
    yield from resource.urls.values()
    yield from (t.url for t in resource.translations if t.url is not None)


# --- presence, links and titles --------------------------------------------------------------


def test_bundled_catalog_validates_and_is_the_curated_one(catalog: Catalog) -> None:
    assert catalog.name == "mathpath bundled catalog"
    assert len(catalog.resources) >= len(SEED_RESOURCE_IDS) + len(NEIGHBOUR_IDS)


@pytest.mark.parametrize("resource_id", SEED_RESOURCE_IDS + NEIGHBOUR_IDS + OPTIONAL_NEIGHBOUR_IDS)
def test_resource_is_present_with_an_https_url(catalog: Catalog, resource_id: str) -> None:
    resource = _resource(catalog, resource_id)
    assert resource.url.startswith("https://")
    assert resource.sources, "every entry says where its facts come from"


def test_stale_seed_urls_are_replaced(catalog: Catalog) -> None:
    urls = [url for r in catalog.resources for url in _all_urls(r)]
    assert not [u for u in urls if "ans7870" in u]
    assert not [u for u in urls if "/resources/res-18-005" in u]
    strang = _resource(catalog, "strang-calculus")
    assert strang.url == "https://ocw.mit.edu/courses/res-18-001-calculus-fall-2023/"
    assert strang.urls["pdf"].startswith(strang.url)
    assert _resource(catalog, "mit-res-18-005").url == (
        "https://ocw.mit.edu/courses/res-18-005-highlights-of-calculus-spring-2010/"
    )


def test_google_certificate_ads_are_left_out(catalog: Catalog) -> None:
    urls = [url for r in catalog.resources for url in _all_urls(r)]
    assert not [u for u in urls if "kdnuggets.com/google-" in u]


def test_related_articles_are_short_free_intro_articles(catalog: Catalog) -> None:
    articles = [r for r in catalog.resources if r.format == "article"]
    assert len(articles) == 6
    for article in articles:
        assert article.provider == "KDnuggets"
        assert article.free
        assert article.level == "intro"
        assert article.hours_estimated
        assert article.hours <= 0.5
        assert "zh" in article.titles
        assert all(need.depth == Depth.OVERVIEW for need in article.teaches)


@pytest.mark.parametrize(("resource_id", "expected"), sorted(ZH_TITLES.items()))
def test_chinese_titles_from_the_seeds(catalog: Catalog, resource_id: str, expected: str) -> None:
    title = _resource(catalog, resource_id).titles["zh"]
    assert expected in title
    assert "。" not in title  # the seed's "6。S191" is a translation artifact


def test_exact_chinese_title_of_essence_of_calculus(catalog: Catalog) -> None:
    assert _resource(catalog, "3b1b-essence-calculus").titles["zh"] == "微积分的本质"


def test_neighbours_not_in_the_seeds_say_so(catalog: Catalog) -> None:
    for resource_id in NEIGHBOUR_IDS + OPTIONAL_NEIGHBOUR_IDS:
        resource = _resource(catalog, resource_id)
        assert resource.note is not None
        assert "not in the seeds" in resource.note.lower()
        assert not any(source.startswith("seed ") for source in resource.sources)


def test_chinese_editions_named_by_the_fact_sheet(catalog: Catalog) -> None:
    def zh(resource_id: str) -> list[tuple[str, bool]]:
        resource = _resource(catalog, resource_id)
        return [(t.kind, t.official) for t in resource.translations if t.lang == "zh"]

    assert ("subtitles", False) in zh("mit-res-18-005")
    assert ("subtitles", False) in zh("3b1b-essence-calculus")
    assert ("subtitles", False) in zh("mit-18.06sc")
    assert ("notes", False) in zh("fastai-computational-linear-algebra")
    assert ("translation", False) in zh("dl-book-goodfellow")
    assert ("translation", True) in zh("python-official-tutorial")
    assert ("subtitles", False) in zh("ng-deep-learning-specialization")
    assert _resource(catalog, "khan-calculus-1").available_in("zh")
    assert not _resource(catalog, "mit-18.01sc").available_in("zh")


# --- hours and cost -----------------------------------------------------------------------------


def test_estimated_and_published_hours(catalog: Catalog) -> None:
    course = _resource(catalog, "mit-18.01sc")
    assert course.hours_estimated
    assert course.hours == 160  # midpoint of 150-170 h from 12 units
    assert course.hours_basis is not None
    assert "12" in course.hours_basis
    imperial = _resource(catalog, "imperial-mml-multivariate-calculus")
    assert not imperial.hours_estimated  # Coursera publishes "approx. 21 hours"
    assert imperial.hours == 21
    for resource in catalog.resources:
        assert resource.hours_basis, f"{resource.id} says how its hours were derived"


def test_paid_courses_explain_what_is_free(catalog: Catalog) -> None:
    paid = {r.id for r in catalog.resources if not r.free}
    assert paid == {
        "ng-deep-learning-specialization",
        "imperial-mml-multivariate-calculus",
        "imperial-mml-linear-algebra",
    }
    for resource_id in paid:
        cost_note = _resource(catalog, resource_id).cost_note
        assert cost_note is not None
        assert "audit" in cost_note.lower()


# --- topics -----------------------------------------------------------------------------------


def test_calculus_stands_for_the_three_calculus_topics(catalog: Catalog) -> None:
    assert set(catalog.topic_and_descendants("calculus")) == {
        "calculus",
        "single-variable-calculus",
        "multivariable-calculus",
        "differential-equations",
    }
    assert {"calculus", "linear-algebra", "probability", "statistics"} <= set(
        catalog.topic_and_descendants("mathematics")
    )


def test_broad_topics_are_never_taught_directly(catalog: Catalog) -> None:
    for broad in catalog.children_of:
        assert broad not in catalog.teachers_of, f"{broad} has children, so it is not taught"


def test_aliases_find_topics(catalog: Catalog) -> None:
    alias_owner = {a.casefold(): t.id for t in catalog.topics for a in t.aliases}
    assert alias_owner["calc"] == "calculus"
    assert alias_owner["linalg"] == "linear-algebra"
    assert alias_owner["微积分"] == "calculus"
    assert alias_owner["backprop"] == "backpropagation"
    for topic in catalog.topics:
        assert "zh" in topic.names, f"{topic.id} has a Chinese name"


def test_topic_edges_follow_the_fact_sheet(catalog: Catalog) -> None:
    def hard(topic_id: str) -> set[str]:
        return {n.topic for n in catalog.topic_by_id[topic_id].requires}

    def soft(topic_id: str) -> set[str]:
        return {n.topic for n in catalog.topic_by_id[topic_id].recommends}

    assert hard("single-variable-calculus") == {"precalculus"}
    assert hard("multivariable-calculus") == {"single-variable-calculus"}
    assert hard("differential-equations") == {"single-variable-calculus"}
    assert soft("differential-equations") == {"multivariable-calculus", "linear-algebra"}
    assert hard("deep-learning") == {
        "neural-networks",
        "backpropagation",
        "optimization",
        "conditional-probability",  # "probability (e.g., Bayes theorem)", as 6.S191 says
        "probability",  # at working depth, from a university course's depth
    }
    # Bayes' rule is not a first course in random variables: probability has both below it.
    assert catalog.children_of["probability"] == ["conditional-probability", "random-variables"]
    assert "python" in soft("deep-learning")
    assert "precalculus" not in catalog.teachers_of, "nothing teaches precalculus: goals assume it"


# --- the seeds' ordering claims, as requirements and depths -----------------------------------


def test_6s191_requires_calculus_linear_algebra_and_probability(catalog: Catalog) -> None:
    course = _resource(catalog, "mit-6.s191")
    assert {n.topic: n.depth for n in course.requires} == {
        "single-variable-calculus": Depth.OVERVIEW,
        "linear-algebra": Depth.OVERVIEW,
        "conditional-probability": Depth.OVERVIEW,  # "probability (e.g., Bayes theorem)"
    }
    assert [n.topic for n in course.recommends] == ["python"]
    for topic in ("deep-learning", "neural-networks", "backpropagation"):
        assert course.teaches_depth(topic) == Depth.WORKING
    # one lecture on gradient descent: a first exposure, not working optimisation
    assert course.teaches_depth("optimization") == Depth.OVERVIEW
    assert course.edition is not None
    assert "2021" in course.edition


def test_6s191_before_the_specialization_is_advice_not_a_prerequisite(catalog: Catalog) -> None:
    s191 = _resource(catalog, "mit-6.s191")
    dls = _resource(catalog, "ng-deep-learning-specialization")
    # Seed 003's "take 6.S191 first" is a recommendation and the goal's first step.
    assert _required_depth(dls, "deep-learning") is None
    assert [n.topic for n in dls.recommends if n.topic == "deep-learning"] == ["deep-learning"]
    assert catalog.goal_by_id["deep-learning-specialization"].steps == ["mit-6.s191"]
    assert dls.teaches_depth("deep-learning") == Depth.THOROUGH
    taught_by_s191 = s191.teaches_depth("deep-learning")
    assert taught_by_s191 is not None
    assert taught_by_s191.rank < Depth.THOROUGH.rank
    # 6.S191 itself must not need what DLS teaches, or the order could flip.
    assert _required_depth(s191, "deep-learning") is None


@pytest.mark.parametrize("later", ["mit-18.02sc", "mit-18.03sc"])
def test_18_01_comes_before_18_02_and_18_03(catalog: Catalog, later: str) -> None:
    needed = _required_depth(_resource(catalog, later), "single-variable-calculus")
    assert needed == Depth.WORKING
    taught = _resource(catalog, "mit-18.01sc").teaches_depth("single-variable-calculus")
    assert taught == Depth.THOROUGH
    assert taught.covers(needed)


def test_18_02_is_a_corequisite_of_18_03(catalog: Catalog) -> None:
    de_course = _resource(catalog, "mit-18.03sc")
    assert "multivariable-calculus" in {n.topic for n in de_course.recommends}
    assert _required_depth(de_course, "multivariable-calculus") is None


def test_3b1b_foundations_come_before_the_neural_network_series(catalog: Catalog) -> None:
    series = _resource(catalog, "3b1b-neural-networks")
    prerequisites = {
        "single-variable-calculus": _resource(catalog, "3b1b-essence-calculus"),
        "linear-algebra": _resource(catalog, "3b1b-essence-linear-algebra"),
    }
    for topic, foundation in prerequisites.items():
        needed = _required_depth(series, topic)
        assert needed is not None, f"the series requires {topic}"
        taught = foundation.teaches_depth(topic)
        assert taught is not None
        assert taught.covers(needed)
    for topic in ("neural-networks", "backpropagation", "optimization", "deep-learning"):
        assert series.teaches_depth(topic) == Depth.OVERVIEW


def test_depths_match_the_kind_of_resource(catalog: Catalog) -> None:
    svc = "single-variable-calculus"
    assert _resource(catalog, "oct-calculus-35min").teaches_depth(svc) == Depth.OVERVIEW
    assert _resource(catalog, "3b1b-essence-calculus").teaches_depth(svc) == Depth.OVERVIEW
    assert _resource(catalog, "khan-calculus-1").teaches_depth(svc) == Depth.WORKING
    assert _resource(catalog, "mit-18.01sc").teaches_depth(svc) == Depth.THOROUGH
    assert _resource(catalog, "mit-18.06sc").teaches_depth("linear-algebra") == Depth.THOROUGH


# --- goals ----------------------------------------------------------------------------------


def _topic_closure(catalog: Catalog, needs: Iterable[TopicNeed]) -> set[tuple[str, Depth]]:
    """Needs plus every hard topic prerequisite at its edge depth; broad topics expand."""
    found: set[tuple[str, Depth]] = set()
    stack = [(n.topic, n.depth) for n in needs]
    while stack:
        topic_id, depth = stack.pop()
        if (topic_id, depth) in found:
            continue
        found.add((topic_id, depth))
        for child in catalog.children_of.get(topic_id, []):
            stack.append((child, depth))
        for edge in catalog.topic_by_id[topic_id].requires:
            stack.append((edge.topic, edge.depth))
    return found


def _unreachable(catalog: Catalog, targets: list[TopicNeed], assumes: list[str]) -> set[str]:
    """What a goal needs that no usable resource teaches deeply enough.

    Known knowledge starts with the assumed topics; a resource becomes usable once the closure of
    its requirements is known, and then what it teaches is known (it never meets its own needs).
    Repeat until nothing changes, then check the closure of the targets.
    """
    assumed = {t for topic_id in assumes for t in catalog.topic_and_descendants(topic_id)}
    best: dict[str, int] = {}

    def covered(topic_id: str, depth: Depth) -> bool:
        # a broad topic is covered when the topics below it are: the closure holds them too
        return (
            topic_id in assumed
            or topic_id in catalog.children_of
            or best.get(topic_id, 0) >= depth.rank
        )

    usable: set[str] = set()
    changed = True
    while changed:
        changed = False
        for resource in catalog.resources:
            if resource.id in usable:
                continue
            if all(covered(t, d) for t, d in _topic_closure(catalog, resource.requires)):
                usable.add(resource.id)
                changed = True
                for need in resource.teaches:
                    best[need.topic] = max(best.get(need.topic, 0), need.depth.rank)
    needed = _topic_closure(catalog, targets)
    return {f"{t}@{d}" for t, d in needed if not covered(t, d) and t not in catalog.children_of}


def test_goals_exist_with_names_and_assume_precalculus(catalog: Catalog) -> None:
    assert sorted(catalog.goal_by_id) == sorted(GOAL_IDS)
    for goal in catalog.goals:
        assert goal.names.get("zh")
        assert goal.assumes == ["precalculus"]
    assert catalog.goal_by_id["deep-learning"].targets[0].depth == Depth.WORKING
    assert catalog.goal_by_id["deep-learning-specialization"].targets[0].depth == Depth.THOROUGH


@pytest.mark.parametrize("goal_id", GOAL_IDS)
def test_every_goal_is_reachable(catalog: Catalog, goal_id: str) -> None:
    goal = catalog.goal_by_id[goal_id]
    assert _unreachable(catalog, list(goal.targets), list(goal.assumes)) == set()


def test_reachability_helper_notices_a_missing_teacher(catalog: Catalog) -> None:
    # Without assuming precalculus, nothing in the catalog can start a path.
    goal = catalog.goal_by_id["linear-algebra"]
    assert "precalculus@overview" in _unreachable(catalog, list(goal.targets), [])


def test_every_required_topic_is_taught_somewhere(catalog: Catalog) -> None:
    deepest: dict[str, int] = {}
    for resource in catalog.resources:
        for need in resource.teaches:
            deepest[need.topic] = max(deepest.get(need.topic, 0), need.depth.rank)
    for resource in catalog.resources:
        for need in resource.requires:
            if need.topic == "precalculus":
                continue
            for topic in catalog.topic_and_descendants(need.topic):
                if topic not in catalog.children_of:
                    assert deepest.get(topic, 0) >= need.depth.rank, (resource.id, topic)
