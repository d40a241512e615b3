"""The shape every tab shares: a toolbar, a search box and a table, with room for side panels.

Subclasses say what rows to load, which dialog edits a record and how to delete records.
Others extend a tab without subclassing it: ``tab.toolbar.addAction(...)`` for a button,
``tab.add_side_panel(widget)`` for a panel beside the table, ``tab.selection_changed`` and
``tab.selected_ids()`` to follow what the user picked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.storage import Store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.icons import icon
from openday_desktop.ui.common.table_models import Column, RecordTableModel, Row

if TYPE_CHECKING:
    from openday_desktop.ui.common.background import BackgroundRead
    from openday_desktop.ui.common.form_dialog import FormDialog

# Tables with more rows than this are first read off the GUI thread.
BACKGROUND_ROWS = 5_000
log = logging.getLogger(__name__)


def set_column_widths(view: QTableView, columns: Sequence[Column], padding: int = 20) -> None:
    """Start each column at its width in Chinese characters; the stretch column takes the rest."""
    char = view.fontMetrics().horizontalAdvance("汉")
    header = view.horizontalHeader()
    for number, column in enumerate(columns):
        view.setColumnWidth(number, char * column.chars + padding)
        mode = (
            QHeaderView.ResizeMode.Stretch if column.stretch else QHeaderView.ResizeMode.Interactive
        )
        header.setSectionResizeMode(number, mode)


def compact_table(parent: QWidget, model: RecordTableModel, name: str) -> QTableView:
    """A small read-only table for a panel or dialog: one row selected at a time, no row numbers."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


