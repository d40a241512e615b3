"""Suggestions (意见建议): record, change, hand over, answer, close, call back, publish, delete.

The rules are those of ``domain.feedback``: what each status needs, which moves are allowed,
the usual deadline. The handling steps (交办, 答复, 办结, 回访, 公开) work on one or several
items: every item is checked first, then all are saved in one transaction, so either each
selected item changes or none does; a refusal names the item ("第 12 号：...") when several
were selected.

After the event is archived its suggestions are still followed up: every handling step
(交办, 答复, 办结, 回访, 公开) and the handling fields of the full form stay open, because
that is work on the suggestion, not a change to the event's record. What the record holds
is refused with the archive message: a new suggestion, a deletion, and a change of content,
category, person, event or of the 现场答复 status (``domain.feedback.RECORD_FIELDS``).

The holiday tables (needed for the default deadline) are loaded only by the functions that
count working days: the feedback tab imports this module at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.feedback import (
    ON_THE_SPOT,
    assign,
    check_feedback,
    check_transition,
    close_with_reply,
    default_category,
    default_deadline,
    publish,
    record_changes,
    record_follow_up,
    record_reply,
    require_valid_feedback,
)
from openday_desktop.domain.lifecycle import frozen_message
from openday_desktop.domain.models import Feedback
from openday_desktop.services.record import RecordFrozenError, require_open_record
from openday_desktop.storage import Store

HANDLING_GOES_ON = "办理情况（交办、答复、办结、回访、公开）仍可照常登记。"


def _categories(store: Store, old: Feedback | None) -> list[str]:
    categories = list(store.settings.get("feedback_categories"))
    if old is not None and old.category not in categories:
        # An item filed under a category since removed from the list may keep it.
        categories.append(old.category)
    return categories


def feedback_problems(store: Store, item: Feedback) -> dict[str, str]:
    """Every problem that blocks saving ``item`` (new or changed), by field."""
    old = store.feedback.get(item.id) if item.id is not None else None
    try:
        event = store.events.get(item.event_id)
    except NotFoundError:
        return {"event_id": "请选择这条意见建议来自哪次活动。"}
    errors: dict[str, str] = {}
    if old is not None:
        # A move the rules do not allow is the first thing to say: the rest depends on it.
        try:
            check_transition(old.status, item.status)
        except ValidationError as exc:
            errors["status"] = exc.message
    for field_name, message in check_feedback(item, _categories(store, old), event.date).items():
        errors.setdefault(field_name, message)
    return errors


def _require_record_kept(store: Store, old: Feedback | None, item: Feedback) -> None:
    """Refuse what would change an archived event's record; handling passes."""
    if old is None:
        require_open_record(store, item.event_id, "登记新的意见建议")
        return
    changes = record_changes(old, item)
    if not changes:
        return
    for event_id in dict.fromkeys((old.event_id, item.event_id)):
        action = "修改其意见建议的" + "、".join(changes)
        message = frozen_message(store.events.get(event_id), action)
        if message is not None:
            raise RecordFrozenError(message + HANDLING_GOES_ON)


def _checked(store: Store, item: Feedback) -> Feedback:
    """The cleaned item; NotFoundError for a missing event or person, else ValidationError."""
    old = store.feedback.get(item.id) if item.id is not None else None
    event = store.events.get(item.event_id)
    _require_record_kept(store, old, item)
    if item.person_id is not None:
        store.people.get(item.person_id)
    errors = feedback_problems(store, item)
    if errors:
        field_name, message = next(iter(errors.items()))
        raise ValidationError(field_name, message)
    return require_valid_feedback(item, _categories(store, old), event.date)


def add_feedback(
    store: Store,
    item: Feedback,
    *,
    suggest_deadline: bool = True,
    today: date | None = None,
) -> int:
    """Check and store a new suggestion; returns its id and sets ``item.id``.

    With ``suggest_deadline`` an item without a deadline gets the usual one
    (feedback_deadline_workdays working days after the event), except items answered on the
    spot, which need none. The full form passes False: there the clerk decides.
    """
    if item.id is not None:
        raise ValueError("add_feedback() needs an item without an id")
    today = today or date.today()
    if suggest_deadline and item.deadline is None and item.status != ON_THE_SPOT:
        event = store.events.get(item.event_id)
        from openday_desktop.storage.statistics import work_calendar  # holiday tables

        item.deadline = default_deadline(
            event.date,
            work_calendar(store),
            int(store.settings.get("feedback_deadline_workdays")),
            today,
        )
    cleaned = _checked(store, item)
    with store.transaction():
        item.id = store.feedback.add(cleaned)
    return item.id


def update_feedback(store: Store, item: Feedback) -> None:
    """Check and save a changed suggestion (the status move checked against the stored one)."""
    if item.id is None:
        raise ValueError("update_feedback() needs an item with an id")
    cleaned = _checked(store, item)
    with store.transaction():
        store.feedback.update(cleaned)


