"""签到表: the sign-in sheet laid out on the table at the entrance, printed on A4.

Everyone the selection approved (审核通过, 已公示, 已确认), by category order then pinyin,
phones masked (the sheet lies open in public), ten numbered blank rows for walk-ins, rows tall
enough to sign by hand, the title and header rows repeated on every page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.masking import mask_phone
from openday_desktop.domain.models import Event, Site

from .context import person_order_key
from .excel_style import (
    STYLE_INFO,
    STYLE_TEXT_CENTER,
    STYLE_TEXT_WRAP,
    STYLE_TITLE,
    append_header,
    print_setup,
    register_styles,
    save_workbook,
    set_widths,
    style_arrays,
    styled_cells,
    title_rows,
    wrapped_row_height,
)
from .print_table import PrintTable
from .wording import cn_date, cn_weekday, format_slot, site_place, time_range

# (name, unit, category, phone, name_pinyin) of one person on the sheet.
SigninPerson = tuple[str, str, str, str, str]

SIGNIN_HEADERS = ("序号", "姓名", "单位及职务", "代表类别", "联系电话", "签名")
SIGNIN_WIDTHS = (6.0, 11.0, 32.0, 12.0, 15.0, 22.0)  # Excel units; 签名 wide enough to sign
WALK_IN_ROWS = 10
SIGN_ROW_HEIGHT_PT = 30  # about 10.6 mm: room for a handwritten name
TITLE_ROWS = 3  # title, date/time/place, header
CENTERED = frozenset({0, 1, 3, 4})
GROWING_COLUMNS = (1, 2)  # 姓名, 单位及职务


def _site(event: Event, site: int | None) -> Site | None:
    if site is None:
        return None
    if not 0 <= site < len(event.sites):
        raise ValidationError(
            "site",
            f"该活动只有 {len(event.sites)} 个开放点，没有第 {site + 1} 个，请重新选择开放点。",
        )
    return event.sites[site]


def signin_sheet_rows(
    event: Event,
    people: Iterable[SigninPerson],
    categories: Sequence[str],
    site: int | None = None,
    unit_name: str = "",
) -> PrintTable:
    """The sign-in sheet's content: title, info line, header and masked rows.

    ``people`` are everyone the selection approved (sorted here by category
    order, then pinyin). ``site`` is the 0-based position of an open site: its name, time slot
    and address go in the title and info line instead of the event's.
    """
    chosen = _site(event, site)
    title = f"{event.title}签到表"
    if chosen is not None:
        title += f"（{chosen.name}）"
    when = time_range(event.start, event.end)
    place = ""
    if chosen is not None:
        when = format_slot(chosen.time_slot) or when
        place = site_place(chosen)
    elif event.sites:
        place = site_place(event.sites[0])
    info = f"单位：{unit_name}    " if unit_name else ""
    info += f"日期：{cn_date(event.date)}（{cn_weekday(event.date)}）"
    if when:
        info += f"    时间：{when}"
    if place:
        info += f"    地点：{place}"
    key = person_order_key(categories)
    ordered = sorted(people, key=lambda p: key(p[2], p[0], p[4]))
    rows: list[tuple[str, ...]] = [
        (str(index), name, unit, category, mask_phone(phone), "")
        for index, (name, unit, category, phone, _) in enumerate(ordered, start=1)
    ]
    return PrintTable(
        title=title,
        info_lines=[info],
        headers=SIGNIN_HEADERS,
        rows=rows,
        width_weights=SIGNIN_WIDTHS,
        blank_rows=WALK_IN_ROWS,
        row_height_mm=SIGN_ROW_HEIGHT_PT * 25.4 / 72,
        center_columns=CENTERED,
    )


def _sheet_title(text: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, at most 31 characters, unique."""
    name = "".join(ch for ch in text if ch not in "[]:*?/\\").strip("'") or "签到表"
    name = name[:31]
    candidate, number = name, 2
    while candidate in taken:
        suffix = f"({number})"
        candidate = name[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate


def _write_sheet(ws: Any, table: PrintTable) -> None:
    width = len(table.headers)
    last_letter = chr(ord("A") + width - 1)
    info = "    ".join(table.info_lines)
    title, title_height, info_height = title_rows(table.title, info, SIGNIN_WIDTHS)
    ws.append(styled_cells(ws, [title], style_arrays(ws, [STYLE_TITLE])))
    ws.append(styled_cells(ws, [info], style_arrays(ws, [STYLE_INFO])))
    append_header(ws, table.headers)
    ws.merge_cells(f"A1:{last_letter}1")
    ws.merge_cells(f"A2:{last_letter}2")
    for row, height in ((1, title_height), (2, info_height), (3, 24)):
        ws.row_dimensions[row].height = height
    arrays = style_arrays(
        ws, [STYLE_TEXT_CENTER if i in CENTERED else STYLE_TEXT_WRAP for i in range(width)]
    )
    append = ws.append
    for values in [*table.rows, *table.numbered_blank_rows()]:
        # 序号 as a number: Excel marks digits stored as text with a warning triangle.
        append(styled_cells(ws, (int(values[0]), *values[1:]), arrays))
        # A long name (买买提·艾力·阿不都热合曼) or unit wraps: its row grows instead of
        # cutting the name off; other rows keep the signing height.
        if len(values[1]) > 5 or len(values[2]) > 15:
            grown = wrapped_row_height(values, SIGNIN_WIDTHS, GROWING_COLUMNS, size=12)
            if grown and grown > SIGN_ROW_HEIGHT_PT:
                ws.row_dimensions[ws.max_row].height = grown
    # Every row below the header is tall enough to sign in; rows 1-3 set their own height.
    ws.sheet_format.defaultRowHeight = SIGN_ROW_HEIGHT_PT
    ws.sheet_format.customHeight = True
    set_widths(ws, SIGNIN_WIDTHS)
    ws.freeze_panes = f"A{TITLE_ROWS + 1}"
    print_setup(ws, title_rows=f"1:{TITLE_ROWS}")


def signin_tables(
    event: Event,
    people: Sequence[SigninPerson],
    categories: Sequence[str],
    site: int | None = None,
    *,
    all_sites: bool = False,
    unit_name: str = "",
) -> list[tuple[str, PrintTable]]:
    """(sheet name, table) of the sheets to write: the event's, one site's, or one per site."""
    if all_sites and event.sites:
        return [
            (each.name, signin_sheet_rows(event, people, categories, index, unit_name))
            for index, each in enumerate(event.sites)
        ]
    table = signin_sheet_rows(event, people, categories, site, unit_name)
    return [(event.sites[site].name if site is not None else "签到表", table)]


def signin_workbook(sheets: Sequence[tuple[str, PrintTable]]) -> Workbook:
    """The sign-in sheets as one workbook, a worksheet each.

    Normal (not write-only) mode: measured faster here, and it merges the title cells.
    """
    workbook = Workbook()
    register_styles(workbook, size=12)
    workbook.remove(workbook[workbook.sheetnames[0]])  # the new workbook's empty sheet
    taken: set[str] = set()
    for name, table in sheets:
        _write_sheet(workbook.create_sheet(_sheet_title(name, taken)), table)
    return workbook


def write_signin_sheet(sheets: Sequence[tuple[str, PrintTable]], path: str | Path) -> Path:
    """Write the sign-in sheets to ``path`` (.xlsx)."""
    return save_workbook(signin_workbook(sheets), path)
