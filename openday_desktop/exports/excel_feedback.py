"""意见建议台账: every suggestion with every field of its handling, status in colour.

The office follows suggestions to the end with this sheet: the 办理状态 cell is coloured by
status (open items warm, finished ones green) and overdue items are marked in red. Internal:
names of those who raised them are shown in full.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

from openday_desktop.domain.colours import FEEDBACK_STATUS_COLOURS, OVERDUE_FILL, OVERDUE_TEXT
from openday_desktop.domain.models import (
    FEEDBACK_STATUSES,
    FOLLOW_UP_METHODS,
    SATISFACTION_LEVELS,
    Feedback,
)

from .excel_style import (
    BODY_FONT,
    DATE_FORMAT,
    STYLE_DATE,
    STYLE_TEXT,
    STYLE_TEXT_CENTER,
    STYLE_TEXT_WRAP,
    THIN_BORDER,
    TITLE_ROWS,
    add_option_lists,
    append_header,
    append_title,
    print_setup,
    register_styles,
    save_workbook,
    set_widths,
    style_arrays,
    styled_cells,
    wrapped_row_height,
)
from .wording import cn_date

LedgerRow = tuple[Feedback, dict[str, Any]]

LEDGER_HEADERS = (
    "编号",
    "活动",
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
)
LEDGER_WIDTHS = (6, 24, 10, 40, 10, 14, 10, 12, 10, 30, 12, 30, 12, 9, 9, 12, 9, 24, 10, 9, 12, 9)
WRAP_COLUMNS = frozenset({"活动", "意见建议内容", "答复情况", "整改情况", "回访情况"})
# The ledger's status fills and overdue marking: the one colour table in domain.colours.
STATUS_COLOURS: dict[str, str] = {s: c.fill for s, c in FEEDBACK_STATUS_COLOURS.items()}
OVERDUE_COLOUR = OVERDUE_FILL
STYLE_OVERDUE = "逾期"
STYLE_OVERDUE_DATE = "逾期日期"
DATE_COLUMNS = frozenset({"办理时限", "答复日期", "办结日期", "回访日期", "公开日期"})


def _status_style(status: str) -> str:
    return f"状态{status}"


def _register_status_styles(workbook: Workbook, size: float) -> None:
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for status, colour in STATUS_COLOURS.items():
        workbook.add_named_style(
            NamedStyle(
                _status_style(status),
                font=Font(name=BODY_FONT, size=size),
                border=THIN_BORDER,
                fill=PatternFill("solid", fgColor=colour),
                alignment=center,
            )
        )
    for name, number_format in ((STYLE_OVERDUE, "General"), (STYLE_OVERDUE_DATE, DATE_FORMAT)):
        workbook.add_named_style(
            NamedStyle(
                name,
                font=Font(name=BODY_FONT, size=size, color=OVERDUE_TEXT, bold=True),
                border=THIN_BORDER,
                fill=PatternFill("solid", fgColor=OVERDUE_COLOUR),
                alignment=center,
                number_format=number_format,
            )
        )


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _day(value: date | None) -> date | None:
    """A date cell (Excel sorts and filters it), empty when there is none."""
    return value or None


def ledger_headers(event_id: int | None) -> tuple[str, ...]:
    """The ledger's columns; the 活动 column only when several events are listed."""
    if event_id is None:
        return LEDGER_HEADERS
    return tuple(h for h in LEDGER_HEADERS if h != "活动")


def ledger_rows(
    items: Iterable[Feedback],
    titles: Mapping[int | None, str],
    names: Mapping[int | None, str],
    today: date | None = None,
) -> list[LedgerRow]:
    """Each item with its ledger values by column name, in the order given; ``titles`` are the
    events' titles and ``names`` the names of those who raised them, by id."""
    today = today or date.today()
    rows = []
    for item in items:
        values = {
            "编号": item.id,
            "活动": titles.get(item.event_id, ""),
            "提出人": names.get(item.person_id, "匿名") if item.person_id else "匿名",
            "意见建议内容": item.content,
            "分类": item.category,
            "责任单位": item.responsible_unit,
            "责任人": item.responsible_person,
            "办理时限": _day(item.deadline),
            "办理状态": item.status,
            "答复情况": item.reply,
            "答复日期": _day(item.reply_date),
            "整改情况": item.rectification,
            "办结日期": _day(item.completed_date),
            "是否按时办结": _yes_no(item.on_time),
            "是否采纳": _yes_no(item.adopted),
            "回访日期": _day(item.follow_up_date),
            "回访方式": item.follow_up_method,
            "回访情况": item.follow_up_notes,
            "满意度": item.satisfaction,
            "是否公开": _yes_no(item.published),
            "公开日期": _day(item.published_date),
            "是否逾期": "是" if item.is_overdue(today) else "",
        }
        rows.append((item, values))
    return rows


