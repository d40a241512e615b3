"""An event's life from planning to archive, its deadlines, and the yearly count.

Steps: 筹备中 -> 方案已报备 -> 代表已公示 -> 已举办 -> 已总结 -> 已归档.

Rules chosen here:
- Forward moves may skip steps (a unit that starts using the program after filing its plan
  marks the event 代表已公示 at once); every skipped step is recorded with the same date, so
  the history is complete.
- Going back is allowed one step at a time, to correct a wrong click; the history keeps both
  entries, so nothing is hidden. No reason is asked: the history has no place for one and a
  correction needs none.
- A step cannot be dated in the future, nor before the previous step; 已举办 and later
  cannot be dated before the event.
- An archived event (已归档) is frozen: its list, attendance, suggestions, questionnaires and
  document texts hold still (``frozen_message``; every service write checks it through
  ``services.record.require_open_record``). Leaving 已归档 is an explicit 取消归档 with a
  reason, recorded in the history with its date (``services.events.unarchive_event``);
  the ordinary step back refuses it.
- Suggestions already handed over are still followed up after archiving (reply, completion,
  call-back, publication): that is work on the suggestion, not a change to the event's
  record. Their content, category, person and event stay as archived, none is added or
  deleted (``domain.feedback.RECORD_FIELDS``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .dates import chinese_date
from .errors import ValidationError
from .events import quoted_title
from .models import EVENT_STATUSES, FEEDBACK_OPEN_STATUSES, Event, Feedback

if TYPE_CHECKING:
    # Only named in signatures: importing workdays loads the holiday tables, and the archive
    # rule here is needed at start-up (the feedback tab's services).
    from .workdays import WorkCalendar

# The yearly rule lives in domain.yearly (months and half-years); its names stay importable here.
from .yearly import YearCompliance as YearCompliance
from .yearly import yearly_compliance as yearly_compliance

PREPARING, FILED, LIST_PUBLISHED, HELD, SUMMARISED, ARCHIVED = EVENT_STATUSES


def status_index(status: str) -> int:
    """The step's place in the lifecycle (0 = 筹备中); ValidationError for an unknown one."""
    try:
        return EVENT_STATUSES.index(status)
    except ValueError:
        raise ValidationError("status", f"活动状态“{status}”无效。") from None


def next_status(status: str) -> str | None:
    """The following step, or None after 已归档."""
    index = status_index(status)
    return EVENT_STATUSES[index + 1] if index + 1 < len(EVENT_STATUSES) else None


def previous_status(status: str) -> str | None:
    """The step before, or None at 筹备中."""
    index = status_index(status)
    return EVENT_STATUSES[index - 1] if index > 0 else None


def allowed_targets(status: str) -> list[str]:
    """Statuses the event may move to: the step back, then every later step."""
    index = status_index(status)
    back = [EVENT_STATUSES[index - 1]] if index > 0 else []
    return back + list(EVENT_STATUSES[index + 1 :])


def is_locked(event: Event) -> bool:
    """True for an archived event: its record is frozen and the window shows it read-only."""
    return event.status == ARCHIVED


def frozen_message(event: Event, action: str = "修改") -> str | None:
    """Why ``action`` cannot be done on the event's record, or None while it is open."""
    if not is_locked(event):
        return None
    return (
        f"活动{quoted_title(event.title)}已归档，记录已封存，不能{action}。"
        "如确需更正，请先“取消归档”并写明原因（会记入活动的状态记录）。"
    )


def is_held(event: Event, today: date) -> bool:
    """True when the event has taken place: marked 已举办 or later, or its date has passed."""
    return status_index(event.status) >= status_index(HELD) or event.date < today


def attendance_refusal(event: Event, today: date, *, backfill: bool = False) -> str | None:
    """Why attendance cannot be recorded for ``event`` today, or None.

    Sign-in happens on the event's day. Before it nobody can have come; after it, recording
    who came is a 补录 (``backfill``), an explicit act that is stamped with who did it and
    when, so the record shows the entry was made afterwards.
    """
    if event.date > today:
        return (
            f"活动定于{chinese_date(event.date)}举办，还没到签到的日子。"
            "签到只能在活动当天进行；名单请在“名单与遴选”中调整。"
        )
    if event.date < today and not backfill:
        return (
            f"活动已于{chinese_date(event.date)}举办，今天不能再现场签到。"
            "如需补登当天的签到或缺席，请用“补录”（会记下补录人和补录时间）。"
        )
    return None


