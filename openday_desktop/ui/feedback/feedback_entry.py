"""The fast-entry strip of the 意见建议 tab: type a stack of paper suggestions one after another.

One item is: the event (kept), the category and status (kept), who raised it (a person on
that event's list, picked with a completer, or left empty for anonymous) and the content.
Ctrl+Enter saves through ``services.feedback.add_feedback`` (which also sets the usual
deadline) and clears the content and the person for the next paper form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.errors import OpenDayError, ValidationError
from openday_desktop.domain.events import default_event
from openday_desktop.domain.feedback import ON_THE_SPOT, TO_ASSIGN, default_category
from openday_desktop.domain.models import Event, Feedback, saved_id
from openday_desktop.storage import Store
from openday_desktop.ui.common.table_models import OVERDUE_COLOR

# 待交办 first: paper items are handed on later; 现场答复 for those answered at the meeting.
ENTRY_STATUSES: tuple[str, ...] = (TO_ASSIGN, ON_THE_SPOT)
ANONYMOUS_WORDS: frozenset[str] = frozenset({"", "匿名", "无", "无名", "未留名", "未留姓名"})
HINT = "Ctrl+Enter 保存并录入下一条；提出人留空即为匿名。"


def _is_submit_key(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
        event.modifiers() & Qt.KeyboardModifier.ControlModifier
    )


class ContentEdit(QPlainTextEdit):
    """The content box: Enter starts a new line, Ctrl+Enter submits, Tab leaves the box."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def event(self, event: QEvent) -> bool:
        # Claim Ctrl+Enter before the window's shortcuts see it, so it fires exactly once.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if _is_submit_key(event):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_submit_key(event):
            self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)


@dataclass(frozen=True)
class ListedPerson:
    """A person on the event's list as the completer offers them."""

    person_id: int
    name: str
    label: str  # 王芳（群众代表，青石村）


def person_label(name: str, category: str, village: str) -> str:
    """How the completer shows a person: name with category and village."""
    detail = "，".join(x for x in (category, village) if x)
    return f"{name}（{detail}）" if detail else name


def resolve_person(text: str, people: list[ListedPerson]) -> int | None:
    """The person id typed in the 提出人 field; None for anonymous.

    Accepts the completer's label or a bare name that is unique on the list; raises
    ValidationError (field ``person``) otherwise, saying how to fix it.
    """
    typed = text.strip()
    if typed in ANONYMOUS_WORDS:
        return None
    for person in people:
        if typed == person.label:
            return person.person_id
    same_name = [p for p in people if p.name == typed]
    if len(same_name) == 1:
        return same_name[0].person_id
    if len(same_name) > 1:
        raise ValidationError(
            "person",
            f"本次活动名单中有{len(same_name)}位“{typed}”，请从下拉列表中选出是哪一位。",
        )
    raise ValidationError(
        "person",
        f"“{typed}”不在这次活动的名单中。请从下拉列表中选择提出人；不知道是谁就留空（匿名）。",
    )


