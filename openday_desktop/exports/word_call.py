"""征集公告: the public call for registration, published before the event.

It says what the event is, when and where, who may apply, how many seats each category has,
how to register (the 报名表, in person, by phone when a phone is set) and by when, and whom to
ask. Public: it names no one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from .context import EventContext
from .official_style import OfficialDocument
from .wording import cn_date

CALL_SECTIONS: tuple[str, ...] = (
    "time_place",
    "eligibility",
    "seats",
    "how",
    "selection",
    "privacy",
    "contact",
)
CALL_HEADINGS: dict[str, str] = {
    "time_place": "活动时间和地点",
    "eligibility": "报名条件",
    "seats": "邀请名额",
    "how": "报名方式",
    "selection": "人选确定",
    "privacy": "个人信息保护",
    "contact": "联系方式",
}


def seats_clause(numbers: Sequence[tuple[str, int]], planned: int) -> str:
    """本次活动拟邀请代表30名，其中群众代表20名、人大代表5名…。 (``planned`` without quotas)."""
    total = sum(count for _, count in numbers)
    if not total:
        return f"本次活动拟邀请代表{planned}名。" if planned else "本次活动邀请代表若干名。"
    parts = "、".join(f"{name}{count}名" for name, count in numbers if count)
    return f"本次活动拟邀请代表{total}名，其中{parts}。"


def register_ways(office_name: str, contact_phone: str) -> str:
    """How to hand the form in: at the office, and by phone when the unit set a phone."""
    text = f"送交{office_name}" if office_name else "送交活动承办科室"
    phone = contact_phone.strip()
    if phone:
        text += f"，也可拨打{phone}电话报名"
    return text + "。"


def call_document(
    ctx: EventContext,
    texts: Mapping[str, str],
    numbers: Sequence[tuple[str, int]],
    planned: int,
    deadline: date,
    signed: date,
) -> OfficialDocument:
    """The call for ``ctx.event``; ``numbers`` are the seats per category, ``deadline`` the
    last day to register, ``signed`` the signing date."""
    extra = {
        "deadline": cn_date(deadline),
        "seats_clause": seats_clause(numbers, planned),
        "register_ways": register_ways(
            str(ctx.settings.get("office_name") or ""), str(ctx.settings.get("contact_phone") or "")
        ),
    }
    doc = OfficialDocument(ctx.settings["body_font"])
    doc.title(ctx.fill(texts["title"], **extra))
    doc.paragraphs(ctx.fill(texts["intro"], **extra))
    number = 0
    for key in CALL_SECTIONS:
        body = ctx.fill(texts[key], **extra).strip()
        if not body:
            continue  # a contact line with nothing set, or a passage the clerk emptied
        number += 1
        doc.heading(1, number, CALL_HEADINGS[key])
        doc.paragraphs(body)
    doc.paragraph("附件：代表报名表")
    doc.signature(ctx.values["unit_name"], signed)
    return doc
