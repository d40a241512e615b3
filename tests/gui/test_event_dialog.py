"""Creating and editing events through the real dialog: sites, activity forms, refusals."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QToolButton

from openday_desktop.domain.models import Event, Site
from openday_desktop.ui.common.table_models import COL_EVENT_SITES, COL_EVENT_TIME, COL_EVENT_TITLE
from openday_desktop.ui.events.event_dialog import EventDialog, SitesModel, split_forms
from openday_desktop.ui.main_window import MainWindow


def open_add_dialog(window: MainWindow, qtbot: Any) -> EventDialog:
    tab = window.events_tab
    window.tabs.setCurrentWidget(tab)
    button = tab.toolbar.widgetForAction(tab.add_action)
    assert isinstance(button, QToolButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, EventDialog) and dialog.isVisible()
    return dialog


def click_save(dialog: EventDialog, qtbot: Any) -> None:
    qtbot.mouseClick(
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def cell_editor(dialog: EventDialog) -> QLineEdit:
    """The editor open in the sites table's current cell."""
    editor = dialog.sites_view.indexWidget(dialog.sites_view.currentIndex())
    assert isinstance(editor, QLineEdit), editor
    return editor


def add_site(dialog: EventDialog, qtbot: Any, type_text: Any, name: str, address: str) -> None:
    qtbot.mouseClick(dialog.add_site_button, Qt.MouseButton.LeftButton)
    type_text(cell_editor(dialog), name)
    qtbot.keyClick(cell_editor(dialog), Qt.Key.Key_Tab)  # on to the address cell
    type_text(cell_editor(dialog), address)
    qtbot.keyClick(cell_editor(dialog), Qt.Key.Key_Return)
    QApplication.processEvents()  # Qt finishes the cell in a queued call after Enter


def test_add_event_with_two_sites(empty_window: MainWindow, qtbot: Any, type_text: Any) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    assert dialog.organizer_edit.text() == "某某镇人民政府"  # from the settings
    type_text(dialog.title_edit, "2026年“政府开放日”活动")
    type_text(dialog.theme_edit, "走进镇政府")
    dialog.date_edit.setDate(QDate(2026, 6, 12))
    add_site(dialog, qtbot, type_text, "便民服务中心", "镇政府一楼")
    add_site(dialog, qtbot, type_text, "综合文化站", "文化路8号")
    qtbot.mouseClick(dialog.form_checks["座谈交流"], Qt.MouseButton.LeftButton)
    type_text(dialog.other_forms_edit, "网络直播、参与重大决策")
    assert dialog.isVisible()  # Enter in a cell finished the cell, not the dialog
    click_save(dialog, qtbot)

    assert not dialog.isVisible()
    tab = empty_window.events_tab
    assert tab.model.rowCount() == 1
    assert tab.model.cell_text(0, COL_EVENT_TITLE) == "2026年“政府开放日”活动"
    assert tab.model.cell_text(0, COL_EVENT_TIME) == "08:30-11:30"
    assert tab.model.cell_text(0, COL_EVENT_SITES) == "2处：便民服务中心、综合文化站"
    (event,) = empty_window.store.events.list()
    assert event.date == date(2026, 6, 12)
    assert [(s.name, s.address) for s in event.sites] == [
        ("便民服务中心", "镇政府一楼"),
        ("综合文化站", "文化路8号"),
    ]
    assert event.forms == ["座谈交流", "网络直播", "参与重大决策"]
    assert "活动 1 个" in empty_window.counts_label.text()


