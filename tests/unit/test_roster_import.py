"""Roster import from messy village spreadsheets: detection, validation, report, CLI."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openday_desktop.cli import main
from openday_desktop.domain.models import INV_REGISTERED, Event, Person, Site
from openday_desktop.imports import (
    NUMERIC_ID_MESSAGE,
    ImportReport,
    RosterFileError,
    detect,
    write_report_xlsx,
)
from openday_desktop.services.roster_import import import_roster
from openday_desktop.storage import Store, open_store

TODAY = date(2026, 5, 1)
EVENT_DAY = date(2026, 6, 12)


def make_id(body: str) -> str:
    """A checksum-valid 18-digit number from its first 17 digits (GB 11643, MOD 11-2)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def full_width(text: str) -> str:
    """Full-width digits and letters, as some input methods type them."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


ZHANG = make_id("33068219800512001")  # 男, 1980-05-12
LI = make_id("33068219900101004")  # 女
WANG_X = make_id("33068219920304018")  # ends in X
assert WANG_X.endswith("X")
ZHAO = make_id("33068219751120003")
MINOR = make_id("33068220100101001")  # 16 on the event day
QIAN = make_id("33068219650707005")


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    merges: Sequence[str] = (),
    sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]] = (),
) -> Path:
    """An .xlsx with ``rows`` on the first sheet (plus optional extra sheets before it)."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    for title, extra_rows in sheets:
        sheet = workbook.create_sheet(title, 0)
        for row in extra_rows:
            sheet.append(list(row))
    first.title = "名单"
    for row in rows:
        first.append(list(row))
    for ref in merges:
        first.merge_cells(ref)
    workbook.save(path)
    return path


HEADER = [
    "序号",
    "姓 名",
    "性别",
    "公民身份号码",
    "联系方式",
    None,
    "单位及职务",
    "所在村(社区)",
    "代表类别",
    "备注",
]
SUBHEADER = [None, None, None, None, "手机", "座机", None, None, None, None]


def messy_roster(path: Path) -> Path:
    """A roster the way villages send them; the comment on each row says what it tests."""
    rows: list[list[Any]] = [
        ["青石村2026年政府开放日代表推荐名单"],  # 1 title, merged A1:J1
        ["填报单位：青石村村民委员会", None, None, None, None, None, "填报日期：2026年5月6日"],  # 2
        HEADER,  # 3 header; 联系方式 merged over E3:F3
        SUBHEADER,  # 4 手机 / 座机
        [
            1,
            "张 三",
            "男",
            ZHANG,
            "138 0013 8000",
            None,
            "村民小组长",
            "青石村",
            "村民代表",
            None,
        ],  # 5
        [
            2,
            "李四",
            "女",
            float(LI),
            "13900139000",
            None,
            "小学教师",
            None,
            "人大",
            None,
        ],  # 6 float ID
        [
            3,
            "王芳",
            "男",
            full_width(WANG_X[:-1]) + "ｘ",
            "+86 137-0013-7000",
            None,
            "个体户",
            None,
            "个体工商户",
            "（老代表）",
        ],  # 7
        [4, None, None, None, None, None, None, None, None, None],  # 8 pre-numbered blank row
        [None] * 10,  # 9 blank
        [
            5,
            "赵六",
            "男",
            ZHANG,
            "13600136000",
            None,
            None,
            "南河村",
            "群众",
            None,
        ],  # 10 same ID as row 5
        [6, "小明", "男", MINOR, "13500135000", None, "学生", "南河村", "群众", None],  # 11 minor
        [
            7,
            "钱七",
            "女",
            QIAN,
            "1380013",
            None,
            "退休教师",
            "南河村",
            "党员代表",
            None,
        ],  # 12 bad phone
        [
            8,
            "孙八",
            "女",
            None,
            None,
            "0475-1234567",
            "网格员",
            "南河村",
            "网格员",
            None,
        ],  # 13 landline only
        [9, "周九", None, None, "13300133000", None, None, "南河村", "群众代表", None],  # 14 no ID
        [
            10,
            "周九",
            None,
            None,
            "133 0013 3000",
            None,
            None,
            "南河村",
            "群众代表",
            None,
        ],  # 15 same name+phone
        ["合计", "10人"],  # 16 total
        ["说明：1.身份证号请按文本格式填写；2.代表类别按通知要求填写。"],  # 17 footnote
        ["填表人：周敏", None, None, None, "联系电话：13800000000"],  # 18 footnote
    ]
    return write_xlsx(path, rows, merges=["A1:J1", "E3:F3", "H5:H7"])


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return messy_roster(tmp_path / "青石村名单.xlsx")


