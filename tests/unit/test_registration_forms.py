"""Before the event: the call (征集公告), blank registration forms that import back cleanly,
one-person 报名表 in Excel and Word, and importing many files at once."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from openday_desktop.cli import main
from openday_desktop.domain.models import Event, Site
from openday_desktop.imports import detect
from openday_desktop.imports.forms import is_form_layout
from openday_desktop.services.documents import ExportRequest, export_document
from openday_desktop.services.roster_import import import_roster, import_rosters
from openday_desktop.storage import Store

EVENT_DAY = date(2027, 6, 15)


def make_id(body: str) -> str:
    """A checksum-valid 18-digit number from its first 17 digits (GB 11643, MOD 11-2)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


ZHANG = make_id("33068219800512001")  # 男
LI = make_id("33068219900101004")  # 女


def _unit(store: Store) -> None:
    with store.transaction():
        store.settings.set("unit_name", "青石镇人民政府")
        store.settings.set("office_name", "青石镇党政办公室")
        store.settings.set("contact_person", "周敏")
        store.settings.set("contact_phone", "0571-12345678")
        store.settings.set("leading_group", "组长：王强")


def _event(store: Store) -> int:
    with store.transaction():
        return store.events.add(
            Event(
                "“走进镇政府”政府开放日活动",
                EVENT_DAY,
                theme="走进镇政府",
                sites=[Site("镇便民服务中心"), Site("镇综合文化站")],
            )
        )


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def test_call_says_who_when_how_and_by_when(store: Store, tmp_path: Path) -> None:
    _unit(store)
    event_id = _event(store)
    path = export_document(
        store, "call", ExportRequest(event_id, on=date(2027, 5, 6)), tmp_path / "call.docx"
    )
    text = _docx_text(path)
    assert "公开征集" in text and "年满18周岁" in text
    assert "2027年6月15日" in text  # the event day
    assert "送交青石镇党政办公室" in text and "0571-12345678电话报名" in text
    # The deadline: before 5 days of review and the 公示's working days (5): in May.
    assert "2027年5月" in text or "2027年6月" in text
    assert "{" not in text and "某某" not in text
    assert "2027年5月6日" in text  # signed


def test_call_refuses_while_the_unit_is_a_placeholder(store: Store, tmp_path: Path) -> None:
    from openday_desktop.services.documents import PlaceholderError

    event_id = _event(store)
    with pytest.raises(PlaceholderError):
        export_document(store, "call", ExportRequest(event_id), tmp_path / "call.docx")
    assert not (tmp_path / "call.docx").exists()


