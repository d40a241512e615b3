"""Blank registration forms to send out before an event.

- ``registration_workbook``: a blank roster (报名汇总表) for villages and units, in the column
  names the importer reads exactly (``FIELD_LABELS``), so a filled form comes back with no
  column mapping; 性别, 代表类别 and 来源 are drop-down lists; ID number and phone columns are
  text, so Excel never turns an ID number into 1.1E+17.
- ``person_form_workbook`` / ``person_form_document``: the one-person 报名表 a public call asks
  citizens to fill, as label-value pairs (姓名 | … | 性别 | …); the importer reads this layout
  as one person (imports/forms.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from openday_desktop.domain.models import PERSON_SOURCES, SEXES
from openday_desktop.domain.validation import FIELD_LABELS

# The roster's columns: 序号, then every field by the label the importer matches exactly.
REGISTRATION_FIELDS: tuple[str, ...] = (
    "name",
    "sex",
    "id_number",
    "birth_date",
    "phone",
    "unit",
    "village",
    "category",
    "source",
    "notes",
)
REGISTRATION_HEADERS: tuple[str, ...] = ("序号", *(FIELD_LABELS[f] for f in REGISTRATION_FIELDS))
_WIDTHS = (6, 12, 6, 22, 12, 15, 28, 16, 14, 10, 18)
_TEXT_FIELDS = ("id_number", "phone", "birth_date")
BLANK_ROWS = 50

# The one-person form: rows of (label, field) pairs; a single pair spans the whole row.
PERSON_FORM_ROWS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("姓名", "name"), ("性别", "sex")),
    (("身份证号码", "id_number"), ("联系电话", "phone")),
    (("工作单位及职务", "unit"),),
    (("家庭住址", "village"),),
    (("报名类别", "category"),),
    (("备注", "notes"),),
)
PROMISE = "本人承诺以上信息真实有效，年满18周岁，在本地居住或工作，自愿参加活动并遵守活动安排。"


def registration_title(unit_name: str, event_title: str | None) -> str:
    """The form's title: the event's, else the unit's open day."""
    if event_title:
        return f"{event_title}代表报名表"
    # 某某镇人民政府 + 政府开放日 would print 政府 twice.
    if unit_name.endswith("政府"):
        return f"{unit_name}开放日代表报名表"
    return f"{unit_name}政府开放日代表报名表"