def ledger_title(unit_name: str, event_title: str | None, on: date) -> tuple[str, str]:
    """The ledger's title row and its whose-and-when line."""
    title = f"{event_title or unit_name}意见建议台账"
    info = f"单位：{unit_name}    范围：{event_title or '全部活动'}    统计日期：{cn_date(on)}"
    return title, info + "（逾期按此日判断；内部使用）"


def ledger_workbook(
    rows: Sequence[LedgerRow],
    categories: Sequence[str],
    *,
    one_event: bool,
    title: str = "意见建议台账",
    info: str = "",
) -> Workbook:
    """The ledger as a workbook; ``one_event`` leaves out the 活动 column, ``categories`` feed
    the 分类 drop-down; ``title`` and ``info`` head the sheet above the column header."""
    from openpyxl.utils import get_column_letter

    headers = ledger_headers(0 if one_event else None)
    # Dates show as 2026年3月27日: 15 units keep them on one line.
    widths = [
        max(LEDGER_WIDTHS[LEDGER_HEADERS.index(h)], 15 if h in DATE_COLUMNS else 0) for h in headers
    ]
    column = {name: index for index, name in enumerate(headers)}
    workbook = Workbook(write_only=True)
    register_styles(workbook, size=11)
    _register_status_styles(workbook, size=11)
    ws = workbook.create_sheet("意见建议台账")
    set_widths(ws, widths)
    first = TITLE_ROWS + 1
    ws.freeze_panes = f"{get_column_letter(column['意见建议内容'] + 1)}{first}"
    print_setup(ws, title_rows=f"1:{TITLE_ROWS}", landscape=True, margins_inch=(0.4, 0.4, 0.6, 0.7))
    last_row = len(rows) + TITLE_ROWS
    ws.auto_filter.ref = f"A{TITLE_ROWS}:{get_column_letter(len(headers))}{last_row}"

    lists = {
        "分类": list(categories),
        "办理状态": list(FEEDBACK_STATUSES),
        "是否采纳": ["是", "否"],
        "回访方式": list(FOLLOW_UP_METHODS),
        "满意度": list(SATISFACTION_LEVELS),
        "是否公开": ["是", "否"],
    }
    add_option_lists(workbook, ws, headers, lists, last_row, first_row=first)

    append_title(ws, title, info, widths)
    ws.row_dimensions[TITLE_ROWS].height = 22
    append_header(ws, headers)
    base = [
        STYLE_TEXT_WRAP
        if name in WRAP_COLUMNS
        else STYLE_DATE
        if name in DATE_COLUMNS
        else STYLE_TEXT_CENTER
        for name in headers
    ]
    base[0] = STYLE_TEXT
    arrays = style_arrays(ws, base)
    status_arrays = dict(
        zip(
            STATUS_COLOURS,
            style_arrays(ws, [_status_style(s) for s in STATUS_COLOURS]),
            strict=True,
        )
    )
    overdue_array, overdue_date_array = style_arrays(ws, [STYLE_OVERDUE, STYLE_OVERDUE_DATE])
    wrap = [column[name] for name in headers if name in WRAP_COLUMNS]
    for row_number, (item, by_name) in enumerate(rows, start=first):
        values = [by_name[name] for name in headers]
        row_arrays = list(arrays)
        if item.status in status_arrays:
            row_arrays[column["办理状态"]] = status_arrays[item.status]
        if by_name["是否逾期"]:
            row_arrays[column["是否逾期"]] = overdue_array
            row_arrays[column["办理时限"]] = overdue_date_array
        height = wrapped_row_height(values, widths, wrap)
        if height:
            ws.row_dimensions[row_number].height = height
        ws.append(styled_cells(ws, values, row_arrays))
    return workbook


def write_feedback_ledger(
    rows: Sequence[LedgerRow], categories: Sequence[str], path: str | Path, *, one_event: bool
) -> Path:
    """Write the suggestion ledger to ``path`` (.xlsx)."""
    return save_workbook(ledger_workbook(rows, categories, one_event=one_event), path)
