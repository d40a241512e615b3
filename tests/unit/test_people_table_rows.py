"""The compact people rows behind the 代表 table: one row after a save equals the full load."""

from __future__ import annotations

from typing import Any

from openday_desktop.domain.models import Person


def test_table_row_matches_table_rows_and_is_none_when_missing(store: Any) -> None:
    with store.transaction():
        first = store.people.add(Person("王芳", sex="女", village="青石村", phone="13800138000"))
        second = store.people.add(Person("李建国", sex="男", village="青石村"))
    rows = store.people.table_rows()
    assert [row.id for row in rows] == [first, second]
    assert (rows[0].name, rows[0].sex, rows[0].village, rows[0].phone) == (
        "王芳",
        "女",
        "青石村",
        "13800138000",
    )
    assert store.people.table_row(second) == rows[1]
    assert store.people.table_row(999) is None
    haystack = rows[0].haystack
    assert rows[0][-1] is haystack  # the table model finds the haystack last
    assert "wf" in haystack and "wangfang" in haystack and "13800138000" in haystack


def test_repeated_values_share_one_string(store: Any) -> None:
    with store.transaction():
        for name in ("王芳", "李建国", "张秀英"):
            store.people.add(Person(name, village="青石" + "村", category="群众代表"))
    rows = store.people.table_rows()
    villages = {id(row.village) for row in rows}
    assert len(villages) == 1  # 100,000 people would otherwise hold 100,000 copies
