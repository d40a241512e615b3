"""Handling the selected suggestions: 交办, 答复, 办结, 回访 and 公开.

Each is a small dialog over one or several items that collects the input and calls the
matching function of ``services.feedback`` (``assign_feedback``, ``reply_feedback``,
``close_feedback``, ``follow_up_feedback``, ``publish_feedback``): the rules of
``domain.feedback`` are checked there, every selected item changes or none does, and the
first refusal is shown with the item's number.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.dates import chinese_date
from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.feedback import IN_PROGRESS, default_deadline
from openday_desktop.domain.models import FOLLOW_UP_METHODS, SATISFACTION_LEVELS, Feedback
from openday_desktop.services import feedback as feedback_service
from openday_desktop.storage import Store
from openday_desktop.storage.statistics import work_calendar
from openday_desktop.ui.common.date_fields import DateEdit, first_field_in_error
from openday_desktop.ui.common.form_dialog import (
    WARNING_STYLE,
    OptionalDate,
    from_qdate,
    message_label,
    save_cancel_buttons,
    setup_date_edit,
    shown_text,
)
from openday_desktop.ui.feedback.feedback_dialog import ADOPTED_CHOICES


def short_text(text: str, limit: int = 28) -> str:
    """The start of a suggestion on one line."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


class HandlingDialog(QDialog):
    """The frame of every handling dialog: what is being handled, fields, a red message."""

    saved = Signal(list)  # ids of the items saved

    heading = ""

    def __init__(self, store: Store, items: list[Feedback], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.items = items
        self.setWindowTitle(self.heading)
        if len(items) == 1:
            what = f"第 {items[0].id} 号：{short_text(items[0].content, 40)}"
        else:
            what = (
                f"选中的 {len(items)} 条意见建议（"
                + "、".join(f"{item.id}" for item in items[:8])
                + ("…" if len(items) > 8 else "")
                + " 号）"
            )
        self.subject_label = QLabel(what, self)
        self.subject_label.setObjectName("subjectLabel")
        self.subject_label.setWordWrap(True)
        self.subject_label.setToolTip("\n".join(item.content for item in items[:5]))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error_label = message_label(self, "errorLabel")
        self.button_box = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.subject_label)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        self.build_fields()
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 36, self.sizeHint().height())

    def build_fields(self) -> None:
        """Add the dialog's fields to ``self.form``."""
        raise NotImplementedError

    def submit(self, ids: list[int]) -> list[int]:
        """Call the service with what the fields say; the ids saved (OpenDayError if refused)."""
        raise NotImplementedError

    def error_text(self) -> str:
        """The message shown now ('' when none)."""
        return shown_text(self.error_label)

    def accept(self) -> None:
        """Save every item, or show why not and keep the dialog open."""
        if first_field_in_error(self) is not None:
            return  # the date field shows its own message beside it
        try:
            ids = self.submit([item.id for item in self.items if item.id is not None])
        except OpenDayError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return
        self.saved.emit(ids)
        super().accept()


def _text_box(parent: QWidget, text: str, name: str, hint: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text, parent)
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(hint)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
    return box


def _satisfaction_combo(parent: QWidget, empty: str | None) -> QComboBox:
    combo = QComboBox(parent)
    if empty is not None:
        combo.addItem(empty, "")
    for level in SATISFACTION_LEVELS:
        combo.addItem(level, level)
    return combo


