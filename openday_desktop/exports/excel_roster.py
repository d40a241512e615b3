"""代表名册: the internal roster with every column, full ID numbers and phones included.

One event's list (with its selection status and attendance) or the whole pool when no event is
given. IDs and phones are text cells ("@") so Excel never turns them into 1.10101E+17; category,
sex, source and status columns carry drop-down lists; the header row is frozen and printed on
every page. Written in openpyxl's write-only mode, so a pool of 100,000 people stays small in
memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from openday_desktop.domain.models import (
    INVITATION_STATUSES,
    PERSON_SOURCES,
    SEXES,
    Event,
    Invitation,
    Person,
)
from openday_desktop.domain.validation import age_on

from .excel_style import (
    STYLE_DATE,
    STYLE_DATETIME,
    STYLE_TEXT,
    STYLE_TEXT_AS_TEXT,
    STYLE_TEXT_CENTER,
    TITLE_ROWS,
    add_option_lists,
    append_header,
    append_title,
    display_width,
    print_setup,
    register_styles,
    save_workbook,
    set_widths,
    style_arrays,
    styled_cells,
)
from .print_table import PrintTable
from .wording import cn_date

POOL_HEADERS = (
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
)
EVENT_HEADERS = ("名单状态", "审核意见", "签到情况", "签到时间")
TEXT_COLUMNS = frozenset({"身份证号", "联系电话"})
NUMBER_COLUMNS = frozenset({"序号", "年龄"})
CENTER_COLUMNS = frozenset({"序号", "性别", "出生日期", "年龄", "代表类别", "来源", "名单状态"})
DATE_COLUMNS = frozenset({"出生日期"})
DATETIME_COLUMNS = frozenset({"签到时间"})


def _person_values(index: int, person: Person, on: date) -> list[str]:
    age = str(age_on(person.birth_date, on)) if person.birth_date else ""
    return [
        str(index),
        person.name,
        person.sex,
        person.birth_date.isoformat() if person.birth_date else "",
        age,
        person.id_number,
        person.phone,
        person.unit,
        person.village,
        person.category,
        person.source,
        person.notes,
    ]


def pool_roster_table(people: Iterable[Person], unit_name: str, on: date) -> PrintTable:
    """The whole pool's roster (internal: full ID and phone); ``people`` in document order,
    ages on ``on`` (the export day)."""
    title = f"{unit_name}代表库名册"
    info = [f"单位：{unit_name}    导出日期：{cn_date(on)}（内部使用，含完整身份证号和电话）"]
    rows = [tuple(_person_values(i, person, on)) for i, person in enumerate(people, start=1)]
    return _table(title, info, POOL_HEADERS, rows)


def event_roster_table(
    event: Event,
    pairs: Iterable[tuple[Invitation, Person]],
    unit_name: str = "",
    exported: date | None = None,
) -> PrintTable:
    """One event's roster with each person's list status and attendance; ``pairs`` in document
    order, ages on the event's day."""
    on = event.date
    title = f"{event.title}代表名册"
    parts = [f"单位：{unit_name}"] if unit_name else []
    parts.append(f"活动日期：{cn_date(on)}（年龄按活动当日计算）")
    parts.append(f"导出日期：{cn_date(exported or date.today())}")
    info = ["    ".join(parts)]
    rows = []
    for index, (invitation, person) in enumerate(pairs, start=1):
        signed = invitation.signed_in_at
        rows.append(
            (
                *_person_values(index, person, on),
                invitation.status,
                invitation.review_result,
                invitation.attendance + ("（现场登记）" if invitation.walk_in else ""),
                signed.strftime("%Y-%m-%d %H:%M") if signed else "",
            )
        )
    return _table(title, info, POOL_HEADERS + EVENT_HEADERS, rows)


def _table(
    title: str, info: list[str], headers: tuple[str, ...], rows: list[tuple[str, ...]]
) -> PrintTable:
    return PrintTable(
        title=title,
        info_lines=info,
        headers=headers,
        rows=rows,
        width_weights=tuple(_widths(headers, rows)),
        landscape=True,
        center_columns=frozenset(i for i, h in enumerate(headers) if h in CENTER_COLUMNS),
    )


def _widths(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[float]:
    """Column widths for Chinese text: wide characters count 2, within 6..40 units."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        for index, value in enumerate(row):
            # A value at most twice its length wide can only matter when that beats the
            # column so far: measuring every character of 100,000 rows took seconds.
            if value and 2 * len(value) > widths[index]:
                width = display_width(value)
                if width > widths[index]:
                    widths[index] = width
    # Dates show as 1995年4月11日 (wider than the ISO text they are measured from).
    for index, name in enumerate(headers):
        if name in DATE_COLUMNS:
            widths[index] = max(widths[index], 14)
        elif name in DATETIME_COLUMNS:
            widths[index] = max(widths[index], 20)
    return [float(min(max(w + 2, 6), 40)) for w in widths]


def _typed_value(name: str, value: str) -> Any:
    if not value:
        return value
    if name in NUMBER_COLUMNS and value.isdigit():
        return int(value)
    try:
        if name in DATE_COLUMNS:
            return date.fromisoformat(value)
        if name in DATETIME_COLUMNS:
            return datetime.fromisoformat(value)
    except ValueError:
        return value  # not a date after all: kept as written
    return value


def _typed(headers: tuple[str, ...], values: tuple[str, ...]) -> list[Any]:
    """Row values with 序号 and 年龄 as numbers (Excel flags digits stored as text) and the
    dates as dates, so Excel sorts and filters them as such."""
    return [_typed_value(name, value) for name, value in zip(headers, values, strict=True)]


def roster_workbook(table: PrintTable, categories: Sequence[str]) -> Workbook:
    """The roster ``table`` as a workbook; ``categories`` feed the 代表类别 drop-down."""
    headers = table.headers
    workbook = Workbook(write_only=True)
    register_styles(workbook, size=11)
    ws = workbook.create_sheet("代表名册")
    # Widths, panes and print set-up go before the first row: write-only sheets stream out.
    set_widths(ws, table.width_weights)
    ws.freeze_panes = f"C{TITLE_ROWS + 1}"
    print_setup(ws, title_rows=f"1:{TITLE_ROWS}", landscape=True)

    lists: dict[str, list[str]] = {
        "代表类别": list(categories),
        "性别": list(SEXES),
        "来源": list(PERSON_SOURCES),
    }
    if "名单状态" in headers:
        lists["名单状态"] = list(INVITATION_STATUSES)
    add_option_lists(
        workbook,
        ws,
        headers,
        lists,
        last_row=len(table.rows) + TITLE_ROWS,
        first_row=TITLE_ROWS + 1,
    )

    append_title(ws, table.title, "    ".join(table.info_lines), table.width_weights)
    append_header(ws, headers)
    arrays = style_arrays(
        ws,
        [
            STYLE_TEXT_AS_TEXT
            if name in TEXT_COLUMNS
            else STYLE_DATE
            if name in DATE_COLUMNS
            else STYLE_DATETIME
            if name in DATETIME_COLUMNS
            else STYLE_TEXT_CENTER
            if name in CENTER_COLUMNS
            else STYLE_TEXT
            for name in headers
        ],
    )
    for values in table.rows:
        ws.append(styled_cells(ws, _typed(headers, values), arrays))
    return workbook


def write_roster(table: PrintTable, categories: Sequence[str], path: str | Path) -> Path:
    """Write the roster ``table`` to ``path`` (.xlsx)."""
    return save_workbook(roster_workbook(table, categories), path)
