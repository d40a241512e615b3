"""The 意见建议 tab: suggestions from every event and how they are being handled.

Above the table: a banner while items are overdue and the fast-entry strip (ui.feedback_entry)
for typing in a stack of paper suggestions. The toolbar carries the handling steps
(交办, 答复, 办结, 回访, 公开; ui.feedback_actions) for the selected items.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.feedback import (
    ASSIGNABLE,
    CLOSABLE,
    FOLLOWABLE,
    PUBLISHABLE,
    REPLIABLE,
)
from openday_desktop.domain.models import Feedback
from openday_desktop.storage import Store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.actions import make_action
from openday_desktop.ui.common.record_tab import RecordTab
from openday_desktop.ui.common.table_models import (
    COL_FEEDBACK_CONTENT,
    COL_FEEDBACK_STATUS,
    FEEDBACK_COLUMNS,
    FEEDBACK_OVERDUE_FIELD,
    Row,
    feedback_row,
)

if TYPE_CHECKING:
    from openday_desktop.imports import ImportReport
    from openday_desktop.ui.common.form_dialog import FormDialog
    from openday_desktop.ui.feedback.feedback_entry import FeedbackEntryPanel

BANNER_STYLE = (
    "QLabel { background: #fdecea; color: #8e1c1c; border: 1px solid #f5c2c0;"
    " border-radius: 3px; padding: 4px 8px; }"
)
OVERDUE_FILTER = "已逾期"

# Action name -> (button text, tooltip, statuses it is offered for: domain.feedback's rules).
_HANDLING: tuple[tuple[str, str, str, frozenset[str]], ...] = (
    ("assign", "交办…", "交给责任单位办理并定下办理时限（待交办、办理中的）", ASSIGNABLE),
    ("reply", "答复…", "登记给提出人的答复和是否采纳（办理中、已答复的）", REPLIABLE),
    ("close", "办结…", "登记整改结果并办结（办理中、已答复的）", CLOSABLE),
    ("follow_up", "回访…", "登记回访日期和满意度（已答复、已办结的）", FOLLOWABLE),
    ("publish", "公开", "标记办理结果已公开（已有答复的）", PUBLISHABLE),
)


def event_titles(store: Store) -> dict[int, str]:
    """Event titles by id, for the feedback rows."""
    return {event.id: event.title for event in store.events.list() if event.id}


def feedback_authors(store: Store, items: list[Feedback]) -> dict[int, str]:
    """Names of the people who raised ``items`` (for the 提出人 column)."""
    ids = [item.person_id for item in items if item.person_id is not None]
    return {pid: person.name for pid, person in store.people.get_many(ids).items()}


def read_feedback_rows(store: Store) -> list[Row]:
    """Every suggestion's table row, oldest first (no Qt: may run in a worker thread)."""
    titles = event_titles(store)
    today = date.today()
    items = store.feedback.list()
    authors = feedback_authors(store, items)
    return [feedback_row(item, titles, today, authors) for item in items]


