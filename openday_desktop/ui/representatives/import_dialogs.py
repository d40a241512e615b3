"""Importing a roster: a preview to check and correct the columns, then the report of bad rows.

``ImportPreviewDialog`` shows what ``imports.detect`` understood of the file (sheet, header row,
one field per column, the first rows) and lets the user correct it; below, every distinct text
of the 代表类别 column with the category it will be read as, which the user may change once for
all its rows (and keep as a synonym). 导入 runs ``services.roster_import.import_roster`` with the
corrected mapping and readings and emits ``imported(report)``.
``ImportReportDialog`` shows the counts and every row that was not stored, and saves them as
.xlsx. ``choose_roster_file`` asks for the file (through ``ui.messages``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.categories import OTHER_CATEGORY, CategoryMatcher
from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.validation import FIELD_LABELS
from openday_desktop.imports import (
    ROSTER_FIELDS,
    ImportReport,
    RosterFileError,
    RosterPreview,
    RowIssue,
    detect,
    write_report_xlsx,
)
from openday_desktop.imports.reading import column_letter, sheet_names
from openday_desktop.services.roster_import import import_roster
from openday_desktop.storage import Store
from openday_desktop.ui.common import colours, messages
from openday_desktop.ui.common.busy import wait_cursor
from openday_desktop.ui.common.colours import ERROR_COLOR, MUTED_COLOR
from openday_desktop.ui.common.form_dialog import ERROR_STYLE
from openday_desktop.ui.common.forms import child, load_form_into

Index = QModelIndex | QPersistentModelIndex

ROSTER_FILTERS = (
    "名册和报名表 (*.xlsx *.xlsm *.csv *.docx);;Excel 工作簿 (*.xlsx *.xlsm);;CSV 文件 (*.csv);;"
    "Word 报名表 (*.docx);;所有文件 (*)"
)
NO_FIELD_TEXT = "（不导入）"
NO_EVENT_TEXT = "（只导入代表库，不加入活动名单）"
LAST_FOLDER_KEY = "imports/last_folder"
MAPPED_BACKGROUND = QColor("#eef5ff")
DUPLICATE_COLOR = colours.WARNING_COLOR
WARNING_COLOR = colours.NOTICE_COLOR
SUCCESS_STYLE = colours.OK_STYLE
UNREAD_SUFFIX = "（未识别）"
READING_ROWS_SHOWN = 3  # more scroll: the preview must fit a 1280x720 screen


def choose_roster_file(parent: QWidget | None) -> Path | None:
    """Ask for the roster file, starting in the folder used last time; None when cancelled."""
    settings = QSettings()
    start = str(settings.value(LAST_FOLDER_KEY, "") or "")
    path = messages.open_path(parent, "导入代表名册", ROSTER_FILTERS, start)
    if path is not None:
        settings.setValue(LAST_FOLDER_KEY, str(path.parent))
    return path


def choose_roster_files(parent: QWidget | None) -> list[Path]:
    """Ask for one or several rosters or forms (a batch of e-mailed 报名表); [] when cancelled."""
    settings = QSettings()
    start = str(settings.value(LAST_FOLDER_KEY, "") or "")
    paths = messages.open_paths(parent, "导入代表名册或报名表（可多选）", ROSTER_FILTERS, start)
    if paths:
        settings.setValue(LAST_FOLDER_KEY, str(paths[0].parent))
    return paths


# --- the preview table ----------------------------------------------------------------------


class PreviewModel(QAbstractTableModel):
    """The first rows below the header; row 0 is left blank for the per-column field combos."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.preview: RosterPreview | None = None

    def set_preview(self, preview: RosterPreview) -> None:
        """Show another preview (after the header row or sheet changed)."""
        self.beginResetModel()
        self.preview = preview
        self.endResetModel()

    def mapping_changed(self) -> None:
        """Repaint after the user moved a field to another column."""
        if self.rowCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def cell(self, row: int, column: int) -> str:
        """The text of a preview cell (row 1 is the first data row)."""
        assert self.preview is not None
        cells = self.preview.rows[row - 1][1]
        return cells[column] if column < len(cells) else ""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.preview is None:
            return 0
        return 1 + len(self.preview.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.preview is None:
            return 0
        return self.preview.column_count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.preview is None or index.row() == 0:
            return None
        mapped = self.preview.field_of(index.column()) is not None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not mapped:
            return MUTED_COLOR  # this column will not be imported
        if role == Qt.ItemDataRole.BackgroundRole and mapped:
            return MAPPED_BACKGROUND
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.preview is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            headers = self.preview.headers
            title = headers[section] if section < len(headers) else ""
            return f"{column_letter(section)}列\n{title or '（无列名）'}"
        if section == 0:
            return "对应"
        return str(self.preview.rows[section - 1][0])  # the row number Excel shows


# --- how the category texts will be read ---------------------------------------------------

READ_COL_TEXT = 0
READ_COL_COUNT = 1
READ_COL_CATEGORY = 2
_READ_TITLES = ("表中写法", "行数", "读作（可改）")


class CategoryReadingModel(QAbstractTableModel):
    """Each distinct 代表类别 text of the file, its number of rows, and (a combo) its reading."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, int, str | None]] = []  # text, count, automatic reading

    def set_rows(self, rows: list[tuple[str, int, str | None]]) -> None:
        """Show these texts."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_READ_TITLES)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text, count, reading = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == READ_COL_TEXT:
                return text
            if index.column() == READ_COL_COUNT:
                return str(count)
        if role == Qt.ItemDataRole.ForegroundRole and reading is None:
            return WARNING_COLOR
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _READ_TITLES[section]
        return None


class CategoryReadings(QGroupBox):
    """The category texts of the file and how each will be read; the clerk may change a reading.

    ``overrides()`` is what ``import_roster(category_map=...)`` takes; ``save_check`` asks to
    keep the changed readings as synonyms, so the next roster needs no correction.
    """

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("代表类别的读法", parent)
        self.setObjectName("categoryReadings")
        self.store = store
        self.model = CategoryReadingModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("categoryReadingView")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        char = self.fontMetrics().horizontalAdvance("汉")
        self.view.setColumnWidth(READ_COL_TEXT, char * 16)
        self.view.setColumnWidth(READ_COL_COUNT, char * 4)
        header.setSectionResizeMode(READ_COL_CATEGORY, QHeaderView.ResizeMode.Stretch)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.save_check = QCheckBox("改过的读法记为同义词", self)
        self.save_check.setObjectName("saveSynonymsCheck")
        self.save_check.setToolTip("把改过的写法记为所选类别的同义词，以后的名册自动识别")
        self.save_check.setChecked(True)
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.save_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.combos: list[QComboBox] = []

    def show_texts(self, texts: dict[str, int] | None) -> None:
        """Show the distinct texts (None: too many different texts to list)."""
        categories = self.store.categories.list()
        matcher = CategoryMatcher(categories)
        names = [c.name for c in categories]
        rows = [(text, count, matcher.match(text)) for text, count in (texts or {}).items()]
        # Texts that will not be read come first: they are the ones to look at.
        rows.sort(key=lambda row: (row[2] is not None, -row[1]))
        self.model.set_rows(rows)
        self.combos = []
        for row, (_text, _count, reading) in enumerate(rows):
            combo = QComboBox()
            for name in names:
                label = name + UNREAD_SUFFIX if reading is None and name == OTHER_CATEGORY else name
                combo.addItem(label, name)
            fallback = OTHER_CATEGORY if OTHER_CATEGORY in names else ""
            combo.setCurrentIndex(max(0, combo.findData(reading or fallback)))
            self.view.setIndexWidget(self.model.index(row, READ_COL_CATEGORY), combo)
            self.combos.append(combo)
        unread = sum(1 for row in rows if row[2] is None)
        if texts is None:
            self.summary_label.setText("代表类别列的写法太多，不逐一列出；无法识别的记为“其他”。")
        elif unread:
            self.summary_label.setText(
                f"共 {len(rows)} 种写法，{unread} 种无法识别（排在最前）："
                "请在“读作”中选择类别，否则记为“其他”。"
            )
        else:
            self.summary_label.setText(f"共 {len(rows)} 种写法，都能识别。")
        self.view.setVisible(bool(rows))
        self.save_check.setVisible(bool(rows))
        height = self.view.horizontalHeader().height() + 4
        if self.combos:
            self.view.verticalHeader().setDefaultSectionSize(self.combos[0].sizeHint().height())
        height += self.view.verticalHeader().defaultSectionSize() * min(
            len(rows), READING_ROWS_SHOWN
        )
        self.view.setFixedHeight(height)

    def combo_for(self, text: str) -> QComboBox:
        """The reading chooser of a text (tests use it)."""
        for row, (shown, _count, _reading) in enumerate(self.model.rows):
            if shown == text:
                return self.combos[row]
        raise KeyError(text)

    def overrides(self) -> dict[str, str]:
        """Texts whose reading the clerk changed: text -> category name."""
        return {
            text: str(combo.currentData())
            for (text, _count, reading), combo in zip(self.model.rows, self.combos, strict=True)
            if combo.currentData() != reading
            and not (reading is None and combo.currentData() == OTHER_CATEGORY)
        }


# --- the preview dialog ---------------------------------------------------------------------


class ImportPreviewDialog(QDialog):
    """Check and correct how a roster file is read, then import it (emits ``imported``)."""

    imported = Signal(object)  # ImportReport

    def __init__(
        self,
        store: Store,
        path: Path,
        preview: RosterPreview,
        parent: QWidget | None = None,
        *,
        event_id: int | None = None,
        notice: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入代表名册 - {path.name}")
        self.store = store
        self.path = path
        self.preview = preview
        self.report: ImportReport | None = None
        self.form = load_form_into(self, "import_preview")
        form = self.form
        self.file_label = child(form, QLabel, "fileLabel")
        self.sheet_combo = child(form, QComboBox, "sheetCombo")
        self.header_row_spin = child(form, QSpinBox, "headerRowSpin")
        self.rows_label = child(form, QLabel, "rowsLabel")
        self.preview_view = child(form, QTableView, "previewView")
        self.missing_label = child(form, QLabel, "missingLabel")
        self.event_combo = child(form, QComboBox, "eventCombo")
        self.general_error = child(form, QLabel, "generalError")
        self.button_box = child(form, QDialogButtonBox, "buttonBox")
        self.import_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("导入")
        self.import_button.setDefault(True)
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        for label in (self.missing_label, self.general_error):
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
        self.general_error.setText(notice)
        self.general_error.setVisible(bool(notice))

        self.model = PreviewModel(self)
        self.preview_view.setModel(self.model)
        self.preview_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_view.setWordWrap(False)
        self.preview_view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        self.preview_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.combos: list[QComboBox] = []
        self.readings = CategoryReadings(store, self)
        main_layout = child(form, QVBoxLayout, "mainLayout")
        main_layout.insertWidget(main_layout.indexOf(self.missing_label), self.readings)

        names = sheet_names(path)
        self.sheet_combo.addItems(names or [preview.sheet_name or path.suffix.lstrip(".").upper()])
        self.sheet_combo.setEnabled(len(names) > 1)
        self._fill_events(event_id)
        self._show_preview()
        char = self.fontMetrics().horizontalAdvance("汉")
        self.resize(char * 84, char * 46)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.header_row_spin.valueChanged.connect(self._on_header_row_changed)
        self.sheet_combo.currentTextChanged.connect(self._on_sheet_changed)
        self.button_box.accepted.connect(self.run_import)
        self.button_box.rejected.connect(self.reject)

    def _fill_events(self, event_id: int | None) -> None:
        self.event_combo.addItem(NO_EVENT_TEXT, None)
        for event in self.store.events.list():
            self.event_combo.addItem(f"{event.date.isoformat()}  {event.title}", event.id)
        if event_id is not None:
            self.event_combo.setCurrentIndex(max(0, self.event_combo.findData(event_id)))

    # --- showing the preview --------------------------------------------------------------

    def _show_preview(self) -> None:
        preview = self.preview
        text = f"文件：{self.path}"
        if preview.encoding:
            text += f"（CSV，{preview.encoding} 编码）"
        self.file_label.setText(text)
        self.file_label.setToolTip(str(self.path))
        self.header_row_spin.blockSignals(True)
        self.header_row_spin.setValue(preview.header_row)
        self.header_row_spin.blockSignals(False)
        self.rows_label.setText(
            f"表头下共有 {preview.data_rows} 行，下面显示前 {len(preview.rows)} 行"
        )
        self.model.set_preview(preview)
        self._build_combos()
        self._update_mapping_state()
        self._show_readings()

    def _show_readings(self) -> None:
        texts = self.preview.category_texts()
        self.readings.setVisible("category" in self.preview.mapping)
        self.readings.show_texts(texts)

    def _build_combos(self) -> None:
        view = self.preview_view
        self.combos = []
        char = self.fontMetrics().horizontalAdvance("汉")
        for column in range(self.model.columnCount()):
            combo = QComboBox()
            combo.addItem(NO_FIELD_TEXT, None)
            for field in ROSTER_FIELDS:
                combo.addItem(FIELD_LABELS[field], field)
            combo.setToolTip(f"{column_letter(column)}列的内容是什么")
            view.setIndexWidget(self.model.index(0, column), combo)
            combo.currentIndexChanged.connect(lambda _i, c=column: self._on_field_chosen(c))
            self.combos.append(combo)
            view.setColumnWidth(column, self._column_width(column, combo, char))
        if self.combos:
            view.setRowHeight(0, self.combos[0].sizeHint().height() + 4)
        self._sync_combos()

    def _column_width(self, column: int, combo: QComboBox, char: int) -> int:
        """Wide enough for the combo and the longest preview cell (an 18-digit ID), capped."""
        metrics = self.preview_view.fontMetrics()
        texts = [self.model.cell(row, column) for row in range(1, self.model.rowCount())]
        longest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        return max(combo.sizeHint().width(), min(longest + 16, char * 14))

    def _sync_combos(self) -> None:
        for column, combo in enumerate(self.combos):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(self.preview.field_of(column))))
            combo.blockSignals(False)
            font = QFont(combo.font())
            font.setBold(self.preview.field_of(column) is not None)
            combo.setFont(font)

    def _update_mapping_state(self) -> None:
        missing = self.preview.missing_required
        if missing:
            self.missing_label.setText(
                f"还没有指定“{'”“'.join(missing)}”列：请在上面对应列的下拉框中选择"
                f"“{missing[0]}”，否则无法导入。"
            )
        self.missing_label.setVisible(bool(missing))
        self.import_button.setEnabled(not missing)
        self.import_button.setToolTip("\n".join(self.preview.mapping_lines()))

    def combo_for(self, column: int) -> QComboBox:
        """The field chooser above ``column`` (tests and screenshots use it)."""
        return self.combos[column]

    # --- slots ----------------------------------------------------------------------------

    def _on_field_chosen(self, column: int) -> None:
        field = self.combos[column].currentData()
        self.preview.set_field(column, field)
        self._sync_combos()  # the field left the column it was on before
        self.model.mapping_changed()
        self._update_mapping_state()
        if field == "category" or "category" not in self.preview.mapping:
            self._show_readings()

    def _redetect(self, header_row: int | None, sheet_name: str | None) -> None:
        try:
            with wait_cursor():
                preview = detect(self.path, header_row=header_row, sheet_name=sheet_name)
        except OpenDayError as exc:
            self.general_error.setText(exc.message)
            self.general_error.setVisible(True)
            self.header_row_spin.blockSignals(True)
            self.header_row_spin.setValue(self.preview.header_row)
            self.header_row_spin.blockSignals(False)
            return
        self.general_error.setVisible(False)
        self.preview = preview
        self._show_preview()

    def _on_header_row_changed(self, value: int) -> None:
        self._redetect(value, self.preview.sheet_name or None)

    def _on_sheet_changed(self, name: str) -> None:
        if self.sheet_combo.isEnabled() and name and name != self.preview.sheet_name:
            self._redetect(None, name)

    # --- importing ------------------------------------------------------------------------

    def selected_event_id(self) -> int | None:
        """The event the people are also put on, or None."""
        data = self.event_combo.currentData()
        return int(data) if data is not None else None

    def run_import(self) -> ImportReport | None:
        """Import with the corrected mapping; on success emit ``imported`` and close."""
        if self.preview.missing_required:
            self._update_mapping_state()
            return None
        overrides = self.readings.overrides() if self.readings.isVisibleTo(self) else {}
        try:
            with wait_cursor():
                report = import_roster(
                    self.store,
                    self.path,
                    dict(self.preview.mapping),
                    self.selected_event_id(),
                    header_row=self.preview.header_row,
                    sheet_name=self.preview.sheet_name or None,
                    category_map=overrides,
                )
        except OpenDayError as exc:
            messages.error(self, f"{exc.message}\n代表库没有任何改动。")
            return None
        except OSError as exc:
            messages.error(
                self,
                f"无法读取“{self.path.name}”（{exc.strerror or exc}）。"
                "文件可能正在 Excel 或 WPS 中编辑，请关闭后重试。",
            )
            return None
        self.report = report
        if overrides and self.readings.save_check.isChecked():
            self._save_synonyms(overrides)
        self.imported.emit(report)
        self.accept()
        return report

    def _save_synonyms(self, overrides: dict[str, str]) -> None:
        """Keep the clerk's readings as synonyms; one that clashes is skipped (and said so)."""
        from openday_desktop.services.categories import add_synonym

        by_name = {c.name: c.id for c in self.store.categories.list()}
        refused: list[str] = []
        for text, name in overrides.items():
            category_id = by_name.get(name)
            if category_id is None:
                continue
            try:
                add_synonym(self.store, category_id, text)
            except OpenDayError as exc:
                refused.append(exc.message)
        if refused:
            messages.warning(
                self,
                "这次导入已按您选的读法记录，但以下写法没有记为同义词：\n" + "\n".join(refused),
            )