class RecordTableView(QTableView):
    """A read-only, row-selecting table; Delete asks the tab to delete the selection."""

    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in Windows list views
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        # A fixed row height: the view never measures 100,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            # The column header repaints after every selection change and asks, per column,
            # whether the whole column is selected: a walk over every row (per column!) once
            # 100,000 rows are selected. It highlights nothing here (setHighlightSections off),
            # so it gets a selection model of its own that never holds a selection.
            self._header_selection = QItemSelectionModel(model, self)
            self.horizontalHeader().setSelectionModel(self._header_selection)

    def record_model(self) -> RecordTableModel:
        """The RecordTableModel this view shows."""
        model = self.model()
        assert isinstance(model, RecordTableModel)
        return model

    def selected_rows(self) -> list[int]:
        """The selected visible rows, top to bottom."""
        # Selection ranges, not selectedRows(): "select all" of 100,000 rows is one range.
        rows: set[int] = set()
        # PySide6's stubs omit QItemSelection.__iter__ (it is a list of ranges and iterates).
        for selected in self.selectionModel().selection():  # type: ignore[attr-defined]
            rows.update(range(selected.top(), selected.bottom() + 1))
        return sorted(rows)

    def selected_ids(self) -> list[int]:
        """Record ids of the selected rows, top to bottom."""
        model = self.record_model()
        return [model.record_id(row) for row in self.selected_rows()]

    def select_ids(self, record_ids: Sequence[int]) -> None:
        """Select these records (those visible under the current filter) and show the first."""
        model = self.record_model()
        selection = QItemSelection()
        first_row: int | None = None
        rows: list[int] = []
        for record_id in record_ids:
            row = model.view_row_of(record_id)
            if row is None:
                continue
            if first_row is None:
                first_row = row
            rows.append(row)
        # Runs of adjacent rows as one range each: 4,000 one-row ranges make Qt merge and
        # repaint slowly.
        last_column = model.columnCount() - 1
        rows.sort()
        start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index] != rows[index - 1] + 1:
                top, bottom = rows[start], rows[index - 1]
                selection.select(model.index(top, 0), model.index(bottom, last_column))
                start = index
        selection_model = self.selectionModel()
        flags = selection_model.SelectionFlag.ClearAndSelect | selection_model.SelectionFlag.Rows
        selection_model.select(selection, flags)
        if first_row is not None:
            current = model.index(first_row, 0)
            selection_model.setCurrentIndex(current, selection_model.SelectionFlag.NoUpdate)
            self.scrollTo(current)

    def selectAll(self) -> None:
        """Select every row as one range (Ctrl+A).

        Qt's own select-all with row selection splits the table into one range per row and
        merges them, asking the Python model for its size about ten times per row: seconds
        on 100,000 rows. One range over all rows and columns selects the same rows.
        """
        model = self.model()
        rows, columns = model.rowCount(), model.columnCount()
        if rows == 0 or columns == 0:
            return
        selection = QItemSelection(model.index(0, 0), model.index(rows - 1, columns - 1))
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.delete_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class RecordTab(QWidget):
    """A searchable table of one kind of record with 新增 / 修改 / 删除."""

    loaded_in_background = Signal()  # the rows read off the GUI thread arrived
    changed = Signal(str)  # the kind of data this tab changed ("events", "people", "feedback")
    selection_changed = Signal()

    kind = ""  # what this tab edits: the word passed to ``changed``
    watches: frozenset[str] = frozenset()  # kinds whose change means this tab must reload
    noun = "记录"  # for messages: 活动, 代表, 意见建议
    search_hint = "查找"

    def __init__(
        self,
        store: Store,
        columns: Sequence[Column],
        parent: QWidget | None = None,
        *,
        highlight_field: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.loaded = False
        self._background: BackgroundRead | None = None
        self.active_dialog: QDialog | None = None  # the open editor, for tools and tests
        self.model = RecordTableModel(columns, self, highlight_field=highlight_field)
        self._build()
        self._connect_signals()
        self._update_actions()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setFloatable(False)
        self.toolbar.setMovable(False)
        self.add_action = QAction(icon("add"), "新增", self)
        self.add_action.setToolTip(f"新增{self.noun}（Ctrl+N）")
        self.edit_action = QAction(icon("edit"), "修改", self)
        self.edit_action.setToolTip(f"修改选中的{self.noun}（Ctrl+E 或 F2，也可双击该行）")
        self.delete_action = QAction(icon("delete"), "删除", self)
        self.delete_action.setToolTip(f"删除选中的{self.noun}（Del）")
        for action in (self.add_action, self.edit_action, self.delete_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.search_hint)
        self.search_edit.setToolTip("输入即筛选；多个词用空格分开（Ctrl+F）")
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 24)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(8)
        top.addWidget(self.toolbar)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.search_edit)

        self.view = RecordTableView(self)
        self.view.setModel(self.model)
        self._set_column_widths()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.search_edit, self.view)

    def _set_column_widths(self) -> None:
        set_column_widths(self.view, self.model.columns)
        if not any(column.stretch for column in self.model.columns):
            self.view.horizontalHeader().setStretchLastSection(True)

    def _connect_signals(self) -> None:
        self.add_action.triggered.connect(self.add_record)
        self.edit_action.triggered.connect(self.edit_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        self.search_edit.textChanged.connect(self._on_search_changed)
        self.search_edit.returnPressed.connect(self.view.setFocus)
        self.view.activated.connect(self._on_row_activated)
        self.view.delete_requested.connect(self.delete_selected)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._on_model_reset)

    # --- extension points -----------------------------------------------------------------

    def add_side_panel(self, panel: QWidget, stretch: int = 0) -> None:
        """Put a panel to the right of the table (e.g. details of the selected record)."""
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)

    def set_store(self, store: Store) -> None:
        """Switch to another open database and reload when the tab is in use."""
        self.store = store
        if self.loaded:
            self.reload()

    # --- what subclasses provide ----------------------------------------------------------

    def load_rows(self) -> Sequence[Row]:
        """Every row of the table, fresh from the store."""
        raise NotImplementedError

    def load_row(self, record_id: int) -> Row | None:
        """One record's row after a dialog saved it; None means reload the whole table."""
        return None

    def create_editor(self, record_id: int | None) -> FormDialog | None:
        """The dialog that adds (``None``) or edits a record; None when it cannot open."""
        raise NotImplementedError

    def delete_records(self, record_ids: list[int]) -> None:
        """Delete records in one transaction."""
        raise NotImplementedError

    def describe_for_delete(self, rows: list[Row]) -> str:
        """The question asked before deleting these rows."""
        return f"确定要删除选中的 {len(rows)} 条{self.noun}吗？此操作不能撤销。"

    # --- loading --------------------------------------------------------------------------

    def read_rows(self) -> Callable[[Store], Sequence[Row]] | None:
        """A Qt-free function reading every row from a store, for loading off the GUI thread.

        None (the default) keeps loading on the GUI thread with ``load_rows``.
        """
        return None

    def row_count_estimate(self) -> int:
        """About how many rows ``load_rows`` will return (decides background loading)."""
        return 0

    def ensure_loaded(self) -> None:
        """Load the table the first time it is needed (keeps start-up quick).

        A big table (a district's 100,000 people) is read in a worker thread while the window
        stays usable; the count label says it is loading.
        """
        if self.loaded or self._background is not None and self._background.busy:
            return
        reader = self.read_rows()
        if reader is None or self.row_count_estimate() < BACKGROUND_ROWS:
            self.reload()
            return
        from openday_desktop.ui.common.background import BackgroundRead

        if self._background is None:
            self._background = BackgroundRead(self)
        self.count_label.setText("正在读取…")
        self._background.start(self.store.path, reader, self._on_rows_read, self._on_read_failed)

    def _on_rows_read(self, rows: Sequence[Row]) -> None:
        self.model.set_rows(rows)
        self.loaded = True
        self.loaded_in_background.emit()

    def _on_read_failed(self, error: BaseException) -> None:
        log.error("background read failed", exc_info=error)
        self.reload()  # once more on the GUI thread: slow, but the user gets the rows

    def reload(self) -> None:
        """Reload every row, keeping the selection where possible."""
        if self._background is not None:
            self._background.cancel()  # these rows are newer than a read still running
        selected = self.selected_ids()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.model.set_rows(self.load_rows())
        finally:
            QApplication.restoreOverrideCursor()
        self.loaded = True
        if selected:
            self.select_ids(selected)

    # --- selection ------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        """The selected visible rows, top to bottom."""
        return self.view.selected_rows()

    def selected_ids(self) -> list[int]:
        """Ids of the selected records, top to bottom."""
        return self.view.selected_ids()

    def current_id(self) -> int | None:
        """The record of the current row (the one with the focus frame), if it is selected."""
        ids = self.selected_ids()
        if not ids:
            return None
        current = self.view.currentIndex()
        if current.isValid():
            record_id = self.model.record_id(current.row())
            if record_id in ids:
                return record_id
        return ids[0]

    def select_ids(self, record_ids: Sequence[int]) -> None:
        """Select these records (those visible under the current filter) and show the first."""
        self.view.select_ids(record_ids)

    # --- user actions ---------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected (Ctrl+F)."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def add_record(self) -> None:
        """Open the dialog for a new record."""
        self._open_editor(None)

    def edit_selected(self) -> None:
        """Open the dialog for the current record."""
        record_id = self.current_id()
        if record_id is not None:
            self._open_editor(record_id)

    def delete_selected(self) -> None:
        """Delete the selected records after the user confirms."""
        rows = [self.model.row_tuple(row) for row in self.selected_rows()]
        if not rows:
            return
        ids = [int(row[0]) for row in rows]
        if not messages.confirm(self, self.describe_for_delete(rows), yes="删除"):
            return
        try:
            self.delete_records(ids)
        except OpenDayError as exc:
            messages.error(self, exc.message)
            self.reload()
            return
        self.model.remove_ids(ids)
        self.changed.emit(self.kind)

    def _open_editor(self, record_id: int | None) -> None:
        if self.active_dialog is not None:
            self.active_dialog.raise_()
            self.active_dialog.activateWindow()
            return
        try:
            dialog = self.create_editor(record_id)
        except OpenDayError as exc:
            messages.error(self, exc.message)
            self.reload()
            return
        if dialog is None:
            return
        self.active_dialog = dialog
        dialog.saved.connect(self._on_saved)
        dialog.finished.connect(self._on_editor_finished)
        # open(), not exec(): window-modal without a nested event loop, so tests can drive it.
        dialog.open()

    # --- slots ----------------------------------------------------------------------------

    def _on_saved(self, record_id: int) -> None:
        row = self.load_row(record_id)
        if row is None:
            self.reload()
        else:
            self.model.upsert_row(row)
        if self.model.view_row_of(record_id) is None and self.model.query:
            # The saved record does not match the search: clear it so the user sees the result.
            self.search_edit.clear()
        self.select_ids([record_id])
        self.changed.emit(self.kind)

    def _on_editor_finished(self, _result: int) -> None:
        dialog = self.active_dialog
        self.active_dialog = None
        if dialog is not None:
            dialog.deleteLater()
        self.view.setFocus()

    def _on_search_changed(self, text: str) -> None:
        self.model.set_filter(text)

    def _on_row_activated(self) -> None:
        self.edit_selected()

    def _on_selection_changed(self) -> None:
        self._update_actions()
        self.selection_changed.emit()

    def _on_model_reset(self) -> None:
        # A reset drops the selection without selectionChanged: tell the window ourselves.
        self._update_count()
        self._update_actions()
        self.selection_changed.emit()

    def _update_count(self) -> None:
        total, visible = self.model.total_count, self.model.visible_count
        if self.model.query:
            self.count_label.setText(f"找到 {visible} / {total} 条")
        else:
            self.count_label.setText(f"共 {total} 条")

    def _update_actions(self) -> None:
        has_selection = self.view.selectionModel().hasSelection()
        self.edit_action.setEnabled(has_selection)
        self.delete_action.setEnabled(has_selection)
