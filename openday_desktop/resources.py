"""Where the shipped ``forms/`` and ``resources/`` folders are.

In a built wheel they sit inside the package; in a source checkout they sit at the top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The ``forms`` or ``resources`` folder, installed or in the checkout."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到程序文件夹“{name}”，安装可能不完整，请重新安装。")


def form_path(name: str) -> Path:
    """Path of ``forms/<name>.ui``."""
    return data_dir("forms") / f"{name}.ui"


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/``."""
    return data_dir("resources").joinpath(*parts)