@pytest.fixture
def event_id(store: Store) -> int:
    return store.events.add(Event("开放日", EVENT_DAY, sites=[Site("便民服务中心")]))


def people_by_name(store: Store) -> dict[str, Person]:
    return {p.name: p for p in store.people.list()}


def issues(report: ImportReport, kind: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for issue in getattr(report, kind):
        found.setdefault(issue.row, []).append(issue.message)
    return found


# --- detection -----------------------------------------------------------------------------


def test_detect_skips_title_and_unit_lines_and_reads_a_two_row_header(roster: Path) -> None:
    preview = detect(roster)
    assert preview.sheet_name == "名单"
    assert preview.header_row == 3
    assert preview.mapping == {
        "name": 1,
        "sex": 2,
        "id_number": 3,
        "phone": 4,
        "unit": 6,
        "village": 7,
        "category": 8,
        "notes": 9,
    }
    assert preview.headers[4:6] == ["手机", "座机"]
    first_row, cells = preview.rows[0]
    assert first_row == 5 and cells[1] == "张 三"
    assert preview.rows[1][1][3].startswith("3.30682")  # the damaged float, as Excel shows it
    assert preview.missing_required == []
    assert "姓名 ← B列“姓 名”" in preview.mapping_lines()


def test_a_first_data_row_that_reads_like_a_column_name_is_data(tmp_path: Path) -> None:
    # Found by test_random_bad_rows_...: "身份" (a category synonym) under 姓名 used to be read
    # as the second row of a two-row header, and the file then had no 姓名 column at all.
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "身份证号", "性别"], ["身份"], ["王芳"]])
    preview = detect(path)
    assert preview.mapping["name"] == 0
    assert preview.headers[0] == "姓名"
    assert [cells[0] for _, cells in preview.rows] == ["身份", "王芳"]


def test_preview_mapping_can_be_corrected(roster: Path) -> None:
    preview = detect(roster)
    preview.set_field(5, "phone")  # the landline column instead of the mobile one
    assert preview.mapping["phone"] == 5 and preview.field_of(4) is None
    preview.set_field(1, None)
    assert "name" not in preview.mapping and preview.missing_required == ["姓名"]
    with pytest.raises(ValueError):
        preview.set_field(1, "shoe_size")


def test_header_synonyms(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            [
                "姓名",
                "身份证号码",
                "出生年月",
                "手机号",
                "工作单位及职务",
                "村/社区",
                "类别",
                "来源",
                "备注",
            ],
            ["张三", ZHANG, "1980.05", "13800138000", "村民", "青石村", "人大代表", "推荐", ""],
        ],
    )
    assert detect(path).mapping == {
        "name": 0,
        "id_number": 1,
        "birth_date": 2,
        "phone": 3,
        "unit": 4,
        "village": 5,
        "category": 6,
        "source": 7,
        "notes": 8,
    }


def test_detect_picks_the_sheet_with_the_roster(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["姓名", "联系电话"], ["张三", "13800138000"]],
        sheets=[("填表说明", [["填表说明"], ["1. 请填写真实信息。"]])],
    )
    preview = detect(path)
    assert preview.sheet_name == "名单" and preview.header_row == 1
    # The GUI passes the (possibly corrected) preview back.
    report = import_roster(
        store,
        path,
        preview.mapping,
        header_row=preview.header_row,
        sheet_name=preview.sheet_name,
        today=TODAY,
    )
    assert report.imported == 1 and report.sheet_name == "名单"


def test_a_wrong_sheet_dimension_does_not_cut_the_roster(store: Store, tmp_path: Path) -> None:
    import re
    import zipfile

    rows = [["姓名", "身份证号"], ["张三", ZHANG], ["李四", LI], ["赵六", ZHAO]]
    good = write_xlsx(tmp_path / "good.xlsx", rows)
    bad = tmp_path / "bad.xlsx"
    # Some programs write <dimension ref="A1"/> whatever the sheet holds.
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            target.writestr(item, data)
    assert import_roster(store, bad, today=TODAY).imported == 3


