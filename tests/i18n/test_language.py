"""Which interface language a command speaks, and the words that follow it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from mathpath import i18n


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.use("en")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh-cn"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh-tw"),
        ({"LC_MESSAGES": "de_DE", "LANG": "zh_CN.UTF-8"}, "de-de"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LC_ALL": "POSIX"}, None),
        ({}, None),
    ],
)
def test_the_environment_is_read_as_gettext_reads_it(
    environ: dict[str, str], expected: str | None
) -> None:
    assert i18n.from_environment(environ) == expected


def test_the_option_wins_then_the_profile_then_the_environment() -> None:
    chinese = {"LANG": "zh_CN.UTF-8"}
    assert i18n.choose("en", "zh", chinese) == i18n.Choice("en", "option", "en")
    assert i18n.choose(None, "zh", {"LANG": "en_US.UTF-8"}).code == "zh"
    assert i18n.choose(None, None, chinese) == i18n.Choice("zh", "environment", "zh-cn")
    assert i18n.choose(None, None, {}) == i18n.Choice("en", "default")


def test_traditional_chinese_falls_back_to_simplified() -> None:
    assert i18n.choose(None, None, {"LANG": "zh_TW.UTF-8"}).code == "zh"
    assert i18n.interface_language("zh-Hant-TW") == "zh"


def test_a_language_with_no_interface_is_said_once_and_english_used() -> None:
    choice = i18n.choose("fr", None, {})
    assert choice.code == "en"
    assert choice.note is not None
    assert "'fr'" in choice.note
    assert i18n.choose("en-GB", None, {}).note is None
    assert i18n.choose(None, None, {"LANG": "C"}).note is None


def test_chinese_translates_and_english_is_the_code_itself() -> None:
    assert i18n.use("zh") == "zh"
    assert i18n.gettext("Study order") == "学习顺序"
    assert i18n.use("en") == "en"
    assert i18n.gettext("Study order") == "Study order"


def test_an_unknown_message_is_shown_as_written() -> None:
    i18n.use("zh")
    assert i18n.gettext("no such message, never translated") == "no such message, never translated"


def test_dates_weekdays_and_lists_read_as_the_language_writes_them() -> None:
    day = date(2026, 12, 1)
    assert (i18n.date_text(day), i18n.weekday_name(day), i18n.listing(["a", "b"])) == (
        "2026-12-01",
        "Tue",
        "a, b",
    )
    i18n.use("zh")
    assert (i18n.date_text(day), i18n.weekday_name(day), i18n.listing(["a", "b"])) == (
        "2026年12月1日",
        "周二",
        "a、b",
    )


def test_the_pseudo_locale_marks_every_translated_string() -> None:
    i18n.use("qps")
    assert i18n.gettext("Goal") == "⟦Goal⟧"
    assert i18n.ngettext("{n} week", "{n} weeks", 2) == "{n}⟦ weeks⟧"
    assert i18n.gettext("error: {message}").format(message="left") == "⟦error: ⟧left"
