"""What a resource (or one part of it) offers a learner in a language, and where that is.

The catalog says it in two fields: ``languages`` (what the material itself is in) and
``translations`` (subtitles, translated texts, notes in another language, each with the URL of
that edition where known). A part may say its own (``Part.languages``, ``Part.translations``):
the Chinese edition of Dive into Deep Learning has no maths appendix, so that part of the English
book has ``translations: []``. Everything that shows a resource in a language (plans, exports,
views) asks this module, so that a resource with no material in the language is never shown as
if it had some: its translated title goes with the mark ``none`` ("English only").

Support kinds, best first: ``native`` (the material is in the language), ``translation`` (a
translated text or dubbed video), ``subtitles``, ``notes`` (notes or translated notebooks beside
material in another language), ``none``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeGuard

from mathpath.catalog.models import Part, Resource, Translation
from mathpath.i18n import N_, gettext


class Support(StrEnum):
    """What a learner gets in a language, best first (``rank`` 4 .. 0)."""

    NATIVE = "native"
    TRANSLATION = "translation"
    SUBTITLES = "subtitles"
    NOTES = "notes"
    NONE = "none"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {
    Support.NATIVE: 4,
    Support.TRANSLATION: 3,
    Support.SUBTITLES: 2,
    Support.NOTES: 1,
    Support.NONE: 0,
}

# How the marks read: "{language}" is the language's name (Chinese: 原生中文, 中文译本, 中文字幕,
# 中文笔记; a resource with nothing in Chinese: 仅英文).
_LABELS = {
    Support.NATIVE: N_("original in {language}"),
    Support.TRANSLATION: N_("{language} translation"),
    Support.SUBTITLES: N_("{language} subtitles"),
    Support.NOTES: N_("{language} notes"),
}
_ENGLISH_ONLY = N_("English only")
_NOT_IN = N_("not in {language}")
LANGUAGE_NAMES = {"zh": N_("Chinese"), "en": N_("English")}


def language_name(lang: str) -> str:
    """``zh`` -> ``Chinese`` (中文 in a Chinese interface); a code without a name stays a code."""
    base = lang.split("-")[0]
    return gettext(LANGUAGE_NAMES[base]) if base in LANGUAGE_NAMES else lang


def languages_of(resource: Resource, part: Part | None = None) -> list[str]:
    """The languages the material is in: the part's own, else its resource's."""
    if part is not None and part.languages is not None:
        return part.languages
    return resource.languages


def translations_of(resource: Resource, part: Part | None = None) -> list[Translation]:
    """Its material in other languages: the part's own list, else its resource's."""
    if part is not None and part.translations is not None:
        return part.translations
    return resource.translations


def _matches(code: str, lang: str) -> bool:
    # ``--lang zh-cn`` asks for what the catalog calls ``zh`` (and ``zh`` for ``zh-Hans``).
    code, lang = code.lower(), lang.lower()
    return code == lang or code.split("-")[0] == lang.split("-")[0]


def has_material(resource: Resource, lang: str, part: Part | None = None) -> bool:
    """Whether the resource (or the part) has material in ``lang``: the original, subtitles, a
    translation or notes (what ``--require-lang`` keeps and ``--lang`` favours). The whole of a
    resource includes each of its parts, so it has material in ``lang`` only if each part has:
    the English Dive into Deep Learning has a Chinese edition, but not of its maths appendix."""
    if not _in(resource, lang, part):
        return False
    return part is not None or all(_in(resource, lang, each) for each in resource.parts)


def _in(resource: Resource, lang: str, part: Part | None) -> bool:
    return any(_matches(code, lang) for code in languages_of(resource, part)) or any(
        _matches(t.lang, lang) for t in translations_of(resource, part)
    )


@dataclass(frozen=True, slots=True)
class LanguageSupport:
    """What a resource or part offers in ``lang``: the best ``kind``, the ``url`` of that
    edition (the original's when it is native; None when the catalog knows no address of it),
    whether the edition is ``official``, and the ``original_url`` kept beside it."""

    lang: str
    kind: Support
    url: str | None
    original_url: str
    official: bool
    english_original: bool  # the material itself is in English (what "none" says)

    @property
    def has_material(self) -> bool:
        return self.kind is not Support.NONE

    @property
    def localised_url(self) -> str | None:
        """The edition in the language when it is somewhere else than the original."""
        return self.url if self.url is not None and self.url != self.original_url else None

    @property
    def label(self) -> str:
        """The mark shown beside the item, in the interface language: ``Chinese subtitles``
        (中文字幕), ``English only`` (仅英文)..."""
        if self.kind is Support.NONE:
            if self.english_original:
                return gettext(_ENGLISH_ONLY)
            return gettext(_NOT_IN).format(language=language_name(self.lang))
        return gettext(_LABELS[self.kind]).format(language=language_name(self.lang))


def language_support(resource: Resource, lang: str, part: Part | None = None) -> LanguageSupport:
    """The best support ``resource`` (or ``part``) has in ``lang``. Among translations of the
    same kind the official one wins, then the one with a URL, then catalog order."""
    original = (part.url if part is not None and part.url else None) or resource.url
    english = any(_matches(code, "en") for code in languages_of(resource, part))
    if any(_matches(code, lang) for code in languages_of(resource, part)):
        return LanguageSupport(lang, Support.NATIVE, original, original, True, english)
    best: tuple[int, bool, bool] | None = None
    chosen: Translation | None = None
    for translation in translations_of(resource, part):
        if not _matches(translation.lang, lang):
            continue
        key = (Support(translation.kind).rank, translation.official, translation.url is not None)
        if best is None or key > best:
            best, chosen = key, translation
    if chosen is None:
        return LanguageSupport(lang, Support.NONE, None, original, False, english)
    return LanguageSupport(
        lang, Support(chosen.kind), chosen.url, original, chosen.official, english
    )


def item_support(resource: Resource, lang: str, parts: tuple[Part, ...] = ()) -> LanguageSupport:
    """The support of a plan item: the resource's, or, for some of its parts, the weakest of
    theirs (a mark never claims more than every planned part has), with the URL of the first
    planned part that has the edition in ``lang``."""
    if not parts:
        return language_support(resource, lang)
    each = [language_support(resource, lang, part) for part in parts]
    weakest = min(each, key=lambda s: s.kind.rank)
    url = next((s.url for s in each if s.url is not None and s.has_material), None)
    original = resource.url
    return LanguageSupport(
        lang,
        weakest.kind,
        url if weakest.has_material else None,
        original,
        weakest.official,
        weakest.english_original,
    )


def marks_editions(lang: str | None) -> TypeGuard[str]:
    """Whether a view in ``lang`` links and marks each item's edition in it: any language but
    English, which the catalog's originals are in (an English view links the originals)."""
    return bool(lang) and not str(lang).lower().startswith("en")


def marked_title(title: str, support: LanguageSupport) -> str:
    """A title with the mark of what it has in the language, for a title in that language whose
    resource has no material in it: ``微积分简明版（仅英文）``. Titles of resources that do have
    material in the language are returned as they are."""
    if support.has_material:
        return title
    return gettext("{title} ({mark})").format(title=title, mark=support.label)


def shown_title(resource: Resource, lang: str | None) -> str:
    """The resource's title as a view shows it in ``lang``: its title there, marked when the
    material has nothing in that language (``35 分钟看懂微积分（仅英文）``); the original
    title without a language."""
    title = resource.title_in(lang)
    if lang is None or title == resource.title:
        return title
    return marked_title(title, language_support(resource, lang))


__all__ = [
    "LANGUAGE_NAMES",
    "LanguageSupport",
    "Support",
    "has_material",
    "item_support",
    "language_name",
    "language_support",
    "languages_of",
    "marked_title",
    "shown_title",
    "translations_of",
]
