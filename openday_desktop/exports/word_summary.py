"""活动总结: the report to the superior after the event, with figures, two charts and an
appendix listing every suggestion and how it was handled.

The figures are the event's ``Stats`` (storage.statistics.event_stats, read by the caller), so
the report quotes exactly what the dashboard and the command line show.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openday_desktop.domain.colours import FEEDBACK_STATUS_COLOURS
from openday_desktop.domain.models import Feedback
from openday_desktop.domain.statistics import Stats, format_rate

from .charts import bar_chart_png
from .context import EventContext, issue_date
from .official_style import (
    HEADING1_FONT,
    SMALL_TABLE_SIZE_PT,
    OfficialDocument,
    set_east_asian_font,
)
from .wording import cn_date, format_slot, site_place

ATTENDANCE_HEADERS = ("代表类别", "报名人数", "入选人数", "实到人数", "到会率")
ATTENDANCE_WIDTHS_MM = (44, 28, 28, 28, 28)
APPENDIX_HEADERS = ("序号", "意见建议内容", "分类", "责任单位", "办理状态", "办理结果")
APPENDIX_WIDTHS_MM = (14, 46, 22, 24, 22, 28)
CHART_WIDTH_MM = 140


def summary_figures(stats: Stats) -> dict[str, Any]:
    """The placeholder values the summary's texts quote."""
    by_status = stats.feedback_by_status
    return {
        "registered": stats.registered,
        "selected": stats.selected,
        "present": stats.present,
        "attendance_rate": format_rate(stats.attendance_rate),
        "feedback_total": stats.feedback_total,
        "on_spot": by_status.get("现场答复", 0),
        "assigned": stats.feedback_assigned,
        "answered": by_status.get("已答复", 0) + by_status.get("已办结", 0),
        "completed": stats.feedback_completed,
        "completion_rate": format_rate(stats.completion_rate),
        "overdue": stats.overdue,
        "to_assign": stats.feedback_to_assign,
        "adopted": stats.feedback_adopted,
        "published": stats.feedback_published,
        "on_time_rate": format_rate(stats.on_time_rate),
        "callbacks": stats.callbacks_rated,
        "callback_satisfaction_rate": format_rate(stats.callback_satisfaction_rate),
        "questionnaires_valid": stats.questionnaires_valid,
        "satisfaction_rate": format_rate(stats.satisfaction_rate),
    }


def attendance_table_rows(stats: Stats) -> list[tuple[str, ...]]:
    """One row per category, then the total."""
    rows: list[tuple[str, ...]] = []
    for row in stats.category_rows:
        rate = format_rate(row.present / row.selected) if row.selected else "—"
        rows.append((row.category, str(row.registered), str(row.selected), str(row.present), rate))
    rows.append(
        (
            "合计",
            str(stats.registered),
            str(stats.selected),
            str(stats.present),
            format_rate(stats.attendance_rate),
        )
    )
    return rows


def handling_result(item: Feedback) -> str:
    """What became of a suggestion, in a few words for the appendix."""
    parts = [text.strip() for text in (item.rectification, item.reply) if text.strip()]
    if parts:
        return parts[0]
    return {"待交办": "待交有关单位办理", "办理中": "正在办理"}.get(item.status, "")


def appendix_rows(items: Sequence[Feedback]) -> list[tuple[str, ...]]:
    """The appendix table: every suggestion with its handling."""
    return [
        (
            str(index),
            item.content,
            item.category,
            item.responsible_unit,
            item.status,
            handling_result(item),
        )
        for index, item in enumerate(items, start=1)
    ]


def _charts(ctx: EventContext, stats: Stats) -> tuple[bytes | None, bytes | None]:
    mix = None
    present = [(row.category, row.present) for row in stats.category_rows if row.present]
    if present:
        mix = bar_chart_png(
            "实到代表构成（按类别）",
            [name for name, _ in present],
            [count for _, count in present],
            unit="人",
        )
    status = None
    if stats.feedback_total:
        counts = stats.feedback_by_status
        status = bar_chart_png(
            "意见建议办理情况",
            list(counts),
            list(counts.values()),
            unit="条",
            colours=[FEEDBACK_STATUS_COLOURS[name].chart for name in counts],
        )
    return mix, status


