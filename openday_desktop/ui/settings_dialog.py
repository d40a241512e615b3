"""The 设置 dialog, generated from ``domain.settings.SETTINGS`` so a new setting needs no UI code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.settings import (
    SETTINGS,
    UNIT,
    SettingSpec,
    defaults,
    format_value,
    office_after_unit_rename,
)
from openday_desktop.services.settings import save_settings
from openday_desktop.storage import Store
from openday_desktop.ui.common.form_dialog import message_label, save_cancel_buttons
from openday_desktop.ui.common.screen_fit import fit_on_first_show, scrolling

HINT_STYLE = "color: palette(placeholder-text);"


def office_follows_unit(form: QFormLayout, editors: dict[str, QWidget], saved_unit: str) -> None:
    """When the unit's name is changed, a 牵头科室 (office) that named the old place follows it.

    A note under the office field says so; the clerk can still type over it.
    """
    unit, office = editors.get("unit_name"), editors.get("office_name")
    if not isinstance(unit, QLineEdit) or not isinstance(office, QLineEdit):
        return
    note = message_label(form.parentWidget() or office, "officeFollowsUnit", HINT_STYLE)
    position: Any = form.getWidgetPosition(office)  # (row, role); the stubs say "object"
    form.insertRow(int(position[0]) + 1, "", note)

    def unit_edited() -> None:
        renamed = office_after_unit_rename(saved_unit, unit.text(), office.text())
        if renamed is None:
            return
        office.setText(renamed)
        note.setText(f"牵头科室已随单位名称改为“{renamed}”，如不对请直接修改。")
        note.setVisible(True)

    unit.editingFinished.connect(unit_edited)


def editor_for(spec: SettingSpec, parent: QWidget | None) -> QWidget:
    """The input widget matching a setting's kind."""
    editor: QWidget
    if spec.kind == "int":
        editor = QSpinBox(parent)
        editor.setRange(
            int(spec.minimum or 0), int(spec.maximum if spec.maximum is not None else 1_000_000)
        )
        editor.setMinimumWidth(90)
    elif spec.kind == "float":
        editor = QDoubleSpinBox(parent)
        editor.setDecimals(4)
        editor.setSingleStep(0.05)
        editor.setRange(spec.minimum or 0.0, spec.maximum if spec.maximum is not None else 1e9)
        editor.setMinimumWidth(90)
    elif spec.kind == "bool":
        editor = QCheckBox(spec.label, parent)
    elif spec.kind == "choice":
        combo = QComboBox(parent)
        for choice in spec.choices:
            combo.addItem(format_value(spec, choice), choice)
        editor = combo
    elif spec.kind in ("multiline", "list"):
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setMinimumHeight(editor.fontMetrics().height() * 6)
    else:
        editor = QLineEdit(parent)
    editor.setObjectName(spec.key)
    if spec.help:
        editor.setToolTip(spec.help)
    return editor


