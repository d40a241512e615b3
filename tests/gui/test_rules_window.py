"""The rules in the window: visiting groups in the list window, attendance in the rule panel,
the yearly rule and the held events' checks on the dashboard."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from openday_desktop.domain.checks import MIN_PER_SITE, PRESENT_CITIZEN_SHARE
from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    INV_APPROVED,
    Event,
    Person,
    Site,
)
from openday_desktop.services.events import change_status, create_event
from openday_desktop.ui.main_window import MainWindow
from openday_desktop.ui.representatives.group_dialog import GroupDialog
from openday_desktop.ui.representatives.selection_window import COL_SEL_GROUP, SelectionWindow


def _event_with_list(window: MainWindow, day: date, people: int = 31, citizens: int = 11) -> int:
    store = window.store
    event_id = create_event(
        store,
        Event("分组开放日", day, sites=[Site("便民服务中心"), Site("水利工程")]),
        today=day - timedelta(days=40),
    )
    ids = [
        store.people.add(
            Person(
                f"代表{index:02d}",
                category="群众代表" if index < citizens else "人大代表",
                birth_date=date(1980, 1, 1),
            )
        )
        for index in range(people)
    ]
    with store.transaction():
        store.invitations.invite_many(event_id, ids, status=INV_APPROVED)
    window.events_tab.reload()
    return event_id


def _open_list(window: MainWindow, event_id: int, qtbot: Any) -> SelectionWindow:
    tab = window.events_tab
    window.tabs.setCurrentWidget(tab)
    tab.select_ids([event_id])
    button = tab.toolbar.widgetForAction(window.selection_tools.selection_action)
    assert isinstance(button, QToolButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    selection = window.selection_tools.selection_windows[event_id]
    assert selection.isVisible()
    return selection


def _click(qtbot: Any, widget: Any) -> None:
    assert widget.isEnabled(), widget.text()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _make_group(dialog: GroupDialog, qtbot: Any, type_text: Any, name: str, keep_site: str) -> None:
    dialog.name_edit.clear()
    type_text(dialog.name_edit, name)
    _click(qtbot, dialog.add_button)
    assert dialog.current_group() is not None and dialog.current_group().name == name  # type: ignore[union-attr]
    for row in range(dialog.route_list.count()):
        item = dialog.route_list.item(row)
        wanted = Qt.CheckState.Checked if item.text() == keep_site else Qt.CheckState.Unchecked
        item.setCheckState(wanted)
    _click(qtbot, dialog.route_button)


def test_one_route_then_two_groups_in_the_window(
    empty_window: MainWindow, qtbot: Any, messages_shown: Any, type_text: Any
) -> None:
    event_id = _event_with_list(empty_window, date.today() + timedelta(days=30))
    selection = _open_list(empty_window, event_id, qtbot)
    # 31 people walk both sites: no per-site problem.
    assert MIN_PER_SITE not in selection.rule_panel.problem_codes()
    assert "便民服务中心 31人；水利工程 31人" in selection.rule_panel.counts_label.text()

    button = selection.toolbar.widgetForAction(selection.group_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = selection.group_dialog
    assert isinstance(dialog, GroupDialog) and dialog.isVisible()
    assert "目前未分组 31 人" in dialog.intro_label.text()

    ids = [selection.model.record_id(row) for row in range(selection.model.rowCount())]
    _make_group(dialog, qtbot, type_text, "第一组", "便民服务中心")
    selection.select_ids(ids[:15])
    assert dialog.assign_button.text() == "把名单中选中的 15 人分到“第一组”"
    _click(qtbot, dialog.assign_button)
    _make_group(dialog, qtbot, type_text, "第二组", "水利工程")
    selection.select_ids(ids[15:])
    _click(qtbot, dialog.assign_button)
    assert not messages_shown.texts("warning")

    problems = [
        text for text in selection.rule_panel.problem_texts() if "每个开放点至少需20人" in text
    ]
    assert problems == [
        "• 开放点“便民服务中心”当前参观15人，每个开放点至少需20人，还差5人。",
        "• 开放点“水利工程”当前参观16人，每个开放点至少需20人，还差4人。",
    ]
    assert selection.rule_panel.problem_codes().count(MIN_PER_SITE) == 2
    groups = {
        selection.model.cell_text(r, COL_SEL_GROUP) for r in range(selection.model.rowCount())
    }
    assert groups == {"第一组", "第二组"}
    assert dialog.group_list.item(0).text() == "第一组（15人）：便民服务中心"

    # A group without sites is refused with the reason, nothing changes.
    for row in range(dialog.route_list.count()):
        dialog.route_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    _click(qtbot, dialog.route_button)
    assert "至少要有一个开放点" in messages_shown.texts("warning")[-1]
    assert dialog.group_list.item(1).text() == "第二组（16人）：水利工程"

    # Deleting both groups brings back the single route: the problem goes.
    messages_shown.confirm_answer = True
    for _ in range(2):
        _click(qtbot, dialog.delete_button)
    assert MIN_PER_SITE not in selection.rule_panel.problem_codes()


def test_held_event_with_absent_citizens_shows_the_attendance_rule(
    empty_window: MainWindow, qtbot: Any
) -> None:
    day = date.today() - timedelta(days=3)
    event_id = _event_with_list(empty_window, day)
    store = empty_window.store
    with store.transaction():
        for invitation, person in store.invitations.for_event(event_id):
            invitation.attendance = (
                ATTENDANCE_ABSENT if person.category == "群众代表" else ATTENDANCE_PRESENT
            )
            store.invitations.update(invitation)
    change_status(store, event_id, "已举办", day)
    selection = _open_list(empty_window, event_id, qtbot)
    panel = selection.rule_panel
    assert panel.problem_codes() == [PRESENT_CITIZEN_SHARE]
    lines = panel.summary_label.text().splitlines()
    assert lines[0].startswith("✔ 名单符合全部规则：共31人，群众代表11人")
    assert lines[1] == "✘ 实到 20 人，有 1 项不符合规则"
    assert (
        "实到人员中群众代表应不少于总人数的三分之一：共20人，至少需7人，实到0人"
        in (panel.problem_texts()[0])
    )
    assert "便民服务中心 31人（实到20）" in panel.counts_label.text()


def test_dashboard_shows_the_june_and_december_rule_failing(
    empty_window: MainWindow, qtbot: Any
) -> None:
    store = empty_window.store
    year = date.today().year - 1
    for month in (3, 4):
        day = date(year, month, 10)
        event_id = create_event(store, Event(f"{month}月开放日", day, sites=[Site("中心")]))
        change_status(store, event_id, "已举办", day)
    store.settings.set_many({"events_per_year": 2, "event_periods": "6月、12月"})
    host = empty_window.followup.dashboard
    empty_window.followup.dashboard_action.trigger()
    qtbot.waitUntil(lambda: host.view is not None, timeout=5000)
    view = host.view
    assert view is not None
    view.year_combo.setCurrentIndex(view.year_combo.findData(year))
    qtbot.waitUntil(lambda: "6月、12月还没有举办" in view.compliance_label.text(), timeout=5000)
    assert view.compliance_label.text() == (
        f"{year}年应举办2次（6月、12月各至少1次），已举办2次（3月、4月），6月、12月还没有举办。"
    )
    from openday_desktop.ui.dashboard.dashboard import NOT_MET_STYLE

    assert view.compliance_label.styleSheet() == NOT_MET_STYLE
    assert "规则检查（已举办2次）：名单符合规则0次，实到人员符合规则0次。" in (
        view.rules_label.text()
    )
