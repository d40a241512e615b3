"""Icons shipped in ``resources/icons``, loaded once and shared."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from openday_desktop.resources import resource_path


@cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``; an empty icon when the file is missing."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()
