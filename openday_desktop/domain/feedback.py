"""Rules for suggestions (意见建议): what each status needs, moves between them, deadlines.

Statuses: 现场答复 (answered on the spot, closed at once), 待交办 (waiting to be handed to a
unit), 办理中 (a unit is on it, with a deadline), 已答复 (the person has an answer),
已办结 (answered, fixed where possible, called back: closed).

Requirements by status (checked by ``check_feedback``):
- 办理中, 已答复, 已办结: a responsible unit and a deadline (the ledger needs both; the
  responsible person is recommended but optional, many units answer as a unit).
- 已答复, 已办结: the reply text.
- "published" only for items with an answer (现场答复, 已答复, 已办结).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from .errors import ValidationError
from .models import FEEDBACK_STATUSES, FOLLOW_UP_METHODS, SATISFACTION_LEVELS, Feedback

if TYPE_CHECKING:
    # Only named in a signature: importing workdays loads the holiday tables, and the
    # feedback tab needs these rules at start-up.
    from .workdays import WorkCalendar

ON_THE_SPOT, TO_ASSIGN, IN_PROGRESS, REPLIED, CLOSED = FEEDBACK_STATUSES
ASSIGNED_STATUSES: frozenset[str] = frozenset({IN_PROGRESS, REPLIED, CLOSED})
ANSWERED_STATUSES: frozenset[str] = frozenset({ON_THE_SPOT, REPLIED, CLOSED})
MAX_CONTENT = 2000

FIELD_LABELS: dict[str, str] = {
    "content": "内容",
    "category": "分类",
    "status": "办理状态",
    "responsible_unit": "责任单位",
    "responsible_person": "责任人",
    "deadline": "办理时限",
    "reply": "答复/整改情况",
    "adopted": "是否采纳",
    "rectification": "整改结果",
    "follow_up_date": "回访日期",
    "satisfaction": "满意度",
    "published": "是否公开",
    "reply_date": "答复日期",
    "completed_date": "办结日期",
    "published_date": "公开日期",
    "follow_up_method": "回访方式",
    "follow_up_notes": "回访情况",
}

# Moves offered in the window. Backward moves exist to reopen an item whose answer did not
# satisfy the person, or to correct a wrong click.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ON_THE_SPOT: (TO_ASSIGN,),
    TO_ASSIGN: (ON_THE_SPOT, IN_PROGRESS),
    IN_PROGRESS: (REPLIED, CLOSED, TO_ASSIGN),
    REPLIED: (CLOSED, IN_PROGRESS),
    CLOSED: (IN_PROGRESS,),
}

# The statuses each handling step (交办, 答复, 办结, 回访, 公开) is offered for.
ASSIGNABLE: frozenset[str] = frozenset({TO_ASSIGN, IN_PROGRESS})
REPLIABLE: frozenset[str] = frozenset({IN_PROGRESS, REPLIED})
CLOSABLE: frozenset[str] = frozenset({IN_PROGRESS, REPLIED})
FOLLOWABLE: frozenset[str] = frozenset({REPLIED, CLOSED})  # a call-back follows an answer
PUBLISHABLE: frozenset[str] = ANSWERED_STATUSES


# A suggestion of an archived event keeps what belongs to the event's record: what was said,
# by whom, at which event, how it was filed, and whether it was answered on the spot. Its
# handling (交办, 答复, 办结, 回访, 公开: unit, person, deadline, reply, adoption,
# rectification, call-back, satisfaction, publication, and status moves among them) goes on
# after archiving: that is work on the suggestion, not a change to the event's record.
RECORD_FIELDS: dict[str, str] = {
    "event_id": "所属活动",
    "person_id": "提出人",
    "content": "内容",
    "category": "分类",
}


def record_changes(old: Feedback, new: Feedback) -> list[str]:
    """Labels of what ``new`` changes in the archived record of ``old`` (empty: handling only)."""
    changed = [
        label for name, label in RECORD_FIELDS.items() if getattr(old, name) != getattr(new, name)
    ]
    if old.status != new.status and ON_THE_SPOT in (old.status, new.status):
        changed.append(f"“{ON_THE_SPOT}”状态")
    return changed


def allowed_statuses(status: str) -> tuple[str, ...]:
    """The statuses an item in ``status`` may move to."""
    return TRANSITIONS.get(status, FEEDBACK_STATUSES)


def check_transition(old: str, new: str) -> None:
    """ValidationError when an item may not move from ``old`` to ``new`` directly."""
    if old == new or new in allowed_statuses(old):
        return
    options = "、".join(f"“{s}”" for s in allowed_statuses(old))
    raise ValidationError("status", f"“{old}”的意见建议不能直接改为“{new}”，只能改为{options}。")


def check_feedback(
    item: Feedback,
    categories: Sequence[str] | None = None,
    event_date: date | None = None,
) -> dict[str, str]:
    """Problems that prevent saving, by field name, in Chinese (empty when none).

    ``categories`` (the feedback_categories setting) and ``event_date`` are checked when given.
    """
    errors: dict[str, str] = {}
    content = item.content.strip()
    if not content:
        errors["content"] = "意见建议的内容不能为空，请照纸质表格录入原话。"
    elif len(content) > MAX_CONTENT:
        errors["content"] = f"内容超过{MAX_CONTENT}字，请分成几条录入。"
    if categories is not None and item.category not in categories:
        errors["category"] = (
            f"分类“{item.category}”不在分类列表中，请从{'、'.join(categories)}中选择，"
            "或先在设置中添加这个分类。"
        )
    if item.status not in FEEDBACK_STATUSES:
        errors["status"] = f"办理状态“{item.status}”无效，应为{'、'.join(FEEDBACK_STATUSES)}之一。"
        return errors
    if item.status in ASSIGNED_STATUSES:
        if not item.responsible_unit.strip():
            errors["responsible_unit"] = f"状态为“{item.status}”时必须填写责任单位。"
        if item.deadline is None:
            errors["deadline"] = f"状态为“{item.status}”时必须填写办理时限。"
    if item.status in (REPLIED, CLOSED) and not item.reply.strip():
        errors["reply"] = f"状态为“{item.status}”时请填写答复或整改情况。"
    if item.deadline is not None and event_date is not None and item.deadline < event_date:
        errors["deadline"] = "办理时限不能早于活动日期。"
    if item.satisfaction and item.satisfaction not in SATISFACTION_LEVELS:
        errors["satisfaction"] = f"满意度只能是{'、'.join(SATISFACTION_LEVELS)}之一。"
    elif item.satisfaction and item.status not in (REPLIED, CLOSED):
        errors["satisfaction"] = "回访满意度要在答复之后才能登记，请先登记答复情况。"
    if (
        item.follow_up_date is not None
        and event_date is not None
        and item.follow_up_date < event_date
    ):
        errors["follow_up_date"] = "回访日期不能早于活动日期。"
    if item.published and item.status not in ANSWERED_STATUSES:
        errors["published"] = "还没有答复的意见建议不能标记为已公开。"
    if item.follow_up_method and item.follow_up_method not in FOLLOW_UP_METHODS:
        errors["follow_up_method"] = f"回访方式只能是{'、'.join(FOLLOW_UP_METHODS)}之一。"
    if event_date is not None:
        for name in ("reply_date", "completed_date", "published_date"):
            value = getattr(item, name)
            if value is not None and value < event_date:
                errors.setdefault(name, f"{FIELD_LABELS[name]}不能早于活动日期。")
    if (
        item.reply_date is not None
        and item.completed_date is not None
        and item.completed_date < item.reply_date
    ):
        errors.setdefault("completed_date", "办结日期不能早于答复日期。")
    return errors


def require_valid_feedback(
    item: Feedback,
    categories: Sequence[str] | None = None,
    event_date: date | None = None,
) -> Feedback:
    """A cleaned copy (text trimmed), or ValidationError for the first problem."""
    cleaned = replace(
        item,
        content=item.content.strip(),
        category=item.category.strip(),
        responsible_unit=item.responsible_unit.strip(),
        responsible_person=item.responsible_person.strip(),
        reply=item.reply.strip(),
        rectification=item.rectification.strip(),
        follow_up_notes=item.follow_up_notes.strip(),
        # A reopened item is no longer done, an unpublished one has no publication date.
        completed_date=item.completed_date if item.status == CLOSED else None,
        published_date=item.published_date if item.published else None,
    )
    errors = check_feedback(cleaned, categories, event_date)
    if errors:
        field_name, message = next(iter(errors.items()))
        raise ValidationError(field_name, message)
    return cleaned


def default_category(categories: Sequence[str]) -> str:
    """The category used when none is given: 其他 if listed, else the last one."""
    if "其他" in categories:
        return "其他"
    return categories[-1] if categories else "其他"


def default_deadline(event_date: date, calendar: WorkCalendar, workdays: int, today: date) -> date:
    """``workdays`` working days after the event.

    An item entered so late that this date has already passed (raised by phone weeks after
    the event, say) gets its period counted from ``today`` instead, so it is never born overdue.
    """
    due = calendar.add_workdays(event_date, workdays)
    if due < today:
        due = calendar.add_workdays(today, workdays)
    return due


def assign(item: Feedback, unit: str, person: str, deadline: date) -> Feedback:
    """A copy handed to ``unit`` (and ``person``) with ``deadline``: status 办理中."""
    check_transition(item.status, IN_PROGRESS)
    assigned = replace(
        item,
        status=IN_PROGRESS,
        responsible_unit=unit.strip(),
        responsible_person=person.strip(),
        deadline=deadline,
    )
    if item.status in (REPLIED, CLOSED):
        # A reopened item (usually after an unsatisfied call-back) is called back and
        # published again once answered anew: its old rating and publication would pass for
        # the result of the new handling.
        assigned = replace(assigned, satisfaction="", published=False, published_date=None)
    errors = check_feedback(assigned)
    for field_name in ("responsible_unit", "deadline"):
        if field_name in errors:
            raise ValidationError(field_name, errors[field_name])
    return assigned


def record_reply(
    item: Feedback, reply: str, *, adopted: bool | None = None, on: date | None = None
) -> Feedback:
    """A copy with the answer given on ``on`` (the reply date): status 已答复."""
    check_transition(item.status, REPLIED)
    replied = replace(
        item, status=REPLIED, reply=reply.strip(), adopted=adopted, reply_date=on or item.reply_date
    )
    if not replied.reply:
        raise ValidationError("reply", "请填写答复内容。")
    return replied


def close(
    item: Feedback,
    *,
    rectification: str = "",
    follow_up_date: date | None = None,
    satisfaction: str = "",
    on: date | None = None,
) -> Feedback:
    """A copy closed (已办结) on ``on`` (the completion date) with the rectification result
    and the call-back; an item never answered before gets ``on`` as its reply date too."""
    check_transition(item.status, CLOSED)
    closed = replace(
        item,
        status=CLOSED,
        completed_date=on or item.completed_date,
        reply_date=item.reply_date or on,
        rectification=rectification.strip() or item.rectification,
        follow_up_date=follow_up_date or item.follow_up_date,
        satisfaction=satisfaction or item.satisfaction,
    )
    require_valid_feedback(closed)
    return closed


def record_follow_up(
    item: Feedback,
    follow_up_date: date,
    satisfaction: str = "",
    *,
    method: str = "",
    notes: str = "",
) -> Feedback:
    """A copy with the call-back recorded (date, how, what was said, satisfaction; the status
    stays); only after an answer. An empty ``method`` or ``notes`` keeps the item's own."""
    if item.status not in FOLLOWABLE:
        raise ValidationError(
            "satisfaction", f"“{item.status}”的意见建议还没有答复，回访要在答复之后进行。"
        )
    if method and method not in FOLLOW_UP_METHODS:
        raise ValidationError(
            "follow_up_method", f"回访方式只能是{'、'.join(FOLLOW_UP_METHODS)}之一。"
        )
    return replace(
        item,
        follow_up_date=follow_up_date,
        satisfaction=satisfaction,
        follow_up_method=method or item.follow_up_method,
        follow_up_notes=notes.strip() or item.follow_up_notes,
    )


def publish(item: Feedback, on: date) -> Feedback:
    """A copy marked published on ``on`` (an item published before keeps its first date)."""
    if item.status not in PUBLISHABLE:
        raise ValidationError("published", "还没有答复的意见建议不能标记为已公开。")
    return replace(item, published=True, published_date=item.published_date or on)


def close_with_reply(
    item: Feedback,
    *,
    reply: str = "",
    rectification: str = "",
    follow_up_date: date | None = None,
    satisfaction: str = "",
    on: date | None = None,
) -> Feedback:
    """``close``, taking a new ``reply`` when given (an empty one keeps the item's own)."""
    if reply.strip():
        item = replace(item, reply=reply.strip())
    if not item.reply.strip():
        raise ValidationError("reply", "办结前请填写答复内容（答复了什么、由谁答复）。")
    return close(
        item,
        rectification=rectification,
        follow_up_date=follow_up_date,
        satisfaction=satisfaction,
        on=on,
    )
