"""Recording and handling feedback through the real dialog; overdue items in red."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from openday_desktop.domain.models import Event, Feedback, Invitation, Person
from openday_desktop.ui.common.table_models import (
    COL_FEEDBACK_CONTENT,
    COL_FEEDBACK_DEADLINE,
    COL_FEEDBACK_STATUS,
    OVERDUE_COLOR,
)
from openday_desktop.ui.feedback.feedback_dialog import ANONYMOUS, FeedbackDialog, default_event
from openday_desktop.ui.main_window import MainWindow


def click_save(dialog: FeedbackDialog, qtbot: Any) -> None:
    qtbot.mouseClick(
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_edit_feedback_handling(demo_window: MainWindow, qtbot: Any, type_text: Any) -> None:
    tab = demo_window.feedback_tab
    demo_window.tabs.setCurrentWidget(tab)
    feedback_id = tab.model.record_id(0)
    tab.view.selectRow(0)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    dialog = tab.active_dialog
    assert isinstance(dialog, FeedbackDialog) and dialog.feedback_id == feedback_id
    original = demo_window.store.feedback.get(feedback_id)
    assert dialog.content_edit.toPlainText() == original.content

    dialog.status_combo.setCurrentText("已办结")
    dialog.reply_edit.clear()
    type_text(dialog.reply_edit, "已协调增加周末值班窗口。")
    dialog.adopted_combo.setCurrentIndex(dialog.adopted_combo.findText("采纳"))
    event_date = demo_window.store.events.get(original.event_id).date
    follow_up = event_date + timedelta(days=12)
    dialog.follow_up.check.setChecked(True)
    dialog.follow_up.edit.setDate(QDate(follow_up.year, follow_up.month, follow_up.day))
    dialog.satisfaction_combo.setCurrentText("满意")
    qtbot.mouseClick(dialog.published_check, Qt.MouseButton.LeftButton)
    click_save(dialog, qtbot)

    assert not dialog.isVisible()
    saved = demo_window.store.feedback.get(feedback_id)
    assert saved.status == "已办结"
    assert saved.reply == "已协调增加周末值班窗口。"
    assert saved.adopted is True
    assert saved.follow_up_date == follow_up
    assert saved.satisfaction == "满意"
    assert saved.published is (not original.published)
    assert saved.content == original.content
    row = tab.model.view_row_of(feedback_id)
    assert row is not None and tab.model.cell_text(row, COL_FEEDBACK_STATUS) == "已办结"


def test_new_feedback_from_a_listed_person(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(Event("开放日", date.today() - timedelta(days=3)))
        person_id = store.people.add(Person("王芳", category="群众代表", village="青石村"))
        store.invitations.invite(Invitation(event_id, person_id))
    empty_window.notify_changed("events")
    empty_window.tabs.setCurrentWidget(empty_window.feedback_tab)
    empty_window.add_action.trigger()
    dialog = empty_window.feedback_tab.active_dialog
    assert isinstance(dialog, FeedbackDialog)
    assert dialog.event_combo.currentData() == event_id
    assert dialog.person_combo.itemText(0) == ANONYMOUS
    dialog.person_combo.setCurrentIndex(dialog.person_combo.findData(person_id))
    type_text(dialog.content_edit, "希望村口路灯晚上多亮一小时。")
    dialog.category_combo.setCurrentText("基础设施")
    # The usual deadline is suggested but left unticked until the item is handed on.
    assert not dialog.deadline.check.isChecked()
    assert dialog.deadline.edit.date() > QDate.currentDate().addDays(-3)
    dialog.deadline.check.setChecked(True)
    dialog.deadline.edit.setDate(QDate.currentDate().addDays(-3))  # passed: overdue, 待交办
    click_save(dialog, qtbot)

    (item,) = store.feedback.list()
    assert (item.person_id, item.category, item.status) == (person_id, "基础设施", "待交办")
    model = empty_window.feedback_tab.model
    assert model.cell_text(0, COL_FEEDBACK_CONTENT) == "希望村口路灯晚上多亮一小时。"
    assert "逾期" in model.cell_text(0, COL_FEEDBACK_DEADLINE)
    color = model.data(model.index(0, COL_FEEDBACK_CONTENT), Qt.ItemDataRole.ForegroundRole)
    assert color == OVERDUE_COLOR
    assert "意见建议 1 条" in empty_window.counts_label.text()


def test_empty_content_is_refused(demo_window: MainWindow, qtbot: Any) -> None:
    demo_window.tabs.setCurrentWidget(demo_window.feedback_tab)
    demo_window.add_action.trigger()
    dialog = demo_window.feedback_tab.active_dialog
    assert isinstance(dialog, FeedbackDialog)
    click_save(dialog, qtbot)
    assert dialog.isVisible()
    assert "内容不能为空" in dialog.error_text("content")
    assert demo_window.store.feedback.count() == 20


def test_no_event_yet_explains_what_to_do(empty_window: MainWindow, messages_shown: Any) -> None:
    empty_window.tabs.setCurrentWidget(empty_window.feedback_tab)
    empty_window.add_action.trigger()
    assert empty_window.feedback_tab.active_dialog is None
    assert "请先" in messages_shown.texts("warning")[-1]


def test_switching_event_reloads_the_people_list(demo_window: MainWindow) -> None:
    demo_window.tabs.setCurrentWidget(demo_window.feedback_tab)
    demo_window.add_action.trigger()
    dialog = demo_window.feedback_tab.active_dialog
    assert isinstance(dialog, FeedbackDialog)
    counts = set()
    for index in range(dialog.event_combo.count()):
        dialog.event_combo.setCurrentIndex(index)
        event_id = dialog.event_combo.currentData()
        listed = len(demo_window.store.invitations.for_event(event_id))
        assert dialog.person_combo.count() == listed + 1
        counts.add(listed)
    assert len(counts) > 1
    dialog.reject()


def test_overdue_row_is_red_in_the_table(empty_window: MainWindow) -> None:
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(Event("开放日", date(2026, 1, 5)))
        store.feedback.add(Feedback(event_id, "甲", status="办理中", deadline=date(2000, 1, 1)))
        store.feedback.add(Feedback(event_id, "乙", status="已办结", deadline=date(2000, 1, 1)))
    empty_window.notify_changed("feedback")
    empty_window.tabs.setCurrentWidget(empty_window.feedback_tab)
    model = empty_window.feedback_tab.model
    colors = [model.data(model.index(r, 1), Qt.ItemDataRole.ForegroundRole) for r in range(2)]
    assert colors == [OVERDUE_COLOR, None]


def test_default_event_is_the_latest_held() -> None:
    events = [
        Event("下次", date(2026, 12, 1), id=3),
        Event("上次", date(2026, 6, 1), id=2),
        Event("去年", date(2025, 6, 1), id=1),
    ]
    assert default_event(events, date(2026, 7, 1)).id == 2  # type: ignore[union-attr]
    assert default_event(events[:1], date(2026, 7, 1)).id == 3  # type: ignore[union-attr]
    assert default_event([], date(2026, 7, 1)) is None


def test_rules_of_the_status_are_shown_next_to_the_fields(
    demo_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    demo_window.tabs.setCurrentWidget(demo_window.feedback_tab)
    demo_window.add_action.trigger()
    dialog = demo_window.feedback_tab.active_dialog
    assert isinstance(dialog, FeedbackDialog)
    type_text(dialog.content_edit, "建议增加公交班次。")
    dialog.status_combo.setCurrentText("办理中")
    dialog.unit_edit.clear()
    click_save(dialog, qtbot)
    assert dialog.isVisible()
    assert "责任单位" in dialog.error_text("responsible_unit")
    assert "办理时限" in dialog.error_text("deadline")
    assert demo_window.store.feedback.count() == 20

    type_text(dialog.unit_edit, "交通运输办")
    dialog.deadline.check.setChecked(True)
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    assert demo_window.store.feedback.count() == 21


def test_edit_offers_only_allowed_status_changes(empty_window: MainWindow) -> None:
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(Event("开放日", date(2026, 1, 5)))
        item_id = store.feedback.add(Feedback(event_id, "路灯", status="待交办"))
    empty_window.notify_changed("feedback")
    tab = empty_window.feedback_tab
    empty_window.tabs.setCurrentWidget(tab)
    tab.view.selectRow(0)
    tab.edit_selected()
    dialog = tab.active_dialog
    assert isinstance(dialog, FeedbackDialog) and dialog.feedback_id == item_id
    offered = [dialog.status_combo.itemText(i) for i in range(dialog.status_combo.count())]
    assert offered == ["待交办", "现场答复", "办理中"]
    dialog.reject()
