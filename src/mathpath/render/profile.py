"""Terminal view of the learner's profile (``mathpath profile show``)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mathpath.i18n import _
from mathpath.learner.profile import SETTABLE, LoadedProfile


def format_value(value: object) -> str:
    if value is None or value == []:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def profile_view(loaded: LoadedProfile) -> RenderableType:
    """A key/value table; unset keys show ``-`` (mathpath's default applies)."""
    data = loaded.profile.model_dump(mode="json")
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column(_("key"), no_wrap=True)
    table.add_column(_("value"))
    for key in SETTABLE:
        table.add_row(Text(key), Text(format_value(data[key])))
    lines: list[RenderableType] = [table]
    if not loaded.exists:
        lines.append(
            Text(
                "\n" + _("No profile yet ({path}); showing the defaults.").format(path=loaded.path)
            )
        )
    else:
        lines.append(Text(f"\n{loaded.path}"))
    if loaded.migrated_from is not None:
        lines.append(
            Text(
                _(
                    "Read from an older format (schema_version {version}); it is updated the "
                    "next time the profile changes."
                ).format(version=loaded.migrated_from)
            )
        )
    lines.append(
        Text(_("Change a value: mathpath profile set KEY VALUE  (- = mathpath's default)"))
    )
    return Group(*lines)
