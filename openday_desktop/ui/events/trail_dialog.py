"""活动记录: what an event published where and when, its photos and files, the leaders and
staff present, and the round-table notes, each on its own page.

Every change goes through ``services.trail`` or ``services.attachments`` (rules, archive
freeze, one transaction each); this dialog collects input and shows the result. Thumbnails
are made one at a time after the page is shown, so a folder of large photos never holds up
the window.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.dates import chinese_date
from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.lifecycle import frozen_message
from openday_desktop.domain.trail import (
    ATTACHMENT_KINDS,
    OFFICIAL_ROLES,
    PUBLICATION_CHANNELS,
    PUBLICATION_KINDS,
    Official,
    Publication,
)
from openday_desktop.storage import Store
from openday_desktop.ui.common import messages
from openday_desktop.ui.common.date_fields import DateEdit
from openday_desktop.ui.common.form_dialog import (
    ERROR_STYLE,
    WARNING_STYLE,
    from_qdate,
    setup_date_edit,
)

if TYPE_CHECKING:
    from openday_desktop.ui.common.background import BackgroundRead

THUMBNAIL = 128
ADD_FILE_TEXT = "添加文件(&F)…"
PUBLICATION_HEADERS = ("公开日期", "内容", "渠道", "网址或地点", "应公开日期", "是否按时")
OFFICIAL_HEADERS = ("姓名", "身份", "职务")


def _message(parent: QWidget, name: str, style: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setVisible(False)
    return label


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class TrailDialog(QDialog):
    """The 活动记录 of one event: 公开记录, 影像资料, 领导和工作人员, 座谈记录."""

    changed = Signal(int)  # the event id, after any saved change

    def __init__(self, store: Store, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.event_id = event_id
        self._copier: BackgroundRead | None = None  # copies added files off the GUI thread
        self.open_day = store.events.get(event_id)
        self.setWindowTitle(f"活动记录：{self.open_day.title}")
        self.frozen = frozen_message(self.open_day, "修改其公开和影像记录")
        self.frozen_label = _message(self, "frozenLabel", WARNING_STYLE)
        _say(self.frozen_label, self.frozen or "")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("trailTabs")
        self.tabs.addTab(self._publication_page(), "公开记录")
        self.tabs.addTab(self._attachment_page(), "影像资料和附件")
        self.tabs.addTab(self._officials_page(), "领导和工作人员")
        self.tabs.addTab(self._notes_page(), "座谈记录")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.frozen_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self._thumbnail_queue: list[QListWidgetItem] = []
        self._thumbnail_timer = QTimer(self)
        self._thumbnail_timer.setInterval(0)
        self._thumbnail_timer.timeout.connect(self._next_thumbnail)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.load_publications()
        self.load_attachments()
        self.load_officials()
        if self.frozen:
            for widget in self.editing_widgets:
                widget.setEnabled(False)
        width = self.fontMetrics().horizontalAdvance("汉") * 52
        self.resize(width, int(width * 0.7))

    # --- 公开记录 -------------------------------------------------------------------------

    def _publication_page(self) -> QWidget:
        page = QWidget(self)
        self.publication_table = QTableWidget(0, len(PUBLICATION_HEADERS), page)
        self.publication_table.setObjectName("publicationTable")
        self.publication_table.setHorizontalHeaderLabels(PUBLICATION_HEADERS)
        self.publication_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.publication_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.publication_table.verticalHeader().setVisible(False)
        self.publication_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch
        )
        self.missing_label = _message(page, "missingLabel", WARNING_STYLE)
        self.what_combo = QComboBox(page)
        self.what_combo.setObjectName("whatCombo")
        self.what_combo.addItems(PUBLICATION_KINDS)
        self.channel_combo = QComboBox(page)
        self.channel_combo.setObjectName("channelCombo")
        self.channel_combo.addItems(PUBLICATION_CHANNELS)
        self.place_edit = QLineEdit(page)
        self.place_edit.setObjectName("placeEdit")
        self.place_edit.setPlaceholderText("网址，或公开栏等地点，例如 镇政府一楼公开栏")
        self.publication_date_edit = DateEdit(page)
        self.publication_date_edit.setObjectName("publicationDateEdit")
        setup_date_edit(self.publication_date_edit, date.today())
        self.add_publication_button = QPushButton("登记这次公开(&A)", page)
        self.add_publication_button.setObjectName("addPublicationButton")
        self.add_publication_button.clicked.connect(self.add_publication)
        self.delete_publication_button = QPushButton("删除选中记录", page)
        self.delete_publication_button.setObjectName("deletePublicationButton")
        self.delete_publication_button.clicked.connect(self.delete_selected_publications)
        self.publication_error = _message(page, "publicationError", ERROR_STYLE)
        form = QFormLayout()
        form.addRow("公开内容(&W)：", self.what_combo)
        form.addRow("公开渠道(&C)：", self.channel_combo)
        form.addRow("网址或地点(&L)：", self.place_edit)
        form.addRow("公开日期(&D)：", self.publication_date_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_publication_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_publication_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.publication_table, 1)
        layout.addWidget(self.missing_label)
        layout.addLayout(form)
        layout.addWidget(self.publication_error)
        layout.addLayout(buttons)
        return page

    def load_publications(self) -> None:
        """Show the records with their due dates, and what is still owed."""
        from openday_desktop.services.trail import publication_rows
        from openday_desktop.storage.statistics import missing_publications_of

        rows = publication_rows(self.store, self.event_id)
        self.publication_ids: list[int] = []
        self.publication_table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            timing = {True: "按时", False: "逾期", None: ""}[row.on_time]
            values = (
                row.item.date.isoformat(),
                row.item.what,
                row.item.channel,
                row.item.place,
                row.due.isoformat() if row.due else "",
                timing,
            )
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if column == 5 and row.on_time is False:
                    cell.setForeground(Qt.GlobalColor.red)
                self.publication_table.setItem(number, column, cell)
            self.publication_ids.append(row.item.id or 0)
        self.publication_table.resizeColumnsToContents()
        missing = missing_publications_of(self.store, self.event_id)
        _say(
            self.missing_label,
            "尚未登记：" + "；".join(d.describe() for d in missing) if missing else "",
        )

    def add_publication(self) -> None:
        """Record the publication the fields describe."""
        from openday_desktop.services.trail import add_publication

        item = Publication(
            event_id=self.event_id,
            what=self.what_combo.currentText(),
            channel=self.channel_combo.currentText(),
            date=from_qdate(self.publication_date_edit.date()),
            place=self.place_edit.text(),
        )
        try:
            add_publication(self.store, item)
        except OpenDayError as exc:
            _say(self.publication_error, exc.message)
            return
        _say(self.publication_error, "")
        self.place_edit.clear()
        self.load_publications()
        self.changed.emit(self.event_id)

    def delete_selected_publications(self) -> None:
        """Delete the selected records after a confirmation."""
        from openday_desktop.services.trail import delete_publications

        rows = sorted({index.row() for index in self.publication_table.selectedIndexes()})
        if not rows:
            _say(self.publication_error, "请先在上面的表格中选中要删除的公开记录。")
            return
        if not messages.confirm(self, f"确定删除选中的 {len(rows)} 条公开记录吗？"):
            return
        try:
            delete_publications(self.store, [self.publication_ids[r] for r in rows])
        except OpenDayError as exc:
            _say(self.publication_error, exc.message)
            return
        self.load_publications()
        self.changed.emit(self.event_id)

    # --- 影像资料 -------------------------------------------------------------------------

    def _attachment_page(self) -> QWidget:
        page = QWidget(self)
        self.attachment_list = QListWidget(page)
        self.attachment_list.setObjectName("attachmentList")
        self.attachment_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.attachment_list.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.attachment_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.attachment_list.setWordWrap(True)
        self.attachment_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.attachment_list.itemActivated.connect(self._open_attachment)
        self.kind_combo = QComboBox(page)
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.addItem("按文件类型", "")
        for kind in ATTACHMENT_KINDS:
            self.kind_combo.addItem(kind, kind)
        self.caption_edit = QLineEdit(page)
        self.caption_edit.setObjectName("captionEdit")
        self.caption_edit.setPlaceholderText("例如：代表在便民服务中心体验办事流程")
        self.add_file_button = QPushButton(ADD_FILE_TEXT, page)
        self.add_file_button.setObjectName("addFileButton")
        self.add_file_button.clicked.connect(self.choose_file)
        self.remove_file_button = QPushButton("删除选中附件", page)
        self.remove_file_button.setObjectName("removeFileButton")
        self.remove_file_button.clicked.connect(self.remove_selected_attachments)
        self.attachment_error = _message(page, "attachmentError", ERROR_STYLE)
        hint = QLabel(
            "文件会复制到数据库旁边的 attachments 文件夹保存（原文件不动）；双击打开。", page
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("类型(&K)：", self.kind_combo)
        form.addRow("说明(&N)：", self.caption_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_file_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_file_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.attachment_list, 1)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.attachment_error)
        layout.addLayout(buttons)
        return page

    def load_attachments(self) -> None:
        """List the attachments with a placeholder icon; thumbnails follow one by one."""
        from openday_desktop.services.attachments import attachment_path

        self.attachment_list.clear()
        self._thumbnail_queue = []
        file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for item in self.store.trail.attachments(self.event_id):
            text = f"{item.kind}\n{item.caption or item.original_name}\n{item.date.isoformat()}"
            entry = QListWidgetItem(file_icon, text, self.attachment_list)
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            path = attachment_path(self.store, item)
            entry.setData(Qt.ItemDataRole.UserRole + 1, str(path))
            entry.setToolTip(f"{item.original_name}（{item.size // 1024 + 1} KB）\n{path}")
            if item.is_image:
                self._thumbnail_queue.append(entry)
        if self.tabs.currentIndex() == 1:
            self._thumbnail_timer.start()

    def _on_tab_changed(self, index: int) -> None:
        if index == 1 and self._thumbnail_queue:
            self._thumbnail_timer.start()

    def _next_thumbnail(self) -> None:
        if not self._thumbnail_queue:
            self._thumbnail_timer.stop()
            return
        entry = self._thumbnail_queue.pop(0)
        pixmap = QPixmap(str(entry.data(Qt.ItemDataRole.UserRole + 1)))
        if not pixmap.isNull():
            entry.setIcon(
                QIcon(
                    pixmap.scaled(
                        THUMBNAIL,
                        THUMBNAIL,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            )

    def thumbnails_pending(self) -> int:
        """How many thumbnails are still to be made (tests)."""
        return len(self._thumbnail_queue)

    def choose_file(self) -> None:
        """Ask for a file and add it."""
        path = messages.open_path(
            self, "选择要保存的照片、视频或扫描件", "所有文件 (*);;图片 (*.jpg *.jpeg *.png)"
        )
        if path is not None:
            self.add_files([str(path)])

    def add_files(self, paths: list[str]) -> None:
        """Copy and record files with the kind and caption of the fields.

        In a worker thread, on its own connection: a video of a gigabyte takes seconds to
        copy, and the window keeps answering meanwhile. ``copying`` is True until it is done.
        """
        from openday_desktop.services.attachments import add_attachment
        from openday_desktop.ui.common.background import BackgroundRead

        event_id = self.event_id
        caption = self.caption_edit.text()
        kind = self.kind_combo.currentData() or ""

        def copy_all(store: Store) -> int:
            for path in paths:  # a refused file stops here; the ones before it stay added
                add_attachment(store, event_id, path, caption=caption, kind=kind)
            return len(paths)

        def finished(error: BaseException | None) -> None:
            self.add_file_button.setEnabled(True)
            self.add_file_button.setText(ADD_FILE_TEXT)
            if error is None:
                _say(self.attachment_error, "")
                self.caption_edit.clear()
            elif isinstance(error, OpenDayError):
                _say(self.attachment_error, error.message)
            else:
                raise error  # a bug: the crash handler reports it
            self.load_attachments()
            self.changed.emit(self.event_id)

        if self._copier is None:
            self._copier = BackgroundRead(self)
        self.add_file_button.setEnabled(False)
        self.add_file_button.setText("正在复制…")
        self._copier.start(
            Path(self.store.path),
            copy_all,
            lambda _count: finished(None),
            finished,
            writable=True,
        )

    @property
    def copying(self) -> bool:
        """True while added files are still being copied."""
        return self._copier is not None and self._copier.busy

    def remove_selected_attachments(self) -> None:
        """Delete the selected attachments (and their copies) after a confirmation."""
        from openday_desktop.services.attachments import remove_attachments

        ids = [int(e.data(Qt.ItemDataRole.UserRole)) for e in self.attachment_list.selectedItems()]
        if not ids:
            _say(self.attachment_error, "请先选中要删除的附件。")
            return
        if not messages.confirm(
            self, f"确定删除选中的 {len(ids)} 个附件吗？数据文件夹中的副本会一并删除。"
        ):
            return
        try:
            remove_attachments(self.store, ids)
        except OpenDayError as exc:
            _say(self.attachment_error, exc.message)
            return
        self.load_attachments()
        self.changed.emit(self.event_id)

    def _open_attachment(self, entry: QListWidgetItem) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(entry.data(Qt.ItemDataRole.UserRole + 1))))

    # --- 领导和工作人员 -------------------------------------------------------------------

    def _officials_page(self) -> QWidget:
        page = QWidget(self)
        self.official_table = QTableWidget(0, len(OFFICIAL_HEADERS), page)
        self.official_table.setObjectName("officialTable")
        self.official_table.setHorizontalHeaderLabels(OFFICIAL_HEADERS)
        self.official_table.verticalHeader().setVisible(False)
        self.official_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch
        )
        self.leader_warning = _message(page, "leaderWarning", WARNING_STYLE)
        self.official_error = _message(page, "officialError", ERROR_STYLE)
        self.add_official_button = QPushButton("添加一行(&I)", page)
        self.add_official_button.clicked.connect(lambda: self.add_official_row())
        self.remove_official_button = QPushButton("删除选中行", page)
        self.remove_official_button.clicked.connect(self._remove_official_rows)
        self.save_officials_button = QPushButton("保存名单(&S)", page)
        self.save_officials_button.setObjectName("saveOfficialsButton")
        self.save_officials_button.clicked.connect(self.save_officials)
        hint = QLabel(
            "规定要求主要负责人或分管负责人与代表面对面交流，请登记到场的领导和参与的工作人员。",
            page,
        )
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_official_button)
        buttons.addWidget(self.remove_official_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_officials_button)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.official_table, 1)
        layout.addWidget(self.leader_warning)
        layout.addWidget(self.official_error)
        layout.addLayout(buttons)
        return page

    def add_official_row(self, name: str = "", role: str = "工作人员", post: str = "") -> None:
        """Add a row (the role as a drop-down)."""
        row = self.official_table.rowCount()
        self.official_table.insertRow(row)
        self.official_table.setItem(row, 0, QTableWidgetItem(name))
        combo = QComboBox(self.official_table)
        combo.addItems(OFFICIAL_ROLES)
        combo.setCurrentText(role)
        combo.setEnabled(not self.frozen)
        self.official_table.setCellWidget(row, 1, combo)
        self.official_table.setItem(row, 2, QTableWidgetItem(post))

    def _remove_official_rows(self) -> None:
        for row in sorted({i.row() for i in self.official_table.selectedIndexes()}, reverse=True):
            self.official_table.removeRow(row)

    def officials_from_table(self) -> list[Official]:
        """The rows as officials (not yet checked)."""
        result = []
        for row in range(self.official_table.rowCount()):
            name = self.official_table.item(row, 0)
            post = self.official_table.item(row, 2)
            combo = self.official_table.cellWidget(row, 1)
            role = combo.currentText() if isinstance(combo, QComboBox) else "工作人员"
            result.append(
                Official(
                    self.event_id,
                    name.text() if name else "",
                    role,
                    post.text() if post else "",
                )
            )
        return result

    def load_officials(self) -> None:
        """Show the saved list, the warning when no main or deputy leader is on it, and the
        round-table notes."""
        from openday_desktop.services.trail import officials_warning

        self.official_table.setRowCount(0)
        for item in self.store.trail.officials(self.event_id):
            self.add_official_row(item.name, item.role, item.post)
        _say(self.leader_warning, officials_warning(self.store, self.event_id) or "")
        self.notes_edit.setPlainText(self.store.trail.roundtable_notes(self.event_id))

    def save_officials(self) -> None:
        """Save the list as the table shows it."""
        from openday_desktop.services.trail import set_officials

        try:
            set_officials(self.store, self.event_id, self.officials_from_table())
        except OpenDayError as exc:
            _say(self.official_error, exc.message)
            return
        _say(self.official_error, "")
        self.load_officials()
        self.changed.emit(self.event_id)

    # --- 座谈记录 -------------------------------------------------------------------------

    def _notes_page(self) -> QWidget:
        page = QWidget(self)
        self.notes_edit = QPlainTextEdit(page)
        self.notes_edit.setObjectName("roundtableNotesEdit")
        self.notes_edit.setPlaceholderText(
            "座谈交流的时间、地点、主持人、发言的代表和领导、提出的问题及现场答复情况…"
        )
        self.notes_error = _message(page, "notesError", ERROR_STYLE)
        self.notes_saved = _message(page, "notesSaved", "")
        self.save_notes_button = QPushButton("保存座谈记录(&V)", page)
        self.save_notes_button.setObjectName("saveNotesButton")
        self.save_notes_button.clicked.connect(self.save_notes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notes_saved, 1)
        buttons.addWidget(self.save_notes_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.notes_edit, 1)
        layout.addWidget(self.notes_error)
        layout.addLayout(buttons)
        return page

    def save_notes(self) -> None:
        """Save the round-table notes."""
        from openday_desktop.services.trail import set_roundtable_notes

        try:
            set_roundtable_notes(self.store, self.event_id, self.notes_edit.toPlainText())
        except OpenDayError as exc:
            _say(self.notes_error, exc.message)
            return
        _say(self.notes_error, "")
        _say(self.notes_saved, f"已保存（{chinese_date(date.today())}）。")
        self.changed.emit(self.event_id)

    # --- archive --------------------------------------------------------------------------

    @property
    def editing_widgets(self) -> list[QWidget]:
        """Everything that changes the record (disabled for an archived event)."""
        return [
            self.add_publication_button,
            self.delete_publication_button,
            self.add_file_button,
            self.remove_file_button,
            self.add_official_button,
            self.remove_official_button,
            self.save_officials_button,
            self.save_notes_button,
        ]