def open_preview(
    store: Store, path: Path, parent: QWidget | None = None, *, event_id: int | None = None
) -> ImportPreviewDialog | None:
    """Detect the roster's layout and build its preview dialog (not shown yet).

    When no header row is found, the preview starts at row 1 with a note so the user can point
    at the right row; a file that cannot be read at all is reported and None returned.
    """
    notice = ""
    try:
        with wait_cursor():
            try:
                preview = detect(path)
            except RosterFileError as first:
                notice = first.message
                preview = detect(path, header_row=1)
    except OpenDayError as exc:
        messages.error(parent, notice or exc.message)
        return None
    except OSError as exc:
        messages.error(parent, f"无法读取“{path.name}”（{exc.strerror or exc}），请检查文件。")
        return None
    if notice:
        notice += "\n现在按第1行作为表头显示，请改成正确的行号。"
    return ImportPreviewDialog(store, path, preview, parent, event_id=event_id, notice=notice)


# --- the report -----------------------------------------------------------------------------

ISSUE_COL_ROW = 0
ISSUE_COL_NAME = 1
ISSUE_COL_COLUMN = 2
ISSUE_COL_MESSAGE = 3
_ISSUE_TITLES = ("Excel 行号", "姓名", "列", "原因")
WRAP_LIMIT = 300  # more rows than this are not measured one by one


