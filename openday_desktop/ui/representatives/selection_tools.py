"""Puts the representatives work into the main window: 导入名册, 名单与遴选, 签到模式.

``install_selection_tools(window)`` adds the actions (a toolbar button on the 代表 and 活动 tabs,
menu entries, the 活动 table's context menu) and owns the windows they open, so the main window
only needs one line. The windows themselves are imported when first used (start-up stays lean).

Public API for other features: ``tools.start_import(event_id=None)``,
``tools.open_selection(event_id=None)``, ``tools.open_signin(event_id=None)``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.actions import make_action
from openday_desktop.ui.common.icons import icon

if TYPE_CHECKING:
    from openday_desktop.imports import ImportReport
    from openday_desktop.ui.common.app_window import AppWindow
    from openday_desktop.ui.representatives.import_dialogs import (
        ImportPreviewDialog,
        ImportReportDialog,
    )
    from openday_desktop.ui.representatives.selection_window import SelectionWindow
    from openday_desktop.ui.representatives.signin_mode import SignInWindow

EVENT_MENU_NAME = "eventMenu"
REFRESH_KINDS = frozenset({"people", "invitations", "events", "settings", "categories"})


class SelectionTools(QObject):
    """The representatives actions and the windows they opened, for one main window."""

    def __init__(self, window: AppWindow) -> None:
        super().__init__(window)
        self.window = window
        self.import_dialog: ImportPreviewDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.selection_windows: dict[int, SelectionWindow] = {}
        self.signin_windows: dict[int, SignInWindow] = {}
        self._notifying = False
        self._build_actions()
        self._place_actions()
        self._connect_signals()
        self._update_actions()

    # --- actions --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        window = self.window
        self.import_action = QAction(icon("import"), "导入名册(&I)…", window)
        self.import_action.setIconText("导入名册")
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setToolTip(
            "从 Excel、CSV 名册或个人报名表（Excel/Word）导入代表，可多选；也可把文件拖到“代表”页（Ctrl+I）"
        )
        self.import_action.setStatusTip(
            "从村（社区）报来的名册或群众交来的个人报名表导入代表；单个文件先预览再导入"
        )
        self.selection_action = QAction(icon("list"), "名单与遴选(&L)…", window)
        self.selection_action.setIconText("名单与遴选")
        self.selection_action.setToolTip("选中活动的代表名单：添加、审核、名额、规则检查、推荐")
        self.selection_action.setStatusTip(self.selection_action.toolTip())
        self.signin_action = QAction(icon("signin"), "签到模式(&Q)…", window)
        self.signin_action.setIconText("签到模式")
        self.signin_action.setToolTip("活动当天的大字签到窗口（选中的活动，或今天的活动）")
        self.signin_action.setStatusTip(self.signin_action.toolTip())

    def _place_actions(self) -> None:
        window = self.window
        window.representatives_tab.toolbar.addAction(self.import_action)
        # Rosters and e-mailed 报名表 dropped on the 代表 tab are imported.
        window.representatives_tab.setAcceptDrops(True)
        window.representatives_tab.installEventFilter(self)
        file_actions = window.file_menu.actions()
        position = (
            file_actions.index(window.open_action) + 1 if window.open_action in file_actions else 0
        )
        before = file_actions[position] if position < len(file_actions) else None
        # PySide6's stubs forbid None for ``before``; Qt takes it as "at the end".
        window.file_menu.insertAction(before, self.import_action)  # type: ignore[arg-type]

        events_tab = window.events_tab
        events_tab.toolbar.addAction(self.selection_action)
        events_tab.toolbar.addAction(self.signin_action)
        # An actions context menu lets other features add their own entries beside these.
        events_tab.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        events_tab.view.addAction(self.selection_action)
        events_tab.view.addAction(self.signin_action)

        menu = self.event_menu()
        # 新建活动 heads the 活动 menu, whichever feature made the menu first.
        self.new_event_action = make_action(
            self.window,
            "新建活动(&N)…",
            self._new_event,
            tip="在“活动”页新建一个活动",
            icon=icon("add"),
        )
        self.new_event_action.setObjectName("newEventAction")
        first = menu.actions()[0] if menu.actions() else None
        # PySide6's stubs forbid None for ``before``; Qt takes it as "at the end".
        menu.insertAction(first, self.new_event_action)  # type: ignore[arg-type]
        if first is not None:
            menu.insertSeparator(first)
        menu.addAction(self.selection_action)
        menu.addAction(self.signin_action)

    def _new_event(self) -> None:
        tab = self.window.events_tab
        self.window.tabs.setCurrentWidget(tab)
        tab.add_record()

    def event_menu(self) -> QMenu:
        """The window's 活动 menu (created before 帮助 when no feature has made it yet)."""
        menu = self.window.findChild(QMenu, EVENT_MENU_NAME)
        if menu is None:
            menu = self.window.add_menu("活动(&A)")
            menu.setObjectName(EVENT_MENU_NAME)
        return menu

    def _connect_signals(self) -> None:
        window = self.window
        self.import_action.triggered.connect(lambda: self.start_import())
        self.selection_action.triggered.connect(lambda: self.open_selection())
        self.signin_action.triggered.connect(lambda: self.open_signin())
        window.events_tab.selection_changed.connect(self._update_actions)
        window.data_changed.connect(self._on_data_changed)
        window.store_changed.connect(self._on_store_changed)

    def _update_actions(self) -> None:
        self.selection_action.setEnabled(self.window.events_tab.current_id() is not None)

    # --- choosing the event ---------------------------------------------------------------

    def _chosen_event(self, event_id: int | None, *, allow_today: bool = False) -> int | None:
        if event_id is not None:
            return event_id
        selected = self.window.events_tab.current_id()
        if selected is not None:
            return selected
        if allow_today:
            today = [e.id for e in self.window.store.events.list() if e.date == date.today()]
            if len(today) == 1:
                return today[0]
        messages.warning(self.window, "请先在“活动”页中选中一个活动。")
        return None

    # --- 导入名册 --------------------------------------------------------------------------

    def start_import(self, event_id: int | None = None) -> ImportPreviewDialog | None:
        """Ask for rosters or forms; one file opens its preview (window-modal), several are
        imported at once with one report. None when cancelled or when several were chosen."""
        from openday_desktop.ui.representatives.import_dialogs import choose_roster_files

        paths = choose_roster_files(self.window)
        if not paths:
            return None
        return self.import_paths(paths, event_id)

    def import_paths(
        self, paths: list[Path], event_id: int | None = None
    ) -> ImportPreviewDialog | None:
        """One file: its preview dialog; several files or a folder: imported with one report."""
        from openday_desktop.ui.representatives.import_dialogs import open_preview

        if len(paths) > 1 or paths[0].is_dir():
            self.import_many(paths, event_id)
            return None
        path = paths[0]
        dialog = open_preview(self.window.store, path, self.window, event_id=event_id)
        if dialog is None:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda report, d=dialog: self._on_imported(report, d))
        dialog.destroyed.connect(lambda: setattr(self, "import_dialog", None))
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def import_many(self, paths: list[Path], event_id: int | None = None) -> ImportReport | None:
        """Import many rosters or one-person forms into the pool (and the event), one report."""
        from openday_desktop.services.roster_import import import_rosters
        from openday_desktop.ui.common.busy import wait_cursor
        from openday_desktop.ui.representatives.import_dialogs import ImportReportDialog

        try:
            with wait_cursor():
                report = import_rosters(self.window.store, paths, event_id)
        except OpenDayError as exc:
            messages.error(self.window, exc.message)
            return None
        self.notify("people")
        if report.invited:
            self.notify("invitations")
        result = ImportReportDialog(report, self.window)
        result.setWindowTitle(f"导入结果 - {len(report.files)}个文件")
        result.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        result.destroyed.connect(lambda: setattr(self, "report_dialog", None))
        self.report_dialog = result
        result.open()
        return report

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Files dropped on the 代表 tab are imported (one: preview; several: at once)."""
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            mime = event.mimeData()  # type: ignore[attr-defined]
            if mime.hasUrls() and _local_paths(mime.urls()):
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif event.type() == QEvent.Type.Drop:
            paths = _local_paths(event.mimeData().urls())  # type: ignore[attr-defined]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.import_paths(paths)
                return True
        return super().eventFilter(watched, event)

    def _on_imported(self, report: ImportReport, dialog: ImportPreviewDialog) -> None:
        from openday_desktop.ui.representatives.import_dialogs import ImportReportDialog

        event_title = ""
        event_id = dialog.selected_event_id()
        if event_id is not None:
            event_title = dialog.event_combo.currentText()
        self.notify("people")
        if report.invited:
            self.notify("invitations")
        result = ImportReportDialog(
            report,
            self.window,
            name_column=dialog.preview.mapping.get("name"),
            event_title=event_title,
        )
        result.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        result.destroyed.connect(lambda: setattr(self, "report_dialog", None))
        self.report_dialog = result
        result.open()

    # --- 名单与遴选 and 签到模式 --------------------------------------------------------------

    def open_selection(self, event_id: int | None = None) -> SelectionWindow | None:
        """The selection window of an event (the selected one by default); one per event."""
        event_id = self._chosen_event(event_id)
        if event_id is None:
            return None
        existing = self.selection_windows.get(event_id)
        if existing is not None:
            self._bring_up(existing)
            return existing
        from openday_desktop.ui.common.busy import wait_cursor
        from openday_desktop.ui.representatives.selection_window import SelectionWindow

        try:
            with wait_cursor():
                window = SelectionWindow(self.window.store, event_id, self.window)
        except OpenDayError as exc:
            messages.error(self.window, exc.message)
            return None
        window.changed.connect(lambda kind, w=window: self._on_child_changed(kind, w))
        window.signin_requested.connect(lambda eid: self.open_signin(eid))
        window.destroyed.connect(lambda _=None, e=event_id: self.selection_windows.pop(e, None))
        self.selection_windows[event_id] = window
        self._bring_up(window)
        return window

    def open_signin(self, event_id: int | None = None) -> SignInWindow | None:
        """The sign-in desk of an event (selected, or today's when only one is today)."""
        event_id = self._chosen_event(event_id, allow_today=True)
        if event_id is None:
            return None
        existing = self.signin_windows.get(event_id)
        if existing is not None:
            self._bring_up(existing)
            return existing
        from openday_desktop.services.attendance import BACKFILL, attendance_mode, backfill_note
        from openday_desktop.ui.representatives.signin_mode import SignInWindow

        store = self.window.store
        try:
            # On the day: the desk. Afterwards: only as an explicit 补录. Before, or archived: no.
            backfill = attendance_mode(store, event_id) == BACKFILL
            if backfill and not messages.confirm(
                self.window, backfill_note(store.events.get(event_id).date), yes="补录"
            ):
                return None
            window = SignInWindow(store, event_id, self.window, backfill=backfill)
        except OpenDayError as exc:
            messages.error(self.window, exc.message)
            return None
        window.changed.connect(lambda kind, w=window: self._on_child_changed(kind, w))
        window.destroyed.connect(lambda _=None, e=event_id: self.signin_windows.pop(e, None))
        self.signin_windows[event_id] = window
        self._bring_up(window)
        window.input.setFocus()
        return window

    @staticmethod
    def _bring_up(window: QWidget) -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    # --- keeping everything in step -------------------------------------------------------

    def children_windows(self) -> list[Any]:
        """Every open selection and sign-in window."""
        return [*self.selection_windows.values(), *self.signin_windows.values()]

    def notify(self, kind: str) -> None:
        """Tell the main window (tabs, status bar, other features) that ``kind`` changed."""
        self._notifying = True
        try:
            self.window.notify_changed(kind)
        finally:
            self._notifying = False

    def _on_child_changed(self, kind: str, source: QWidget) -> None:
        for child in self.children_windows():
            if child is not source:
                child.refresh()
        self.notify(kind)
        if kind == "people":
            self.notify("invitations")

    def _on_data_changed(self, kind: str) -> None:
        if self._notifying or kind not in REFRESH_KINDS:
            return
        for child in self.children_windows():
            child.refresh()
        self._update_actions()

    def _on_store_changed(self, _store: object) -> None:
        for child in self.children_windows():
            child.close()
        self._update_actions()


def install_selection_tools(window: AppWindow) -> SelectionTools:
    """Add the representatives actions to ``window``; keep the returned object as long as the window."""
    return SelectionTools(window)


def _local_paths(urls: list[Any]) -> list[Path]:
    """The local files and folders among dropped URLs."""
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