def test_blank_registration_form_has_the_importers_columns_and_lists(
    store: Store, tmp_path: Path
) -> None:
    _unit(store)
    path = export_document(store, "registration-form", ExportRequest(), tmp_path / "r.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["报名表"]
    assert "报名表" in str(sheet["A1"].value)
    headers = [cell.value for cell in sheet[3]]
    assert headers[:4] == ["序号", "姓名", "性别", "身份证号"]
    preview = detect(path)
    assert preview.header_row == 3
    assert set(preview.mapping) == {
        "name", "sex", "id_number", "birth_date", "phone", "unit", "village",
        "category", "source", "notes",
    }  # fmt: skip
    ranges = {str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert len(ranges) == 3
    assert sheet["D4"].number_format == "@"  # ID numbers stay text


def test_a_filled_registration_form_reimports_with_no_problems(
    store: Store, tmp_path: Path
) -> None:
    _unit(store)
    event_id = _event(store)
    path = export_document(store, "registration-form", ExportRequest(event_id), tmp_path / "r.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["报名表"]
    rows = [
        ("张伟", "男", ZHANG, None, "13800138000", "青石镇农技站 站长", "杏花村", "群众代表", "公开报名", ""),
        ("李娜", "女", LI, None, "13900139000", "个体工商户", "青石村", "企业代表", "组织推荐", "备注"),
    ]  # fmt: skip
    for row_number, values in enumerate(rows, start=4):
        for column, value in enumerate(values, start=2):
            sheet.cell(row_number, column, value)
    workbook.save(path)
    report = import_roster(store, path, event_id=event_id, today=date(2027, 5, 1))
    assert (report.imported, report.errors, report.warnings, report.duplicates) == (2, [], [], [])
    people = {p.name: p for p in store.people.list()}
    assert people["李娜"].category == "企业代表" and people["李娜"].source == "组织推荐"
    assert people["张伟"].source == "公开报名"


def _fill_person_xlsx(source: Path, target: Path, values: dict[str, str]) -> Path:
    workbook = openpyxl.load_workbook(source)
    sheet = workbook.active
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value in values:
                sheet.cell(cell.row, cell.column + 1, values[cell.value])
    workbook.save(target)
    return target


def test_person_form_in_excel_imports_as_one_person(store: Store, tmp_path: Path) -> None:
    _unit(store)
    blank = export_document(store, "person-form", ExportRequest(), tmp_path / "form.xlsx")
    filled = _fill_person_xlsx(
        blank,
        tmp_path / "张伟.xlsx",
        {
            "姓名": "张伟",
            "性别": "男",
            "身份证号码": ZHANG,
            "联系电话": "13800138000",
            "工作单位及职务": "青石镇农技站",
            "家庭住址": "杏花村",
            "报名类别": "群众代表",
        },
    )
    report = import_roster(store, filled, today=date(2027, 5, 1))
    assert (report.imported, report.errors, report.warnings) == (1, [], [])
    (person,) = store.people.list()
    assert (person.name, person.village, person.source) == ("张伟", "杏花村", "公开报名")
    # A blank form is recognised too: nobody without a name, no label taken for a person.
    report = import_roster(store, blank, today=date(2027, 5, 1))
    assert report.imported == 0 and len(report.errors) == 1
    assert "没有填写姓名" in report.errors[0].message
    assert [p.name for p in store.people.list()] == ["张伟"]


def test_hand_made_form_never_turns_labels_into_people(store: Store, tmp_path: Path) -> None:
    """The layout that once put "家庭住址" and "报名类别" into the pool."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (
        ["政府开放日报名表"],
        ["姓 名", "李娜", "性 别", "女", "民族", "汉"],
        ["身份证号码", LI, "联系电话", "13900139000"],
        ["工作单位", "个体"],
        ["家庭住址", "青石村3组"],
        ["报名类别", "企业代表"],
    ):
        sheet.append(row)
    path = tmp_path / "li.xlsx"
    workbook.save(path)
    rows = [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    assert is_form_layout(rows)
    assert detect(path).form
    report = import_roster(store, path, today=date(2027, 5, 1))
    assert report.errors == [] and report.imported == 1
    (person,) = store.people.list()
    assert (person.name, person.category, person.unit) == ("李娜", "企业代表", "个体")


def test_person_form_problem_names_the_field_and_row(store: Store, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (
        ["姓名", "王五", "性别", "男"],
        ["身份证号码", "330682198005120012", "联系电话", "1380013"],
        ["报名类别", "群众代表"],
    ):
        sheet.append(row)
    path = tmp_path / "wang.xlsx"
    workbook.save(path)
    report = import_roster(store, path, today=date(2027, 5, 1))
    assert report.imported == 0
    columns = {(issue.row, issue.column) for issue in report.errors}
    assert (2, "身份证号码") in columns


def test_table_reader_refuses_a_label_as_a_name(store: Store, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "性别", "联系电话"])
    sheet.append(["张伟", "男", "13800138000"])
    sheet.append(["家庭住址", "", ""])
    for _ in range(70):  # long enough to be a list, not a form
        sheet.append(["", "", ""])
    sheet.append(["李娜", "女", "13900139000"])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    report = import_roster(store, path, today=date(2027, 5, 1))
    assert report.imported == 2
    assert [issue.row for issue in report.errors] == [3]
    assert "栏目名称" in report.errors[0].message


def _person_docx(path: Path, name: str, id_number: str, category: str) -> Path:
    document = docx.Document()
    document.add_paragraph("个人报名表")
    table = document.add_table(rows=4, cols=4)
    cells = [
        ("姓名", name, "性别", ""),
        ("身份证号码", id_number, "联系电话", "13700137000"),
        ("工作单位", "青石小学 教师", "", ""),
        ("报名类别", category, "", ""),
    ]
    for row, values in zip(table.rows, cells, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    merged = table.rows[2].cells[1].merge(table.rows[2].cells[3])
    merged.text = "青石小学 教师"
    document.save(str(path))
    return path


def test_person_form_in_word_and_the_exported_word_form(store: Store, tmp_path: Path) -> None:
    _unit(store)
    path = _person_docx(tmp_path / "zhang.docx", "张伟", ZHANG, "人大代表")
    report = import_roster(store, path, today=date(2027, 5, 1))
    assert (report.imported, report.errors) == (1, [])
    (person,) = store.people.list()
    assert (person.unit, person.category, person.sex) == ("青石小学 教师", "人大代表", "男")

    blank = export_document(store, "person-form", ExportRequest(), tmp_path / "blank.docx")
    document = docx.Document(str(blank))
    table = document.tables[0]
    table.rows[0].cells[1].text = "李娜"
    table.rows[1].cells[1].text = LI
    table.rows[4].cells[1].text = "企业代表"
    document.save(str(tmp_path / "li.docx"))
    report = import_roster(store, tmp_path / "li.docx", today=date(2027, 5, 1))
    assert (report.imported, report.errors, report.warnings) == (1, [], [])


def test_many_files_and_a_folder_in_one_report(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    _person_docx(folder / "a.docx", "张伟", ZHANG, "群众代表")
    _person_docx(folder / "b.docx", "李娜", "330682199001010041", "群众代表")  # bad checksum
    _person_docx(folder / "c.docx", "张伟", ZHANG, "群众代表")  # the same person again
    (folder / "~$a.docx").write_bytes(b"lock")
    (folder / "broken.xlsx").write_bytes(b"not a workbook")
    (folder / "readme.pdf").write_bytes(b"%PDF")
    report = import_rosters(store, [folder], today=date(2027, 5, 1))
    assert report.files == ["a.docx", "b.docx", "broken.xlsx", "c.docx"]
    assert report.imported == 1 and report.updated == 1
    files = {(issue.file, issue.column) for issue in report.errors}
    assert ("b.docx", "身份证号码") in files
    assert any(issue.file == "broken.xlsx" for issue in report.errors)
    assert [issue.file for issue in report.duplicates] == ["c.docx"]
    data = report.to_dict()
    assert data["errors"][0]["file"] and data["files"]


def test_cli_import_roster_takes_many_files(
    store: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: E501
    a = _person_docx(tmp_path / "a.docx", "张伟", ZHANG, "群众代表")
    b = _person_docx(tmp_path / "b.docx", "李娜", LI, "群众代表")
    store.close()
    out = tmp_path / "report.json"
    code = main(["--db", str(db_path), "import-roster", str(a), str(b), "--report", str(out)])
    assert code == 0
    assert "已导入2个文件" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["imported"] == 2 and data["files"] == ["a.docx", "b.docx"]
    xlsx = tmp_path / "report.xlsx"
    assert main(["--db", str(db_path), "import-roster", str(a), str(b), "--report", str(xlsx)]) == 0
    assert openpyxl.load_workbook(xlsx)["问题行"]["A1"].value == "文件"