class IssueModel(QAbstractTableModel):
    """Rows with problems: the row number Excel shows, who it is, the column and why."""

    def __init__(
        self, issues: list[RowIssue], names: dict[int, str], color: QColor, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.issues = list(issues)
        self.names = names
        self.color = color

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.issues)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_ISSUE_TITLES)

    def text(self, row: int, column: int) -> str:
        """What a cell shows."""
        issue = self.issues[row]
        if column == ISSUE_COL_ROW:
            number = str(issue.row) if issue.row else ""
            return f"{issue.file} {number}".strip() if issue.file else number
        if column == ISSUE_COL_NAME:
            return self.names.get(issue.row, "")
        if column == ISSUE_COL_COLUMN:
            return issue.column
        return issue.message

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == ISSUE_COL_MESSAGE:
            return self.color
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == ISSUE_COL_ROW:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _ISSUE_TITLES[section]
        return None


class ImportReportDialog(QDialog):
    """What the import stored, and every row it did not store with the reason."""

    def __init__(
        self,
        report: ImportReport,
        parent: QWidget | None = None,
        *,
        name_column: int | None = None,
        event_title: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入结果 - {report.file_name}")
        self.report = report
        self.form = load_form_into(self, "import_report")
        form = self.form
        self.summary_label = child(form, QLabel, "summaryLabel")
        self.detail_label = child(form, QLabel, "detailLabel")
        self.tabs = child(form, QTabWidget, "issuesTabs")
        self.errors_view = child(form, QTableView, "errorsView")
        self.duplicates_view = child(form, QTableView, "duplicatesView")
        self.warnings_view = child(form, QTableView, "warningsView")
        self.saved_label = child(form, QLabel, "savedLabel")
        self.save_button = child(form, QPushButton, "saveButton")
        self.button_box = child(form, QDialogButtonBox, "buttonBox")
        self.button_box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")

        font = QFont(self.summary_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.summary_label.setFont(font)
        self.summary_label.setText(report.summary())
        bad = bool(report.errors or report.duplicates)
        self.summary_label.setStyleSheet(ERROR_STYLE if bad else SUCCESS_STYLE)
        detail = f"文件：{'、'.join(report.files) if report.files else report.file_name}"
        if report.sheet_name:
            detail += f"　工作表：{report.sheet_name}"
        if report.header_row:
            detail += f"　表头在第{report.header_row}行"
        elif not report.files:
            detail += "　个人报名表（按栏目读取一人）"
        if report.skipped:
            detail += f"　跳过空行、合计行和说明行{report.skipped}行"
        if event_title:
            detail += f"\n活动：{event_title}"
        self.detail_label.setText(detail)

        names = self._names(report, name_column)
        self.models: dict[str, IssueModel] = {}
        pages = (
            ("errors", self.errors_view, report.errors, ERROR_COLOR, "错误"),
            ("duplicates", self.duplicates_view, report.duplicates, DUPLICATE_COLOR, "重复"),
            ("warnings", self.warnings_view, report.warnings, WARNING_COLOR, "提醒"),
        )
        for position, (key, view, issues, color, title) in enumerate(pages):
            model = IssueModel(issues, names, color, self)
            self.models[key] = model
            self._setup_view(view, model)
            self.tabs.setTabText(position, f"{title}（{len(issues)}）")
            self.tabs.setTabEnabled(position, bool(issues))
        first = next((i for i, page in enumerate(pages) if page[2]), 0)
        self.tabs.setCurrentIndex(first)
        self.tabs.setVisible(bool(report.errors or report.duplicates or report.warnings))
        self.save_button.setEnabled(bool(report.errors or report.duplicates or report.warnings))
        self.saved_label.setVisible(False)
        char = self.fontMetrics().horizontalAdvance("汉")
        self.resize(char * 64, char * (40 if self.tabs.isVisibleTo(self) else 14))
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save_report)
        self.button_box.rejected.connect(self.reject)
        self.button_box.accepted.connect(self.accept)

    @staticmethod
    def _names(report: ImportReport, name_column: int | None) -> dict[int, str]:
        if name_column is None:
            return {}
        return {
            row: cells[name_column]
            for row, cells in report.row_values.items()
            if name_column < len(cells)
        }

    def _setup_view(self, view: QTableView, model: IssueModel) -> None:
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(True)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        char = self.fontMetrics().horizontalAdvance("汉")
        for column, chars in ((ISSUE_COL_ROW, 5), (ISSUE_COL_NAME, 5), (ISSUE_COL_COLUMN, 7)):
            view.setColumnWidth(column, char * chars + 16)
        header.setSectionResizeMode(ISSUE_COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        if model.rowCount() <= WRAP_LIMIT:
            # Row heights follow the wrapped reasons: measured again once the widths settle
            # (after layout passes, not during them, which would measure half-laid-out columns).
            timer = QTimer(view)
            timer.setSingleShot(True)
            timer.setInterval(0)
            timer.timeout.connect(view.resizeRowsToContents)
            header.sectionResized.connect(timer.start)
            timer.start()
        else:  # thousands of rows: one line each (the reason is in the tooltip)
            view.setWordWrap(False)
            view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

    def save_report(self) -> Path | None:
        """Ask where, then write the problem rows as .xlsx; returns the path written."""
        suggested = Path(self.report.file_name).stem + "_导入问题.xlsx"
        folder = QSettings().value(LAST_FOLDER_KEY, "") or ""
        path = messages.save_path(
            self,
            "保存导入报告",
            str(Path(str(folder)) / suggested) if folder else suggested,
            "Excel 工作簿 (*.xlsx)",
        )
        if path is None:
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            with wait_cursor():
                write_report_xlsx(self.report, path)
        except OpenDayError as exc:
            messages.error(self, exc.message)
            return None
        self.saved_label.setText(f"报告已保存到：{path}")
        self.saved_label.setStyleSheet(SUCCESS_STYLE)
        self.saved_label.setVisible(True)
        return path
