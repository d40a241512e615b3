"""Run something once a widget has really been painted (a Paint event reached it).

``QWidget.show()`` only schedules the window; it is exposed and painted by later turns of the
event loop. Work that must not delay what the user sees first (loading another tab, the
smoke test's exit) waits for that paint instead of a zero-delay timer, which fires earlier.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer


class FirstPaint(QObject):
    """Calls ``callback`` after the first Paint of ``target``, ``turns`` event-loop turns later.

    ``ready`` may postpone it: paints before ``ready()`` is true do not count (e.g. a table
    painted before its rows arrived). One turn runs the callback once the paint has finished;
    two let everything else that was waiting for that paint (the smoke test's moment, input)
    go first: for work that only has to happen soon after start-up. The watcher removes
    itself after the paint.
    """

    def __init__(
        self,
        target: QObject,
        callback: Callable[[], object],
        ready: Callable[[], bool] | None = None,
        turns: int = 1,
    ) -> None:
        super().__init__(target)
        self._target = target
        self._callback = callback
        self._ready = ready or (lambda: True)
        self._turns = max(1, turns)
        self.done = False
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and watched is self._target and event.type() == QEvent.Type.Paint:
            if self._ready():
                self.done = True
                self._target.removeEventFilter(self)
                # After this paint has finished, not inside it.
                QTimer.singleShot(0, self._next_turn)
        return False

    def _next_turn(self) -> None:
        self._turns -= 1
        if self._turns > 0:
            QTimer.singleShot(0, self._next_turn)
        else:
            self._callback()


def after_first_paint(
    target: QObject,
    callback: Callable[[], object],
    ready: Callable[[], bool] | None = None,
    *,
    turns: int = 1,
) -> FirstPaint:
    """Call ``callback`` once ``target`` has been painted (while ``ready()``); keep the result."""
    return FirstPaint(target, callback, ready, turns)
