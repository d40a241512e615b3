"""The dialog that creates or edits an event: date and time, open sites, activity forms.

The status follows the lifecycle rules of ``domain.lifecycle`` here as in 推进状态…:

* a new event starts at 筹备中; a clerk entering an event after the fact may pick the step
  it has reached and the date it got there, which ``services.events.create_event`` records
  as lifecycle steps (skipped steps get the same date);
* an existing event shows its status read-only, with the date it was reached and the next
  deadline, and a 推进状态… button that opens the lifecycle dialog;
* an archived event (``is_locked``) opens read-only with a note saying how to correct it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.lifecycle import (
    ARCHIVED,
    LOCKED_MESSAGE,
    PREPARING,
    format_date,
    is_locked,
    step_dates,
)
from openday_desktop.domain.models import EVENT_STATUSES, STANDARD_ACTIVITY_FORMS, Event, Site
from openday_desktop.services import events as event_service
from openday_desktop.storage import Store
from openday_desktop.storage.statistics import event_next_deadline
from openday_desktop.ui.common.date_fields import DateEdit, TimeEdit
from openday_desktop.ui.common.form_dialog import (
    WARNING_STYLE,
    FormDialog,
    from_qdate,
    from_qtime,
    setup_date_edit,
    setup_time_edit,
    to_qdate,
    to_qtime,
)
from openday_desktop.ui.common.forms import child

Index = QModelIndex | QPersistentModelIndex

DEFAULT_START = time(8, 30)
DEFAULT_END = time(11, 30)
_FORM_SEPARATORS = re.compile(r"[、,，;；\s]+")

SITE_COL_NAME = 0
SITE_COL_ADDRESS = 1
SITE_COL_TIME = 2
SITE_COL_GUIDE = 3
_SITE_FIELDS = ("name", "address", "time_slot", "guide")
_SITE_TITLES = ("名称", "地址", "时段", "讲解人")

NEW_STATUS_HINT = (
    "新活动从“筹备中”开始。补录已经办过的活动时，可选择它现在的进度并填写办到这一步的日期，"
    "中间跳过的步骤按同一日期记录。"
)
EXISTING_STATUS_HINT = "状态不在这里修改：请点“推进状态…”逐步登记，每一步都记下日期。"
LOCKED_NOTE = (
    "该活动已归档，记录已封存，只能查看。如确需更正，请点“推进状态…”选“取消归档”并写明原因。"
)


class SitesModel(QAbstractTableModel):
    """The event's open sites in visiting order, edited in place."""

    def __init__(self, sites: list[Site], parent: Any = None) -> None:
        super().__init__(parent)
        self.sites = [replace(site) for site in sites]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sites)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_SITE_FIELDS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return getattr(self.sites[index.row()], _SITE_FIELDS[index.column()])
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value or "")
        site = self.sites[index.row()]
        field = _SITE_FIELDS[index.column()]
        if getattr(site, field) == text:
            return True
        setattr(site, field, text)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _SITE_TITLES[section]
        return str(section + 1)

    def add_site(self) -> int:
        """Append an empty site; returns its row."""
        row = len(self.sites)
        self.beginInsertRows(QModelIndex(), row, row)
        self.sites.append(Site(""))
        self.endInsertRows()
        return row

    def remove_site(self, row: int) -> None:
        """Drop one site."""
        if 0 <= row < len(self.sites):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.sites[row]
            self.endRemoveRows()

    def move_site(self, row: int, delta: int) -> int:
        """Move a site up (-1) or down (+1) in the visiting order; returns its new row."""
        target = row + delta
        if not (0 <= row < len(self.sites) and 0 <= target < len(self.sites)):
            return row
        # beginMoveRows wants the destination as "insert before" in the old numbering.
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self.sites.insert(target, self.sites.pop(row))
        self.endMoveRows()
        return target


class _CellEditor(QLineEdit):
    """A cell editor that keeps Enter to itself, so it finishes the cell, not the dialog."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class _LiveDelegate(QStyledItemDelegate):
    """Writes every keystroke to the model, so pressing 保存 never loses a cell being typed."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = _CellEditor(parent)
        editor.setFrame(False)
        model = index.model()
        persistent = QPersistentModelIndex(index)
        editor.textEdited.connect(
            lambda text: model.setData(
                model.index(persistent.row(), persistent.column()), text, Qt.ItemDataRole.EditRole
            )
        )
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QLineEdit) and editor.text() != text:
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


