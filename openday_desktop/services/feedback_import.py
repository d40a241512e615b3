"""Importing suggestions (意见建议) from a spreadsheet into one event.

``imports.feedback_sheet`` reads and checks the rows (no database). Here the person who raised
each one is looked up (the event's list first, then the pool: the same name, and the same
phone when the sheet gives one); the rows are turned into suggestions, checked like the form
checks them, and written through ``services.feedback.add_feedback_many`` in one transaction.
A bad row never stops a good one: it is in the report with its row number and column.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.feedback import (
    ASSIGNED_STATUSES,
    FIELD_LABELS,
    IN_PROGRESS,
    check_feedback,
    default_category,
    default_deadline,
)
from openday_desktop.domain.models import Feedback, Person
from openday_desktop.imports.feedback_sheet import FeedbackCandidate, read_feedback_sheet
from openday_desktop.imports.report import ImportReport, RowIssue
from openday_desktop.storage import Store

from .feedback import add_feedback_many
from .record import require_open_record


def _people_by_name(store: Store, event_id: int) -> tuple[dict[str, list[Person]], set[int]]:
    listed = {person.id for _, person in store.invitations.for_event(event_id)}
    by_name: dict[str, list[Person]] = {}
    for person in store.people.list():
        by_name.setdefault(person.name, []).append(person)
    return by_name, {pid for pid in listed if pid is not None}


def _person_of(
    candidate: FeedbackCandidate,
    by_name: dict[str, list[Person]],
    listed: set[int],
    report: ImportReport,
    column: str,
) -> int | None:
    name = candidate.person_name.strip()
    if not name or name in ("匿名", "无", "-", "—"):
        return None
    same = by_name.get(name, [])
    if candidate.phone:
        same = [person for person in same if person.phone == candidate.phone] or same
    if len(same) > 1:
        on_list = [person for person in same if person.id in listed]
        same = on_list if len(on_list) == 1 else same
    if len(same) == 1:
        return same[0].id
    why = "代表库中有几位同名的人" if same else "代表库中没有这个人"
    report.warnings.append(
        RowIssue(
            candidate.row,
            f"提出人“{name}”：{why}，这条意见建议已记为匿名。"
            "如需关联，请在“意见建议”页打开这一条选择提出人。",
            column,
        )
    )
    return None


def import_feedback(
    store: Store, path: str | Path, event_id: int, *, today: date | None = None
) -> ImportReport:
    """Import the suggestions of a spreadsheet into ``event_id``; returns the report.

    Raises RosterFileError when the file cannot be read or has no content column,
    NotFoundError for an unknown event and RecordFrozenError for an archived one.
    """
    event = require_open_record(store, event_id, "导入意见建议")
    today = today or date.today()
    categories = list(store.settings.get("feedback_categories"))
    reading = read_feedback_sheet(
        path,
        categories=categories,
        fallback_category=default_category(categories),
        event_date=event.date,
        today=today,
    )
    report = reading.report
    headers = report.headers

    def column(name: str, label: str) -> str:
        index = reading.mapping.get(name)
        return headers[index] if index is not None and headers[index] else label

    by_name, listed = _people_by_name(store, event_id)
    items: list[Feedback] = []
    rows: list[int] = []
    for candidate in reading.candidates:
        person_id = _person_of(candidate, by_name, listed, report, column("person", "提出人"))
        item = Feedback(
            event_id=event_id,
            content=candidate.content,
            person_id=person_id,
            category=candidate.category,
            responsible_unit=candidate.responsible_unit,
            responsible_person=candidate.responsible_person,
            deadline=candidate.deadline,
        )
        if item.responsible_unit:
            # A row naming the unit it went to was handed over already: 办理中.
            item.status = IN_PROGRESS
        if item.status in ASSIGNED_STATUSES and item.deadline is None:
            from openday_desktop.storage.statistics import work_calendar  # holiday tables

            item.deadline = default_deadline(
                event.date,
                work_calendar(store),
                int(store.settings.get("feedback_deadline_workdays")),
                today,
            )
        problems = check_feedback(item, categories, event.date)
        if problems:
            for field_name, message in problems.items():
                label = FIELD_LABELS.get(field_name, field_name)
                report.errors.append(RowIssue(candidate.row, message, column(field_name, label)))
            continue
        items.append(item)
        rows.append(candidate.row)
    try:
        add_feedback_many(store, items, today=today)
    except ValidationError as exc:  # checked above: should the service still refuse, say so
        raise ValidationError(
            exc.field, f"导入未完成，没有保存任何意见建议：{exc.message}"
        ) from None
    report.imported = len(items)
    report.errors.sort(key=lambda issue: issue.row)
    report.warnings.sort(key=lambda issue: issue.row)
    return report