def test_no_header_is_a_clear_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["一些文字"], ["张三", "13800138000"]])
    with pytest.raises(RosterFileError) as caught:
        detect(path)
    assert "表头" in caught.value.message


# --- importing -----------------------------------------------------------------------------


def test_messy_roster_report(store: Store, roster: Path) -> None:
    report = import_roster(store, roster, today=TODAY)
    data = report.to_dict()
    assert list(data)[:5] == ["imported", "updated", "invited", "duplicates", "errors"]
    assert (data["imported"], data["updated"], data["invited"]) == (5, 0, 0)
    errors = issues(report, "errors")
    assert sorted(errors) == [6, 12]
    assert errors[6] == [NUMERIC_ID_MESSAGE]
    assert "联系电话" in errors[12][0] or "手机号" in errors[12][0]
    assert {e["column"] for e in data["errors"]} == {"公民身份号码", "手机"}
    duplicates = issues(report, "duplicates")
    assert sorted(duplicates) == [10, 15]
    assert "第5行" in duplicates[10][0]
    assert "第14行" in duplicates[15][0]
    assert report.skipped >= 5  # rows 8, 9, 16, 17, 18: not people, not problems
    reported = set(errors) | set(duplicates) | {w.row for w in report.warnings}
    assert not reported & {8, 9, 16, 17, 18}


def test_valid_rows_are_stored_clean(store: Store, roster: Path) -> None:
    import_roster(store, roster, today=TODAY)
    people = people_by_name(store)
    assert set(people) == {"张三", "王芳", "小明", "孙八", "周九"}
    zhang = people["张三"]
    assert (zhang.id_number, zhang.sex, zhang.birth_date) == (ZHANG, "男", date(1980, 5, 12))
    assert zhang.phone == "13800138000" and zhang.category == "群众代表"
    wang = people["王芳"]
    assert wang.id_number == WANG_X  # full-width digits and ｘ normalised, X upper case
    assert wang.sex == "女"  # from the ID number, the sheet said 男
    assert wang.phone == "13700137000"
    assert wang.category == "企业代表"  # 个体工商户 is a synonym
    assert wang.village == "青石村"  # the merged H5:H7 cell applies to every row
    assert wang.notes == "（老代表）"  # names and notes are not NFKC-normalised
    assert people["孙八"].phone == ""  # only the mobile column is mapped
    assert people["周九"].id_number == ""
    # Nothing was stored for the float ID: no guessed number exists.
    assert all(not p.id_number.startswith("3306821990") for p in people.values())


def test_warnings_for_contradictions_and_unknown_categories(store: Store, roster: Path) -> None:
    report = import_roster(store, roster, today=TODAY)
    warnings = issues(report, "warnings")
    assert any("性别" in m for m in warnings[7])  # 王芳: 男 in the sheet, 女 in the ID
    assert any("16周岁" in m or "未满18周岁" in m for m in warnings[11])  # no event: warn only
    assert all(row not in warnings for row in (10, 15))  # duplicates are not warned about


def test_unknown_category_becomes_other_with_a_warning(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["姓名", "身份证号", "代表类别"],
            ["钱七", QIAN, "党员代表"],
            ["赵六", ZHAO, "人大、企业代表"],
        ],
    )
    report = import_roster(store, path, today=TODAY)
    assert report.imported == 2
    assert people_by_name(store)["钱七"].category == "其他"
    assert people_by_name(store)["赵六"].category == "人大代表"  # the first part that matches
    (warning,) = report.warnings
    assert warning.row == 2 and "党员代表" in warning.message and warning.column == "代表类别"


def test_same_id_in_the_pool_is_updated_not_duplicated(store: Store, tmp_path: Path) -> None:
    store.people.add(
        Person(name="张三", id_number=ZHANG, phone="13800138000", unit="老单位", village="青石村")
    )
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["姓名", "身份证号", "联系电话", "工作单位", "村（社区）"],
            ["张三", ZHANG, "13900139000", "新单位", None],
        ],
    )
    report = import_roster(store, path, today=TODAY)
    assert (report.imported, report.updated) == (0, 1)
    (zhang,) = store.people.list()
    assert (zhang.phone, zhang.unit) == ("13900139000", "新单位")
    assert zhang.village == "青石村"  # an empty cell keeps what the pool has


