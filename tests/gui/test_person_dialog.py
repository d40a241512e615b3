"""Adding and editing a representative through the real dialog, refusals included."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QToolButton

from openday_desktop.domain.models import Person
from openday_desktop.ui.common.table_models import (
    COL_PERSON_BIRTH,
    COL_PERSON_ID_NUMBER,
    COL_PERSON_NAME,
    COL_PERSON_PHONE,
    COL_PERSON_SEX,
)
from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.representatives.person_dialog import PersonDialog

GOOD_ID = "11010519491231002X"  # a valid number (female, born 1949-12-31)
BAD_CHECKSUM_ID = "110105194912310021"


def open_add_dialog(window: MainWindow, qtbot: Any) -> PersonDialog:
    tab = window.representatives_tab
    window.tabs.setCurrentWidget(tab)
    button = tab.toolbar.widgetForAction(tab.add_action)
    assert isinstance(button, QToolButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, PersonDialog) and dialog.isVisible()
    return dialog


def click_save(dialog: PersonDialog, qtbot: Any) -> None:
    button = dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)
    assert button.text() == "保存"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_add_person_through_dialog_shows_new_row(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    type_text(dialog.name_edit, "王芳")
    type_text(dialog.id_number_edit, GOOD_ID)
    qtbot.keyClick(dialog.id_number_edit, Qt.Key.Key_Tab)  # leaving the field fills sex/birth
    type_text(dialog.phone_edit, "138 0013 8000")
    type_text(dialog.village_edit, "青石村")
    click_save(dialog, qtbot)

    assert not dialog.isVisible()
    tab = empty_window.representatives_tab
    assert tab.model.rowCount() == 1
    assert tab.model.cell_text(0, COL_PERSON_NAME) == "王芳"
    assert tab.model.cell_text(0, COL_PERSON_SEX) == "女"
    assert tab.model.cell_text(0, COL_PERSON_BIRTH) == "1949-12-31"
    assert tab.model.cell_text(0, COL_PERSON_PHONE) == "13800138000"
    assert tab.selected_ids() == [tab.model.record_id(0)]
    assert "代表 1 人" in empty_window.counts_label.text()
    saved = empty_window.store.people.list()
    assert [(p.name, p.id_number, p.village) for p in saved] == [("王芳", GOOD_ID, "青石村")]


def test_bad_id_is_refused_next_to_the_field_and_nothing_saved(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    type_text(dialog.name_edit, "李四")
    type_text(dialog.id_number_edit, BAD_CHECKSUM_ID)
    type_text(dialog.phone_edit, "12345")
    click_save(dialog, qtbot)

    assert dialog.isVisible()
    assert "校验位" in dialog.error_text("id_number")
    assert "手机号" in dialog.error_text("phone")
    assert dialog.error_text("name") == ""
    # What the user typed is kept so they can correct it.
    assert dialog.name_edit.text() == "李四"
    assert dialog.id_number_edit.text() == BAD_CHECKSUM_ID
    assert empty_window.store.people.count() == 0
    assert empty_window.representatives_tab.model.rowCount() == 0

    dialog.id_number_edit.clear()
    dialog.phone_edit.clear()
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    assert empty_window.store.people.count() == 1


def test_empty_name_is_refused(empty_window: MainWindow, qtbot: Any) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    click_save(dialog, qtbot)
    assert dialog.isVisible()
    assert "姓名不能为空" in dialog.error_text("name")
    assert empty_window.store.people.count() == 0


def test_sex_contradicting_id_warns_once_then_saves(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    type_text(dialog.name_edit, "赵六")
    dialog.sex_combo.setCurrentIndex(dialog.sex_combo.findData("男"))
    dialog.id_number_edit.setText(GOOD_ID)  # female according to the ID
    click_save(dialog, qtbot)
    assert dialog.isVisible()
    assert not dialog.warning_label.isHidden()
    assert "身份证号" in dialog.warning_label.text()
    assert empty_window.store.people.count() == 0

    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    assert [p.sex for p in empty_window.store.people.list()] == ["女"]


def test_duplicate_id_number_is_shown_next_to_the_id_field(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    store = empty_window.store
    with store.transaction():
        store.people.add(Person("王芳", id_number=GOOD_ID, sex="女"))
    dialog = open_add_dialog(empty_window, qtbot)
    type_text(dialog.name_edit, "王小芳")
    type_text(dialog.id_number_edit, GOOD_ID.lower())
    click_save(dialog, qtbot)
    assert dialog.isVisible()
    assert "王芳" in dialog.error_text("id_number")
    assert store.people.count() == 1


def test_double_click_edits_and_the_row_updates(
    demo_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    tab = demo_window.representatives_tab
    demo_window.tabs.setCurrentWidget(tab)
    person_id = tab.model.record_id(3)
    rect = tab.view.visualRect(tab.model.index(3, COL_PERSON_NAME))
    # A real double click is press, release, then the double-click event: QTest's mouseDClick
    # alone sends only the second half, so click first.
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = tab.active_dialog
    assert isinstance(dialog, PersonDialog) and dialog.person_id == person_id
    id_number = tab.model.cell_text(3, COL_PERSON_ID_NUMBER)
    assert dialog.id_number_edit.text() == id_number

    dialog.phone_edit.clear()
    type_text(dialog.phone_edit, "0571-88886666")
    click_save(dialog, qtbot)
    row = tab.model.view_row_of(person_id)
    assert row == 3
    assert tab.model.cell_text(row, COL_PERSON_PHONE) == "0571-88886666"
    assert demo_window.store.people.get(person_id).phone == "0571-88886666"
    assert demo_window.store.people.count() == 80


def test_cancel_saves_nothing(empty_window: MainWindow, qtbot: Any, type_text: Any) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    type_text(dialog.name_edit, "孙七")
    qtbot.mouseClick(
        dialog.button_box.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible()
    assert empty_window.store.people.count() == 0
    assert empty_window.representatives_tab.active_dialog is None


def test_ctrl_n_opens_the_dialog_of_the_current_tab(empty_window: MainWindow) -> None:
    empty_window.tabs.setCurrentWidget(empty_window.representatives_tab)
    empty_window.add_action.trigger()
    dialog = empty_window.representatives_tab.active_dialog
    assert isinstance(dialog, PersonDialog)
    assert dialog.category_combo.currentText() == "群众代表"
    assert dialog.category_combo.count() == len(empty_window.store.categories.names())
    dialog.reject()
