"""One table model for every list in the window: compact tuple rows, filtered and sorted inside.

A row is a plain tuple whose first element is the record id and whose last element is a
lower-case search haystack (see ``domain.search``). Columns name the tuple element they show.
Filtering and sorting work on a list of row positions, so 100,000 people stay responsive: no
proxy model calls Python once per row, and only the rows on screen are ever formatted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from openday_desktop.domain.models import Event, Feedback
from openday_desktop.domain.search import SearchIndex, search_text
from openday_desktop.storage.rows import PersonRow, field_index
from openday_desktop.ui.common.colours import ERROR_COLOR

Row = tuple[Any, ...]
Index = QModelIndex | QPersistentModelIndex

ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter
ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
OVERDUE_COLOR = ERROR_COLOR


@dataclass(frozen=True)
class Column:
    """A table column: its Chinese title, the tuple element it shows, and how it looks."""

    title: str
    field: int
    chars: int = 8  # starting width in Chinese characters
    align: Qt.AlignmentFlag = ALIGN_LEFT
    tooltip: bool = False  # long text: show the whole value on hover
    stretch: bool = False  # takes the width left over (one column per table)
    sort_key: Callable[[Any], Any] | None = None


# --- events -------------------------------------------------------------------------------
# Row: id, date, title, theme, time, sites, status, next deadline, haystack

COL_EVENT_DATE = 0
COL_EVENT_TITLE = 1
COL_EVENT_THEME = 2
COL_EVENT_TIME = 3
COL_EVENT_SITES = 4
COL_EVENT_STATUS = 5
COL_EVENT_DEADLINE = 6
EVENT_COLUMNS: tuple[Column, ...] = (
    Column("日期", 1, 7, ALIGN_CENTER),
    Column("活动名称", 2, 22, tooltip=True),
    Column("主题", 3, 14, tooltip=True),
    Column("时间", 4, 7, ALIGN_CENTER),
    Column("开放点", 5, 26, tooltip=True, stretch=True),
    Column("状态", 6, 6, ALIGN_CENTER),
    Column("下一步时限", 7, 19, tooltip=True),
)


def event_time_text(event: Event) -> str:
    """``08:30-11:30``, one end alone, or empty when the time is not fixed yet."""
    parts = [t.strftime("%H:%M") for t in (event.start, event.end) if t is not None]
    if event.start and event.end:
        return "-".join(parts)
    return parts[0] if parts else ""


def event_sites_text(event: Event) -> str:
    """The open sites in visiting order, with their count: ``3处：便民服务中心、…``."""
    if not event.sites:
        return ""
    return f"{len(event.sites)}处：" + "、".join(site.name for site in event.sites)


def event_row(event: Event, deadline: str = "") -> Row:
    """The events table row of one event; ``deadline`` describes its next step (ui.followup)."""
    sites = event_sites_text(event)
    return (
        event.id,
        event.date.isoformat(),
        event.title,
        event.theme,
        event_time_text(event),
        sites,
        event.status,
        deadline,
        search_text(event.date.isoformat(), event.title, event.theme, sites, event.status),
    )


# --- representatives ----------------------------------------------------------------------
# Row: storage.rows.PersonRow (PersonRepository.table_rows)


def _person(name: str) -> int:
    return field_index(PersonRow, name)


COL_PERSON_NAME = 0
COL_PERSON_SEX = 1
COL_PERSON_BIRTH = 2
COL_PERSON_PHONE = 3
COL_PERSON_ID_NUMBER = 4
COL_PERSON_UNIT = 5
COL_PERSON_VILLAGE = 6
COL_PERSON_CATEGORY = 7
COL_PERSON_SOURCE = 8
PERSON_COLUMNS: tuple[Column, ...] = (
    Column("姓名", _person("name"), 5),
    Column("性别", _person("sex"), 3, ALIGN_CENTER),
    Column("出生日期", _person("birth_date"), 7, ALIGN_CENTER),
    Column("联系电话", _person("phone"), 8),
    Column("身份证号", _person("id_number"), 11),
    Column("工作单位及职务", _person("unit"), 16, tooltip=True, stretch=True),
    Column("村/社区", _person("village"), 6),
    Column("代表类别", _person("category"), 6),
    Column("来源", _person("source"), 5),
)

# --- feedback -----------------------------------------------------------------------------
# Row: id, event title, content, category, status, unit, person, deadline text, overdue,
#      raised by, haystack

COL_FEEDBACK_ID = 0
COL_FEEDBACK_EVENT = 1
COL_FEEDBACK_CONTENT = 2
COL_FEEDBACK_CATEGORY = 3
COL_FEEDBACK_STATUS = 4
COL_FEEDBACK_UNIT = 5
COL_FEEDBACK_PERSON = 6
COL_FEEDBACK_DEADLINE = 7
FEEDBACK_OVERDUE_FIELD = 8
COL_FEEDBACK_AUTHOR = 8  # the column; its value is the row's field 9
ANONYMOUS = "匿名"
FEEDBACK_COLUMNS: tuple[Column, ...] = (
    Column("编号", 0, 3, ALIGN_RIGHT),
    Column("活动", 1, 12, tooltip=True),
    Column("内容", 2, 26, tooltip=True, stretch=True),
    Column("分类", 3, 5),
    Column("状态", 4, 5, ALIGN_CENTER),
    Column("责任单位", 5, 9, tooltip=True),
    Column("责任人", 6, 5),
    Column("办理时限", 7, 9, ALIGN_CENTER),
    Column("提出人", 9, 5),
)


def feedback_row(
    item: Feedback,
    event_titles: dict[int, str],
    today: date,
    authors: Mapping[int, str] | None = None,
) -> Row:
    """The feedback table row of one item; overdue open items carry a flag (shown in red).

    ``authors`` names the people who raised items by person id; others are 匿名.
    """
    author = (authors or {}).get(item.person_id, "") if item.person_id is not None else ""
    author = author or ANONYMOUS
    overdue = item.is_overdue(today)
    deadline = item.deadline.isoformat() if item.deadline else ""
    if overdue:
        deadline += " 已逾期"
    shown = (
        event_titles.get(item.event_id, ""),
        item.content,
        item.category,
        item.status,
        item.responsible_unit,
        item.responsible_person,
        deadline,
    )
    return (item.id, *shown, overdue, author, search_text(str(item.id), *shown, author))


# --- the model ----------------------------------------------------------------------------


def _default_key(value: Any) -> Any:
    return "" if value is None else value


class RecordTableModel(QAbstractTableModel):
    """Rows as tuples (id first, search haystack last); filter and sort keep a position list."""

    def __init__(
        self,
        columns: Sequence[Column],
        parent: Any = None,
        *,
        highlight_field: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns: tuple[Column, ...] = tuple(columns)
        self._highlight_field = highlight_field
        self._rows: list[Row] = []
        self._texts: list[str] = []
        self._index = SearchIndex(self._texts)
        # Lookups by id and by position, built on first use after the rows or the visible
        # order changed: selecting 4,000 ids must not scan 4,000 times.
        self._positions_by_id: dict[Any, int] | None = None
        self._view_rows: dict[int, int] | None = None
        self._visible_positions: list[int] = []
        self._query = ""
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._sort_keys: dict[int, list[Any]] = {}

    # --- loading and changing rows --------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace every row; the current filter and sort order stay in force."""
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [row[-1] for row in self._rows]
        self._after_rows_changed()
        self.endResetModel()

    def upsert_row(self, row: Row) -> None:
        """Add a row, or replace the row with the same id (one record saved in a dialog)."""
        self.beginResetModel()
        position = self._position_of_id(row[0])
        if position is None:
            self._rows.append(row)
            self._texts.append(row[-1])
        else:
            self._rows[position] = row
            self._texts[position] = row[-1]
        self._after_rows_changed()
        self.endResetModel()

    def replace_rows(self, rows: Sequence[Row]) -> bool:
        """Put changed rows in place of the rows with the same ids (others are left as they are).

        One update for a whole batch (4,000 status changes) instead of reloading every row;
        ids not shown are ignored. Returns True when every row stayed where it was (the
        selection is kept); False when the filter or sort order moved rows (the model was
        reset, so the caller selects again).
        """
        if not rows:
            return True
        before = self._visible_positions
        for row in rows:
            position = self._position_of_id(row[0])
            if position is not None:
                self._rows[position] = row
                self._texts[position] = row[-1]
        self._index = SearchIndex(self._texts)
        self._sort_keys.clear()
        after = self._compute_visible()
        if after == before:
            if after:
                last = self.index(len(after) - 1, len(self.columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return True
        self.beginResetModel()
        self._visible = after
        self.endResetModel()
        return False

    def remove_ids(self, record_ids: Sequence[int]) -> None:
        """Drop the rows of deleted records."""
        doomed = set(record_ids)
        self.beginResetModel()
        self._rows = [row for row in self._rows if row[0] not in doomed]
        self._texts = [row[-1] for row in self._rows]
        self._after_rows_changed()
        self.endResetModel()

    @property
    def _visible(self) -> list[int]:
        """Positions in ``_rows`` of the visible rows, in view order."""
        return self._visible_positions

    @_visible.setter
    def _visible(self, positions: list[int]) -> None:
        self._visible_positions = positions
        self._view_rows = None

    def _after_rows_changed(self) -> None:
        self._positions_by_id = None
        self._index = SearchIndex(self._texts)
        self._sort_keys.clear()
        self._visible = self._compute_visible()

    # --- filter and sort ------------------------------------------------------------------

    @property
    def query(self) -> str:
        """The search text currently applied."""
        return self._query

    def set_filter(self, query: str) -> None:
        """Show only rows whose haystack contains every space-separated term of ``query``."""
        if query == self._query:
            return
        self.beginResetModel()
        self._query = query
        self._visible = self._compute_visible()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; column -1 restores the natural (loading) order."""
        if column >= len(self.columns):
            return
        if column == self._sort_column and order == self._sort_order:
            return  # QTableView asks twice per header click; the rows are already in order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        # Selection and current row are kept by row position, which sorting does not change.
        positions = [self._visible[i.row()] if i.isValid() else -1 for i in persistent]
        self._sort_column = column
        self._sort_order = order
        self._visible = self._compute_visible()
        if persistent:
            if len(persistent) > 16:
                inverse = {position: row for row, position in enumerate(self._visible)}
                find: Callable[[int], int | None] = inverse.get
            else:
                find = self._row_of_position
            new = []
            for index, position in zip(persistent, positions, strict=True):
                row = find(position) if position >= 0 else None
                new.append(self.index(row, index.column()) if row is not None else QModelIndex())
            self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()

    def _row_of_position(self, position: int) -> int | None:
        if self._view_rows is None:
            self._view_rows = {pos: row for row, pos in enumerate(self._visible_positions)}
        return self._view_rows.get(position)

    def _keys(self, column: int) -> list[Any]:
        keys = self._sort_keys.get(column)
        if keys is None:
            spec = self.columns[column]
            key = spec.sort_key or _default_key
            keys = [key(row[spec.field]) for row in self._rows]
            self._sort_keys[column] = keys
        return keys

    def _compute_visible(self) -> list[int]:
        hits = self._index.filter(self._query)
        positions = list(range(len(self._rows))) if hits is None else hits
        if self._sort_column >= 0:
            positions.sort(
                key=self._keys(self._sort_column).__getitem__,
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
            )
        return positions

    # --- lookups --------------------------------------------------------------------------

    @property
    def total_count(self) -> int:
        """Number of rows loaded, filtered or not."""
        return len(self._rows)

    @property
    def visible_count(self) -> int:
        """Number of rows the filter lets through."""
        return len(self._visible)

    def count_true(self, field: int) -> int:
        """How many rows, shown or filtered out, have a true value in tuple element ``field``."""
        return sum(1 for row in self._rows if row[field])

    def row_tuple(self, view_row: int) -> Row:
        """The tuple shown in a given visible row."""
        return self._rows[self._visible[view_row]]

    def row_of_id(self, record_id: int) -> Row | None:
        """The row of ``record_id`` (shown or filtered out), or None."""
        position = self._position_of_id(record_id)
        return None if position is None else self._rows[position]

    def record_id(self, view_row: int) -> int:
        """The record id shown in a given visible row."""
        return int(self._rows[self._visible[view_row]][0])

    def view_row_of(self, record_id: int) -> int | None:
        """The visible row showing ``record_id``, or None when filtered out or missing."""
        position = self._position_of_id(record_id)
        return None if position is None else self._row_of_position(position)

    def _position_of_id(self, record_id: int) -> int | None:
        if self._positions_by_id is None:
            positions: dict[Any, int] = {}
            for position, row in enumerate(self._rows):
                positions.setdefault(row[0], position)  # the first, as a scan would find
            self._positions_by_id = positions
        return self._positions_by_id.get(record_id)

    def cell_text(self, view_row: int, column: int) -> str:
        """What the cell shows, as text (tests and copy use it)."""
        return self._text(self.row_tuple(view_row)[self.columns[column].field])

    @staticmethod
    def _text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        return str(value)

    # --- Qt model interface ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(self.row_tuple(index.row())[column.field])
        if role == Qt.ItemDataRole.ForegroundRole:
            if (
                self._highlight_field is not None
                and self.row_tuple(index.row())[self._highlight_field]
            ):
                return OVERDUE_COLOR
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return self._text(self.row_tuple(index.row())[column.field]) or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return self.columns[section].align
        return None
