"""What catalog text may contain, and how words are compared.

Catalog text ends up in terminals, markdown, calendars, Mermaid and DOT. Each exporter escapes
what its format reads as markup, but no format has a safe way to carry a terminal escape
sequence, a NUL or a right-to-left override, so the catalog refuses them once, on loading:

* **one-line text** (names, titles, providers, authors, aliases, editions): no control
  characters at all (C0, DEL, C1; a tab or newline too), no line or paragraph separators, and no
  bidirectional embeddings, overrides or isolates, which make text display in an order other than
  the one it is stored in (the zero-width direction marks LRM, RLM and ALM, which mixed Arabic or
  Hebrew text needs, are allowed);
* **prose** (descriptions, notes, how the hours were derived, sources): the same, except that
  tabs and line breaks, ordinary whitespace, are allowed.

The rules are regular expressions so that pydantic checks them in its own (compiled) code while
validating, and ``mathpath schema`` shows them; ``forbidden_character`` names the culprit for the
error message.

Words that find things (ids, aliases, names) are compared by ``word_key``: Unicode NFC
normalisation and case folding, so ``café`` typed as one code point or as ``e`` plus a combining
accent is the same word.
"""

from __future__ import annotations

import re
import unicodedata

from mathpath.i18n import _

# Bidirectional embeddings, overrides and isolates: LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI.
_BIDI = r"\u202a-\u202e\u2066-\u2069"
# C0 without tab, newline and carriage return; DEL and C1; the Unicode line separators.
_CONTROL_BUT_WHITESPACE = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029"
_ONE_LINE_CLASS = rf"\u0000-\u001f\u007f-\u009f\u2028\u2029{_BIDI}"
_PROSE_CLASS = _CONTROL_BUT_WHITESPACE + _BIDI

# `\uXXXX` escapes mean the same to Python's re, Rust's regex (pydantic) and JSON Schema.
ONE_LINE_PATTERN = rf"^[^{_ONE_LINE_CLASS}]*$"
PROSE_PATTERN = rf"^[^{_PROSE_CLASS}]*$"
TEXT_PATTERNS = frozenset({ONE_LINE_PATTERN, PROSE_PATTERN})

_ONE_LINE_BAD = re.compile(rf"[{_ONE_LINE_CLASS}]")
_PROSE_BAD = re.compile(rf"[{_PROSE_CLASS}]")

_NAMES = {
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x00": "NUL",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


def describe_character(char: str) -> str:
    """``U+001B (ESCAPE)``: a character named so that it can be found in the file."""
    name = _NAMES.get(char) or unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} ({name})" if name else _("{code} (a control character)").format(code=code)


def forbidden_character(text: str, *, one_line: bool) -> tuple[int, str] | None:
    """The first character ``text`` may not contain, with its 1-based position, or None."""
    match = (_ONE_LINE_BAD if one_line else _PROSE_BAD).search(text)
    return (match.start() + 1, match.group()) if match else None


def text_problem(text: str, pattern: str) -> str | None:
    """The message for ``text`` failing ``ONE_LINE_PATTERN`` or ``PROSE_PATTERN``."""
    found = forbidden_character(text, one_line=pattern == ONE_LINE_PATTERN)
    if found is None:
        return None
    position, char = found
    if pattern == ONE_LINE_PATTERN:
        message = _(
            "contains {character} at character {position}: names, titles and other one-line "
            "text allow no control characters"
        )
    else:
        message = _(
            "contains {character} at character {position}: text allows tabs and line breaks "
            "but no other control characters"
        )
    return message.format(character=describe_character(char), position=position)


_LINE_BREAKS = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")


def text_hint(text: str, pattern: str) -> str:
    """What to do about the character ``text_problem`` names."""
    found = forbidden_character(text, one_line=pattern == ONE_LINE_PATTERN)
    if found is not None and found[1] in _LINE_BREAKS and pattern == ONE_LINE_PATTERN:
        return _("write it on one line (descriptions and notes may have line breaks)")
    return _("remove it: terminal escapes, NUL and direction overrides do not belong in a catalog")


def visible(text: str, *, one_line: bool = True) -> str:
    """``text`` with every character it may not contain replaced by U+FFFD (tabs and line
    breaks are kept unless ``one_line``).

    For the exporters, whose formats have no way to carry them: a valid catalog has none, but a
    ``Catalog`` built by a library caller (``model_construct``) is not necessarily validated.
    """
    return (_ONE_LINE_BAD if one_line else _PROSE_BAD).sub("\ufffd", text)


def word_key(word: str) -> str:
    """How words are compared: NFC-normalised and case-folded (then normalised again, as
    folding can undo normalisation)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", word).casefold())