def delete_feedback(store: Store, feedback_ids: Iterable[int]) -> int:
    """Delete suggestions, all or none; returns how many (refused for an archived event's)."""
    ids = list(dict.fromkeys(feedback_ids))
    for feedback_id in ids:
        item = store.feedback.get(feedback_id)  # NotFoundError before anything goes
        require_open_record(store, item.event_id, "删除其意见建议")
    with store.transaction():
        for feedback_id in ids:
            store.feedback.delete(feedback_id)
    return len(ids)


def _handle(
    store: Store, feedback_ids: Iterable[int], change: Callable[[Feedback], Feedback]
) -> list[int]:
    """Apply ``change`` to every item, check them all, then save them all in one transaction."""
    ids = list(dict.fromkeys(feedback_ids))
    changed: list[Feedback] = []
    for feedback_id in ids:
        try:
            changed.append(_checked(store, change(store.feedback.get(feedback_id))))
        except ValidationError as exc:
            prefix = f"第 {feedback_id} 号：" if len(ids) > 1 else ""
            raise ValidationError(exc.field, prefix + exc.message) from None
    with store.transaction():
        for item in changed:
            store.feedback.update(item)
    return ids


def assign_feedback(
    store: Store, feedback_ids: Iterable[int], unit: str, person: str, deadline: date
) -> list[int]:
    """交办: hand the items to ``unit`` (and ``person``) with ``deadline`` (status 办理中)."""
    return _handle(store, feedback_ids, lambda item: assign(item, unit, person, deadline))


def reply_feedback(
    store: Store,
    feedback_ids: Iterable[int],
    reply: str,
    *,
    adopted: bool | None = None,
    on: date | None = None,
    today: date | None = None,
) -> list[int]:
    """答复: record the answer given, whether the suggestion is adopted and the reply date
    (``on``, default today) (status 已答复)."""
    day = on or today or date.today()
    return _handle(
        store, feedback_ids, lambda item: record_reply(item, reply, adopted=adopted, on=day)
    )


def close_feedback(
    store: Store,
    feedback_ids: Iterable[int],
    *,
    reply: str = "",
    rectification: str = "",
    follow_up_date: date | None = None,
    satisfaction: str = "",
    on: date | None = None,
    today: date | None = None,
) -> list[int]:
    """办结: close the items (status 已办结) with the completion date ``on`` (default today);
    an empty ``reply`` keeps each item's own answer."""
    day = on or today or date.today()
    return _handle(
        store,
        feedback_ids,
        lambda item: close_with_reply(
            item,
            reply=reply,
            rectification=rectification,
            follow_up_date=follow_up_date,
            satisfaction=satisfaction,
            on=day,
        ),
    )


def follow_up_feedback(
    store: Store,
    feedback_ids: Iterable[int],
    follow_up_date: date,
    satisfaction: str = "",
    *,
    method: str = "",
    notes: str = "",
) -> list[int]:
    """回访: record the call-back date, method (电话/上门/短信/其他), notes and satisfaction
    (the status stays)."""
    return _handle(
        store,
        feedback_ids,
        lambda item: record_follow_up(
            item, follow_up_date, satisfaction, method=method, notes=notes
        ),
    )


def publish_feedback(
    store: Store,
    feedback_ids: Iterable[int],
    *,
    on: date | None = None,
    today: date | None = None,
) -> list[int]:
    """公开: mark answered items as published on ``on`` (default today; an item published
    before keeps its first date)."""
    day = on or today or date.today()
    return _handle(store, feedback_ids, lambda item: publish(item, day))


def open_answer_to_feedback(
    store: Store,
    response_id: int,
    question_id: int,
    *,
    category: str | None = None,
    today: date | None = None,
) -> int:
    """Turn a questionnaire's open answer into a suggestion (待交办, default deadline); its id.

    Refused when the same text is already a suggestion of the same event.
    """
    categories = store.settings.get("feedback_categories")
    item = store.questionnaires.feedback_from_open_answer(
        response_id, question_id, category=category or default_category(categories)
    )
    return add_feedback(store, item, today=today)


def add_feedback_many(
    store: Store, items: list[Feedback], *, today: date | None = None
) -> list[int]:
    """Store several new suggestions (an import), all or none, in one transaction.

    Each item is checked as ``add_feedback`` checks one (the usual deadline filled in for items
    still to be handled); the first problem refuses them all before anything is written.
    """
    if not items:
        return []
    today = today or date.today()
    from openday_desktop.storage.statistics import work_calendar  # holiday tables

    calendar = work_calendar(store)
    workdays = int(store.settings.get("feedback_deadline_workdays"))
    cleaned: list[Feedback] = []
    for item in items:
        if item.id is not None:
            raise ValueError("add_feedback_many() needs items without an id")
        if item.deadline is None and item.status != ON_THE_SPOT:
            event = store.events.get(item.event_id)
            item.deadline = default_deadline(event.date, calendar, workdays, today)
        cleaned.append(_checked(store, item))
    with store.transaction():
        ids = [store.feedback.add(item) for item in cleaned]
    for item, new_id in zip(items, ids, strict=True):
        item.id = new_id
    return ids
