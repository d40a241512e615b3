"""Events: create, change and delete an event with its sites; move it along its lifecycle.

Quotas of an existing event are part of selection (``services.selection.set_quotas``); a
new event may be created with its quotas here.

The rules are those of ``domain.events`` (what an event needs) and ``domain.lifecycle`` (which
steps may follow, their dates, an archived event is read-only). ``event_problems`` gives every
problem at once, by field, so the window can show each next to its field; the writing
functions check the same rules again and raise the first one as a ValidationError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.events import check_event, quoted_title, require_valid_event
from openday_desktop.domain.lifecycle import (
    ARCHIVED,
    LOCKED_MESSAGE,
    PREPARING,
    SUMMARISED,
    held_date_conflict,
    is_locked,
    plan_status_change,
)
from openday_desktop.domain.models import Event
from openday_desktop.services.record import require_open_record
from openday_desktop.storage import Store

UNARCHIVE_NOTE = "取消归档："


def _require_id(event: Event) -> int:
    if event.id is None:
        raise ValueError("this needs an event that was saved before (it has no id)")
    return event.id


def event_problems(
    store: Store,
    event: Event,
    *,
    status: str = PREPARING,
    reached_on: date | None = None,
    today: date | None = None,
) -> dict[str, str]:
    """Every problem that blocks saving ``event``, by field ('' when not tied to one).

    For a new event, ``status`` is the step the clerk says it has already reached and
    ``reached_on`` the day it got there (an event entered after the fact). An existing event
    keeps its stored status: it changes only through ``change_status``.
    """
    today = today or date.today()
    errors = check_event(event)
    if event.id is not None:
        stored = store.events.get(event.id)
        if is_locked(stored):
            return {"": LOCKED_MESSAGE}
        if event.status != stored.status:
            errors.setdefault("status", "活动状态请用“推进状态…”变更。")
        elif "date" not in errors:
            conflict = held_date_conflict(event, store.events.status_history(event.id))
            if conflict:
                errors["date"] = conflict
    elif status != PREPARING:
        try:
            plan_status_change(event, status, reached_on or today, today)
        except ValidationError as exc:
            errors.setdefault("status", exc.message)
    return errors


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        field_name, message = next(iter(errors.items()))
        raise ValidationError(field_name, message)


def create_event(
    store: Store,
    event: Event,
    *,
    status: str = PREPARING,
    reached_on: date | None = None,
    quotas: Mapping[str, int] | None = None,
    today: date | None = None,
) -> int:
    """Store a new event with its sites (and quotas); returns its id and sets ``event.id``.

    A ``status`` past 筹备中 is recorded as lifecycle steps dated ``reached_on`` (skipped
    steps get the same date), as the lifecycle dialog would.
    """
    today = today or date.today()
    if event.id is not None:
        raise ValueError("create_event() needs an event without an id")
    if event.status != PREPARING:
        raise ValidationError("status", f"新活动从“{PREPARING}”开始，请另选已到达的步骤。")
    _refuse(event_problems(store, event, status=status, reached_on=reached_on, today=today))
    cleaned = require_valid_event(event)
    checked_quotas = _checked_quotas(quotas or {})
    with store.transaction():
        event_id = store.events.add(cleaned)
        if checked_quotas:
            store.events.set_quotas(event_id, checked_quotas)
        if status != PREPARING:
            on = reached_on or today
            for step, day in plan_status_change(cleaned, status, on, today):
                store.events.set_status(event_id, step, day)
    event.id = event_id
    return event_id


def update_event(store: Store, event: Event, *, today: date | None = None) -> None:
    """Save changes to an event and its sites; refused for an archived event.

    The status is not changed here (``change_status`` does that), and an event marked
    已举办 cannot have its date moved past the day that was recorded.
    """
    _require_id(event)
    _refuse(event_problems(store, event, today=today))
    cleaned = require_valid_event(event)
    with store.transaction():
        store.events.update(cleaned)


def delete_events(store: Store, event_ids: Iterable[int]) -> int:
    """Delete events with their sites, lists, feedback and forms; all or none. Returns how many.

    An archived event is refused (its record is what was reported).
    """
    ids = list(dict.fromkeys(event_ids))
    for event_id in ids:
        require_open_record(store, event_id, "删除")  # NotFoundError before anything goes
    with store.transaction():
        for event_id in ids:
            store.events.delete(event_id)
    from openday_desktop.services.attachments import remove_event_files

    for event_id in ids:
        remove_event_files(store, event_id)  # the copies of its photos and files go with it
    return len(ids)


def _checked_quotas(quotas: Mapping[str, int]) -> dict[str, int]:
    cleaned: dict[str, int] = {}
    for category, quota in quotas.items():
        if quota < 0:
            raise ValidationError("quota", f"“{category}”的名额不能是负数。")
        cleaned[category] = int(quota)
    return cleaned


def change_status(
    store: Store,
    event_id: int,
    target: str,
    on: date | None = None,
    *,
    today: date | None = None,
) -> list[tuple[str, date]]:
    """Move an event to ``target`` on ``on`` (default today); returns the steps recorded.

    Forward moves record every skipped step with the same date; going back is one step at a
    time (see ``domain.lifecycle.plan_status_change``), and not from 已归档: that is
    ``unarchive_event``. Archiving pins the event's questionnaire version and its document
    wording, so later edits of the questions or of the unit's wording never reach it.
    """
    today = today or date.today()
    event = store.events.get(event_id)
    steps = plan_status_change(
        event, target, on or today, today, store.events.status_history(event_id)
    )
    with store.transaction():
        for status, day in steps:
            store.events.set_status(event_id, status, day)
        if target == ARCHIVED:
            _freeze_wording(store, event_id)
    return steps


def _freeze_wording(store: Store, event_id: int) -> None:
    """Keep what the archived event's documents and forms say, whatever the unit edits later.

    The questionnaire version is pinned, and every document passage the event takes from the
    unit's or the program's wording is stored as the event's own text. Inside the caller's
    transaction.
    """
    from openday_desktop.exports import wording  # plain text tables: python-docx stays unloaded

    store.questionnaires.pin(event_id)
    kind = store.events.get(event_id).kind
    for doc in wording.DOC_TEXTS:
        texts = wording.resolve_texts(doc, store.document_texts.texts(doc, event_id), None, kind)
        store.document_texts.set_many(doc, dict(texts), event_id)


def unarchive_event(
    store: Store,
    event_id: int,
    reason: str,
    on: date | None = None,
    *,
    today: date | None = None,
) -> tuple[str, date]:
    """取消归档: reopen an archived event's record, back to 已总结; returns the step recorded.

    An explicit step: the reason is required and is recorded with the date in the event's
    history (``EventRepository.status_notes``), so a report can tell that the record was
    reopened, when and why.
    """
    today = today or date.today()
    event = store.events.get(event_id)
    reason = " ".join(reason.split())
    if event.status != ARCHIVED:
        raise ValidationError(
            "status",
            f"活动{quoted_title(event.title)}没有归档（现在是“{event.status}”），不必取消归档。",
        )
    if not reason:
        raise ValidationError(
            "reason", "取消归档要写明原因（例如：更正签到记录），原因会记入状态记录。"
        )
    steps = plan_status_change(
        event,
        SUMMARISED,
        on or today,
        today,
        store.events.status_history(event_id),
        unarchiving=True,
    )
    (status, day) = steps[0]
    with store.transaction():
        store.events.set_status(event_id, status, day, note=UNARCHIVE_NOTE + reason)
    return status, day
