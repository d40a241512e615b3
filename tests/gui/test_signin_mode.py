"""签到模式 with the keyboard alone: phone endings, pinyin initials, choosing, walk-ins, Esc."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from openday_desktop.domain.models import (
    ATTENDANCE_PRESENT,
    INV_CONFIRMED,
    INV_REJECTED,
    Event,
    Invitation,
    Person,
    Site,
)
from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.representatives.signin_mode import SignInWindow

PEOPLE = [
    # name, phone, status
    ("王芳", "13800138000", INV_CONFIRMED),
    ("王飞", "13900135678", INV_CONFIRMED),
    ("李建国", "13700131234", INV_CONFIRMED),
    ("赵敏", "13600139999", INV_REJECTED),
]


@pytest.fixture
def desk(empty_window: MainWindow, qtbot: Any) -> tuple[MainWindow, SignInWindow, int]:
    """An event today with four people on its list, and its sign-in window (opened from the
    活动 menu with nothing selected: today's event is chosen)."""
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(
            Event(title="今天的开放日", date=date.today(), sites=[Site("镇便民服务中心")])
        )
        for name, phone, status in PEOPLE:
            person_id = store.people.add(Person(name=name, phone=phone, village="青石村"))
            store.invitations.invite(
                Invitation(event_id=event_id, person_id=person_id, status=status)
            )
    empty_window.events_tab.reload()
    empty_window.events_tab.view.clearSelection()
    action = empty_window.selection_tools.signin_action
    assert action in empty_window.selection_tools.event_menu().actions()
    action.trigger()
    window = empty_window.selection_tools.signin_windows[event_id]
    assert window.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return empty_window, window, event_id


def enter(qtbot: Any, widget: Any, text: str = "") -> None:
    if text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def attendance(window: MainWindow, event_id: int) -> dict[str, str]:
    return {p.name: i.attendance for i, p in window.store.invitations.for_event(event_id)}


def test_large_text_and_counter(desk: Any) -> None:
    _, signin, _ = desk
    assert signin.input.font().pointSize() >= 20
    assert signin.result_label.font().pointSize() >= 20
    assert signin.counter_label.text() == "已签到 0 / 应到 3"  # the rejected one is not expected
    assert signin.input.hasFocus()


def test_last_four_phone_digits_sign_in_with_the_time(desk: Any, qtbot: Any) -> None:
    main, signin, event_id = desk
    enter(qtbot, signin.input, "5678")
    assert attendance(main, event_id)["王飞"] == ATTENDANCE_PRESENT
    assert "王飞" in signin.result_label.text() and "签到成功" in signin.result_label.text()
    assert "2e7d32" in signin.result_label.styleSheet()
    assert signin.counter_label.text() == "已签到 1 / 应到 3"
    assert signin.input.text() == "" and signin.input.hasFocus()  # ready for the next person
    invitation = next(i for i, p in main.store.invitations.for_event(event_id) if p.name == "王飞")
    assert invitation.signed_in_at is not None
    assert invitation.signed_in_at.date() == date.today()
    # Twice: the first time stays, and the desk says so.
    enter(qtbot, signin.input, "5678")
    assert "已于" in signin.result_label.text()
    assert signin.counter_label.text() == "已签到 1 / 应到 3"


def test_initials_with_one_match_sign_in_directly(desk: Any, qtbot: Any) -> None:
    main, signin, event_id = desk
    enter(qtbot, signin.input, "ljg")
    assert attendance(main, event_id)["李建国"] == ATTENDANCE_PRESENT
    assert not signin.matches_shown()
    assert "李建国" in signin.recent_label.text()


def test_several_matches_are_picked_with_arrow_keys(desk: Any, qtbot: Any) -> None:
    main, signin, event_id = desk
    enter(qtbot, signin.input, "wf")
    assert signin.matches_shown()
    names = signin.entry_names()
    assert [n.split("　")[0] for n in names] == ["王芳", "王飞"]
    assert "尾号8000" in names[0]
    assert signin.match_list.hasFocus()
    assert attendance(main, event_id)["王芳"] == ""
    qtbot.keyClick(signin.match_list, Qt.Key.Key_Down)
    qtbot.keyClick(signin.match_list, Qt.Key.Key_Return)
    assert attendance(main, event_id) == {
        "王芳": "",
        "王飞": ATTENDANCE_PRESENT,
        "李建国": "",
        "赵敏": "",
    }
    assert not signin.matches_shown()
    assert signin.input.hasFocus()


def test_esc_closes_the_list_then_asks_before_closing_the_window(
    desk: Any, qtbot: Any, messages_shown: Any
) -> None:
    main, signin, event_id = desk
    enter(qtbot, signin.input, "wf")
    qtbot.keyClick(signin.match_list, Qt.Key.Key_Escape)
    assert not signin.matches_shown()
    assert signin.isVisible()
    assert signin.input.hasFocus()
    messages_shown.confirm_answer = False  # pressed by reflex: stay
    qtbot.keyClick(signin.input, Qt.Key.Key_Escape)
    assert "退出签到模式吗" in messages_shown.texts("confirm")[-1]
    assert signin.isVisible()
    messages_shown.confirm_answer = True
    qtbot.keyClick(signin.input, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: event_id not in main.selection_tools.signin_windows)


def test_rejected_person_is_told_why(desk: Any, qtbot: Any) -> None:
    main, signin, event_id = desk
    enter(qtbot, signin.input, "9999")
    assert "未通过" in signin.result_label.text()
    assert attendance(main, event_id)["赵敏"] == ""


def test_too_few_digits_asks_for_more(desk: Any, qtbot: Any) -> None:
    _, signin, _ = desk
    enter(qtbot, signin.input, "56")
    assert "后3位" in signin.result_label.text()


def test_nobody_found_then_walk_in_with_the_keyboard(desk: Any, qtbot: Any, type_text: Any) -> None:
    main, signin, event_id = desk
    people_before = main.store.people.count()
    type_text(signin.input, "孙七")
    qtbot.keyClick(signin.input, Qt.Key.Key_Return)
    assert "没有找到“孙七”" in signin.result_label.text()
    assert not signin.walk_in_form.isVisible()
    qtbot.keyClick(signin.input, Qt.Key.Key_Return)  # Enter again: 现场登记
    form = signin.walk_in_form
    assert form.isVisible()
    assert form.name_edit.text() == "孙七" and form.name_edit.hasFocus()
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Escape)  # changed my mind: back to the input
    assert not form.isVisible() and signin.isVisible() and signin.input.hasFocus()
    qtbot.keyClick(signin.input, Qt.Key.Key_F2)
    assert form.isVisible() and form.name_edit.text() == "孙七"

    # A bad phone is refused in the form; nothing is stored.
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.phone_edit, "12345")
    qtbot.keyClick(form.phone_edit, Qt.Key.Key_Return)
    assert form.error_label.isVisibleTo(form)
    assert "手机号" in form.error_label.text() or "电话" in form.error_label.text()
    assert main.store.people.count() == people_before

    form.phone_edit.clear()
    qtbot.keyClicks(form.phone_edit, "13512345678")
    form.village_edit.setFocus()
    type_text(form.village_edit, "白沙村")
    qtbot.keyClick(form.village_edit, Qt.Key.Key_Return)
    assert not form.isVisible()
    assert "孙七" in signin.result_label.text() and "现场登记" in signin.result_label.text()
    assert main.store.people.count() == people_before + 1
    invitation, person = next(
        (i, p) for i, p in main.store.invitations.for_event(event_id) if p.name == "孙七"
    )
    assert invitation.walk_in and invitation.attendance == ATTENDANCE_PRESENT
    assert (person.phone, person.village, person.category) == ("13512345678", "白沙村", "群众代表")
    assert signin.counter_label.text() == "已签到 1 / 应到 4"
    # The walk-in is on the list now: typing them again finds them, already signed in.
    enter(qtbot, signin.input, "sq")
    assert "孙七 已于" in signin.result_label.text()
    # Their phone ends like 王飞's: both are offered.
    enter(qtbot, signin.input, "5678")
    assert [n.split("　")[0] for n in signin.entry_names()] == ["王飞", "孙七"]


