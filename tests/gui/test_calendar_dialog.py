"""节假日安排: missing years shown, a year typed or imported, bad lines reported, deadlines marked."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from openday_desktop.domain.lifecycle import deadline_text
from openday_desktop.domain.models import Event
from openday_desktop.domain.workdays import library_knows_year
from openday_desktop.storage.statistics import event_next_deadline
from openday_desktop.ui.common.table_models import COL_EVENT_DEADLINE
from openday_desktop.ui.events.calendar_dialog import CalendarDialog, read_text_file
from openday_desktop.ui.main_window import MainWindow


def first_unknown_year() -> int:
    year = date.today().year
    while library_knows_year(year):
        year += 1
    return year


def open_dialog(window: MainWindow) -> CalendarDialog:
    window.followup.calendar_action.trigger()
    dialog = window.followup.calendar_dialog
    assert isinstance(dialog, CalendarDialog)
    return dialog


def add_event(window: MainWindow, on: date) -> int:
    with window.store.transaction():
        event_id = window.store.events.add(Event("开放日", on))
    window.notify_changed("events")
    return event_id


def test_bad_line_is_reported_and_nothing_is_saved(empty_window: MainWindow, qtbot: Any) -> None:
    year = first_unknown_year()
    add_event(empty_window, date(year, 3, 10))
    dialog = open_dialog(empty_window)
    assert f"{year}年：缺少放假安排" in dialog.years_label.text()
    assert dialog.year() == year  # the dialog opens on the missing year
    saved: list[list[int]] = []
    dialog.saved.connect(saved.append)
    dialog.text_edit.setPlainText(
        f"{year}-01-01,休,元旦\n{year}-02-30,休,春节\n{year}-10-01~{year}-10-07,休,国庆节\n"
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "第2行" in dialog.result_text() and "不存在" in dialog.result_text()
    assert empty_window.store.calendar.days() == {}
    assert saved == []
    assert f"{year}年：缺少放假安排" in dialog.years_label.text()


def test_import_file_then_save_updates_the_deadlines(
    empty_window: MainWindow, qtbot: Any, tmp_path: Path, messages_shown: Any
) -> None:
    year = first_unknown_year()
    event_id = add_event(empty_window, date(year, 10, 11))
    empty_window.followup.install_deadlines()
    model = empty_window.events_tab.model
    before = model.cell_text(0, COL_EVENT_DEADLINE)
    assert before.endswith("（估算）")  # the year's schedule is missing: the UI says so

    # A list saved by Excel/WPS: GBK encoded, with a header row.
    source = tmp_path / "放假安排.csv"
    source.write_bytes(
        (
            "日期,类型,名称\n"
            f"{year}-10-01~{year}-10-08,休,国庆节、中秋节\n"
            f"{year}-09-26,班,国庆节调休\n"
            f"{year}-10-09,班,国庆节调休\n"
        ).encode("gb18030")
    )
    messages_shown.open_answer = source
    dialog = open_dialog(empty_window)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "读取无误" in dialog.result_text()
    assert "放假 8 天，调休上班 2 天" in dialog.result_text()
    assert empty_window.store.calendar.days() == {}  # read, not yet saved

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    days = empty_window.store.calendar.days()
    assert days[date(year, 10, 3)] == "holiday" and days[date(year, 9, 26)] == "workday"
    assert f"{year}年：已录入" in dialog.years_label.text()
    after = model.cell_text(0, COL_EVENT_DEADLINE)
    assert not after.endswith("（估算）")
    assert after == deadline_text(event_next_deadline(empty_window.store, event_id))


def test_read_text_file_comments_out_the_header(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("日期\t类型\n2031-01-01\t休\n", encoding="utf-8-sig")
    assert read_text_file(path).splitlines() == ["# 日期\t类型", "2031-01-01\t休"]


def test_clearing_a_year_asks_first(empty_window: MainWindow, messages_shown: Any) -> None:
    year = first_unknown_year()
    with empty_window.store.transaction():
        empty_window.store.calendar.set_days({date(year, 1, 1): "holiday"})
    dialog = open_dialog(empty_window)
    dialog.year_spin.setValue(year)
    assert dialog.text_edit.toPlainText() == f"{year}-01-01,休\n"
    messages_shown.confirm_answer = False
    dialog.clear_year()
    assert empty_window.store.calendar.days() != {}
    messages_shown.confirm_answer = True
    dialog.clear_year()
    assert empty_window.store.calendar.days() == {}