def test_same_name_and_phone_without_id_is_flagged_and_matched(
    store: Store, tmp_path: Path
) -> None:
    old_id = store.people.add(Person(name="周九", phone="13300133000", village="旧村"))
    path = write_xlsx(
        tmp_path / "r.xlsx", [["姓名", "手机", "村"], ["周九", "133-0013-3000", "南河村"]]
    )
    report = import_roster(store, path, today=TODAY)
    assert (report.imported, report.updated) == (0, 1)
    (warning,) = report.warnings
    assert "周九" in warning.message and str(old_id) in warning.message
    (zhou,) = store.people.list()
    assert zhou.village == "南河村"


def test_without_id_and_phone_name_and_village_identify_a_person(
    store: Store, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["姓名", "村（社区）"], ["孙八", "南河村"], ["孙八", "青石村"], ["孙八", "南河村"]],
    )
    first = import_roster(store, path, today=TODAY)
    assert (first.imported, [d.row for d in first.duplicates]) == (2, [4])
    assert any("身份证号和联系电话" in w.message for w in first.warnings)  # one, at the header
    again = import_roster(store, path, today=TODAY)
    assert (again.imported, again.updated) == (0, 2)
    assert store.people.count() == 2


def test_same_name_different_ids_are_two_people(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "身份证号"], ["张伟", ZHANG], ["张伟", ZHAO]])
    assert import_roster(store, path, today=TODAY).imported == 2


def test_repeated_header_rows_are_skipped(store: Store, tmp_path: Path) -> None:
    header = ["序号", "姓名", "身份证号"]
    path = write_xlsx(tmp_path / "r.xlsx", [header, [1, "张三", ZHANG], header, [2, "李四", LI]])
    report = import_roster(store, path, today=TODAY)
    assert report.imported == 2 and not report.errors and report.skipped == 1


def test_birth_date_column_without_and_with_id(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["姓名", "出生日期", "身份证号"],
            ["甲", datetime(1970, 3, 8), None],  # a real Excel date
            ["乙", "1980.05", ZHANG],  # year-month agrees with the ID
            ["丙", "1979年1月", ZHAO],  # disagrees: warning, the ID wins
            ["丁", "八十年代", None],  # unreadable, nothing else to go by: error
        ],
    )
    report = import_roster(store, path, today=TODAY)
    people = people_by_name(store)
    assert people["甲"].birth_date == date(1970, 3, 8)
    assert people["丙"].birth_date == date(1975, 11, 20)
    assert [w.row for w in report.warnings if "出生日期" in w.message] == [4]
    assert [e.row for e in report.errors] == [5] and report.errors[0].column == "出生日期"


def test_numbers_typed_into_id_and_phone_cells(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["姓名", "身份证号", "联系电话"],
            ["甲", 110105491231002, 13800138000],  # 15-digit old ID survives as a number
            ["乙", int(ZHANG[:-1] + "0"), 13900139000],  # 18 digits as a number: damaged
        ],
    )
    report = import_roster(store, path, today=TODAY)
    people = people_by_name(store)
    assert people["甲"].id_number == "110105491231002"
    assert people["甲"].phone == "13800138000"
    assert any("15位" in w.message for w in report.warnings)
    assert [(e.row, e.message) for e in report.errors] == [(3, NUMERIC_ID_MESSAGE)]


# --- with an event -------------------------------------------------------------------------


def test_import_with_event_invites_valid_adults(store: Store, roster: Path, event_id: int) -> None:
    report = import_roster(store, roster, event_id=event_id, today=TODAY)
    assert report.invited == report.imported == 4  # 小明 is now an error row
    errors = issues(report, "errors")
    assert 11 in errors and "未满18周岁" in errors[11][0]
    assert "小明" not in people_by_name(store)  # neither stored nor invited
    listed = store.invitations.for_event(event_id)
    assert len(listed) == 4 and {inv.status for inv, _ in listed} == {INV_REGISTERED}
    # The same file again: everyone is updated, nobody invited twice.
    again = import_roster(store, roster, event_id=event_id, today=TODAY)
    assert (again.imported, again.updated, again.invited, again.already_invited) == (0, 4, 0, 4)
    assert len(store.invitations.for_event(event_id)) == 4


