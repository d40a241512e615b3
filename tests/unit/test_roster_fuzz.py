"""The roster fuzz campaign as a property test: random rosters (.xlsx and .csv) of valid people
and broken rows, with hostile text in the free-text columns.

Whatever the mix: the import raises nothing, every valid row is kept, every broken row is
reported as an error at the row number Excel (or a text editor) shows, no valid row is
reported, and neither the import report nor the exported roster holds a formula.
Kept small (a few dozen examples) so that it runs in CI; the original campaign's counts came
from the same generators run longer.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from openday_desktop.imports.report import write_report_xlsx
from openday_desktop.services.documents import ExportRequest, export_document
from openday_desktop.services.roster_import import import_roster
from openday_desktop.services.settings import set_setting
from openday_desktop.storage import open_store
from tests.unit.test_roster_import import TODAY, make_id

HEADER = ["姓名", "性别", "身份证号", "联系电话", "单位及职务", "备注"]
GIVEN_NAMES = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"

# Text that must stay text wherever it goes: formula and DDE starts, SQL, control characters.
HOSTILE_TEXT = st.sampled_from(
    [
        "=cmd|' /C calc'!A0",
        '=HYPERLINK("http://example.invalid","点我")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
        "'); DROP TABLE people;--",
        "1' OR '1'='1",
        "村委\x01会\x07",
        "第一行\r\n第二行\t制表",
        "长" * 3000,
        "",
    ]
)


@dataclass(frozen=True)
class Row:
    cells: list[str]
    bad: bool  # the import must report it as an error
    id_number: str = ""  # a valid row's ID number, to find it in the pool


def _birth_body(draw: st.DrawFn) -> str:
    year = draw(st.integers(min_value=1945, max_value=2000))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=28))
    return f"{year:04d}{month:02d}{day:02d}"


@st.composite
def valid_row(draw: st.DrawFn, number: int) -> Row:
    # The sequence number keeps ID numbers unique; names never repeat either.
    body = f"330682{_birth_body(draw)}{number:03d}"
    id_number = make_id(body)
    name = SURNAMES[number % len(SURNAMES)] + GIVEN_NAMES[number // len(SURNAMES)]
    phone = f"13{draw(st.integers(min_value=0, max_value=9))}{number:08d}"
    cells = [name, "", id_number, phone, draw(HOSTILE_TEXT), draw(HOSTILE_TEXT)]
    return Row(cells, bad=False, id_number=id_number)


@st.composite
def bad_row(draw: st.DrawFn, number: int) -> Row:
    name = SURNAMES[number % len(SURNAMES)] + "某" + GIVEN_NAMES[number // len(SURNAMES)]
    good = make_id(f"330682{_birth_body(draw)}{number:03d}")
    kind = draw(st.sampled_from(["checksum", "date", "short", "letters"]))
    if kind == "checksum":
        id_number = good[:17] + ("0" if good[17] != "0" else "1")
    elif kind == "date":
        id_number = make_id(
            f"33068219{draw(st.sampled_from(['8013', '8200', '8232']))}01{number:03d}"[:17]
        )
    elif kind == "short":
        id_number = good[:15] + "9"
    else:
        id_number = good[:10] + "ABCDEFGH"
    cells = [name, "男", id_number, "13800138000", draw(HOSTILE_TEXT), draw(HOSTILE_TEXT)]
    return Row(cells, bad=True)


@st.composite
def rosters(draw: st.DrawFn) -> list[Row | None]:
    """Rows in file order; None is an empty row."""
    valid_count = draw(st.integers(min_value=1, max_value=6))
    bad_count = draw(st.integers(min_value=0, max_value=6))
    rows: list[Row | None] = [draw(valid_row(n)) for n in range(valid_count)]
    rows += [draw(bad_row(100 + n)) for n in range(bad_count)]
    rows += [None] * draw(st.integers(min_value=0, max_value=3))
    return draw(st.permutations(rows))


def _write(path: Path, rows: list[Row | None]) -> None:
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(HEADER)
        for number, row in enumerate(rows, start=2):
            for column, value in enumerate(row.cells if row else [], start=1):
                # A workbook cannot hold control characters at all (its XML forbids them).
                cell = sheet.cell(number, column, ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"  # written as the text a clerk typed, never a formula
        workbook.save(path)
    else:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for row in rows:
                writer.writerow(row.cells if row else [])


def _formulas(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for line in sheet.iter_rows()
        for cell in line
        if cell.data_type == "f"
    ]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rows=rosters(), suffix=st.sampled_from([".xlsx", ".csv"]))
def test_fuzzed_rosters_keep_every_valid_row_and_report_every_bad_one(
    rows: list[Row | None], suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        source = folder / f"名单{suffix}"
        _write(source, rows)
        store = open_store(folder / "t.db")
        try:
            set_setting(store, "unit_name", "城关镇人民政府")  # documents refuse placeholders
            report = import_roster(store, source, today=TODAY)
            stored = store.people.match_index().id_numbers
            written = folder / "名册.xlsx"
            export_document(store, "roster", ExportRequest(), written)
            report_file = folder / "问题行.xlsx"
            write_report_xlsx(report, report_file)
            exported_formulas = _formulas(written) + _formulas(report_file)
        finally:
            store.close()

    expected_bad = {n for n, row in enumerate(rows, start=2) if row is not None and row.bad}
    valid_rows = {n for n, row in enumerate(rows, start=2) if row is not None and not row.bad}
    summary = report.to_dict()
    assert expected_bad <= set(report.error_rows), summary
    assert not valid_rows & set(report.error_rows), summary
    for row in rows:
        if row is not None and not row.bad:
            assert row.id_number in stored, (row.cells[:4], summary)
    assert report.imported == len(valid_rows)
    assert exported_formulas == []
