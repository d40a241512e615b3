"""签到模式, 现场登记 with a 身份证号: checked, age on the event day, pool person reused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from stdnum.cn import ric

from openday_desktop.domain.models import ATTENDANCE_PRESENT, INV_CONFIRMED, Event, Invitation
from openday_desktop.domain.models import Person as PoolPerson
from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.representatives.signin_mode import SignInWindow


def id_number(birth: date, sequence: str = "123") -> str:
    """A valid 18-digit ID number for someone born on ``birth`` (odd sequence: male)."""
    body = f"110101{birth:%Y%m%d}{sequence}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def signin(empty_window: MainWindow) -> SignInWindow:
    """Today's event with one confirmed person, and its sign-in desk."""
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(Event(title="今天的开放日", date=date.today()))
        person_id = store.people.add(PoolPerson(name="王芳", phone="13800138000"))
        store.invitations.invite(
            Invitation(event_id=event_id, person_id=person_id, status=INV_CONFIRMED)
        )
    window = empty_window.selection_tools.open_signin(event_id)
    assert isinstance(window, SignInWindow)
    return window


def fill_walk_in(
    signin: SignInWindow, qtbot: Any, type_text: Any, name: str, number: str, phone: str = ""
) -> None:
    """Open 现场登记 with F2 and type the fields; the last Enter submits."""
    qtbot.keyClick(signin.input, Qt.Key.Key_F2)
    form = signin.walk_in_form
    assert form.isVisible() and form.id_edit.isVisible()
    form.name_edit.clear()
    type_text(form.name_edit, name)
    if phone:
        form.phone_edit.setFocus()
        qtbot.keyClicks(form.phone_edit, phone)
    form.id_edit.setFocus()
    qtbot.keyClicks(form.id_edit, number)
    qtbot.keyClick(form.id_edit, Qt.Key.Key_Return)


def people_named(window: MainWindow, name: str) -> list[PoolPerson]:
    return [p for p in window.store.people.list() if p.name == name]


def test_a_wrong_id_number_is_refused_in_the_form(
    empty_window: MainWindow, signin: SignInWindow, qtbot: Any, type_text: Any
) -> None:
    count = empty_window.store.people.count()
    good = id_number(date(1985, 3, 4))
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    fill_walk_in(signin, qtbot, type_text, "孙七", wrong)
    form = signin.walk_in_form
    assert form.isVisible()
    assert "校验位" in form.error_label.text()
    assert form.id_edit.hasFocus()
    assert empty_window.store.people.count() == count


def test_someone_under_the_minimum_age_on_the_event_day_is_refused(
    empty_window: MainWindow, signin: SignInWindow, qtbot: Any, type_text: Any
) -> None:
    count = empty_window.store.people.count()
    today = date.today()
    # Turns 18 tomorrow: still 17 on the day of the event.
    birth = date(today.year - 18, today.month, today.day) + timedelta(days=1)
    fill_walk_in(signin, qtbot, type_text, "小明", id_number(birth))
    form = signin.walk_in_form
    assert form.isVisible()
    message = form.error_label.text()
    assert "小明" in message and "17周岁" in message and "未满18周岁" in message
    assert empty_window.store.people.count() == count
    assert signin.counter_label.text() == "已签到 0 / 应到 1"

    # One day older is fine: registered with the birth date and sex from the number.
    form.id_edit.clear()
    adult = birth - timedelta(days=1)
    qtbot.keyClicks(form.id_edit, id_number(adult, "124"))
    qtbot.keyClick(form.id_edit, Qt.Key.Key_Return)
    assert not form.isVisible()
    (person,) = people_named(empty_window, "小明")
    assert (person.id_number, person.birth_date, person.sex) == (
        id_number(adult, "124"),
        adult,
        "女",
    )
    assert signin.counter_label.text() == "已签到 1 / 应到 2"


def test_a_pool_person_with_the_same_id_number_is_reused(
    empty_window: MainWindow, signin: SignInWindow, qtbot: Any, type_text: Any
) -> None:
    store = empty_window.store
    number = id_number(date(1970, 5, 6))
    with store.transaction():
        store.people.add(PoolPerson(name="周八", id_number=number, village="青石村"))
    count = store.people.count()

    # The number belongs to 周八: another name is not silently accepted.
    fill_walk_in(signin, qtbot, type_text, "周捌", number.lower())
    form = signin.walk_in_form
    assert "周八" in form.error_label.text() and "不一致" in form.error_label.text()
    assert store.people.count() == count

    form.name_edit.clear()
    type_text(form.name_edit, "周八")
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)
    assert not form.isVisible()
    assert "周八" in signin.result_label.text() and "现场登记" in signin.result_label.text()
    assert store.people.count() == count  # no second 周八
    entries = {p.name: i for i, p in store.invitations.for_event(signin.event_id)}
    assert entries["周八"].attendance == ATTENDANCE_PRESENT and entries["周八"].walk_in


def test_a_pool_person_found_by_name_and_phone_gets_the_id_number(
    empty_window: MainWindow, signin: SignInWindow, qtbot: Any, type_text: Any
) -> None:
    store = empty_window.store
    with store.transaction():
        store.people.add(PoolPerson(name="吴九", phone="13312345678"))
    count = store.people.count()
    number = id_number(date(1990, 1, 2), "135")
    fill_walk_in(signin, qtbot, type_text, "吴九", number, phone="133-1234-5678")
    assert not signin.walk_in_form.isVisible()
    assert store.people.count() == count
    (person,) = people_named(empty_window, "吴九")
    assert (person.id_number, person.birth_date, person.sex) == (number, date(1990, 1, 2), "男")


def test_an_id_number_typed_in_the_search_box_lands_in_the_id_field(
    signin: SignInWindow, qtbot: Any
) -> None:
    number = id_number(date(1980, 7, 8))
    qtbot.keyClicks(signin.input, number)
    qtbot.keyClick(signin.input, Qt.Key.Key_Return)
    assert "没有找到" in signin.result_label.text()
    qtbot.keyClick(signin.input, Qt.Key.Key_Return)
    form = signin.walk_in_form
    assert form.id_edit.text() == number
    assert form.phone_edit.text() == "" and form.name_edit.text() == ""