def plan_status_change(
    event: Event,
    target: str,
    on: date,
    today: date,
    history: Sequence[tuple[str, date]] = (),
    *,
    unarchiving: bool = False,
) -> list[tuple[str, date]]:
    """The steps to record to move ``event`` to ``target`` on ``on``; ValidationError if not allowed.

    ``history`` is the event's recorded steps, oldest first (EventRepository.status_history).
    Going back from 已归档 needs ``unarchiving`` (the explicit step with a reason).
    """
    current = status_index(event.status)
    wanted = status_index(target)
    if wanted == current:
        raise ValidationError("status", f"活动已经是“{target}”状态。")
    if on > today:
        raise ValidationError("date", "状态变更的日期不能晚于今天，请等事项办完后再登记。")
    if wanted < current:
        if current == status_index(ARCHIVED) and not unarchiving:
            raise ValidationError("status", UNARCHIVE_HINT)
        if wanted != current - 1:
            raise ValidationError(
                "status",
                f"只能退回到上一步“{EVENT_STATUSES[current - 1]}”，如需再往前请逐步退回。",
            )
        return [(target, on)]
    # The 筹备中 entry is the day the record was created, which may be long after the real
    # steps when a unit enters an event afterwards; only real steps bound the date.
    steps_taken = [(status, day) for status, day in history if status != PREPARING]
    if steps_taken and on < steps_taken[-1][1]:
        last_status, last_day = steps_taken[-1]
        raise ValidationError(
            "date", f"日期不能早于上一步“{last_status}”的日期{chinese_date(last_day)}。"
        )
    if wanted >= status_index(HELD) and on < event.date:
        raise ValidationError(
            "date",
            f"活动定于{chinese_date(event.date)}举办，在此之前不能登记为“{target}”。",
        )
    return [(status, on) for status in EVENT_STATUSES[current + 1 : wanted + 1]]


LOCKED_MESSAGE = (
    "活动已归档，记录已封存，不能修改。如确需更正，请先在“推进状态…”中“取消归档”并写明原因。"
)
UNARCHIVE_HINT = (
    "已归档的活动不能直接退回。如确需更正，请用“取消归档”并写明原因"
    "（命令行：openday-cli event unarchive 编号 --reason 原因），取消归档会连同日期记入状态记录。"
)


def held_date_conflict(event: Event, history: Iterable[tuple[str, date]]) -> str | None:
    """Why ``event``'s (edited) date cannot stand, or None.

    Once an event is marked 已举办 or later, its date cannot move past the day that step was
    recorded: the lifecycle would then say it was held before it took place.
    """
    if status_index(event.status) < status_index(HELD):
        return None
    held_on = step_dates(history).get(HELD)
    if held_on is None or event.date <= held_on:
        return None
    return (
        f"活动已于{chinese_date(held_on)}登记为“已举办”，日期不能改到这一天之后。"
        "如日期确实有变，请先用“推进状态…”退回后再修改。"
    )


def step_dates(history: Iterable[tuple[str, date]]) -> dict[str, date]:
    """The date each step was last reached (for "方案已报备 2026年5月20日" in the window)."""
    dates: dict[str, date] = {}
    for status, day in history:
        dates[status] = day
    return dates


# A date as official documents write it (2026年6月12日); the name the lifecycle's callers use.
format_date = chinese_date


# --- deadlines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRules:
    """The working-day periods from the settings."""

    plan_filing_workdays: int = 5
    notice_days: int = 5
    results_publish_workdays: int = 5
    feedback_deadline_workdays: int = 10

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> DeadlineRules:
        """Read the periods from a settings dict (SettingsRepository.all())."""
        return cls(
            plan_filing_workdays=int(settings["plan_filing_workdays"]),
            notice_days=int(settings["notice_days"]),
            results_publish_workdays=int(settings["results_publish_workdays"]),
            feedback_deadline_workdays=int(settings["feedback_deadline_workdays"]),
        )


@dataclass(frozen=True)
class Deadline:
    """Something due: an event step or a suggestion, with its date as of ``today``.

    ``estimated`` is True when the date was worked out with the Monday-Friday fallback
    because the year's official schedule is missing.
    """

    kind: str  # "event" or "feedback"
    ref_id: int | None  # the event id or the feedback id
    event_id: int | None
    title: str  # the event title, or the start of the suggestion
    task: str
    due: date
    today: date
    workdays_left: int
    estimated: bool = False

    @property
    def overdue(self) -> bool:
        """The date has passed."""
        return self.due < self.today

    @property
    def days_left(self) -> int:
        """Calendar days until the date (negative when overdue)."""
        return (self.due - self.today).days

    def describe(self) -> str:
        """e.g. "方案报备：2026年6月5日前，还有3个工作日"."""
        when = f"{self.task}：{chinese_date(self.due)}前"
        if self.overdue:
            text = f"{when}，已逾期{-self.days_left}天"
        elif self.due == self.today:
            text = f"{when}，今天到期"
        else:
            text = f"{when}，还有{self.workdays_left}个工作日"
        return text + ("（按周一至周五估算）" if self.estimated else "")


