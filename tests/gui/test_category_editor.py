"""The 代表类别 editor (from 设置 and the 文件 menu) and 批量修改 in the 代表 tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from openday_desktop.domain.models import Person
from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.representatives.bulk_edit_dialog import BulkEditDialog
from openday_desktop.ui.representatives.category_editor import (
    COL_CITIZEN,
    COL_NAME,
    CategoryEditor,
)
from openday_desktop.ui.settings_dialog import SettingsDialog


def click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_editor_from_settings(window: MainWindow, qtbot: Any) -> CategoryEditor:
    window.settings_action.trigger()
    settings = window.settings_dialog
    assert isinstance(settings, SettingsDialog)
    click(qtbot, settings.categories_button)
    editor = window.category_editor
    assert isinstance(editor, CategoryEditor) and editor.isVisible()
    assert editor.parent() is settings
    return editor


def select(editor: CategoryEditor, name: str) -> None:
    editor.select_row(editor.category_names().index(name))


def test_editor_adds_renames_orders_and_flags(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    store = empty_window.store
    store.people.add(Person("王芳", category="先进模范"))
    editor = open_editor_from_settings(empty_window, qtbot)
    assert editor.category_names() == store.categories.names()

    editor.name_edit.clear()
    type_text(editor.name_edit, "乡贤代表")
    click(qtbot, editor.add_button)
    assert store.categories.names()[-2:] == ["乡贤代表", "其他"]
    assert editor.current() is not None and editor.current().name == "乡贤代表"

    click(qtbot, editor.citizen_check)
    assert store.categories.by_name("乡贤代表").citizen  # type: ignore[union-attr]
    # The check box in the list does the same.
    row = editor.category_names().index("乡贤代表")
    index = editor.model.index(row, COL_CITIZEN)
    assert editor.model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    editor.model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not store.categories.by_name("乡贤代表").citizen  # type: ignore[union-attr]

    click(qtbot, editor.up_button)
    assert store.categories.names()[-3:] == ["乡贤代表", "重点服务对象", "其他"]

    select(editor, "先进模范")
    editor.name_edit.clear()
    type_text(editor.name_edit, "模范人物")
    click(qtbot, editor.rename_button)
    assert store.people.list()[0].category == "模范人物"
    assert "先进模范" in store.categories.by_name("模范人物").synonyms  # type: ignore[union-attr]

    # A refusal is shown in the dialog and changes nothing.
    editor.name_edit.clear()
    type_text(editor.name_edit, "人大代表")
    click(qtbot, editor.rename_button)
    assert "已经存在" in editor.error_label.text() and editor.error_label.isVisibleTo(editor)
    assert "模范人物" in store.categories.names()
    editor.reject()


def test_editor_merges_after_asking_and_edits_synonyms(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any, type_text: Any
) -> None:
    store = empty_window.store
    store.people.add(Person("李四", category="网民代表"))
    empty_window.categories_action.trigger()
    editor = empty_window.category_editor
    assert isinstance(editor, CategoryEditor)
    select(editor, "网民代表")
    editor.merge_combo.setCurrentIndex(editor.merge_combo.findText("群众代表"))
    messages_shown.confirm_answer = False
    click(qtbot, editor.merge_button)
    assert "网民代表" in store.categories.names()
    messages_shown.confirm_answer = True
    click(qtbot, editor.merge_button)
    assert "网民代表" not in editor.category_names()
    assert store.people.list()[0].category == "群众代表"
    assert editor.current() is not None and editor.current().name == "群众代表"

    editor.synonyms_edit.clear()
    type_text(editor.synonyms_edit, "村民代表")
    qtbot.keyClick(editor.synonyms_edit, Qt.Key.Key_Return)
    type_text(editor.synonyms_edit, "居民")
    click(qtbot, editor.synonyms_button)
    assert store.categories.by_name("群众代表").synonyms == ["村民代表", "居民"]  # type: ignore[union-attr]
    assert editor.model.data(editor.model.index(editor.category_names().index("群众代表"), 3)) == (
        "村民代表、居民"
    )
    assert editor.model.data(editor.model.index(0, COL_NAME)) == "人大代表"
    editor.reject()


def test_bulk_edit_changes_the_selected_people(demo_window: MainWindow, qtbot: Any) -> None:
    tab = demo_window.representatives_tab
    demo_window.tabs.setCurrentWidget(tab)
    assert not tab.bulk_edit_action.isEnabled()
    ids = [p.id or 0 for p in demo_window.store.people.list()][:3]
    tab.select_ids(ids)
    assert tab.bulk_edit_action.isEnabled()
    tab.bulk_edit_action.trigger()
    dialog = tab.bulk_dialog
    assert isinstance(dialog, BulkEditDialog) and dialog.isVisible()
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findText("专家学者"))
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findText("组织推荐"))
    click(qtbot, dialog.button_box.button(QDialogButtonBox.StandardButton.Ok))
    people = demo_window.store.people.get_many(ids)
    assert {p.category for p in people.values()} == {"专家学者"}
    assert {p.source for p in people.values()} == {"组织推荐"}
    shown = {tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())}
    assert shown  # the table reloaded
    rows = [tab.store.people.table_row(i) for i in ids]
    assert all(row is not None and "专家学者" in row for row in rows)


def test_bulk_edit_with_nothing_chosen_says_so(demo_window: MainWindow, qtbot: Any) -> None:
    tab = demo_window.representatives_tab
    demo_window.tabs.setCurrentWidget(tab)
    ids = [p.id or 0 for p in demo_window.store.people.list()][:2]
    before = demo_window.store.people.get_many(ids)
    tab.select_ids(ids)
    tab.bulk_edit_action.trigger()
    dialog = tab.bulk_dialog
    assert isinstance(dialog, BulkEditDialog)
    click(qtbot, dialog.button_box.button(QDialogButtonBox.StandardButton.Ok))
    assert dialog.isVisible() and "请选择" in dialog.error_label.text()
    assert demo_window.store.people.get_many(ids) == before
    dialog.reject()
