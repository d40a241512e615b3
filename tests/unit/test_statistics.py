"""Statistics: the figures of an event and a year, zero denominators, the JSON keys."""

from __future__ import annotations

from datetime import date

from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    Event,
    Feedback,
    Invitation,
    Person,
)
from openday_desktop.domain.questionnaire import KIND_OPEN, KIND_SCALE, Question, Response
from openday_desktop.domain.statistics import (
    JSON_KEYS,
    CategoryFigures,
    Stats,
    compute_stats,
    format_rate,
    sum_stats,
    summary_lines,
)
from openday_desktop.storage import Store
from openday_desktop.storage.statistics import event_stats, year_stats

TODAY = date(2026, 6, 20)


def _inv(status: str, category: str, attendance: str = "") -> tuple[Invitation, Person]:
    return Invitation(1, 0, status=status, attendance=attendance), Person("某", category=category)


def _people() -> list[tuple[Invitation, Person]]:
    return [
        _inv("已报名", "群众代表"),  # registered only
        _inv("未通过", "群众代表"),  # registered, not selected
        _inv("已退出", "群众代表"),  # withdrawn: not even registered
        _inv("审核通过", "人大代表", ATTENDANCE_PRESENT),
        _inv("已公示", "群众代表", ATTENDANCE_PRESENT),
        _inv("已确认", "群众代表", ATTENDANCE_ABSENT),
        _inv("已报名", "媒体记者", ATTENDANCE_PRESENT),  # a walk-in: present counts as selected
        _inv("已确认", "自定义类别", ATTENDANCE_PRESENT),  # a category not in the list
    ]


def _feedback() -> list[Feedback]:
    past = date(2026, 6, 1)
    return [
        Feedback(1, "a", status="现场答复", published=True),
        Feedback(1, "b", status="待交办", deadline=past),  # overdue
        Feedback(1, "c", status="办理中", deadline=past),  # overdue
        Feedback(1, "d", status="办理中", deadline=TODAY),  # due today: not overdue
        Feedback(1, "e", status="已答复", deadline=past, adopted=True, satisfaction="一般"),
        Feedback(
            1,
            "f",
            status="已办结",
            deadline=past,
            completed_date=date(2026, 5, 30),
            adopted=True,
            published=True,
            satisfaction="比较满意",
        ),
        Feedback(1, "g", status="已办结", adopted=False, satisfaction="满意"),
    ]


def test_suggestion_loop_figures() -> None:
    stats = compute_stats([], _feedback(), [], [], TODAY)
    data = stats.to_json()
    assert data["adopted"] == 2  # adopted False and unknown (None) are not adopted
    assert data["published"] == 2
    # Known timeliness: f closed on time; c and e late (deadline passed, not closed). b was
    # never handed over, d is due today, g was closed without a completion date.
    assert stats.on_time_base == 3
    assert data["on_time_rate"] == 1 / 3
    # Call-backs rated: e (一般), f (比较满意), g (满意): 满意 and 比较满意 count as satisfied.
    assert data["callback_satisfaction_rate"] == 2 / 3
    lines = summary_lines(stats)
    assert "交有关单位办理 5 条（待交办 1 条）" in lines[-2]
    assert "按时办结率 33.3%" in lines[-2]
    assert "采纳 2 条，已公开 2 条" in lines[-1]
    assert "回访满意率 66.7%" in lines[-1]
    late = Feedback(1, "h", status="已办结", deadline=past_day(), completed_date=TODAY)
    assert late.on_time is False
    total = sum_stats([stats, compute_stats([], [late], [], [], TODAY)])
    assert total.on_time_rate == 1 / 4
    assert total.to_json()["adopted"] == 2


def past_day() -> date:
    return date(2026, 6, 1)


QUESTIONS = [
    Question("总体", KIND_SCALE, [], 0, 1),
    Question("组织", KIND_SCALE, [], 1, 2),
    Question("建议", KIND_OPEN, [], 2, 3),
]


def _responses() -> list[Response]:
    return [
        Response(1, {1: "满意", 2: "一般"}, 1),
        Response(1, {1: "比较满意"}, 2),
        Response(1, {1: "一般", 3: "多办几次"}, 3),
        Response(1, {1: "不满意"}, 4),
        Response(1, {2: "满意", 3: "没有"}, 5),  # overall item blank: not valid
    ]


def test_event_figures() -> None:
    order = ["人大代表", "群众代表", "媒体记者"]
    stats = compute_stats(_people(), _feedback(), QUESTIONS, _responses(), TODAY, order)
    assert stats.registered == 7
    assert stats.selected == 5
    assert stats.present == 4
    assert stats.attendance_rate == 4 / 5
    # Display order, then unknown categories; only categories with someone present.
    assert list(stats.by_category.items()) == [
        ("人大代表", 1),
        ("群众代表", 1),
        ("媒体记者", 1),
        ("自定义类别", 1),
    ]
    assert stats.category_rows[1] == CategoryFigures("群众代表", 4, 2, 1)
    assert stats.questionnaires_valid == 4
    assert stats.satisfaction_rate == 2 / 4
    assert stats.feedback_total == 7
    assert stats.feedback_completed == 2
    # Handed over: 办理中, 已答复, 已办结; not 现场答复 nor 待交办 (not handed over yet).
    assert stats.feedback_assigned == 5
    assert stats.feedback_to_assign == 1
    assert stats.completion_rate == 2 / 5
    assert stats.overdue == 2
    assert stats.feedback_by_status == {
        "现场答复": 1,
        "待交办": 1,
        "办理中": 2,
        "已答复": 1,
        "已办结": 2,
    }


