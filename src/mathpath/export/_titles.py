"""A plan item's title with its parts, linked: the one layout of the markdown export and the plan
page, each writing a link its own way."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mathpath.catalog.language import item_support, marks_editions
from mathpath.i18n import _

if TYPE_CHECKING:
    from mathpath.planning.plans import PlanItem

Link = Callable[[str, "str | None"], str]  # (text, url) -> the text linked, or plain for None


def linked_title(item: PlanItem, lang: str | None, link: Link) -> str:
    """While no planned part has a page of its own the whole title links to the resource;
    otherwise the resource's title links to the resource and each part with a ``url`` to that
    page ("Calculus: Chapters 11-16", each piece linked).

    In a language whose edition of the item is elsewhere (``lang`` = ``zh``: Bilibili,
    zh.khanacademy.org, zh.d2l.ai...) the title links to that edition, and the original follows
    ("看见统计 (original)")."""
    resource = item.resource
    if marks_editions(lang):
        edition = item_support(resource, lang, item.parts).localised_url
        if edition is not None:
            single = item.parts[0].url if len(item.parts) == 1 else None
            original = link(_("original"), single or resource.url)
            return f"{link(item.title_in(lang), edition)} ({original})"
    if not any(part.url for part in item.parts):
        return link(item.title_in(lang), resource.url)
    parts = "; ".join(link(part.title_in(lang), part.url) for part in item.parts)
    return f"{link(resource.title_in(lang), resource.url)}: {parts}"
