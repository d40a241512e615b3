"""The dialog that records a suggestion and follows its handling to the end.

The rules (what each status needs, which status changes are allowed, the usual deadline) are
those of ``domain.feedback``; this dialog only shows them next to the fields.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.events import default_event
from openday_desktop.domain.feedback import (
    TO_ASSIGN,
    allowed_statuses,
    default_category,
    default_deadline,
)
from openday_desktop.domain.lifecycle import frozen_message
from openday_desktop.domain.models import (
    FEEDBACK_STATUSES,
    FOLLOW_UP_METHODS,
    SATISFACTION_LEVELS,
    Event,
    Feedback,
)
from openday_desktop.storage import Store
from openday_desktop.ui.common.date_fields import DateEdit
from openday_desktop.ui.common.form_dialog import FormDialog, OptionalDate, set_combo_text, to_qdate
from openday_desktop.ui.common.forms import child

ANONYMOUS = "匿名（未留姓名）"
ADOPTED_CHOICES: tuple[tuple[str, bool | None], ...] = (
    ("尚未确定", None),
    ("采纳", True),
    ("不采纳", False),
)
NO_SATISFACTION = "尚未回访"


class FeedbackDialog(FormDialog):
    """Record (``feedback_id`` None) or update a suggestion, its handling and its follow-up."""

    def __init__(
        self, store: Store, feedback_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "feedback_dialog", "登记意见建议" if feedback_id is None else "意见建议办理", parent
        )
        self.store = store
        self.feedback_id = feedback_id
        self._original_status: str | None = None
        form = self.form
        self.event_combo = child(form, QComboBox, "eventCombo")
        self.person_combo = child(form, QComboBox, "personCombo")
        self.category_combo = child(form, QComboBox, "categoryCombo")
        self.content_edit = child(form, QPlainTextEdit, "contentEdit")
        self.status_combo = child(form, QComboBox, "statusCombo")
        self.unit_edit = child(form, QLineEdit, "responsibleUnitEdit")
        self.responsible_person_edit = child(form, QLineEdit, "responsiblePersonEdit")
        self.deadline = OptionalDate(
            child(form, QCheckBox, "deadlineCheck"), child(form, DateEdit, "deadlineEdit")
        )
        self.reply_edit = child(form, QPlainTextEdit, "replyEdit")
        self.adopted_combo = child(form, QComboBox, "adoptedCombo")
        self.rectification_edit = child(form, QPlainTextEdit, "rectificationEdit")
        self.follow_up = OptionalDate(
            child(form, QCheckBox, "followUpCheck"), child(form, DateEdit, "followUpDateEdit")
        )
        self.satisfaction_combo = child(form, QComboBox, "satisfactionCombo")
        self.published_check = child(form, QCheckBox, "publishedCheck")
        self._add_loop_fields()

        for field, widget, label in (
            ("event_id", self.event_combo, "eventError"),
            ("category", self.category_combo, "categoryError"),
            ("content", self.content_edit, "contentError"),
            ("status", self.status_combo, "statusError"),
            ("responsible_unit", self.unit_edit, "responsibleUnitError"),
            ("deadline", self.deadline.edit, "deadlineError"),
            ("reply", self.reply_edit, "replyError"),
            ("follow_up_date", self.follow_up.edit, "followUpError"),
            ("satisfaction", self.satisfaction_combo, "satisfactionError"),
            ("published", self.published_check, "publishedError"),
            ("reply_date", self.reply_date.edit, "replyDateError"),
            ("completed_date", self.completed_date.edit, "completedDateError"),
            ("published_date", self.published_date.edit, "publishedDateError"),
            ("follow_up_method", self.follow_up_method_combo, "followUpMethodError"),
        ):
            self.bind_field(field, widget, label)

        self.events: dict[int, Event] = {e.id: e for e in store.events.list() if e.id is not None}
        for event in self.events.values():
            self.event_combo.addItem(f"{event.date.isoformat()}  {event.title}", event.id)
        self.categories: list[str] = list(store.settings.get("feedback_categories"))
        self.category_combo.addItems(self.categories)
        for text, value in ADOPTED_CHOICES:
            self.adopted_combo.addItem(text, value)
        self.satisfaction_combo.addItem(NO_SATISFACTION, "")
        for level in SATISFACTION_LEVELS:
            self.satisfaction_combo.addItem(level, level)

        if feedback_id is not None:
            self._fill(store.feedback.get(feedback_id))
        else:
            self.status_combo.addItems(FEEDBACK_STATUSES)
            first = default_event(list(self.events.values()), date.today())
            if first is not None:
                self.event_combo.setCurrentIndex(self.event_combo.findData(first.id))
            self._load_people(None)
            set_combo_text(self.category_combo, default_category(self.categories))
            set_combo_text(self.status_combo, TO_ASSIGN)
            self._suggest_deadline()
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 62, self.sizeHint().height())
        self._connect_signals()

    def _add_loop_fields(self) -> None:
        """The dates of the handling steps and the call-back's method and notes, below the
        handling fields: the steps fill them in, the clerk may correct them here."""
        layout = child(self.form, QFormLayout, "handlingLayout")
        parent = self.published_check.parentWidget() or self.form

        def optional(name: str, text: str) -> OptionalDate:
            check = QCheckBox(text, parent)
            check.setObjectName(f"{name}Check")
            edit = DateEdit(parent)
            edit.setObjectName(f"{name}Edit")
            layout.addRow(check, edit)
            error = QLabel(parent)
            error.setObjectName(f"{name}Error")
            layout.addRow("", error)
            return OptionalDate(check, edit)

        self.reply_date = optional("replyDate", "答复日期")
        self.completed_date = optional("completedDate", "办结日期")
        self.completed_date.check.setToolTip("办结日期不晚于办理时限即为按时办结")
        self.published_date = optional("publishedDate", "公开日期")
        self.follow_up_method_combo = QComboBox(parent)
        self.follow_up_method_combo.setObjectName("followUpMethodCombo")
        self.follow_up_method_combo.addItem("尚未回访", "")
        for method in FOLLOW_UP_METHODS:
            self.follow_up_method_combo.addItem(method, method)
        layout.addRow("回访方式：", self.follow_up_method_combo)
        method_error = QLabel(parent)
        method_error.setObjectName("followUpMethodError")
        layout.addRow("", method_error)
        self.follow_up_notes_edit = QPlainTextEdit(parent)
        self.follow_up_notes_edit.setObjectName("followUpNotesEdit")
        self.follow_up_notes_edit.setTabChangesFocus(True)
        self.follow_up_notes_edit.setPlaceholderText("回访了谁、对方怎么说")
        self.follow_up_notes_edit.setFixedHeight(
            self.follow_up_notes_edit.fontMetrics().lineSpacing() * 3 + 12
        )
        layout.addRow("回访情况：", self.follow_up_notes_edit)

    def _connect_signals(self) -> None:
        self.event_combo.currentIndexChanged.connect(self._on_event_changed)

    # --- fields <-> feedback --------------------------------------------------------------

    def _load_people(self, selected: int | None, keep_unlisted: bool = False) -> None:
        """Fill 提出人 with the current event's list and select ``selected`` when listed.

        ``keep_unlisted`` keeps a saved item's person even after they left the list.
        """
        self.person_combo.clear()
        self.person_combo.addItem(ANONYMOUS, None)
        event_id = self.event_combo.currentData()
        listed = False
        if event_id is not None:
            for _invitation, person in self.store.invitations.for_event(event_id):
                detail = "，".join(x for x in (person.category, person.village) if x)
                self.person_combo.addItem(f"{person.name}（{detail}）", person.id)
                listed = listed or person.id == selected
        if selected is not None and not listed:
            if keep_unlisted:
                try:
                    person = self.store.people.get(selected)
                except NotFoundError:
                    selected = None
                else:
                    self.person_combo.addItem(f"{person.name}（不在本次名单中）", person.id)
            else:
                selected = None
        position = self.person_combo.findData(selected) if selected is not None else 0
        self.person_combo.setCurrentIndex(max(0, position))

    def _suggest_deadline(self) -> None:
        """Pre-set (not tick) the usual deadline: so many working days after the event."""
        event = self.events.get(self.event_combo.currentData())
        if event is None or self.deadline.check.isChecked():
            return
        from openday_desktop.domain.workdays import WorkCalendar  # loads the holiday tables

        suggested = default_deadline(
            event.date,
            WorkCalendar(self.store.calendar.days()),
            int(self.store.settings.get("feedback_deadline_workdays")),
            date.today(),
        )
        self.deadline.edit.setDate(to_qdate(suggested))

    def _freeze_record(self, item: Feedback) -> None:
        """An archived event's suggestion: its record stays, its handling goes on.

        Event, person, category and content are locked (``domain.feedback.RECORD_FIELDS``);
        the handling fields stay editable. The service refuses the rest anyway.
        """
        event = self.events.get(item.event_id)
        message = (
            frozen_message(event, "修改意见建议的内容、分类、提出人和所属活动") if event else None
        )
        if message is None:
            return
        note = message + "办理情况（交办、答复、办结、回访、公开）仍可照常登记。"
        for widget in (self.event_combo, self.person_combo, self.category_combo):
            widget.setEnabled(False)
            widget.setToolTip(note)
        self.content_edit.setReadOnly(True)
        self.content_edit.setToolTip(note)
        self.setWindowTitle(self.windowTitle() + "（活动已归档：只可登记办理情况）")

    def _fill(self, item: Feedback) -> None:
        # Only the moves the rules allow are offered (a closed item can be reopened, etc.).
        self._original_status = item.status
        self.status_combo.addItems([item.status, *allowed_statuses(item.status)])
        position = self.event_combo.findData(item.event_id)
        self.event_combo.setCurrentIndex(max(0, position))
        self._load_people(item.person_id, keep_unlisted=True)
        set_combo_text(self.category_combo, item.category)
        self.content_edit.setPlainText(item.content)
        self._freeze_record(item)
        set_combo_text(self.status_combo, item.status)
        self.unit_edit.setText(item.responsible_unit)
        self.responsible_person_edit.setText(item.responsible_person)
        self.deadline.set(item.deadline)
        self.reply_edit.setPlainText(item.reply)
        self.adopted_combo.setCurrentIndex(
            next(i for i, (_, value) in enumerate(ADOPTED_CHOICES) if value is item.adopted)
        )
        self.rectification_edit.setPlainText(item.rectification)
        self.follow_up.set(item.follow_up_date)
        position = self.satisfaction_combo.findData(item.satisfaction)
        if position < 0:
            self.satisfaction_combo.addItem(item.satisfaction, item.satisfaction)
            position = self.satisfaction_combo.count() - 1
        self.satisfaction_combo.setCurrentIndex(position)
        self.published_check.setChecked(item.published)
        self.reply_date.set(item.reply_date)
        self.completed_date.set(item.completed_date)
        self.published_date.set(item.published_date)
        position = self.follow_up_method_combo.findData(item.follow_up_method)
        self.follow_up_method_combo.setCurrentIndex(max(0, position))
        self.follow_up_notes_edit.setPlainText(item.follow_up_notes)

    def feedback_from_fields(self) -> Feedback:
        """A Feedback holding what the fields say (not yet checked)."""
        return Feedback(
            id=self.feedback_id,
            event_id=self.event_combo.currentData(),
            person_id=self.person_combo.currentData(),
            content=self.content_edit.toPlainText(),
            category=self.category_combo.currentText(),
            status=self.status_combo.currentText(),
            responsible_unit=self.unit_edit.text(),
            responsible_person=self.responsible_person_edit.text(),
            deadline=self.deadline.value(),
            reply=self.reply_edit.toPlainText(),
            adopted=self.adopted_combo.currentData(),
            rectification=self.rectification_edit.toPlainText(),
            follow_up_date=self.follow_up.value(),
            satisfaction=self.satisfaction_combo.currentData() or "",
            published=self.published_check.isChecked(),
            reply_date=self.reply_date.value(),
            completed_date=self.completed_date.value(),
            published_date=self.published_date.value(),
            follow_up_method=self.follow_up_method_combo.currentData() or "",
            follow_up_notes=self.follow_up_notes_edit.toPlainText(),
        )

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> int | None:
        """Check, then store the item (one transaction); problems are shown by their fields."""
        from openday_desktop.services import feedback as feedback_service

        item = self.feedback_from_fields()
        errors = feedback_service.feedback_problems(self.store, item)
        if errors:
            self.show_errors(errors)
            return None
        self.clear_errors()
        try:
            if item.id is None:
                # The clerk decides the deadline here: no deadline stays no deadline.
                return feedback_service.add_feedback(self.store, item, suggest_deadline=False)
            feedback_service.update_feedback(self.store, item)
        except ValidationError as exc:
            self.show_errors({exc.field: exc.message})
            return None
        return item.id

    # --- slots ----------------------------------------------------------------------------

    def _on_event_changed(self) -> None:
        self._load_people(self.person_combo.currentData())
        if self.feedback_id is None:
            self._suggest_deadline()
