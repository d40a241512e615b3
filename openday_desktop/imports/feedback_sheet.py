"""Reading suggestions (意见建议) from a spreadsheet: paper forms typed up by another office,
a WeChat survey export, a county's hand-over list.

The same care as rosters: the header row is searched (a title and a "填报单位：" line above it
are normal), columns are known by many names (内容/意见建议/建议内容, 提出人, 分类/类别 ...),
blank, total and footnote rows are skipped, and every row that cannot be stored is reported
with the row number Excel shows and the column. Nothing here touches the database:
``services.feedback_import`` matches the people and writes the good rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openday_desktop.domain.dates import parse_date
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.validation import nfkc

from .columns import cell_text, header_key
from .reading import RawSheet, RosterFileError, read_roster_file
from .report import ImportReport, RowIssue

FEEDBACK_FIELDS: dict[str, str] = {
    "content": "内容",
    "person": "提出人",
    "phone": "联系电话",
    "category": "分类",
    "responsible_unit": "责任单位",
    "responsible_person": "责任人",
    "deadline": "办理时限",
    "raised_on": "日期",
}

FEEDBACK_SYNONYMS: dict[str, tuple[str, ...]] = {
    "content": (
        "内容",
        "意见建议",
        "建议内容",
        "意见建议内容",
        "意见内容",
        "意见和建议",
        "问题",
        "反映问题",
        "反映内容",
        "问题内容",
        "诉求内容",
        "主要内容",
        "具体内容",
        "意见建议(问题)",
    ),
    "person": ("提出人", "姓名", "提出人姓名", "反映人", "建议人", "代表姓名", "提出者"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "联系方式"),
    "category": ("分类", "类别", "问题类别", "意见类别", "问题分类", "所属类别", "类型"),
    "responsible_unit": ("责任单位", "承办单位", "办理单位", "交办单位", "责任部门", "承办部门"),
    "responsible_person": ("责任人", "承办人", "经办人"),
    "deadline": ("办理时限", "时限", "办结时限", "截止日期", "完成时限"),
    "raised_on": ("日期", "提出日期", "收集日期", "反映日期", "登记日期", "提出时间"),
}
_KEYS: dict[str, str] = {
    header_key(synonym): name
    for name, synonyms in FEEDBACK_SYNONYMS.items()
    for synonym in synonyms
}
_NOTE_RE = re.compile(r"\([^)]*\)")
_SKIP_PREFIXES = ("合计", "总计", "小计", "说明", "注:", "填表人", "填报人", "审核人", "制表")


def match_feedback_header(text: str) -> str | None:
    """The field a header cell names, or None (long cells are titles, not column names)."""
    if not text or len(text) > 20:
        return None
    key = header_key(text)
    if key in _KEYS:
        return _KEYS[key]
    bare = _NOTE_RE.sub("", key)
    return _KEYS.get(bare)


def map_feedback_headers(headers: Sequence[str]) -> dict[str, int]:
    """Each field to the leftmost column naming it."""
    mapping: dict[str, int] = {}
    for column, text in enumerate(headers):
        name = match_feedback_header(text)
        if name is not None and name not in mapping:
            mapping[name] = column
    return mapping


def find_feedback_header(rows: Sequence[Sequence[Any]], limit: int = 30) -> int | None:
    """0-based index of the row naming the content column and the most other fields."""
    best: tuple[int, int] | None = None
    for index, row in enumerate(rows[:limit]):
        mapping = map_feedback_headers([cell_text(value) for value in row])
        if "content" not in mapping or len(mapping) < 2:
            continue
        if best is None or len(mapping) > best[0]:
            best = (len(mapping), index)
    return None if best is None else best[1]


@dataclass
class FeedbackCandidate:
    """A valid row: what the suggestion says and who raised it (matched by the service)."""

    row: int
    content: str
    category: str
    person_name: str = ""
    phone: str = ""
    responsible_unit: str = ""
    responsible_person: str = ""
    deadline: date | None = None


@dataclass
class FeedbackReading:
    """The rows read: valid candidates and the report of the rest."""

    report: ImportReport
    candidates: list[FeedbackCandidate] = field(default_factory=list)
    mapping: dict[str, int] = field(default_factory=dict)


def read_category(text: str, categories: Sequence[str], fallback: str) -> tuple[str, bool]:
    """(category, read) for a cell: exact, else a category name inside it or it inside one."""
    key = "".join(nfkc(text).split())
    if not key:
        return fallback, True
    for name in categories:
        if key == name:
            return name, True
    for name in categories:
        if name != fallback and (name in key or key in name):
            return name, True
    return fallback, False


def _date_value(value: Any, today: date) -> date | None:
    """A date cell (a real date, or text such as 2027.6.30); ValidationError when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 100000:
        from openpyxl.utils.datetime import from_excel  # a date serial in a number cell

        return from_excel(value).date()
    return parse_date(cell_text(value), default_year=today.year, field="deadline")


