"""The one place that builds Rich consoles.

Rich already honours ``NO_COLOR`` and writes plain text (no colour, no cursor codes) when the
stream is not a terminal; ``MATHPATH_WIDTH`` or ``COLUMNS`` set the width when output is piped.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console


def make_console(*, stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    width_env = os.environ.get("MATHPATH_WIDTH")
    width = int(width_env) if width_env and width_env.isdigit() else None
    is_tty = stream.isatty()
    return Console(
        file=stream,
        width=width if width else (None if is_tty else 100),
        no_color=bool(os.environ.get("NO_COLOR")) or None,
        highlight=False,
        soft_wrap=False,
        emoji=False,
    )
