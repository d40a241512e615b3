"""名单与遴选 driven like a user: the pool picker, status steps, quotas, live rules, recommendation."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from openday_desktop.domain.checks import CITIZEN_SHARE, MIN_PER_SITE, QUOTA
from openday_desktop.domain.models import (
    ATTENDANCE_PRESENT,
    INV_APPROVED,
    INV_PUBLISHED,
    INV_REGISTERED,
    Event,
    Invitation,
    Person,
    Site,
)
from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.representatives.pool_picker import (
    COL_PICK_CATEGORY,
    COL_PICK_NAME,
    COL_PICK_VILLAGE,
    PoolPickerDialog,
)
from openday_desktop.ui.representatives.recommend_dialog import RecommendDialog
from openday_desktop.ui.representatives.selection_window import (
    COL_SEL_ATTENDANCE,
    COL_SEL_NAME,
    COL_SEL_REVIEW,
    COL_SEL_STATUS,
    SelectionWindow,
)

CITIZENS = [
    "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴敏", "徐强", "孙悦",
    "胡军", "朱琳", "高峰", "林涛", "何欢", "郭亮", "马超", "罗婷", "梁晨", "宋佳", "郑凯",
]  # fmt: skip
DEPUTIES = ["李建国", "刘德明", "钱学林"]


def make_id(birth: date, sequence: int) -> str:
    """A checksum-valid ID number for a birth date."""
    from stdnum.cn import ric

    body = f"330682{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def fill_pool(window: MainWindow) -> tuple[int, dict[str, int]]:
    """An event with one open site, 22 citizens in 青石村 and 3 deputies in 白沙村."""
    store = window.store
    people: dict[str, int] = {}
    with store.transaction():
        event_id = store.events.add(
            Event(
                title="测试开放日",
                date=date.today() + timedelta(days=30),
                sites=[Site("镇便民服务中心")],
            )
        )
        for number, name in enumerate(CITIZENS + DEPUTIES, start=1):
            deputy = name in DEPUTIES
            person = Person(
                name=name,
                category="人大代表" if deputy else "群众代表",
                id_number=make_id(date(1970 + number % 30, 1 + number % 12, 10), number),
                phone=f"1380000{number:04d}",
                village="白沙村" if deputy else "青石村",
                unit="镇人大" if deputy else "村民",
            )
            people[name] = store.people.add(person)
    window.events_tab.reload()
    return event_id, people


def open_selection(window: MainWindow, event_id: int, qtbot: Any) -> SelectionWindow:
    """Select the event in the 活动 tab and click 名单与遴选."""
    tab = window.events_tab
    window.tabs.setCurrentWidget(tab)
    tab.select_ids([event_id])
    action = window.selection_tools.selection_action
    assert action.isEnabled()
    button = tab.toolbar.widgetForAction(action)
    assert isinstance(button, QToolButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    selection = window.selection_tools.selection_windows[event_id]
    assert selection.isVisible()
    return selection


def names_in(selection: SelectionWindow) -> list[str]:
    model = selection.model
    return [model.cell_text(row, COL_SEL_NAME) for row in range(model.rowCount())]


def row_of(selection: SelectionWindow, name: str) -> int:
    return names_in(selection).index(name)


def select_names(selection: SelectionWindow, *names: str) -> None:
    model = selection.model
    rows = [r for r in range(model.rowCount()) if model.cell_text(r, COL_SEL_NAME) in names]
    selection.select_ids([model.record_id(r) for r in rows])


def select_rows(picker: PoolPickerDialog, rows: range) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection = QItemSelection()
    last = picker.model.columnCount() - 1
    for row in rows:
        selection.select(picker.model.index(row, 0), picker.model.index(row, last))
    picker.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def invite(window: MainWindow, event_id: int, people: dict[str, int], *names: str) -> None:
    with window.store.transaction():
        window.store.invitations.invite_many(
            event_id, [people[n] for n in names], status=INV_REGISTERED
        )


@pytest.fixture
def pool(empty_window: MainWindow) -> tuple[MainWindow, int, dict[str, int]]:
    event_id, people = fill_pool(empty_window)
    return empty_window, event_id, people


def test_action_needs_a_selected_event_and_opens_one_window_per_event(
    pool: Any, qtbot: Any, messages_shown: Any
) -> None:
    window, event_id, _ = pool
    window.events_tab.view.clearSelection()
    assert not window.selection_tools.selection_action.isEnabled()
    assert window.selection_tools.open_selection() is None
    assert "选中一个活动" in messages_shown.texts("warning")[-1]
    first = open_selection(window, event_id, qtbot)
    assert window.selection_tools.open_selection(event_id) is first
    assert first.windowTitle() == "名单与遴选 - 测试开放日"
    # The events table offers it in its context menu too.
    assert window.selection_tools.selection_action in window.events_tab.view.actions()


def test_adding_from_the_pool_updates_the_rule_panel_live(
    pool: Any, qtbot: Any, type_text: Any
) -> None:
    window, event_id, people = pool
    selection = open_selection(window, event_id, qtbot)
    assert selection.model.rowCount() == 0
    assert selection.rule_panel.problem_codes() == [MIN_PER_SITE]
    assert "至少需20人" in selection.rule_panel.problem_texts()[0]
    assert "当前0人" in selection.rule_panel.problem_texts()[0]

    selection.add_action.trigger()
    picker = selection.picker
    assert isinstance(picker, PoolPickerDialog) and picker.isVisible()
    assert picker.model.rowCount() == 25
    # Pinyin initials find 王芳; the category and village filters narrow the pool.
    type_text(picker.search_edit, "wf")
    assert [picker.model.cell_text(r, COL_PICK_NAME) for r in range(picker.model.rowCount())] == [
        "王芳"
    ]
    picker.search_edit.clear()
    picker.category_combo.setCurrentIndex(picker.category_combo.findData("人大代表"))
    assert picker.model.rowCount() == 3
    picker.category_combo.setCurrentIndex(0)
    picker.village_combo.setCurrentIndex(picker.village_combo.findData("青石村"))
    assert picker.model.rowCount() == 22
    assert {picker.model.cell_text(r, COL_PICK_VILLAGE) for r in range(22)} == {"青石村"}

    # 19 people: still one short.
    select_rows(picker, range(19))
    assert picker.add_button.text() == "加入名单（19人）"
    qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    assert selection.model.rowCount() == 19
    assert "还差1人" in selection.rule_panel.problem_texts()[0]
    assert picker.status_label.text().startswith("已加入名单19人")

    # Everyone listed is grey and cannot be picked again: each person at most once.
    picker.view.selectAll()
    assert len(picker.selected_ids()) == 3
    assert picker.model.is_listed(0)
    qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    assert selection.model.rowCount() == 22
    assert selection.rule_panel.problem_codes() == []
    assert selection.rule_panel.summary_label.text().startswith("✔ 名单符合全部规则")
    # The verdict shows its figures, not just a tick.
    assert "共22人" in selection.rule_panel.summary_label.text()
    assert "群众代表" in selection.rule_panel.summary_label.text()
    assert "2e7d32" in selection.rule_panel.summary_label.styleSheet()
    assert picker.add_selected() == []
    assert len(window.store.invitations.for_event(event_id)) == 22

    # The deputies too: everyone in the pool is on the list now.
    picker.village_combo.setCurrentIndex(0)
    picker.category_combo.setCurrentIndex(picker.category_combo.findData("人大代表"))
    assert picker.model.cell_text(0, COL_PICK_CATEGORY) == "人大代表"
    picker.view.selectAll()
    assert len(picker.add_selected()) == 3
    assert selection.model.rowCount() == 25
    assert selection.rule_panel.problem_codes() == []  # 22 of 25 are citizens


def test_citizen_share_problem_names_its_numbers(pool: Any, qtbot: Any) -> None:
    window, event_id, people = pool
    invite(window, event_id, people, "王芳", *DEPUTIES)
    selection = open_selection(window, event_id, qtbot)
    assert selection.rule_panel.problem_codes() == [MIN_PER_SITE, CITIZEN_SHARE]
    text = selection.rule_panel.problem_texts()[1]
    assert "共4人" in text and "至少需2人" in text and "当前1人" in text


def test_status_steps_and_refusals_in_chinese(pool: Any, qtbot: Any, messages_shown: Any) -> None:
    window, event_id, people = pool
    invite(window, event_id, people, "王芳", "张伟", "刘洋")
    selection = open_selection(window, event_id, qtbot)
    select_names(selection, "王芳")
    assert selection.status_actions[INV_APPROVED].isEnabled()
    assert not selection.status_actions[INV_PUBLISHED].isEnabled()  # 已报名 -> 已公示: no

    selection.status_actions[INV_APPROVED].trigger()
    assert selection.model.cell_text(row_of(selection, "王芳"), COL_SEL_STATUS) == INV_APPROVED
    assert "已把 1 人的状态改为“审核通过”" in selection.message_label.text()

    # 王芳 may be published, 张伟 (still 已报名) may not: nothing changes, the reason is shown.
    select_names(selection, "王芳", "张伟")
    assert selection.status_actions[INV_PUBLISHED].isEnabled()
    assert not selection.set_status(INV_PUBLISHED)
    warning = messages_shown.texts("warning")[-1]
    assert "张伟" in warning and "不能从“已报名”直接改为“已公示”" in warning
    assert "没有修改任何人的状态" in warning
    statuses = {p.name: i.status for i, p in window.store.invitations.for_event(event_id)}
    assert statuses == {"王芳": INV_APPROVED, "张伟": INV_REGISTERED, "刘洋": INV_REGISTERED}

    # Rejected people stop counting: 3 -> 2 on the rule panel.
    select_names(selection, "刘洋")
    selection.status_actions["未通过"].trigger()
    assert selection.rule_panel.result.total == 2
    assert (
        selection.model.data(
            selection.model.index(row_of(selection, "刘洋"), 0), Qt.ItemDataRole.ForegroundRole
        )
        is not None
    )  # shown in grey
    selection.history_panel.remark_edit.setText("非本镇常住人口")
    qtbot.mouseClick(selection.history_panel.remark_button, Qt.MouseButton.LeftButton)
    assert selection.model.cell_text(row_of(selection, "刘洋"), COL_SEL_REVIEW) == "非本镇常住人口"


def move_to(window: MainWindow, event_id: int, day: date) -> None:
    """Put the event on ``day`` (test set-up: the lifecycle stays 筹备中)."""
    store = window.store
    event = store.events.get(event_id)
    event.date = day
    with store.transaction():
        store.events.update(event)


def test_sign_in_absent_and_undo_from_the_list(pool: Any, qtbot: Any, messages_shown: Any) -> None:
    window, event_id, people = pool
    invite(window, event_id, people, "王芳", "张伟")
    selection = open_selection(window, event_id, qtbot)
    select_names(selection, "王芳")
    # A month ahead nobody can have come: refused with the reason, nothing recorded.
    assert selection.sign_in_selected() == 0
    assert "还没到签到的日子" in messages_shown.texts("warning")[-1]
    assert not selection.model.cell_text(row_of(selection, "王芳"), COL_SEL_ATTENDANCE)
    move_to(window, event_id, date.today())
    selection.refresh()
    select_names(selection, "王芳")
    assert selection.sign_in_selected() == 1
    cell = selection.model.cell_text(row_of(selection, "王芳"), COL_SEL_ATTENDANCE)
    assert cell.startswith(ATTENDANCE_PRESENT)
    select_names(selection, "张伟")
    selection.absent_action.trigger()
    assert selection.model.cell_text(row_of(selection, "张伟"), COL_SEL_ATTENDANCE) == "缺席"
    selection.clear_action.trigger()
    assert selection.model.cell_text(row_of(selection, "张伟"), COL_SEL_ATTENDANCE) == ""
    assert "已签到 1" in selection.rule_panel.counts_label.text()


def test_attendance_after_the_day_is_an_explicit_backfill(
    pool: Any, qtbot: Any, messages_shown: Any
) -> None:
    window, event_id, people = pool
    invite(window, event_id, people, "王芳", "张伟")
    move_to(window, event_id, date.today() - timedelta(days=3))
    selection = open_selection(window, event_id, qtbot)
    select_names(selection, "王芳")
    messages_shown.confirm_answer = False  # the clerk declines the 补录: nothing happens
    assert selection.sign_in_selected() == 0
    assert "补录" in messages_shown.texts("confirm")[-1]
    assert window.store.invitations.get(event_id, people["王芳"]).attendance == ""
    messages_shown.confirm_answer = True
    assert selection.sign_in_selected() == 1
    stored = window.store.invitations.get(event_id, people["王芳"])
    assert stored is not None and stored.attendance == ATTENDANCE_PRESENT
    assert stored.signed_in_at is None and stored.recorded_by
    assert stored.recorded_at is not None and stored.recorded_at.date() == date.today()


def test_archived_list_is_read_only_in_the_window(pool: Any, qtbot: Any) -> None:
    window, event_id, people = pool
    invite(window, event_id, people, "王芳")
    day = date.today() - timedelta(days=10)
    move_to(window, event_id, day)
    from openday_desktop.services.events import change_status

    change_status(window.store, event_id, "已归档", day)
    selection = open_selection(window, event_id, qtbot)
    select_names(selection, "王芳")
    assert "已归档" in selection.frozen_label.text() and selection.frozen_label.isVisibleTo(
        selection
    )
    for action in (
        selection.add_action,
        selection.recommend_action,
        selection.signin_action,
        selection.remove_action,
        selection.signin_mode_action,
        *selection.status_actions.values(),
    ):
        assert not action.isEnabled()
    assert not selection.quota_editor.isEnabled()


def test_remove_from_list_asks_first(pool: Any, qtbot: Any, messages_shown: Any) -> None:
    window, event_id, people = pool
    invite(window, event_id, people, "王芳", "张伟")
    selection = open_selection(window, event_id, qtbot)
    select_names(selection, "张伟")
    messages_shown.confirm_answer = False
    assert not selection.remove_selected()
    assert selection.model.rowCount() == 2
    messages_shown.confirm_answer = True
    # Del in the list removes from the list; it must not reach the main window's 删除.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is selection)
    qtbot.keyClick(selection.view, Qt.Key.Key_Delete)
    assert names_in(selection) == ["王芳"]
    assert window.store.people.count() == 25  # still in the pool


def test_quotas_are_saved_and_checked(pool: Any, qtbot: Any) -> None:
    window, event_id, people = pool
    invite(window, event_id, people, "李建国")
    selection = open_selection(window, event_id, qtbot)
    spin = selection.quota_editor.spins["人大代表"]
    assert spin.specialValueText() == "不限" and spin.value() == 0
    spin.setValue(3)
    assert window.store.events.quotas(event_id) == {"人大代表": 3}
    quota_lines = [t for t in selection.rule_panel.problem_texts() if "人大代表名额" in t]
    assert quota_lines == ["• 人大代表名额3人，当前1人，还差2人。"]
    assert QUOTA in selection.rule_panel.problem_codes()
    assert selection.quota_editor.count_labels["人大代表"].text() == "已有 1"
    spin.setValue(1)
    assert QUOTA not in selection.rule_panel.problem_codes()
    spin.setValue(0)
    assert window.store.events.quotas(event_id) == {}


def test_recommend_fills_open_quotas_by_rotation_and_keeps_only_ticked(
    pool: Any, qtbot: Any, messages_shown: Any
) -> None:
    window, event_id, people = pool
    store = window.store
    with store.transaction():
        past = store.events.add(
            Event(title="上次开放日", date=date.today() - timedelta(days=90), sites=[Site("大厅")])
        )
        store.invitations.invite(
            Invitation(
                event_id=past,
                person_id=people["刘德明"],
                attendance=ATTENDANCE_PRESENT,
                signed_in_at=datetime.combine(
                    date.today() - timedelta(days=90), datetime.min.time()
                ),
            )
        )
    selection = open_selection(window, event_id, qtbot)
    assert selection.recommend() is None
    assert "还没有设置各类别名额" in messages_shown.texts("info")[-1]

    selection.quota_editor.spins["人大代表"].setValue(2)
    dialog = selection.recommend()
    assert isinstance(dialog, RecommendDialog) and dialog.isVisible()
    # The two who never came are proposed before the one who came last time.
    assert dialog.proposed_names("人大代表") == ["李建国", "钱学林"]
    first = dialog.person_items()[0]
    reason = dialog.model.itemFromIndex(first.index().siblingAtColumn(4)).text()
    assert reason == "从未参加过开放日"
    first.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.ok_button.text() == "加入名单（1人）"
    dialog.ok_button.click()
    assert names_in(selection) == ["钱学林"]
    assert "人大代表名额2人，当前1人，还差1人" in " ".join(selection.rule_panel.problem_texts())

    # The selected person's history: 刘德明 came to the past event.
    invite(window, event_id, people, "刘德明")
    selection.refresh()
    select_names(selection, "刘德明")
    assert "参加过开放日 1 次" in selection.history_panel.summary_label.text()
    assert "上次开放日" in selection.history_panel.events_label.text()


def test_selection_window_follows_changes_made_elsewhere(pool: Any, qtbot: Any) -> None:
    window, event_id, people = pool
    selection = open_selection(window, event_id, qtbot)
    invite(window, event_id, people, "王芳")
    window.notify_changed("invitations")
    assert names_in(selection) == ["王芳"]
    with window.store.transaction():
        window.store.events.delete(event_id)
    window.notify_changed("events")
    qtbot.waitUntil(lambda: event_id not in window.selection_tools.selection_windows)


def test_a_district_pool_is_read_off_the_gui_thread_for_picker_and_recommend(
    pool: Any, qtbot: Any, monkeypatch: Any
) -> None:
    from openday_desktop.ui.representatives import pool_picker, selection_window

    # The test pool counts as a district: both read in a worker thread.
    monkeypatch.setattr(pool_picker, "BACKGROUND_ROWS", 1)
    monkeypatch.setattr(selection_window, "BACKGROUND_ROWS", 1)
    window, event_id, _people = pool
    selection = open_selection(window, event_id, qtbot)
    picker = selection.open_pool_picker()
    assert isinstance(picker, PoolPickerDialog)
    qtbot.waitUntil(lambda: picker.model.total_count == window.store.people.count(), timeout=10_000)
    assert picker.category_combo.count() > 1 and picker.village_combo.count() > 1
    picker.close()

    selection.quota_editor.spins["人大代表"].setValue(2)
    assert selection.recommend() is None  # the dialog comes when the worker is done
    assert "正在按配额" in selection.message_label.text()
    qtbot.waitUntil(lambda: isinstance(selection.recommend_dialog, RecommendDialog), timeout=10_000)
    assert len(selection.recommend_dialog.proposed_names("人大代表")) == 2


def test_a_long_list_is_read_and_changed_off_the_gui_thread(
    pool: Any, qtbot: Any, monkeypatch: Any, messages_shown: Any
) -> None:
    """With the threshold lowered, three people take the district path: the list is read in a
    worker with a note meanwhile, 审核通过 is written by a worker and patches only the rows
    that moved (no reset, no re-reading), the selection stays, the rules follow."""
    from openday_desktop.ui.representatives import selection_window as module

    monkeypatch.setattr(module, "LIST_BACKGROUND_ROWS", 2)
    window, event_id, people = pool
    invite(window, event_id, people, "王芳", "张伟", "刘洋")
    selection = open_selection(window, event_id, qtbot)
    assert selection.loading
    assert "正在读取名单" in selection.count_label.text()
    qtbot.waitUntil(lambda: not selection.loading, timeout=10_000)
    assert sorted(names_in(selection)) == sorted(["王芳", "张伟", "刘洋"])
    assert selection.rule_panel.result.total == 3

    reads: list[int] = []
    original = module.read_list
    monkeypatch.setattr(module, "read_list", lambda *a: reads.append(1) or original(*a))
    resets: list[int] = []
    selection.model.modelReset.connect(lambda: resets.append(1))
    select_names(selection, "王芳", "张伟")
    assert selection.set_status(INV_APPROVED)
    assert selection.loading and "正在把 2 人的状态改为“审核通过”" in selection.message_label.text()
    qtbot.waitUntil(lambda: not selection.loading, timeout=10_000)
    shown = {
        selection.model.cell_text(r, COL_SEL_NAME): selection.model.cell_text(r, COL_SEL_STATUS)
        for r in range(selection.model.rowCount())
    }
    assert shown == {"王芳": INV_APPROVED, "张伟": INV_APPROVED, "刘洋": INV_REGISTERED}
    stored = {p.name: i.status for i, p in window.store.invitations.for_event(event_id)}
    assert stored == shown
    assert not reads and not resets  # patched in place, not reloaded
    assert {selection.model.cell_text(selection.model.view_row_of(i) or 0, COL_SEL_NAME)
            for i in selection.selected_ids()} == {"王芳", "张伟"}  # fmt: skip
    assert "已把 2 人的状态改为“审核通过”" in selection.message_label.text()
    selection.search_edit.setText(INV_APPROVED)  # the search follows the new status
    assert selection.model.visible_count == 2
    selection.search_edit.setText("wangfang")  # and the name's pinyin, as before
    assert names_in(selection) == ["王芳"]
    selection.search_edit.clear()

    # A refused step of many: nothing changes, the reason is shown, the list is read again.
    select_names(selection, "王芳", "刘洋")
    assert selection.set_status(INV_PUBLISHED)
    qtbot.waitUntil(lambda: not selection.loading, timeout=10_000)
    warning = messages_shown.texts("warning")[-1]
    assert "刘洋" in warning and "没有修改任何人的状态" in warning
    stored = {p.name: i.status for i, p in window.store.invitations.for_event(event_id)}
    assert stored == {"王芳": INV_APPROVED, "张伟": INV_APPROVED, "刘洋": INV_REGISTERED}
