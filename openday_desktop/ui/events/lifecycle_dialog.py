"""推进状态: move an event along 筹备中 -> … -> 已归档, each step with its date.

The dialog shows every step with the date it was reached and its deadline on the working-day
calendar, the full history (corrections included), and offers only the moves that
``domain.lifecycle.allowed_targets`` allows. Saving goes through
``services.events.change_status``, which records skipped steps with the same date.

On an archived event the only move is 取消归档 (back to 已总结), which asks for a reason and
goes through ``services.events.unarchive_event``: the reason and date are kept in the
history shown here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.dates import chinese_date
from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.lifecycle import (
    ARCHIVED,
    allowed_targets,
    event_task_dates,
    is_locked,
    status_index,
    step_dates,
)
from openday_desktop.domain.models import EVENT_STATUSES, Event
from openday_desktop.services.events import change_status, unarchive_event
from openday_desktop.storage import Store
from openday_desktop.storage.statistics import deadline_rules, work_calendar
from openday_desktop.ui.common.date_fields import DateEdit, first_field_in_error
from openday_desktop.ui.common.form_dialog import (
    WARNING_STYLE,
    from_qdate,
    message_label,
    save_cancel_buttons,
    setup_date_edit,
    shown_text,
    to_qdate,
)


def step_rows(
    event: Event, history: list[tuple[str, date]], due: dict[str, date]
) -> list[tuple[str, str, str]]:
    """(step, reached on, due by) for every lifecycle step, as the dialog shows them."""
    reached = step_dates(history)
    current = status_index(event.status)
    rows = []
    for index, status in enumerate(EVENT_STATUSES):
        done = chinese_date(reached[status]) if index <= current and status in reached else ""
        if index <= current and not done:
            done = "已完成（未记日期）"
        limit = f"{chinese_date(due[status])}前" if status in due else ""
        rows.append((status, done, limit))
    return rows


class LifecycleDialog(QDialog):
    """Show an event's steps and record the next one; emits ``saved(event_id)``."""

    saved = Signal(int)

    def __init__(self, store: Store, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("推进活动状态")
        self.store = store
        self.event_id = event_id
        self.shown_event = store.events.get(event_id)
        self.archive_path: Path | None = None  # the package made when archiving
        self.history = store.events.status_history(event_id)
        calendar = work_calendar(store)
        tasks = event_task_dates(self.shown_event, calendar, deadline_rules(store))
        self.due = {status: day for _task, status, day in tasks}
        self._build(calendar.missing_message(self.due.values()))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

    def _build(self, missing: str) -> None:
        event = self.shown_event
        title = QLabel(
            f"<b>{event.title}</b>　{chinese_date(event.date)}　当前状态：<b>{event.status}</b>",
            self,
        )
        title.setObjectName("eventLabel")
        title.setWordWrap(True)

        self.steps_label = QLabel(self)
        self.steps_label.setObjectName("stepsLabel")
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        cells = []
        current = status_index(event.status)
        for index, (status, done, limit) in enumerate(step_rows(event, self.history, self.due)):
            mark = " ◀ 当前" if index == current else ""
            weight = "font-weight:bold;" if index == current else ""
            cells.append(
                f"<tr><td style='{weight}padding-right:16px'>{index + 1}. {status}{mark}</td>"
                f"<td style='padding-right:16px'>{done or '—'}</td>"
                f"<td style='color:#666'>{('时限：' + limit) if limit else ''}</td></tr>"
            )
        self.steps_label.setText("<table cellspacing='2'>" + "".join(cells) + "</table>")
        steps_box = QGroupBox("各步骤及日期", self)
        QVBoxLayout(steps_box).addWidget(self.steps_label)

        self.history_list = QListWidget(self)
        self.history_list.setObjectName("historyList")
        self.history_list.setMaximumHeight((self.fontMetrics().height() + 4) * 4 + 6)
        for status, day, reason in self.store.events.status_notes(self.event_id):
            self.history_list.addItem(
                f"{chinese_date(day)}　{status}" + (f"（{reason}）" if reason else "")
            )
        if not self.history:
            self.history_list.addItem("（还没有记录）")
        history_box = QGroupBox("历史记录（含退回更正）", self)
        QVBoxLayout(history_box).addWidget(self.history_list)

        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("targetCombo")
        targets = allowed_targets(event.status)
        for target in targets:
            back = status_index(target) < status_index(event.status)
            if back and is_locked(event):
                label = f"取消归档（退回到“{target}”，须写明原因）"
            elif back:
                label = f"退回到“{target}”（更正误操作）"
            else:
                label = target
            self.target_combo.addItem(label, target)
        forward = [t for t in targets if status_index(t) > status_index(event.status)]
        if forward:
            self.target_combo.setCurrentIndex(self.target_combo.findData(forward[0]))
        self.date_edit = DateEdit(self)
        self.date_edit.setObjectName("dateEdit")
        setup_date_edit(self.date_edit, date.today())
        self.date_edit.setMaximumDate(to_qdate(date.today()))
        form = QFormLayout()
        form.addRow("改为(&T)：", self.target_combo)
        form.addRow("日期(&D)：", self.date_edit)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setPlaceholderText("例如：更正签到记录（会记入历史记录）")
        if is_locked(event):
            form.addRow("取消归档原因(&R)：", self.reason_edit)
        else:
            self.reason_edit.setVisible(False)
        note = QLabel("跳过的步骤按同一日期一并记录。", self)
        note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", note)

        self.missing_label = QLabel(missing, self)
        self.missing_label.setObjectName("missingLabel")
        self.missing_label.setStyleSheet(WARNING_STYLE)
        self.missing_label.setWordWrap(True)
        self.missing_label.setVisible(bool(missing))
        self.locked_label = QLabel(
            "活动已归档，记录已封存。如确需更正，可取消归档（须写明原因，连同日期记入历史记录）。",
            self,
        )
        self.locked_label.setWordWrap(True)
        self.locked_label.setStyleSheet(WARNING_STYLE)
        self.locked_label.setVisible(is_locked(event))
        self.error_label = message_label(self, "errorLabel")

        self.button_box = save_cancel_buttons(self)
        self.button_box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(targets))

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(steps_box)
        layout.addWidget(history_box)
        layout.addLayout(form)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.locked_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 40, self.sizeHint().height())

    def history_lines(self) -> list[str]:
        """The history as listed (tests, screen readers)."""
        return [self.history_list.item(i).text() for i in range(self.history_list.count())]

    def error_text(self) -> str:
        """The message shown now ('' when none)."""
        return shown_text(self.error_label)

    def accept(self) -> None:
        """Record the step; a refusal is shown in red and the dialog stays open."""
        if first_field_in_error(self) is not None:
            return  # the date field shows its own message beside it
        target = self.target_combo.currentData()
        on = from_qdate(self.date_edit.date())
        try:
            if is_locked(self.shown_event):
                unarchive_event(self.store, self.event_id, self.reason_edit.text(), on)
            else:
                change_status(self.store, self.event_id, target, on)
        except OpenDayError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return
        if target == ARCHIVED and not is_locked(self.shown_event):
            self._make_archive_package()
        self.saved.emit(self.event_id)
        super().accept()

    def _make_archive_package(self) -> None:
        """Archiving makes the event's package (every document, attachments, manifest) in the
        data folder's archives/; a failure leaves the archiving done and says how to retry."""
        from openday_desktop.services.documents import create_event_archive
        from openday_desktop.ui.common import messages
        from openday_desktop.ui.common.busy import wait_cursor
        from openday_desktop.ui.documents.printing import write_pdf

        try:
            with wait_cursor():
                path = create_event_archive(self.store, self.event_id, render_pdf=write_pdf)
        except OpenDayError as exc:
            messages.warning(
                self,
                f"活动已归档，但归档包没有生成：{exc.message}可稍后在“导出 → 归档包”中重新生成。",
            )
            return
        self.archive_path = path
        messages.saved(
            self, f"活动已归档，归档包（全部文书、附件和清单）已保存：\n{path}", path.parent
        )
