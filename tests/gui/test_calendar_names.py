"""节假日安排: a year opened again shows the names typed before, and saving keeps them."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from openday_desktop.domain.workdays import library_knows_year
from openday_desktop.ui.events.calendar_dialog import CalendarDialog
from openday_desktop.ui.main_window import MainWindow


def unknown_year() -> int:
    year = date.today().year
    while library_knows_year(year):
        year += 1
    return year


def test_names_survive_reloading_and_saving_a_year(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any
) -> None:
    year = unknown_year()
    store = empty_window.store
    empty_window.followup.calendar_action.trigger()
    dialog = empty_window.followup.calendar_dialog
    assert isinstance(dialog, CalendarDialog)
    dialog.year_spin.setValue(year)
    dialog.text_edit.setPlainText(
        f"{year}-01-01,休,元旦\n{year}-10-01~{year}-10-07,休,国庆节\n{year}-09-26,班,国庆节调休\n"
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in dialog.result_text()

    # Another year, then back: the text is rebuilt from the database, names included.
    dialog.year_spin.setValue(year + 1)
    dialog.year_spin.setValue(year)
    lines = dialog.text_edit.toPlainText().splitlines()
    assert f"{year}-01-01,休,元旦" in lines
    assert f"{year}-10-01~{year}-10-07,休,国庆节" in lines
    assert f"{year}-09-26,班,国庆节调休" in lines

    # Saved again unchanged (say after adding one line): no name is lost.
    dialog.text_edit.setPlainText(dialog.text_edit.toPlainText() + f"{year}-05-01,休,劳动节\n")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    _kinds, names = store.calendar.days_with_names(year)
    assert names[date(year, 1, 1)] == "元旦"
    assert names[date(year, 10, 5)] == "国庆节"
    assert names[date(year, 9, 26)] == "国庆节调休"
    assert names[date(year, 5, 1)] == "劳动节"
