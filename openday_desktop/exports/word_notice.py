"""公示: the public notice of the selected representatives.

Published on the website and the notice board, so it carries no ID number and no phone of
anyone on the list: only the name (full or masked 张*三, a setting), village/unit and category.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from openday_desktop.domain.masking import mask_name
from openday_desktop.domain.models import Person

from .context import event_context, issue_date, selected_people
from .official_style import OfficialDocument
from .wording import DOC_NOTICE, cn_date, resolve_texts

if TYPE_CHECKING:
    from openday_desktop.storage import Store

NOTICE_HEADERS = ("序号", "姓名", "村（社区）或单位", "代表类别")
NOTICE_WIDTHS_MM = (16, 30, 74, 36)


def notice_place(person: Person) -> str:
    """Where the person comes from, as a notice shows it: the village, else the unit."""
    return person.village.strip() or person.unit.strip()


def notice_rows(store: Store, event_id: int, mask: bool) -> list[tuple[str, str, str, str]]:
    """序号, name (masked when asked), village/unit, category for everyone selected."""
    rows = []
    for index, (_, person) in enumerate(selected_people(store, event_id), start=1):
        name = mask_name(person.name) if mask else person.name
        rows.append((str(index), name, notice_place(person), person.category))
    return rows


def write_notice(
    store: Store,
    event_id: int,
    path: str | Path,
    texts: Mapping[str, str] | None = None,
    start: date | None = None,
) -> Path:
    """Write the notice of ``event_id``; the notice period runs from ``start`` (default today)."""
    from openday_desktop.storage.statistics import work_calendar

    ctx = event_context(store, event_id)
    t = resolve_texts(store, DOC_NOTICE, event_id, texts)
    mask = bool(ctx.settings["mask_names_in_notice"])
    rows = notice_rows(store, event_id, mask)
    calendar = work_calendar(store)
    first_day = calendar.next_workday(issue_date(start))
    days = int(ctx.settings["notice_days"])
    last_day = calendar.add_workdays(first_day, days - 1)
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
    return doc.save(path)
