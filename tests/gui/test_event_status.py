"""The event dialog keeps to the lifecycle: a new event starts at 筹备中 (or a step recorded
with its date), an existing one changes status only through 推进状态…, an archived one is
read-only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QToolButton

from openday_desktop.domain.lifecycle import held_date_conflict
from openday_desktop.domain.models import Event, Site
from openday_desktop.ui.common.table_models import COL_EVENT_STATUS
from openday_desktop.ui.events.event_dialog import EventDialog
from openday_desktop.ui.events.lifecycle_dialog import LifecycleDialog
from openday_desktop.ui.main_window import MainWindow


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def open_new(window: MainWindow, qtbot: Any) -> EventDialog:
    tab = window.events_tab
    window.tabs.setCurrentWidget(tab)
    button = tab.toolbar.widgetForAction(tab.add_action)
    assert isinstance(button, QToolButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, EventDialog)
    return dialog


def open_existing(window: MainWindow, event_id: int) -> EventDialog:
    tab = window.events_tab
    tab.reload()
    tab.select_ids([event_id])
    window.edit_action.trigger()
    dialog = tab.active_dialog
    assert isinstance(dialog, EventDialog) and dialog.event_id == event_id
    return dialog


def click_save(dialog: EventDialog, qtbot: Any) -> None:
    qtbot.mouseClick(
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def add_event(window: MainWindow, event: Event, steps: Sequence[tuple[str, date]] = ()) -> int:
    store = window.store
    with store.transaction():
        event_id = store.events.add(event)
        for status, day in steps:
            store.events.set_status(event_id, status, day)
    return event_id


def test_new_event_starts_at_preparing(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    dialog = open_new(empty_window, qtbot)
    assert dialog.status_combo.isVisibleTo(dialog)
    assert dialog.status_combo.currentText() == "筹备中"
    assert not dialog.status_date_edit.isVisibleTo(dialog)  # no date to give for the first step
    assert not dialog.lifecycle_button.isVisibleTo(dialog)
    assert "筹备中" in dialog.status_hint.text()
    type_text(dialog.title_edit, "开放日")
    click_save(dialog, qtbot)
    (event,) = empty_window.store.events.list()
    assert event.status == "筹备中"
    assert [s for s, _ in empty_window.store.events.status_history(event.id or 0)] == ["筹备中"]


def test_past_event_entered_afterwards_records_every_step_with_the_date(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    store = empty_window.store
    held = date.today() - timedelta(days=30)
    dialog = open_new(empty_window, qtbot)
    type_text(dialog.title_edit, "上半年开放日")
    dialog.date_edit.setDate(qdate(held))
    dialog.status_combo.setCurrentText("已举办")
    assert dialog.status_date_edit.isVisibleTo(dialog)
    # The step's date follows the event's date (the clerk may still change it).
    assert dialog.status_date_edit.date() == qdate(held)
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    (event,) = store.events.list()
    assert event.status == "已举办"
    steps = store.events.status_history(event.id or 0)
    assert steps[1:] == [("方案已报备", held), ("代表已公示", held), ("已举办", held)]
    tab = empty_window.events_tab
    assert tab.model.cell_text(0, COL_EVENT_STATUS) == "已举办"


def test_a_step_the_lifecycle_forbids_is_refused_and_nothing_saved(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    store = empty_window.store
    dialog = open_new(empty_window, qtbot)
    type_text(dialog.title_edit, "下个月的开放日")
    dialog.date_edit.setDate(qdate(date.today() + timedelta(days=30)))
    dialog.status_combo.setCurrentText("已举办")  # not yet: the event has not taken place
    click_save(dialog, qtbot)
    assert dialog.isVisible()
    assert "不能登记为“已举办”" in dialog.error_text("status")
    assert store.events.count() == 0

    # Filing the plan a week ago is fine.
    dialog.status_combo.setCurrentText("方案已报备")
    filed = date.today() - timedelta(days=7)
    dialog.status_date_edit.setDate(qdate(filed))
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    (event,) = store.events.list()
    assert event.status == "方案已报备"
    assert store.events.status_history(event.id or 0)[-1] == ("方案已报备", filed)


def test_existing_event_moves_on_through_the_lifecycle_dialog(
    empty_window: MainWindow, qtbot: Any
) -> None:
    store = empty_window.store
    event_id = add_event(empty_window, Event("开放日", date.today() + timedelta(days=20)))
    dialog = open_existing(empty_window, event_id)
    assert not dialog.status_combo.isVisibleTo(dialog)
    assert dialog.status_text().startswith("筹备中")
    assert "推进状态" in dialog.status_hint.text()
    assert "下一步：方案报备" in dialog.status_hint.text()

    qtbot.mouseClick(dialog.lifecycle_button, Qt.MouseButton.LeftButton)
    lifecycle = dialog.lifecycle_dialog
    assert isinstance(lifecycle, LifecycleDialog) and lifecycle.isVisible()
    assert lifecycle.target_combo.currentData() == "方案已报备"
    filed = date.today() - timedelta(days=1)
    lifecycle.date_edit.setDate(qdate(filed))
    qtbot.mouseClick(
        lifecycle.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert not lifecycle.isVisible()
    assert store.events.get(event_id).status == "方案已报备"
    assert dialog.isVisible()  # back in the event dialog, which now shows the new step
    assert dialog.status_text().startswith("方案已报备")
    assert f"{filed.month}月{filed.day}日" in dialog.status_text()
    row = empty_window.events_tab.model.view_row_of(event_id)
    assert row is not None
    assert empty_window.events_tab.model.cell_text(row, COL_EVENT_STATUS) == "方案已报备"

    # Saving the other fields afterwards keeps the recorded status.
    dialog.theme_edit.setText("走进镇政府")
    click_save(dialog, qtbot)
    event = store.events.get(event_id)
    assert (event.theme, event.status) == ("走进镇政府", "方案已报备")


def test_archived_event_opens_read_only(empty_window: MainWindow, qtbot: Any) -> None:
    store = empty_window.store
    held = date.today() - timedelta(days=60)
    event_id = add_event(
        empty_window,
        Event("去年的开放日", held, sites=[Site("便民服务中心")]),
        [("已举办", held), ("已总结", held + timedelta(days=5)), ("已归档", date.today())],
    )
    dialog = open_existing(empty_window, event_id)
    assert dialog.locked
    assert dialog.locked_label.isVisibleTo(dialog) and "已归档" in dialog.windowTitle()
    assert "已归档" in dialog.locked_label.text() and "取消归档" in dialog.locked_label.text()
    assert dialog.title_edit.isReadOnly() and dialog.notes_edit.isReadOnly()
    assert dialog.date_edit.isReadOnly()
    assert not dialog.add_site_button.isEnabled()
    assert not dialog.form_checks["座谈交流"].isEnabled()
    ok = dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)
    cancel = dialog.button_box.button(QDialogButtonBox.StandardButton.Cancel)
    assert not ok.isVisibleTo(dialog) and cancel.text() == "关闭"
    qtbot.keyClicks(dialog.title_edit, "abc")
    assert dialog.title_edit.text() == "去年的开放日"
    assert dialog.save() is None  # even if something calls it, nothing is written
    assert store.events.get(event_id).title == "去年的开放日"

    # 取消归档 from here, with a reason, unlocks the fields; without one it is refused.
    assert dialog.lifecycle_button.isEnabled()
    dialog.open_lifecycle()
    lifecycle = dialog.lifecycle_dialog
    assert isinstance(lifecycle, LifecycleDialog)
    assert lifecycle.target_combo.currentData() == "已总结"
    assert "取消归档" in lifecycle.target_combo.currentText()
    lifecycle.accept()
    assert "原因" in lifecycle.error_text()
    assert store.events.get(event_id).status == "已归档"
    lifecycle.reason_edit.setText("更正活动名称")
    lifecycle.accept()
    assert store.events.get(event_id).status == "已总结"
    assert store.events.status_notes(event_id)[-1] == (
        "已总结",
        date.today(),
        "取消归档：更正活动名称",
    )
    assert not dialog.locked and not dialog.locked_label.isVisibleTo(dialog)
    assert not dialog.title_edit.isReadOnly() and ok.isVisibleTo(dialog)
    dialog.title_edit.setText("更正后的名称")
    click_save(dialog, qtbot)
    assert store.events.get(event_id).title == "更正后的名称"


def test_a_held_event_cannot_be_moved_after_the_day_it_was_held(
    empty_window: MainWindow, qtbot: Any
) -> None:
    store = empty_window.store
    held = date.today() - timedelta(days=10)
    event_id = add_event(empty_window, Event("开放日", held), [("已举办", held)])
    dialog = open_existing(empty_window, event_id)
    dialog.date_edit.setDate(qdate(held + timedelta(days=3)))
    click_save(dialog, qtbot)
    assert dialog.isVisible()
    assert "已举办" in dialog.error_text("date")
    assert store.events.get(event_id).date == held
    dialog.date_edit.setDate(qdate(held - timedelta(days=1)))  # an earlier day is a correction
    click_save(dialog, qtbot)
    assert store.events.get(event_id).date == held - timedelta(days=1)


def test_held_date_conflict_without_widgets() -> None:
    day = date(2026, 6, 12)
    history = [("筹备中", date(2026, 5, 1)), ("已举办", day)]
    assert held_date_conflict(Event("a", day, status="已举办"), history) is None
    assert held_date_conflict(Event("a", date(2026, 6, 20), status="方案已报备"), history) is None
    message = held_date_conflict(Event("a", date(2026, 6, 13), status="已总结"), history)
    assert message is not None and "2026年6月12日" in message
