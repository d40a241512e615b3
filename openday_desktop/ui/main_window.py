"""The main window: three tabs (活动, 代表, 意见建议), menus, and a status bar with counts.

Extending it (other features add their own parts here without editing this file):

* a menu action: ``window.file_menu`` / ``window.edit_menu`` / ``window.help_menu`` are
  attributes; ``window.add_menu("工具")`` inserts a new menu before 帮助.
* a tab: ``window.add_tab(widget, "标题")``; a RecordTab subclass is wired to the edit menu,
  the status bar and the change notifications automatically.
* a panel beside a table: ``window.representatives_tab.add_side_panel(widget)``.
* reacting to data changes: connect to ``window.data_changed(kind)``; report your own changes
  with ``window.notify_changed(kind)`` ("events", "people", "feedback", "invitations", ...).
* switching databases: connect to ``window.store_changed(store)``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QSizePolicy,
    QTabWidget,
    QWidget,
)

from openday_desktop import APP_NAME, __version__
from openday_desktop.storage import Store, open_store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.actions import make_action
from openday_desktop.ui.common.app_window import AppWindow, app_settings
from openday_desktop.ui.common.first_paint import after_first_paint
from openday_desktop.ui.common.icons import icon
from openday_desktop.ui.common.record_tab import RecordTab
from openday_desktop.ui.common.screen_fit import fit_on_first_show
from openday_desktop.ui.documents.export_actions import install_exports
from openday_desktop.ui.events.events_tab import EventsTab
from openday_desktop.ui.feedback.feedback_tab import FeedbackTab
from openday_desktop.ui.feedback.followup import install_followup
from openday_desktop.ui.maintenance import install_maintenance
from openday_desktop.ui.representatives.representatives_tab import RepresentativesTab
from openday_desktop.ui.representatives.selection_tools import install_selection_tools
from openday_desktop.ui.unit_info import install_unit_info

DEFAULT_SIZE = (1200, 760)
START_UP_WORK_LATEST_MS = 5_000  # the chores run by then even without a first paint


def default_size(available: QSize) -> QSize:
    """1200x760, or a little less than the screen on small laptop displays."""
    return QSize(
        min(DEFAULT_SIZE[0], int(available.width() * 0.95)),
        min(DEFAULT_SIZE[1], int(available.height() * 0.92)),
    )


class MainWindow(AppWindow):
    """The application window over one open store."""

    def __init__(
        self, store: Store, parent: QWidget | None = None, *, owns_store: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.store = store
        self._owns_store = owns_store
        self._help_dialog: QWidget | None = None
        # Start-up work that need not delay the first paint: see after_start_up.
        self._start_up_work: list[Callable[[], object]] | None = []
        self.setWindowIcon(icon("app"))

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)

        self._build_actions()
        self._build_menus()
        self._build_status_bar()

        self.events_tab = EventsTab(store, self)
        self.representatives_tab = RepresentativesTab(store, self)
        self.feedback_tab = FeedbackTab(store, self)
        self.add_tab(self.events_tab, "活动")
        self.add_tab(self.representatives_tab, "代表")
        self.add_tab(self.feedback_tab, "意见建议")

        self.followup = install_followup(self)  # 概览 tab, 跟踪 menu, deadlines
        self.selection_tools = install_selection_tools(self)  # 导入名册, 名单与遴选, 签到
        self.exports = install_exports(self)  # 导出 menu, printing, document texts
        self.unit_info = install_unit_info(self)  # banner and first-run 单位信息 step
        self.maintenance = install_maintenance(self)  # 备份与恢复, 操作记录, 删除并抹去
        self._restore_window_state()
        self._connect_signals()
        # Only the tab painted first is filled: the events list (small) before the window
        # appears; the pool (maybe 100,000 people) or the feedback list after the window has
        # been painted once. Every other tab loads when first shown.
        current = self.current_record_tab()
        if current is self.events_tab:
            current.reload()
        elif current is not None:
            self._first_load = after_first_paint(self, current.ensure_loaded)
        # A store opened for the window makes its audit triggers after the first paint (or
        # before its first write, if that comes sooner): see open_store.
        self.after_start_up(lambda: self.store.db.finish_setup())
        self._after_start_up = after_first_paint(self, self._run_start_up_work, turns=2)
        # A window started minimized is not painted until it is restored: the chores (the
        # backup among them) run anyway once start-up is surely over.
        QTimer.singleShot(START_UP_WORK_LATEST_MS, self, self._run_start_up_work)
        self._update_edit_actions()
        self.refresh_status()

    def after_start_up(self, work: Callable[[], object]) -> None:
        """Run ``work`` soon after the window's first paint (at once if that has passed).

        For start-up chores the clerk does not see (sweeping stale temporaries, the audit
        triggers): the first paint and anything waiting for it come first.
        """
        if self._start_up_work is None:
            work()
        else:
            self._start_up_work.append(work)

    def _run_start_up_work(self) -> None:
        work, self._start_up_work = self._start_up_work or [], None
        for item in work:
            try:
                item()
            except Exception:  # one failed chore must not cost the others (the backup)
                sys.excepthook(*sys.exc_info())

    # --- building -------------------------------------------------------------------------

    def _build_actions(self) -> None:
        key = QKeySequence
        self.open_action = make_action(
            self,
            "打开数据库(&O)…",
            self.open_database,
            shortcuts=["Ctrl+O"],
            tip="打开另一个数据库文件",
        )
        self.settings_action = make_action(
            self, "设置(&S)…", self.show_settings, tip="单位信息、规则与时限、公文字体等"
        )
        self.categories_action = make_action(
            self, "代表类别(&C)…", self.show_categories, tip="代表类别的顺序、同义词、是否计入群众"
        )
        self.quit_action = make_action(self, "退出(&X)", self.close, shortcuts=["Ctrl+Q"])
        self.add_action = make_action(
            self,
            "新增(&N)…",
            self._on_add,
            shortcuts=["Ctrl+N"],
            tip="在当前页新增一条记录",
            icon=icon("add"),
        )
        self.edit_action = make_action(
            self,
            "修改(&E)…",
            self._on_edit,
            shortcuts=["Ctrl+E", "F2"],
            tip="修改选中的记录",
            icon=icon("edit"),
        )
        self.delete_action = make_action(
            self,
            "删除(&D)",
            self._on_delete,
            shortcuts=[key(Qt.Key.Key_Delete)],
            tip="删除选中的记录",
            icon=icon("delete"),
        )
        self.find_action = make_action(
            self, "查找(&F)", self._on_find, shortcuts=["Ctrl+F"], tip="把光标移到当前页的查找框"
        )
        self.help_action = make_action(self, "使用说明(&H)", self.show_help, shortcuts=["F1"])
        self.about_action = make_action(self, f"关于{APP_NAME}(&A)", self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("文件(&F)")
        self.file_menu.setObjectName("fileMenu")
        self.file_menu.addAction(self.open_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addAction(self.categories_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("编辑(&E)")
        self.edit_menu.setObjectName("editMenu")
        for action in (self.add_action, self.edit_action, self.delete_action):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.find_action)
        self.help_menu = bar.addMenu("帮助(&H)")
        self.help_menu.setObjectName("helpMenu")
        self.help_menu.addAction(self.help_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.path_label = QLabel(self)
        self.path_label.setObjectName("pathLabel")
        # Ignored: a long path must not widen the window; the tooltip shows it in full.
        self.path_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        bar.addWidget(self.path_label, 1)
        bar.addPermanentWidget(self.counts_label)

    def _connect_signals(self) -> None:
        self.tabs.currentChanged.connect(self._on_current_tab_changed)

    # --- extension points -----------------------------------------------------------------

    def add_tab(self, tab: QWidget, title: str) -> int:
        """Add a tab; RecordTabs get the edit menu, status bar and change notifications."""
        index = self.tabs.addTab(tab, title)
        if isinstance(tab, RecordTab):
            tab.changed.connect(lambda kind, source=tab: self.notify_changed(kind, source))
            tab.selection_changed.connect(self._update_edit_actions)
        return index

    def add_menu(self, title: str) -> QMenu:
        """A new top-level menu, placed before 帮助."""
        menu = QMenu(title, self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
        return menu

    def record_tabs(self) -> list[RecordTab]:
        """Every tab that is a RecordTab, in tab order."""
        tabs = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return [tab for tab in tabs if isinstance(tab, RecordTab)]

    def current_record_tab(self) -> RecordTab | None:
        """The current tab when it is a RecordTab."""
        tab = self.tabs.currentWidget()
        return tab if isinstance(tab, RecordTab) else None

    def notify_changed(self, kind: str, source: QWidget | None = None) -> None:
        """Data of ``kind`` changed: reload the tabs that show it, update counts, tell others."""
        for tab in self.record_tabs():
            if tab is source or kind not in tab.watches:
                continue
            if tab.loaded:
                tab.reload()
        self.refresh_status()
        self.data_changed.emit(kind)

    def refresh_status(self) -> None:
        """Show the database path and the number of events, people and feedback items."""
        store = self.store
        self.path_label.setText(f"数据库：{store.path}")
        self.path_label.setToolTip(str(store.path))
        self.counts_label.setText(
            f"活动 {store.events.count()} 个 · 代表 {store.people.count()} 人 · "
            f"意见建议 {store.feedback.count()} 条"
        )
        self.setWindowTitle(f"{Path(store.path).name} - {APP_NAME}")

    def set_store(self, store: Store) -> None:
        """Switch every tab to another open store (the old one is closed if this window owns it)."""
        old = self.store
        self.store = store
        for tab in self.record_tabs():
            tab.set_store(store)
        current = self.current_record_tab()
        if current is not None:
            current.ensure_loaded()
        self.refresh_status()
        self.store_changed.emit(store)
        if self._owns_store and old is not store:
            old.close()
        self._owns_store = True

    # --- menu actions ---------------------------------------------------------------------

    def open_database(self) -> None:
        """Ask for a database file and switch to it; a file it cannot open changes nothing."""
        path = messages.open_path(
            self,
            "打开数据库",
            "数据库文件 (*.db *.sqlite *.sqlite3);;所有文件 (*)",
            str(Path(self.store.path).parent),
        )
        if path is None or path.resolve() == Path(self.store.path).resolve():
            return
        try:
            store = open_store(path, exclusive=True)
        except Exception as exc:  # not ours, damaged, in use, no permission: said in Chinese
            from openday_desktop.storage.diagnosis import diagnose

            messages.error(self, diagnose(exc, path))
            return
        self.set_store(store)
        self.maintenance.check_after_start()  # integrity and today's backup, beside the window

    def show_settings(self) -> None:
        """Open the 设置 dialog (window-modal)."""
        from openday_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda: self.notify_changed("settings"))
        dialog.categories_requested.connect(lambda: self.show_categories(dialog))
        self.settings_dialog = dialog
        dialog.open()

    def show_categories(self, parent: QWidget | None = None) -> None:
        """Open the 代表类别 editor (window-modal over ``parent``, the main window by default)."""
        from openday_desktop.ui.representatives.category_editor import CategoryEditor

        dialog = CategoryEditor(self.store, parent or self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda: self.notify_changed("people"))
        self.category_editor = dialog
        dialog.open()

    def show_help(self) -> None:
        """Show the 使用说明 window beside the main window."""
        if self._help_dialog is None:
            from openday_desktop.ui.help_dialog import HelpDialog

            self._help_dialog = HelpDialog(self)
        self._help_dialog.show()
        self._help_dialog.raise_()
        self._help_dialog.activateWindow()

    def show_about(self) -> None:
        """The 关于 box: version and where the data lives."""
        messages.about(
            self,
            f"关于{APP_NAME}",
            f"<h3>{APP_NAME}</h3><p>版本 {__version__}</p>"
            "<p>帮助乡镇（街道）筹备和组织“政府开放日”活动：活动方案、代表名单、签到、"
            "意见建议办理与总结，全部在本机离线完成。</p>"
            f"<p>当前数据库：<br>{self.store.path}</p>",
        )

    def _on_add(self) -> None:
        tab = self.current_record_tab()
        if tab is not None:
            tab.add_record()

    def _on_edit(self) -> None:
        tab = self.current_record_tab()
        if tab is not None:
            tab.edit_selected()

    def _on_delete(self) -> None:
        tab = self.current_record_tab()
        if tab is not None:
            tab.delete_selected()

    def _on_find(self) -> None:
        tab = self.current_record_tab()
        if tab is not None:
            tab.focus_search()

    def _on_current_tab_changed(self) -> None:
        tab = self.current_record_tab()
        if tab is not None:
            tab.ensure_loaded()
        self._update_edit_actions()

    def _update_edit_actions(self) -> None:
        tab = self.current_record_tab()
        has_selection = tab is not None and tab.view.selectionModel().hasSelection()
        self.add_action.setEnabled(tab is not None)
        self.find_action.setEnabled(tab is not None)
        self.edit_action.setEnabled(has_selection)
        self.delete_action.setEnabled(has_selection)

    # --- remembered state -----------------------------------------------------------------

    def _restore_window_state(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            fit_on_first_show(self)  # remembered on a bigger screen (or a docking station)
        else:
            self.resize(default_size(self.screen().availableGeometry().size()))
        for tab in self.record_tabs():
            header = settings.value(f"tables/{tab.objectName()}/header")
            if isinstance(header, QByteArray) and not header.isEmpty():
                tab.view.horizontalHeader().restoreState(header)
        stored = settings.value("window/tab", 0)
        try:
            index = int(stored) if isinstance(stored, int | str) else 0
        except ValueError:
            index = 0
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def save_window_state(self) -> None:
        """Remember size, position, current tab and column widths for the next start."""
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/tab", self.tabs.currentIndex())
        for tab in self.record_tabs():
            settings.setValue(
                f"tables/{tab.objectName()}/header", tab.view.horizontalHeader().saveState()
            )
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._start_up_work is not None:
            self._start_up_work.clear()  # closed before its start-up chores: they are moot
        self.save_window_state()
        if self._help_dialog is not None:
            self._help_dialog.close()
        if self._owns_store:
            self.store.close()
            self._owns_store = False
        super().closeEvent(event)
