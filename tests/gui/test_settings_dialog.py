"""The generated 设置 dialog: one editor per declared setting, saved all or nothing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from openday_desktop.domain.settings import SETTINGS
from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.settings_dialog import SettingsDialog

EDITOR_KINDS = {
    "text": QLineEdit,
    "multiline": QPlainTextEdit,
    "list": QPlainTextEdit,
    "int": QSpinBox,
    "float": QDoubleSpinBox,
    "bool": QCheckBox,
    "share": QLineEdit,
    "choice": QComboBox,
}


def open_settings(window: MainWindow) -> SettingsDialog:
    window.settings_action.trigger()
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    return dialog


def click(dialog: SettingsDialog, qtbot: Any, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.button_box.button(which), Qt.MouseButton.LeftButton)


def test_every_setting_has_an_editor_on_its_group_tab(empty_window: MainWindow) -> None:
    dialog = open_settings(empty_window)
    assert set(dialog.editors) == {spec.key for spec in SETTINGS}
    for spec in SETTINGS:
        assert isinstance(dialog.editors[spec.key], EDITOR_KINDS[spec.kind]), spec.key
    groups = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert groups == list(dict.fromkeys(spec.group for spec in SETTINGS))
    dialog.reject()


def test_settings_dialog_saves_a_value(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    dialog = open_settings(empty_window)
    unit = dialog.editors["unit_name"]
    assert isinstance(unit, QLineEdit)
    unit.clear()
    type_text(unit, "青山镇人民政府")
    spin = dialog.editors["min_per_site"]
    assert isinstance(spin, QSpinBox)
    spin.setValue(25)
    click(dialog, qtbot, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.isVisible()
    settings = empty_window.store.settings
    assert settings.get("unit_name") == "青山镇人民政府"
    assert settings.get("min_per_site") == 25


def test_invalid_value_is_shown_and_nothing_saved(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    dialog = open_settings(empty_window)
    unit = dialog.editors["unit_name"]
    assert isinstance(unit, QLineEdit)
    unit.clear()
    type_text(unit, "青山镇人民政府")
    categories = dialog.editors["feedback_categories"]
    assert isinstance(categories, QPlainTextEdit)
    categories.clear()
    click(dialog, qtbot, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible()
    assert "至少要有一项" in dialog.error_label.text()
    assert not dialog.error_label.isHidden()
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "规则与时限"
    assert empty_window.store.settings.get("unit_name") == "某某镇人民政府"


def test_list_setting_is_one_item_per_line(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    dialog = open_settings(empty_window)
    categories = dialog.editors["feedback_categories"]
    assert isinstance(categories, QPlainTextEdit)
    categories.setPlainText("政务服务\n\n  交通出行 \n其他")
    click(dialog, qtbot, QDialogButtonBox.StandardButton.Ok)
    assert empty_window.store.settings.get("feedback_categories") == [
        "政务服务",
        "交通出行",
        "其他",
    ]


def test_restore_defaults_fills_defaults_and_saves_only_on_ok(
    empty_window: MainWindow, qtbot: Any
) -> None:
    settings = empty_window.store.settings
    settings.set_many(
        {"unit_name": "青山镇人民政府", "mask_names_in_notice": True, "min_per_site": 30}
    )
    dialog = open_settings(empty_window)
    click(dialog, qtbot, QDialogButtonBox.StandardButton.RestoreDefaults)
    unit = dialog.editors["unit_name"]
    assert isinstance(unit, QLineEdit) and unit.text() == "青山镇人民政府"  # the unit's own
    spin = dialog.editors["min_per_site"]
    assert isinstance(spin, QSpinBox) and spin.value() == 20
    assert settings.get("min_per_site") == 30
    click(dialog, qtbot, QDialogButtonBox.StandardButton.Ok)
    assert settings.get("unit_name") == "青山镇人民政府"
    assert settings.get("min_per_site") == 20
    assert settings.get("mask_names_in_notice") is False
