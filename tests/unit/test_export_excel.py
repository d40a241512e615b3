"""The Excel workbooks read back with openpyxl: text IDs, validation, print set-up, masking."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from openday_desktop.domain.models import (
    INV_PUBLISHED,
    INV_REJECTED,
    Invitation,
    Person,
)
from openday_desktop.exports.context import pinyin_key
from openday_desktop.exports.excel_feedback import STATUS_COLOURS
from openday_desktop.exports.excel_signin import WALK_IN_ROWS
from openday_desktop.services.documents import (
    roster_html,
    roster_table,
    signin_sheet_html,
    signin_sheet_rows,
    write_feedback_ledger,
    write_roster,
    write_signin_sheet,
)
from openday_desktop.storage import Store

PAST, UPCOMING = 1, 2


def _validation_for(ws: object, column_letter: str) -> object | None:
    for validation in ws.data_validations.dataValidation:  # type: ignore[attr-defined]
        if any(str(rng).startswith(column_letter) for rng in validation.sqref.ranges):
            return validation
    return None


# --- roster -----------------------------------------------------------------------------------


def test_pool_roster_has_everyone_with_full_id_and_phone_as_text(
    demo_store: Store, tmp_path: Path
) -> None:
    path = write_roster(demo_store, tmp_path / "pool.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["代表名册", "选项"]
    assert workbook["选项"].sheet_state == "hidden"
    ws = workbook["代表名册"]
    # What and whose: the title and the unit with the day, merged across the columns.
    assert ws["A1"].value == "青石镇人民政府代表库名册"
    assert "单位：青石镇人民政府" in ws["A2"].value and "导出日期：" in ws["A2"].value
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:L1", "A2:L2"} <= merged
    header = [c.value for c in ws[3]]
    assert header[:12] == [
        "序号",
        "姓名",
        "性别",
        "出生日期",
        "年龄",
        "身份证号",
        "联系电话",
        "工作单位及职务",
        "村（社区）",
        "代表类别",
        "来源",
        "备注",
    ]
    people = {p.id_number: p for p in demo_store.people.list()}
    assert ws.max_row - 3 == len(people)
    for row in ws.iter_rows(min_row=4):
        id_cell, phone_cell = row[5], row[6]
        assert id_cell.data_type == "s" and id_cell.number_format == "@"
        assert phone_cell.data_type == "s" and phone_cell.number_format == "@"
        assert people[id_cell.value].phone == phone_cell.value
        assert isinstance(row[0].value, int)
        # A real date Excel sorts, shown as 1990年3月7日.
        assert row[3].value is None or isinstance(row[3].value, datetime)
        assert row[3].number_format == 'yyyy"年"m"月"d"日"'
    assert any(row[3].value for row in ws.iter_rows(min_row=4))
    assert ws.freeze_panes == "C4"
    assert ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape"


def test_roster_validation_lists_and_widths(demo_store: Store, tmp_path: Path) -> None:
    ws = load_workbook(write_roster(demo_store, tmp_path / "r.xlsx", UPCOMING))["代表名册"]
    assert ws["A1"].value.endswith("政府开放日活动代表名册")
    assert "单位：青石镇人民政府" in ws["A2"].value and "活动日期：2026年6月22日" in ws["A2"].value
    header = [c.value for c in ws[3]]
    assert header[12:] == ["名单状态", "审核意见", "签到情况", "签到时间"]
    category = _validation_for(ws, "J")
    status = _validation_for(ws, "M")
    assert category is not None and status is not None
    assert category.type == "list" and "选项" in category.formula1
    options = load_workbook(tmp_path / "r.xlsx")["选项"]
    choices = {options.cell(row=1, column=c).value: c for c in range(1, options.max_column + 1)}
    categories = [
        options.cell(row=r, column=choices["代表类别"]).value for r in range(2, options.max_row + 1)
    ]
    assert [c for c in categories if c] == demo_store.categories.names()
    statuses = [
        options.cell(row=r, column=choices["名单状态"]).value for r in range(2, options.max_row + 1)
    ]
    assert "未通过" in statuses and "已确认" in statuses
    # Widths fit Chinese text: the unit column is wider than its longest value's characters.
    longest = max(len(str(ws.cell(row=r, column=8).value or "")) for r in range(4, ws.max_row + 1))
    assert ws.column_dimensions["H"].width >= min(2 * longest, 40)
    assert ws.column_dimensions["F"].width >= 18


def test_roster_print_data_is_full(demo_store: Store) -> None:
    table = roster_table(demo_store, PAST)
    person = demo_store.invitations.for_event(PAST)[0][1]
    assert any(row[5] == person.id_number and row[6] == person.phone for row in table.rows)
    html = roster_html(demo_store, PAST)
    assert "<thead>" in html and person.id_number in html


# --- sign-in sheet -----------------------------------------------------------------------------


def test_signin_sheet_lists_the_approved_sorted_and_masked(
    demo_store: Store, tmp_path: Path
) -> None:
    pairs = demo_store.invitations.for_event(UPCOMING)
    active = [p for inv, p in pairs if inv.status in ("审核通过", "已公示", "已确认")]
    # The demo has rejected people and 已报名 people nobody reviewed on this list: the
    # sheet at the door lists neither.
    assert {inv.status for inv, _ in pairs} >= {INV_REJECTED, "已报名"}
    path = write_signin_sheet(demo_store, UPCOMING, tmp_path / "s.xlsx")
    ws = load_workbook(path).active
    assert "签到表" in ws["A1"].value
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    info = ws["A2"].value
    assert "日期：2026年6月22日（星期一）" in info and "时间：上午8:30—11:00" in info
    assert "地点：镇便民服务中心（镇政府一楼大厅）" in info
    assert [c.value for c in ws[3]] == [
        "序号",
        "姓名",
        "单位及职务",
        "代表类别",
        "联系电话",
        "签名",
    ]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    people_rows, blank_rows = rows[: len(active)], rows[len(active) :]
    assert len(blank_rows) == WALK_IN_ROWS
    assert all(r[1] is None and isinstance(r[0], int) for r in blank_rows)
    by_name = {p.name: p for p in active}
    assert {r[1] for r in people_rows} == set(by_name)
    for row in people_rows:
        phone = by_name[row[1]].phone
        assert row[4] == f"{phone[:3]}****{phone[-4:]}"
    order = demo_store.categories.names()
    keys = [(order.index(r[3]), pinyin_key(r[1])) for r in people_rows]
    assert keys == sorted(keys)
    all_values = " ".join(str(v) for r in rows for v in r if v)
    for person in active:
        assert person.phone not in all_values and person.id_number not in all_values


def test_signin_sheet_prints_on_a4_with_header_on_every_page(
    demo_store: Store, tmp_path: Path
) -> None:
    ws = load_workbook(write_signin_sheet(demo_store, PAST, tmp_path / "s.xlsx")).active
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_options.horizontalCentered is True
    assert ws.print_title_rows == "$1:$3"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.freeze_panes == "A4"
    # Rows tall enough to sign by hand, and a wide signature column.
    assert ws.sheet_format.defaultRowHeight >= 28 and ws.sheet_format.customHeight
    assert ws.column_dimensions["F"].width >= 20
    assert ws["D5"].border.left.style == "thin"
    assert ws["A3"].font.name == "黑体"


def test_signin_sheet_per_site(demo_store: Store, tmp_path: Path) -> None:
    table = signin_sheet_rows(demo_store, PAST, site=2)
    assert table.title.endswith("（青石村高标准农田灌溉工程）")
    assert "时间：10:40—11:30" in table.info_lines[0]
    workbook = load_workbook(
        write_signin_sheet(demo_store, PAST, tmp_path / "all.xlsx", all_sites=True)
    )
    assert workbook.sheetnames == [
        "镇便民服务中心",
        "镇社会治理综合指挥中心",
        "青石村高标准农田灌溉工程",
    ]
    with pytest.raises(Exception, match="没有第 9 个"):
        signin_sheet_rows(demo_store, PAST, site=8)


def test_signin_html_repeats_the_header(demo_store: Store) -> None:
    html = signin_sheet_html(demo_store, PAST)
    assert html.count("<thead>") == 1 and "</thead><tbody>" in html
    assert "<th" in html and "签名" in html
    person = demo_store.invitations.for_event(PAST)[0][1]
    assert person.phone not in html and person.phone[-4:] in html


def test_formula_injection_in_names_is_neutralised(demo_store: Store, tmp_path: Path) -> None:
    evil = Person(name='=HYPERLINK("http://x","点我")', unit="+1-2", category="群众代表")
    evil_id = demo_store.people.add(evil)
    demo_store.invitations.invite(Invitation(UPCOMING, evil_id, status=INV_PUBLISHED))
    ws = load_workbook(write_signin_sheet(demo_store, UPCOMING, tmp_path / "s.xlsx")).active
    cells = [c for row in ws.iter_rows(min_row=4) for c in row if c.value == evil.name]
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].quotePrefix
    unit = ws.cell(row=cells[0].row, column=3)
    assert unit.value == "+1-2" and unit.data_type == "s" and unit.quotePrefix
    roster = load_workbook(write_roster(demo_store, tmp_path / "r.xlsx"))["代表名册"]
    formulas = [c for row in roster.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_control_characters_stripped_in_excel(demo_store: Store, tmp_path: Path) -> None:
    person_id = demo_store.people.add(Person(name="王\x07五", unit="单\x1f位", category="其他"))
    demo_store.invitations.invite(Invitation(UPCOMING, person_id, status=INV_PUBLISHED))
    ws = load_workbook(write_signin_sheet(demo_store, UPCOMING, tmp_path / "s.xlsx")).active
    values = [c.value for row in ws.iter_rows(min_row=4) for c in row]
    assert "王五" in values and "单位" in values


# --- suggestion ledger --------------------------------------------------------------------------


def test_ledger_has_every_field_and_status_colours(demo_store: Store, tmp_path: Path) -> None:
    path = write_feedback_ledger(demo_store, tmp_path / "l.xlsx", PAST, today=date(2026, 6, 1))
    ws = load_workbook(path)["意见建议台账"]
    assert ws["A1"].value.endswith("政府开放日活动意见建议台账")
    assert "单位：青石镇人民政府" in ws["A2"].value and "统计日期：2026年6月1日" in ws["A2"].value
    assert ws.print_title_rows == "$1:$3" and ws.freeze_panes.endswith("4")
    header = [c.value for c in ws[3]]
    assert header == [
        "编号",
        "提出人",
        "意见建议内容",
        "分类",
        "责任单位",
        "责任人",
        "办理时限",
        "办理状态",
        "答复情况",
        "答复日期",
        "整改情况",
        "办结日期",
        "是否按时办结",
        "是否采纳",
        "回访日期",
        "回访方式",
        "回访情况",
        "满意度",
        "是否公开",
        "公开日期",
        "是否逾期",
    ]
    items = {item.id: item for item in demo_store.feedback.list(PAST)}
    # The handling dates and the call-back are in the ledger as the steps recorded them.
    for row in range(4, ws.max_row + 1):
        item = items[ws.cell(row=row, column=1).value]
        values = dict(zip(header, (c.value for c in ws[row]), strict=True))
        completed = values["办结日期"].date() if values["办结日期"] else None
        assert completed == item.completed_date
        deadline = ws.cell(row=row, column=header.index("办理时限") + 1)
        assert deadline.value is None or deadline.value.date() == item.deadline
        assert deadline.number_format == 'yyyy"年"m"月"d"日"'
        assert values["是否按时办结"] == {True: "是", False: "否", None: None}[item.on_time]
        assert values["回访方式"] == (item.follow_up_method or None)
    assert ws.max_row - 3 == len(items) == 20
    status_col = header.index("办理状态") + 1
    overdue_col = header.index("是否逾期") + 1
    overdue = 0
    for row in range(4, ws.max_row + 1):
        item = items[ws.cell(row=row, column=1).value]
        status = ws.cell(row=row, column=status_col)
        assert status.value == item.status
        assert status.fill.fgColor.rgb.endswith(STATUS_COLOURS[item.status])
        mark = ws.cell(row=row, column=overdue_col)
        if item.is_overdue(date(2026, 6, 1)):
            overdue += 1
            assert mark.value == "是" and mark.font.color.rgb.endswith("9C0006")
        else:
            assert mark.value is None
    assert overdue > 0
    assert _validation_for(ws, "H") is not None
    assert ws.auto_filter.ref == f"A3:U{ws.max_row}"


def test_ledger_of_all_events_names_the_event(demo_store: Store, tmp_path: Path) -> None:
    ws = load_workbook(write_feedback_ledger(demo_store, tmp_path / "l.xlsx"))["意见建议台账"]
    assert ws["A1"].value == "青石镇人民政府意见建议台账"
    assert "范围：全部活动" in ws["A2"].value
    assert ws["B3"].value == "活动"
    assert "政府开放日活动" in ws["B4"].value


@pytest.mark.parametrize("name", ["roster", "signin", "feedback"])
def test_workbooks_carry_the_unit_and_their_title(
    demo_store: Store, tmp_path: Path, name: str
) -> None:
    from openday_desktop.services.documents import ExportRequest, export_document

    path = export_document(demo_store, name, ExportRequest(PAST), tmp_path / f"{name}.xlsx")
    props = load_workbook(path).properties
    assert props.creator == props.lastModifiedBy == "青石镇人民政府"
    assert props.title and "走进镇政府" in props.title
    assert props.language == "zh-CN"


def test_a_very_long_suggestion_stays_within_excels_row_limit(
    demo_store: Store, tmp_path: Path
) -> None:
    from openday_desktop.domain.models import Feedback

    long_text = "建议加快老旧小区改造，" * 200  # 2,200 characters
    demo_store.feedback.add(Feedback(event_id=PAST, content=long_text, category="其他"))
    ws = load_workbook(write_feedback_ledger(demo_store, tmp_path / "l.xlsx", PAST))["意见建议台账"]
    rows = {
        r: ws.row_dimensions[r].height
        for r in range(4, ws.max_row + 1)
        if ws.row_dimensions[r].height
    }
    assert rows and max(rows.values()) == 409  # cut at Excel's maximum, not 1,500 pt
    content_col = [c.value for c in ws[3]].index("意见建议内容") + 1
    # The whole text is kept in its one cell (the row still sorts and filters as one item).
    assert long_text in [ws.cell(row=r, column=content_col).value for r in rows]


def test_signin_rows_grow_for_long_names(demo_store: Store, tmp_path: Path) -> None:
    name = "买买提·艾力·阿不都热合曼"
    person_id = demo_store.people.add(Person(name=name, unit="青石村", category="群众代表"))
    demo_store.invitations.invite(Invitation(UPCOMING, person_id, status=INV_PUBLISHED))
    ws = load_workbook(write_signin_sheet(demo_store, UPCOMING, tmp_path / "s.xlsx")).active
    assert "单位：青石镇人民政府" in ws["A2"].value
    [row] = [r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=2).value == name]
    assert ws.row_dimensions[row].height > 30
    assert ws.cell(row=row, column=2).alignment.wrap_text
    others = [r for r in range(4, ws.max_row + 1) if r != row]
    assert all(not ws.row_dimensions[r].height for r in others)  # the signing default


def test_print_title_breaks_between_words() -> None:
    from openday_desktop.exports.print_table import title_capacity, title_lines

    room = title_capacity(False)
    title = "“走进镇政府 共话新发展”政府开放日活动签到表（青石村高标准农田灌溉工程）"
    assert title_lines(title, room) == [
        "“走进镇政府 共话新发展”政府开放日活动签到表",
        "（青石村高标准农田灌溉工程）",
    ]
    long_event = "“优化营商环境 服务百姓民生 共建美丽乡村”政府开放日活动签到表"
    lines = title_lines(long_event, room)
    assert lines[-1].endswith("签到表") and "".join(lines) == long_event.replace(" 共", "共", 0)
    assert all(not line.startswith(("到表", "表")) for line in lines)
    assert title_lines("短标题签到表", room) == ["短标题签到表"]


def test_signin_html_repeats_title_and_date_line_in_the_head(demo_store: Store) -> None:
    html = signin_sheet_html(demo_store, PAST)
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert "签到表" in head and "日期：2026年3月23日" in head and "签名" in head
    assert "<h1>" not in html  # nothing above the table that a later page would lose


def test_signin_xlsx_title_wraps_between_words(demo_store: Store, tmp_path: Path) -> None:
    path = write_signin_sheet(demo_store, PAST, tmp_path / "s.xlsx", site=2)
    ws = load_workbook(path).active
    assert ws["A1"].value == (
        "“走进镇政府 共话新发展”政府开放日活动签到表\n（青石村高标准农田灌溉工程）"
    )
    assert ws["A1"].alignment.wrap_text and ws.row_dimensions[1].height > 40
    # The date line holds the unit, date, time and place: tall enough for its two lines.
    assert ws.row_dimensions[2].height > 22
