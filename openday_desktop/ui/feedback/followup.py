"""Follow-through in the main window: the 概览 tab, the 跟踪 menu, event deadlines, overdue notice.

``install_followup(window)`` is called once by MainWindow. Everything it adds lives in the
feature's own modules, loaded when first used: the holiday tables (``chinese_calendar``) after
the window has appeared, QtCharts when the 概览 tab is first shown, each dialog when opened.
Start-up pays for none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from openday_desktop.domain import colours
from openday_desktop.storage import Store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.actions import make_action
from openday_desktop.ui.common.first_paint import FirstPaint, after_first_paint
from openday_desktop.ui.feedback.feedback_tab import OVERDUE_FILTER

if TYPE_CHECKING:
    from openday_desktop.ui.common.app_window import AppWindow
    from openday_desktop.ui.dashboard.dashboard import DashboardView

# The events table gets its deadline column this long after start-up (after the first paint).
DEADLINES_DELAY_MS = 300
OVERDUE_STYLE = f"QLabel {{ color: {colours.ERROR}; padding: 0 6px; }}"
DASHBOARD_TITLE = "概览"

# Data kinds (MainWindow.data_changed) and what they invalidate.
DASHBOARD_KINDS = frozenset(
    {"events", "feedback", "invitations", "people", "questionnaires", "calendar", "settings"}
)
DEADLINE_KINDS = frozenset({"calendar", "settings"})
PEOPLE_KINDS = frozenset({"invitations", "people"})


def event_deadline_texts(store: Store) -> dict[int, str]:
    """Every event's next-deadline text by event id (events that are done are left out)."""
    from openday_desktop.domain.lifecycle import deadline_text
    from openday_desktop.storage.statistics import next_deadlines

    return {
        event_id: deadline_text(deadline)
        for event_id, deadline in next_deadlines(store).items()
        if deadline is not None
    }


