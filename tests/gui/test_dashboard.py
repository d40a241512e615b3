"""The 概览 tab: built lazily, the same figures as year_stats, charts with the right bars."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from openday_desktop.domain.models import Event, Feedback
from openday_desktop.storage.statistics import (
    compliance,
    dashboard_due_items,
    overdue_feedback,
    year_stats,
)
from openday_desktop.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]


def show_dashboard(window: MainWindow, qtbot: Any) -> Any:
    host = window.followup.dashboard
    window.followup.dashboard_action.trigger()
    assert window.tabs.currentWidget() is host
    qtbot.waitUntil(lambda: host.view is not None, timeout=5000)
    qtbot.waitUntil(lambda: host.view.charts_ready, timeout=5000)  # a turn after the cards
    return host.view


def test_tab_is_named_and_built_only_when_shown(demo_window: MainWindow, qtbot: Any) -> None:
    host = demo_window.followup.dashboard
    assert host.objectName() == "dashboardTab"
    assert demo_window.tabs.tabText(demo_window.tabs.indexOf(host)) == "概览"
    assert host.view is None
    view = show_dashboard(demo_window, qtbot)
    assert view.isVisible()


def test_figures_are_those_of_year_stats(demo_window: MainWindow, qtbot: Any) -> None:
    from openday_desktop.ui.dashboard.dashboard import card_values

    store = demo_window.store
    view = show_dashboard(demo_window, qtbot)
    year = view.year()
    assert year == date.today().year
    expected = year_stats(store, year)
    shown = {key: view.card_text(key) for key in card_values(expected)}
    assert shown == card_values(expected)
    assert shown["present"] == f"{expected.present} 人"
    assert view.compliance_label.text() == compliance(store, year).describe()

    # Another year from the selector: the figures follow.
    years = [view.year_combo.itemData(i) for i in range(view.year_combo.count())]
    other = next((y for y in years if y != year), None)
    if other is not None:
        view.year_combo.setCurrentIndex(view.year_combo.findData(other))
        assert {k: view.card_text(k) for k in shown} == card_values(year_stats(store, other))


def test_charts_have_one_bar_per_category_and_status(demo_window: MainWindow, qtbot: Any) -> None:
    view = show_dashboard(demo_window, qtbot)
    stats = year_stats(demo_window.store, view.year())
    categories = view.category_chart.bars()
    assert categories == [(name, float(n)) for name, n in stats.by_category.items()]
    statuses = view.status_chart.bars()
    assert [label for label, _ in statuses] == ["现场答复", "待交办", "办理中", "已答复", "已办结"]
    assert [value for _, value in statuses] == [float(n) for n in stats.feedback_by_status.values()]
    assert sum(value for _, value in statuses) == stats.feedback_total


def test_lists_of_due_and_overdue_items(demo_window: MainWindow, qtbot: Any) -> None:
    store = demo_window.store
    view = show_dashboard(demo_window, qtbot)
    assert view.due_model.rowCount() == len(dashboard_due_items(store))
    overdue = overdue_feedback(store)
    assert view.overdue_model.rowCount() == len(overdue)
    assert f"（{len(overdue)} 条）" in view.overdue_box.title()
    upcoming = [view.upcoming_model.cell_text(r, 1) for r in range(view.upcoming_model.rowCount())]
    assert upcoming and all(title for title in upcoming)
    if overdue:
        view.overdue_view.doubleClicked.emit(view.overdue_model.index(0, 0))
        assert demo_window.tabs.currentWidget() is demo_window.feedback_tab
        assert demo_window.feedback_tab.selected_ids() == [overdue[0].id]


def test_refreshes_when_data_changes(empty_window: MainWindow, qtbot: Any, type_text: Any) -> None:
    store = empty_window.store
    with store.transaction():
        event_id = store.events.add(Event("开放日", date.today() - timedelta(days=1)))
        store.feedback.add(Feedback(event_id, "甲"))
    empty_window.notify_changed("events")
    view = show_dashboard(empty_window, qtbot)
    assert view.card_text("feedback_total") == "1 条"
    assert view.status_chart.bars()[1] == ("待交办", 1.0)

    # Typed in on the 意见建议 tab while the dashboard waits in the background.
    tab = empty_window.feedback_tab
    empty_window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.entry.loaded)
    type_text(tab.entry.content_edit, "乙")
    qtbot.keyClick(tab.entry.content_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert store.feedback.count() == 2
    empty_window.followup.dashboard_action.trigger()
    assert view.card_text("feedback_total") == "2 条"
    assert view.status_chart.bars()[1] == ("待交办", 2.0)


def test_empty_database_shows_dashes_not_errors(empty_window: MainWindow, qtbot: Any) -> None:
    view = show_dashboard(empty_window, qtbot)
    assert view.card_text("attendance_rate") == "—"
    assert view.card_text("satisfaction_rate") == "—"
    assert view.category_chart.bars() == []
    assert not view.calendar_banner.isVisible()


def test_switching_database_refreshes_and_closes_follow_up_dialogs(
    demo_window: MainWindow, qtbot: Any, tmp_path: Path, messages_shown: Any
) -> None:
    from openday_desktop.storage import open_store

    view = show_dashboard(demo_window, qtbot)
    demo_window.followup.questionnaire_action.trigger()
    assert demo_window.followup.questionnaire_dialog is not None
    other = tmp_path / "other.db"
    open_store(other).close()
    messages_shown.open_answer = other
    demo_window.open_action.trigger()
    assert demo_window.followup.questionnaire_dialog is None
    assert view.card_text("feedback_total") == "0 条"
    assert not demo_window.followup.overdue_label.isVisible()


def test_at_district_scale_the_figures_are_read_off_the_gui_thread(
    demo_window: MainWindow, qtbot: Any, monkeypatch: Any
) -> None:
    import threading

    from openday_desktop.ui.dashboard import dashboard
    from openday_desktop.ui.dashboard.dashboard import card_values

    monkeypatch.setattr(dashboard, "BACKGROUND_ROWS", 1)  # the demo counts as a district
    threads: list[str] = []

    def counting_year_stats(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return year_stats(*args)

    monkeypatch.setattr(dashboard, "year_stats", counting_year_stats)
    store = demo_window.store
    view = show_dashboard(demo_window, qtbot)
    qtbot.waitUntil(lambda: bool(threads) and not view.busy_label.isVisible(), timeout=10_000)
    assert threads[0].startswith("background-read")  # not the GUI thread
    expected = year_stats(store, view.year())
    assert {key: view.card_text(key) for key in card_values(expected)} == card_values(expected)
    assert view.due_model.rowCount() == len(dashboard_due_items(store))
    assert view.overdue_model.rowCount() == len(overdue_feedback(store))


def test_a_chart_jumps_from_empty_to_district_counts_at_once(qtbot: Any) -> None:
    import time

    from openday_desktop.ui.common.charts import BarChart

    chart = BarChart("实到人数")
    qtbot.addWidget(chart)
    chart.show()
    chart.set_data([], [])  # tick step 1
    start = time.perf_counter()
    chart.set_data(["群众代表", "人大代表"], [84_000, 5_000])
    qtbot.wait(10)
    assert time.perf_counter() - start < 2.0  # not one tick per unit up to 100,000
    assert chart.bars() == [("群众代表", 84_000.0), ("人大代表", 5_000.0)]


def test_charts_come_after_the_cards_one_per_turn(
    demo_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cards and lists are built first; each chart (and QtCharts) in a later turn."""
    from openday_desktop.ui.dashboard.dashboard import DashboardView

    turns: list[tuple[bool, bool]] = []  # which charts existed as each turn began
    build_one = DashboardView._build_next_chart

    def recorded(view: DashboardView) -> None:
        turns.append((view.category_chart is not None, view.status_chart is not None))
        build_one(view)

    monkeypatch.setattr(DashboardView, "_build_next_chart", recorded)
    host = demo_window.followup.dashboard
    demo_window.followup.dashboard_action.trigger()
    view = host.ensure_built()
    assert view.category_chart is None and view.status_chart is None
    assert view.card_text("events")  # the cards are there already
    qtbot.waitUntil(lambda: view.charts_ready, timeout=5000)
    assert turns == [(False, False), (True, False)]  # the second chart in a turn of its own
    stats = year_stats(demo_window.store, view.year())
    assert view.category_chart is not None and view.status_chart is not None
    assert view.category_chart.bars() == [(c, float(n)) for c, n in stats.by_category.items()]
    assert sum(v for _, v in view.status_chart.bars()) == stats.feedback_total
