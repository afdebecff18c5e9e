"""Pseudo-localisation: run commands with every translated string wrapped in ⟦...⟧ and find the
English that did not go through gettext.

What may stay unwrapped: the catalog's own data (titles, names, providers, descriptions, ids,
URLs), numbers, dates, option names and ids the user typed. Everything else a user reads is a
message and must be marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from mathpath.catalog import load_catalog

WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
WORD = re.compile(r"[A-Za-z][A-Za-z'_]{2,}")  # hours_per_week is one word (a profile key)
URL = re.compile(r"\S+://\S+|\S+\.(?:yaml|json|ics|md|html|dot|mmd)\b")
OPTION = re.compile(r"(?<![\w-])--?[a-z][a-z0-9-]*")
QUOTED = re.compile(r"'[^'\n]*'")  # what the user typed, quoted back in an error
ID = re.compile(r"\b[a-z0-9]+(?:[-.:@][a-z0-9]+)+\b")


@cache
def catalog_words() -> frozenset[str]:
    """The words of the bundled catalog's names: shown as data, not as messages. (Prose such
    as descriptions is left out: it would hide common English words; a test of a view that
    shows prose allows that prose itself.)"""
    catalog = load_catalog()
    texts: list[str] = []
    for resource in catalog.resources:
        texts += [resource.id, resource.title, resource.provider, *resource.authors]
        texts += [resource.edition or "", resource.format.value, resource.level.value]
        texts += [resource.role.value]
        for part in resource.parts:
            texts += [part.id, part.title]
        for edition in resource.editions:
            texts += [edition.label]
    for topic in catalog.topics:
        texts += [topic.id, topic.name, *topic.aliases]
        for check in topic.checks:
            texts += [check.ask, check.answer]
    for goal in catalog.goals:
        texts += [goal.id, goal.name]
    return frozenset(w.lower() for text in texts for w in WORD.findall(str(text)))


@cache
def catalog_prose() -> frozenset[str]:
    """The words of the descriptions of goals and topics and of the notes on topics'
    prerequisites (what `goals` and `topics` show)."""
    catalog = load_catalog()
    texts = [t.description or "" for t in catalog.topics]
    texts += [g.description or "" for g in catalog.goals]
    texts += [need.note or "" for t in catalog.topics for need in (*t.requires, *t.recommends)]
    return frozenset(w.lower() for text in texts for w in WORD.findall(text))


def english_left(output: str, allowed: Iterable[str] = ()) -> list[str]:
    """The words of ``output`` outside ⟦...⟧ that are not data, ids, URLs or options."""
    text = output
    while WRAPPED.search(text):
        text = WRAPPED.sub(" ", text)
    text = URL.sub(" ", text)
    text = QUOTED.sub(" ", text)
    text = ID.sub(" ", text)
    text = OPTION.sub(" ", text)
    known = catalog_words() | {w.lower() for w in allowed}
    # ALL-CAPS words are metavars (GOAL, HOURS) and names of formats: not prose.
    return sorted({w for w in WORD.findall(text) if w.lower() not in known and not w.isupper()})
