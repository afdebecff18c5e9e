"""Turn a real curriculum (tests/fixtures/curricula/*.json) into a mathpath catalog.

Each node becomes a topic (hard ``requires`` as in the source) and one resource that teaches it at
``working``. Bad data is kept as it is, so that the validator meets the real thing: dangling
references and self-references stay. ``requires_one_of`` groups (one of several) and co-requisites
are not hard edges; co-requisites can be made soft ``recommends`` on request.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

CURRICULA = Path(__file__).parents[1] / "fixtures" / "curricula"
_NOT_ID = re.compile(r"[^a-z0-9._+-]+")


def load_curriculum(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CURRICULA / name).read_text(encoding="utf-8"))
    return data


def to_id(raw: str) -> str:
    """A mathpath id: lower case, other characters as '-', starting with a letter or digit."""
    text = _NOT_ID.sub("-", raw.strip().lower()).strip("-")
    if not text or not text[0].isalnum():
        text = "x" + text
    return text


def _requirements(node: dict[str, Any], raw_tags: bool, resource_edges: bool) -> list[str]:
    if raw_tags:
        # The dependency tags exactly as their authors wrote them (Metacademy: "feed-forward-...").
        raw = node.get("requires_raw") or ""
        found = [tag.strip() for tag in raw.split(",") if tag.strip()]
    else:
        found = [*(node.get("requires") or []), *(node.get("requires_dangling") or [])]
    if resource_edges:
        # Metacademy: dependencies that hold only for one textbook; as edges they close cycles.
        found += node.get("resource_extra_requires") or []
    return list(dict.fromkeys(found))


def curriculum_catalog(
    data: dict[str, Any],
    *,
    raw_tags: bool = False,
    coreq_as_recommends: bool = False,
    resource_edges: bool = False,
) -> dict[str, Any]:
    """The catalog as plain data (see ``curriculum_yaml`` for the text).

    ``raw_tags``: requirements as written (``requires_raw``) rather than as normalised by the
    converter that made the JSON; ``coreq_as_recommends``: co-requisites become soft
    ``recommends``; ``resource_edges``: Metacademy's per-resource dependencies become hard edges.
    """
    topics: list[dict[str, Any]] = []
    resources: list[dict[str, Any]] = []
    for node in data["nodes"]:
        node_id = to_id(node["id"])
        topic: dict[str, Any] = {"id": node_id, "name": node.get("title") or node["id"]}
        requires = [to_id(r) for r in _requirements(node, raw_tags, resource_edges)]
        if requires:
            topic["requires"] = requires
        if coreq_as_recommends and node.get("coreq"):
            topic["recommends"] = [to_id(c) for c in node["coreq"]]
        topics.append(topic)
        url = node.get("url") or ""
        hours = node.get("hours")
        resources.append(
            {
                "id": node_id,
                "title": node.get("title") or node["id"],
                "provider": data.get("dataset") or "curriculum",
                "url": url
                if url.startswith(("http://", "https://"))
                else f"https://example.org/{node_id}",
                "format": "course",
                "hours": float(hours) if hours is not None else 1.0,
                "hours_estimated": hours is None,
                "level": "intro",
                "free": True,
                "teaches": [f"{node_id}@working"],
            }
        )
    return {"version": 1, "name": data.get("dataset"), "topics": topics, "resources": resources}


def curriculum_yaml(data: dict[str, Any], **options: bool) -> str:
    """A mathpath catalog in YAML, headed by the source's attribution (options as above)."""
    catalog = curriculum_catalog(data, **options)
    header = f"# Converted from {data.get('source')}\n# Licence: {data.get('license')}\n"
    body = yaml.safe_dump(catalog, sort_keys=False, allow_unicode=True, width=1000)
    return header + body
