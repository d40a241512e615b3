"""文件 → 个人信息保存期限: people not taking part for N years, erased in one step."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.services.privacy import RetentionCandidate, erase_people, retention_candidates
from openday_desktop.storage import Store
from openday_desktop.storage.diagnosis import diagnose
from openday_desktop.ui.common import messages
from openday_desktop.ui.maintenance.tables import fill_rows, read_only_table


class RetentionDialog(QDialog):
    """The review list and 全部抹去."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retentionDialog")
        self.setWindowTitle("个人信息保存期限")
        self.store = store
        self.erased = False
        self.candidates: list[RetentionCandidate] = []
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("列出超过", self))
        self.years = QSpinBox(self)
        self.years.setRange(1, 30)
        self.years.setValue(int(store.settings.get("retention_years")))
        row.addWidget(self.years)
        row.addWidget(QLabel("年未参加任何活动的人员（默认年限在“设置”中修改）", self))
        row.addStretch(1)
        layout.addLayout(row)
        self.table = read_only_table(self, "retentionTable", ["编号", "姓名", "最近参加活动"])
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.erase_button = QPushButton("全部删除并抹去…", self)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.erase_button.clicked.connect(self.erase_all)
        self.years.valueChanged.connect(lambda _v: self.reload())
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.reload()

    def reload(self) -> None:
        self.candidates = retention_candidates(self.store, years=self.years.value())
        fill_rows(
            self.table,
            [[str(c.person_id), c.masked_name, c.last_label] for c in self.candidates],
        )
        self.erase_button.setEnabled(bool(self.candidates))

    def erase_all(self) -> None:
        """Erase everyone listed, after one confirmation."""
        if not self.candidates or not messages.confirm(
            self,
            f"删除并抹去列出的 {len(self.candidates)} 人？他们的出席记录、意见建议中的姓名电话"
            "身份证号以及所有备份中的记录都会清除，无法恢复。",
            "删除并抹去",
            "全部抹去",
        ):
            return
        try:
            report = erase_people(self.store, [c.person_id for c in self.candidates])
        except Exception as exc:
            messages.error(self, diagnose(exc, self.store.path))
            return
        self.erased = True
        messages.info(self, report.summary())
        self.reload()
