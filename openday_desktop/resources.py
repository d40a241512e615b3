"""Where the shipped ``forms/`` and ``resources/`` folders are.

In a built wheel they sit inside the package; in a source checkout they sit at the top level;
in the PyInstaller bundle (packaging/) they sit in the bundle's folder, ``sys._MEIPASS``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _search_dirs() -> list[Path]:
    """The package, the checkout, then (frozen) the bundle's openday_desktop folder."""
    dirs = [_PACKAGE_DIR, _PACKAGE_DIR.parent]
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        dirs.append(Path(bundle) / "openday_desktop")
    return dirs


def data_dir(name: str) -> Path:
    """The ``forms`` or ``resources`` folder, installed or in the checkout."""
    for folder in _search_dirs():
        if (folder / name).is_dir():
            return folder / name
    raise FileNotFoundError(f"找不到程序文件夹“{name}”，安装可能不完整，请重新安装。")


def form_path(name: str) -> Path:
    """Path of ``forms/<name>.ui``."""
    return data_dir("forms") / f"{name}.ui"


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/``."""
    return data_dir("resources").joinpath(*parts)