class AssignDialog(HandlingDialog):
    """交办: responsible unit, person and a deadline counted in working days."""

    heading = "交办意见建议"

    def build_fields(self) -> None:
        units = sorted(
            {f.responsible_unit for f in self.store.feedback.list() if f.responsible_unit}
        )
        first = self.items[0]
        self.unit_edit = QLineEdit(first.responsible_unit, self)
        self.unit_edit.setObjectName("unitEdit")
        self.unit_edit.setPlaceholderText("例如：镇交通运输办")
        completer = QCompleter(units, self)
        completer.setFilterMode(completer.filterMode().MatchContains)
        self.unit_edit.setCompleter(completer)
        self.person_edit = QLineEdit(first.responsible_person, self)
        self.person_edit.setObjectName("responsiblePersonEdit")
        self.person_edit.setPlaceholderText("可不填")
        self.deadline_edit = DateEdit(self)
        self.deadline_edit.setObjectName("deadlineEdit")
        self.item_event = self.store.events.get(first.event_id)
        self.calendar = work_calendar(self.store)
        self.workdays = int(self.store.settings.get("feedback_deadline_workdays"))
        self.suggested = default_deadline(
            self.item_event.date, self.calendar, self.workdays, date.today()
        )
        # A unit already on it keeps its deadline; a new assignment gets the usual period.
        keep = first.status == IN_PROGRESS and first.deadline and first.deadline >= date.today()
        setup_date_edit(self.deadline_edit, first.deadline if keep else self.suggested)
        self.deadline_hint = QLabel(self)
        self.deadline_hint.setObjectName("deadlineHint")
        self.deadline_hint.setWordWrap(True)
        self.form.addRow("责任单位(&U)：", self.unit_edit)
        self.form.addRow("责任人(&P)：", self.person_edit)
        self.form.addRow("办理时限(&D)：", self.deadline_edit)
        self.form.addRow("", self.deadline_hint)
        self.deadline_edit.dateChanged.connect(self._on_deadline_changed)
        self._on_deadline_changed(self.deadline_edit.date())

    def deadline(self) -> date:
        """The deadline chosen."""
        return from_qdate(self.deadline_edit.date())

    def _on_deadline_changed(self, value: QDate) -> None:
        day = from_qdate(value)
        today = date.today()
        after_event = self.calendar.workdays_between(self.item_event.date, day)
        rule = f"规定的 {self.workdays} 个工作日（已避开周末和法定节假日）"
        if day == self.suggested and after_event == self.workdays:
            text = (
                f"活动（{chinese_date(self.item_event.date)}）后第 {after_event} 个工作日，即{rule}"
            )
        elif day == self.suggested:
            # default_deadline counts from today for an item entered long after the event.
            text = f"活动已过去较久，从今天起算：今天起第 {self.workdays} 个工作日，即{rule}"
        else:
            text = f"活动（{chinese_date(self.item_event.date)}）后第 {after_event} 个工作日"
            if day >= today:
                text += f"，今天起第 {self.calendar.workdays_between(today, day)} 个工作日"
        style = ""
        if not self.calendar.is_workday(day):
            text += "。注意：这一天不是工作日"
            style = WARNING_STYLE
        missing = self.calendar.missing_message([day])
        if missing:
            text += "。" + missing
            style = WARNING_STYLE
        self.deadline_hint.setText(text + ("" if text.endswith("。") else "。"))
        self.deadline_hint.setStyleSheet(style)

    def submit(self, ids: list[int]) -> list[int]:
        """Hand the items to the unit (status 办理中)."""
        return feedback_service.assign_feedback(
            self.store, ids, self.unit_edit.text(), self.person_edit.text(), self.deadline()
        )


class ReplyDialog(HandlingDialog):
    """答复: the answer given to the person and whether the suggestion is adopted."""

    heading = "登记答复"

    def build_fields(self) -> None:
        first = self.items[0]
        self.reply_edit = _text_box(
            self, first.reply if len(self.items) == 1 else "", "replyEdit", "答复了什么、由谁答复"
        )
        self.adopted_combo = QComboBox(self)
        self.adopted_combo.setObjectName("adoptedCombo")
        for text, value in ADOPTED_CHOICES:
            self.adopted_combo.addItem(text, value)
        if len(self.items) == 1:
            values = [value for _text, value in ADOPTED_CHOICES]
            self.adopted_combo.setCurrentIndex(values.index(first.adopted))
        self.reply_date_edit = DateEdit(self)
        self.reply_date_edit.setObjectName("replyDateEdit")
        setup_date_edit(self.reply_date_edit, date.today())
        self.form.addRow("答复内容(&R)：", self.reply_edit)
        self.form.addRow("是否采纳(&A)：", self.adopted_combo)
        self.form.addRow("答复日期(&T)：", self.reply_date_edit)

    def submit(self, ids: list[int]) -> list[int]:
        """Record the answer and its date (status 已答复)."""
        return feedback_service.reply_feedback(
            self.store,
            ids,
            self.reply_edit.toPlainText(),
            adopted=self.adopted_combo.currentData(),
            on=from_qdate(self.reply_date_edit.date()),
        )


