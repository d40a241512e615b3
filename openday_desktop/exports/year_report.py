"""年度工作报告: what a township files with the county for a year, as Word and as Excel.

The figures come in as plain data (``YearReport``, gathered by services/documents.py): the
year's ``Stats`` as ``stats --year --json`` prints them, the year's compliance with the
unit's rule, each event's own figures, the suggestions by category and outcome, and the
publication records. Nothing here reads the store, so both writers are tested without one.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openday_desktop.domain.dates import chinese_date
from openday_desktop.domain.models import FEEDBACK_STATUSES
from openday_desktop.domain.statistics import format_rate

from .charts import bar_chart_png
from .official_style import SMALL_TABLE_SIZE_PT, OfficialDocument

CHART_WIDTH_MM = 140
MAX_COLUMN_UNITS = 30.0  # Excel column units (a CJK character is 2)
ADOPTED = "采纳"


@dataclass(frozen=True)
class EventFigures:
    """One event of the year as the report lists it."""

    event_id: int
    title: str
    day: date
    status: str
    held: bool  # counted against the yearly rule (已举办 or later)
    sites: tuple[str, ...]
    selected: int
    present: int
    attendance_rate: float | None
    by_category: tuple[tuple[str, int, int], ...]  # (category, on the list, present)
    feedback_total: int
    satisfaction_rate: float | None


@dataclass(frozen=True)
class PublicationLine:
    """One publication record: which event, what, where, when."""

    event_title: str
    what: str
    channel: str
    day: date
    place: str = ""
    due: date | None = None  # when it was owed (None: no deadline for this kind)

    @property
    def timely(self) -> str:
        if self.due is None:
            return "—"
        return "按期" if self.day <= self.due else f"逾期（应于{chinese_date(self.due)}前）"


@dataclass
class YearReport:
    """Everything the year report prints; ``figures`` is exactly ``stats --year --json``."""

    year: int
    unit_name: str
    body_font: str
    figures: Mapping[str, Any]  # the Stats' to_json() plus "compliance"
    compliance_text: str  # YearCompliance.describe()
    events: Sequence[EventFigures]
    category_rows: Sequence[tuple[str, int, int, int]]  # (category, registered, selected, present)
    # category -> outcome (a feedback status, or 采纳) -> count
    feedback_matrix: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    feedback_by_status: Mapping[str, int] = field(default_factory=dict)
    publications: Sequence[PublicationLine] = ()
    on: date = field(default_factory=date.today)

    @property
    def title(self) -> str:
        return f"{self.unit_name}{self.year}年度政府开放日活动开展情况报告"

    def rate(self, key: str) -> str:
        """A rate from the figures as reports write it ("95.5%", "—" when none)."""
        value = self.figures.get(key)
        return format_rate(value) if isinstance(value, float) else "—"

    def count(self, key: str) -> int:
        value = self.figures.get(key)
        return int(value) if isinstance(value, int) else 0


# --- the tables both files share ----------------------------------------------------------------

EVENT_HEADERS = ("序号", "活动日期", "活动名称", "开放点", "状态", "名单人数", "实到人数", "到会率")
CATEGORY_HEADERS = ("代表类别", "报名人数", "名单人数", "实到人数", "到会率")
OUTCOMES: tuple[str, ...] = (*FEEDBACK_STATUSES, ADOPTED)
FEEDBACK_HEADERS = ("类别", *OUTCOMES, "合计")
PUBLICATION_HEADERS = ("活动", "公开内容", "公开渠道", "公开日期", "网址或地点", "是否按期")


def compliance_rows(report: YearReport) -> list[tuple[str, str]]:
    """The yearly rule as label-value rows."""
    check = report.figures.get("compliance") or {}
    rows = [
        ("年度要求", str(check.get("message") or report.compliance_text)),
        ("应举办次数", str(check.get("required", ""))),
        ("已举办次数", str(check.get("held", ""))),
        ("是否达到", "是" if check.get("ok") else "否"),
    ]
    missing = check.get("missing")
    if missing:
        rows.append(("尚缺", "、".join(str(m) for m in missing)))
    return rows


def event_rows(report: YearReport) -> list[tuple[Any, ...]]:
    """One row per event: its date as a date (the Excel sheet sorts by it)."""
    return [
        (
            index,
            item.day,
            item.title,
            "、".join(item.sites) or "—",
            item.status,
            item.selected,
            item.present,
            format_rate(item.attendance_rate),
        )
        for index, item in enumerate(report.events, start=1)
    ]


def category_table(report: YearReport) -> list[tuple[Any, ...]]:
    """Registered / on the list / present per category over the year, then the total."""
    rows: list[tuple[Any, ...]] = [
        (name, registered, selected, present, format_rate(present / selected) if selected else "—")
        for name, registered, selected, present in report.category_rows
    ]
    rows.append(
        (
            "合计",
            report.count("registered"),
            report.count("selected"),
            report.count("present"),
            report.rate("attendance_rate"),
        )
    )
    return rows


def feedback_table(report: YearReport) -> list[tuple[Any, ...]]:
    """Suggestions per category by outcome (each status, and how many were adopted)."""
    rows: list[tuple[Any, ...]] = []
    totals = dict.fromkeys(OUTCOMES, 0)
    for category, counts in report.feedback_matrix.items():
        values = [counts.get(outcome, 0) for outcome in OUTCOMES]
        for outcome, value in zip(OUTCOMES, values, strict=True):
            totals[outcome] += value
        rows.append((category, *values, sum(counts.get(s, 0) for s in FEEDBACK_STATUSES)))
    rows.append(
        ("合计", *totals.values(), sum(totals[s] for s in FEEDBACK_STATUSES)),
    )
    return rows


def publication_rows(report: YearReport) -> list[tuple[Any, ...]]:
    return [
        (item.event_title, item.what, item.channel, item.day, item.place or "—", item.timely)
        for item in report.publications
    ]


def _text(value: Any) -> str:
    return chinese_date(value) if isinstance(value, date) else str(value)


def _texts(rows: Sequence[Sequence[Any]]) -> list[tuple[str, ...]]:
    return [tuple(_text(value) for value in row) for row in rows]


# --- Word ---------------------------------------------------------------------------------------


def _figures_sentence(report: YearReport) -> str:
    held = [item for item in report.events if item.held]
    return (
        f"{report.year}年，我单位共组织政府开放日活动{len(report.events)}次，其中已举办"
        f"{len(held)}次。名单内代表{report.count('selected')}人，实到"
        f"{report.count('present')}人，到会率{report.rate('attendance_rate')}。"
    )


def _feedback_sentence(report: YearReport) -> str:
    total = report.count("feedback_total")
    if not total:
        return "全年活动中没有收集到意见建议。"
    parts = [
        f"全年共收集意见建议{total}条",
        f"其中现场答复{report.feedback_by_status.get('现场答复', 0)}条",
    ]
    if "handed_over" in report.figures:
        parts.append(f"交有关单位办理{report.count('handed_over')}条")
    parts.append(
        f"已办结{report.count('feedback_completed')}条，办结率{report.rate('completion_rate')}"
    )
    if "on_time_rate" in report.figures:
        parts.append(f"按时办结率{report.rate('on_time_rate')}")
    if "adopted" in report.figures:
        parts.append(f"采纳{report.count('adopted')}条")
    if "published" in report.figures:
        parts.append(f"已公开办理结果{report.count('published')}条")
    overdue = report.count("overdue")
    parts.append(f"逾期未办结{overdue}条" if overdue else "无逾期未办结")
    return "，".join(parts) + "。"


def _satisfaction_sentence(report: YearReport) -> str:
    valid = report.count("questionnaires_valid")
    text = (
        f"全年收回有效满意度问卷{valid}份，总体满意率{report.rate('satisfaction_rate')}。"
        if valid
        else "全年没有收回有效的满意度问卷。"
    )
    if "callback_satisfaction_rate" in report.figures:
        rate = report.figures.get("callback_satisfaction_rate")
        text += (
            f"意见建议办理后回访，提出人满意率{report.rate('callback_satisfaction_rate')}。"
            if rate is not None
            else "意见建议办理后的回访还没有登记满意程度。"
        )
    return text


def _charts(report: YearReport) -> list[tuple[bytes, str]]:
    charts: list[tuple[bytes, str]] = []
    present = [(name, p) for name, _r, _s, p in report.category_rows if p]
    if present:
        image = bar_chart_png(
            "全年实到代表构成（按类别）",
            [name for name, _ in present],
            [count for _, count in present],
            unit="人",
        )
        charts.append((image, "全年实到代表构成"))
    held = [item for item in report.events if item.held and item.selected]
    if held:
        image = bar_chart_png(
            "各次活动到会人数",
            [f"{item.day.month}月{item.day.day}日" for item in held],
            [item.present for item in held],
            unit="人",
        )
        charts.append((image, "各次活动到会人数"))
    counts = {k: v for k, v in report.feedback_by_status.items() if v}
    if counts:
        image = bar_chart_png("意见建议办理情况", list(counts), list(counts.values()), unit="条")
        charts.append((image, "意见建议办理情况"))
    return charts


def year_report_document(report: YearReport) -> OfficialDocument:
    """The year report in the official format, with its tables and charts."""
    doc = OfficialDocument(report.body_font)
    doc.title(f"{report.unit_name}\n{report.year}年度政府开放日活动开展情况报告")
    doc.paragraph(_figures_sentence(report))
    charts = _charts(report)
    figure = 0

    def picture(caption: str) -> None:
        nonlocal figure
        for image, name in charts:
            if name == caption:
                figure += 1
                doc.picture(io.BytesIO(image), CHART_WIDTH_MM, f"图{figure}  {name}")

    doc.heading(1, 1, "年度要求完成情况")
    doc.paragraph(report.compliance_text + "（只计已举办的活动）")
    doc.table(("项目", "情况"), (40, 120), compliance_rows(report)[1:], centered_columns=(0,))

    doc.heading(1, 2, "各次活动开展情况")
    doc.table(
        EVENT_HEADERS,
        (8, 22, 34, 30, 20, 16, 16, 20),
        _texts(event_rows(report)),
        size=SMALL_TABLE_SIZE_PT,
        centered_columns=(0, 1, 4, 5, 6, 7),
    )
    picture("各次活动到会人数")
    for item in report.events:
        if not item.by_category:
            continue
        if item.held:
            parts = [
                f"{name}{selected}人中实到{present}人"
                for name, selected, present in item.by_category
            ]
            text = "，".join(parts)
        else:
            parts = [f"{name}{selected}人" for name, selected, _ in item.by_category if selected]
            text = f"尚未举办，名单内{'，'.join(parts) or '还没有人'}"
        doc.paragraph(f"{chinese_date(item.day)}{item.title}：{text}。")

    doc.heading(1, 3, "代表参与情况")
    doc.table(
        CATEGORY_HEADERS,
        (44, 28, 28, 28, 28),
        _texts(category_table(report)),
        centered_columns=range(5),
    )
    picture("全年实到代表构成")

    doc.heading(1, 4, "意见建议收集和办理情况")
    doc.paragraph(_feedback_sentence(report))
    if report.feedback_matrix:
        doc.table(
            FEEDBACK_HEADERS,
            (24, *([16] * len(OUTCOMES)), 16),
            _texts(feedback_table(report)),
            size=SMALL_TABLE_SIZE_PT,
            centered_columns=range(1, len(FEEDBACK_HEADERS)),
        )
    picture("意见建议办理情况")

    doc.heading(1, 5, "群众满意度")
    doc.paragraph(_satisfaction_sentence(report))

    doc.heading(1, 6, "信息公开情况")
    if not report.publications:
        doc.paragraph(
            "本年度还没有登记公开记录（实施方案、代表名单、活动情况、意见建议办理结果）。"
        )
    else:
        doc.paragraph(f"全年共登记公开记录{len(report.publications)}条，明细如下。")
        doc.table(
            PUBLICATION_HEADERS,
            (32, 22, 20, 26, 34, 32),
            _texts(publication_rows(report)),
            size=SMALL_TABLE_SIZE_PT,
            centered_columns=(1, 2, 3, 5),
        )
    doc.signature(report.unit_name, report.on)
    return doc


# --- Excel --------------------------------------------------------------------------------------


def year_report_workbook(report: YearReport) -> Any:
    """The year report as a workbook: one sheet per table, a title row on each, real dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from .excel_style import (
        DATE_FORMAT,
        append_header,
        append_title,
        display_width,
        print_setup,
        register_styles,
        set_widths,
        wrapped_row_height,
    )
    from .safety import clean_text

    workbook = Workbook()
    register_styles(workbook)
    first = workbook.active
    if first is not None:
        workbook.remove(first)

    info = f"{report.unit_name}　统计日期：{chinese_date(report.on)}"

    def sheet(name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        ws = workbook.create_sheet(name)
        table = [
            [v if isinstance(v, int | float | date) else clean_text(v) for v in r] for r in rows
        ]
        widths = [max(8.0, display_width(h) + 2.0) for h in headers]
        for values in table:
            for index, value in enumerate(values):
                width = 16.0 if isinstance(value, date) else display_width(str(value)) + 2.0
                # Long text wraps in a column of at most 30 units rather than widening the
                # page until the print shrinks to nothing.
                widths[index] = max(widths[index], min(width, MAX_COLUMN_UNITS))
        # The title row wraps between words over a narrow table (append_title sizes it).
        # Short: the unit is on the line below, and a narrow table leaves little room.
        append_title(ws, f"{report.year}年度政府开放日活动：{name}", info, widths)
        append_header(ws, headers)
        wrap = [
            i
            for i in range(len(headers))
            if any(display_width(str(v[i])) + 2 > widths[i] for v in table if isinstance(v[i], str))
        ]
        for values in table:
            ws.append(values)
            row = ws.max_row
            for index, value in enumerate(values):
                cell = ws.cell(row, index + 1)
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT
                elif index in wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            height = wrapped_row_height(values, widths, wrap)
            if height is not None:
                ws.row_dimensions[row].height = height
        set_widths(ws, widths)
        ws.freeze_panes = "A4"
        print_setup(ws, title_rows="1:3", landscape=len(headers) > 6)

    sheet("年度要求", ("项目", "情况"), compliance_rows(report))
    sheet("各次活动", EVENT_HEADERS, event_rows(report))
    by_category = [
        (
            item.day,
            item.title,
            name,
            selected,
            present,
            format_rate(present / selected) if selected else "—",
        )
        for item in report.events
        for name, selected, present in item.by_category
    ]
    sheet(
        "各次活动分类别",
        ("活动日期", "活动名称", "代表类别", "名单人数", "实到人数", "到会率"),
        by_category,
    )
    sheet("代表参与", CATEGORY_HEADERS, category_table(report))
    sheet("意见建议", FEEDBACK_HEADERS, feedback_table(report))
    key_rows = [
        ("意见建议总数", report.count("feedback_total")),
        ("已办结", report.count("feedback_completed")),
        ("办结率", report.rate("completion_rate")),
        ("逾期未办结", report.count("overdue")),
    ]
    for key, label in (
        ("handed_over", "交有关单位办理"),
        ("adopted", "采纳"),
        ("published", "已公开办理结果"),
    ):
        if key in report.figures:
            key_rows.append((label, report.count(key)))
    if "on_time_rate" in report.figures:
        key_rows.append(("按时办结率", report.rate("on_time_rate")))
    key_rows += [
        ("有效问卷", report.count("questionnaires_valid")),
        ("问卷满意率", report.rate("satisfaction_rate")),
    ]
    if "callback_satisfaction_rate" in report.figures:
        key_rows.append(("回访满意率", report.rate("callback_satisfaction_rate")))
    sheet("办理与满意度", ("项目", "数值"), key_rows)
    sheet("公开情况", PUBLICATION_HEADERS, publication_rows(report))
    return workbook
