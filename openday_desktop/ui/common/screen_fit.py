"""Windows that fit the screen: office laptops run 1280x720 logical (1920x1080 at 150%) or less.

A window asks for the size its content would like; ``fit_to_screen`` gives it at most the
screen's available area (without the taskbar) minus the title bar, and moves it inside.
Tall content lives in scroll areas (``scrolling``) so the minimum size stays small.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# The title bar and borders the window manager adds around a window that is not shown yet.
FRAME_ALLOWANCE = QSize(8, 32)


def available_area(widget: QWidget) -> QRect:
    """The screen area (without the taskbar) where ``widget`` is or will be shown."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, preferred: QSize | None = None) -> None:
    """Give the window ``preferred`` (or its current) size, at most the screen, fully on it."""
    area = available_area(widget)
    if widget.isVisible() and widget.frameGeometry().size() != widget.size():
        frame = widget.frameGeometry().size() - widget.size()
    else:
        frame = FRAME_ALLOWANCE
    room = area.size() - frame
    wanted = preferred or widget.size()
    minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    size = QSize(
        max(min(wanted.width(), room.width()), min(minimum.width(), room.width())),
        max(min(wanted.height(), room.height()), min(minimum.height(), room.height())),
    )
    if size != widget.size():
        widget.resize(size)
    geometry = widget.frameGeometry() if widget.isVisible() else QRect(widget.pos(), size + frame)
    x = min(max(geometry.x(), area.left()), area.right() + 1 - geometry.width())
    y = min(max(geometry.y(), area.top()), area.bottom() + 1 - geometry.height())
    x, y = max(x, area.left()), max(y, area.top())
    if (x, y) != (geometry.x(), geometry.y()):
        widget.move(x, y)


def scrolling(content: QWidget, parent: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area: tall forms stay usable on a short screen."""
    area = QScrollArea(parent)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(content)
    return area


def natural_size(window: QWidget, content: QWidget, scroll: QScrollArea) -> QSize:
    """The window size at which ``content`` (inside ``scroll``) needs no scroll bar."""
    extra = window.sizeHint() - scroll.sizeHint()
    return content.sizeHint() + extra + QSize(scroll.verticalScrollBar().sizeHint().width(), 0)


class _FitOnShow(QObject):
    """Fits its window to the screen when it is first shown, then removes itself."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            fit_to_screen(watched)
            self.deleteLater()
        return False


def fit_on_first_show(window: QWidget) -> None:
    """Fit ``window`` to its screen when it is first shown (its size is set by then)."""
    window.installEventFilter(_FitOnShow(window))
