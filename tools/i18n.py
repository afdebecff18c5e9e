"""Keep the interface translations in step with the code (needs Babel: `pip install -e .[dev]`).

    python tools/i18n.py update    # extract every message, merge into each .po (new ones empty)
    python tools/i18n.py compile   # .po -> .mo, the files that ship in the wheel
    python tools/i18n.py check     # exit 1 if a message has no translation or a .mo is stale
    python tools/i18n.py merge zh_CN FILE.po...  # take translations from other .po files

Messages come from two places: the code's ``_()``, ``gettext()``, ``ngettext()`` and ``N_()``
calls (Babel's Python extractor), and the help of every command and option, which Typer builds
from docstrings and ``help=`` (walked from the built click command tree).
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "mathpath"
LOCALE = SRC / "i18n" / "locale"
EPOCH = datetime(2026, 12, 1, tzinfo=UTC)
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extracted() -> Catalog:
    # A fixed creation date: the files change only when the messages do.
    template = Catalog(project="mathpath", domain="mathpath", creation_date=EPOCH)
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(SRC),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        template.add(
            message, locations=[(f"src/mathpath/{filename}", lineno)], auto_comments=comments
        )
    for text, where in help_texts():
        template.add(text, locations=[(where, 0)])
    return template


def help_texts() -> list[tuple[str, str]]:
    """Every help text of the CLI, as the group shows it (see cli.app._translate_help)."""
    sys.path.insert(0, str(ROOT / "src"))
    import typer.main

    from mathpath.cli.app import app, help_strings

    return list(help_strings(typer.main.get_command(app)))


def _po_path(folder: str) -> Path:
    return LOCALE / folder / "LC_MESSAGES" / "mathpath.po"


def _folders() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if p.is_dir())


def update() -> None:
    template = extracted()
    for folder in _folders():
        path = _po_path(folder)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=folder)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = EPOCH
        catalog.revision_date = EPOCH
        buffer = io.BytesIO()
        write_po(
            buffer,
            catalog,
            width=100,
            sort_output=True,
            omit_header=False,
            ignore_obsolete=True,
            include_lineno=False,
        )
        path.write_bytes(buffer.getvalue())
        missing = sum(1 for m in catalog if m.id and not _translated(m))
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {missing} untranslated")


def merge(folder: str, sources: list[str]) -> None:
    """Fill the untranslated messages of ``folder``'s .po from other .po files (a translator's
    work, a fragment); a message translated differently in two sources is reported, not
    guessed."""
    path = _po_path(folder)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=folder)
    found: dict[object, object] = {}
    for source in sources:
        with open(source, "rb") as handle:
            for message in read_po(handle, locale=folder):
                if not message.id or not _translated(message):
                    continue
                if message.id in found and found[message.id] != message.string:
                    print(f"{source}: differs from an earlier source: {message.id!r}")
                    continue
                found[message.id] = message.string
    filled = 0
    for message in catalog:
        if message.id and not _translated(message) and message.id in found:
            message.string = found[message.id]
            filled += 1
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, ignore_obsolete=True,
             include_lineno=False)
    path.write_bytes(buffer.getvalue())
    print(f"{path.relative_to(ROOT)}: {filled} translations merged")


def _translated(message: object) -> bool:
    string = getattr(message, "string", "")
    if isinstance(string, tuple):
        return all(string)
    return bool(string)


def _mo_bytes(folder: str) -> bytes:
    with _po_path(folder).open("rb") as handle:
        catalog = read_po(handle, locale=folder)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for folder in _folders():
        mo = _po_path(folder).with_suffix(".mo")
        mo.write_bytes(_mo_bytes(folder))
        print(f"{mo.relative_to(ROOT)} written")


def check() -> int:
    template = extracted()
    wanted = {m.id for m in template if m.id}
    failures = 0
    for folder in _folders():
        with _po_path(folder).open("rb") as handle:
            catalog = read_po(handle, locale=folder)
        have = {m.id: m for m in catalog if m.id}
        for msgid in sorted(wanted, key=str):
            message = have.get(msgid)
            if message is None or not _translated(message) or message.fuzzy:
                print(f"{folder}: untranslated: {msgid!r}")
                failures += 1
        if _po_path(folder).with_suffix(".mo").read_bytes() != _mo_bytes(folder):
            print(f"{folder}: mathpath.mo is stale: run python tools/i18n.py compile")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(check())
    elif command == "merge" and len(sys.argv) > 3:
        merge(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