def test_walk_in_known_to_the_pool_is_not_duplicated(desk: Any, qtbot: Any) -> None:
    main, signin, event_id = desk
    with main.store.transaction():
        main.store.people.add(Person(name="周八", phone="13312345678"))
    count = main.store.people.count()
    kinds: list[str] = []
    signin.changed.connect(kinds.append)
    signin.input.setText("周八")
    signin.open_walk_in()
    signin.walk_in_form.phone_edit.setText("133 1234 5678")
    assert signin.register_walk_in() is not None
    assert main.store.people.count() == count
    assert kinds == ["invitations"]  # the pool did not change: its table is not reloaded
    assert attendance(main, event_id)["周八"] == ATTENDANCE_PRESENT


def test_signing_in_updates_an_open_selection_window(desk: Any, qtbot: Any) -> None:
    main, signin, event_id = desk
    selection = main.selection_tools.open_selection(event_id)
    assert selection is not None
    assert "已签到" not in selection.rule_panel.counts_label.text()
    signin.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is signin)
    enter(qtbot, signin.input, "8000")
    assert "已签到 1" in selection.rule_panel.counts_label.text()
    # And the selection window's 签到模式 brings the same desk back.
    selection.signin_mode_action.trigger()
    assert main.selection_tools.signin_windows[event_id] is signin


def test_no_event_selected_and_none_today(empty_window: MainWindow, messages_shown: Any) -> None:
    assert empty_window.selection_tools.open_signin() is None
    assert "选中一个活动" in messages_shown.texts("warning")[-1]
