"""First run: the 单位信息 step, the banner while it is missing, Qt in Chinese, text size."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox, QPlainTextEdit

from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.unit_info_dialog import UnitInfoDialog


def fill(dialog: UnitInfoDialog, type_text: Any, values: dict[str, str]) -> None:
    for key, text in values.items():
        editor = dialog.editors[key]
        if isinstance(editor, QPlainTextEdit):
            editor.clear()
        elif isinstance(editor, QLineEdit):
            editor.clear()
        type_text(editor, text)


def save(dialog: UnitInfoDialog, qtbot: Any) -> None:
    button = dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_new_database_asks_for_the_unit_first(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    banner = empty_window.unit_info.banner
    assert banner.isVisible()
    assert "单位名称、牵头科室" in empty_window.unit_info.label.text()
    empty_window.unit_info.start()
    dialog = empty_window.unit_info.dialog
    assert isinstance(dialog, UnitInfoDialog) and dialog.isVisible()
    unit = dialog.editors["unit_name"]
    assert isinstance(unit, QLineEdit) and unit.text() == ""  # 某某 is shown as an example only
    assert "青山镇" in unit.placeholderText()
    fill(dialog, type_text, {"unit_name": "青山镇人民政府", "office_name": "青山镇党政办公室"})
    save(dialog, qtbot)
    assert dialog.isVisible()
    assert "领导小组" in dialog.error_label.text()
    assert empty_window.store.settings.get("unit_name") == "某某镇人民政府"  # all or nothing
    fill(
        dialog,
        type_text,
        {
            "leading_group": "组长：张三（镇长）",
            "contact_person": "王晓明",
            "contact_phone": "123",
        },
    )
    save(dialog, qtbot)
    assert "11位" in dialog.error_label.text()
    fill(dialog, type_text, {"contact_phone": "13900001111", "document_number_prefix": "青政办发"})
    save(dialog, qtbot)
    assert not dialog.isVisible()
    settings = empty_window.store.settings
    assert settings.get("unit_name") == "青山镇人民政府"
    assert settings.get("document_number_prefix") == "青政办发"
    assert not banner.isVisible()


def test_banner_button_opens_the_step(empty_window: MainWindow, qtbot: Any) -> None:
    qtbot.mouseClick(empty_window.unit_info.button, Qt.MouseButton.LeftButton)
    dialog = empty_window.unit_info.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_banner_follows_the_settings(empty_window: MainWindow) -> None:
    from openday_desktop.services.settings import save_settings

    save_settings(
        empty_window.store,
        {
            "unit_name": "青山镇人民政府",
            "office_name": "青山镇党政办公室",
            "leading_group": "组长：张三",
            "contact_person": "王晓明",
        },
    )
    empty_window.notify_changed("settings")
    assert empty_window.unit_info.banner.isVisible()
    assert "（联系电话）" in empty_window.unit_info.label.text()
    save_settings(empty_window.store, {"contact_phone": "13900001111"})
    empty_window.notify_changed("settings")
    assert not empty_window.unit_info.banner.isVisible()


def test_qt_standard_texts_are_chinese(empty_window: MainWindow, qapp: QApplication) -> None:
    from openday_desktop.app import setup_application

    setup_application(qapp)  # what ensure_application does when the program starts
    box = QMessageBox(empty_window)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
    menu = QLineEdit(empty_window).createStandardContextMenu()
    texts = " ".join(action.text() for action in menu.actions())
    assert "复制" in texts and "粘贴" in texts and "Copy" not in texts


def test_large_text_setting_enlarges_the_font_at_once(empty_window: MainWindow) -> None:
    from openday_desktop.services.settings import save_settings

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font().pointSizeF()
    save_settings(empty_window.store, {"text_scale": 150})
    empty_window.notify_changed("settings")
    QApplication.processEvents()  # the new font reaches the widgets through posted events
    try:
        assert app.font().pointSizeF() == round(before * 1.5, 1)
        assert empty_window.font().pointSizeF() == round(before * 1.5, 1)
    finally:
        save_settings(empty_window.store, {"text_scale": 100})
        empty_window.notify_changed("settings")
        QApplication.processEvents()
    assert app.font().pointSizeF() == before


def test_starting_the_program_on_a_new_database_opens_the_step_first(
    db_path: Any, monkeypatch: Any, qapp: QApplication
) -> None:
    from openday_desktop import app as app_module
    from openday_desktop.ui.unit_info_dialog import UnitInfoDialog

    seen: list[str] = []

    def fake_exec() -> int:
        # Instead of the event loop: note what the clerk sees first, then leave.
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnitInfoDialog)]
        seen.extend(d.windowTitle() for d in dialogs if d.isVisible())
        for dialog in dialogs:
            dialog.reject()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    assert app_module.main(["--db", str(db_path)]) == 0
    assert seen == ["单位信息"]


def test_renaming_the_unit_carries_the_office_name_along(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    from PySide6.QtTest import QTest

    from openday_desktop.services.settings import save_settings
    from openday_desktop.ui.settings_dialog import SettingsDialog

    store = empty_window.store
    save_settings(store, {"unit_name": "青石镇人民政府", "office_name": "青石镇党政办公室"})
    for dialog in (UnitInfoDialog(store), SettingsDialog(store)):
        qtbot.addWidget(dialog)
        with qtbot.waitActive(dialog):
            dialog.show()
            dialog.activateWindow()
        unit, office = dialog.editors["unit_name"], dialog.editors["office_name"]
        assert isinstance(unit, QLineEdit) and isinstance(office, QLineEdit)
        unit.setFocus()
        unit.selectAll()
        type_text(unit, "白石镇人民政府")
        QTest.keyClick(unit, Qt.Key.Key_Tab)  # leaving the field
        assert office.text() == "白石镇党政办公室"
        note = dialog.findChild(type(dialog.error_label), "officeFollowsUnit")
        assert note is not None and note.isVisible() and "白石镇党政办公室" in note.text()
        dialog.close()
