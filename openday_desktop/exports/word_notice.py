"""公示: the public notice of the selected representatives.

Published on the website and the notice board, so it carries no ID number and no phone of
anyone on the list: only the name (full or masked 张*三, a setting), village/unit and category.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from openday_desktop.domain.masking import mask_name
from openday_desktop.domain.models import Person

from .context import EventContext
from .official_style import OfficialDocument
from .wording import cn_date

NOTICE_HEADERS = ("序号", "姓名", "村（社区）或单位", "代表类别")
NOTICE_WIDTHS_MM = (16, 30, 74, 36)


def notice_place(person: Person) -> str:
    """Where the person comes from, as a notice shows it: the village, else the unit."""
    return person.village.strip() or person.unit.strip()


def notice_rows(people: Iterable[Person], mask: bool) -> list[tuple[str, str, str, str]]:
    """序号, name (masked when asked), village/unit, category for everyone selected."""
    rows = []
    for index, person in enumerate(people, start=1):
        name = mask_name(person.name) if mask else person.name
        rows.append((str(index), name, notice_place(person), person.category))
    return rows


def notice_document(
    ctx: EventContext,
    texts: Mapping[str, str],
    people: Iterable[Person],
    first_day: date,
    last_day: date,
) -> OfficialDocument:
    """The notice of the selected ``people`` (in document order); the notice period runs from
    ``first_day`` to ``last_day`` (working days, computed by the caller)."""
    t = texts
    mask = bool(ctx.settings["mask_names_in_notice"])
    rows = notice_rows(people, mask)
    extra = {
        "count": len(rows),
        "notice_start": cn_date(first_day),
        "notice_end": cn_date(last_day),
    }

    doc = OfficialDocument(ctx.settings["body_font"])
    doc.title(ctx.fill(t["title"], **extra))
    doc.paragraphs(ctx.fill(t["intro"], **extra))
    doc.table(NOTICE_HEADERS, NOTICE_WIDTHS_MM, rows, centered_columns=(0, 1, 3))
    doc.paragraphs(ctx.fill(t["period"], **extra))
    doc.paragraphs(ctx.fill(t["objection"], **extra))
    doc.signature(ctx.values["unit_name"], first_day)
    return doc


def write_notice(
    ctx: EventContext,
    texts: Mapping[str, str],
    people: Iterable[Person],
    first_day: date,
    last_day: date,
    path: str | Path,
) -> Path:
    """Write the notice to ``path`` (.docx)."""
    return notice_document(ctx, texts, people, first_day, last_day).save(path)