def test_unknown_event_is_refused_before_reading(store: Store, roster: Path) -> None:
    from openday_desktop.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        import_roster(store, roster, event_id=42)
    assert store.people.count() == 0


def test_the_whole_file_is_one_transaction(
    store: Store, roster: Path, event_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> list[int]:
        raise RuntimeError("power cut")

    monkeypatch.setattr(store.invitations, "invite_many", crash)
    with pytest.raises(RuntimeError):
        import_roster(store, roster, event_id=event_id, today=TODAY)
    assert store.people.count() == 0
    monkeypatch.undo()
    assert import_roster(store, roster, event_id=event_id, today=TODAY).imported == 4


def test_user_corrected_mapping_and_header_row(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["名单"], ["人", "号码", "联络"], ["张三", ZHANG, "13800138000"]],
    )
    with pytest.raises(RosterFileError):
        import_roster(store, path, today=TODAY)  # no recognisable header
    report = import_roster(
        store, path, {"name": 0, "id_number": 1, "phone": 2}, header_row=2, today=TODAY
    )
    assert report.imported == 1 and report.header_row == 2
    assert store.people.list()[0].phone == "13800138000"
    with pytest.raises(RosterFileError) as caught:
        import_roster(store, path, {"phone": 2}, header_row=2)
    assert "姓名" in caught.value.message


# --- csv -----------------------------------------------------------------------------------

CSV_ROWS = [
    "青石村代表名单,,,",
    "姓名,身份证号码,手机,代表类别",
    f"张三,{ZHANG},138 0013 8000,村民代表",
    f"李四,{LI},13900139000,人大代表",
    "王五,3.30682E+17,13700137000,群众",
    ",,,",
    "合计,3人,,",
]


