"""Run something once a widget has really been painted (a Paint event reached it).

``QWidget.show()`` only schedules the window; it is exposed and painted by later turns of the
event loop. Work that must not delay what the user sees first (loading another tab, the
smoke test's exit) waits for that paint instead of a zero-delay timer, which fires earlier.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer


class FirstPaint(QObject):
    """Calls ``callback`` (on the next event-loop turn) after the first Paint of ``target``.

    ``ready`` may postpone it: paints before ``ready()`` is true do not count (e.g. a table
    painted before its rows arrived). The watcher removes itself after the call.
    """

    def __init__(
        self,
        target: QObject,
        callback: Callable[[], object],
        ready: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(target)
        self._target = target
        self._callback = callback
        self._ready = ready or (lambda: True)
        self.done = False
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and watched is self._target and event.type() == QEvent.Type.Paint:
            if self._ready():
                self.done = True
                self._target.removeEventFilter(self)
                # After this paint has finished, not inside it.
                QTimer.singleShot(0, self._callback)
        return False


def after_first_paint(
    target: QObject, callback: Callable[[], object], ready: Callable[[], bool] | None = None
) -> FirstPaint:
    """Call ``callback`` once ``target`` has been painted (while ``ready()``); keep the result."""
    return FirstPaint(target, callback, ready)