class FeedbackEntryPanel(QGroupBox):
    """Event, category, status, person and content in one strip; emits ``saved(id)``."""

    saved = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("快速录入", parent)
        self.setObjectName("feedbackEntryPanel")
        self.store = store
        self.events: dict[int, Event] = {}
        self.people: list[ListedPerson] = []
        self._people_event: int | None = None  # whose list ``people`` holds
        self.saved_count = 0
        self.loaded = False  # filled when first shown: the holiday tables load with it
        self._build()
        self._connect_signals()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        char = self.fontMetrics().horizontalAdvance("汉")
        self.event_combo = QComboBox(self)
        self.event_combo.setObjectName("entryEventCombo")
        self.event_combo.setMinimumWidth(char * 18)
        self.category_combo = QComboBox(self)
        self.category_combo.setObjectName("entryCategoryCombo")
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("entryStatusCombo")
        self.status_combo.addItems(ENTRY_STATUSES)
        self.status_combo.setToolTip("纸质意见一般先登记为“待交办”；会上已当场答复的选“现场答复”")
        self.person_edit = QLineEdit(self)
        self.person_edit.setObjectName("entryPersonEdit")
        self.person_edit.setPlaceholderText("姓名（留空为匿名）")
        self.person_edit.setClearButtonEnabled(True)
        self.person_edit.setMinimumWidth(char * 12)
        self._people_model = QStringListModel(self)
        self.completer = QCompleter(self._people_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.person_edit.setCompleter(self.completer)
        self.content_edit = ContentEdit(self)
        self.content_edit.setObjectName("entryContentEdit")
        self.content_edit.setPlaceholderText("照纸质表格录入意见建议原文，Ctrl+Enter 保存")
        self.content_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.save_button = QPushButton("保存并录下一条", self)
        self.save_button.setObjectName("entrySaveButton")
        self.save_button.setToolTip("Ctrl+Enter")
        self.hint_label = QLabel(HINT, self)
        self.hint_label.setObjectName("entryHintLabel")
        self.hint_label.setStyleSheet("color: palette(placeholder-text);")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("entryErrorLabel")
        # The red of overdue rows; ui.form_dialog (and its form loader) is not needed at start.
        self.error_label.setStyleSheet(f"color: {OVERDUE_COLOR.name()};")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        for column, (text, widget) in enumerate(
            (
                ("活动(&V)", self.event_combo),
                ("分类(&L)", self.category_combo),
                ("状态", self.status_combo),
                ("提出人(&R)", self.person_edit),
            )
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            grid.addWidget(label, 0, column * 2)
            grid.addWidget(widget, 0, column * 2 + 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(7, 2)
        content_label = QLabel("内容(&Y)", self)
        content_label.setBuddy(self.content_edit)
        content_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(content_label, 1, 0)
        grid.addWidget(self.content_edit, 1, 1, 1, 7)
        buttons = QVBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 1, 8)

        bottom = QHBoxLayout()
        bottom.addWidget(self.hint_label)
        bottom.addWidget(self.error_label, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addLayout(bottom)
        for first, second in (
            (self.event_combo, self.category_combo),
            (self.category_combo, self.status_combo),
            (self.status_combo, self.person_edit),
            (self.person_edit, self.content_edit),
            (self.content_edit, self.save_button),
        ):
            QWidget.setTabOrder(first, second)

        # Ctrl+Enter from any field of the strip (the content box handles its own).
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.content_edit.submitted.connect(self.save)
        self.event_combo.currentIndexChanged.connect(self._on_event_changed)
        self.person_edit.returnPressed.connect(self._on_person_return)
        self.person_edit.installEventFilter(self)

    # --- data -----------------------------------------------------------------------------

    def set_store(self, store: Store) -> None:
        """Switch to another database."""
        self.store = store
        if self.loaded:
            self.reload_events()

    def ensure_loaded(self) -> None:
        """Fill the lists the first time the strip is needed."""
        if not self.loaded:
            self.reload_events()

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_loaded()
        super().showEvent(event)

    def reload_events(self) -> None:
        """Refill the events and categories, keeping the current choices where they still exist."""
        from openday_desktop.ui.common.form_dialog import set_combo_text

        self.loaded = True
        current = self.event_combo.currentData()
        category = self.category_combo.currentText()
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        self.events = {e.id: e for e in self.store.events.list() if e.id is not None}
        for event in self.events.values():
            self.event_combo.addItem(f"{event.date.isoformat()}  {event.title}", event.id)
        if current not in self.events:
            first = default_event(list(self.events.values()), date.today())
            current = first.id if first is not None else None
        self.event_combo.setCurrentIndex(max(0, self.event_combo.findData(current)))
        self.event_combo.blockSignals(False)
        categories = list(self.store.settings.get("feedback_categories"))
        self.category_combo.clear()
        self.category_combo.addItems(categories)
        set_combo_text(self.category_combo, category or default_category(categories))
        self._people_event = None  # reread the list when next needed
        self.setEnabled(bool(self.events))
        self.hint_label.setText(HINT if self.events else "还没有活动：请先在“活动”页新建活动。")

    def event_id(self) -> int | None:
        """The event new items go to."""
        value = self.event_combo.currentData()
        return int(value) if value is not None else None

    def forget_people(self) -> None:
        """The event's list changed: read it again when next needed."""
        self._people_event = None

    def ensure_people(self) -> list[ListedPerson]:
        """The current event's list for the completer (read once per event)."""
        event_id = self.event_id()
        if event_id != self._people_event:
            self.people = []
            if event_id is not None:
                for _invitation, person in self.store.invitations.for_event(event_id):
                    label = person_label(person.name, person.category, person.village)
                    self.people.append(ListedPerson(saved_id(person), person.name, label))
            self._people_model.setStringList([p.label for p in self.people])
            self._people_event = event_id
        return self.people

    # --- saving ---------------------------------------------------------------------------

    def item_from_fields(self) -> Feedback:
        """The new item the fields describe (ValidationError when the person is unknown)."""
        event_id = self.event_id()
        if event_id is None:
            raise ValidationError(
                "event_id", "还没有活动：请先在“活动”页新建活动，再录入意见建议。"
            )
        person_id = resolve_person(self.person_edit.text(), self.ensure_people())
        return Feedback(
            event_id=event_id,
            content=self.content_edit.toPlainText(),
            person_id=person_id,
            category=self.category_combo.currentText(),
            status=self.status_combo.currentText(),
        )

    def save(self) -> int | None:
        """Store the typed item, clear content and person for the next; the new id or None."""
        from openday_desktop.services.feedback import add_feedback

        try:
            item = self.item_from_fields()
            new_id = add_feedback(self.store, item)
        except ValidationError as exc:
            self.show_error(exc.message, exc.field)
            return None
        except OpenDayError as exc:
            self.show_error(exc.message, "")
            return None
        self.saved_count += 1
        self.error_label.setVisible(False)
        self.hint_label.setText(f"已保存第 {new_id} 号（本次录入 {self.saved_count} 条）。{HINT}")
        self.content_edit.clear()
        self.person_edit.clear()
        self.content_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit(new_id)
        return new_id

    def show_error(self, message: str, field: str) -> None:
        """Show why the item was not saved and put the cursor where the fix goes."""
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        target: QWidget = self.person_edit if field == "person" else self.content_edit
        if field == "category":
            target = self.category_combo
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def error_text(self) -> str:
        """The message shown now ('' when none)."""
        return "" if self.error_label.isHidden() else self.error_label.text()

    # --- slots ----------------------------------------------------------------------------

    def _on_event_changed(self) -> None:
        self._people_event = None
        if self.person_edit.hasFocus():
            self.ensure_people()

    def _on_person_return(self) -> None:
        self.content_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The list is read when the person field is first used, not when the tab is built.
        if watched is self.person_edit and event.type() == QEvent.Type.FocusIn:
            self.ensure_people()
        return super().eventFilter(watched, event)
