"""The floor a Typer CLI really has: one command that prints a one-row Rich table.

`benchmarks/run.py` times `python benchmarks/typer_floor.py show` beside mathpath's start-up
(issue 16: the bundled `plan`, `list` and `status` should take at most 1.1x this). Nothing of
mathpath is imported.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def show(name: str = typer.Option("floor", help="The one value shown.")) -> None:
    """Print a one-row table."""
    table = Table("name", "value")
    table.add_row(name, "1")
    Console().print(table)


@app.callback()
def main() -> None:
    """A one-command Typer app (a group, as mathpath is)."""


if __name__ == "__main__":
    app()
