"""The interface language: gettext message catalogs, chosen once per command.

Every string a user reads is written in English in the code and wrapped: ``_("...")`` for a
sentence, ``ngettext(singular, plural, n)`` where a count decides, ``N_("...")`` to mark a
string that is translated later (help texts, tables of labels). The translations live in
``locale/<lang>/LC_MESSAGES/mathpath.po`` and ship compiled (``.mo``) in the wheel; ``tools/
i18n.py`` extracts, updates and compiles them with Babel.

The language is a setting of the whole process, as gettext's own ``install`` is: the command
line decides it once (``--lang``, then the profile's ``lang``, then ``LC_ALL``/``LC_MESSAGES``/
``LANG``) through :func:`use`, before anything is shown. Library callers who never call it get
English. Machine output (JSON keys, ids, option names, exit codes) is never translated.

This package imports nothing of mathpath's: every layer may use it.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "N_",
    "Choice",
    "choose",
    "current",
    "from_environment",
    "gettext",
    "is_chinese",
    "ngettext",
    "use",
]

DOMAIN = "mathpath"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The interface languages shipped, by the code used everywhere else in mathpath (--lang, the
# profile, the catalog's languages) -> gettext's folder name.
LANGUAGES: Mapping[str, str] = {"en": "en", "zh": "zh_CN"}
PSEUDO = "qps"  # pseudo-localisation: every translated string wrapped in ⟦...⟧ (tests)


class _Pseudo(_gettext.NullTranslations):
    """Marks every string that went through gettext, so a test can find what did not: each
    literal piece of a message is wrapped and its ``{placeholders}`` left outside, so that what
    is put into them (another message, or English that never went through gettext) shows as it
    is: ``_("error: {message}")`` -> ``⟦error: ⟧{message}``."""

    def gettext(self, message: str) -> str:
        return _PLACEHOLDER_OR_TEXT.sub(_mark, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


_PLACEHOLDER_OR_TEXT = re.compile(r"(\{[^{}]*\})|([^{}]+)")


def _mark(match: re.Match[str]) -> str:
    placeholder, text = match.groups()
    if placeholder is not None or not any(c.isalpha() for c in text):
        return match.group(0)
    return f"⟦{text}⟧"


_active: _gettext.NullTranslations = _gettext.NullTranslations()
_code = "en"


def gettext(message: str) -> str:
    """The message in the interface language (English when it has no translation)."""
    return _active.gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the interface language."""
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (translate with ``_`` later)."""
    return message


# --- dates and lists, as each language writes them ----------------------------------------------

WEEKDAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# The days as the schedule's summary lists them (``mon-fri``), the words of ``--days``.
DAY_WORDS = (N_("mon"), N_("tue"), N_("wed"), N_("thu"), N_("fri"), N_("sat"), N_("sun"))


def day_word(weekday: int) -> str:
    """``mon`` / ``周一`` for ``date.weekday()`` 0."""
    return gettext(DAY_WORDS[weekday])


def date_text(day: date) -> str:
    """A date in a view: ISO in English (what ``--start`` and ``--deadline`` take), 2026年12月1日
    in Chinese. Machine output (JSON, file names) always uses ``isoformat()``."""
    if _code == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def weekday_name(day: date) -> str:
    """``Tue`` / ``周二``."""
    return gettext(WEEKDAY_NAMES[day.weekday()])


def date_range(first: date, last: date) -> str:
    """``2026-12-01 to 2027-01-12`` / ``2026年12月1日至2027年1月12日``."""
    return gettext("{first} to {last}").format(first=date_text(first), last=date_text(last))


def listing(items: Iterable[str]) -> str:
    """Items joined as the language lists them: ``a, b, c`` / ``a、b、c``."""
    return ("、" if _code == "zh" else ", ").join(items)


def content_language(preferred: str | None) -> str | None:
    """The language of titles, names and links in a view or export: the one asked for
    (``--lang``, the profile), else Chinese when the interface is Chinese, else the originals'."""
    if preferred:
        return preferred
    return "zh" if _code == "zh" else None


def current() -> str:
    """The interface language in use: ``en``, ``zh`` (or the pseudo-locale in tests)."""
    return _code


def is_chinese() -> bool:
    return _code == "zh"


def use(code: str | None) -> str:
    """Switch the interface to ``code`` (a language code such as ``zh``, ``zh-cn``, ``en``).

    Returns the language actually used: the shipped language ``code`` names, else English.
    """
    global _active, _code
    base = interface_language(code)
    if base == PSEUDO:
        _active, _code = _Pseudo(), PSEUDO
    elif base == "en":
        _active, _code = _gettext.NullTranslations(), "en"
    else:
        _active = _gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[LANGUAGES[base]], fallback=True
        )
        _code = base
    return _code


def interface_language(code: str | None) -> str:
    """The shipped interface language for a language code: ``zh-TW`` -> ``zh``, ``fr`` -> ``en``."""
    if not code:
        return "en"
    base = code.strip().lower().replace("_", "-").split(".")[0].split("@")[0].split("-")[0]
    if base == PSEUDO:
        return PSEUDO
    return base if base in LANGUAGES else "en"


def from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the environment asks for, as gettext reads it: the first of ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` that is set (``zh_CN.UTF-8`` -> ``zh-cn``); ``C`` and
    ``POSIX`` ask for none."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            tag = value.split(".")[0].split("@")[0]
            if tag in ("C", "POSIX"):
                return None
            return tag.replace("_", "-").lower()
    return None


@dataclass(frozen=True, slots=True)
class Choice:
    """The interface language decided for a command, where it came from, and a note to show
    when the language asked for is not one mathpath speaks (shown once, in English)."""

    code: str
    source: str  # "option", "profile", "environment" or "default"
    asked: str | None = None

    @property
    def note(self) -> str | None:
        if self.asked is None or interface_language(self.asked) != "en":
            return None
        if self.asked.split("-")[0] in ("en", "c", "posix"):
            return None
        return (
            f"note: mathpath has no interface in {self.asked!r}; showing English "
            f"(interface languages: {', '.join(sorted(LANGUAGES))})"
        )


def choose(
    option: str | None, profile: str | None, environ: Mapping[str, str] | None = None
) -> Choice:
    """The interface language: ``--lang``, then the profile's ``lang``, then the environment."""
    for source, asked in (
        ("option", option),
        ("profile", profile),
        ("environment", from_environment(environ)),
    ):
        if asked:
            return Choice(interface_language(asked), source, asked)
    return Choice("en", "default")
