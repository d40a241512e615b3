"""What the main window offers the feature packages that extend it.

The 导出 menu, the 跟踪 menu and 概览 tab, 导入名册 and 名单与遴选, 备份与恢复 and the 单位信息
banner each add their parts to the main window. They are handed an ``AppWindow``, not the
``MainWindow`` itself: the main window imports them, so their importing it back would be an
import circle (tests/unit/test_import_graph.py keeps the package free of them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget, QWidget

from openday_desktop import SETTINGS_APPLICATION, SETTINGS_ORGANIZATION

if TYPE_CHECKING:
    from openday_desktop.storage import Store
    from openday_desktop.ui.events.events_tab import EventsTab
    from openday_desktop.ui.feedback.feedback_tab import FeedbackTab
    from openday_desktop.ui.representatives.representatives_tab import RepresentativesTab


def app_settings() -> QSettings:
    """The per-user window settings (geometry, current tab, column widths, last folders)."""
    return QSettings(SETTINGS_ORGANIZATION, SETTINGS_APPLICATION)


class AppWindow(QMainWindow):
    """The main window as its extensions see it: the open store, tabs, menus and notifications.

    ``ui.main_window.MainWindow`` is the one implementation.
    """

    data_changed = Signal(str)  # kind of data that changed: "events", "people", "feedback", ...
    store_changed = Signal(object)  # the newly opened Store

    store: Store
    tabs: QTabWidget
    events_tab: EventsTab
    representatives_tab: RepresentativesTab
    feedback_tab: FeedbackTab
    file_menu: QMenu
    open_action: QAction
    settings_action: QAction

    def add_tab(self, tab: QWidget, title: str) -> int:
        """Add a tab; RecordTabs get the edit menu, status bar and change notifications."""
        raise NotImplementedError

    def add_menu(self, title: str) -> QMenu:
        """A new top-level menu, placed before 帮助."""
        raise NotImplementedError

    def notify_changed(self, kind: str, source: QWidget | None = None) -> None:
        """Data of ``kind`` changed: reload the tabs that show it, update counts, tell others."""
        raise NotImplementedError

    def set_store(self, store: Store) -> None:
        """Switch every tab to another open store."""
        raise NotImplementedError

    def show_settings(self) -> None:
        """Open the 设置 dialog."""
        raise NotImplementedError

    def after_start_up(self, work: Callable[[], object]) -> None:
        """Run ``work`` soon after the window's first paint (at once if that has passed)."""
        raise NotImplementedError
