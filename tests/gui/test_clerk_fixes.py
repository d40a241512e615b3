"""Small things a clerk meets: 新建活动 in the 活动 menu, every chart bar named, 提出人."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMenu

from openday_desktop.domain.models import Feedback, Person
from openday_desktop.ui.common.table_models import (
    COL_FEEDBACK_AUTHOR,
    FEEDBACK_COLUMNS,
    RecordTableModel,
    feedback_row,
)
from openday_desktop.ui.events.event_dialog import EventDialog
from openday_desktop.ui.main_window import MainWindow


def test_new_event_heads_the_event_menu(empty_window: MainWindow) -> None:
    menu = empty_window.findChild(QMenu, "eventMenu") or next(
        m for m in empty_window.findChildren(QMenu) if m.title() == "活动(&A)"
    )
    first = menu.actions()[0]
    assert first.text() == "新建活动(&N)…"
    empty_window.tabs.setCurrentIndex(1)
    first.trigger()
    assert empty_window.tabs.currentWidget() is empty_window.events_tab
    dialog = empty_window.events_tab.active_dialog
    assert isinstance(dialog, EventDialog) and dialog.isVisible()
    dialog.reject()


def test_category_chart_gives_every_bar_room_for_its_name(qtbot: Any) -> None:
    from openday_desktop.ui.common.charts import BarChart

    chart = BarChart("实到人员构成", horizontal=True)
    qtbot.addWidget(chart)
    names = [f"类别{chr(0x4E00 + i)}" for i in range(16)]
    chart.set_data(names, list(range(1, 17)))
    chart.resize(480, chart.minimumHeight())
    chart.show()
    qtbot.waitExposed(chart)
    line = QFontMetrics(chart.axis_categories.labelsFont()).height()
    # QtCharts hides every other name when a bar is thinner than a line of text.
    assert chart.chart().plotArea().height() / len(names) >= line


def test_feedback_table_shows_who_raised_it(empty_window: MainWindow) -> None:
    store = empty_window.store
    person_id = store.people.add(Person(name="赵新来", phone="13800130001"))
    raised = Feedback(event_id=1, content="路灯不亮", person_id=person_id, id=1)
    anonymous = Feedback(event_id=1, content="公厕太少", id=2)
    assert FEEDBACK_COLUMNS[COL_FEEDBACK_AUTHOR].title == "提出人"
    model = RecordTableModel(FEEDBACK_COLUMNS)
    model.set_rows(
        [
            feedback_row(item, {1: "开放日"}, date(2026, 6, 1), {person_id: "赵新来"})
            for item in (raised, anonymous)
        ]
    )
    assert model.cell_text(0, COL_FEEDBACK_AUTHOR) == "赵新来"
    assert model.cell_text(1, COL_FEEDBACK_AUTHOR) == "匿名"


def test_feedback_tab_fills_the_column(demo_window: MainWindow) -> None:
    tab = demo_window.feedback_tab
    demo_window.tabs.setCurrentWidget(tab)
    tab.ensure_loaded()
    store = demo_window.store
    expected = []
    for item in store.feedback.list():
        name = store.people.get(item.person_id).name if item.person_id is not None else "匿名"
        expected.append(name)
    shown = [tab.model.cell_text(row, COL_FEEDBACK_AUTHOR) for row in range(tab.model.rowCount())]
    assert sorted(shown) == sorted(expected)
    assert any(name != "匿名" for name in shown)