def event_task_dates(
    event: Event, calendar: WorkCalendar, rules: DeadlineRules
) -> list[tuple[str, str, date]]:
    """Every step's due date, in order: (task, the status that marks it done, date).

    The list of representatives must be published ``notice_days`` working days ahead so
    the notice period is over by the day of the event.
    """
    return [
        ("方案报备", FILED, calendar.add_workdays(event.date, -rules.plan_filing_workdays)),
        ("代表名单公示", LIST_PUBLISHED, calendar.add_workdays(event.date, -rules.notice_days)),
        ("举办活动", HELD, event.date),
        (
            "公开活动情况并报送总结",
            SUMMARISED,
            calendar.add_workdays(event.date, rules.results_publish_workdays),
        ),
    ]


def _deadline(
    calendar: WorkCalendar,
    today: date,
    due: date,
    **fields: Any,
) -> Deadline:
    return Deadline(
        due=due,
        today=today,
        workdays_left=calendar.workdays_between(today, due),
        estimated=bool(calendar.missing_years([due, today] if due >= today else [due])),
        **fields,
    )


# The name other domain modules use (domain.trail's publication deadlines).
make_deadline = _deadline


NEAR_WORKDAYS = 10  # deadlines this close show the working days left


def deadline_text(deadline: Deadline | None, today: date | None = None) -> str:
    """The next step in a table cell: "方案报备 6月5日前，余3个工作日", （估算） if guessed.

    The working days left are shown only when they are few (ten or less): far deadlines
    need no counting, and the cell stays short.
    """
    if deadline is None:
        return ""
    today = today or deadline.today
    due = deadline.due
    when = f"{due.month}月{due.day}日" if due.year == today.year else due.isoformat()
    text = f"{deadline.task} {when}前"
    if deadline.overdue:
        text += f"，已逾期{-deadline.days_left}天"
    elif deadline.days_left == 0:
        text += "，今天到期"
    elif deadline.workdays_left <= NEAR_WORKDAYS:
        text += f"，余{deadline.workdays_left}个工作日"
    return text + ("（估算）" if deadline.estimated else "")


def next_deadline(
    event: Event, calendar: WorkCalendar, rules: DeadlineRules, today: date
) -> Deadline | None:
    """What the event needs done next and by when; None once it is summarised."""
    current = status_index(event.status)
    for task, status, due in event_task_dates(event, calendar, rules):
        if status_index(status) > current:
            return _deadline(
                calendar,
                today,
                due,
                kind="event",
                ref_id=event.id,
                event_id=event.id,
                title=event.title,
                task=task,
            )
    return None


def feedback_deadline(item: Feedback, calendar: WorkCalendar, today: date) -> Deadline | None:
    """The suggestion's deadline while it is being handled (None when closed or undated)."""
    if item.deadline is None or item.status not in FEEDBACK_OPEN_STATUSES:
        return None
    content = item.content.strip().replace("\n", " ")
    return _deadline(
        calendar,
        today,
        item.deadline,
        kind="feedback",
        ref_id=item.id,
        event_id=item.event_id,
        title=content if len(content) <= 24 else content[:23] + "…",
        task="意见建议办理" if item.status == "办理中" else "意见建议交办",
    )


def due_items(
    events: Iterable[Event],
    feedback: Iterable[Feedback],
    calendar: WorkCalendar,
    rules: DeadlineRules,
    today: date,
    horizon_days: int = 14,
) -> list[Deadline]:
    """What the dashboard lists: overdue items and those due within ``horizon_days``, by date.

    Archived events and their suggestions are left out: the unit has closed them.
    """
    items: list[Deadline] = []
    archived: set[int | None] = set()
    for event in events:
        if event.status == ARCHIVED:
            archived.add(event.id)
            continue
        deadline = next_deadline(event, calendar, rules, today)
        if deadline is not None:
            items.append(deadline)
    for item in feedback:
        if item.event_id in archived:
            continue
        deadline = feedback_deadline(item, calendar, today)
        if deadline is not None:
            items.append(deadline)
    return sorted(
        (d for d in items if d.days_left <= horizon_days),
        key=lambda d: (d.due, d.kind, d.ref_id or 0),
    )
