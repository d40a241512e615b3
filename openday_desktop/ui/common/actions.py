"""One way to make a menu or toolbar action: text, slot, tip, shortcuts, icon."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon, QKeySequence


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    *,
    tip: str = "",
    shortcuts: Sequence[QKeySequence | str] = (),
    icon: QIcon | None = None,
) -> QAction:
    """An action that calls ``slot()`` when triggered.

    ``tip`` shows as the tooltip and in the status bar. The slot is called without the
    ``checked`` flag Qt passes, so any plain method or lambda will do.
    """
    action = QAction(text, parent)
    if icon is not None:
        action.setIcon(icon)
    if shortcuts:
        action.setShortcuts([QKeySequence(key) for key in shortcuts])
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action
