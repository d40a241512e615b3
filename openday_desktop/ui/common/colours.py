"""The outcome colours (domain.colours) as the window uses them: QColors and style sheets."""

from __future__ import annotations

from PySide6.QtGui import QColor

from openday_desktop.domain import colours


def text_style(colour: str) -> str:
    """A label's style sheet for text in ``colour``."""
    return f"color: {colour};"


ERROR_COLOR = QColor(colours.ERROR)
OK_COLOR = QColor(colours.OK)
WARNING_COLOR = QColor(colours.WARNING)
NOTICE_COLOR = QColor(colours.NOTICE)
MUTED_COLOR = QColor(colours.MUTED)
PRESENT_COLOR = QColor(colours.PRESENT)
ABSENT_COLOR = QColor(colours.ABSENT)

ERROR_STYLE = text_style(colours.ERROR)
OK_STYLE = text_style(colours.OK)
WARNING_STYLE = text_style(colours.WARNING)
INFO_STYLE = text_style(colours.INFO)