class SettingsDialog(QDialog):
    """Edit every setting, grouped on tabs; all values are checked before any is stored."""

    saved = Signal()
    categories_requested = Signal()  # the 代表类别… button: the main window opens the editor

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.store = store
        self.editors: dict[str, QWidget] = {}
        self._pages: dict[str, int] = {}
        self._page_widgets: list[QWidget] = []
        self.tabs = QTabWidget(self)
        self._build_pages()
        self.error_label = message_label(self, "settingsError")
        self.button_box = save_cancel_buttons(self, QDialogButtonBox.StandardButton.RestoreDefaults)
        self.defaults_button = self.button_box.button(
            QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.defaults_button.setText("恢复默认值")
        self.categories_button = self.button_box.addButton(
            "代表类别…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.categories_button.setObjectName("categoriesButton")
        self.categories_button.setToolTip("代表类别的顺序、同义词、是否计入群众（改动立即生效）")
        self.defaults_button.setToolTip(
            "把规则、公文和显示设置填回默认值（单位信息不变）；点“保存”后才生效"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.setSpacing(10)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        self.set_values(store.settings.all())
        tallest = max(page.sizeHint().height() for page in self._page_widgets)
        shown = self.tabs.currentWidget().sizeHint().height()
        height = self.sizeHint().height() + max(0, tallest - shown)
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 46, height)
        fit_on_first_show(self)
        self._connect_signals()

    def _build_pages(self) -> None:
        forms: dict[str, QFormLayout] = {}
        for spec in SETTINGS:
            form = forms.get(spec.group)
            if form is None:
                page = QWidget(self.tabs)
                form = QFormLayout(page)
                form.setContentsMargins(12, 12, 12, 12)
                form.setHorizontalSpacing(10)
                form.setVerticalSpacing(8)
                form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
                forms[spec.group] = form
                # Each page scrolls: the 单位信息 page is taller than a 1280x720 screen allows.
                self._page_widgets.append(page)
                self._pages[spec.group] = self.tabs.addTab(scrolling(page, self.tabs), spec.group)
            editor = editor_for(spec, form.parentWidget() or self.tabs)
            self.editors[spec.key] = editor
            if spec.kind == "bool":
                form.addRow("", editor)
            else:
                form.addRow(f"{spec.label}：", editor)
            if spec.help and spec.kind != "bool":
                hint = QLabel(spec.help, form.parentWidget())
                hint.setStyleSheet(HINT_STYLE)
                hint.setWordWrap(True)
                form.addRow("", hint)
        if UNIT in forms:
            office_follows_unit(
                forms[UNIT], self.editors, str(self.store.settings.get("unit_name"))
            )

    def _connect_signals(self) -> None:
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self.defaults_button.clicked.connect(self._on_restore_defaults)
        self.categories_button.clicked.connect(self.categories_requested)

    # --- values ---------------------------------------------------------------------------

    def set_values(self, values: dict[str, Any]) -> None:
        """Show these values in the editors."""
        for spec in SETTINGS:
            editor = self.editors[spec.key]
            value = values.get(spec.key, spec.default)
            if isinstance(editor, QSpinBox):
                editor.setValue(int(value))
            elif isinstance(editor, QDoubleSpinBox):
                editor.setValue(float(value))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value)))
            elif isinstance(editor, QPlainTextEdit):
                text = "\n".join(value) if isinstance(value, list) else str(value)
                editor.setPlainText(text)
            elif isinstance(editor, QLineEdit):
                editor.setText(format_value(spec, value) if spec.kind == "share" else str(value))

    def values(self) -> dict[str, Any]:
        """What the editors hold, by setting key (checked only when saving)."""
        result: dict[str, Any] = {}
        for spec in SETTINGS:
            editor = self.editors[spec.key]
            if isinstance(editor, QSpinBox | QDoubleSpinBox):
                result[spec.key] = editor.value()
            elif isinstance(editor, QCheckBox):
                result[spec.key] = editor.isChecked()
            elif isinstance(editor, QComboBox):
                result[spec.key] = editor.currentData()
            elif isinstance(editor, QPlainTextEdit):
                result[spec.key] = editor.toPlainText()
            elif isinstance(editor, QLineEdit):
                result[spec.key] = editor.text()
        return result

    # --- saving ---------------------------------------------------------------------------

    def accept(self) -> None:
        """Store every value in one transaction, or show the first problem and store nothing."""
        try:
            save_settings(self.store, self.values())
        except ValidationError as exc:
            self._show_error(exc)
            return
        self.saved.emit()
        super().accept()

    def _show_error(self, exc: ValidationError) -> None:
        self.error_label.setText(exc.message)
        self.error_label.setVisible(True)
        editor = self.editors.get(exc.field)
        if editor is not None:
            group = next(spec.group for spec in SETTINGS if spec.key == exc.field)
            self.tabs.setCurrentIndex(self._pages[group])
            editor.setFocus()

    def _on_restore_defaults(self) -> None:
        # The unit's own name and people have no sensible default: only placeholders.
        values = defaults()
        current = self.values()
        values.update({spec.key: current[spec.key] for spec in SETTINGS if spec.group == UNIT})
        self.set_values(values)
        self.error_label.setVisible(False)
