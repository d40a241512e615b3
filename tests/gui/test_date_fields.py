"""Typing dates and times into the real event dialog with key presses."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QCalendarWidget

from openday_desktop.ui.common.date_fields import DateEdit, TimeEdit
from openday_desktop.ui.main_window import MainWindow
from tests.gui.test_event_dialog import click_save, open_add_dialog


def activate(qtbot: Any, window: Any) -> None:
    """Focus moves (and fields finish editing) only in the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def retype(qtbot: Any, field: DateEdit | TimeEdit, text: str) -> None:
    """Tab into the field (which selects its text), type, and leave it with Tab."""
    activate(qtbot, field.window())
    field.line_edit.setFocus(Qt.FocusReason.TabFocusReason)
    field.line_edit.selectAll()
    qtbot.keyClicks(field.line_edit, text)
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Tab)


@pytest.mark.parametrize("text", ["2027-06-10", "2027/6/10", "20270610", "6月10日"])
def test_typed_date_is_the_date(
    empty_window: MainWindow, qtbot: Any, type_text: Any, text: str
) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    dialog.date_edit.setDate(QDate(2027, 1, 5))
    field = dialog.date_edit
    activate(qtbot, dialog)
    field.line_edit.setFocus(Qt.FocusReason.TabFocusReason)
    field.line_edit.selectAll()
    type_text(field.line_edit, text)  # 月/日 arrive from the input method
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Tab)
    assert field.date() == QDate(2027, 6, 10)
    assert field.text() == "2027-06-10"
    assert not field.message.isVisibleTo(dialog)


def test_impossible_date_is_refused_next_to_the_field(empty_window: MainWindow, qtbot: Any) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    dialog.date_edit.setDate(QDate(2027, 1, 5))
    retype(qtbot, dialog.date_edit, "2027-02-30")
    assert dialog.date_edit.message.isVisibleTo(dialog)
    assert "2027年2月没有30日" in dialog.date_edit.message.text()
    assert dialog.date_edit.text() == "2027-02-30"  # left as typed, to be corrected
    click_save(dialog, qtbot)
    assert dialog.isVisible()
    assert empty_window.store.events.count() == 0
    retype(qtbot, dialog.date_edit, "2027-02-28")
    assert not dialog.date_edit.message.isVisibleTo(dialog)
    assert dialog.date_edit.date() == QDate(2027, 2, 28)


@pytest.mark.parametrize("text", ["09:00", "9:00", "0900"])
def test_typed_time_is_the_time(empty_window: MainWindow, qtbot: Any, text: str) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    dialog.start_edit.setTime(QTime(14, 30))
    retype(qtbot, dialog.start_edit, text)
    assert dialog.start_edit.time() == QTime(9, 0)
    assert dialog.start_edit.text() == "09:00"


def test_impossible_time_is_refused(empty_window: MainWindow, qtbot: Any) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    retype(qtbot, dialog.start_edit, "25:00")
    assert "小时是 0–23" in dialog.start_edit.message.text()
    assert dialog.start_edit.message.isVisibleTo(dialog)


def test_calendar_button_picks_a_day(empty_window: MainWindow, qtbot: Any) -> None:
    dialog = open_add_dialog(empty_window, qtbot)
    field = dialog.date_edit
    field.setDate(QDate(2027, 6, 1))
    qtbot.mouseClick(field.calendar_button, Qt.MouseButton.LeftButton)
    calendar = field.calendar_menu.findChild(QCalendarWidget, "calendar")
    assert calendar is not None and calendar.selectedDate() == QDate(2027, 6, 1)
    calendar.clicked.emit(QDate(2027, 6, 18))
    assert field.date() == QDate(2027, 6, 18)
    assert field.text() == "2027-06-18"
