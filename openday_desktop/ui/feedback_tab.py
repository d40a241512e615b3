"""The 意见建议 tab: suggestions from every event and how they are being handled."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QWidget

from openday_desktop.storage import Store
from openday_desktop.ui import messages
from openday_desktop.ui.record_tab import RecordTab
from openday_desktop.ui.table_models import (
    COL_FEEDBACK_CONTENT,
    FEEDBACK_COLUMNS,
    FEEDBACK_OVERDUE_FIELD,
    Row,
    feedback_row,
)


class FeedbackTab(RecordTab):
    """Search, add, edit and delete feedback; overdue items still open are shown in red."""

    kind = "feedback"
    watches = frozenset({"feedback", "events"})
    noun = "意见建议"
    search_hint = "查找内容、活动、分类、责任单位…"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, FEEDBACK_COLUMNS, parent, highlight_field=FEEDBACK_OVERDUE_FIELD)
        self.setObjectName("feedbackTab")

    def _event_titles(self) -> dict[int, str]:
        return {event.id: event.title for event in self.store.events.list() if event.id}

    def load_rows(self) -> list[Row]:
        """One row per item, oldest first (the order they were recorded)."""
        titles = self._event_titles()
        today = date.today()
        return [feedback_row(item, titles, today) for item in self.store.feedback.list()]

    def load_row(self, record_id: int) -> Row | None:
        """The row of the item the dialog just saved."""
        return feedback_row(self.store.feedback.get(record_id), self._event_titles(), date.today())

    def create_editor(self, record_id: int | None) -> QDialog | None:
        """The feedback dialog; refuses kindly while there is no event to attach it to."""
        if record_id is None and self.store.events.count() == 0:
            messages.warning(self, "还没有活动。请先在“活动”页新建活动，再登记意见建议。")
            return None
        from openday_desktop.ui.feedback_dialog import FeedbackDialog

        return FeedbackDialog(self.store, record_id, self)

    def delete_records(self, record_ids: list[int]) -> None:
        """Delete items in one transaction."""
        with self.store.transaction():
            for feedback_id in record_ids:
                self.store.feedback.delete(feedback_id)

    def describe_for_delete(self, rows: list[Row]) -> str:
        """Quote the start of the item so the user knows which one goes."""
        if len(rows) == 1:
            content = str(rows[0][FEEDBACK_COLUMNS[COL_FEEDBACK_CONTENT].field])
            short = content if len(content) <= 30 else content[:30] + "…"
            return f"确定要删除第 {rows[0][0]} 号意见建议吗？\n“{short}”\n此操作不能撤销。"
        return f"确定要删除选中的 {len(rows)} 条意见建议吗？此操作不能撤销。"
