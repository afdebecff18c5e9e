"""The catalog as the planner sees it: every resource as a whole, and each part on its own.

A part becomes a *unit*: a resource-shaped entry with the unit id ``RESOURCE:PART``, the part's
title, hours, URL, teaches, requires, languages and translations (the resource's where the part
gives none) and everything else (format, level, cost) from its resource. Units of a part follow
their resource in catalog order, in the order the resource lists its parts, so catalog order is
still the tie-break everywhere. A catalog without parts is planned as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from mathpath.catalog.models import Catalog, Part, Resource
from mathpath.catalog.parts import split_unit, unit_id


@dataclass(frozen=True, slots=True)
class Units:
    """A catalog expanded into units, and where each part unit comes from."""

    catalog: Catalog  # the planning catalog (the original one when nothing has parts)
    source: Catalog  # the catalog the learner gave
    parts: dict[str, tuple[Resource, Part]]  # unit id of a part -> its resource and part

    def owner(self, unit: str) -> str:
        """The resource id of a unit."""
        return split_unit(unit)[0] if unit in self.parts else unit

    def part_of(self, unit: str) -> Part | None:
        found = self.parts.get(unit)
        return found[1] if found is not None else None

    def units_of(self, resource_id: str) -> list[str]:
        """The whole and every part of a resource, as unit ids."""
        resource = self.source.resource_by_id[resource_id]
        return [resource_id, *(unit_id(resource_id, part.id) for part in resource.parts)]


def units_of(catalog: Catalog) -> Units:
    """One expansion per catalog object, kept with it (catalogs are frozen, so it never goes
    stale)."""
    found = catalog.derived.get(__name__)
    if not isinstance(found, Units) or found.source is not catalog:  # not a model_copy's
        found = catalog.derived[__name__] = _expand(catalog)
    return found


def _expand(catalog: Catalog) -> Units:
    if not any(resource.parts for resource in catalog.resources):
        return Units(catalog, catalog, {})
    resources: list[Resource] = []
    parts: dict[str, tuple[Resource, Part]] = {}
    for resource in catalog.resources:
        resources.append(resource)
        for part in resource.parts:
            unit = part_unit(resource, part)
            resources.append(unit)
            parts[unit.id] = (resource, part)
    expanded = Catalog.model_construct(
        version=catalog.version,
        name=catalog.name,
        topics=catalog.topics,
        resources=resources,
        goals=catalog.goals,
    )
    return Units(expanded, catalog, parts)


def part_unit(resource: Resource, part: Part) -> Resource:
    """The resource-shaped unit of one part (built without validation: both are validated)."""
    fields = {name: getattr(resource, name) for name in Resource.model_fields}
    titles = {lang: f"{title}: {part.title_in(lang)}" for lang, title in resource.titles.items()}
    fields.update(
        id=unit_id(resource.id, part.id),
        title=f"{resource.title}: {part.title}",
        titles=titles,
        hours=part.hours,
        hours_basis=part.hours_basis,
        url=part.url or resource.url,
        teaches=part.teaches if part.teaches is not None else resource.teaches,
        requires=part.requires if part.requires is not None else resource.requires,
        languages=part.languages if part.languages is not None else resource.languages,
        translations=(
            part.translations if part.translations is not None else resource.translations
        ),
        parts=[],
        note=part.note,
    )
    return Resource.model_construct(**fields)
