"""The import report: what was stored, and every row that was not, with the reason.

``ImportReport.to_dict()`` is the JSON of ``openday-cli import-roster --report``; the import
dialog shows the same object and can save the bad rows with ``write_report_xlsx``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openday_desktop.exports.safety import atomic_write


@dataclass(frozen=True)
class RowIssue:
    """One problem of one row; ``row`` is the row number Excel shows, ``column`` its header."""

    row: int
    message: str
    column: str = ""
    file: str = ""  # the file's name, when one report covers several files


@dataclass
class ImportReport:
    """Counts and problems of one roster import."""

    imported: int = 0  # new people added to the pool
    updated: int = 0  # people already in the pool (same ID number) brought up to date
    invited: int = 0  # people newly put on the event's list
    already_invited: int = 0  # valid people who were on the event's list before
    skipped: int = 0  # blank, total (合计) and footnote rows: not people, not problems
    duplicates: list[RowIssue] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    file_name: str = ""
    sheet_name: str = ""
    header_row: int = 0
    headers: list[str] = field(default_factory=list)
    row_values: dict[int, list[str]] = field(default_factory=dict)  # cells of rows with problems
    person_ids: list[int] = field(default_factory=list)  # everyone added or updated, in file order
    files: list[str] = field(default_factory=list)  # the files one report covers (several)

    @property
    def error_rows(self) -> list[int]:
        """Row numbers with at least one error (each row once, in order)."""
        return sorted({issue.row for issue in self.errors})

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (the five agreed keys, then warnings).

        A report over several files adds ``files`` and a ``file`` to every problem.
        """

        def issue(i: RowIssue, column: bool = True) -> dict[str, Any]:
            data: dict[str, Any] = {"file": i.file} if self.files else {}
            data["row"] = i.row
            if column:
                data["column"] = i.column
            data["message"] = i.message
            return data

        data: dict[str, Any] = {
            "imported": self.imported,
            "updated": self.updated,
            "invited": self.invited,
            "duplicates": [issue(i, column=False) for i in self.duplicates],
            "errors": [issue(i) for i in self.errors],
            "warnings": [issue(i) for i in self.warnings],
        }
        if self.files:
            data["files"] = list(self.files)
        return data

    def summary(self) -> str:
        """One or two Chinese sentences for a dialog title line or the command line."""
        text = f"新增{self.imported}人，更新{self.updated}人"
        if self.invited or self.already_invited:
            text += f"，加入活动名单{self.invited}人"
            if self.already_invited:
                text += f"（另有{self.already_invited}人原已在名单中）"
        text += "。"
        problems = []
        if self.errors:
            problems.append(f"{len(self.error_rows)}行有错误未导入")
        if self.duplicates:
            problems.append(f"{len(self.duplicates)}行重复未导入")
        if self.warnings:
            problems.append(f"{len(self.warnings)}条提醒")
        if problems:
            text += "；".join(problems) + "，请查看下面的明细。"
        return text

    def issue_lines(self, limit: int | None = None) -> list[str]:
        """Every problem as a line "第7行 身份证号：…", errors first; at most ``limit`` lines."""
        lines = [_line("错误", i) for i in self.errors]
        lines += [_line("重复", i) for i in self.duplicates]
        lines += [_line("提醒", i) for i in self.warnings]
        if limit is not None and len(lines) > limit:
            rest = len(lines) - limit
            lines = lines[:limit] + [f"……另有{rest}条，请保存报告查看全部。"]
        return lines


def _line(kind: str, issue: RowIssue) -> str:
    where = f"第{issue.row}行" if issue.row else ""
    where += f"“{issue.column}”" if issue.column else ""
    if issue.file:
        where = f"{issue.file} {where}".strip()
    return f"[{kind}] {where}：{issue.message}"


def _without_cells(report: ImportReport) -> ImportReport:
    from dataclasses import replace

    return replace(report, headers=[], row_values={})


# --- writing the report --------------------------------------------------------------------


_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_report_json(report: ImportReport, path: str | Path) -> None:
    """Save ``report.to_dict()`` as UTF-8 JSON, atomically."""
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    with atomic_write(path) as temp:
        temp.write_text(text + "\n", encoding="utf-8")


def _set_text(cell: Any, value: Any) -> None:
    text = _ILLEGAL_RE.sub("", "" if value is None else str(value))
    cell.value = text
    if text.startswith(_FORMULA_START):
        # User text such as "=1+1" or "-" stays text; openpyxl would store it as a formula.
        cell.data_type = "s"
        cell.quotePrefix = True


def write_report_xlsx(report: ImportReport, path: str | Path) -> None:
    """Save the rows with problems (reason first, then the row as it was) as .xlsx, atomically.

    The clerk fixes the cells in this file or the original and imports again: people already
    stored are updated, not duplicated.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    # A new workbook's one sheet, taken by name so it is typed as a worksheet.
    sheet = workbook[workbook.sheetnames[0]]
    sheet.title = "问题行"
    fixed = ["行号", "类型", "列", "问题说明"]
    several = bool(report.files)
    if several:
        # One report over many files: the file first; the rows' cells differ per file.
        fixed = ["文件", *fixed]
        report = _without_cells(report)
    headers = [h or f"第{i + 1}列" for i, h in enumerate(report.headers)]
    sheet.append(fixed + headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
    issues = (
        [("错误", i) for i in report.errors]
        + [("重复", i) for i in report.duplicates]
        + [("提醒", i) for i in report.warnings]
    )
    issues.sort(key=lambda item: (item[1].file, item[1].row))
    shift = 1 if several else 0
    for row_number, (kind, issue) in enumerate(issues, start=2):
        if several:
            _set_text(sheet.cell(row_number, 1), issue.file)
        sheet.cell(row_number, 1 + shift, issue.row)
        _set_text(sheet.cell(row_number, 2 + shift), kind)
        _set_text(sheet.cell(row_number, 3 + shift), issue.column)
        _set_text(sheet.cell(row_number, 4 + shift), issue.message)
        sheet.cell(row_number, 4 + shift).alignment = Alignment(wrap_text=True, vertical="top")
        for offset, value in enumerate(report.row_values.get(issue.row, [])):
            cell = sheet.cell(row_number, 5 + offset)
            _set_text(cell, value)
            cell.number_format = "@"  # ID numbers and phones must stay text when re-saved
    sheet.freeze_panes = "F2" if several else "E2"
    widths = ([24] if several else []) + [8, 8, 14, 60] + [16] * len(headers)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    summary = workbook.create_sheet("汇总")
    summary_rows: tuple[tuple[str, str | int], ...] = (
        ("文件", "、".join(report.files) if several else report.file_name),
        ("工作表", report.sheet_name),
        ("表头所在行", report.header_row),
        ("新增", report.imported),
        ("更新", report.updated),
        ("加入活动名单", report.invited),
        ("有错误的行", len(report.error_rows)),
        ("重复行", len(report.duplicates)),
        ("提醒", len(report.warnings)),
    )
    for label, figure in summary_rows:
        summary.append([label, figure if isinstance(figure, int) else None])
        if not isinstance(figure, int):
            _set_text(summary.cell(summary.max_row, 2), figure)
    summary.column_dimensions["A"].width = 14
    summary.column_dimensions["B"].width = 40
    with atomic_write(path) as temp:
        workbook.save(temp)
