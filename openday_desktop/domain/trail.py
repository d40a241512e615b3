"""The trail an event leaves: what was published where and when, its photos and files, the
leaders and staff who were there, and the round-table notes.

Inspectors ask when and where the plan, the list of representatives, the account of the
day and the handling of suggestions were published, and for the photos and video. The rules
ask the unit's main or deputy leader (主要负责人 / 分管负责人) to meet the representatives
face to face, so a held event without either recorded gets a warning.

Publication deadlines (working days, from the settings):
- 实施方案: by the plan-filing date (``plan_filing_workdays`` before the event);
- 代表名单: by the start of the notice (``notice_days`` before the event);
- 活动情况: ``results_publish_workdays`` after the event;
- 意见建议办理结果: when the suggestions' handling period is over and the results period has
  passed (``feedback_deadline_workdays`` + ``results_publish_workdays`` after the event); owed
  only by an event that has suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from .errors import ValidationError
from .events import quoted_title
from .models import Event

if TYPE_CHECKING:
    from .lifecycle import Deadline, DeadlineRules
    from .workdays import WorkCalendar

PUB_PLAN, PUB_LIST, PUB_RESULTS, PUB_FEEDBACK = PUBLICATION_KINDS = (
    "实施方案",
    "代表名单",
    "活动情况",
    "意见建议办理结果",
)
PUBLICATION_CHANNELS: tuple[str, ...] = ("政府网站", "政务新媒体", "公开栏", "其他")
ATTACHMENT_KINDS: tuple[str, ...] = ("照片", "视频", "签到表扫描件", "其他")
MAIN_LEADER, DEPUTY_LEADER, OTHER_LEADER, STAFF = OFFICIAL_ROLES = (
    "主要负责人",
    "分管负责人",
    "其他领导",
    "工作人员",
)
FACE_TO_FACE_ROLES: frozenset[str] = frozenset({MAIN_LEADER, DEPUTY_LEADER})

MAX_NOTES = 20000
IMAGE_SUFFIXES: frozenset[str] = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp"})
VIDEO_SUFFIXES: frozenset[str] = frozenset({".mp4", ".mov", ".avi", ".mkv", ".wmv", ".m4v"})


@dataclass
class Publication:
    """One publication of one of the event's documents: what, where (channel and link or
    place) and when."""

    event_id: int
    what: str
    channel: str
    date: date
    place: str = ""  # the link (网址) or the place (e.g. 镇政府公开栏)
    notes: str = ""
    id: int | None = None


@dataclass
class Attachment:
    """A file kept with the event (photo, video, scanned sign-in sheet, other), copied into
    the data folder; ``file_name`` is the copy's name inside the event's attachment folder."""

    event_id: int
    kind: str
    caption: str
    date: date
    file_name: str = ""
    original_name: str = ""
    size: int = 0
    id: int | None = None

    @property
    def is_image(self) -> bool:
        """A picture the window can show as a thumbnail."""
        return _suffix(self.file_name) in IMAGE_SUFFIXES


@dataclass
class Official:
    """A leader or staff member present at the event."""

    event_id: int
    name: str
    role: str = STAFF
    post: str = ""  # 职务, e.g. 镇长, 党政办主任
    id: int | None = None


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def attachment_kind_for(file_name: str) -> str:
    """The kind a file most likely is, from its name (the clerk may change it)."""
    suffix = _suffix(file_name)
    if suffix in IMAGE_SUFFIXES:
        return "照片"
    if suffix in VIDEO_SUFFIXES:
        return "视频"
    if suffix == ".pdf":
        return "签到表扫描件"
    return "其他"


# --- checks -------------------------------------------------------------------------------


def check_publication(item: Publication, today: date) -> dict[str, str]:
    """Problems that prevent saving a publication record, by field (empty when none)."""
    errors: dict[str, str] = {}
    if item.what not in PUBLICATION_KINDS:
        errors["what"] = f"公开内容“{item.what}”无效，应为{'、'.join(PUBLICATION_KINDS)}之一。"
    if item.channel not in PUBLICATION_CHANNELS:
        errors["channel"] = (
            f"公开渠道“{item.channel}”无效，应为{'、'.join(PUBLICATION_CHANNELS)}之一。"
        )
    elif item.channel == "其他" and not item.place.strip():
        errors["place"] = "渠道为“其他”时，请写明在哪里公开（网址或地点）。"
    if item.date > today:
        errors["date"] = "公开日期不能晚于今天：请在公开之后再登记。"
    if len(item.place) > 500:
        errors["place"] = "网址或地点超过500字，请只写网址或地点本身。"
    return errors


def require_valid_publication(item: Publication, today: date) -> Publication:
    """A cleaned copy, or ValidationError for the first problem."""
    cleaned = replace(item, place=item.place.strip(), notes=item.notes.strip())
    errors = check_publication(cleaned, today)
    if errors:
        field_name, message = next(iter(errors.items()))
        raise ValidationError(field_name, message)
    return cleaned


def require_valid_attachment(item: Attachment, today: date) -> Attachment:
    """A cleaned copy, or ValidationError (kind, caption, date)."""
    cleaned = replace(item, caption=item.caption.strip())
    if cleaned.kind not in ATTACHMENT_KINDS:
        raise ValidationError(
            "kind", f"附件类型“{cleaned.kind}”无效，应为{'、'.join(ATTACHMENT_KINDS)}之一。"
        )
    if len(cleaned.caption) > 500:
        raise ValidationError("caption", "说明超过500字，请写短一些。")
    if cleaned.date > today:
        raise ValidationError("date", "拍摄或形成日期不能晚于今天。")
    return cleaned


def require_valid_officials(officials: Iterable[Official]) -> list[Official]:
    """Cleaned copies (blank rows dropped), or ValidationError naming the row."""
    cleaned: list[Official] = []
    seen: set[tuple[str, str]] = set()
    for number, item in enumerate(officials, start=1):
        name, post = item.name.strip(), item.post.strip()
        if not name and not post:
            continue
        if not name:
            raise ValidationError("name", f"第 {number} 行没有填写姓名。")
        if item.role not in OFFICIAL_ROLES:
            raise ValidationError(
                "role",
                f"第 {number} 行的身份“{item.role}”无效，应为{'、'.join(OFFICIAL_ROLES)}之一。",
            )
        if (name, item.role) in seen:
            raise ValidationError("name", f"第 {number} 行“{name}”重复了，请删去一行。")
        seen.add((name, item.role))
        cleaned.append(replace(item, name=name, post=post))
    return cleaned


def leader_warning(event: Event, officials: Iterable[Official], held: bool) -> str | None:
    """The warning for a held event where no main or deputy leader is recorded, else None."""
    if not held or any(o.role in FACE_TO_FACE_ROLES for o in officials):
        return None
    return (
        f"活动{quoted_title(event.title)}没有登记到场的主要负责人或分管负责人：规定要求主要负责人或分管负责人"
        "与代表面对面交流。请在“活动记录 → 领导和工作人员”中登记。"
    )


# --- deadlines ----------------------------------------------------------------------------


def publication_due_dates(
    event: Event, calendar: WorkCalendar, rules: DeadlineRules, *, has_feedback: bool
) -> dict[str, date]:
    """When each publication is due (意见建议办理结果 only when the event has suggestions)."""
    due = {
        PUB_PLAN: calendar.add_workdays(event.date, -rules.plan_filing_workdays),
        PUB_LIST: calendar.add_workdays(event.date, -rules.notice_days),
        PUB_RESULTS: calendar.add_workdays(event.date, rules.results_publish_workdays),
    }
    if has_feedback:
        due[PUB_FEEDBACK] = calendar.add_workdays(
            event.date, rules.feedback_deadline_workdays + rules.results_publish_workdays
        )
    return due


def missing_publications(
    event: Event,
    published: Iterable[str],
    calendar: WorkCalendar,
    rules: DeadlineRules,
    today: date,
    *,
    has_feedback: bool,
) -> list[Deadline]:
    """A due item for each publication the event owes and has no record of."""
    from .lifecycle import make_deadline

    done = set(published)
    return [
        make_deadline(
            calendar,
            today,
            due,
            kind="publication",
            ref_id=event.id,
            event_id=event.id,
            title=event.title,
            task=f"公开{what}",
        )
        for what, due in publication_due_dates(
            event, calendar, rules, has_feedback=has_feedback
        ).items()
        if what not in done
    ]


def publication_timeliness(
    items: Iterable[Publication], due: Mapping[str, date]
) -> dict[int, bool | None]:
    """Per record id: published by its due date (None when nothing is due for that kind)."""
    result: dict[int, bool | None] = {}
    for item in items:
        if item.id is None:
            continue
        limit = due.get(item.what)
        result[item.id] = None if limit is None else item.date <= limit
    return result
