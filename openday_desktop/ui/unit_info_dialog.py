"""The 单位信息 step: unit name, office, leading group, contact, document number prefix.

Opened first on a new database (see ``ui.unit_info``) and from the banner; built only when
shown, so start-up does not load the form machinery for it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.settings import (
    PLACEHOLDER,
    SETTINGS_BY_KEY,
    UNIT_INFO_KEYS,
    missing_unit_settings,
)
from openday_desktop.services.settings import save_settings
from openday_desktop.storage import Store
from openday_desktop.ui.common.form_dialog import message_label, save_cancel_buttons
from openday_desktop.ui.settings_dialog import HINT_STYLE, editor_for, office_follows_unit

EXAMPLES = {
    "unit_name": "例如：青山镇人民政府",
    "office_name": "例如：青山镇党政综合办公室",
    "contact_person": "例如：王晓明",
    "contact_phone": "例如：0571-88886666 或 13900001111",
    "document_number_prefix": "例如：青政办发",
}


class UnitInfoDialog(QDialog):
    """Unit name, office, leading group, contact person and phone, document number prefix."""

    saved = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitInfoDialog")
        self.setWindowTitle("单位信息")
        self.store = store
        self.editors: dict[str, QWidget] = {}
        intro = QLabel(
            "开始使用前，请先填写本单位的信息。它们会写进活动方案、公示、通知和总结的"
            "标题、正文和落款；以后可在“文件 → 设置”中修改。",
            self,
        )
        intro.setWordWrap(True)
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        values = store.settings.all()
        for key in UNIT_INFO_KEYS:
            spec = SETTINGS_BY_KEY[key]
            editor = editor_for(spec, page)
            value = str(values.get(key, spec.default))
            # A placeholder is shown as an example, not as text the clerk has to delete first.
            if isinstance(editor, QLineEdit):
                editor.setText("" if PLACEHOLDER in value else value)
                editor.setPlaceholderText(EXAMPLES.get(key, ""))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value)
                editor.setMinimumHeight(editor.fontMetrics().height() * 4)
            self.editors[key] = editor
            form.addRow(f"{spec.label}：", editor)
            if spec.help:
                hint = QLabel(spec.help, page)
                hint.setStyleSheet(HINT_STYLE)
                hint.setWordWrap(True)
                form.addRow("", hint)
        office_follows_unit(form, self.editors, str(values.get("unit_name", "")))
        scroll = QScrollArea(self)
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.error_label = message_label(self, "unitInfoError")
        self.button_box = save_cancel_buttons(self)
        later = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        later.setText("以后再填")
        later.setToolTip("先看看程序；公文里的单位名称要等填写后才正确")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        width = self.fontMetrics().horizontalAdvance("汉") * 36
        self.resize(width, min(self.sizeHint().height() + page.sizeHint().height(), 560))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

    def values(self) -> dict[str, Any]:
        """What the fields hold, by setting key."""
        result: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QLineEdit):
                result[key] = editor.text()
            elif isinstance(editor, QPlainTextEdit):
                result[key] = editor.toPlainText()
        return result

    def accept(self) -> None:
        """Store the unit information when it is complete; otherwise say what is missing."""
        values = self.values()
        try:
            for spec in missing_unit_settings(values):
                raise ValidationError(
                    spec.key, f"请填写“{spec.label}”：公文的标题、正文或落款要用到它。"
                )
            save_settings(self.store, values)
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            editor = self.editors.get(exc.field)
            if editor is not None:
                editor.setFocus()
            return
        self.saved.emit()
        super().accept()
