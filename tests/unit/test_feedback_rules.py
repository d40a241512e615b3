"""Suggestion rules: what each status needs, allowed moves, default deadlines, saving."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.feedback import (
    allowed_statuses,
    assign,
    check_feedback,
    check_transition,
    close,
    default_category,
    default_deadline,
    record_reply,
    require_valid_feedback,
)
from openday_desktop.domain.models import DEFAULT_FEEDBACK_CATEGORIES, Event, Feedback
from openday_desktop.domain.workdays import WorkCalendar
from openday_desktop.services.feedback import add_feedback, update_feedback
from openday_desktop.storage import Store

CATEGORIES = list(DEFAULT_FEEDBACK_CATEGORIES)


def test_new_item_needs_content_and_a_known_category() -> None:
    errors = check_feedback(Feedback(1, "  ", category="外星事务"), CATEGORIES)
    assert errors["content"].startswith("意见建议的内容不能为空")
    assert "不在分类列表中" in errors["category"]
    assert check_feedback(Feedback(1, "路灯坏了"), CATEGORIES) == {}
    assert "超过2000字" in check_feedback(Feedback(1, "字" * 2001))["content"]


def test_requirements_by_status() -> None:
    errors = check_feedback(Feedback(1, "路灯", status="办理中"))
    assert errors["responsible_unit"] == "状态为“办理中”时必须填写责任单位。"
    assert errors["deadline"] == "状态为“办理中”时必须填写办理时限。"
    closed = Feedback(
        1, "路灯", status="已办结", responsible_unit="村建办", deadline=date(2026, 7, 1)
    )
    assert check_feedback(closed)["reply"] == "状态为“已办结”时请填写答复或整改情况。"
    assert check_feedback(replace(closed, reply="已修好")) == {}
    assert "无效" in check_feedback(Feedback(1, "x", status="搁置"))["status"]
    assert check_feedback(Feedback(1, "x", status="现场答复")) == {}


def test_satisfaction_publication_and_dates() -> None:
    base = Feedback(
        1,
        "路灯",
        status="已办结",
        responsible_unit="村建办",
        deadline=date(2026, 7, 1),
        reply="已修",
    )
    assert "满意度只能是" in check_feedback(replace(base, satisfaction="很好"))["satisfaction"]
    assert check_feedback(replace(base, satisfaction="比较满意")) == {}
    waiting = Feedback(1, "路灯", satisfaction="满意")
    assert "答复之后" in check_feedback(waiting)["satisfaction"]
    assert "不能标记为已公开" in check_feedback(Feedback(1, "x", published=True))["published"]
    event_day = date(2026, 6, 12)
    early = replace(base, deadline=date(2026, 6, 1), follow_up_date=date(2026, 6, 2))
    errors = check_feedback(early, event_date=event_day)
    assert errors["deadline"] == "办理时限不能早于活动日期。"
    assert errors["follow_up_date"] == "回访日期不能早于活动日期。"


def test_require_valid_trims_and_raises_first_problem() -> None:
    cleaned = require_valid_feedback(Feedback(1, "  路灯坏了 ", category="基础设施 "), CATEGORIES)
    assert (cleaned.content, cleaned.category) == ("路灯坏了", "基础设施")
    with pytest.raises(ValidationError) as info:
        require_valid_feedback(Feedback(1, ""))
    assert info.value.field == "content"


def test_transitions() -> None:
    assert allowed_statuses("待交办") == ("现场答复", "办理中")
    check_transition("办理中", "已答复")
    check_transition("已办结", "办理中")  # reopened after an unhappy call-back
    check_transition("办理中", "办理中")
    with pytest.raises(ValidationError, match="不能直接改为“已办结”"):
        check_transition("待交办", "已办结")


def test_assign_reply_close() -> None:
    item = Feedback(1, "路灯", id=3)
    with pytest.raises(ValidationError, match="责任单位"):
        assign(item, " ", "张三", date(2026, 7, 1))
    assigned = assign(item, " 村建办 ", "张三", date(2026, 7, 1))
    assert (assigned.status, assigned.responsible_unit, assigned.deadline) == (
        "办理中",
        "村建办",
        date(2026, 7, 1),
    )
    assert item.status == "待交办"  # the original is untouched
    with pytest.raises(ValidationError, match="请填写答复内容"):
        record_reply(assigned, " ")
    replied = record_reply(assigned, "已安排维修", adopted=True)
    assert (replied.status, replied.adopted) == ("已答复", True)
    done = close(
        replied, rectification="已更换", follow_up_date=date(2026, 7, 3), satisfaction="满意"
    )
    assert (done.status, done.satisfaction, done.rectification) == ("已办结", "满意", "已更换")
    with pytest.raises(ValidationError):
        close(item)


def test_default_deadline_and_category() -> None:
    calendar = WorkCalendar()
    # 10 working days after Friday 26 September 2025, across the National Day holiday.
    assert default_deadline(date(2025, 9, 26), calendar, 10, date(2025, 9, 26)) == date(
        2025, 10, 16
    )
    # Entered long after the event: counted from the day of entry instead.
    late = default_deadline(date(2025, 9, 26), calendar, 10, date(2025, 11, 3))
    assert late == date(2025, 11, 17)
    assert default_category(CATEGORIES) == "其他"
    assert default_category(["甲", "乙"]) == "乙"


def test_add_and_update_through_the_store(store: Store) -> None:
    event_id = store.events.add(Event("开放日", date(2026, 2, 13)))
    item = Feedback(event_id, " 春节后办证排队太长 ", category="政务服务")
    new_id = add_feedback(store, item, today=date(2026, 2, 13))
    saved = store.feedback.get(new_id)
    assert saved.content == "春节后办证排队太长"
    # 10 working days after 13 Feb 2026: 14 (adjusted Saturday), then 24-27 Feb, 28 (adjusted
    # Saturday), 2-5 March.
    assert saved.deadline == date(2026, 3, 5)
    spot = add_feedback(
        store, Feedback(event_id, "问办证地点", status="现场答复"), today=date(2026, 2, 13)
    )
    assert store.feedback.get(spot).deadline is None
    with pytest.raises(ValidationError, match="不在分类列表中"):
        add_feedback(store, Feedback(event_id, "x", category="未知"))
    with pytest.raises(NotFoundError):
        add_feedback(store, Feedback(999, "x"))
    with pytest.raises(NotFoundError):
        add_feedback(store, Feedback(event_id, "x", person_id=999))
    assert store.feedback.count() == 2

    saved.status = "已办结"
    with pytest.raises(ValidationError, match="不能直接改为"):
        update_feedback(store, saved)
    saved = assign(store.feedback.get(new_id), "便民服务中心", "", date(2026, 3, 5))
    update_feedback(store, saved)
    assert store.feedback.get(new_id).status == "办理中"
    # A category removed from the settings later may stay on old items.
    store.settings.set("feedback_categories", ["其他"])
    saved.responsible_person = "李四"
    update_feedback(store, saved)
    assert store.feedback.get(new_id).responsible_person == "李四"