def test_zero_denominators_give_none() -> None:
    stats = compute_stats([], [], QUESTIONS, [], TODAY)
    data = stats.to_json()
    assert data["attendance_rate"] is None
    assert data["satisfaction_rate"] is None
    assert data["completion_rate"] is None
    assert data["by_category"] == {}
    only_on_the_spot = compute_stats([], [Feedback(1, "x", status="现场答复")], [], [], TODAY)
    assert only_on_the_spot.feedback_total == 1
    assert only_on_the_spot.completion_rate is None


def test_event_not_yet_held_has_no_attendance_rate() -> None:
    people = [_inv("已公示", "群众代表"), _inv("审核通过", "群众代表")]
    assert compute_stats(people, [], [], [], TODAY, held=False).attendance_rate is None
    assert compute_stats(people, [], [], [], TODAY, held=True).attendance_rate == 0.0


def test_to_json_has_exactly_the_documented_keys() -> None:
    data = compute_stats(_people(), _feedback(), QUESTIONS, _responses(), TODAY).to_json()
    assert tuple(data) == JSON_KEYS
    assert set(JSON_KEYS) == {
        "registered",
        "selected",
        "present",
        "attendance_rate",
        "by_category",
        "questionnaires_valid",
        "satisfaction_rate",
        "feedback_total",
        "feedback_completed",
        "completion_rate",
        "overdue",
        "handed_over",
        "adopted",
        "published",
        "on_time_rate",
        "callback_satisfaction_rate",
    }
    for key in ("attendance_rate", "satisfaction_rate", "completion_rate", "on_time_rate"):
        assert 0.0 <= data[key] <= 1.0


def test_sum_recomputes_rates_from_counts() -> None:
    a = compute_stats(_people(), _feedback(), QUESTIONS, _responses(), TODAY)
    b = compute_stats([_inv("已确认", "群众代表", ATTENDANCE_PRESENT)], [], QUESTIONS, [], TODAY)
    total = sum_stats([a, b], ["群众代表"])
    assert total.events == 2
    assert total.present == 5
    assert total.selected == 6
    assert total.attendance_rate == 5 / 6  # not the average of 4/5 and 1/1
    assert total.by_category["群众代表"] == 2
    assert list(total.by_category)[0] == "群众代表"
    assert total.satisfaction_rate == 0.5
    assert total.feedback_by_status["办理中"] == 2
    assert sum_stats([]).to_json()["attendance_rate"] is None


def test_format_rate_and_summary() -> None:
    assert format_rate(None) == "—"
    assert format_rate(1.0) == "100%"
    assert format_rate(2 / 3) == "66.7%"
    assert format_rate(0.5) == "50%"
    lines = summary_lines(Stats(registered=3, selected=2, present=1, attendance_rate=0.5))
    assert lines[0] == "报名 3 人，入选 2 人，实到 1 人，到会率 50%。"


def _event(store: Store, day: date, status: str = "已举办") -> int:
    return store.events.add(Event("开放日", day, status=status))


def test_event_and_year_stats_from_the_store(store: Store) -> None:
    held = _event(store, date(2026, 6, 12))
    upcoming = _event(store, date(2026, 11, 20), "筹备中")
    other_year = _event(store, date(2025, 6, 12))
    people = [store.people.add(Person(f"人{i}", category="群众代表")) for i in range(4)]
    for person_id, attendance in zip(
        people[:3], [ATTENDANCE_PRESENT, ATTENDANCE_PRESENT, ""], strict=True
    ):
        store.invitations.invite(Invitation(held, person_id, "已确认", attendance=attendance))
    store.invitations.invite(Invitation(upcoming, people[3], "已公示"))
    store.invitations.invite(Invitation(other_year, people[0], "已确认", attendance="已签到"))
    store.feedback.add(Feedback(held, "修路", status="已办结", reply="已修"))
    store.feedback.add(Feedback(held, "路灯", status="办理中", deadline=date(2026, 6, 19)))
    questions = store.questionnaires.questions()
    overall = questions[0].id or 0
    store.questionnaires.add_response(held, {overall: "1"})
    store.questionnaires.add_response(held, {overall: "3"})
    store.questionnaires.add_response(other_year, {overall: "5"})

    one = event_stats(store, held, TODAY)
    assert (one.registered, one.selected, one.present) == (3, 3, 2)
    assert one.questionnaires_valid == 2
    assert one.satisfaction_rate == 0.5
    assert one.overdue == 1
    assert one.completion_rate == 0.5
    assert event_stats(store, upcoming, TODAY).attendance_rate is None

    year = year_stats(store, 2026, TODAY)
    assert year.events == 2
    assert (year.registered, year.selected, year.present) == (4, 4, 2)
    assert year.attendance_rate == 2 / 3  # the upcoming event's list is not counted yet
    assert year.questionnaires_valid == 2  # the 2025 form stays out
    assert year.to_json()["by_category"] == {"群众代表": 2}
    empty = year_stats(store, 2030, TODAY)
    assert empty.events == 0
    assert empty.to_json()["satisfaction_rate"] is None


def test_demo_figures(demo_store: Store) -> None:
    past = min(demo_store.events.list(), key=lambda e: e.date)
    stats = event_stats(demo_store, past.id or 0, date(2026, 6, 1))
    assert stats.registered == 62
    assert stats.feedback_total == 20
    assert stats.feedback_completed == 8
    # 20 items: 2 answered on the spot and 2 not handed over yet leave 16 handed over.
    assert stats.to_json()["handed_over"] == 16
    assert stats.completion_rate == 8 / 16
    assert sum(stats.by_category.values()) == stats.present
