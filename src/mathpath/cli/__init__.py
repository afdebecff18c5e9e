"""The command-line interface: a thin shell over the core. Only this package imports typer."""

from mathpath.cli.app import app, main

__all__ = ["app", "main"]