def test_sites_move_and_remove(empty_window: MainWindow, qtbot: Any, type_text: Any) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    type_text(dialog.title_edit, "开放日")
    for name in ("甲", "乙", "丙"):
        add_site(dialog, qtbot, type_text, name, "")
    dialog.sites_view.setCurrentIndex(dialog.sites_model.index(0, 0))
    assert not dialog.move_up_button.isEnabled()
    qtbot.mouseClick(dialog.move_down_button, Qt.MouseButton.LeftButton)
    assert [s.name for s in dialog.sites_model.sites] == ["乙", "甲", "丙"]
    qtbot.mouseClick(dialog.move_down_button, Qt.MouseButton.LeftButton)
    assert [s.name for s in dialog.sites_model.sites] == ["乙", "丙", "甲"]
    assert not dialog.move_down_button.isEnabled()
    qtbot.mouseClick(dialog.move_up_button, Qt.MouseButton.LeftButton)
    assert [s.name for s in dialog.sites_model.sites] == ["乙", "甲", "丙"]
    qtbot.mouseClick(dialog.remove_site_button, Qt.MouseButton.LeftButton)  # removes 甲
    assert [s.name for s in dialog.sites_model.sites] == ["乙", "丙"]
    click_save(dialog, qtbot)
    assert [s.name for s in empty_window.store.events.list()[0].sites] == ["乙", "丙"]


def test_problems_are_shown_next_to_fields_and_nothing_saved(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    dialog.start_edit.setTime(QTime(11, 0))
    dialog.end_edit.setTime(QTime(9, 0))
    add_site(dialog, qtbot, type_text, "文化站", "")
    add_site(dialog, qtbot, type_text, "文化站", "")
    click_save(dialog, qtbot)
    assert dialog.isVisible()
    assert "活动名称不能为空" in dialog.error_text("title")
    assert "结束时间" in dialog.error_text("end")
    assert "重复" in dialog.error_text("sites")
    assert empty_window.store.events.count() == 0

    type_text(dialog.title_edit, "开放日")
    assert dialog.error_text("title") == ""  # fixed by typing: the message goes at once
    assert "结束时间" in dialog.error_text("end")  # not yet fixed: still shown
    dialog.end_edit.setTime(QTime(11, 30))
    dialog.sites_model.setData(dialog.sites_model.index(1, 0), "便民服务中心")
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    assert empty_window.store.events.count() == 1


def test_edit_event_keeps_untimed_event_untimed_and_updates_the_row(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(
            Event("旧名称", date(2026, 12, 1), sites=[Site("便民服务中心")], forms=["自定方式"])
        )
    tab = empty_window.events_tab
    tab.reload()
    tab.view.selectRow(0)
    empty_window.edit_action.trigger()
    dialog = tab.active_dialog
    assert isinstance(dialog, EventDialog) and dialog.event_id == event_id
    assert not dialog.time_check.isChecked()
    assert dialog.other_forms_edit.text() == "自定方式"
    # The status is shown, not edited here: 推进状态… records it with its date.
    assert not dialog.status_combo.isVisibleTo(dialog)
    assert dialog.lifecycle_button.isVisibleTo(dialog)
    assert dialog.status_text().startswith("筹备中")
    dialog.title_edit.clear()
    type_text(dialog.title_edit, "新名称")
    click_save(dialog, qtbot)
    event = store.events.get(event_id)
    assert (event.title, event.start, event.end, event.status) == ("新名称", None, None, "筹备中")
    assert event.forms == ["自定方式"]
    assert tab.model.cell_text(0, COL_EVENT_TITLE) == "新名称"
    assert [status for status, _ in store.events.status_history(event_id)] == ["筹备中"]


def test_time_can_be_set(empty_window: MainWindow, qtbot: Any, type_text: Any) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    type_text(dialog.title_edit, "开放日")
    dialog.start_edit.setTime(QTime(9, 0))
    dialog.end_edit.setTime(QTime(11, 45))
    click_save(dialog, qtbot)
    event = empty_window.store.events.list()[0]
    assert (event.start, event.end) == (time(9, 0), time(11, 45))


def test_sites_model_and_split_forms_without_widgets() -> None:
    model = SitesModel([Site("甲"), Site("乙")])
    assert model.move_site(1, -1) == 0
    assert [s.name for s in model.sites] == ["乙", "甲"]
    assert model.move_site(0, -1) == 0
    assert split_forms(" 网络直播，问卷调查；座谈 ") == ["网络直播", "问卷调查", "座谈"]
