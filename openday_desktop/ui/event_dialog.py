"""The dialog that creates or edits an event: date and time, open sites, activity forms."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time
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
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTimeEdit,
    QWidget,
)

from openday_desktop.domain.events import check_event, require_valid_event
from openday_desktop.domain.models import EVENT_STATUSES, STANDARD_ACTIVITY_FORMS, Event, Site
from openday_desktop.storage import Store
from openday_desktop.ui.form_dialog import (
    FormDialog,
    from_qdate,
    from_qtime,
    set_combo_text,
    setup_date_edit,
    setup_time_edit,
    to_qdate,
    to_qtime,
)
from openday_desktop.ui.forms import child

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
            lambda text: model.setData(QModelIndex(persistent), text, Qt.ItemDataRole.EditRole)
        )
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QLineEdit) and editor.text() != text:
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


def split_forms(text: str) -> list[str]:
    """Free-text activity forms, split on 顿号, commas, semicolons or spaces."""
    return [part for part in _FORM_SEPARATORS.split(text.strip()) if part]


class EventDialog(FormDialog):
    """Create (``event_id`` None) or edit an event; checked with domain.events.check_event."""

    def __init__(self, store: Store, event_id: int | None = None, parent: QWidget | None = None):
        super().__init__("event_dialog", "新建活动" if event_id is None else "修改活动", parent)
        self.store = store
        self.event_id = event_id
        form = self.form
        self.title_edit = child(form, QLineEdit, "titleEdit")
        self.theme_edit = child(form, QLineEdit, "themeEdit")
        self.organizer_edit = child(form, QLineEdit, "organizerEdit")
        self.date_edit = child(form, QDateEdit, "dateEdit")
        self.time_check = child(form, QCheckBox, "timeCheck")
        self.start_edit = child(form, QTimeEdit, "startTimeEdit")
        self.end_edit = child(form, QTimeEdit, "endTimeEdit")
        self.status_combo = child(form, QComboBox, "statusCombo")
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
        self.bind_field("sites", self.sites_view, "sitesError")

        setup_date_edit(self.date_edit)
        setup_time_edit(self.start_edit, DEFAULT_START)
        setup_time_edit(self.end_edit, DEFAULT_END)
        self.status_combo.addItems(EVENT_STATUSES)
        self.form_checks: dict[str, QCheckBox] = {}
        self._build_form_checks()

        event = store.events.get(event_id) if event_id is not None else None
        self.sites_model = SitesModel(event.sites if event else [], self)
        self._setup_sites_view()
        if event is not None:
            self._fill(event)
        else:
            self.organizer_edit.setText(str(store.settings.get("unit_name")))
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
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
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
        self.time_check.toggled.connect(self.start_edit.setEnabled)
        self.time_check.toggled.connect(self.end_edit.setEnabled)
        self.add_site_button.clicked.connect(self._on_add_site)
        self.remove_site_button.clicked.connect(self._on_remove_site)
        self.move_up_button.clicked.connect(lambda: self._on_move_site(-1))
        self.move_down_button.clicked.connect(lambda: self._on_move_site(1))
        self.sites_view.selectionModel().currentRowChanged.connect(self._update_site_buttons)
        self.sites_model.rowsInserted.connect(self._update_site_buttons)
        self.sites_model.rowsRemoved.connect(self._update_site_buttons)

    # --- fields <-> event -----------------------------------------------------------------

    def _fill(self, event: Event) -> None:
        self.title_edit.setText(event.title)
        self.theme_edit.setText(event.theme)
        self.organizer_edit.setText(event.organizer)
        self.date_edit.setDate(to_qdate(event.date))
        has_time = event.start is not None or event.end is not None
        self.time_check.setChecked(has_time)
        self.start_edit.setEnabled(has_time)
        self.end_edit.setEnabled(has_time)
        if event.start:
            self.start_edit.setTime(to_qtime(event.start))
        if event.end:
            self.end_edit.setTime(to_qtime(event.end))
        set_combo_text(self.status_combo, event.status)
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

    def event_from_fields(self) -> Event:
        """An Event holding what the fields say (not yet checked)."""
        forms = [name for name, check in self.form_checks.items() if check.isChecked()]
        forms += [f for f in split_forms(self.other_forms_edit.text()) if f not in forms]
        with_time = self.time_check.isChecked()
        return Event(
            id=self.event_id,
            title=self.title_edit.text(),
            theme=self.theme_edit.text(),
            organizer=self.organizer_edit.text().strip(),
            date=from_qdate(self.date_edit.date()),
            start=from_qtime(self.start_edit.time()) if with_time else None,
            end=from_qtime(self.end_edit.time()) if with_time else None,
            status=self.status_combo.currentText(),
            basis_document=self.basis_document_edit.text().strip(),
            basis_number=self.basis_number_edit.text().strip(),
            sites=[
                Site(s.name.strip(), s.address.strip(), s.time_slot.strip(), s.guide.strip(), s.id)
                for s in self.sites_model.sites
            ],
            forms=forms,
            notes=self.notes_edit.toPlainText().strip(),
        )

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> int | None:
        """Check the event; show problems next to their fields, or store it in one transaction."""
        event = self.event_from_fields()
        errors = check_event(event)
        if errors:
            self.show_errors(errors)
            return None
        self.clear_errors()
        event = require_valid_event(event)
        with self.store.transaction():
            if event.id is None:
                self.store.events.add(event)
            else:
                self.store.events.update(event)
        assert event.id is not None
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
        self.remove_site_button.setEnabled(row >= 0)
        self.move_up_button.setEnabled(row > 0)
        self.move_down_button.setEnabled(0 <= row < count - 1)
