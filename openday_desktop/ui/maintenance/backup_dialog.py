"""文件 → 备份与恢复: the good backups (date, size, counts), restore the chosen one, back up now.

The same dialog is the recovery path when the database turns out to be damaged: then it opens
by itself, says so, and offers only the restore.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.services import maintenance
from openday_desktop.storage.backups import BackupInfo
from openday_desktop.storage.diagnosis import diagnose
from openday_desktop.ui.common import messages
from openday_desktop.ui.maintenance.tables import read_only_table

REASONS = {
    "daily": "每日自动",
    "manual": "手动",
    "before-restore": "恢复前的原文件",
}

# Restores the chosen backup; returns a Chinese summary. Raises OpenDayError on refusal.
Restorer = Callable[[Path], str]


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


class BackupDialog(QDialog):
    """The list of good backups with 恢复所选 and 立即备份."""

    def __init__(
        self,
        db_path: Path,
        restorer: Restorer,
        parent: QWidget | None = None,
        *,
        damaged: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle("数据库已损坏：从备份恢复" if damaged else "备份与恢复")
        self.db_path = Path(db_path)
        self._restorer = restorer
        self.restored = False
        self.backups: list[BackupInfo] = []

        layout = QVBoxLayout(self)
        text = (
            f"{damaged}\n\n请选择一份完好的备份恢复。恢复前，当前的文件会另存到 backups 文件夹。"
            if damaged
            else f"数据库：{self.db_path}\n备份保存在它旁边的 backups 文件夹，"
            "每份都检查过完好；保留最近 7 天、4 周、12 个月各一份。\n"
            "照片、视频等附件不在备份中，存放在旁边的 attachments 文件夹："
            "把备份拷到 U 盘时请把它一并拷走。"
        )
        self.intro = QLabel(text, self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        self.table = read_only_table(
            self, "backupTable", ["时间", "大小", "代表（人）", "活动（个）", "类型"]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.table)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("恢复所选…", self)
        self.backup_button = QPushButton("立即备份", self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        if not damaged:
            buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.backup_button.clicked.connect(self.back_up_now)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.reload()

    def reload(self) -> None:
        """List the good backups, newest first."""
        try:
            self.backups = maintenance.good_backups(self.db_path)
        except Exception as exc:  # an unreadable folder: say so, keep the dialog usable
            self.backups = []
            messages.error(self, diagnose(exc, self.db_path))
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            when = info.time.strftime("%Y-%m-%d %H:%M") if info.time else ""
            values = [
                when,
                _size(info.size),
                str(info.people),
                str(info.events),
                REASONS.get(info.reason, "升级前" if info.reason.startswith("before-v") else ""),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (1, 2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def restore_selected(self) -> None:
        """Ask, then restore the chosen backup through the owner's restorer."""
        info = self.selected_backup()
        if info is None:
            return
        when = info.time.strftime("%Y-%m-%d %H:%M") if info.time else ""
        if not messages.confirm(
            self,
            f"用 {when} 的备份（代表 {info.people} 人，活动 {info.events} 个）替换当前数据库？\n"
            "之后录入的内容会回到备份时的样子；当前文件会先另存到 backups 文件夹。",
            "恢复备份",
            "恢复",
        ):
            return
        try:
            summary = self._restorer(info.path)
        except Exception as exc:
            messages.error(self, diagnose(exc, info.path))
            return
        self.restored = True
        messages.info(self, summary)
        self.accept()

    def back_up_now(self) -> None:
        """A checked backup into the backups folder."""
        try:
            target = maintenance.back_up_now(self.db_path)
        except OpenDayError as exc:
            messages.warning(self, exc.message)
            return
        except Exception as exc:
            messages.error(self, diagnose(exc, self.db_path))
            return
        self.reload()
        messages.info(self, f"已备份并检查完好：\n{target}")
