"""邀请函: one invitation letter per person on the 公示 list, each on its own page, in one file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from openday_desktop.domain.categories import OTHER_CATEGORY
from openday_desktop.domain.models import Person

from .context import EventContext, issue_date
from .official_style import OfficialDocument
from .safety import ExportError

DETAIL_KEYS = ("when", "where", "route", "tips", "contact")


def honorific(person: Person) -> str:
    """先生 or 女士 by the recorded sex; 同志 when it is not recorded."""
    return {"男": "先生", "女": "女士"}.get(person.sex, "同志")


# A person outside the named categories is invited as a guest: "以其他身份参加" says nothing.
GUEST_CAPACITY = "特邀代表"


def capacity(person: Person) -> str:
    """The capacity a letter invites the person in: the category, or 特邀代表 for 其他."""
    if not person.category or person.category == OTHER_CATEGORY:
        return GUEST_CAPACITY
    return person.category


def invitations_document(
    ctx: EventContext,
    texts: Mapping[str, str],
    people: Sequence[Person],
    on: date | None = None,
) -> OfficialDocument:
    """One letter per invited person (in document order); ExportError when there is none."""
    if not people:
        raise ExportError(
            "这个活动还没有审核通过的代表，无法生成邀请函。"
            "请先在名单中把入选的代表改为“审核通过”（公示后改为“已公示”）。"
        )
    t = texts
    day = issue_date(on)
    doc = OfficialDocument(ctx.settings["body_font"], page_numbers=False)
    for index, person in enumerate(people):
        values = {"name": person.name, "honorific": honorific(person), "category": capacity(person)}
        doc.title(ctx.fill(t["title"], **values), new_page=index > 0)
        doc.salutation(ctx.fill(t["salutation"], **values))
        doc.paragraphs(ctx.fill(t["body"], **values))
        for key in DETAIL_KEYS:
            doc.paragraphs(ctx.fill(t[key], **values))
        doc.paragraphs(ctx.fill(t["closing"], **values))
        doc.signature(ctx.values["unit_name"], day)
    return doc


def write_invitations(
    ctx: EventContext,
    texts: Mapping[str, str],
    people: Sequence[Person],
    path: str | Path,
    on: date | None = None,
) -> Path:
    """Write the letters to ``path`` (.docx)."""
    return invitations_document(ctx, texts, people, on).save(path)
