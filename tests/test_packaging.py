"""The installed package finds its bundled catalog from anywhere, and runs as ``python -m``.

CI installs the project without -e, so there these tests check the built wheel itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mathpath.catalog.load import bundled_catalog_path

ROOT = Path(__file__).resolve().parents[1]


def test_bundled_catalog_is_the_repository_catalog() -> None:
    shipped = bundled_catalog_path()
    assert shipped.is_file()
    assert shipped.read_bytes() == (ROOT / "data" / "resources.yaml").read_bytes()


def test_python_m_mathpath_lists_the_bundled_catalog_from_another_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MATHPATH_CATALOG"}
    env["MATHPATH_HOME"] = str(tmp_path / "home")
    result = subprocess.run(
        [sys.executable, "-m", "mathpath", "list", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"id": "mit-6.s191"' in result.stdout


def test_installed_version_is_the_version_in_the_source() -> None:
    from importlib.metadata import version

    import mathpath

    assert version("mathpath") == mathpath.__version__
