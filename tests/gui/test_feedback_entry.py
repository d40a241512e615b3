"""The 意见建议 tab: fast keyboard entry of paper items, handling steps, overdue notice."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from openday_desktop.domain.models import Event, Feedback, Invitation, Person
from openday_desktop.domain.workdays import WorkCalendar
from openday_desktop.ui.common.form_dialog import from_qdate
from openday_desktop.ui.common.table_models import (
    COL_FEEDBACK_CONTENT,
    COL_FEEDBACK_STATUS,
    COL_FEEDBACK_UNIT,
)
from openday_desktop.ui.feedback import feedback_actions
from openday_desktop.ui.feedback.feedback_actions import (
    AssignDialog,
    CloseDialog,
    FollowUpDialog,
    ReplyDialog,
)
from openday_desktop.ui.feedback.feedback_entry import ListedPerson, resolve_person
from openday_desktop.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def add_event(window: MainWindow, on: date, people: tuple[str, ...] = ()) -> int:
    store = window.store
    with store.transaction():
        event_id = store.events.add(Event("开放日", on))
        for name in people:
            person_id = store.people.add(Person(name, category="群众代表", village="青石村"))
            store.invitations.invite(Invitation(event_id, person_id))
    window.notify_changed("events")
    return event_id


def open_feedback_tab(window: MainWindow, qtbot: Any) -> Any:
    tab = window.feedback_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.entry.loaded)
    return tab


def click_save(dialog: Any, qtbot: Any) -> None:
    qtbot.mouseClick(
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_typing_a_stack_of_items_keeps_event_and_category(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    held = date.today() - timedelta(days=3)
    add_event(empty_window, held - timedelta(days=30))
    event_id = add_event(empty_window, held, ("王芳", "李建国"))
    tab = open_feedback_tab(empty_window, qtbot)
    panel = tab.entry
    assert panel.event_id() == event_id  # the latest event already held
    panel.category_combo.setCurrentText("基础设施")

    type_text(panel.content_edit, "村口路灯坏了三盏。")
    qtbot.keyClick(panel.content_edit, Qt.Key.Key_Return, CTRL)
    assert panel.content_edit.toPlainText() == ""
    assert tab.model.rowCount() == 1  # the new row is there at once
    assert tab.model.cell_text(0, COL_FEEDBACK_CONTENT) == "村口路灯坏了三盏。"

    type_text(panel.person_edit, "王芳")
    type_text(panel.content_edit, "希望增设公交站台。")
    qtbot.keyClick(panel.content_edit, Qt.Key.Key_Enter, CTRL)

    type_text(panel.content_edit, "集市垃圾清运不及时。")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    items = empty_window.store.feedback.list()
    assert [i.content for i in items] == [
        "村口路灯坏了三盏。",
        "希望增设公交站台。",
        "集市垃圾清运不及时。",
    ]
    assert {i.event_id for i in items} == {event_id}
    assert {i.category for i in items} == {"基础设施"}
    assert {i.status for i in items} == {"待交办"}
    wang = next(p for p in empty_window.store.people.list() if p.name == "王芳")
    assert [i.person_id for i in items] == [None, wang.id, None]
    assert all(i.deadline is not None and i.deadline > held for i in items)
    # Event and category stay for the next paper form; content and person are cleared.
    assert panel.event_id() == event_id
    assert panel.category_combo.currentText() == "基础设施"
    assert panel.person_edit.text() == ""
    assert tab.model.rowCount() == 3
    assert tab.selected_ids() == [items[-1].id]
    assert "意见建议 3 条" in empty_window.counts_label.text()


def test_unknown_person_and_empty_content_are_refused(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    add_event(empty_window, date.today() - timedelta(days=1), ("王芳",))
    panel = open_feedback_tab(empty_window, qtbot).entry
    qtbot.keyClick(panel.content_edit, Qt.Key.Key_Return, CTRL)
    assert "内容不能为空" in panel.error_text()
    type_text(panel.person_edit, "赵六")
    type_text(panel.content_edit, "道路积水。")
    qtbot.keyClick(panel.content_edit, Qt.Key.Key_Return, CTRL)
    assert "不在这次活动的名单中" in panel.error_text()
    assert panel.content_edit.toPlainText() == "道路积水。"  # nothing typed is lost
    assert empty_window.store.feedback.count() == 0


def test_resolve_person_accepts_label_unique_name_or_anonymous() -> None:
    people = [
        ListedPerson(1, "王芳", "王芳（群众代表，青石村）"),
        ListedPerson(2, "李明", "李明（人大代表）"),
        ListedPerson(3, "李明", "李明（企业代表）"),
    ]
    assert resolve_person("", people) is None
    assert resolve_person("匿名", people) is None
    assert resolve_person("王芳", people) == 1
    assert resolve_person("李明（企业代表）", people) == 3
    with pytest.raises(Exception, match="2位“李明”"):
        resolve_person("李明", people)


class FixedDay(date):
    """date with today() pinned, so the suggested deadline does not depend on the run date."""

    @classmethod
    def today(cls) -> FixedDay:
        return cls(2026, 12, 20)


def test_assign_prefills_a_deadline_in_working_days(
    empty_window: MainWindow, qtbot: Any, type_text: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feedback_actions, "date", FixedDay)
    store = empty_window.store
    # 2027 is past the built-in tables: the office entered New Year's Day off (Fri-Sun).
    with store.transaction():
        store.calendar.set_days({date(2027, 1, d): "holiday" for d in (1, 2, 3)})
    event_id = add_event(empty_window, date(2026, 12, 28))  # a Monday
    with store.transaction():
        item_id = store.feedback.add(Feedback(event_id, "建议修缮文化站屋顶。"))
    empty_window.notify_changed("feedback")
    tab = open_feedback_tab(empty_window, qtbot)
    tab.select_ids([item_id])
    assert tab.handling_actions["assign"].isEnabled()
    assert not tab.handling_actions["close"].isEnabled()  # 待交办 cannot be closed yet
    tab.handling_actions["assign"].trigger()
    dialog = tab.handling_dialog
    assert isinstance(dialog, AssignDialog)
    # 10 working days after Mon 28 Dec, skipping the weekends and 1 Jan: Tue 12 Jan 2027
    # (Monday 11 Jan if the holiday were ignored).
    assert dialog.deadline() == date(2027, 1, 12)
    assert (
        WorkCalendar(store.calendar.days()).workdays_between(date(2026, 12, 28), date(2027, 1, 12))
        == 10
    )
    assert "第 10 个工作日" in dialog.deadline_hint.text()

    click_save(dialog, qtbot)
    assert "责任单位" in dialog.error_text()  # the domain rule, in Chinese
    assert store.feedback.get(item_id).status == "待交办"

    type_text(dialog.unit_edit, "镇文化站")
    type_text(dialog.person_edit, "周敏")
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    saved = store.feedback.get(item_id)
    assert (saved.status, saved.responsible_unit, saved.responsible_person) == (
        "办理中",
        "镇文化站",
        "周敏",
    )
    assert saved.deadline == date(2027, 1, 12)
    row = tab.model.view_row_of(item_id)
    assert row is not None
    assert tab.model.cell_text(row, COL_FEEDBACK_STATUS) == "办理中"
    assert tab.model.cell_text(row, COL_FEEDBACK_UNIT) == "镇文化站"


def test_reply_close_follow_up_and_publish(
    empty_window: MainWindow, qtbot: Any, type_text: Any, messages_shown: Any
) -> None:
    store = empty_window.store
    held = date.today() - timedelta(days=5)
    event_id = add_event(empty_window, held)
    with store.transaction():
        item_id = store.feedback.add(
            Feedback(
                event_id,
                "路面坑洼。",
                status="办理中",
                responsible_unit="村镇建设办",
                deadline=date.today() + timedelta(days=10),
            )
        )
        waiting_id = store.feedback.add(Feedback(event_id, "增设路灯。"))
    empty_window.notify_changed("feedback")
    tab = open_feedback_tab(empty_window, qtbot)

    tab.select_ids([item_id])
    tab.handling_actions["reply"].trigger()
    dialog = tab.handling_dialog
    assert isinstance(dialog, ReplyDialog)
    type_text(dialog.reply_edit, "已安排下月修补。")
    dialog.adopted_combo.setCurrentIndex(dialog.adopted_combo.findText("采纳"))
    replied_on = held + timedelta(days=1)
    dialog.reply_date_edit.setDate(QDate(replied_on.year, replied_on.month, replied_on.day))
    click_save(dialog, qtbot)
    assert (store.feedback.get(item_id).status, store.feedback.get(item_id).adopted) == (
        "已答复",
        True,
    )
    assert store.feedback.get(item_id).reply_date == replied_on

    tab.handling_actions["close"].trigger()
    dialog = tab.handling_dialog
    assert isinstance(dialog, CloseDialog)
    assert dialog.reply_edit.toPlainText() == "已安排下月修补。"
    type_text(dialog.rectification_edit, "已修补完毕。")
    assert from_qdate(dialog.completed_edit.date()) == date.today()  # the usual: closed today
    click_save(dialog, qtbot)
    closed = store.feedback.get(item_id)
    assert (closed.status, closed.rectification) == ("已办结", "已修补完毕。")
    assert closed.completed_date == date.today() and closed.on_time is True

    tab.handling_actions["follow_up"].trigger()
    dialog = tab.handling_dialog
    assert isinstance(dialog, FollowUpDialog)
    dialog.date_edit.setDate(QDate(held.year, held.month, held.day).addDays(3))
    dialog.satisfaction_combo.setCurrentText("比较满意")
    dialog.method_combo.setCurrentText("上门")
    type_text(dialog.notes_edit, "提出人说路修好了。")
    click_save(dialog, qtbot)
    followed = store.feedback.get(item_id)
    assert (followed.follow_up_date, followed.satisfaction) == (
        held + timedelta(days=3),
        "比较满意",
    )
    assert (followed.follow_up_method, followed.follow_up_notes) == ("上门", "提出人说路修好了。")

    tab.handling_actions["publish"].trigger()
    assert store.feedback.get(item_id).published
    assert store.feedback.get(item_id).published_date == date.today()

    # An unanswered item cannot be published: the button is off, and the rule says why.
    tab.select_ids([waiting_id])
    assert not tab.handling_actions["publish"].isEnabled()
    tab.publish_selected()
    assert "还没有答复" in messages_shown.texts("warning")[-1]
    assert not store.feedback.get(waiting_id).published


def test_several_items_are_handled_together_or_not_at_all(
    empty_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    store = empty_window.store
    event_id = add_event(empty_window, date.today() - timedelta(days=2))
    with store.transaction():
        ids = [store.feedback.add(Feedback(event_id, f"第{i}条。")) for i in range(3)]
    empty_window.notify_changed("feedback")
    tab = open_feedback_tab(empty_window, qtbot)
    tab.select_ids(ids)
    tab.handling_actions["assign"].trigger()
    dialog = tab.handling_dialog
    assert isinstance(dialog, AssignDialog)
    type_text(dialog.unit_edit, "党政办")
    click_save(dialog, qtbot)
    assert {store.feedback.get(i).status for i in ids} == {"办理中"}
    assert {store.feedback.get(i).responsible_unit for i in ids} == {"党政办"}


def test_overdue_items_are_announced_without_a_box(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any
) -> None:
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(Event("开放日", date(2026, 1, 5)))
        store.feedback.add(Feedback(event_id, "甲", status="办理中", deadline=date(2026, 1, 9)))
        store.feedback.add(Feedback(event_id, "乙", status="待交办", deadline=date(2026, 1, 9)))
        store.feedback.add(Feedback(event_id, "丙", status="已办结", deadline=date(2026, 1, 9)))
    from openday_desktop.app import build_main_window

    empty_window.close()  # one window per database: the reopened window takes the lock
    window = build_main_window(store.path)
    qtbot.addWidget(window)
    window.show()
    label = window.followup.overdue_label
    assert label.isVisible() and "2 条意见建议已逾期" in label.text()
    assert messages_shown.shown == []  # nothing modal at start
    tab = window.feedback_tab
    label.linkActivated.emit("overdue")
    assert window.tabs.currentWidget() is tab
    assert tab.overdue_count == 2
    assert tab.banner.isVisible() and "<b>2</b>" in tab.banner.text()
    assert tab.model.rowCount() == 2  # filtered to the overdue ones


def test_deleting_an_overdue_item_updates_the_overdue_count(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any
) -> None:
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(Event("开放日", date(2026, 1, 5)))
        first = store.feedback.add(
            Feedback(event_id, "甲", status="办理中", deadline=date(2026, 1, 9))
        )
        store.feedback.add(Feedback(event_id, "乙", status="办理中", deadline=date(2026, 1, 9)))
    empty_window.notify_changed("feedback")
    tab = open_feedback_tab(empty_window, qtbot)
    assert tab.overdue_count == 2
    tab.select_ids([first])
    messages_shown.confirm_answer = True
    tab.delete_selected()
    assert tab.overdue_count == 1
    assert "<b>1</b>" in tab.banner.text()
    assert "1 条意见建议已逾期" in empty_window.followup.overdue_label.text()
