"""The domain objects: events with their open sites, people, invitations and feedback."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Protocol

# --- events -------------------------------------------------------------------------------

EVENT_STATUSES: tuple[str, ...] = (
    "筹备中",
    "方案已报备",
    "代表已公示",
    "已举办",
    "已总结",
    "已归档",
)
STANDARD_ACTIVITY_FORMS: tuple[str, ...] = (
    "浏览介绍",
    "观摩体验",
    "实地观摩",
    "座谈交流",
    "参观调研",
)


@dataclass
class Site:
    """One open site (开放点) of an event; events visit their sites in list order."""

    name: str
    address: str = ""
    time_slot: str = ""  # e.g. "09:00-09:40"
    guide: str = ""  # the staff member who shows visitors round
    id: int | None = None


# What kind of activity an event is. 政府开放日 is the open day the city and county rules
# govern (their per-site minimum and citizen share apply); 政务公开日 is the 5.15 open-government
# day; 政务公开活动 any other open-government activity (a hearing, a policy briefing).
EVENT_KINDS: tuple[str, ...] = ("政府开放日", "政务公开日", "政务公开活动")
DEFAULT_EVENT_KIND = EVENT_KINDS[0]


@dataclass
class Event:
    """One government open day (or another open-government activity, see ``kind``)."""

    title: str
    date: date
    theme: str = ""
    organizer: str = ""  # 开放主体 / organising unit
    start: time | None = None
    end: time | None = None
    status: str = EVENT_STATUSES[0]
    basis_document: str = ""  # the superior's document the event follows
    basis_number: str = ""  # its number, e.g. 某政办发〔2026〕5号
    sites: list[Site] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)  # activity forms, standard or free
    notes: str = ""
    id: int | None = None
    kind: str = DEFAULT_EVENT_KIND  # one of EVENT_KINDS


# --- people -------------------------------------------------------------------------------

SEXES: tuple[str, ...] = ("男", "女")
PERSON_SOURCES: tuple[str, ...] = ("定向邀请", "公开报名", "组织推荐")


@dataclass
class Person:
    """A representative in the reusable pool (代表库)."""

    name: str
    category: str = "群众代表"
    sex: str = ""
    id_number: str = ""
    birth_date: date | None = None
    phone: str = ""
    unit: str = ""  # 工作单位及职务
    village: str = ""  # 村/社区
    source: str = PERSON_SOURCES[0]
    notes: str = ""
    id: int | None = None


# --- invitations --------------------------------------------------------------------------

INV_REGISTERED = "已报名"
INV_APPROVED = "审核通过"
INV_REJECTED = "未通过"
INV_PUBLISHED = "已公示"
INV_CONFIRMED = "已确认"
INV_WITHDRAWN = "已退出"
INVITATION_STATUSES: tuple[str, ...] = (
    INV_REGISTERED,
    INV_APPROVED,
    INV_REJECTED,
    INV_PUBLISHED,
    INV_CONFIRMED,
    INV_WITHDRAWN,
)
# People in these states are not on the event's list: rule checks and sign-in sheets skip them.
INACTIVE_INVITATION_STATUSES: frozenset[str] = frozenset({INV_REJECTED, INV_WITHDRAWN})

ATTENDANCE_PRESENT = "已签到"
ATTENDANCE_ABSENT = "缺席"
ATTENDANCE_VALUES: tuple[str, ...] = ("", ATTENDANCE_PRESENT, ATTENDANCE_ABSENT)


@dataclass
class Invitation:
    """One person on one event's list, with the selection status and attendance on the day."""

    event_id: int
    person_id: int
    status: str = INV_REGISTERED
    review_result: str = ""  # the selection group's remark
    attendance: str = ""  # "", 已签到 or 缺席
    signed_in_at: datetime | None = None
    walk_in: bool = False
    group_id: int | None = None  # the visiting group (分组); None: the route through every site
    id: int | None = None
    # A 补录 (attendance entered after the event's day): who entered it and when.
    recorded_by: str = ""
    recorded_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        """True while the person counts for the event (not rejected, not withdrawn)."""
        return self.status not in INACTIVE_INVITATION_STATUSES


# --- feedback -----------------------------------------------------------------------------

FEEDBACK_STATUSES: tuple[str, ...] = ("现场答复", "待交办", "办理中", "已答复", "已办结")
FEEDBACK_OPEN_STATUSES: frozenset[str] = frozenset({"待交办", "办理中"})
DEFAULT_FEEDBACK_CATEGORIES: tuple[str, ...] = (
    "政务服务",
    "基础设施",
    "环境卫生",
    "社会治理",
    "产业发展",
    "其他",
)
SATISFACTION_LEVELS: tuple[str, ...] = ("满意", "比较满意", "一般", "不太满意", "不满意")
# A call-back counts as satisfied at these levels, as a questionnaire does (满意 + 比较满意).
SATISFIED_LEVELS: frozenset[str] = frozenset(SATISFACTION_LEVELS[:2])
FOLLOW_UP_METHODS: tuple[str, ...] = ("电话", "上门", "短信", "其他")


@dataclass
class Feedback:
    """A suggestion or question raised at (or after) an event, followed to the end."""

    event_id: int
    content: str
    person_id: int | None = None  # None: anonymous
    category: str = "其他"
    status: str = "待交办"
    responsible_unit: str = ""
    responsible_person: str = ""
    deadline: date | None = None
    reply: str = ""
    adopted: bool | None = None
    rectification: str = ""
    follow_up_date: date | None = None
    satisfaction: str = ""
    published: bool = False
    reply_date: date | None = None  # 答复日期: set by the reply step
    completed_date: date | None = None  # 办结日期: set by the close step
    published_date: date | None = None  # 公开日期: set by the publish step
    follow_up_method: str = ""  # 回访方式: one of FOLLOW_UP_METHODS, or "" when not called back
    follow_up_notes: str = ""  # 回访情况
    id: int | None = None

    def is_overdue(self, today: date) -> bool:
        """An item still being handled whose deadline has passed."""
        return is_overdue(self.status, self.deadline, today)

    @property
    def on_time(self) -> bool | None:
        """办结 by the deadline (None: not closed, or a date is missing)."""
        if self.completed_date is None or self.deadline is None:
            return None
        return self.completed_date <= self.deadline


def is_overdue(status: str, deadline: date | None, today: date) -> bool:
    """A suggestion with this status and deadline is still being handled past its deadline."""
    return deadline is not None and deadline < today and status in FEEDBACK_OPEN_STATUSES


class _Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def saved_id(record: _Stored) -> int:
    """The id of a record read from the database.

    A record without one was never saved: looking up id 0 instead would quietly find nothing,
    so this is a programming error and raises.
    """
    if record.id is None:
        raise ValueError(f"{type(record).__name__} has no id: it was never saved")
    return record.id
