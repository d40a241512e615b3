"""批量修改: give the selected people of the 代表 tab one category and/or one source at once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from openday_desktop.domain.errors import OpenDayError
from openday_desktop.domain.models import PERSON_SOURCES
from openday_desktop.services.categories import bulk_edit_people
from openday_desktop.storage import Store
from openday_desktop.ui.common.form_dialog import message_label, save_cancel_buttons

KEEP_TEXT = "（不修改）"


class BulkEditDialog(QDialog):
    """Choose a category and/or a source for several people; 保存 changes them in one step."""

    saved = Signal(int)  # how many people changed

    def __init__(self, store: Store, person_ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("批量修改代表")
        self.store = store
        self.person_ids = list(person_ids)
        self.category_combo = QComboBox(self)
        self.category_combo.setObjectName("bulkCategoryCombo")
        self.category_combo.addItem(KEEP_TEXT, None)
        for category in store.categories.list():
            self.category_combo.addItem(category.name, category.name)
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("bulkSourceCombo")
        self.source_combo.addItem(KEEP_TEXT, None)
        for source in PERSON_SOURCES:
            self.source_combo.addItem(source, source)
        intro = QLabel(
            f"把选中的 {len(self.person_ids)} 名代表的下列项目改成同一个值；"
            f"选“{KEEP_TEXT}”的项目保持各人原样。",
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("代表类别(&C)：", self.category_combo)
        form.addRow("来源(&S)：", self.source_combo)
        self.error_label = message_label(self, "bulkError")
        self.button_box = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 30, self.sizeHint().height())
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

    def accept(self) -> None:
        """Change everyone in one transaction, or show why not and change nobody."""
        try:
            changed = bulk_edit_people(
                self.store,
                self.person_ids,
                category=self.category_combo.currentData(),
                source=self.source_combo.currentData(),
            )
        except OpenDayError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return
        self.saved.emit(changed)
        super().accept()
