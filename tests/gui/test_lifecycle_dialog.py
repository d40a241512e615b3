"""推进状态: allowed moves only, each step recorded with its date, history shown."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from openday_desktop.domain.lifecycle import format_date
from openday_desktop.domain.models import Event
from openday_desktop.ui.common.table_models import COL_EVENT_STATUS
from openday_desktop.ui.events.lifecycle_dialog import LifecycleDialog
from openday_desktop.ui.main_window import MainWindow


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def open_for(window: MainWindow, event_id: int) -> LifecycleDialog:
    window.events_tab.select_ids([event_id])
    window.followup.event_lifecycle_action.trigger()
    dialog = window.followup.lifecycle_dialog
    assert isinstance(dialog, LifecycleDialog)
    return dialog


def save(dialog: LifecycleDialog, qtbot: Any) -> None:
    qtbot.mouseClick(
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_step_is_recorded_with_its_date(empty_window: MainWindow, qtbot: Any) -> None:
    store = empty_window.store
    today = date.today()
    with store.transaction():
        event_id = store.events.add(Event("开放日", today + timedelta(days=20)))
    empty_window.notify_changed("events")
    dialog = open_for(empty_window, event_id)
    offered = [dialog.target_combo.itemData(i) for i in range(dialog.target_combo.count())]
    assert offered == ["方案已报备", "代表已公示", "已举办", "已总结", "已归档"]
    assert dialog.target_combo.currentData() == "方案已报备"

    filed_on = today - timedelta(days=2)
    dialog.date_edit.setDate(qdate(filed_on))
    save(dialog, qtbot)
    assert not dialog.isVisible()
    assert store.events.get(event_id).status == "方案已报备"
    assert store.events.status_history(event_id)[-1] == ("方案已报备", filed_on)
    row = empty_window.events_tab.model.view_row_of(event_id)
    assert row is not None
    assert empty_window.events_tab.model.cell_text(row, COL_EVENT_STATUS) == "方案已报备"

    dialog = open_for(empty_window, event_id)
    assert f"{format_date(filed_on)}　方案已报备" in dialog.history_lines()
    assert format_date(filed_on) in dialog.steps_label.text()
    offered = [dialog.target_combo.itemData(i) for i in range(dialog.target_combo.count())]
    assert offered[0] == "筹备中"  # one step back, to correct a wrong click
    assert "退回" in dialog.target_combo.itemText(0)

    # Holding it before the event date is refused, with the reason, and nothing recorded.
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData("已举办"))
    dialog.date_edit.setDate(qdate(today))
    save(dialog, qtbot)
    assert dialog.isVisible()
    assert "在此之前不能登记" in dialog.error_text()
    assert store.events.get(event_id).status == "方案已报备"
    dialog.reject()


def test_skipped_steps_get_the_same_date(empty_window: MainWindow, qtbot: Any) -> None:
    store = empty_window.store
    held = date.today() - timedelta(days=10)
    with store.transaction():
        event_id = store.events.add(Event("开放日", held))
    empty_window.notify_changed("events")
    dialog = open_for(empty_window, event_id)
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData("已举办"))
    dialog.date_edit.setDate(qdate(held))
    save(dialog, qtbot)
    history = store.events.status_history(event_id)
    assert history[-3:] == [("方案已报备", held), ("代表已公示", held), ("已举办", held)]


def test_no_selected_event_explains_what_to_do(
    empty_window: MainWindow, messages_shown: Any
) -> None:
    empty_window.followup.lifecycle_action.trigger()
    assert empty_window.followup.lifecycle_dialog is None
    assert "请先在“活动”页选中" in messages_shown.texts("info")[-1]
    assert not empty_window.followup.event_lifecycle_action.isEnabled()