def read_feedback_sheet(
    path: str | Path,
    *,
    categories: Sequence[str],
    fallback_category: str,
    event_date: date,
    today: date,
) -> FeedbackReading:
    """Read and check every row; nothing is stored. RosterFileError when the file cannot be
    read or has no content column."""
    path = Path(path)
    sheet: RawSheet = read_roster_file(
        path, choose=lambda rows: find_feedback_header(rows) is not None
    )
    index = find_feedback_header(sheet.rows)
    if index is None:
        raise RosterFileError(
            f"在“{path.name}”的前几十行中没有找到表头（写着“内容”或“意见建议”等列名的一行）。"
            "请确认意见建议在第一张工作表中，并有一列标题为“意见建议”或“内容”。"
        )
    headers = [cell_text(value) for value in sheet.rows[index]]
    mapping = map_feedback_headers(headers)
    report = ImportReport(
        file_name=path.name, sheet_name=sheet.sheet_name, header_row=index + 1, headers=headers
    )
    reading = FeedbackReading(report, mapping=mapping)

    def title(name: str) -> str:
        column = mapping.get(name)
        return headers[column] if column is not None and headers[column] else FEEDBACK_FIELDS[name]

    for offset, row in enumerate(sheet.rows[index + 1 :]):
        number = index + offset + 2
        values = {name: (row[c] if c < len(row) else None) for name, c in mapping.items()}
        texts = {name: cell_text(value) for name, value in values.items()}
        if not any(texts.values()):
            report.skipped += 1
            continue
        first = next((cell_text(v) for v in row if cell_text(v)), "")
        if nfkc(first).replace(" ", "").startswith(_SKIP_PREFIXES):
            report.skipped += 1
            continue
        if match_feedback_header(texts.get("content", "")) == "content":
            report.skipped += 1  # the header repeated on a printed page
            continue
        errors: list[RowIssue] = []
        content = texts.get("content", "")
        if not content:
            errors.append(
                RowIssue(
                    number,
                    "这一行没有意见建议内容，未导入。请补填内容或删除这一行。",
                    title("content"),
                )
            )
        deadline: date | None = None
        try:
            deadline = _date_value(values.get("deadline"), today)
        except ValidationError as exc:
            errors.append(RowIssue(number, exc.message, title("deadline")))
        if deadline is not None and deadline < event_date:
            errors.append(
                RowIssue(number, "办理时限早于活动日期，请核对后重新导入。", title("deadline"))
            )
        if "raised_on" in values:
            try:
                raised = _date_value(values.get("raised_on"), today)
            except ValidationError as exc:
                report.warnings.append(
                    RowIssue(number, exc.message + "（已忽略）", title("raised_on"))
                )
                raised = None
            if raised is not None and raised < event_date:
                report.warnings.append(
                    RowIssue(
                        number,
                        "日期早于活动日期，请确认这条意见建议属于本次活动。",
                        title("raised_on"),
                    )
                )
        category_text = texts.get("category", "")
        category, known = read_category(category_text, categories, fallback_category)
        if not known:
            report.warnings.append(
                RowIssue(
                    number,
                    f"分类“{category_text}”不在意见建议分类中，已记为“{category}”。"
                    "如需单列，请在“设置”中添加这个分类后重新导入。",
                    title("category"),
                )
            )
        if errors:
            report.errors += errors
            continue
        reading.candidates.append(
            FeedbackCandidate(
                number,
                content,
                category,
                person_name=texts.get("person", ""),
                phone=nfkc(texts.get("phone", "")),
                responsible_unit=texts.get("responsible_unit", ""),
                responsible_person=texts.get("responsible_person", ""),
                deadline=deadline,
            )
        )
    for issue in (*report.errors, *report.warnings):
        if issue.row not in report.row_values and 1 <= issue.row <= len(sheet.rows):
            cells = [cell_text(value) for value in sheet.rows[issue.row - 1]]
            report.row_values[issue.row] = cells + [""] * (len(headers) - len(cells))
    return reading
