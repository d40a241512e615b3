"""活动情况公开: the public account of a held event, posted within the plan's working days.

It tells what happened (when, where, on what theme), the numbers (people on the list and
present, by category only), the questionnaire's satisfaction, and how each suggestion marked
for publication was handled. It is public: no person is named, and any ID number or phone
written into a suggestion's text is masked before it is printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openday_desktop.domain.dates import chinese_date
from openday_desktop.domain.masking import mask_id, mask_phone
from openday_desktop.domain.statistics import Stats, format_rate

from .context import EventContext, issue_date
from .official_style import SMALL_TABLE_SIZE_PT, OfficialDocument
from .wording import site_place

RESULT_HEADERS = ("序号", "意见建议内容", "类别", "办理情况", "是否采纳")
RESULT_WIDTHS_MM = (11, 54, 24, 50, 24)

# An 18-character ID number (or 15 digits) and an 11-digit mobile or dialled number,
# wherever someone typed them into a suggestion.
_ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])|(?<![0-9])[0-9]{15}(?![0-9])")
_PHONE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])|(?<![0-9])0[0-9]{2,3}-?[0-9]{7,8}(?![0-9])")


def mask_personal(text: str) -> str:
    """``text`` with ID numbers and phone numbers masked (public documents)."""
    text = _ID_NUMBER.sub(lambda m: mask_id(m.group()), text)
    return _PHONE.sub(lambda m: mask_phone(m.group()), text)


@dataclass(frozen=True)
class PublishedItem:
    """One suggestion as the public sees it: no author, no responsible person."""

    content: str
    category: str
    handling: str
    adopted: bool | None


def adopted_text(value: bool | None) -> str:
    return "—" if value is None else "采纳" if value else "未采纳"


def results_rows(items: Sequence[PublishedItem]) -> list[tuple[str, ...]]:
    return [
        (
            str(index),
            mask_personal(item.content),
            item.category,
            mask_personal(item.handling) or "正在办理",
            adopted_text(item.adopted),
        )
        for index, item in enumerate(items, start=1)
    ]


def results_document(
    ctx: EventContext,
    stats: Stats,
    items: Sequence[PublishedItem],
    on: date | None = None,
) -> OfficialDocument:
    """The public account of ``ctx.event``; ``items`` are the suggestions marked for
    publication, ``on`` the date it is signed (default today)."""
    day = issue_date(on)
    event = ctx.event
    unit = str(ctx.values["unit_name"])
    doc = OfficialDocument(ctx.settings["body_font"])
    doc.title(f"{unit}关于\n{event.title}开展情况的公告")
    places = "、".join(site_place(site) for site in event.sites)
    theme = f"，主题为“{event.theme}”" if event.theme else ""
    doc.paragraph(
        f"{chinese_date(event.date)}，{unit}举办{event.title}{theme}"
        + (f"，开放了{places}" if places else "")
        + "。现将活动开展情况公告如下。"
    )

    doc.heading(1, 1, "活动开展情况")
    people = [f"{row.category}{row.present}人" for row in stats.category_rows if row.present]
    doc.paragraph(
        f"本次活动名单内代表{stats.selected}人，实到{stats.present}人"
        + (f"（{'，'.join(people)}）" if people else "")
        + f"，到会率{format_rate(stats.attendance_rate)}。"
    )
    if stats.questionnaires_valid:
        doc.paragraph(
            f"活动中收回有效满意度问卷{stats.questionnaires_valid}份，"
            f"总体满意率{format_rate(stats.satisfaction_rate)}。"
        )

    doc.heading(1, 2, "意见建议办理情况")
    closed = stats.feedback_completed
    doc.paragraph(
        f"活动中共收集意见建议{stats.feedback_total}条，"
        f"其中现场答复{stats.feedback_by_status.get('现场答复', 0)}条，"
        f"交有关单位办理{stats.feedback_assigned}条，已办结{closed}条，"
        f"采纳{stats.feedback_adopted}条。"
        + ("各条办理情况如下表。" if items else "办理结果将在办结后另行公开。")
        if stats.feedback_total
        else "本次活动没有收到意见建议。"
    )
    if items:
        doc.table(
            RESULT_HEADERS,
            RESULT_WIDTHS_MM,
            results_rows(items),
            size=SMALL_TABLE_SIZE_PT,
            centered_columns=(0, 2, 4),
        )
    doc.paragraph("欢迎社会各界继续关注和参与政府开放日活动，对我单位工作提出意见建议。")
    doc.signature(unit, day)
    return doc
