"""Event lifecycle steps, deadlines on the working-day calendar, yearly compliance."""

from __future__ import annotations

from datetime import date

import pytest

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.lifecycle import (
    DeadlineRules,
    allowed_targets,
    due_items,
    event_task_dates,
    feedback_deadline,
    is_held,
    is_locked,
    next_deadline,
    next_status,
    plan_status_change,
    previous_status,
    step_dates,
    yearly_compliance,
)
from openday_desktop.domain.models import EVENT_STATUSES, Event, Feedback
from openday_desktop.domain.workdays import WorkCalendar
from openday_desktop.services.events import change_status
from openday_desktop.storage import Store
from openday_desktop.storage.statistics import (
    compliance,
    dashboard_due_items,
    event_next_deadline,
)

CAL = WorkCalendar()
RULES = DeadlineRules(
    plan_filing_workdays=5, notice_days=5, results_publish_workdays=5, feedback_deadline_workdays=10
)
# Thursday 2025-10-16: the week after the National Day holiday (1-8 October).
EVENT = Event("开放日", date(2025, 10, 16), id=7)


def _at(status: str) -> Event:
    return Event(EVENT.title, EVENT.date, status=status, id=EVENT.id)


def test_step_order() -> None:
    assert next_status("筹备中") == "方案已报备"
    assert next_status("已归档") is None
    assert previous_status("筹备中") is None
    assert previous_status("已举办") == "代表已公示"
    assert allowed_targets("代表已公示") == ["方案已报备", "已举办", "已总结", "已归档"]
    assert allowed_targets("筹备中") == list(EVENT_STATUSES[1:])
    with pytest.raises(ValidationError, match="无效"):
        next_status("进行中")


def test_forward_one_step_and_skips_record_every_step() -> None:
    today = date(2025, 10, 20)
    assert plan_status_change(_at("筹备中"), "方案已报备", date(2025, 9, 30), today) == [
        ("方案已报备", date(2025, 9, 30))
    ]
    steps = plan_status_change(_at("方案已报备"), "已总结", today, today)
    assert steps == [("代表已公示", today), ("已举办", today), ("已总结", today)]


def test_back_only_one_step() -> None:
    today = date(2025, 10, 20)
    assert plan_status_change(_at("已举办"), "代表已公示", today, today) == [("代表已公示", today)]
    with pytest.raises(ValidationError, match="只能退回到上一步“代表已公示”"):
        plan_status_change(_at("已举办"), "筹备中", today, today)
    with pytest.raises(ValidationError, match="已经是"):
        plan_status_change(_at("已举办"), "已举办", today, today)


def test_step_dates_are_checked() -> None:
    today = date(2025, 10, 1)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        plan_status_change(_at("筹备中"), "方案已报备", date(2025, 10, 2), today)
    with pytest.raises(ValidationError, match="2025年10月16日举办"):
        plan_status_change(_at("代表已公示"), "已举办", today, today)
    history = [("筹备中", date(2025, 9, 1)), ("方案已报备", date(2025, 9, 20))]
    with pytest.raises(ValidationError, match="不能早于上一步“方案已报备”的日期2025年9月20日"):
        plan_status_change(_at("方案已报备"), "代表已公示", date(2025, 9, 19), today, history)


def test_held_locked_and_step_dates() -> None:
    assert not is_held(_at("代表已公示"), date(2025, 10, 16))
    assert is_held(_at("代表已公示"), date(2025, 10, 17))  # the date has passed
    assert is_held(_at("已举办"), date(2025, 10, 1))
    assert is_locked(_at("已归档"))
    assert not is_locked(_at("已总结"))
    history = [("筹备中", date(2025, 9, 1)), ("方案已报备", date(2025, 9, 5))]
    history.append(("筹备中", date(2025, 9, 6)))
    assert step_dates(history) == {"筹备中": date(2025, 9, 6), "方案已报备": date(2025, 9, 5)}


def test_task_dates_cross_the_national_day() -> None:
    tasks = event_task_dates(EVENT, CAL, RULES)
    # 5 working days before 16 Oct: 15, 14, 13, 12 (adjusted Sunday? no: 11 Oct is the
    # adjusted Saturday), so 15, 14, 13, 11, 10 -> 10 October.
    assert tasks[0] == ("方案报备", "方案已报备", date(2025, 10, 10))
    assert tasks[2] == ("举办活动", "已举办", date(2025, 10, 16))
    assert tasks[3] == ("公开活动情况并报送总结", "已总结", date(2025, 10, 23))


def test_next_deadline_follows_the_status() -> None:
    today = date(2025, 10, 13)
    first = next_deadline(_at("筹备中"), CAL, RULES, today)
    assert first is not None
    assert first.task == "方案报备"
    assert first.overdue
    assert first.days_left == -3
    assert "已逾期3天" in first.describe()
    then = next_deadline(_at("代表已公示"), CAL, RULES, today)
    assert then is not None and then.task == "举办活动"
    assert not then.overdue
    assert then.workdays_left == 3
    assert then.describe() == "举办活动：2025年10月16日前，还有3个工作日"
    assert next_deadline(_at("已总结"), CAL, RULES, today) is None
    assert not first.estimated


