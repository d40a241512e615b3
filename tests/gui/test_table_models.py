"""The table model on its own: rows, filter, sort, updates. No widgets are created."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt

from openday_desktop.domain.models import Event, Feedback, Site
from openday_desktop.domain.search import name_search_keys, search_text
from openday_desktop.storage.rows import PersonRow
from openday_desktop.ui.common.table_models import (
    COL_EVENT_SITES,
    COL_EVENT_TIME,
    COL_FEEDBACK_DEADLINE,
    COL_PERSON_NAME,
    COL_PERSON_PHONE,
    EVENT_COLUMNS,
    FEEDBACK_COLUMNS,
    FEEDBACK_OVERDUE_FIELD,
    OVERDUE_COLOR,
    PERSON_COLUMNS,
    RecordTableModel,
    event_row,
    feedback_row,
)


def person(pid: int, name: str, phone: str = "", village: str = "") -> PersonRow:
    """A row as PersonRepository.table_rows() builds it."""
    pinyin, initials = name_search_keys(name)
    return PersonRow(
        id=pid,
        name=name,
        sex="男",
        birth_date=None,
        phone=phone,
        id_number="",
        unit="",
        village=village,
        category="群众代表",
        source="公开报名",
        notes="",
        haystack=search_text(name, pinyin, initials, "", phone, "", village, "群众代表"),
    )


def people_model() -> RecordTableModel:
    model = RecordTableModel(PERSON_COLUMNS)
    model.set_rows(
        [
            person(1, "王芳", "13800001111", "青石村"),
            person(2, "李建国", "13900002222", "柳塘村"),
            person(3, "王福来", "13700003333", "青石村"),
            person(4, "张秀英", "13600004444", "南河村"),
        ]
    )
    return model


def names(model: RecordTableModel) -> list[str]:
    return [model.cell_text(row, COL_PERSON_NAME) for row in range(model.rowCount())]


def test_set_rows_shows_every_row_and_column() -> None:
    model = people_model()
    assert model.rowCount() == 4
    assert model.columnCount() == len(PERSON_COLUMNS) == 9
    assert model.headerData(COL_PERSON_NAME, Qt.Orientation.Horizontal) == "姓名"
    index = model.index(1, COL_PERSON_PHONE)
    assert model.data(index) == "13900002222"
    assert model.record_id(1) == 2
    assert model.data(model.index(0, 2)) == ""  # birth date None shows empty


def test_filter_by_name_pinyin_initials_and_several_terms() -> None:
    model = people_model()
    model.set_filter("wf")
    assert names(model) == ["王芳", "王福来"]  # w-f initials of both
    model.set_filter("wangfang")
    assert names(model) == ["王芳"]
    model.set_filter("青石 3333")
    assert names(model) == ["王福来"]
    model.set_filter("没有这个人")
    assert model.rowCount() == 0
    assert model.visible_count == 0 and model.total_count == 4
    model.set_filter("")
    assert model.rowCount() == 4


def test_sort_ascending_descending_and_back_to_loading_order() -> None:
    model = people_model()
    model.sort(COL_PERSON_PHONE, Qt.SortOrder.AscendingOrder)
    assert names(model) == ["张秀英", "王福来", "王芳", "李建国"]
    model.sort(COL_PERSON_PHONE, Qt.SortOrder.DescendingOrder)
    assert names(model) == ["李建国", "王芳", "王福来", "张秀英"]
    model.sort(-1)
    assert names(model) == ["王芳", "李建国", "王福来", "张秀英"]


def test_sort_applies_within_the_filter_and_survives_new_rows() -> None:
    model = people_model()
    model.sort(COL_PERSON_PHONE, Qt.SortOrder.DescendingOrder)
    model.set_filter("青石")
    assert names(model) == ["王芳", "王福来"]
    model.set_rows([*[model.row_tuple(0)], person(9, "赵青", "13999999999", "青石村")])
    assert names(model) == ["赵青", "王芳"]


def test_upsert_replaces_or_appends_and_remove_drops() -> None:
    model = people_model()
    model.upsert_row(person(2, "李建华", "13900002222", "柳塘村"))
    assert names(model) == ["王芳", "李建华", "王福来", "张秀英"]
    model.upsert_row(person(5, "周海燕"))
    assert model.rowCount() == 5 and model.view_row_of(5) == 4
    model.set_filter("zhy")
    assert names(model) == ["周海燕"]
    model.remove_ids([5, 1])
    assert model.rowCount() == 0
    model.set_filter("")
    assert names(model) == ["李建华", "王福来", "张秀英"]
    assert model.view_row_of(1) is None


def test_view_row_of_respects_filter() -> None:
    model = people_model()
    model.set_filter("柳塘")
    assert model.view_row_of(2) == 0
    assert model.view_row_of(1) is None


def test_event_row_shows_time_and_sites_in_order() -> None:
    event = Event(
        "开放日",
        date(2026, 6, 12),
        start=time(8, 30),
        end=time(11, 30),
        sites=[Site("便民服务中心"), Site("文化站")],
        id=7,
    )
    model = RecordTableModel(EVENT_COLUMNS)
    model.set_rows([event_row(event)])
    assert model.cell_text(0, COL_EVENT_TIME) == "08:30-11:30"
    assert model.cell_text(0, COL_EVENT_SITES) == "2处：便民服务中心、文化站"
    model.set_filter("文化站")
    assert model.rowCount() == 1


def test_overdue_open_feedback_is_red_and_marked() -> None:
    today = date(2026, 6, 20)
    overdue = Feedback(1, "路灯不亮", status="办理中", deadline=date(2026, 6, 1), id=1)
    done = Feedback(1, "窗口太少", status="已办结", deadline=date(2026, 6, 1), id=2)
    pending = Feedback(1, "公交班次", status="待交办", deadline=date(2026, 7, 1), id=3)
    model = RecordTableModel(FEEDBACK_COLUMNS, highlight_field=FEEDBACK_OVERDUE_FIELD)
    model.set_rows([feedback_row(item, {1: "开放日"}, today) for item in (overdue, done, pending)])
    colors = [model.data(model.index(row, 2), Qt.ItemDataRole.ForegroundRole) for row in range(3)]
    assert colors == [OVERDUE_COLOR, None, None]
    assert "逾期" in model.cell_text(0, COL_FEEDBACK_DEADLINE)
    assert model.cell_text(1, COL_FEEDBACK_DEADLINE) == "2026-06-01"
    assert model.cell_text(0, 1) == "开放日"


def test_tooltip_only_on_long_text_columns() -> None:
    model = people_model()
    assert model.data(model.index(0, COL_PERSON_NAME), Qt.ItemDataRole.ToolTipRole) is None
