"""Shared Excel (openpyxl) pieces: named cell styles, Chinese column widths, print set-up,
option lists for data validation, and the atomic save.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from openday_desktop.domain.settings import PLACEHOLDER

from .safety import atomic_write, clean_text, needs_text_guard

BODY_FONT = "宋体"
HEADER_FONT = "黑体"
TEXT_FORMAT = "@"
_THIN = Side(style="thin", color="000000")
THIN_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
PAGE_FOOTER = "第 &P 页 共 &N 页"
OPTIONS_SHEET = "选项"

# Cell styles, registered once per workbook; assigning a named style to a cell is one lookup,
# where setting font, border and alignment separately hashes three style objects per cell.
STYLE_TITLE = "表格标题"
STYLE_INFO = "表格说明"
STYLE_HEADER = "表头"
STYLE_TEXT = "正文"
STYLE_TEXT_CENTER = "正文居中"
STYLE_TEXT_WRAP = "正文换行"
STYLE_TEXT_AS_TEXT = "正文文本"  # number format "@": IDs and phones stay text when edited
STYLE_DATE = "正文日期"  # a real date (sorts and filters) shown the Chinese way
STYLE_DATETIME = "正文时间"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" h:mm'
# Excel's tallest row; a taller one is cut to it (LibreOffice prints it over several pages).
MAX_ROW_HEIGHT_PT = 409
TITLE_ROWS = 3  # a workbook sheet's title, its what-whose-when line and the column header
TITLE_SIZE = 18
INFO_SIZE = 11


def _named_styles(size: float) -> list[NamedStyle]:
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return [
        NamedStyle(
            STYLE_TITLE,
            font=Font(name=HEADER_FONT, size=TITLE_SIZE),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            STYLE_INFO,
            font=Font(name=BODY_FONT, size=11),
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            STYLE_HEADER,
            font=Font(name=HEADER_FONT, size=size),
            border=THIN_BORDER,
            fill=HEADER_FILL,
            alignment=center,
        ),
        NamedStyle(
            STYLE_TEXT,
            font=Font(name=BODY_FONT, size=size),
            border=THIN_BORDER,
            alignment=Alignment(vertical="center"),
        ),
        NamedStyle(
            STYLE_TEXT_CENTER,
            font=Font(name=BODY_FONT, size=size),
            border=THIN_BORDER,
            alignment=center,
        ),
        NamedStyle(
            STYLE_TEXT_WRAP,
            font=Font(name=BODY_FONT, size=size),
            border=THIN_BORDER,
            alignment=Alignment(vertical="center", wrap_text=True),
        ),
        NamedStyle(
            STYLE_DATE,
            font=Font(name=BODY_FONT, size=size),
            border=THIN_BORDER,
            alignment=center,
            number_format=DATE_FORMAT,
        ),
        NamedStyle(
            STYLE_DATETIME,
            font=Font(name=BODY_FONT, size=size),
            border=THIN_BORDER,
            alignment=center,
            number_format=DATETIME_FORMAT,
        ),
        NamedStyle(
            STYLE_TEXT_AS_TEXT,
            font=Font(name=BODY_FONT, size=size),
            border=THIN_BORDER,
            alignment=Alignment(vertical="center"),
            number_format=TEXT_FORMAT,
        ),
    ]


def register_styles(workbook: Workbook, size: float = 12) -> None:
    """Register the named cell styles (body text at ``size`` points) with a workbook."""
    for style in _named_styles(size):
        workbook.add_named_style(style)


class _StyleArrayCell(Cell):
    """A cell whose style array is set directly (see ``styled_cells``).

    openpyxl keeps a cell's style in the private ``_style``; its type stubs leave it out, so it
    is declared here once rather than ignored at every use.
    """

    __slots__ = ()
    _style: StyleArray


class _SharedStyleCell(_StyleArrayCell):
    """A cell whose style index is known in advance.

    openpyxl looks up each cell's style index while saving by hashing its style array into
    the workbook's style list; for thousands of cells sharing a handful of styles that
    lookup was a fifth of the sign-in sheet's time. The index of each shared array is
    looked up once (``style_arrays``) and handed to its cells.
    """

    __slots__ = ("_shared_id",)
    _shared_id: int

    @property
    def style_id(self) -> int:
        return self._shared_id


class SharedStyle:
    """A named style's array and its index in the workbook's style list."""

    __slots__ = ("array", "index")

    def __init__(self, array: Any, index: int) -> None:
        self.array = array
        self.index = index


def style_arrays(ws: Worksheet, names: Sequence[str]) -> list[SharedStyle]:
    """The style array of each named style, looked up once.

    Assigning a named style to each cell costs a lookup and a copy per cell; cells made by
    ``styled_cells`` share these arrays instead, which keeps thousands of styled rows close
    to the cost of unstyled ones.
    """
    arrays = []
    for name in names:
        template = _StyleArrayCell(ws, row=1, column=1)
        template.style = name
        arrays.append(SharedStyle(template._style, template.style_id))
    return arrays


def styled_cells(ws: Worksheet, values: Sequence[Any], styles: Sequence[SharedStyle]) -> list[Any]:
    """One row of cells in the given styles; user text cleaned, never a formula.

    The cells share the style arrays (nothing here changes a cell's style afterwards); a
    cell that needs its own style, the quote prefix of formula-like text, gets a copy.
    """
    cells = []
    for value, style in zip(values, styles, strict=True):
        if isinstance(value, str):
            value = clean_text(value)
            if needs_text_guard(value):
                cell = _StyleArrayCell(ws, row=1, column=1, value=value)
                cell._style = copy(style.array)
                cell.data_type = "s"
                cell.quotePrefix = True
                cells.append(cell)
                continue
        # row and column are placeholders: append() puts the cell in place.
        shared = _SharedStyleCell(ws, row=1, column=1, value=value)
        shared._style = style.array
        shared._shared_id = style.index
        cells.append(shared)
    return cells


def title_rows(title: str, info: str, widths: Sequence[float]) -> tuple[str, float, float]:
    """The title broken between words to fit the table's width, and the heights of the title
    and info rows (merged cells do not grow by themselves)."""
    from .print_table import title_lines

    units = sum(widths)
    # A CJK character is about 2 width units at 11 pt; the title's characters are larger.
    title_room = units / (2 * TITLE_SIZE / 11) - 1
    lines = title_lines(clean_text(title), title_room)
    info_room = max(units - 2, 1)
    info_lines = sum(
        max(1, math.ceil(display_width(part) / info_room)) for part in info.split("\n")
    )
    return "\n".join(lines), 8 + TITLE_SIZE * 1.35 * len(lines), 6 + INFO_SIZE * 1.4 * info_lines


def append_title(ws: Worksheet, title: str, info: str, widths: Sequence[float]) -> None:
    """The sheet's first two rows: what it is (``title``) and whose and when (``info``), each
    merged across the columns (``widths``) of the table below; then ``append_header`` makes
    row 3.

    Call before any other row (write-only sheets stream rows out as they are appended).
    """
    last = get_column_letter(max(len(widths), 1))
    text, title_height, info_height = title_rows(title, info, widths)
    ws.row_dimensions[1].height = title_height
    ws.row_dimensions[2].height = info_height
    ws.append(styled_cells(ws, [text], style_arrays(ws, [STYLE_TITLE])))
    ws.append(styled_cells(ws, [info], style_arrays(ws, [STYLE_INFO])))
    ws.merged_cells.add(f"A1:{last}1")
    ws.merged_cells.add(f"A2:{last}2")


def append_header(ws: Worksheet, headers: Sequence[str]) -> None:
    """Append the column titles as one row in the header style."""
    ws.append(styled_cells(ws, headers, style_arrays(ws, [STYLE_HEADER] * len(headers))))


def display_width(text: str) -> int:
    """Width of text in Excel column units: a wide (CJK) character counts 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    """Fixed column widths, in Excel units, from column A on."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def wrapped_row_height(
    values: Sequence[Any], widths: Sequence[float], wrap: Iterable[int], size: float = 11
) -> float | None:
    """A row height that shows every line of the wrapped columns, or None for one line.

    Excel and LibreOffice do not grow rows to fit wrapped text written by a program, so the
    height is estimated: a line holds about ``width - 1`` units (a CJK character is 2).
    """
    lines = 1
    for index in wrap:
        value = values[index]
        if not isinstance(value, str) or not value:
            continue
        room = max(widths[index] - 1, 1)
        count = sum(max(1, math.ceil(display_width(part) / room)) for part in value.split("\n"))
        lines = max(lines, count)
    if lines == 1:
        return None
    # Cut at Excel's limit: the whole text stays in the cell (formula bar, filters, copy),
    # the row shows and prints its first 20-odd lines.
    return min(round(lines * size * 1.35 + 4, 1), MAX_ROW_HEIGHT_PT)


def print_setup(
    ws: Worksheet,
    *,
    title_rows: str,
    landscape: bool = False,
    margins_inch: tuple[float, float, float, float] = (0.5, 0.5, 0.6, 0.7),
) -> None:
    """A4, one page wide (as many pages down as needed), centred, header rows on every page,
    and "第 N 页 共 M 页" in the footer. ``margins_inch`` is left, right, top, bottom."""
    # The constants live on Worksheet only; write-only sheets take the same values.
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = (
        Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    )
    # A loaded sheet may have no page set-up properties yet; a new one always has.
    fit = ws.sheet_properties.pageSetUpPr
    if fit is None:
        fit = ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    fit.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    left, right, top, bottom = margins_inch
    ws.page_margins = PageMargins(
        left=left, right=right, top=top, bottom=bottom, header=0.3, footer=0.3
    )
    ws.print_title_rows = title_rows
    # Both footers exist on any sheet openpyxl makes; the stubs allow None.
    odd = ws.oddFooter
    if odd is None:
        odd = ws.oddFooter = HeaderFooterItem()
    even = ws.evenFooter
    if even is None:
        even = ws.evenFooter = HeaderFooterItem()
    odd.center.text = PAGE_FOOTER
    odd.center.size = 10
    odd.center.font = BODY_FONT
    even.center.text = PAGE_FOOTER


def write_option_lists(workbook: Workbook, lists: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Write the choices for validation lists to a hidden sheet; return name -> range formula.

    A list typed into the rule itself is limited to 255 characters, which a unit's own
    categories can exceed; a range on a hidden sheet has no such limit. Works in normal and
    write-only workbooks (rows are appended).
    """
    ws = workbook.create_sheet(OPTIONS_SHEET)
    ws.sheet_state = "hidden"
    names = list(lists)
    height = max((len(values) for values in lists.values()), default=0)
    ws.append(names)
    for row in range(height):
        ws.append(
            [clean_text(values[row]) if row < len(values) else None for values in lists.values()]
        )
    ranges: dict[str, str] = {}
    for column, name in enumerate(names, start=1):
        letter = get_column_letter(column)
        last = max(len(lists[name]) + 1, 2)
        ranges[name] = f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${last}"
    return ranges


def add_option_lists(
    workbook: Workbook,
    ws: Worksheet,
    headers: Sequence[str],
    lists: Mapping[str, Sequence[str]],
    last_row: int,
    first_row: int = 2,
) -> None:
    """Drop-down lists for the columns named in ``lists`` (titles from ``headers``), rows
    ``first_row`` to ``last_row``."""
    for name, formula in write_option_lists(workbook, lists).items():
        list_validation(ws, formula, list(headers).index(name) + 1, first_row, last_row, name)


def list_validation(
    ws: Worksheet, formula: str, column: int, first_row: int, last_row: int, label: str
) -> DataValidation:
    """Restrict a column to the choices in ``formula``, with a Chinese error message."""
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.error = f"请从下拉列表中选择{label}。"
    validation.errorTitle = "输入的值无效"
    validation.prompt = f"请选择{label}"
    validation.showErrorMessage = True
    validation.showInputMessage = True
    letter = get_column_letter(column)
    validation.add(f"{letter}{first_row}:{letter}{max(last_row, first_row)}")
    # The list attribute works on normal and write-only sheets alike.
    ws.data_validations.append(validation)
    return validation


def describe_workbook(workbook: Workbook, author: str, title: str) -> None:
    """The file's properties: the unit as author and last editor, the document's title,
    Chinese; openpyxl would otherwise sign every file "openpyxl"."""
    from datetime import datetime, timezone  # not datetime.UTC: that is 3.11+, we run on 3.10

    props = workbook.properties
    author = clean_text(author).strip()
    # A unit never filled in (某某镇人民政府) is no author: an internal list may be written
    # before the unit is set, and its properties must not carry the placeholder.
    props.creator = "" if PLACEHOLDER in author else author
    props.lastModifiedBy = props.creator
    props.title = " ".join(clean_text(title).split())
    props.language = "zh-CN"
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    props.created = now
    props.modified = now


def save_workbook(workbook: Workbook, path: str | Path) -> Path:
    """Save atomically; returns the path written."""
    target = Path(path)
    with atomic_write(target) as temp:
        workbook.save(str(temp))
    return target