def test_deadline_in_unknown_year_is_estimated() -> None:
    event = Event("明年", date(2027, 10, 14), id=1)
    deadline = next_deadline(event, CAL, RULES, date(2027, 9, 1))
    assert deadline is not None
    assert deadline.estimated
    assert deadline.due == date(2027, 10, 7)  # Mon-Fri fallback ignores the holiday
    assert deadline.describe().endswith("（按周一至周五估算）")
    entered = WorkCalendar({date(2027, 10, d): "holiday" for d in range(1, 8)})
    known = next_deadline(event, entered, RULES, date(2027, 9, 1))
    assert known is not None
    assert not known.estimated
    assert known.due == date(2027, 9, 30)


def test_due_items_for_the_dashboard() -> None:
    today = date(2025, 10, 13)
    events = [
        _at("筹备中"),
        Event("远期", date(2025, 12, 20), id=8),
        Event("已归档", date(2025, 6, 1), status="已归档", id=9),
    ]
    feedback = [
        Feedback(7, "路灯坏了", status="办理中", deadline=date(2025, 10, 9), id=1),
        Feedback(7, "已办完", status="已办结", deadline=date(2025, 10, 9), id=2),
        Feedback(9, "归档活动的旧意见", status="办理中", deadline=date(2025, 6, 20), id=3),
        Feedback(7, "一个月后", status="待交办", deadline=date(2025, 11, 30), id=4),
    ]
    items = due_items(events, feedback, CAL, RULES, today)
    assert [(d.kind, d.ref_id) for d in items] == [("feedback", 1), ("event", 7)]
    assert items[0].task == "意见建议办理"
    assert feedback_deadline(feedback[3], CAL, today) is not None
    assert feedback_deadline(feedback[1], CAL, today) is None


def test_yearly_compliance() -> None:
    events = [
        Event("上半年", date(2026, 6, 12), status="已总结"),
        Event("下半年", date(2026, 12, 11), status="筹备中"),
        Event("去年", date(2025, 6, 12), status="已归档"),
    ]
    result = yearly_compliance(events, 2026, 2)
    assert (result.held, result.planned, result.missing, result.met) == (1, 1, 1, False)
    assert result.describe() == "2026年应举办2次，已举办1次，还差1次（已安排1次）。"
    assert (
        yearly_compliance(events, 2025, 1).describe() == "2025年应举办1次，已举办1次，已达到要求。"
    )


def test_store_status_change_and_deadlines(store: Store) -> None:
    event_id = store.events.add(Event("开放日", date(2025, 10, 16)))
    steps = change_status(store, event_id, "代表已公示", date(2025, 9, 26), today=date(2025, 9, 30))
    assert [s for s, _ in steps] == ["方案已报备", "代表已公示"]
    assert store.events.get(event_id).status == "代表已公示"
    history = store.events.status_history(event_id)
    assert history[-2:] == [("方案已报备", date(2025, 9, 26)), ("代表已公示", date(2025, 9, 26))]
    with pytest.raises(ValidationError):
        change_status(store, event_id, "已举办", date(2025, 10, 1), today=date(2025, 10, 1))
    assert store.events.get(event_id).status == "代表已公示"
    deadline = event_next_deadline(store, event_id, date(2025, 10, 13))
    assert deadline is not None and deadline.task == "举办活动"
    due = dashboard_due_items(store, date(2025, 10, 13))
    assert [d.ref_id for d in due if d.kind == "event"] == [event_id]
    # Nothing published yet: the plan and the list are overdue, the account due soon.
    assert [d.task for d in due if d.kind == "publication"] == [
        "公开实施方案",
        "公开代表名单",
        "公开活动情况",
    ]
    assert dashboard_due_items(store, date(2025, 8, 1)) == []  # beyond the 14-day horizon
    change_status(store, event_id, "已举办", date(2025, 10, 16), today=date(2025, 10, 16))
    store.settings.set("events_per_year", 2)
    assert compliance(store, 2025).held == 1
    assert not compliance(store, 2025).met


def test_rules_from_settings(store: Store) -> None:
    store.settings.set("plan_filing_workdays", 10)
    rules = DeadlineRules.from_settings(store.settings.all())
    assert rules.plan_filing_workdays == 10
    assert rules.feedback_deadline_workdays == 10


def test_table_and_start_up_helpers(store: Store) -> None:
    from openday_desktop.storage.statistics import next_deadlines, overdue_feedback

    first = store.events.add(Event("上半年", date(2025, 10, 16)))
    second = store.events.add(Event("下半年", date(2025, 12, 18), status="已总结"))
    deadlines = next_deadlines(store, date(2025, 10, 13))
    assert deadlines[first] is not None and deadlines[first].task == "方案报备"
    assert deadlines[second] is None
    late = store.feedback.add(Feedback(first, "晚", status="办理中", deadline=date(2025, 10, 20)))
    later = store.feedback.add(
        Feedback(first, "更晚", status="待交办", deadline=date(2025, 10, 17))
    )
    store.feedback.add(Feedback(first, "办完", status="已办结", deadline=date(2025, 10, 1)))
    assert [f.id for f in overdue_feedback(store, date(2025, 10, 21))] == [later, late]
    assert overdue_feedback(store, date(2025, 10, 17)) == []
