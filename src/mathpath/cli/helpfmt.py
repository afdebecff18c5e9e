"""Help text in the interface language: translated headings, and lines wrapped by the cells a
terminal gives each character (a Chinese character takes two), where click's wrapper counts
characters and so runs Chinese help lines to twice the terminal's width."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from typer._click.formatting import HelpFormatter

from mathpath import i18n
from mathpath.i18n import _

_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"  # CJK, full-width forms
# Compiled by re at the first wrap (about 5 ms), not at import: completions never wrap.
_TOKEN = rf"\s+|[{_WIDE}]|[^\s{_WIDE}]+"
# Punctuation that must not begin a line (、。，：；）」) or end one (（「).
_NO_START = set("、。，．：；！？）」』》〉")
_NO_END = set("（「『《〈")


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` (one paragraph) in lines of at most ``width`` cells, each starting with
    ``indent``; a word longer than a line is left whole (ids and option names are never split),
    and a closing mark such as ，never starts a line: the character before it goes down too."""
    lines: list[str] = []
    line: list[str] = []  # tokens, a space being " "

    def used(tokens: list[str]) -> int:
        return cells(indent + "".join(tokens))

    for token in re.findall(_TOKEN, text):
        if token.isspace():
            if line and line[-1] != " ":
                line.append(" ")
            continue
        if not line or used([*line, token]) <= width:
            line.append(token)
            continue
        carried = [token]
        while token in _NO_START and len(line) > 1 and line[-1] != " ":
            carried.insert(0, line.pop())  # the character before the mark goes down with it
            token = carried[0]
        while line and (line[-1] == " " or line[-1] in _NO_END):
            if line[-1] != " ":
                carried.insert(0, line[-1])
            line.pop()
        lines.append(indent + "".join(line))
        line = carried
    if line:
        lines.append(indent + "".join(line).rstrip())
    return [row.rstrip() for row in lines]


def paragraphs(text: str, width: int, indent: str) -> list[str]:
    """Click's paragraph rules: blank lines separate paragraphs; a paragraph after a line of
    just ``\\b`` is kept as written."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        if out:
            out.append("")
        if block.startswith("\b"):
            out += [indent + row for row in block.split("\n")[1:]]
        else:
            out += wrap(block, width, indent)
    return out


class HelpText(HelpFormatter):
    """Click's formatter with the headings and the usage prefix translated; in Chinese, text
    and option lists wrapped by cells."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=_("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        if i18n.is_chinese():  # a full-width colon after Chinese words
            self.write(f"{'':>{self.current_indent}}{_(heading)}：\n")
            return
        super().write_heading(_(heading))

    def write_text(self, text: str) -> None:
        if not i18n.is_chinese():
            super().write_text(text)
            return
        indent = " " * self.current_indent
        self.write("\n".join(paragraphs(text, self.width, indent)) + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = [(term, _(text)) for term, text in rows]  # click's own "Show this message..."
        if not i18n.is_chinese():
            super().write_dl(rows, col_max, col_spacing)
            return
        first_col = min(max((cells(t) for t, _d in rows), default=0), col_max) + col_spacing
        margin = " " * self.current_indent
        for term, text in rows:
            self.write(f"{margin}{term}")
            if not text:
                self.write("\n")
                continue
            if cells(term) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            hang = " " * (first_col + self.current_indent)
            lines = paragraphs(text, max(self.width - first_col - 2, 10) + len(hang), hang)
            self.write(lines[0].lstrip() + "\n" if lines else "\n")
            for line in lines[1:]:
                self.write(f"{line}\n")
