"""``mathpath cache info`` and ``mathpath cache clear``: the cache of parsed catalogs."""

from typing import Annotated

import typer

from mathpath.cli.options import print_json
from mathpath.i18n import _, ngettext

cache_app = typer.Typer(
    name="cache",
    help=(
        "The cache of parsed catalogs, which makes a second run on an unchanged catalog fast. "
        "It is rebuilt on its own whenever the catalog or mathpath changes; --no-cache bypasses "
        "it.\n\nExample: mathpath cache info"
    ),
    no_args_is_help=True,
)


@cache_app.command("info")
def info(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON to stdout instead of text.")
    ] = False,
) -> None:
    """Show where the cache is and how big it is.

    The folder is $MATHPATH_CACHE_DIR, else $MATHPATH_HOME/cache, else your user cache folder.

    Example: mathpath cache info --json
    """
    from mathpath.catalog import _cache as cache

    found = cache.info()
    if as_json:
        data = {"folder": str(found.folder), "files": found.files, "bytes": found.total_bytes}
        print_json("cache", data)
        return
    # TRANSLATORS: the labels of `mathpath cache info`, padded to line their values up.
    typer.echo(_("folder: {folder}").format(folder=found.folder))
    typer.echo(
        ngettext("files:  {n} cached catalog", "files:  {n} cached catalogs", found.files).format(
            n=found.files
        )
    )
    typer.echo(_("size:   {size}").format(size=_human_size(found.total_bytes)))


@cache_app.command("clear")
def clear() -> None:
    """Remove every cached catalog (they are rebuilt when next needed).

    Example: mathpath cache clear
    """
    from mathpath.catalog import _cache as cache

    removed = cache.clear()
    typer.echo(
        ngettext(
            "removed {n} file from {folder}", "removed {n} files from {folder}", removed
        ).format(n=removed, folder=cache.cache_dir())
    )


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            if unit == "bytes":
                return _("{n} bytes").format(n=size)
            return f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(cache_app)