def registration_workbook(
    unit_name: str, categories: Sequence[str], event_title: str | None = None
) -> Any:
    """The blank roster: a title row, the importer's column names, drop-downs, text columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .excel_style import (
        STYLE_HEADER,
        STYLE_TEXT,
        STYLE_TEXT_AS_TEXT,
        STYLE_TITLE,
        list_validation,
        print_setup,
        register_styles,
        set_widths,
        write_option_lists,
    )

    workbook = Workbook()
    register_styles(workbook, size=11)
    ws: Any = workbook.active
    ws.title = "报名表"
    last_column = len(REGISTRATION_HEADERS)
    ws.cell(1, 1, registration_title(unit_name, event_title)).style = STYLE_TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_column)
    ws.row_dimensions[1].height = 32
    note = (
        f"填报单位（村/社区）：              填报人：              联系电话：\n"
        f"说明：身份证号请填写完整18位；代表类别、性别、来源请从下拉列表中选择。"
        f"（{unit_name}制）"
    )
    ws.cell(2, 1, note).font = Font(name="宋体", size=10)
    ws.cell(2, 1).alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_column)
    ws.row_dimensions[2].height = 34
    header_row = 3
    for column, title in enumerate(REGISTRATION_HEADERS, start=1):
        ws.cell(header_row, column, title).style = STYLE_HEADER
    first, last = header_row + 1, header_row + BLANK_ROWS
    for row in range(first, last + 1):
        ws.cell(row, 1, row - header_row).style = STYLE_TEXT
        for column, field_name in enumerate(REGISTRATION_FIELDS, start=2):
            cell = ws.cell(row, column)
            cell.style = STYLE_TEXT_AS_TEXT if field_name in _TEXT_FIELDS else STYLE_TEXT
    set_widths(ws, _WIDTHS)
    ws.freeze_panes = ws.cell(first, 3)
    print_setup(ws, title_rows=f"{header_row}:{header_row}", landscape=True)
    lists = {
        FIELD_LABELS["sex"]: list(SEXES),
        FIELD_LABELS["category"]: list(categories),
        FIELD_LABELS["source"]: list(PERSON_SOURCES),
    }
    for label, formula in write_option_lists(workbook, lists).items():
        column = REGISTRATION_HEADERS.index(label) + 1
        list_validation(ws, formula, column, first, last, label)
    return workbook


def person_form_workbook(
    unit_name: str, categories: Sequence[str], event_title: str | None = None
) -> Any:
    """The one-person 报名表 in Excel: label cells (grey) and value cells, four columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from .excel_style import (
        STYLE_HEADER,
        STYLE_TEXT,
        STYLE_TEXT_AS_TEXT,
        STYLE_TITLE,
        list_validation,
        print_setup,
        register_styles,
        set_widths,
        write_option_lists,
    )

    workbook = Workbook()
    register_styles(workbook, size=12)
    ws: Any = workbook.active
    ws.title = "个人报名表"
    ws.cell(1, 1, registration_title(unit_name, event_title)).style = STYLE_TITLE
    ws.merge_cells("A1:D1")
    ws.row_dimensions[1].height = 36
    row = 2
    cells: dict[str, str] = {}
    for pairs in PERSON_FORM_ROWS:
        if len(pairs) == 1:
            label, field_name = pairs[0]
            ws.cell(row, 1, label).style = STYLE_HEADER
            for column in range(2, 5):
                ws.cell(row, column).style = STYLE_TEXT
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
            cells[field_name] = f"B{row}"
        else:
            for offset, (label, field_name) in enumerate(pairs):
                ws.cell(row, 1 + 2 * offset, label).style = STYLE_HEADER
                value = ws.cell(row, 2 + 2 * offset)
                value.style = STYLE_TEXT_AS_TEXT if field_name in _TEXT_FIELDS else STYLE_TEXT
                cells[field_name] = value.coordinate
        ws.row_dimensions[row].height = 30 if field_name != "notes" else 60
        row += 1
    ws.cell(row + 1, 1, PROMISE).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=4)
    ws.row_dimensions[row + 1].height = 36
    ws.cell(row + 2, 3, "本人签名：")
    ws.cell(row + 3, 3, "填表日期：")
    set_widths(ws, (16, 26, 14, 22))
    print_setup(ws, title_rows="1:1")
    lists = {"性别": list(SEXES), "报名类别": list(categories)}
    formulas = write_option_lists(workbook, lists)
    for label, field_name in (("性别", "sex"), ("报名类别", "category")):
        coordinate = cells[field_name]
        column = ws[coordinate].column
        list_validation(ws, formulas[label], column, ws[coordinate].row, ws[coordinate].row, label)
    return workbook


def person_form_document(
    unit_name: str,
    categories: Sequence[str],
    body_font: str,
    event_title: str | None = None,
    deadline: date | None = None,
) -> Any:
    """The one-person 报名表 as a Word table (the same labels as the Excel form)."""
    from .official_style import OfficialDocument
    from .wording import cn_date

    doc = OfficialDocument(body_font, page_numbers=False)
    doc.title(registration_title(unit_name, event_title))
    rows: list[tuple[str, str, str, str]] = []
    for pairs in PERSON_FORM_ROWS:
        if len(pairs) == 1:
            rows.append((pairs[0][0], "", "", ""))
        else:
            (label_a, _), (label_b, _) = pairs
            rows.append((label_a, "", label_b, ""))
    # The first pair of fields is the table's first row (a form has no column titles).
    table = doc.table(rows[0], (36, 50, 28, 42), rows[1:])
    _merge_single_rows(table)
    doc.paragraph(f"可选报名类别：{'、'.join(categories)}。", indent=False)
    doc.paragraph(PROMISE)
    doc.paragraph("本人签名：                    填表日期：", indent=False)
    if deadline is not None:
        doc.paragraph(f"请于{cn_date(deadline)}前交回。", indent=False)
    return doc


def _merge_single_rows(table: Any) -> None:
    """Rows with one field: its value cell spans the rest of the row; every row tall enough
    to write in by hand (the table's own rows fit printed text only)."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm

    for row in table.rows:
        row.height = Mm(10)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    table.rows[-1].height = Mm(18)  # 备注: room for a few lines
    for index, pairs in enumerate(PERSON_FORM_ROWS):
        if len(pairs) == 1 and index < len(table.rows):
            cells = table.rows[index].cells
            merged = cells[1].merge(cells[3])
            merged.text = ""
