"""Representative categories: reading what sheets write, managing the list, the migration."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import openpyxl
import pytest

from openday_desktop.cli import main
from openday_desktop.domain.categories import (
    CITIZEN_CATEGORY,
    DEFAULT_CATEGORIES,
    Category,
    CategoryMatcher,
    citizen_label,
    default_category,
)
from openday_desktop.domain.checks import CITIZEN_SHARE
from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import Event, Person, Site
from openday_desktop.imports import detect
from openday_desktop.services import categories as service
from openday_desktop.services.roster_import import import_roster
from openday_desktop.storage import Store, open_store
from openday_desktop.storage.schema import MIGRATIONS, SCHEMA_VERSION
from openday_desktop.storage.selection import check_event_in_store

MATCHER = CategoryMatcher(DEFAULT_CATEGORIES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人大代表", "人大代表"),
        ("人大代表（镇级）", "人大代表"),
        ("人大代表(县级)", "人大代表"),
        ("人大代表 （ 县级 ）", "人大代表"),
        ("人大代表【市级】", "人大代表"),
        ("人大代表〔县、镇两级〕", "人大代表"),
        ("人大代表(县、镇)", "人大代表"),
        ("（镇级）人大代表", "人大代表"),
        ("[市级]政协委员", "政协委员"),
        ("［市级］政协委员", "政协委员"),
        ("县人大代表", "人大代表"),
        ("镇人大代表", "人大代表"),
        ("乡镇人大代表", "人大代表"),
        ("区人大代表", "人大代表"),
        ("全国人大代表", "人大代表"),
        ("县级人大代表", "人大代表"),
        ("青石镇人大代表", "人大代表"),
        ("省人大代表（省级）", "人大代表"),
        ("人大代表镇级", "人大代表"),
        ("市政协委员", "政协委员"),
        ("县政协委员(县级)", "政协委员"),
        ("政协委员 (区级)", "政协委员"),
        ("　人 大 代 表　", "人大代表"),
        ("人大", "人大代表"),
        ("村民代表", CITIZEN_CATEGORY),
        ("居民代表", CITIZEN_CATEGORY),
        ("市民代表", CITIZEN_CATEGORY),
        ("村民代表（村级）", CITIZEN_CATEGORY),
        ("群众代表（青石村）", CITIZEN_CATEGORY),
        ("社区工作者", "基层工作者"),
        ("引进人才", "引进人才"),
        ("创业者", "创业者"),
        ("专家学者", "专家学者"),
        ("专家", "专家学者"),
        ("政风行风监督员", "政风行风监督员"),
        ("ＡＢＣ", None),
        ("民代表", None),
        ("镇长", None),
        ("", None),
        ("   ", None),
    ],
)
def test_matcher_reads_levels_brackets_spaces_and_synonyms(text: str, expected: str | None) -> None:
    assert MATCHER.match(text) == expected


def test_a_name_beats_another_categorys_synonym_and_overrides_beat_both() -> None:
    categories = [Category("人大", []), Category("人大代表", ["人大"])]
    assert CategoryMatcher(categories).match("人大") == "人大"
    matcher = CategoryMatcher(DEFAULT_CATEGORIES, {"村支书": "基层工作者", "记者": "其他"})
    assert matcher.match(" 村支书 ") == "基层工作者"
    assert matcher.match("记者") == "其他"


def test_default_category_follows_the_citizen_flag() -> None:
    assert default_category(DEFAULT_CATEGORIES) == CITIZEN_CATEGORY
    assert default_category([Category("人大代表"), Category("乡亲", citizen=True)]) == "乡亲"
    assert default_category([Category("人大代表"), Category("其他")]) == "人大代表"
    assert default_category([]) == CITIZEN_CATEGORY


def test_citizen_label() -> None:
    assert citizen_label([]) == CITIZEN_CATEGORY
    assert citizen_label(["群众代表"]) == "群众代表"
    assert citizen_label(["群众代表", "乡贤代表"]) == "群众代表、乡贤代表合计"


# --- the store ------------------------------------------------------------------------------


def test_a_new_database_holds_the_default_categories(store: Store) -> None:
    stored = store.categories.list()
    assert [c.name for c in stored] == [c.name for c in DEFAULT_CATEGORIES]
    assert [c.synonyms for c in stored] == [c.synonyms for c in DEFAULT_CATEGORIES]
    assert [c.name for c in stored if c.citizen] == [CITIZEN_CATEGORY]


def test_migrating_a_database_with_data_keeps_it_and_adds_the_new_categories(
    db_path: Path,
) -> None:
    from openday_desktop.storage.connection import Database

    db = Database(db_path)
    with db.atomic():
        for migration in MIGRATIONS[:2]:
            migration(db)
        db.execute("PRAGMA user_version = 2")
        db.execute(
            "INSERT INTO categories (name, synonyms, position) VALUES ('专家', '[\"学者\"]', 10)"
        )
        db.execute(
            "UPDATE categories SET synonyms = '[\"人大\", \"创业人员\"]' WHERE name = '企业代表'"
        )
        db.execute("INSERT INTO people (name, category) VALUES ('王芳', '群众代表')")
        db.execute("INSERT INTO people (name, category) VALUES ('李四', '专家')")
    db.close()

    store = open_store(db_path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        categories = store.categories.list()
        names = [c.name for c in categories]
        # 专家学者 is not added: 专家 (the unit's own category) already covers it.
        assert "专家学者" not in names and "专家" in names
        # 创业人员 is the unit's synonym of 企业代表: 创业者 is not added beside it.
        assert "创业者" not in names
        assert {"引进人才", "职工代表", "政风行风监督员", "重点服务对象"} <= set(names)
        assert names[-1] == "其他"
        assert [c.name for c in categories if c.citizen] == [CITIZEN_CATEGORY]
        people = {p.name: p.category for p in store.people.list()}
        assert people == {"王芳": "群众代表", "李四": "专家"}
    finally:
        store.close()


# --- services -------------------------------------------------------------------------------


def _id(store: Store, name: str) -> int:
    category = store.categories.by_name(name)
    assert category is not None and category.id is not None
    return category.id


def test_add_puts_the_category_before_other_and_checks_names(store: Store) -> None:
    added = service.add_category(store, " 乡贤代表 ", ["乡贤", "乡贤", ""], citizen=True)
    names = store.categories.names()
    assert names[-2:] == ["乡贤代表", "其他"]
    assert added.synonyms == ["乡贤"] and added.citizen
    with pytest.raises(ValidationError, match="已经存在"):
        service.add_category(store, "乡贤代表")
    with pytest.raises(ValidationError, match="同义词"):
        service.add_category(store, "村民代表")
    with pytest.raises(ValidationError, match="不能为空"):
        service.add_category(store, "  ")
    with pytest.raises(ValidationError, match="一个词只能对应一个类别"):
        service.add_category(store, "新类别", ["记者"])
    assert store.categories.names() == names


def test_rename_moves_people_and_quotas_and_keeps_the_old_name(store: Store) -> None:
    store.people.add(Person("王芳", category="先进模范"))
    event_id = store.events.add(
        Event("开放日", date=date(2027, 6, 10), start=time(9), sites=[Site("A")])
    )
    store.events.set_quotas(event_id, {"先进模范": 3})
    moved = service.rename_category(store, _id(store, "先进模范"), "模范人物")
    assert moved == 1
    assert store.people.list()[0].category == "模范人物"
    assert store.events.quotas(event_id) == {"模范人物": 3}
    renamed = store.categories.by_name("模范人物")
    assert renamed is not None and "先进模范" in renamed.synonyms
    with pytest.raises(ValidationError, match="已经存在"):
        service.rename_category(store, _id(store, "模范人物"), "人大代表")


def test_merge_moves_people_quotas_and_synonyms(store: Store) -> None:
    store.people.add(Person("王芳", category="网民代表"))
    store.people.add(Person("李四", category="群众代表"))
    event_id = store.events.add(
        Event("开放日", date=date(2027, 6, 10), start=time(9), sites=[Site("A")])
    )
    store.events.set_quotas(event_id, {"网民代表": 2, "群众代表": 10})
    moved = service.merge_category(store, _id(store, "网民代表"), _id(store, "群众代表"))
    assert moved == 1
    assert {p.category for p in store.people.list()} == {"群众代表"}
    assert store.events.quotas(event_id) == {"群众代表": 12}
    assert "网民代表" not in store.categories.names()
    citizens = store.categories.by_name("群众代表")
    assert citizens is not None and {"网民代表", "网民"} <= set(citizens.synonyms)
    positions = [c.position for c in store.categories.list()]
    assert positions == list(range(len(positions)))
    with pytest.raises(ValidationError):
        service.merge_category(store, _id(store, "群众代表"), _id(store, "群众代表"))
    with pytest.raises(NotFoundError):
        service.merge_category(store, 9999, _id(store, "群众代表"))


def test_order_citizen_flag_and_synonyms(store: Store) -> None:
    press = _id(store, "媒体记者")
    assert service.move_category(store, press, -3) == 0
    assert store.categories.names()[0] == "媒体记者"
    assert service.move_category(store, press, -1) == 0
    ids = [c.id or 0 for c in store.categories.list()]
    service.reorder_categories(store, list(reversed(ids)))
    assert store.categories.names()[0] == "其他"
    with pytest.raises(ValidationError):
        service.reorder_categories(store, ids[:-1])

    service.set_citizen(store, press, True)
    assert store.categories.get(press).citizen
    service.add_synonym(store, press, "电视台")
    assert CategoryMatcher(store.categories.list()).match("电视台") == "媒体记者"
    with pytest.raises(ValidationError, match="一个词只能对应一个类别"):
        service.add_synonym(store, press, "村民代表")
    service.remove_synonym(store, press, "电视台")
    with pytest.raises(ValidationError):
        service.remove_synonym(store, press, "电视台")
    service.set_synonyms(store, press, ["报社", "", "报社", "电台"])
    assert store.categories.get(press).synonyms == ["报社", "电台"]


def test_bulk_edit_changes_many_people_at_once_or_none(store: Store) -> None:
    ids = store.people.add_many([Person(f"人{i}", category="其他") for i in range(5)])
    assert service.bulk_edit_people(store, ids[:3], category="县人大代表（县级）") == 3
    assert [p.category for p in store.people.list()] == ["人大代表"] * 3 + ["其他"] * 2
    assert service.bulk_edit_people(store, ids, source="组织推荐") == 5
    assert {p.source for p in store.people.list()} == {"组织推荐"}
    with pytest.raises(ValidationError, match="设置 → 代表类别"):
        service.bulk_edit_people(store, ids, category="不存在的类别")
    with pytest.raises(ValidationError):
        service.bulk_edit_people(store, ids, source="随便")
    with pytest.raises(NotFoundError):
        service.bulk_edit_people(store, [*ids, 999], category="群众代表")
    with pytest.raises(ValidationError):
        service.bulk_edit_people(store, [], category="群众代表")
    assert [p.category for p in store.people.list()] == ["人大代表"] * 3 + ["其他"] * 2


def test_the_one_third_rule_counts_every_category_marked_citizen(store: Store) -> None:
    event_id = store.events.add(
        Event("开放日", date=date(2027, 6, 10), start=time(9), sites=[Site("A")])
    )
    people = [Person(f"群众{i}", category="群众代表") for i in range(5)]
    people += [Person(f"乡贤{i}", category="乡贤代表") for i in range(3)]
    people += [Person(f"人大{i}", category="人大代表") for i in range(16)]
    service.add_category(store, "乡贤代表")
    ids = store.people.add_many(people)
    store.invitations.invite_many(event_id, ids, status="已报名")
    problems = check_event_in_store(store, event_id).problems
    share = next(p for p in problems if p.code == CITIZEN_SHARE)
    assert "当前5人" in share.message
    service.set_citizen(store, _id(store, "乡贤代表"), True)
    problems = check_event_in_store(store, event_id).problems
    assert all(p.code != CITIZEN_SHARE for p in problems)


# --- import ---------------------------------------------------------------------------------


def _roster(path: Path, categories: list[str]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "姓名", "代表类别", "联系电话"])
    for number, category in enumerate(categories, start=1):
        # Names carry no digits (a digit in a name is refused as a typing slip).
        sheet.append(
            [
                number,
                f"代表{'甲乙丙丁戊己庚辛壬癸子丑寅卯'[number]}",
                category,
                f"1380013{number:04d}",
            ]
        )
    book.save(path)
    return path


LEVELLED = [
    "人大代表（镇级）",
    "人大代表(县级)",
    "县人大代表",
    "镇人大代表",
    "[市级]政协委员",
    "市政协委员",
    "村民代表",
    "居民代表",
    "引进人才",
    "创业者",
    "专家学者",
]


def test_a_roster_with_levels_in_brackets_imports_into_the_right_categories(
    store: Store, tmp_path: Path
) -> None:
    path = _roster(tmp_path / "名册.xlsx", LEVELLED)
    report = import_roster(store, path)
    assert report.imported == len(LEVELLED) and not report.warnings
    got = [p.category for p in sorted(store.people.list(), key=lambda p: p.id or 0)]
    assert got == [
        "人大代表",
        "人大代表",
        "人大代表",
        "人大代表",
        "政协委员",
        "政协委员",
        "群众代表",
        "群众代表",
        "引进人才",
        "创业者",
        "专家学者",
    ]


def test_preview_lists_distinct_category_texts_and_the_clerks_map_is_used(
    store: Store, tmp_path: Path
) -> None:
    path = _roster(tmp_path / "名册.xlsx", ["村支书", "村支书", "人大代表（镇级）"])
    preview = detect(path)
    assert preview.category_texts() == {"村支书": 2, "人大代表（镇级）": 1}
    report = import_roster(store, path, category_map={"村支书": "基层工作者"})
    assert not report.warnings
    assert [p.category for p in store.people.list()].count("基层工作者") == 2


def test_a_blank_category_reads_as_the_renamed_citizen_category(
    store: Store, tmp_path: Path
) -> None:
    citizens = store.categories.by_name(CITIZEN_CATEGORY)
    assert citizens is not None and citizens.id is not None
    service.rename_category(store, citizens.id, "市民群众")
    import_roster(store, _roster(tmp_path / "名册.xlsx", ["", "村民代表"]))
    assert [p.category for p in store.people.list()] == ["市民群众", "市民群众"]


def test_unknown_category_message_points_to_the_editor(store: Store, tmp_path: Path) -> None:
    report = import_roster(store, _roster(tmp_path / "名册.xlsx", ["村支书"]))
    assert "设置 → 代表类别…" in report.warnings[0].message


# --- command line ---------------------------------------------------------------------------


def test_cli_category_add_and_list(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "--db",
            str(db_path),
            "category",
            "add",
            "乡贤代表",
            "--synonym",
            "乡贤",
            "--synonym",
            "新乡贤",
            "--citizen",
        ]
    )
    assert code == 0 and "乡贤代表" in capsys.readouterr().out
    assert main(["--db", str(db_path), "category", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in listed][-2:] == ["乡贤代表", "其他"]
    added = listed[-2]
    assert added["synonyms"] == ["乡贤", "新乡贤"] and added["citizen"] is True
    assert added["people"] == 0 and added["position"] == len(listed) - 1
    assert [c["name"] for c in listed if c["citizen"]] == ["群众代表", "乡贤代表"]

    assert main(["--db", str(db_path), "category", "add", "记者"]) == 1
    err = capsys.readouterr().err
    assert "错误：" in err and "媒体记者" in err
    assert main(["--db", str(db_path), "category", "list"]) == 0
    out = capsys.readouterr().out
    assert "群众代表（计入群众）" in out and "同义词：乡贤、新乡贤" in out


def test_cli_category_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["category", "add", "--help"])
    out = capsys.readouterr().out
    assert "--synonym TEXT" in out and "--citizen" in out and "同义词" in out
