"""文件 → 操作记录: who changed what and when (ID numbers and phones masked)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.storage import Store
from openday_desktop.storage.audit import action_label, audit_entries, entity_label, field_label
from openday_desktop.ui.maintenance.tables import fill_rows, read_only_table

SHOWN = 5000


class AuditDialog(QDialog):
    """The newest entries of the audit log, from a chosen day on."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setWindowTitle("操作记录")
        self.store = store
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("显示此日期以后的记录：", self))
        self.since = QDateEdit(self)
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        start = date.today() - timedelta(days=30)
        self.since.setDate(QDate(start.year, start.month, start.day))
        row.addWidget(self.since)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = read_only_table(
            self, "auditTable", ["时间", "用户", "操作", "对象", "编号", "字段", "内容"]
        )
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.since.dateChanged.connect(lambda _d: self.reload())
        self.resize(900, 480)
        self.reload()

    def reload(self) -> None:
        """Fill the table from the log."""
        picked = self.since.date()
        day = date(picked.year(), picked.month(), picked.day())
        entries = audit_entries(self.store.db, since=datetime.combine(day, time()), limit=SHOWN)
        rows = []
        for entry in entries:
            change = (
                f"{entry.old or ''} → {entry.new or ''}"
                if entry.action == "update"
                else (entry.new or entry.old or "")
            )
            rows.append(
                [
                    entry.at.strftime("%Y-%m-%d %H:%M:%S"),
                    entry.user,
                    action_label(entry.action),
                    entity_label(entry.entity),
                    "" if entry.entity_id is None else str(entry.entity_id),
                    field_label(entry.field),
                    change,
                ]
            )
        fill_rows(self.table, rows)