RULE_HEADERS = ("项目", "名单", "实到", "实到是否达到要求")
RULE_WIDTHS_MM = (70, 28, 28, 30)


def summary_document(
    ctx: EventContext,
    texts: Mapping[str, str],
    stats: Stats,
    feedback: Sequence[Feedback],
    on: date | None = None,
    rules: tuple[str, Sequence[tuple[str, str, str, str]]] | None = None,
) -> OfficialDocument:
    """The summary report of ``ctx.event`` with its ``stats`` and every suggestion in the
    appendix; ``on`` is the reporting date (default today). ``rules``: the list against who
    came (``domain.checks.rule_comparison``), a sentence and a table under the attendance."""
    day = issue_date(on)
    event = ctx.event
    items = feedback
    t = texts
    extra = {**summary_figures(stats), "today": cn_date(day)}

    doc = OfficialDocument(ctx.settings["body_font"])
    doc.title(ctx.fill(t["title"], **extra))
    doc.paragraphs(ctx.fill(t["intro"], **extra))

    doc.heading(1, 1, "活动开展情况")
    doc.heading(2, 1, "精心组织筹备。", ctx.fill(t["preparation"], **extra))
    doc.heading(2, 2, "活动过程。", ctx.fill(t["process"], **extra))
    if event.sites:
        doc.paragraphs(ctx.fill(t["sites_intro"], **extra))
    for index, site in enumerate(event.sites, start=1):
        line = site_place(site)
        details = [format_slot(site.time_slot)] if site.time_slot else []
        if site.guide:
            details.append(f"由{site.guide}讲解")
        doc.heading(3, index, "", line + ("：" + "，".join(details) if details else "") + "。")

    doc.heading(1, 2, "代表参与情况")
    doc.paragraphs(ctx.fill(t["attendance"], **extra))
    doc.table(
        ATTENDANCE_HEADERS,
        ATTENDANCE_WIDTHS_MM,
        attendance_table_rows(stats),
        centered_columns=range(5),
    )
    if rules is not None:
        sentence, rows = rules
        doc.paragraph(sentence)
        doc.table(RULE_HEADERS, RULE_WIDTHS_MM, rows, centered_columns=(1, 2, 3))
    mix, status = _charts(ctx, stats)
    if mix:
        doc.picture(io.BytesIO(mix), CHART_WIDTH_MM, "图1  实到代表构成")

    doc.heading(1, 3, "意见建议收集和办理情况")
    doc.paragraphs(ctx.fill(t["feedback"], **extra))
    if status:
        doc.picture(io.BytesIO(status), CHART_WIDTH_MM, f"图{2 if mix else 1}  意见建议办理情况")
    if stats.questionnaires_valid:
        doc.paragraphs(ctx.fill(t["satisfaction"], **extra))

    doc.heading(1, 4, "存在的不足")
    doc.paragraphs(ctx.fill(t["shortcomings"], **extra))
    doc.heading(1, 5, "下一步工作打算")
    doc.paragraphs(ctx.fill(t["next_steps"], **extra))

    appendix_title = ctx.fill(t["appendix_title"], **extra)
    if items:
        # GB/T 9704: the attachment note one line below the text, two characters in.
        doc.paragraph()
        doc.paragraph(f"附件：{appendix_title}")
    doc.signature(ctx.values["unit_name"], day)

    if items:
        label = doc.new_page()
        set_east_asian_font(label.add_run("附件")._r, HEADING1_FONT)
        doc.title(appendix_title)
        doc.table(
            APPENDIX_HEADERS,
            APPENDIX_WIDTHS_MM,
            appendix_rows(items),
            size=SMALL_TABLE_SIZE_PT,
            centered_columns=(0, 2, 4),
        )
    return doc


def write_summary(
    ctx: EventContext,
    texts: Mapping[str, str],
    stats: Stats,
    feedback: Sequence[Feedback],
    path: str | Path,
    on: date | None = None,
) -> Path:
    """Write the summary report to ``path`` (.docx)."""
    return summary_document(ctx, texts, stats, feedback, on).save(path)