class FeedbackTab(RecordTab):
    """Search, add, edit, handle and delete feedback; overdue items still open are shown in red."""

    kind = "feedback"
    watches = frozenset({"feedback", "events", "settings"})
    noun = "意见建议"
    search_hint = "查找内容、活动、分类、责任单位…"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, FEEDBACK_COLUMNS, parent, highlight_field=FEEDBACK_OVERDUE_FIELD)
        self.setObjectName("feedbackTab")
        self.overdue_count = 0
        self.handling_dialog: QDialog | None = None
        self.import_report_dialog: QDialog | None = None
        self._entry: FeedbackEntryPanel | None = None
        self._build_followup()
        # Every change of the rows (reload, one saved item, deletions) recounts the overdue.
        self.model.modelReset.connect(self._count_overdue)

    # --- building -------------------------------------------------------------------------

    def _build_followup(self) -> None:
        self.banner = QLabel(self)
        self.banner.setObjectName("overdueBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setVisible(False)
        self.banner.linkActivated.connect(self._on_banner_link)
        self._main_layout().insertWidget(1, self.banner)

        self.entry_action = QAction("快速录入", self)
        self.entry_action.setCheckable(True)
        self.entry_action.setChecked(True)
        self.entry_action.setShortcut(QKeySequence("Ctrl+L"))
        self.entry_action.setToolTip("显示或隐藏快速录入栏，光标移到“内容”（Ctrl+L）")
        self.entry_action.toggled.connect(self._on_entry_toggled)
        self.toolbar.addAction(self.entry_action)
        self.import_action = QAction("导入意见建议…", self)
        self.import_action.setObjectName("importFeedbackAction")
        self.import_action.setToolTip(
            "从 Excel 或 CSV 表格导入快速录入栏所选活动的意见建议，有问题的行列在报告中"
        )
        self.import_action.triggered.connect(self.import_from_file)
        self.toolbar.addAction(self.import_action)
        self.toolbar.addSeparator()
        self.handling_actions: dict[str, QAction] = {}
        slots: dict[str, Callable[[], None]] = {
            "assign": self.assign_selected,
            "reply": self.reply_selected,
            "close": self.close_selected,
            "follow_up": self.follow_up_selected,
            "publish": self.publish_selected,
        }
        for name, text, tip, _statuses in _HANDLING:
            action = make_action(self, text, slots[name], tip=tip)
            action.setObjectName(f"{name}Action")
            self.toolbar.addAction(action)
            self.handling_actions[name] = action
        self.selection_changed.connect(self._update_handling_actions)
        self._update_handling_actions()

    def _main_layout(self) -> QVBoxLayout:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        return layout

    @property
    def entry(self) -> FeedbackEntryPanel:
        """The fast-entry strip, built when first needed (it would slow down start-up)."""
        if self._entry is None:
            from openday_desktop.ui.feedback.feedback_entry import FeedbackEntryPanel

            entry = FeedbackEntryPanel(self.store, self)
            entry.saved.connect(self._on_entry_saved)
            self._main_layout().insertWidget(2, entry)
            # After inserting: a child added to a visible tab is otherwise shown a turn later.
            entry.setVisible(self.entry_action.isChecked())
            self._main_layout().activate()
            self._entry = entry
        return self._entry

    @property
    def entry_built(self) -> bool:
        """True once the fast-entry strip exists."""
        return self._entry is not None

    def showEvent(self, event: QShowEvent) -> None:
        self.entry  # noqa: B018  (built on first show)
        super().showEvent(event)

    # --- rows -----------------------------------------------------------------------------

    def _event_titles(self) -> dict[int, str]:
        return event_titles(self.store)

    def _row(self, item: Feedback, titles: dict[int, str], today: date) -> Row:
        return feedback_row(item, titles, today, feedback_authors(self.store, [item]))

    def load_rows(self) -> list[Row]:
        """One row per item, oldest first (the order they were recorded)."""
        return read_feedback_rows(self.store)

    def read_rows(self) -> Callable[[Store], Sequence[Row]]:
        """The rows read from any store (used off the GUI thread for a long list)."""
        return read_feedback_rows

    def row_count_estimate(self) -> int:
        """How many suggestions there are."""
        return self.store.feedback.count()

    def load_row(self, record_id: int) -> Row | None:
        """The row of the item the dialog just saved."""
        return self._row(self.store.feedback.get(record_id), self._event_titles(), date.today())

    def reload(self) -> None:
        """Reload the rows and the entry strip's lists (events, categories, people)."""
        super().reload()
        if self._entry is not None and self._entry.loaded:
            self._entry.reload_events()

    def set_store(self, store: Store) -> None:
        """Switch to another open database."""
        if self._entry is not None:
            self._entry.set_store(store)
        super().set_store(store)

    def create_editor(self, record_id: int | None) -> FormDialog | None:
        """The feedback dialog; refuses kindly while there is no event to attach it to."""
        if record_id is None and self.store.events.count() == 0:
            messages.warning(self, "还没有活动。请先在“活动”页新建活动，再登记意见建议。")
            return None
        from openday_desktop.ui.feedback.feedback_dialog import FeedbackDialog

        return FeedbackDialog(self.store, record_id, self)

    def delete_records(self, record_ids: list[int]) -> None:
        """Delete items in one transaction."""
        from openday_desktop.services.feedback import delete_feedback

        delete_feedback(self.store, record_ids)

    def describe_for_delete(self, rows: list[Row]) -> str:
        """Quote the start of the item so the user knows which one goes."""
        if len(rows) == 1:
            content = str(rows[0][FEEDBACK_COLUMNS[COL_FEEDBACK_CONTENT].field])
            short = content if len(content) <= 30 else content[:30] + "…"
            return f"确定要删除第 {rows[0][0]} 号意见建议吗？\n“{short}”\n此操作不能撤销。"
        return f"确定要删除选中的 {len(rows)} 条意见建议吗？此操作不能撤销。"

    # --- overdue --------------------------------------------------------------------------

    def _count_overdue(self) -> None:
        count = self.model.count_true(FEEDBACK_OVERDUE_FIELD)
        self.overdue_count = count
        if count:
            self.banner.setText(
                f"有 <b>{count}</b> 条意见建议已超过办理时限仍未办结（表中红色）。"
                f'&nbsp;<a href="filter">只看逾期的</a>'
            )
        self.banner.setVisible(count > 0)

    def _on_banner_link(self, _link: str) -> None:
        self.search_edit.setText(OVERDUE_FILTER)
        self.view.setFocus()

    # --- handling -------------------------------------------------------------------------

    def _selected_statuses(self) -> set[str]:
        field = FEEDBACK_COLUMNS[COL_FEEDBACK_STATUS].field
        return {str(self.model.row_tuple(row)[field]) for row in self.selected_rows()}

    def _update_handling_actions(self) -> None:
        statuses = self._selected_statuses()
        for name, _text, _tip, allowed in _HANDLING:
            self.handling_actions[name].setEnabled(bool(statuses) and statuses <= allowed)

    def selected_items(self) -> list[Feedback]:
        """The selected suggestions, fresh from the store."""
        return [self.store.feedback.get(feedback_id) for feedback_id in self.selected_ids()]

    def _open_handling(self, dialog_class_name: str) -> None:
        if self.handling_dialog is not None:
            self.handling_dialog.raise_()
            self.handling_dialog.activateWindow()
            return
        items = self.selected_items()
        if not items:
            return
        from openday_desktop.ui.feedback import feedback_actions

        try:
            dialog = getattr(feedback_actions, dialog_class_name)(self.store, items, self)
        except OpenDayError as exc:
            messages.error(self, exc.message)
            return
        self.handling_dialog = dialog
        dialog.saved.connect(self._on_handled)
        dialog.finished.connect(self._on_handling_finished)
        dialog.open()

    def assign_selected(self) -> None:
        """交办 the selected items (unit, person, deadline in working days)."""
        self._open_handling("AssignDialog")

    def reply_selected(self) -> None:
        """Record the answer to the selected items."""
        self._open_handling("ReplyDialog")

    def close_selected(self) -> None:
        """Close the selected items with their rectification result."""
        self._open_handling("CloseDialog")

    def follow_up_selected(self) -> None:
        """Record the call-back of the selected items."""
        self._open_handling("FollowUpDialog")

    def publish_selected(self) -> None:
        """Mark the selected answered items as published."""
        items = [item for item in self.selected_items() if not item.published]
        if not items:
            messages.info(self, "选中的意见建议都已标记为公开。")
            return
        from openday_desktop.services.feedback import publish_feedback

        try:
            ids = publish_feedback(self.store, [item.id for item in items if item.id is not None])
        except OpenDayError as exc:
            messages.warning(self, exc.message + "\n没有做任何修改。")
            return
        self._on_handled(ids)

    def _on_handled(self, ids: list[int]) -> None:
        titles, today = self._event_titles(), date.today()
        for feedback_id in ids:
            self.model.upsert_row(self._row(self.store.feedback.get(feedback_id), titles, today))
        self.select_ids(ids)
        self.changed.emit(self.kind)

    def _on_handling_finished(self, _result: int) -> None:
        dialog = self.handling_dialog
        self.handling_dialog = None
        if dialog is not None:
            dialog.deleteLater()
        self.view.setFocus()

    # --- entry ----------------------------------------------------------------------------

    def import_from_file(self, path: Path | None = None) -> ImportReport | None:
        """Import a spreadsheet of suggestions into the event chosen in the entry strip."""
        from openday_desktop.services.feedback_import import import_feedback
        from openday_desktop.ui.common.busy import wait_cursor
        from openday_desktop.ui.representatives.import_dialogs import ImportReportDialog

        event_id = self.entry.event_combo.currentData()
        if event_id is None:
            messages.warning(self, "请先在快速录入栏的“活动”中选择这些意见建议来自哪次活动。")
            return None
        if path is None:
            path = messages.open_path(
                self,
                "导入意见建议",
                "表格文件 (*.xlsx *.xlsm *.csv);;所有文件 (*)",
            )
        if path is None:
            return None
        try:
            with wait_cursor():
                report = import_feedback(self.store, path, int(event_id))
        except OpenDayError as exc:
            messages.error(self, f"{exc.message}\n没有导入任何意见建议。")
            return None
        self.reload()
        self.changed.emit(self.kind)
        dialog = ImportReportDialog(report, self, event_title=self.entry.event_combo.currentText())
        dialog.setWindowTitle(f"导入意见建议 - {report.file_name}")
        dialog.summary_label.setText(
            f"导入意见建议{report.imported}条。"
            + (
                f"{len(report.error_rows)}行有错误未导入，请查看下面的明细。"
                if report.errors
                else ""
            )
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_report_dialog = dialog
        dialog.open()
        return report

    def _on_entry_toggled(self, shown: bool) -> None:
        self.entry.setVisible(shown)
        if shown:
            self.entry.content_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_entry_saved(self, record_id: int) -> None:
        self._on_saved(record_id)
        # Keep typing: the table shows the new row, the cursor stays in the strip.
        self.entry.content_edit.setFocus(Qt.FocusReason.OtherFocusReason)
