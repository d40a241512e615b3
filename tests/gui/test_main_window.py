"""The main window driven like a user: tabs, menus, search, delete, status bar, remembered state."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QToolButton

from openday_desktop.app import build_main_window
from openday_desktop.domain.search import name_search_keys
from openday_desktop.storage import open_store
from openday_desktop.ui.common.record_tab import RecordTab
from openday_desktop.ui.common.table_models import COL_PERSON_NAME
from openday_desktop.ui.main_window import MainWindow, default_size


def plain(text: str) -> str:
    """A menu text without its keyboard mnemonic: 文件(&F) -> 文件."""
    return re.sub(r"\(&.\)", "", text).replace("&", "")


def tool_button(tab: RecordTab, action: Any) -> QToolButton:
    button = tab.toolbar.widgetForAction(action)
    assert isinstance(button, QToolButton)
    return button


def visible_names(tab: RecordTab) -> list[str]:
    return [tab.model.cell_text(row, COL_PERSON_NAME) for row in range(tab.model.rowCount())]


def test_default_size_fits_small_screens() -> None:
    assert default_size(QSize(1920, 1040)) == QSize(1200, 760)
    assert default_size(QSize(1366, 728)).height() < 728


def test_tabs_have_names_titles_and_data_from_the_demo(demo_window: MainWindow) -> None:
    tabs = demo_window.tabs
    assert [tabs.widget(i).objectName() for i in range(3)] == [
        "eventsTab",
        "representativesTab",
        "feedbackTab",
    ]
    assert [tabs.tabText(i) for i in range(3)] == ["活动", "代表", "意见建议"]
    assert demo_window.events_tab.model.rowCount() == 3
    # The pool and the feedback list load only when their tab is first shown (start-up budget).
    assert not demo_window.representatives_tab.loaded
    assert not demo_window.feedback_tab.loaded
    tabs.setCurrentWidget(demo_window.feedback_tab)
    assert demo_window.feedback_tab.model.rowCount() == 20
    tabs.setCurrentWidget(demo_window.representatives_tab)
    assert demo_window.representatives_tab.loaded
    assert demo_window.representatives_tab.model.rowCount() == 80


def test_menus_and_shortcuts(demo_window: MainWindow) -> None:
    titles = [plain(action.text()) for action in demo_window.menuBar().actions()]
    assert titles == ["文件", "编辑", "跟踪", "活动", "导出", "帮助"]
    file_items = [plain(a.text()) for a in demo_window.file_menu.actions() if a.text()]
    assert file_items == [
        "打开数据库…",
        "导入名册…",
        "备份与恢复…",
        "操作记录…",
        "个人信息保存期限…",
        "设置…",
        "代表类别…",
        "退出",
    ]
    edit_items = [plain(a.text()) for a in demo_window.edit_menu.actions() if a.text()]
    assert edit_items == ["新增…", "修改…", "删除", "查找"]
    assert demo_window.open_action.shortcut() == QKeySequence("Ctrl+O")
    assert demo_window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert demo_window.add_action.shortcut() == QKeySequence("Ctrl+N")
    assert set(demo_window.edit_action.shortcuts()) == {QKeySequence("Ctrl+E"), QKeySequence("F2")}
    assert demo_window.delete_action.shortcut() == QKeySequence(Qt.Key.Key_Delete)
    assert demo_window.find_action.shortcut() == QKeySequence("Ctrl+F")
    assert demo_window.help_action.shortcut() == QKeySequence("F1")


def test_status_bar_shows_path_and_counts(demo_window: MainWindow, db_path: Path) -> None:
    assert str(db_path) in demo_window.path_label.text()
    assert demo_window.counts_label.text() == "活动 3 个 · 代表 80 人 · 意见建议 20 条"


def test_instant_search_filters_people_also_by_pinyin_initials(
    demo_window: MainWindow, qtbot: Any, type_text: Any
) -> None:
    tab = demo_window.representatives_tab
    demo_window.tabs.setCurrentWidget(tab)
    first = tab.model.cell_text(0, COL_PERSON_NAME)
    initials = name_search_keys(first)[1]  # e.g. 赵玉珍 -> zyz
    qtbot.keyClicks(tab.search_edit, initials)
    shown = visible_names(tab)
    assert first in shown
    assert 0 < len(shown) < 80
    assert "找到" in tab.count_label.text()
    tab.search_edit.clear()
    assert tab.model.rowCount() == 80
    type_text(tab.search_edit, first)
    assert set(visible_names(tab)) == {first}


def test_delete_asks_first(demo_window: MainWindow, qtbot: Any, messages_shown: Any) -> None:
    tab = demo_window.representatives_tab
    demo_window.tabs.setCurrentWidget(tab)
    name = tab.model.cell_text(0, COL_PERSON_NAME)
    person_id = tab.model.record_id(0)
    tab.view.selectRow(0)
    tab.view.setFocus()

    messages_shown.confirm_answer = False
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert name in messages_shown.texts("confirm")[-1]
    assert tab.model.view_row_of(person_id) == 0
    assert demo_window.store.people.count() == 80

    messages_shown.confirm_answer = True
    qtbot.mouseClick(tool_button(tab, tab.delete_action), Qt.MouseButton.LeftButton)
    assert len(messages_shown.texts("confirm")) == 2
    assert tab.model.view_row_of(person_id) is None
    assert demo_window.store.people.count() == 79
    assert "代表 79 人" in demo_window.counts_label.text()


def test_deleting_an_event_updates_feedback_tab(
    demo_window: MainWindow, messages_shown: Any
) -> None:
    tab = demo_window.events_tab
    demo_window.tabs.setCurrentWidget(demo_window.feedback_tab)
    demo_window.tabs.setCurrentWidget(tab)
    before = demo_window.feedback_tab.model.rowCount()
    # The past event holds the feedback; delete every event to be sure it went.
    tab.view.selectAll()
    messages_shown.confirm_answer = True
    demo_window.delete_action.trigger()
    assert tab.model.rowCount() == 0
    assert before > 0 and demo_window.feedback_tab.model.rowCount() == 0
    assert demo_window.counts_label.text() == "活动 0 个 · 代表 80 人 · 意见建议 0 条"


def test_ctrl_f_puts_cursor_in_search_box(demo_window: MainWindow, qtbot: Any) -> None:
    demo_window.activateWindow()
    demo_window.events_tab.view.setFocus()
    demo_window.find_action.trigger()
    assert QApplication.focusWidget() is demo_window.events_tab.search_edit


def test_edit_actions_follow_the_selection(demo_window: MainWindow) -> None:
    tab = demo_window.events_tab
    tab.view.clearSelection()
    assert not demo_window.edit_action.isEnabled()
    assert not tab.delete_action.isEnabled()
    tab.view.selectRow(0)
    assert demo_window.edit_action.isEnabled()
    assert tab.delete_action.isEnabled()


def test_window_remembers_tab_and_geometry(demo_store: Any, db_path: Path, qtbot: Any) -> None:
    first = build_main_window(db_path)
    qtbot.addWidget(first)
    assert first.size() == default_size(first.screen().availableGeometry().size())
    first.tabs.setCurrentIndex(2)
    first.resize(700, 500)
    first.close()

    second = build_main_window(db_path)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 2
    assert (second.width(), second.height()) == (700, 500)


def test_open_database_switches_every_tab(
    demo_window: MainWindow, tmp_path: Path, messages_shown: Any
) -> None:
    other = tmp_path / "other" / "second.db"
    store = open_store(other)
    store.close()
    messages_shown.open_answer = other
    demo_window.open_action.trigger()
    assert Path(demo_window.store.path) == other
    assert demo_window.events_tab.model.rowCount() == 0
    assert demo_window.feedback_tab.model.rowCount() == 0
    assert demo_window.counts_label.text() == "活动 0 个 · 代表 0 人 · 意见建议 0 条"
    assert "second.db" in demo_window.windowTitle()


def test_open_database_refuses_newer_file_and_keeps_the_current_one(
    demo_window: MainWindow, tmp_path: Path, messages_shown: Any
) -> None:
    newer = tmp_path / "newer.db"
    import sqlite3

    from openday_desktop.storage.files import APPLICATION_ID

    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = demo_window.store
    messages_shown.open_answer = newer
    demo_window.open_action.trigger()
    assert demo_window.store is before
    assert "更新版本" in messages_shown.texts("error")[-1]


def test_help_and_about(demo_window: MainWindow, messages_shown: Any) -> None:
    demo_window.help_action.trigger()
    dialog = demo_window._help_dialog
    assert dialog is not None and dialog.isVisible()
    assert "快捷键" in dialog.browser.toPlainText()  # type: ignore[attr-defined]
    demo_window.about_action.trigger()
    assert str(demo_window.store.path) in messages_shown.texts("about")[-1]


def test_extension_points(demo_window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel, QWidget

    menu = demo_window.add_menu("工具(&T)")
    titles = [plain(a.text()) for a in demo_window.menuBar().actions()]
    assert titles == ["文件", "编辑", "跟踪", "活动", "导出", "工具", "帮助"]
    assert menu is not None
    panel = QLabel("详情")
    demo_window.events_tab.add_side_panel(panel)
    assert demo_window.events_tab.splitter.indexOf(panel) == 1
    seen: list[str] = []
    demo_window.data_changed.connect(seen.append)
    demo_window.notify_changed("invitations")
    assert seen == ["invitations"]
    index = demo_window.add_tab(QWidget(), "统计")
    assert demo_window.tabs.tabText(index) == "统计"
    demo_window.tabs.setCurrentIndex(index)
    assert not demo_window.add_action.isEnabled()


def test_reopened_on_people_tab_paints_first_then_loads(
    demo_store: Any, db_path: Path, qtbot: Any
) -> None:
    first = build_main_window(db_path)
    qtbot.addWidget(first)
    first.tabs.setCurrentIndex(1)
    first.close()

    second = build_main_window(db_path)
    qtbot.addWidget(second)
    tab = second.representatives_tab
    assert second.tabs.currentWidget() is tab
    assert not tab.loaded  # the window can appear before 100,000 rows are read
    second.show()
    qtbot.waitUntil(lambda: tab.loaded, timeout=5000)
    assert tab.model.rowCount() == 80


def test_filtering_away_the_selection_disables_edit_and_delete(
    demo_window: MainWindow, qtbot: Any
) -> None:
    tab = demo_window.events_tab
    tab.view.selectRow(0)
    assert demo_window.delete_action.isEnabled()
    qtbot.keyClicks(tab.search_edit, "zzzz")
    assert tab.model.rowCount() == 0
    assert not demo_window.delete_action.isEnabled()
    assert not demo_window.edit_action.isEnabled()
