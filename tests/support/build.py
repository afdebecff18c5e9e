"""Small building blocks for inline test catalogs."""

from __future__ import annotations

from typing import Any


def resource(rid: str, teaches: list[str], hours: float = 10, **extra: Any) -> dict[str, Any]:
    """A valid resource entry teaching ``teaches``; ``extra`` adds or overrides fields."""
    data: dict[str, Any] = {
        "id": rid,
        "title": rid.replace("-", " ").title(),
        "provider": "Test",
        "url": f"https://example.org/{rid}",
        "format": "course",
        "hours": hours,
        "level": "intro",
        "free": True,
        "teaches": teaches,
    }
    data.update(extra)
    return data
