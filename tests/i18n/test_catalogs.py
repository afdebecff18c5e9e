"""The shipped translations: every message of the code translated, the .mo files compiled
from the .po files as they are (tools/i18n.py check does the same from the command line)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("babel", reason="Babel (the test extra) checks the message catalogs")


def _tools() -> object:
    spec = importlib.util.spec_from_file_location("i18n_tools", ROOT / "tools" / "i18n.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tools"] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_is_translated_and_every_mo_is_current(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tools = _tools()
    failures = tools.check()  # type: ignore[attr-defined]
    assert failures == 0, capsys.readouterr().out


def test_the_compiled_catalog_ships_inside_the_package() -> None:
    mo = ROOT / "src" / "mathpath" / "i18n" / "locale" / "zh_CN" / "LC_MESSAGES" / "mathpath.mo"
    assert mo.stat().st_size > 1000
