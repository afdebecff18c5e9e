"""Which resources a request may choose: the per-catalog column the planner reads when the
request filters nothing says what ``filter_reason`` says, resource by resource."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from tests.support.build import resource
from tests.support.gen import catalogs

from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog, Level
from mathpath.planning.candidates import filter_reason, filters_nothing
from mathpath.planning.knowledge import TopicIndex, plain_choice
from mathpath.planning.plans import Preferences


def _agree(catalog: Catalog) -> None:
    columns = TopicIndex(catalog).columns()
    for position, found in enumerate(catalog.resources):
        admitted = filter_reason(found, Preferences(), set()) is None
        assert plain_choice(found) == admitted == columns.plain[position], found.id


def test_the_plain_column_is_filter_reason_for_a_request_that_filters_nothing() -> None:
    assert filters_nothing(Preferences(), set())
    _agree(load_catalog())
    topics = [{"id": "a", "name": "A"}]
    resources = [
        resource("en", ["a"]),
        resource("zh-only", ["a"], languages=["zh"]),
        resource("extra", ["a"], role="further-reading"),
    ]
    small = Catalog.model_validate({"topics": topics, "resources": resources, "goals": []})
    _agree(small)
    assert TopicIndex(small).columns().plain == [True, False, False]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs())
def test_the_plain_column_agrees_on_generated_catalogs(catalog: Catalog) -> None:
    _agree(catalog)


def test_every_filter_leaves_the_plain_rule() -> None:
    for prefs, done in [
        (Preferences(free_only=True), set()),
        (Preferences(max_level=Level.INTRO), set()),
        (Preferences(lang="zh"), set()),
        (Preferences(require_lang="zh"), set()),
        (Preferences(exclude=("x",)), set()),
        (Preferences(include=("x",)), set()),
        (Preferences(), {"x"}),
    ]:
        assert not filters_nothing(prefs, done)
