"""Shell completion through Typer's own mechanism, with values from the catalog in use.

``mathpath --install-completion`` / ``--show-completion`` are Typer's: its scripts for bash, zsh
and fish call ``mathpath`` again with ``_MATHPATH_COMPLETE`` set, and Typer's completion classes
answer. What is mathpath's:

- the values (``goal_ids``, ``resource_ids``, ``topic_ids``, ``choices``): from the catalog that
  the command line would use (``--catalog``, ``$MATHPATH_CATALOG``, the profile's ``catalog``,
  else the bundled one), read from the names kept beside its cache file
  (``mathpath.catalog.names``), not by loading the catalog;
- ``answering``, around Typer's answer (``app._MathpathGroup``): values on the command line are
  taken as typed (Typer would build a pydantic adapter for each of the ~30 options of ``plan``,
  ~0.18 s, to coerce values nobody uses while completing), and zsh's and fish's descriptions
  are written as the plain text they are (Typer renders them as Rich markup, which imports rich
  and eats anything in square brackets, typer issue 822);
- silence: whatever goes wrong (a broken catalog, a bad profile, an unknown option before the
  cursor) gives no completions and not a word on the terminal (``app._MathpathGroup``).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from mathpath.catalog.names import Names

Completions = list[tuple[str, str]]

DEPTHS = ("overview", "working", "thorough")
_SPACE = re.compile(r"\s")


# --- the values ----------------------------------------------------------------------------------


def goal_ids(ctx: typer.Context, incomplete: str) -> Completions:
    """``--goal``: the catalog's goals, each with its name."""
    names = _names(ctx)
    return _matching(names.goals if names else (), incomplete)


def resource_ids(ctx: typer.Context, incomplete: str) -> Completions:
    """Resource ids (``why``, ``show``, ``done``, ``log``, ``--include``, ``--exclude``,
    ``--done``), each with its title."""
    names = _names(ctx)
    return _matching(names.resources if names else (), incomplete)


def topic_ids(ctx: typer.Context, incomplete: str) -> Completions:
    """``--know``, ``list --topic``, ``know``, ``check``: topic ids and aliases; after ``TOPIC@``,
    the depths."""
    names = _names(ctx)
    if names is None:
        return []
    topic, at, depth = incomplete.partition("@")
    known = dict(names.topics)
    if at:
        target = known.get(topic) or next((n for a, n in names.aliases if a == topic), None)
        if target is None:
            return []
        return [(f"{topic}@{d}", target) for d in DEPTHS if d.startswith(depth)]
    aliases = [(alias, f"{known.get(id_, id_)} ({id_})") for alias, id_ in names.aliases]
    return _matching([*names.topics, *aliases], incomplete)


def choices(*values: str) -> Callable[[str], list[str]]:
    """A fixed list of words (``--format``, ``--prefer``, levels...)."""

    def complete(incomplete: str) -> list[str]:
        return [value for value in values if value.startswith(incomplete)]

    return complete


def _matching(pairs: Iterable[tuple[str, str]], incomplete: str) -> Completions:
    """The values that start with what was typed and that a shell can take as one word (bash
    splits completions at spaces), with their descriptions on one line."""
    return [
        (value, " ".join(description.split()))
        for value, description in pairs
        if value.startswith(incomplete) and not _SPACE.search(value)
    ]


# --- the catalog in use --------------------------------------------------------------------------


def _names(ctx: typer.Context) -> Names | None:
    from mathpath.catalog.names import names_for

    path = _catalog_path(ctx)
    return names_for(path) if path is not None else None


def _catalog_path(ctx: typer.Context) -> Path | None:
    """The catalog the command line names, as ``options.catalog_in_use`` finds it."""
    from mathpath.catalog import resolve_catalog_path

    given = ctx.find_root().params.get("catalog")  # --catalog or $MATHPATH_CATALOG, as typed
    if given:
        return resolve_catalog_path(str(given))
    profile = _profile_catalog()
    if profile is not None:
        return Path(profile).expanduser()
    return resolve_catalog_path(None)


def _profile_catalog() -> str | None:
    """The profile's ``catalog``, read leniently: the key has had this name in every version of
    the profile, and loading the whole profile (pydantic, the planner's parsers) would cost more
    than all the rest of a completion."""
    from mathpath.learner import paths

    path = paths.profile_path()
    if not path.is_file():
        return None
    import yaml

    from mathpath.catalog.reading import MAX_LEARNER_FILE_BYTES, read_bytes

    raw, _ = read_bytes(path, limit=MAX_LEARNER_FILE_BYTES)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(raw.decode("utf-8"), Loader=loader)
    value = data.get("catalog") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


# --- answering -----------------------------------------------------------------------------------


@contextlib.contextmanager
def answering() -> Iterator[None]:
    """While Typer answers a completion request: every value taken as typed (the parameters'
    own coercion is put back afterwards, for the next command a test runs in this process),
    descriptions plain, and nothing on stderr."""
    from typer.core import _TyperParameter

    _plain_descriptions()
    coerce = _TyperParameter.process_value
    _TyperParameter.process_value = _as_typed  # type: ignore[method-assign]
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        _TyperParameter.process_value = coerce  # type: ignore[method-assign]


def _as_typed(self: Any, ctx: Any, value: Any) -> Any:
    return value


def _plain_descriptions() -> None:
    """zsh and fish descriptions as written (Typer's classes, without the Rich rendering)."""
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import FishComplete, ZshComplete

    class PlainZsh(ZshComplete):
        def format_completion(self, item: Any) -> str:
            value = _zsh_escape(item.value)
            return f'"{value}":"{_zsh_escape(item.help)}"' if item.help else f'"{value}"'

    class PlainFish(FishComplete):
        def format_completion(self, item: Any) -> str:
            if item.help:
                return f"{item.value}\t{' '.join(item.help.split())}"
            return f"{item.value}"

    add_completion_class(PlainZsh, "zsh")
    add_completion_class(PlainFish, "fish")


def _zsh_escape(text: str) -> str:
    """As Typer's zsh class escapes values for ``_arguments``."""
    return (
        text.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def complete_var(prog_name: str | None) -> str:
    """The variable Typer's scripts set: ``_MATHPATH_COMPLETE``."""
    return f"_{(prog_name or 'mathpath').replace('-', '_').upper()}_COMPLETE"


def requested(prog_name: str | None, var: str | None = None) -> bool:
    return bool(os.environ.get(var or complete_var(prog_name)))
