"""从代表库添加: pick people from the pool for one event's list.

Search as in the 代表 tab (name, pinyin initials, phone or ID endings, unit, village), narrow by
category and village, select several rows and press 加入名单. People already on the list are
shown in grey and cannot be selected, so nobody is put on a list twice. The dialog is
non-modal: the selection window's rule check updates after every addition.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any, NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.services.selection import invite_people
from openday_desktop.storage import Store
from openday_desktop.storage.rows import bulk_rows, field_index
from openday_desktop.storage.selection import attendance_history
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.background import BackgroundRead
from openday_desktop.ui.common.colours import MUTED_COLOR, OK_STYLE
from openday_desktop.ui.common.icons import icon
from openday_desktop.ui.common.record_tab import (
    BACKGROUND_ROWS,
    RecordTableView,
    set_column_widths,
)
from openday_desktop.ui.common.table_models import (
    ALIGN_CENTER,
    ALIGN_RIGHT,
    Column,
    RecordTableModel,
    Row,
)

Index = QModelIndex | QPersistentModelIndex
MUTED = MUTED_COLOR
log = logging.getLogger(__name__)
ALL_CATEGORIES = "全部类别"
ALL_VILLAGES = "全部村/社区"


class PickerRow(NamedTuple):
    """One pool person in the picker, with their attendance so far."""

    id: int
    name: str
    sex: str
    birth_date: str | None
    phone: str
    village: str
    category: str
    unit: str
    times: int
    last: str
    haystack: str


COL_PICK_NAME = 0
COL_PICK_SEX = 1
COL_PICK_BIRTH = 2
COL_PICK_PHONE = 3
COL_PICK_VILLAGE = 4
COL_PICK_CATEGORY = 5
COL_PICK_UNIT = 6
COL_PICK_TIMES = 7
COL_PICK_LAST = 8
COL_PICK_LISTED = 9
_FIELD_VILLAGE = field_index(PickerRow, "village")
_FIELD_CATEGORY = field_index(PickerRow, "category")
PICKER_COLUMNS: tuple[Column, ...] = (
    Column("姓名", field_index(PickerRow, "name"), 5),
    Column("性别", field_index(PickerRow, "sex"), 3, ALIGN_CENTER),
    Column("出生日期", field_index(PickerRow, "birth_date"), 7, ALIGN_CENTER),
    Column("联系电话", field_index(PickerRow, "phone"), 8),
    Column("村/社区", _FIELD_VILLAGE, 6),
    Column("代表类别", _FIELD_CATEGORY, 6),
    Column("工作单位及职务", field_index(PickerRow, "unit"), 12, tooltip=True, stretch=True),
    Column("参加次数", field_index(PickerRow, "times"), 4, ALIGN_RIGHT),
    Column("上次参加", field_index(PickerRow, "last"), 7, ALIGN_CENTER),
    Column("名单", 0, 5, ALIGN_CENTER),  # text drawn by PoolModel.data
)


def picker_rows(store: Store) -> list[Row]:
    """One compact row per person in the pool, with their attendance so far."""
    history = attendance_history(store)
    new = tuple.__new__
    rows: list[Row] = []
    with bulk_rows():
        for r in store.people.table_rows():
            record = history.get(r.id)
            times = record.events_attended if record is not None else 0
            last = record.last_attended.isoformat() if record and record.last_attended else ""
            rows.append(
                new(
                    PickerRow,
                    (r.id, r.name, r.sex, r.birth_date, r.phone, r.village, r.category, r.unit)
                    + (times, last, r.haystack),
                )
            )
    return rows


class PoolModel(RecordTableModel):
    """The pool, filtered by search text, category and village; listed people not selectable."""

    def __init__(self, listed: set[int], parent: Any = None) -> None:
        super().__init__(PICKER_COLUMNS, parent)
        self.listed = listed
        self.category: str | None = None
        self.village: str | None = None

    def set_scope(self, category: str | None, village: str | None) -> None:
        """Show only one category and/or one village (None: all)."""
        self.beginResetModel()
        self.category = category
        self.village = village
        self._visible = self._compute_visible()
        self.endResetModel()

    def mark_listed(self, person_ids: list[int]) -> None:
        """These people are now on the list: grey them out."""
        self.listed.update(person_ids)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def _compute_visible(self) -> list[int]:
        positions = super()._compute_visible()
        category, village = self.category, self.village
        if category is None and village is None:
            return positions
        rows = self._rows
        return [
            p
            for p in positions
            if (category is None or rows[p][_FIELD_CATEGORY] == category)
            and (village is None or rows[p][_FIELD_VILLAGE] == village)
        ]

    def is_listed(self, view_row: int) -> bool:
        """Whether the person in a visible row is already on the list."""
        return self.record_id(view_row) in self.listed

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and self.is_listed(index.row()):
            return Qt.ItemFlag.ItemIsEnabled  # on the list already: not selectable again
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.column() == COL_PICK_LISTED and role == Qt.ItemDataRole.DisplayRole:
            return "已在名单" if self.is_listed(index.row()) else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            return MUTED if self.is_listed(index.row()) else None
        return super().data(index, role)


class PoolPickerDialog(QDialog):
    """Search the pool and add the selected people to one event's list."""

    invited = Signal(list, str)  # person ids added, a one-line summary

    def __init__(self, store: Store, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("poolPicker")
        self.store = store
        self.event_id = event_id
        event = store.events.get(event_id)
        self.setWindowTitle(f"从代表库添加 - {event.title}")
        self.model = PoolModel(store.invitations.person_ids(event_id), self)
        self._build()
        self._connect_signals()
        if store.people.count() < BACKGROUND_ROWS:
            self._on_rows_read(picker_rows(store))
        else:
            # A district's pool and its attendance history take seconds to read: the dialog
            # opens at once and fills in when the worker thread is done.
            self._reader = BackgroundRead(self)
            self.count_label.setText("正在读取代表库…")
            self._reader.start(store.path, picker_rows, self._on_rows_read, self._on_read_failed)
        char = self.fontMetrics().horizontalAdvance("汉")
        self.resize(char * 78, char * 44)

    def _on_rows_read(self, rows: list[Row]) -> None:
        self.model.set_rows(rows)
        self._fill_scopes(rows)
        self._update()

    def _on_read_failed(self, error: BaseException) -> None:
        log.error("pool picker read failed", exc_info=error)
        self._on_rows_read(picker_rows(self.store))

    def _fill_scopes(self, rows: list[Row]) -> None:
        """The category and village choices of the pool that was read."""
        present = {row[_FIELD_CATEGORY] for row in rows}
        names = self.store.categories.names()
        for name in names + sorted(present - set(names)):
            self.category_combo.addItem(name, name)
        villages = Counter(row[_FIELD_VILLAGE] for row in rows if row[_FIELD_VILLAGE])
        for village, count in sorted(villages.items(), key=lambda item: (-item[1], item[0])):
            self.village_combo.addItem(f"{village}（{count}）", village)

    def _build(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            "姓名、拼音首字母（如 wf）、电话或身份证号后几位、单位…"
        )
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.category_combo = QComboBox(self)
        self.category_combo.addItem(ALL_CATEGORIES, None)
        self.village_combo = QComboBox(self)
        self.village_combo.addItem(ALL_VILLAGES, None)
        self.village_combo.setMaxVisibleItems(20)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.category_combo)
        top.addWidget(self.village_combo)

        self.count_label = QLabel(self)
        self.view = RecordTableView(self)
        self.view.setObjectName("poolView")
        self.view.setModel(self.model)
        set_column_widths(self.view, PICKER_COLUMNS)
        hint = QLabel(
            "按住 Ctrl 或 Shift 可选多人；灰色的人已在名单中，不能重复添加。"
            "“参加次数”“上次参加”便于轮换，让更多群众有机会参加。",
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet(OK_STYLE)

        self.button_box = QDialogButtonBox(self)
        self.add_button = QPushButton("加入名单", self)
        self.add_button.setDefault(True)
        self.button_box.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = self.button_box.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("关闭")
        close.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addWidget(self.status_label)
        layout.addWidget(self.button_box)
        self.setTabOrder(self.search_edit, self.category_combo)
        self.setTabOrder(self.category_combo, self.village_combo)
        self.setTabOrder(self.village_combo, self.view)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._on_search)
        self.search_edit.returnPressed.connect(self.view.setFocus)
        self.category_combo.currentIndexChanged.connect(self._on_scope)
        self.village_combo.currentIndexChanged.connect(self._on_scope)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        self.view.activated.connect(lambda _index: self.add_selected())
        self.add_button.clicked.connect(lambda: self.add_selected())
        self.button_box.rejected.connect(self.reject)

    # --- filtering ------------------------------------------------------------------------

    def _on_search(self, text: str) -> None:
        self.model.set_filter(text)

    def _on_scope(self) -> None:
        self.model.set_scope(self.category_combo.currentData(), self.village_combo.currentData())

    def _update(self) -> None:
        total, visible = self.model.total_count, self.model.visible_count
        scoped = self.model.query or self.model.category or self.model.village
        self.count_label.setText(
            f"代表库共 {total} 人，找到 {visible} 人" if scoped else f"代表库共 {total} 人"
        )
        count = len(self.selected_ids())
        self.add_button.setText(f"加入名单（{count}人）" if count else "加入名单")
        self.add_button.setEnabled(count > 0)

    # --- adding ---------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """Pool ids of the selected people who are not on the list yet."""
        return [pid for pid in self.view.selected_ids() if pid not in self.model.listed]

    def add_selected(self) -> list[int]:
        """Put the selected people on the event's list; returns the ids added."""
        ids = self.selected_ids()
        if not ids:
            return []
        outcome = invite_people(self.store, self.event_id, ids)
        self.model.mark_listed(outcome.added + outcome.already)
        self.view.clearSelection()
        self.status_label.setText(outcome.summary())
        if outcome.refused:
            reasons = list(outcome.refused.values())
            messages.warning(
                self,
                f"有 {len(reasons)} 人没有加入名单：\n"
                + "\n".join(f"· {reason}" for reason in reasons[:8]),
            )
        self.invited.emit(outcome.added, outcome.summary())
        self.search_edit.setFocus()
        self.search_edit.selectAll()
        return outcome.added