class DashboardHost(QWidget):
    """The 概览 tab: empty until first shown, then it builds the dashboard (which loads QtCharts)."""

    def __init__(self, window: AppWindow, followup: FollowUp) -> None:
        super().__init__(window)
        self.setObjectName("dashboardTab")
        self.window_ = window
        self.followup = followup
        self.view: DashboardView | None = None
        self.dirty = False
        self._build_watch: FirstPaint | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel("正在加载概览…", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.placeholder)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.view is None and self._build_watch is None:
            # Paint the tab (and, at start-up, the window) first, then build.
            self._build_watch = after_first_paint(self, self.ensure_built)
        elif self.dirty:
            self.refresh()

    def ensure_built(self) -> DashboardView:
        """Build the dashboard now if it is not built yet."""
        if self.view is None:
            from openday_desktop.ui.dashboard.dashboard import DashboardView

            view = DashboardView(self.window_.store, self)
            followup = self.followup
            view.open_event.connect(followup.show_event)
            view.open_feedback.connect(followup.show_feedback)
            view.calendar_requested.connect(followup.show_calendar)
            self.placeholder.hide()
            self._layout.addWidget(view)
            view.show()  # added to a visible tab: Qt would only show it a turn later
            self.view = view
            self.dirty = False
        return self.view

    def mark_dirty(self) -> None:
        """Data changed: refresh now when visible, else when next shown."""
        if self.view is None:
            return
        self.dirty = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Reread every figure."""
        if self.view is not None:
            self.view.refresh()
        self.dirty = False

    def set_store(self, store: Store) -> None:
        """Another database was opened."""
        if self.view is not None:
            self.view.store = store
            self.mark_dirty()


class FollowUp(QObject):
    """The follow-through parts of one main window, and the dialogs they open."""

    def __init__(self, window: AppWindow) -> None:
        super().__init__(window)
        self.window = window
        self.lifecycle_dialog: QDialog | None = None
        self.calendar_dialog: QDialog | None = None
        self.questionnaire_dialog: QDialog | None = None
        self.question_editor: QDialog | None = None
        self.trail_dialog: QDialog | None = None
        self.deadlines_installed = False
        self.dashboard = DashboardHost(window, self)
        window.add_tab(self.dashboard, DASHBOARD_TITLE)
        self._build_actions()
        self._build_menu()
        self._build_event_actions()
        self._build_overdue_label()
        window.data_changed.connect(self._on_data_changed)
        window.store_changed.connect(self._on_store_changed)
        QTimer.singleShot(DEADLINES_DELAY_MS, self, self.install_deadlines)
        self.announce_overdue()

    # --- building -------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        return make_action(self.window, text, slot, tip=tip)

    def _build_actions(self) -> None:
        self.dashboard_action = self._action(
            "概览(&O)", self.show_dashboard, "到期事项、逾期意见建议和年度数据"
        )
        self.lifecycle_action = self._action(
            "推进活动状态(&S)…", self.show_lifecycle, "把选中的活动推进到下一步并记下日期"
        )
        self.questionnaire_action = self._action(
            "录入满意度问卷(&Q)…", self.show_questionnaire, "逐份录入收回的纸质问卷，查看满意率"
        )
        self.question_editor_action = self._action(
            "编辑问卷题目(&E)…", self.show_question_editor, "增删、修改、调整问卷题目"
        )
        self.calendar_action = self._action(
            "节假日安排(&H)…", self.show_calendar, "查看和录入各年的法定节假日与调休安排"
        )
        self.trail_action = self._action(
            "活动记录(&R)…",
            self.show_trail,
            "选中活动的公开记录、照片视频等附件、到场领导和工作人员、座谈记录",
        )

    def _build_menu(self) -> None:
        self.menu = self.window.add_menu("跟踪(&G)")
        self.menu.setObjectName("followupMenu")
        self.menu.addAction(self.dashboard_action)
        self.menu.addSeparator()
        self.menu.addAction(self.lifecycle_action)
        self.menu.addAction(self.trail_action)
        self.menu.addSeparator()
        self.menu.addAction(self.questionnaire_action)
        self.menu.addAction(self.question_editor_action)
        self.menu.addSeparator()
        self.menu.addAction(self.calendar_action)

    def _build_event_actions(self) -> None:
        tab = self.window.events_tab
        self.event_lifecycle_action = self._action(
            "推进状态…", self.show_lifecycle, "把选中的活动推进到下一步并记下日期"
        )
        self.event_questionnaire_action = self._action(
            "录入问卷…", self.show_questionnaire, "录入这次活动收回的满意度问卷"
        )
        self.event_trail_action = self._action(
            "活动记录…", self.show_trail, "公开记录、影像资料、到场领导和工作人员、座谈记录"
        )
        tab.toolbar.addAction(self.event_lifecycle_action)
        tab.toolbar.addAction(self.event_trail_action)
        tab.toolbar.addAction(self.event_questionnaire_action)
        tab.selection_changed.connect(self._update_event_actions)
        self._update_event_actions()

    def _update_event_actions(self) -> None:
        selected = self.window.events_tab.view.selectionModel().hasSelection()
        self.event_lifecycle_action.setEnabled(selected)
        self.event_trail_action.setEnabled(selected)

    # --- start-up -------------------------------------------------------------------------

    def install_deadlines(self) -> None:
        """Give the events table its next-deadline column (loads the holiday tables)."""
        tab = self.window.events_tab
        tab.deadline_texts = lambda: event_deadline_texts(self.window.store)
        self.deadlines_installed = True
        if tab.loaded and self.window.isVisible():  # not once the window was closed
            tab.reload()

    def _build_overdue_label(self) -> None:
        # A permanent part of the status bar: seen on every tab, nothing to click away.
        self.overdue_label = QLabel(self.window)
        self.overdue_label.setObjectName("overdueLabel")
        self.overdue_label.setStyleSheet(OVERDUE_STYLE)
        self.overdue_label.setTextFormat(Qt.TextFormat.RichText)
        self.overdue_label.setToolTip("点击查看逾期的意见建议")
        self.overdue_label.linkActivated.connect(self._on_overdue_link)
        self.window.statusBar().addPermanentWidget(self.overdue_label)

    def announce_overdue(self) -> None:
        """Show in the status bar how many suggestions are overdue (hidden when none)."""
        # Counted in the database: the feedback tab loads its rows only when first shown.
        count = self.window.store.feedback.count_overdue(date.today())
        self.overdue_label.setText(
            f"<a href='overdue' style='color:{colours.ERROR}'>⚠ {count} 条意见建议已逾期</a>"
        )
        self.overdue_label.setVisible(count > 0)

    def _on_overdue_link(self, _link: str) -> None:
        tab = self.window.feedback_tab
        self.window.tabs.setCurrentWidget(tab)
        tab.search_edit.setText(OVERDUE_FILTER)

    # --- opening things -------------------------------------------------------------------

    def show_dashboard(self) -> None:
        """Switch to the 概览 tab."""
        self.window.tabs.setCurrentWidget(self.dashboard)

    def show_event(self, event_id: int) -> None:
        """Show an event in the 活动 tab."""
        tab = self.window.events_tab
        self.window.tabs.setCurrentWidget(tab)
        tab.search_edit.clear()
        tab.select_ids([event_id])

    def show_feedback(self, feedback_id: int) -> None:
        """Show a suggestion in the 意见建议 tab."""
        tab = self.window.feedback_tab
        self.window.tabs.setCurrentWidget(tab)
        tab.search_edit.clear()
        tab.select_ids([feedback_id])

    def _open(self, name: str, dialog: QDialog, *, modal: bool = True) -> None:
        setattr(self, name, dialog)

        def finished(_result: int) -> None:
            if getattr(self, name) is dialog:
                setattr(self, name, None)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        if modal:
            dialog.open()  # window-modal without a nested event loop
        else:
            dialog.show()

    def _raise_open(self, name: str) -> bool:
        dialog = getattr(self, name)
        if dialog is None:
            return False
        dialog.raise_()
        dialog.activateWindow()
        return True

    def show_lifecycle(self) -> None:
        """推进状态 of the selected event."""
        if self._raise_open("lifecycle_dialog"):
            return
        event_id = self.window.events_tab.current_id()
        if event_id is None:
            messages.info(self.window, "请先在“活动”页选中要推进状态的活动。")
            self.window.tabs.setCurrentWidget(self.window.events_tab)
            return
        from openday_desktop.ui.events.lifecycle_dialog import LifecycleDialog

        dialog = LifecycleDialog(self.window.store, event_id, self.window)
        dialog.saved.connect(lambda _id: self.window.notify_changed("events"))
        self._open("lifecycle_dialog", dialog)

    def show_trail(self) -> None:
        """活动记录 of the selected event: publications, attachments, officials, notes."""
        if self._raise_open("trail_dialog"):
            return
        event_id = self.window.events_tab.current_id()
        if event_id is None:
            messages.info(self.window, "请先在“活动”页选中要查看或登记记录的活动。")
            self.window.tabs.setCurrentWidget(self.window.events_tab)
            return
        from openday_desktop.ui.events.trail_dialog import TrailDialog

        dialog = TrailDialog(self.window.store, event_id, self.window)
        dialog.changed.connect(lambda _id: self.window.notify_changed("events"))
        self._open("trail_dialog", dialog)

    def show_calendar(self) -> None:
        """The 节假日安排 dialog."""
        if self._raise_open("calendar_dialog"):
            return
        from openday_desktop.ui.events.calendar_dialog import CalendarDialog

        dialog = CalendarDialog(self.window.store, self.window)
        dialog.saved.connect(lambda _years: self.window.notify_changed("calendar"))
        self._open("calendar_dialog", dialog)

    def show_questionnaire(self) -> None:
        """Type in the returned questionnaires of the chosen event."""
        if self._raise_open("questionnaire_dialog"):
            return
        if self.window.store.events.count() == 0:
            messages.info(self.window, "还没有活动。请先在“活动”页新建活动，再录入问卷。")
            return
        from openday_desktop.ui.feedback.questionnaire_dialogs import QuestionnaireEntryDialog

        dialog = QuestionnaireEntryDialog(
            self.window.store, self.window.events_tab.chosen_event_id(), self.window
        )
        dialog.changed.connect(lambda: self.window.notify_changed("questionnaires"))
        dialog.feedback_created.connect(lambda _id: self.window.notify_changed("feedback"))
        # Not modal: the clerk may look things up in the main window meanwhile.
        self._open("questionnaire_dialog", dialog, modal=False)

    def show_question_editor(self) -> None:
        """Edit the unit's questionnaire."""
        if self._raise_open("question_editor"):
            return
        from openday_desktop.ui.feedback.questionnaire_dialogs import QuestionEditorDialog

        dialog = QuestionEditorDialog(self.window.store, self.window)
        dialog.changed.connect(lambda: self.window.notify_changed("questionnaires"))
        self._open("question_editor", dialog)

    # --- slots ----------------------------------------------------------------------------

    def _on_data_changed(self, kind: str) -> None:
        if kind in DASHBOARD_KINDS:
            self.dashboard.mark_dirty()
        if kind in DEADLINE_KINDS and self.deadlines_installed and self.window.events_tab.loaded:
            self.window.events_tab.reload()
        if kind in PEOPLE_KINDS and self.window.feedback_tab.entry_built:
            self.window.feedback_tab.entry.forget_people()
        if kind in ("feedback", "events"):
            self.announce_overdue()

    def _on_store_changed(self, store: Store) -> None:
        # Dialogs opened on the previous database must not write into it any more.
        for name in (
            "lifecycle_dialog",
            "calendar_dialog",
            "questionnaire_dialog",
            "question_editor",
            "trail_dialog",
        ):
            dialog = getattr(self, name)
            if dialog is not None:
                dialog.reject()
        self.dashboard.set_store(store)
        self.announce_overdue()


def install_followup(window: AppWindow) -> FollowUp:
    """Add the follow-through parts to ``window``; keep the returned object as ``window.followup``."""
    return FollowUp(window)
