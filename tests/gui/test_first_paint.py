"""What the user sees first: the first tab painted with its rows, other tabs loaded later."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject

from openday_desktop.app import _quit_after_first_paint
from openday_desktop.ui.main_window import MainWindow, app_settings


class PaintCounter(QObject):
    def __init__(self, target: QObject) -> None:
        super().__init__(target)
        self.count = 0
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


class FakeApp:
    def __init__(self) -> None:
        self.quit_called = False
        self.exit_code: int | None = None

    def quit(self) -> None:
        self.quit_called = True

    def exit(self, code: int) -> None:
        self.exit_code = code


def test_smoke_test_quits_only_after_the_rows_were_painted(demo_store: Any, qtbot: Any) -> None:
    window = MainWindow(demo_store, owns_store=False)
    qtbot.addWidget(window)
    tab = window.events_tab
    assert window.current_record_tab() is tab and tab.model.rowCount() == 3
    paints = PaintCounter(tab.view.viewport())
    app = FakeApp()
    _quit_after_first_paint(window, app)  # type: ignore[arg-type]
    qtbot.wait(50)
    assert not app.quit_called  # not shown yet: nothing painted, no exit
    window.show()
    qtbot.waitUntil(lambda: app.quit_called, timeout=5000)
    assert paints.count >= 1


def test_only_the_first_tab_loads_before_the_window_appears(demo_store: Any, qtbot: Any) -> None:
    window = MainWindow(demo_store, owns_store=False)
    qtbot.addWidget(window)
    assert window.events_tab.loaded
    assert not window.feedback_tab.loaded and not window.representatives_tab.loaded
    # The status bar still warns about overdue suggestions, counted in the database.
    assert window.followup.overdue_label.text().count("条意见建议已逾期") == 1
    window.show()
    window.tabs.setCurrentWidget(window.feedback_tab)
    assert window.feedback_tab.loaded


def test_reopened_on_a_big_tab_it_loads_after_the_first_paint(demo_store: Any, qtbot: Any) -> None:
    settings = app_settings()
    settings.setValue("window/tab", 1)  # 代表
    settings.sync()
    window = MainWindow(demo_store, owns_store=False)
    qtbot.addWidget(window)
    tab = window.representatives_tab
    assert window.current_record_tab() is tab
    assert not tab.loaded
    qtbot.wait(30)
    assert not tab.loaded  # no timer fills it before the window is exposed
    paints = PaintCounter(window)
    window.show()
    qtbot.waitUntil(lambda: tab.loaded, timeout=5000)
    assert paints.count >= 1
    assert tab.model.rowCount() > 70


def test_a_big_table_is_read_off_the_gui_thread(
    demo_store: Any, qtbot: Any, monkeypatch: Any
) -> None:
    from openday_desktop.ui.common import record_tab

    monkeypatch.setattr(record_tab, "BACKGROUND_ROWS", 10)  # the demo's 80 people count as big
    window = MainWindow(demo_store, owns_store=False)
    qtbot.addWidget(window)
    window.show()
    tab = window.representatives_tab
    with qtbot.waitSignal(tab.loaded_in_background, timeout=10_000):
        window.tabs.setCurrentWidget(tab)
        assert not tab.loaded and tab.count_label.text() == "正在读取…"
    assert tab.loaded and tab.model.rowCount() == demo_store.people.count()
    assert tab.count_label.text() == f"共 {tab.model.rowCount()} 条"


def test_a_reload_wins_over_an_older_background_read(
    demo_store: Any, qtbot: Any, monkeypatch: Any
) -> None:
    from openday_desktop.ui.common import record_tab

    monkeypatch.setattr(record_tab, "BACKGROUND_ROWS", 10)
    window = MainWindow(demo_store, owns_store=False)
    qtbot.addWidget(window)
    window.show()
    tab = window.feedback_tab
    window.tabs.setCurrentWidget(tab)  # the read starts
    with demo_store.transaction():
        demo_store.feedback.delete(1)
    tab.reload()  # newer than what the worker reads
    assert tab.model.rowCount() == 19
    qtbot.wait(300)  # the worker's older result arrives and is dropped
    assert tab.model.rowCount() == 19


def test_start_up_chores_wait_until_the_first_paint_has_been_taken(
    demo_store: Any, qtbot: Any
) -> None:
    order: list[str] = []
    window = MainWindow(demo_store, owns_store=False)
    qtbot.addWidget(window)
    window.after_start_up(lambda: order.append("chore"))
    app = FakeApp()
    app.quit = lambda: order.append("first paint taken")  # type: ignore[method-assign]
    _quit_after_first_paint(window, app)  # type: ignore[arg-type]
    qtbot.wait(50)
    assert order == []  # nothing before the window is painted
    window.show()
    qtbot.waitUntil(lambda: len(order) == 2, timeout=5000)
    assert order == ["first paint taken", "chore"]
    window.after_start_up(lambda: order.append("late"))  # after start-up: runs at once
    assert order[-1] == "late"


def test_a_failed_start_up_chore_does_not_cost_the_others(
    demo_store: Any, qtbot: Any, monkeypatch: Any
) -> None:
    import sys

    from openday_desktop.ui import main_window

    reported: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: reported.append(value))
    monkeypatch.setattr(main_window, "START_UP_WORK_LATEST_MS", 50)
    window = MainWindow(demo_store, owns_store=False)
    qtbot.addWidget(window)
    done: list[str] = []

    def broken() -> None:
        raise RuntimeError("a chore that fails")

    window.after_start_up(broken)
    window.after_start_up(lambda: done.append("backup"))
    # Never shown (a window started minimized): the chores still run, after a while.
    qtbot.waitUntil(lambda: done == ["backup"], timeout=3000)
    assert [str(e) for e in reported] == ["a chore that fails"]
