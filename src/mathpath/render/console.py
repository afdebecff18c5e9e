"""The one place that builds Rich consoles.

Rich already honours ``NO_COLOR`` and writes plain text (no colour, no cursor codes) when the
stream is not a terminal. Width: ``MATHPATH_WIDTH``, else ``COLUMNS``, else the terminal's; when
output is piped and neither is set, 100 columns (Rich's 80 squeezes the plan tables).
"""

from __future__ import annotations

import os
import sys

from rich.console import Console

PIPED_WIDTH = 100


def make_console(*, stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    width: int | None = None
    for name in ("MATHPATH_WIDTH", "COLUMNS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            width = int(value)
            break
    if width is None and not stream.isatty():
        width = PIPED_WIDTH
    return Console(
        file=stream,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
        highlight=False,
        soft_wrap=False,
        emoji=False,
    )
