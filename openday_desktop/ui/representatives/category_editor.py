"""The 代表类别 editor (设置 → 代表类别…): order, add, rename, merge, citizen flag, synonyms.

Every button is one call to ``services.categories`` and takes effect at once (each is its own
transaction), so 关闭 has nothing left to save. ``changed`` tells the main window that people
may have been relabelled (rename and merge move them).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.categories import Category
from openday_desktop.domain.errors import OpenDayError
from openday_desktop.services import categories as service
from openday_desktop.storage import Store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.form_dialog import ERROR_STYLE

Index = QModelIndex | QPersistentModelIndex

COL_NAME = 0
COL_CITIZEN = 1
COL_PEOPLE = 2
COL_SYNONYMS = 3
_TITLES = ("类别", "计入群众", "人数", "同义词")


class CategoryModel(QAbstractTableModel):
    """The categories in display order with their people counts; 计入群众 is a check box."""

    citizen_toggled = Signal(int, bool)  # category id, new value

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.categories: list[Category] = []
        self.counts: dict[str, int] = {}

    def set_rows(self, categories: list[Category], counts: dict[str, int]) -> None:
        """Show this list."""
        self.beginResetModel()
        self.categories = list(categories)
        self.counts = dict(counts)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.categories)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_TITLES)

    def text(self, row: int, column: int) -> str:
        """What a cell shows."""
        category = self.categories[row]
        if column == COL_NAME:
            return category.name
        if column == COL_CITIZEN:
            return "是" if category.citizen else ""
        if column == COL_PEOPLE:
            return str(self.counts.get(category.name, 0))
        return "、".join(category.synonyms)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_CITIZEN:
            citizen = self.categories[row].citizen
            return Qt.CheckState.Checked if citizen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole and column != COL_CITIZEN:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_CITIZEN:
                return "勾选后，这个类别的人计入“群众代表不少于三分之一”的人数"
            return self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_PEOPLE:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_CITIZEN:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != COL_CITIZEN:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        category = self.categories[index.row()]
        if category.id is not None:
            self.citizen_toggled.emit(category.id, checked)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _TITLES[section]
        return None


class CategoryEditor(QDialog):
    """Manage the representative categories; every change is stored at once."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("代表类别")
        self.setObjectName("categoryEditor")
        self.store = store
        self.model = CategoryModel(self)
        self._build()
        self._connect_signals()
        self.reload()
        if self.model.rowCount():
            self.select_row(0)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        char = self.fontMetrics().horizontalAdvance("汉")
        hint = QLabel(
            "名册中的类别按名称和同义词识别，级别写法（如“人大代表（镇级）”“县人大代表”）会自动"
            "归到对应类别。勾选“计入群众”的类别，其人数计入群众代表占比。",
            self,
        )
        hint.setWordWrap(True)
        self.view = QTableView(self)
        self.view.setObjectName("categoryView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        self.view.setColumnWidth(COL_NAME, char * 8)
        self.view.setColumnWidth(COL_CITIZEN, char * 5)
        self.view.setColumnWidth(COL_PEOPLE, char * 4)
        header.setSectionResizeMode(COL_SYNONYMS, QHeaderView.ResizeMode.Stretch)

        self.up_button = QPushButton("上移(&U)", self)
        self.down_button = QPushButton("下移(&D)", self)
        order = QHBoxLayout()
        order.addWidget(self.up_button)
        order.addWidget(self.down_button)
        order.addStretch(1)

        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("categoryNameEdit")
        self.name_edit.setPlaceholderText("类别名称，如 乡贤代表")
        self.add_button = QPushButton("新增类别(&A)", self)
        self.add_button.setToolTip("按左边输入的名称新增一个类别（排在“其他”之前）")
        self.rename_button = QPushButton("改名(&R)", self)
        self.rename_button.setToolTip("把选中的类别改成左边输入的名称；该类别的人员和名额随之改名")
        self.citizen_check = QCheckBox("计入群众(&C)", self)
        self.citizen_check.setToolTip("这个类别的人计入“群众代表不少于三分之一”的人数")
        self.merge_combo = QComboBox(self)
        self.merge_combo.setObjectName("mergeCombo")
        self.merge_button = QPushButton("合并(&M)", self)
        self.merge_button.setToolTip(
            "把选中类别的人员、名额和同义词并入右边选的类别，然后删除选中的类别"
        )
        self.synonyms_edit = QPlainTextEdit(self)
        self.synonyms_edit.setObjectName("synonymsEdit")
        self.synonyms_edit.setTabChangesFocus(True)
        self.synonyms_edit.setPlaceholderText("每行一个，如：\n乡贤\n新乡贤")
        self.synonyms_edit.setMaximumHeight(self.fontMetrics().height() * 6)
        self.synonyms_button = QPushButton("保存同义词(&S)", self)

        box = QGroupBox("选中的类别", self)
        grid = QGridLayout(box)
        grid.addWidget(QLabel("名称：", box), 0, 0)
        grid.addWidget(self.name_edit, 0, 1)
        grid.addWidget(self.rename_button, 0, 2)
        grid.addWidget(self.add_button, 0, 3)
        grid.addWidget(self.citizen_check, 1, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(QLabel("合并到：", box), 2, 0)
        grid.addWidget(self.merge_combo, 2, 1)
        grid.addWidget(self.merge_button, 2, 2)
        grid.addWidget(QLabel("同义词：", box), 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.synonyms_edit, 3, 1, 1, 2)
        grid.addWidget(self.synonyms_button, 3, 3, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("categoryError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.button_box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(order)
        layout.addWidget(box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        self.resize(char * 50, char * 38)
        self.setMinimumSize(char * 36, char * 26)

    def _connect_signals(self) -> None:
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.model.citizen_toggled.connect(self._on_citizen_toggled)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.add_button.clicked.connect(self.add_category)
        self.rename_button.clicked.connect(self.rename_selected)
        self.citizen_check.clicked.connect(self._on_citizen_check_clicked)
        self.merge_button.clicked.connect(self.merge_selected)
        self.synonyms_button.clicked.connect(self.save_synonyms)
        self.button_box.rejected.connect(self.reject)

    # --- state ----------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        """Reload the list (keeping or moving the selection to ``select_id``)."""
        if select_id is None:
            current = self.current()
            select_id = current.id if current is not None else None
        self.model.set_rows(self.store.categories.list(), self.store.categories.people_counts())
        rows = [c.id for c in self.model.categories]
        if select_id in rows:
            self.select_row(rows.index(select_id))
        self._show_current()

    def select_row(self, row: int) -> None:
        """Make ``row`` the selected category."""
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.model.index(row, COL_NAME))

    def current(self) -> Category | None:
        """The selected category."""
        row = self.view.currentIndex().row()
        if 0 <= row < len(self.model.categories):
            return self.model.categories[row]
        return None

    def category_names(self) -> list[str]:
        """The names as listed, top to bottom."""
        return [c.name for c in self.model.categories]

    def _show_current(self) -> None:
        category = self.current()
        enabled = category is not None
        for widget in (
            self.rename_button,
            self.citizen_check,
            self.merge_combo,
            self.merge_button,
            self.synonyms_edit,
            self.synonyms_button,
        ):
            widget.setEnabled(enabled)
        row = self.view.currentIndex().row()
        self.up_button.setEnabled(enabled and row > 0)
        self.down_button.setEnabled(enabled and row < self.model.rowCount() - 1)
        self.merge_combo.clear()
        if category is None:
            self.name_edit.clear()
            self.synonyms_edit.clear()
            return
        self.name_edit.setText(category.name)
        self.citizen_check.setChecked(category.citizen)
        self.synonyms_edit.setPlainText("\n".join(category.synonyms))
        for other in self.model.categories:
            if other.id != category.id:
                self.merge_combo.addItem(other.name, other.id)

    def _run(self, action: Any, *, select_id: int | None = None) -> Any:
        """Call a service; show its refusal under the list; reload. None when refused."""
        try:
            result = action()
        except OpenDayError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return None
        self.error_label.setVisible(False)
        self.reload(select_id)
        self.changed.emit()
        return result if result is not None else True

    # --- actions --------------------------------------------------------------------------

    def move_selected(self, offset: int) -> None:
        """Move the selected category up (-1) or down (1)."""
        category = self.current()
        if category is not None and category.id is not None:
            category_id = category.id
            self._run(lambda: service.move_category(self.store, category_id, offset))

    def add_category(self) -> Category | None:
        """Add a category named as the name field says."""
        name = self.name_edit.text()
        added = self._run(lambda: service.add_category(self.store, name))
        if isinstance(added, Category):
            self.reload(added.id)
            return added
        return None

    def rename_selected(self) -> None:
        """Rename the selected category to the name field's text."""
        category = self.current()
        if category is None or category.id is None:
            return
        category_id, name = category.id, self.name_edit.text()
        self._run(lambda: service.rename_category(self.store, category_id, name))

    def merge_selected(self) -> None:
        """Merge the selected category into the one chosen in 合并到, after asking."""
        category = self.current()
        target_id = self.merge_combo.currentData()
        if category is None or category.id is None or target_id is None:
            return
        target = self.merge_combo.currentText()
        people = self.model.counts.get(category.name, 0)
        if not messages.confirm(
            self,
            f"把“{category.name}”合并到“{target}”吗？\n"
            f"“{category.name}”的{people}名代表和各活动的名额都会改为“{target}”，"
            f"“{category.name}”及其同义词成为“{target}”的同义词，然后删除“{category.name}”。",
            yes="合并",
        ):
            return
        source_id = category.id
        self._run(
            lambda: service.merge_category(self.store, source_id, int(target_id)),
            select_id=int(target_id),
        )

    def save_synonyms(self) -> None:
        """Store the synonyms field (one per line) as the selected category's synonyms."""
        category = self.current()
        if category is None or category.id is None:
            return
        category_id = category.id
        lines = self.synonyms_edit.toPlainText().splitlines()
        self._run(lambda: service.set_synonyms(self.store, category_id, lines))

    def _set_citizen(self, category_id: int, citizen: bool) -> None:
        self._run(lambda: service.set_citizen(self.store, category_id, citizen))

    # --- slots ----------------------------------------------------------------------------

    def _on_current_changed(self) -> None:
        self._show_current()

    def _on_citizen_toggled(self, category_id: int, citizen: bool) -> None:
        self._set_citizen(category_id, citizen)

    def _on_citizen_check_clicked(self, checked: bool) -> None:
        category = self.current()
        if category is not None and category.id is not None:
            self._set_citizen(category.id, checked)