@pytest.mark.parametrize(
    ("encoding", "bom"), [("gbk", b""), ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf")]
)
def test_csv_in_gbk_and_utf8(store: Store, tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "名单.csv"
    path.write_bytes(bom + "\r\n".join(CSV_ROWS).encode(encoding))
    preview = detect(path)
    assert preview.header_row == 2
    assert preview.encoding == ("GBK" if encoding == "gbk" else "UTF-8")
    report = import_roster(store, path, today=TODAY)
    assert report.imported == 2
    assert [(e.row, e.message) for e in report.errors] == [(5, NUMERIC_ID_MESSAGE)]
    assert people_by_name(store)["李四"].category == "人大代表"


def test_tab_separated_utf16_text(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "名单.txt"
    path.write_text("姓名\t联系电话\n张三\t13800138000\n", encoding="utf-16")
    assert import_roster(store, path, today=TODAY).imported == 1


# --- files that cannot be read -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0", "另存为"),
        ("broken.xlsx", b"not a zip file", "无法作为 Excel 表格打开"),
        ("empty.csv", b"", "空的"),
        ("notes.pdf", b"%PDF", "不是表格文件"),
        ("notes.docx", b"PK", "无法作为 Word 文档打开"),
    ],
)
def test_unreadable_files(
    store: Store, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RosterFileError) as caught:
        import_roster(store, path)
    assert expected in caught.value.message


def test_missing_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(RosterFileError) as caught:
        detect(tmp_path / "nothere.xlsx")
    assert "找不到文件" in caught.value.message


# --- the report file -----------------------------------------------------------------------


def test_report_xlsx_lists_bad_rows_with_reasons(
    store: Store, roster: Path, tmp_path: Path
) -> None:
    report = import_roster(store, roster, today=TODAY)
    target = tmp_path / "out" / "导入问题.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"old report")
    write_report_xlsx(report, target)
    assert [p.name for p in target.parent.iterdir()] == ["导入问题.xlsx"]  # no temp file left
    sheet = openpyxl.load_workbook(target)["问题行"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["行号", "类型", "列", "问题说明"]
    assert rows[0][4:8] == ["序号", "姓 名", "性别", "公民身份号码"]
    by_row = {(r[0], r[1]): r for r in rows[1:]}
    assert by_row[(6, "错误")][3] == NUMERIC_ID_MESSAGE
    assert by_row[(6, "错误")][5] == "李四"
    assert by_row[(10, "重复")][5] == "赵六"
    assert by_row[(12, "错误")][2] == "手机"
    summary = openpyxl.load_workbook(target)["汇总"]
    assert summary["B4"].value == 5  # 新增


def test_report_text_never_becomes_a_formula(tmp_path: Path) -> None:
    from openday_desktop.imports import RowIssue

    report = ImportReport(headers=["姓名"], errors=[RowIssue(2, "=1+1", "姓名")])
    report.row_values[2] = ['=HYPERLINK("x")']
    target = tmp_path / "r.xlsx"
    write_report_xlsx(report, target)
    sheet = openpyxl.load_workbook(target)["问题行"]
    assert sheet["D2"].value == "=1+1" and sheet["D2"].data_type == "s"
    assert sheet["E2"].data_type == "s"


def pool_with_a_minor(store: Store, tmp_path: Path) -> tuple[int, Path]:
    """A pool person under age on the event day, and a roster naming them by name and phone.

    The row has no ID number and no birth date: the age is known only from the pool.
    """
    with store.transaction():
        minor = store.people.add(
            Person(name="小红", phone="13900139001", birth_date=date(2010, 3, 1), village="青石村")
        )
    path = write_xlsx(
        tmp_path / "名单.xlsx",
        [
            ["姓名", "联系电话", "村（社区）"],
            ["张三", "13800138001", "青石村"],
            ["小红", "13900139001", "青石村"],
        ],
    )
    return minor, path


def everyone_listed(store: Store) -> list[Person]:
    return [p for e in store.events.list() for _, p in store.invitations.for_event(e.id or 0)]


def test_a_pool_person_under_age_is_not_invited_by_an_import(
    store: Store, event_id: int, tmp_path: Path
) -> None:
    minor, path = pool_with_a_minor(store, tmp_path)
    before = store.people.get(minor)
    report = import_roster(store, path, event_id=event_id, today=TODAY)
    assert [(e.row, e.column) for e in report.errors] == [(3, "出生日期")]
    assert "小红" in report.errors[0].message and "未满18周岁" in report.errors[0].message
    assert (report.imported, report.updated, report.invited) == (1, 0, 1)
    assert [p.name for p in everyone_listed(store)] == ["张三"]
    assert store.people.get(minor) == before  # the refused row did not update them either
    assert report.row_values[3][:2] == ["小红", "13900139001"]
    # Without an event the same row just updates the pool person, as any other row.
    assert import_roster(store, path, today=TODAY).updated == 2


def test_cli_import_with_event_refuses_a_pool_person_under_age(
    db_path: Path,
    store: Store,
    event_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, path = pool_with_a_minor(store, tmp_path)
    store.close()
    out = tmp_path / "report.json"
    args = ["--db", str(db_path), "import-roster", str(path), "--event", str(event_id)]
    assert main([*args, "--report", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "第3行" in printed and "未满18周岁" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["invited"] == 1 and [e["row"] for e in data["errors"]] == [3]
    reopened = open_store(db_path)
    try:
        listed = everyone_listed(reopened)
        assert [p.name for p in listed] == ["张三"]
        minimum_age = int(reopened.settings.get("minimum_age"))
        event_day = reopened.events.get(event_id).date
        assert all(
            p.birth_date is None
            or (event_day.year - p.birth_date.year)
            - ((event_day.month, event_day.day) < (p.birth_date.month, p.birth_date.day))
            >= minimum_age
            for p in listed
        )
    finally:
        reopened.close()


# --- the command line ----------------------------------------------------------------------


def test_cli_import_roster_with_event_and_json_report(
    db_path: Path,
    store: Store,
    roster: Path,
    event_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store.close()
    out = tmp_path / "report.json"
    code = main(
        [
            "--db",
            str(db_path),
            "import-roster",
            str(roster),
            "--event",
            str(event_id),
            "--report",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "新增4人" in printed and "加入活动名单4人" in printed and "第6行" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["imported"], data["updated"], data["invited"]) == (4, 0, 4)
    assert {"row": 6, "column": "公民身份号码", "message": NUMERIC_ID_MESSAGE} in data["errors"]
    assert [d["row"] for d in data["duplicates"]] == [10, 15]
    reopened = open_store(db_path)
    assert len(reopened.invitations.for_event(event_id)) == 4
    reopened.close()


def test_cli_import_roster_bad_file_exits_1(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "名单.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["--db", str(db_path), "import-roster", str(path)]) == 1
    err = capsys.readouterr().err
    assert "另存为" in err and "Traceback" not in err


# --- property: bad rows never crash the import nor cost a good row -------------------------

_cell = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=25),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(
        ["合计", "说明：见上", "男", "女", "1980.05", "13800138000", "群众", "3.30682E+17"]
    ),
)
_bad_row = st.lists(_cell, min_size=0, max_size=7)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    valid_count=st.integers(min_value=1, max_value=8),
    bad_rows=st.lists(_bad_row, max_size=12),
    data=st.data(),
)
def test_random_bad_rows_never_crash_nor_lose_a_valid_row(
    valid_count: int, bad_rows: list[list[Any]], data: st.DataObject
) -> None:
    valid = [
        [
            f"代表{'甲乙丙丁戊己庚辛壬癸'[index]}",  # no digits: they are refused in names
            make_id(f"3306821980051{index:02d}{index % 10}1"[:17]),
            "男",
            f"1380013{index:04d}",
        ]
        for index in range(valid_count)
    ]
    rows: list[list[Any]] = [row[:] for row in valid]
    for bad in bad_rows:
        rows.insert(data.draw(st.integers(min_value=0, max_value=len(rows))), bad)
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(
            Path(folder) / "r.xlsx", [["姓名", "身份证号", "性别", "联系电话"], *rows]
        )
        store = open_store(Path(folder) / "t.db")
        try:
            report = import_roster(store, path, today=TODAY)
            stored = store.people.match_index().id_numbers
        finally:
            store.close()
    for row in valid:
        assert row[1] in stored, (row, report.to_dict())
    assert report.imported + report.updated >= valid_count


@settings(max_examples=30, deadline=None)
@given(body=st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=15))
def test_random_csv_content_never_crashes(body: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["姓名", "身份证号", "联系电话", "代表类别", "出生日期"])
    writer.writerows(body)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", errors="replace")
        store = open_store(Path(folder) / "t.db")
        try:
            import_roster(store, path, today=TODAY)
        except RosterFileError:
            pass  # e.g. a row above the header that looks more like one: a clear refusal
        finally:
            store.close()


def test_pinyin_keys_are_worked_out_before_the_write_lock(
    store: Store, roster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other writers wait only for the writes: no pinyin is computed inside the transaction."""
    from openday_desktop.domain import search
    from openday_desktop.storage import repositories

    in_transaction: list[str] = []

    def keys(name: str) -> tuple[str, str]:
        if store.db.conn.in_transaction:
            in_transaction.append(name)
        return search.name_search_keys(name)

    monkeypatch.setattr(repositories, "name_search_keys", keys)
    monkeypatch.setattr("openday_desktop.services.roster_import.name_search_keys", keys)
    report = import_roster(store, roster)
    assert report.imported > 0
    assert in_transaction == []
    stored = store.db.execute("SELECT name, name_pinyin, name_initials FROM people").fetchall()
    assert stored and all((p, i) == search.name_search_keys(n) for n, p, i in stored)


def test_a_roster_imported_again_unchanged_writes_nothing(store: Store, roster: Path) -> None:
    import gc

    first = import_roster(store, roster, today=TODAY)
    before = store.db.execute("SELECT * FROM people ORDER BY id").fetchall()
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    again = import_roster(store, roster, today=TODAY)
    store.db.conn.set_trace_callback(None)
    assert (again.imported, again.updated) == (0, first.imported)  # still reported as matched
    assert store.db.execute("SELECT * FROM people ORDER BY id").fetchall() == before
    assert [s for s in statements if s.lstrip().upper().startswith("UPDATE")] == []
    assert gc.isenabled()  # the pause of the cycle collector during reading has ended


def test_the_cycle_collector_runs_again_when_reading_fails(store: Store, tmp_path: Path) -> None:
    import gc

    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(RosterFileError):
        import_roster(store, broken)
    assert gc.isenabled()