class CloseDialog(HandlingDialog):
    """办结: the rectification result and, when already done, the call-back."""

    heading = "办结意见建议"

    def build_fields(self) -> None:
        single = len(self.items) == 1
        first = self.items[0]
        self.reply_edit = _text_box(
            self,
            first.reply if single else "",
            "replyEdit",
            "已答复的可不改" if single else "留空则保留每条原有的答复",
        )
        self.rectification_edit = _text_box(
            self,
            first.rectification if single else "",
            "rectificationEdit",
            "整改了什么；无法整改的写明原因",
        )
        self.follow_up_check = QCheckBox("已回访", self)
        self.follow_up_edit = DateEdit(self)
        self.follow_up = OptionalDate(self.follow_up_check, self.follow_up_edit)
        self.follow_up.set(first.follow_up_date if single else None)
        self.satisfaction_combo = _satisfaction_combo(self, "尚未回访")
        self.satisfaction_combo.setObjectName("satisfactionCombo")
        if single and first.satisfaction:
            self.satisfaction_combo.setCurrentIndex(
                max(0, self.satisfaction_combo.findData(first.satisfaction))
            )
        self.completed_edit = DateEdit(self)
        self.completed_edit.setObjectName("completedDateEdit")
        setup_date_edit(self.completed_edit, date.today())
        self.completed_edit.setToolTip("办结日期不晚于办理时限即为按时办结")
        self.form.addRow("答复内容(&R)：", self.reply_edit)
        self.form.addRow("整改结果(&Z)：", self.rectification_edit)
        self.form.addRow("办结日期(&T)：", self.completed_edit)
        self.form.addRow(self.follow_up_check, self.follow_up_edit)
        self.form.addRow("回访满意度(&S)：", self.satisfaction_combo)

    def submit(self, ids: list[int]) -> list[int]:
        """Close the items (status 已办结) on the completion date; an empty answer keeps each
        item's own."""
        return feedback_service.close_feedback(
            self.store,
            ids,
            reply=self.reply_edit.toPlainText(),
            rectification=self.rectification_edit.toPlainText(),
            follow_up_date=self.follow_up.value(),
            satisfaction=self.satisfaction_combo.currentData() or "",
            on=from_qdate(self.completed_edit.date()),
        )


class FollowUpDialog(HandlingDialog):
    """回访: the date the person was called back and how satisfied they are."""

    heading = "登记回访"

    def build_fields(self) -> None:
        first = self.items[0]
        self.date_edit = DateEdit(self)
        self.date_edit.setObjectName("followUpDateEdit")
        setup_date_edit(self.date_edit, first.follow_up_date or date.today())
        self.satisfaction_combo = _satisfaction_combo(self, None)
        self.satisfaction_combo.setObjectName("satisfactionCombo")
        if first.satisfaction:
            self.satisfaction_combo.setCurrentIndex(
                max(0, self.satisfaction_combo.findData(first.satisfaction))
            )
        self.method_combo = QComboBox(self)
        self.method_combo.setObjectName("followUpMethodCombo")
        for method in FOLLOW_UP_METHODS:
            self.method_combo.addItem(method, method)
        if first.follow_up_method:
            self.method_combo.setCurrentIndex(
                max(0, self.method_combo.findData(first.follow_up_method))
            )
        self.notes_edit = _text_box(
            self,
            first.follow_up_notes if len(self.items) == 1 else "",
            "followUpNotesEdit",
            "回访了谁、对方怎么说（可不填）",
        )
        self.form.addRow("回访日期(&D)：", self.date_edit)
        self.form.addRow("回访方式(&M)：", self.method_combo)
        self.form.addRow("满意度(&S)：", self.satisfaction_combo)
        self.form.addRow("回访情况(&N)：", self.notes_edit)

    def submit(self, ids: list[int]) -> list[int]:
        """Record the call-back: date, method, notes, satisfaction (the status stays)."""
        return feedback_service.follow_up_feedback(
            self.store,
            ids,
            from_qdate(self.date_edit.date()),
            self.satisfaction_combo.currentData() or "",
            method=self.method_combo.currentData() or "",
            notes=self.notes_edit.toPlainText(),
        )
