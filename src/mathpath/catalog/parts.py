"""Parts of resources as planning units, and the one way to name one: ``resource:part``.

The planner chooses among *units*: every resource as a whole, and each of its parts on its own.
A part's unit id is ``RESOURCE:PART`` (``strang-calculus:ch13``); a colon can appear in no
catalog id, so a unit id is never mistaken for a resource id.
"""

from __future__ import annotations

from mathpath.catalog.models import Catalog, Part, Resource
from mathpath.catalog.validate import did_you_mean
from mathpath.errors import UsageError
from mathpath.i18n import _, listing

SEPARATOR = ":"


def unit_id(resource_id: str, part_id: str | None) -> str:
    return resource_id if part_id is None else f"{resource_id}{SEPARATOR}{part_id}"


def split_unit(unit: str) -> tuple[str, str | None]:
    """``"r:p"`` -> ``("r", "p")``; ``"r"`` -> ``("r", None)``."""
    resource_id, separator, part_id = unit.partition(SEPARATOR)
    return (resource_id, part_id) if separator else (resource_id, None)


def resolve_unit(catalog: Catalog, unit: str, option: str) -> tuple[Resource, Part | None]:
    """The resource and part a ``RESOURCE[:PART]`` reference names, or a located UsageError
    (``option`` names where the reference was given, e.g. ``--done``)."""
    resource_id, part_id = split_unit(unit)
    resources = catalog.resource_by_id
    resource = resources.get(resource_id)
    if resource is None:
        raise UsageError(
            _("unknown resource {resource} in {option}").format(
                resource=repr(resource_id), option=option
            ),
            hint=did_you_mean(resource_id, resources) or _("see `mathpath list`"),
        )
    if part_id is None:
        return resource, None
    part = resource.part_by_id.get(part_id)
    if part is None:
        ids = list(resource.part_by_id)
        parts = (
            _("its parts: {parts}").format(parts=listing(ids))
            if ids
            else _("{resource} has no parts").format(resource=resource_id)
        )
        hint = did_you_mean(part_id, ids)
        raise UsageError(
            _("unknown part {part} of {resource} in {option}").format(
                part=repr(part_id), resource=resource_id, option=option
            ),
            hint=f"{hint} {parts}".strip() if hint else parts,
        )
    return resource, part
