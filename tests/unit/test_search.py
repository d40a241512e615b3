"""Search as a clerk expects it: names, pinyin initials, ID/phone endings, units and villages."""

from __future__ import annotations

from openday_desktop.domain.models import Person
from openday_desktop.domain.search import SearchIndex, name_search_keys, search_text
from openday_desktop.storage import Store


def test_name_search_keys() -> None:
    assert name_search_keys("王芳") == ("wangfang", "wf")
    assert name_search_keys("欧阳娜娜") == ("ouyangnana", "oynn")
    assert name_search_keys("") == ("", "")
    assert name_search_keys("Tom") == ("tom", "t")  # not Chinese: kept, lower case


def test_search_text_joins_fields_so_terms_cannot_span_two_fields() -> None:
    text = search_text("王芳", "wangfang", "wf")
    assert "wf" in text and "fangwf" not in text


def _pool(store: Store) -> tuple[SearchIndex, list[tuple]]:
    people = [
        Person(
            name="王芳",
            phone="13800135678",
            id_number="11010519491231002X",
            village="青石村",
            category="人大代表",
            unit="青石村党支部书记",
        ),
        Person(name="汪峰", phone="13900001111", village="柳塘村", category="群众代表"),
        Person(
            name="李伟",
            phone="13700002222",
            village="青石村",
            category="群众代表",
            unit="绿源茶业有限公司经理",
        ),
        Person(name="张王芳", phone="13600003333", village="东岗社区", category="企业代表"),
    ]
    for person in people:
        store.people.add(person)
    rows = store.people.table_rows()
    return SearchIndex([row[-1] for row in rows]), rows


def _names(index: SearchIndex, rows: list[tuple], query: str) -> list[str] | None:
    hits = index.filter(query)
    return None if hits is None else [rows[i][1] for i in hits]


def test_search_over_the_pool_table_rows(store: Store) -> None:
    index, rows = _pool(store)
    assert len(index) == 4
    assert _names(index, rows, "") is None and _names(index, rows, "   ") is None
    assert _names(index, rows, "wf") == ["王芳", "汪峰", "张王芳"]  # zwf contains wf
    assert _names(index, rows, "WangFang") == ["王芳", "张王芳"]
    assert _names(index, rows, "zwf") == ["张王芳"]
    assert _names(index, rows, "王芳") == ["王芳", "张王芳"]
    assert _names(index, rows, "5678") == ["王芳"]  # last digits of the phone
    assert _names(index, rows, "002x") == ["王芳"]  # last digits of the ID number
    assert _names(index, rows, "青石") == ["王芳", "李伟"]  # village (and unit)
    assert _names(index, rows, "茶业") == ["李伟"]  # unit
    assert _names(index, rows, "青石 人大") == ["王芳"]  # every term must match
    assert _names(index, rows, "青石 企业") == []


def test_search_keys_follow_a_renamed_person(store: Store) -> None:
    person = Person(name="王芳")
    store.people.add(person)
    person.name = "李娜"
    store.people.update(person)
    row = store.people.table_row(person.id or 0)
    assert row is not None
    index = SearchIndex([row[-1]])
    assert index.filter("ln") == [0]
    assert index.filter("wf") == []