_SITE_EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)


def split_forms(text: str) -> list[str]:
    """Free-text activity forms, split on 顿号, commas, semicolons or spaces."""
    return [part for part in _FORM_SEPARATORS.split(text.strip()) if part]


class EventDialog(FormDialog):
    """Create (``event_id`` None) or edit an event; checked with domain.events.check_event."""

    def __init__(self, store: Store, event_id: int | None = None, parent: QWidget | None = None):
        super().__init__("event_dialog", "新建活动" if event_id is None else "修改活动", parent)
        self.store = store
        self.event_id = event_id
        self.lifecycle_dialog: QWidget | None = None  # 推进状态… opened from here (tests)
        self.locked = False
        self._step_date_typed = False  # the clerk chose the step's date: stop following
        form = self.form
        self.title_edit = child(form, QLineEdit, "titleEdit")
        self.theme_edit = child(form, QLineEdit, "themeEdit")
        self.kind_combo = self._add_kind_combo(form)
        self.organizer_edit = child(form, QLineEdit, "organizerEdit")
        self.date_edit = child(form, DateEdit, "dateEdit")
        self.time_check = child(form, QCheckBox, "timeCheck")
        self.start_edit = child(form, TimeEdit, "startTimeEdit")
        self.end_edit = child(form, TimeEdit, "endTimeEdit")
        self.status_label = child(form, QLabel, "statusLabel")
        self.status_combo = child(form, QComboBox, "statusCombo")
        self.status_date_label = child(form, QLabel, "statusDateLabel")
        self.status_date_edit = child(form, DateEdit, "statusDateEdit")
        self.status_value_label = child(form, QLabel, "statusValueLabel")
        self.lifecycle_button = child(form, QPushButton, "lifecycleButton")
        self.status_hint = child(form, QLabel, "statusHint")
        self.locked_label = child(form, QLabel, "lockedLabel")
        self.basis_document_edit = child(form, QLineEdit, "basisDocumentEdit")
        self.basis_number_edit = child(form, QLineEdit, "basisNumberEdit")
        self.sites_view = child(form, QTableView, "sitesView")
        self.add_site_button = child(form, QPushButton, "addSiteButton")
        self.remove_site_button = child(form, QPushButton, "removeSiteButton")
        self.move_up_button = child(form, QPushButton, "moveSiteUpButton")
        self.move_down_button = child(form, QPushButton, "moveSiteDownButton")
        self.other_forms_edit = child(form, QLineEdit, "otherFormsEdit")
        self.notes_edit = child(form, QPlainTextEdit, "notesEdit")

        self.bind_field("title", self.title_edit, "titleError")
        self.bind_field("end", self.end_edit, "timeError")
        self.bind_field("date", self.date_edit, "timeError")
        self.bind_field("status", self.status_combo, "statusError")
        self.bind_field("sites", self.sites_view, "sitesError")

        setup_date_edit(self.date_edit)
        setup_time_edit(self.start_edit, DEFAULT_START)
        setup_time_edit(self.end_edit, DEFAULT_END)
        setup_date_edit(self.status_date_edit)
        self.status_date_edit.setMaximumDate(to_qdate(date.today()))  # no step in the future
        self.status_combo.addItems(EVENT_STATUSES)
        self.status_hint.setStyleSheet("color: palette(placeholder-text);")
        self.locked_label.setStyleSheet(WARNING_STYLE + " font-weight: bold;")
        self.locked_label.setVisible(False)
        self.form_checks: dict[str, QCheckBox] = {}
        self._build_form_checks()

        event = store.events.get(event_id) if event_id is not None else None
        self.sites_model = SitesModel(event.sites if event else [], self)
        self._setup_sites_view()
        if event is not None:
            self._fill(event)
        else:
            self.organizer_edit.setText(str(store.settings.get("unit_name")))
        self._show_status(event)
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 58, self.sizeHint().height())
        self._connect_signals()
        self._update_site_buttons()

    def _build_form_checks(self) -> None:
        container = child(self.form, QWidget, "formsContainer")
        layout = QHBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(18)
        for number, name in enumerate(STANDARD_ACTIVITY_FORMS):
            check = QCheckBox(name, container)
            check.setObjectName(f"formCheck{number}")
            layout.addWidget(check)
            self.form_checks[name] = check
        layout.addStretch(1)

    def _setup_sites_view(self) -> None:
        view = self.sites_view
        view.setModel(self.sites_model)
        view.setItemDelegate(_LiveDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(_SITE_EDIT_TRIGGERS)
        view.setAlternatingRowColors(True)
        view.setTabKeyNavigation(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        char = view.fontMetrics().horizontalAdvance("汉")
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        for column, chars in ((SITE_COL_NAME, 12), (SITE_COL_TIME, 8), (SITE_COL_GUIDE, 6)):
            view.setColumnWidth(column, char * chars + 16)
        header.setSectionResizeMode(SITE_COL_ADDRESS, QHeaderView.ResizeMode.Stretch)

    def _connect_signals(self) -> None:
        self.time_check.toggled.connect(self._update_time_edits)
        self.status_combo.currentTextChanged.connect(self._update_status_date)
        self.date_edit.dateChanged.connect(self._follow_event_date)
        self.status_date_edit.dateChanged.connect(self._on_step_date_changed)
        self.lifecycle_button.clicked.connect(self.open_lifecycle)
        self.add_site_button.clicked.connect(self._on_add_site)
        self.remove_site_button.clicked.connect(self._on_remove_site)
        self.move_up_button.clicked.connect(lambda: self._on_move_site(-1))
        self.move_down_button.clicked.connect(lambda: self._on_move_site(1))
        self.sites_view.selectionModel().currentRowChanged.connect(self._update_site_buttons)
        self.sites_model.rowsInserted.connect(self._update_site_buttons)
        self.sites_model.rowsRemoved.connect(self._update_site_buttons)

    # --- fields <-> event -----------------------------------------------------------------

    def _add_kind_combo(self, form: QWidget) -> QComboBox:
        """活动类型, above the theme: it picks the default texts and which rules bind."""
        from PySide6.QtWidgets import QFormLayout

        from openday_desktop.domain.models import EVENT_KINDS

        combo = QComboBox(form)
        combo.setObjectName("kindCombo")
        for kind in EVENT_KINDS:
            combo.addItem(kind, kind)
        combo.setToolTip(
            "政府开放日：按规定检查每个开放点人数和群众代表占比；"
            "政务公开日（5·15）和其他政务公开活动：这两项只作提醒。"
            "各类型的实施方案、公示、总结等默认文字不同。"
        )
        layout = form.findChild(QFormLayout, "fieldsLayout")
        if layout is not None:
            layout.insertRow(2, "活动类型(&K)：", combo)
        return combo

    def _fill(self, event: Event) -> None:
        self.title_edit.setText(event.title)
        index = self.kind_combo.findData(event.kind)
        self.kind_combo.setCurrentIndex(max(index, 0))
        self.theme_edit.setText(event.theme)
        self.organizer_edit.setText(event.organizer)
        self.date_edit.setDate(to_qdate(event.date))
        has_time = event.start is not None or event.end is not None
        self.time_check.setChecked(has_time)
        self._update_time_edits()
        if event.start:
            self.start_edit.setTime(to_qtime(event.start))
        if event.end:
            self.end_edit.setTime(to_qtime(event.end))
        self.basis_document_edit.setText(event.basis_document)
        self.basis_number_edit.setText(event.basis_number)
        others = []
        for name in event.forms:
            if name in self.form_checks:
                self.form_checks[name].setChecked(True)
            else:
                others.append(name)
        self.other_forms_edit.setText("、".join(others))
        self.notes_edit.setPlainText(event.notes)

    def _update_time_edits(self) -> None:
        with_time = self.time_check.isChecked()
        self.start_edit.setEnabled(with_time)
        self.end_edit.setEnabled(with_time)

    def event_from_fields(self) -> Event:
        """An Event holding what the fields say (not yet checked).

        The status is never taken from the fields: a new event is 筹备中 until the chosen
        step is recorded, an existing one keeps the stored status (推进状态… changes it).
        """
        forms = [name for name, check in self.form_checks.items() if check.isChecked()]
        forms += [f for f in split_forms(self.other_forms_edit.text()) if f not in forms]
        with_time = self.time_check.isChecked()
        status = PREPARING
        if self.event_id is not None:
            status = self.store.events.get(self.event_id).status
        return Event(
            id=self.event_id,
            title=self.title_edit.text(),
            kind=str(self.kind_combo.currentData()),
            theme=self.theme_edit.text(),
            organizer=self.organizer_edit.text().strip(),
            date=from_qdate(self.date_edit.date()),
            start=from_qtime(self.start_edit.time()) if with_time else None,
            end=from_qtime(self.end_edit.time()) if with_time else None,
            status=status,
            basis_document=self.basis_document_edit.text().strip(),
            basis_number=self.basis_number_edit.text().strip(),
            sites=[
                Site(s.name.strip(), s.address.strip(), s.time_slot.strip(), s.guide.strip(), s.id)
                for s in self.sites_model.sites
            ],
            forms=forms,
            notes=self.notes_edit.toPlainText().strip(),
        )

    # --- status ---------------------------------------------------------------------------

    def initial_status(self) -> tuple[str, date | None]:
        """For a new event: the step chosen and the day it was reached (None for 筹备中)."""
        status = self.status_combo.currentText()
        if status == PREPARING:
            return status, None
        return status, from_qdate(self.status_date_edit.date())

    def status_text(self) -> str:
        """The status as shown for an existing event (plain text, for tests and tools)."""
        return self.status_value_label.text().replace("<b>", "").replace("</b>", "")

    def _show_status(self, event: Event | None) -> None:
        """The status row: a choice for a new event, read-only text and 推进状态… otherwise."""
        new = event is None
        self.status_combo.setVisible(new)
        self.status_value_label.setVisible(not new)
        self.lifecycle_button.setVisible(not new)
        self.status_label.setBuddy(self.status_combo if new else self.lifecycle_button)
        if event is None:
            self.status_combo.setCurrentText(PREPARING)
            self.status_hint.setText(NEW_STATUS_HINT)
            self._update_status_date()
            self._set_locked(False)
            return
        self.status_date_label.setVisible(False)
        self.status_date_edit.setVisible(False)
        assert event.id is not None
        reached = step_dates(self.store.events.status_history(event.id)).get(event.status)
        when = f"（{format_date(reached)}）" if reached else ""
        self.status_value_label.setText(f"<b>{event.status}</b>{when}")
        hint = self._next_step_text(event)
        self.status_hint.setText(hint)
        self.status_hint.setVisible(bool(hint))
        self._set_locked(is_locked(event))

    def _next_step_text(self, event: Event) -> str:
        if event.status == ARCHIVED:
            return ""  # the note at the top says it all
        assert event.id is not None
        deadline = event_next_deadline(self.store, event.id)
        next_step = f"下一步：{deadline.describe()}。" if deadline is not None else ""
        return next_step + EXISTING_STATUS_HINT

    def _follow_event_date(self) -> None:
        """For an event entered afterwards the step was most likely reached on the day itself."""
        if self.event_id is not None or self._step_date_typed:
            return
        day = min(from_qdate(self.date_edit.date()), date.today())
        self.status_date_edit.blockSignals(True)
        self.status_date_edit.setDate(to_qdate(day))
        self.status_date_edit.blockSignals(False)

    def _on_step_date_changed(self) -> None:
        self._step_date_typed = True

    def _update_status_date(self) -> None:
        later = self.event_id is None and self.status_combo.currentText() != PREPARING
        self.status_date_label.setVisible(later)
        self.status_date_edit.setVisible(later)

    def open_lifecycle(self) -> None:
        """推进状态… for this event; the status row (and lock) follow what it records."""
        if self.event_id is None:
            return
        from openday_desktop.ui.events.lifecycle_dialog import LifecycleDialog

        dialog = LifecycleDialog(self.store, self.event_id, self)
        self.lifecycle_dialog = dialog

        def finished(_result: int) -> None:
            if self.lifecycle_dialog is dialog:
                self.lifecycle_dialog = None
            dialog.deleteLater()

        dialog.saved.connect(self._on_status_changed)
        dialog.finished.connect(finished)
        dialog.open()  # window-modal without a nested event loop

    def _on_status_changed(self, event_id: int) -> None:
        self._show_status(self.store.events.get(event_id))
        # The list shows the status too: refresh its row now, even if this dialog is cancelled.
        self.saved.emit(event_id)

    # --- read-only (archived) -------------------------------------------------------------

    def _set_locked(self, locked: bool) -> None:
        """Show an archived event read-only; 推进状态… stays available to step back."""
        self.locked = locked
        if self.event_id is not None:
            self.setWindowTitle("查看活动（已归档）" if locked else "修改活动")
        self.locked_label.setText(LOCKED_NOTE if locked else "")
        self.locked_label.setVisible(locked)
        for edit in (
            self.title_edit,
            self.theme_edit,
            self.organizer_edit,
            self.basis_document_edit,
            self.basis_number_edit,
            self.other_forms_edit,
        ):
            edit.setReadOnly(locked)
        self.notes_edit.setReadOnly(locked)
        for spin in (self.date_edit, self.start_edit, self.end_edit):
            spin.setReadOnly(locked)
            spin.setButtonSymbols(
                QAbstractSpinBox.ButtonSymbols.NoButtons
                if locked
                else QAbstractSpinBox.ButtonSymbols.UpDownArrows
            )
        self.date_edit.setCalendarPopup(not locked)
        self.time_check.setEnabled(not locked)
        for check in self.form_checks.values():
            check.setEnabled(not locked)
        self.sites_view.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if locked else _SITE_EDIT_TRIGGERS
        )
        self.add_site_button.setEnabled(not locked)
        self._update_site_buttons()
        ok = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        if ok is not None:
            ok.setVisible(not locked)
        if cancel is not None:
            cancel.setText("关闭" if locked else "取消")
            if locked:
                cancel.setDefault(True)

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> int | None:
        """Check the event, show problems next to their fields, or store it (one transaction)."""
        if self.locked:
            self.show_errors({"": LOCKED_MESSAGE})
            return None
        event = self.event_from_fields()
        target, reached_on = self.initial_status() if event.id is None else (PREPARING, None)
        errors = event_service.event_problems(
            self.store, event, status=target, reached_on=reached_on
        )
        if errors:
            self.show_errors(errors)
            return None
        self.clear_errors()
        try:
            if event.id is None:
                return event_service.create_event(
                    self.store, event, status=target, reached_on=reached_on
                )
            event_service.update_event(self.store, event)
        except ValidationError as exc:
            self.show_errors({exc.field: exc.message})
            return None
        return event.id

    # --- sites ----------------------------------------------------------------------------

    def _current_site_row(self) -> int:
        index = self.sites_view.currentIndex()
        return index.row() if index.isValid() else -1

    def _on_add_site(self) -> None:
        row = self.sites_model.add_site()
        index = self.sites_model.index(row, SITE_COL_NAME)
        self.sites_view.setCurrentIndex(index)
        self.sites_view.setFocus()
        self.sites_view.edit(index)

    def _on_remove_site(self) -> None:
        row = self._current_site_row()
        if row >= 0:
            self.sites_model.remove_site(row)

    def _on_move_site(self, delta: int) -> None:
        row = self._current_site_row()
        if row < 0:
            return
        column = self.sites_view.currentIndex().column()
        target = self.sites_model.move_site(row, delta)
        self.sites_view.setCurrentIndex(self.sites_model.index(target, column))
        self._update_site_buttons()

    def _update_site_buttons(self) -> None:
        row = self._current_site_row()
        count = self.sites_model.rowCount()
        editable = not self.locked
        self.remove_site_button.setEnabled(editable and row >= 0)
        self.move_up_button.setEnabled(editable and row > 0)
        self.move_down_button.setEnabled(editable and 0 <= row < count - 1)
