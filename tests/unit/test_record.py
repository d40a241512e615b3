"""A record that holds still: questionnaire versions, the archive freeze, un-archiving,
attendance on the day or as a recorded 补录, and documents that need a held event.

The central test runs the command line before and after every edit of the questions,
archiving and every refused write, and compares the output byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from openday_desktop.cli import main
from openday_desktop.domain.errors import OpenDayError, ValidationError
from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    INV_APPROVED,
    INV_CONFIRMED,
    Event,
    Feedback,
    Person,
)
from openday_desktop.domain.questionnaire import KIND_OPEN, KIND_SCALE, Question
from openday_desktop.services import attendance, events, feedback, questionnaires, selection
from openday_desktop.services import settings as settings_service
from openday_desktop.services.record import RecordFrozenError
from openday_desktop.storage import Store, open_store
from openday_desktop.storage.demo import fill_demo
from openday_desktop.storage.schema import MIGRATIONS, SCHEMA_VERSION


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def past_event(store: Store) -> Event:
    """The demo's held event (已总结, with a list, attendance, suggestions and forms)."""
    return next(e for e in store.events.list() if e.status == "已总结")


def figures(capsys: pytest.CaptureFixture[str], db: Path, event: Event) -> list[str]:
    """What the command line reports on the event and its year, text and JSON."""
    outputs = []
    for args in (
        ("stats", "--event", str(event.id)),
        ("stats", "--event", str(event.id), "--json"),
        ("stats", "--year", str(event.date.year)),
        ("stats", "--year", str(event.date.year), "--json"),
    ):
        code, out, err = run(capsys, db, *args)
        assert code == 0, err
        outputs.append(out)
    return outputs


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    store = open_store(db_path)
    try:
        fill_demo(store)
    finally:
        store.close()
    return db_path


def refused(action: Callable[[], Any]) -> str:
    """The message of the refusal ``action`` raises (it must raise one)."""
    with pytest.raises(OpenDayError) as caught:
        action()
    return caught.value.message


def test_past_figures_hold_still_through_question_edits_archiving_and_refusals(
    demo_db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = open_store(demo_db)
    try:
        event = past_event(store)
        event_id = event.id or 0
        assert store.questionnaires.response_count(event_id) > 0
        before = figures(capsys, demo_db, event)
        rate = json.loads(before[1])["satisfaction_rate"]
        assert rate is not None

        # Edit the questions every way the editor can: each must leave the past as it was.
        questions = store.questionnaires.questions()
        scales = [q for q in questions if q.kind == KIND_SCALE]
        overall, second = scales[0], scales[1]
        overall.options = ["非常满意", "满意", "一般", "不满意", "很不满意"]  # renamed options
        overall.text = "您对本次活动总体评价如何？"
        questionnaires.update_question(store, overall)
        assert figures(capsys, demo_db, event) == before
        questionnaires.move_question(store, second.id or 0, 0)  # a new overall item
        assert figures(capsys, demo_db, event) == before
        questionnaires.remove_question(store, overall.id or 0)
        questionnaires.add_question(store, Question("您愿意再次参加吗？", KIND_SCALE))
        assert figures(capsys, demo_db, event) == before
        forms = store.questionnaires.response_count(event_id)
        questionnaires.restore_default_questions(store)
        assert store.questionnaires.response_count(event_id) == forms  # forms are never deleted
        assert figures(capsys, demo_db, event) == before

        # A later event gets the current questions; the past one keeps its own.
        questionnaires.add_question(store, Question("您还想参观哪里？", KIND_OPEN))
        # (in a later year: a new event would change the past year's event count)
        later = events.create_event(store, Event("下一次开放日", date(event.date.year + 2, 3, 1)))
        texts_later = [q.text for q in store.questionnaires.questions_for(later)]
        assert "您还想参观哪里？" in texts_later
        assert "您还想参观哪里？" not in [
            q.text for q in store.questionnaires.questions_for(event_id)
        ]
        assert figures(capsys, demo_db, event) == before
        assert store.questionnaires.version_of(later) is None

        events.change_status(store, event_id, "已归档")
        assert figures(capsys, demo_db, event) == before

        # Every write on the archived record is refused with the archive message.
        listed = store.invitations.for_event(event_id)
        invitation, person = listed[0]
        item = store.feedback.list(event_id)[0]
        response = store.questionnaires.responses(event_id)[0]
        newcomer = store.people.add(Person(name="新来的", phone="13900001111"))
        suggestions = len(store.feedback.list(event_id))
        attempts: list[Callable[[], Any]] = [
            lambda: questionnaires.add_response(store, event_id, {1: "1"}),
            lambda: questionnaires.update_response(store, response.id or 0, response.answers),
            lambda: questionnaires.delete_response(store, response.id or 0),
            lambda: selection.invite_people(store, event_id, [newcomer]),
            lambda: selection.change_status(store, [invitation.id or 0], "已退出"),
            lambda: selection.set_review_result(store, invitation.id or 0, "改"),
            lambda: selection.remove_from_list(store, [invitation.id or 0]),
            lambda: selection.set_quotas(store, event_id, {"人大代表": 3}),
            lambda: attendance.sign_in_many(store, [invitation.id or 0], backfill=True),
            lambda: attendance.clear_attendance_many(store, [invitation.id or 0], backfill=True),
            lambda: attendance.add_walk_in(store, event_id, person.id or 0, backfill=True),
            lambda: feedback.add_feedback(store, Feedback(event_id=event_id, content="再提一条")),
            lambda: feedback.delete_feedback(store, [item.id or 0]),
            lambda: feedback.update_feedback(store, _with(item, content="改过的内容")),
            lambda: feedback.update_feedback(store, _with(item, category="其他类")),
            lambda: feedback.update_feedback(store, _with(item, event_id=later)),
            lambda: settings_service.save_event_texts(store, "summary", {"opening": "x"}, event_id),
            lambda: events.update_event(store, _with(store.events.get(event_id), title="改名")),
            lambda: events.delete_events(store, [event_id]),
            lambda: events.change_status(store, event_id, "已总结"),
        ]
        for attempt in attempts:
            message = refused(attempt)
            assert "已归档" in message, message
        # The same through the command line: exit 1 with the message, nothing written.
        roster = tmp_path / "名册.csv"
        roster.write_text("姓名,手机号\n赵新,13900002222\n", encoding="utf-8")
        for args in (
            ("feedback", "add", "--event", str(event_id), "--content", "归档后又来一条"),
            ("signin", "--event", str(event_id), str(person.id)),
            ("signin", "--event", str(event_id), str(person.id), "--undo"),
            ("import-roster", str(roster), "--event", str(event_id)),
        ):
            code, out, err = run(capsys, demo_db, *args)
            assert code == 1 and "已归档" in err and "取消归档" in err, (args, err)
            assert "Traceback" not in err
        assert "赵新" not in {p.name for p in store.people.list()}
        assert len(store.feedback.list(event_id)) == suggestions
        assert figures(capsys, demo_db, event) == before
    finally:
        store.close()


def _with(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)


def test_suggestions_of_an_archived_event_are_still_followed_up(demo_db: Path) -> None:
    store = open_store(demo_db)
    try:
        event_id = past_event(store).id or 0
        items = store.feedback.list(event_id)
        events.change_status(store, event_id, "已归档")
        in_progress = next(i for i in items if i.status == "办理中")
        feedback.reply_feedback(store, [in_progress.id or 0], "已协调解决。", adopted=True)
        feedback.close_feedback(store, [in_progress.id or 0], rectification="已整改")
        feedback.follow_up_feedback(store, [in_progress.id or 0], date.today(), "满意")
        followed = store.feedback.get(in_progress.id or 0)
        assert (followed.status, followed.satisfaction) == ("已办结", "满意")
        # The full form may change the handling fields, not what the record holds.
        feedback.update_feedback(store, _with(followed, responsible_person="李主任"))
        message = refused(
            lambda: feedback.update_feedback(store, _with(followed, content="另一件事"))
        )
        assert "内容" in message and "办理情况" in message
        on_the_spot = next((i for i in items if i.status == "待交办"), None)
        if on_the_spot is not None:
            message = refused(
                lambda: feedback.update_feedback(
                    store, _with(on_the_spot, status="现场答复", reply="当场答复")
                )
            )
            assert "现场答复" in message
    finally:
        store.close()


def test_unarchive_needs_a_reason_and_is_recorded_with_its_date(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(demo_db)
    try:
        event_id = past_event(store).id or 0
        events.change_status(store, event_id, "已归档")
        assert "原因" in refused(lambda: events.unarchive_event(store, event_id, "  "))
        assert store.events.get(event_id).status == "已归档"
    finally:
        store.close()
    code, _, err = run(capsys, demo_db, "event", "unarchive", str(event_id), "--reason", " ")
    assert code == 1 and "原因" in err
    # The ordinary step back refuses an archived event and names the explicit command.
    code, _, err = run(capsys, demo_db, "event", "status", str(event_id), "已总结")
    assert code == 1 and "event unarchive" in err
    code, out, _ = run(
        capsys, demo_db, "event", "unarchive", str(event_id), "--reason", "更正签到记录"
    )
    assert code == 0 and "已取消归档" in out and "更正签到记录" in out
    store = open_store(demo_db)
    try:
        assert store.events.get(event_id).status == "已总结"
        assert store.events.status_notes(event_id)[-1] == (
            "已总结",
            date.today(),
            "取消归档：更正签到记录",
        )
        # Open again: the list may be corrected, and archived again afterwards.
        invitation = store.invitations.for_event(event_id)[0][0]
        attendance.mark_absent_many(store, [invitation.id or 0], backfill=True)
        events.change_status(store, event_id, "已归档")
        assert store.events.get(event_id).status == "已归档"
        other = next(e for e in store.events.list() if e.status == "筹备中")
        assert "没有归档" in refused(lambda: events.unarchive_event(store, other.id or 0, "x"))
    finally:
        store.close()
    code, _, err = run(capsys, demo_db, "event", "unarchive", str(event_id + 100), "--reason", "x")
    assert code == 1


# --- attendance: the day, 补录, the future ---------------------------------------------------


@pytest.fixture
def listed(store: Store) -> tuple[int, int]:
    """An event on 2026-06-12 with one confirmed person: (event id, invitation id)."""
    with store.transaction():
        event_id = store.events.add(Event("开放日", date(2026, 6, 12)))
        person_id = store.people.add(Person(name="王芳", phone="13800138000"))
    selection.invite_people(store, event_id, [person_id], status=INV_CONFIRMED)
    invitation = store.invitations.get(event_id, person_id)
    assert invitation is not None and invitation.id is not None
    return event_id, invitation.id


def test_sign_in_on_the_day_stamps_the_time(store: Store, listed: tuple[int, int]) -> None:
    event_id, invitation_id = listed
    on_the_day = datetime(2026, 6, 12, 8, 40)
    assert attendance.attendance_mode(store, event_id, today=on_the_day.date()) == "day"
    signed = attendance.sign_in(store, invitation_id, now=on_the_day)
    assert (signed.attendance, signed.signed_in_at, signed.recorded_by) == (
        ATTENDANCE_PRESENT,
        on_the_day,
        "",
    )


def test_a_future_event_refuses_attendance(store: Store, listed: tuple[int, int]) -> None:
    event_id, invitation_id = listed
    before = datetime(2026, 6, 1, 9, 0)
    for backfill in (False, True):
        message = refused(
            lambda b=backfill: attendance.sign_in(store, invitation_id, now=before, backfill=b)
        )
        assert "还没到签到的日子" in message
    assert "还没到" in refused(
        lambda: attendance.attendance_mode(store, event_id, today=before.date())
    )
    assert store.invitations.get_by_id(invitation_id).attendance == ""


def test_after_the_day_only_an_explicit_backfill_records_who_and_when(
    store: Store, listed: tuple[int, int]
) -> None:
    event_id, invitation_id = listed
    later = datetime(2026, 9, 1, 15, 30)
    assert "补录" in refused(lambda: attendance.sign_in(store, invitation_id, now=later))
    assert attendance.attendance_mode(store, event_id, today=later.date()) == "backfill"
    signed = attendance.sign_in(store, invitation_id, now=later, backfill=True)
    stored = store.invitations.get_by_id(invitation_id)
    assert stored.attendance == ATTENDANCE_PRESENT == signed.attendance
    # No time of day: today's clock would say they came months later.
    assert stored.signed_in_at is None
    assert stored.recorded_by and stored.recorded_at == later
    attendance.mark_absent(store, invitation_id, now=later, backfill=True)
    assert store.invitations.get_by_id(invitation_id).attendance == ATTENDANCE_ABSENT


def test_signin_command_on_the_day_past_and_future(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(demo_db)
    try:
        past = past_event(store)
        upcoming = next(e for e in store.events.list() if e.date > date.today())
        today_id = events.create_event(store, Event("今天的开放日", date.today()))
        people = [p.id or 0 for p in store.people.list()[:3]]
        selection.invite_people(store, today_id, people, status=INV_APPROVED)
        selection.invite_people(store, upcoming.id or 0, people[:1])
        absent_one = next(
            inv
            for inv, _ in store.invitations.for_event(past.id or 0)
            if inv.attendance == ATTENDANCE_PRESENT
        )
    finally:
        store.close()

    code, out, _ = run(capsys, demo_db, "signin", "--event", str(today_id), *map(str, people[:2]))
    assert code == 0 and "签到 2 人" in out and "补录" not in out
    code, out, _ = run(
        capsys, demo_db, "signin", "--event", str(today_id), str(people[0]), "--undo"
    )
    assert code == 0 and "撤销出勤记录 1 人" in out
    code, _, err = run(capsys, demo_db, "signin", "--event", str(upcoming.id), str(people[0]))
    assert code == 1 and "还没到签到的日子" in err
    code, _, err = run(capsys, demo_db, "signin", "--event", str(today_id), "999999")
    assert code == 1 and "不在这个活动的名单中" in err
    pid = str(absent_one.person_id)
    code, out, _ = run(capsys, demo_db, "signin", "--event", str(past.id), pid, "--absent")
    assert code == 0 and "补录" in out and "记为缺席 1 人" in out

    store = open_store(demo_db)
    try:
        today_list = {inv.person_id: inv for inv, _ in store.invitations.for_event(today_id)}
        assert today_list[people[1]].attendance == ATTENDANCE_PRESENT
        assert today_list[people[1]].signed_in_at is not None
        assert today_list[people[0]].attendance == ""
        corrected = store.invitations.get(past.id or 0, absent_one.person_id)
        assert corrected is not None and corrected.attendance == ATTENDANCE_ABSENT
        assert corrected.recorded_by and corrected.recorded_at is not None
    finally:
        store.close()


# --- documents that need a held event, a 公示 with somebody on it -------------------------------


def test_summary_before_the_event_and_an_empty_notice_are_refused(
    demo_db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = open_store(demo_db)
    try:
        planning = next(e for e in store.events.list() if e.status == "筹备中")
        empty = events.create_event(
            store, Event("没人入选的开放日", date.today() + timedelta(days=40))
        )
    finally:
        store.close()
    code, _, err = run(
        capsys,
        demo_db,
        "export",
        "summary",
        "--event",
        str(planning.id),
        "-o",
        str(tmp_path / "s.docx"),
    )
    assert code == 1 and "已经举办" in err and not (tmp_path / "s.docx").exists()
    code, _, err = run(
        capsys, demo_db, "export", "notice", "--event", str(empty), "-o", str(tmp_path / "n.docx")
    )
    assert code == 1 and "审核通过" in err and not (tmp_path / "n.docx").exists()


# --- migrating a database with forms -----------------------------------------------------------


def test_migration_keeps_forms_as_version_one_and_pins_their_events(db_path: Path) -> None:
    from openday_desktop.domain.questionnaire import default_questions, satisfaction
    from openday_desktop.storage.connection import Database

    db = Database(db_path)
    with db.atomic():
        for migration in MIGRATIONS[:4]:
            migration(db)
        db.execute("PRAGMA user_version = 4")
        db.execute(
            "INSERT INTO events (id, title, date, status) VALUES (1, '春季', '2026-03-20', '已总结')"
        )
        db.execute("INSERT INTO events (id, title, date) VALUES (2, '秋季', '2026-10-20')")
        questions = default_questions()
        for number, question in enumerate(questions, start=1):
            question.id = number
            db.execute(
                "INSERT INTO questionnaire_questions (id, position, text, kind, options) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    number,
                    question.position,
                    question.text,
                    question.kind,
                    json.dumps(question.options),
                ],
            )
        answers = ["满意", "满意", "一般", "不满意", "比较满意"]
        for response_id, value in enumerate(answers, start=1):
            db.execute(
                "INSERT INTO questionnaire_responses (id, event_id) VALUES (?, 1)", [response_id]
            )
            db.execute(
                "INSERT INTO questionnaire_answers (response_id, question_id, value) VALUES (?, 1, ?)",
                [response_id, value],
            )
        db.execute(
            "INSERT INTO questionnaire_answers (response_id, question_id, value) VALUES (1, 7, '路灯')"
        )
    db.close()
    from openday_desktop.domain.questionnaire import Response

    expected = satisfaction(questions, [Response(1, {1: v}, i) for i, v in enumerate(answers, 1)])

    store = open_store(db_path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.questionnaires.version_count() == 1
        assert (
            store.questionnaires.version_of(1) == 1 and store.questionnaires.version_of(2) is None
        )
        assert store.questionnaires.satisfaction(1) == expected
        # Restoring the defaults and removing the overall item keep the forms and the figures.
        questionnaires.restore_default_questions(store)
        first = store.questionnaires.questions()[0]
        questionnaires.remove_question(store, first.id or 0)
        assert store.questionnaires.response_count(1) == len(answers)
        assert store.questionnaires.satisfaction(1) == expected
        assert store.questionnaires.open_answers(1) == [(1, 7, "路灯")]
        # The second event's first form pins the questions as they are now: a new version.
        current = store.questionnaires.questions()
        questionnaires.add_response(store, 2, {current[0].id or 0: "1"})
        assert store.questionnaires.version_of(2) == 2
        assert [q.text for q in store.questionnaires.questions_for(2)] == [q.text for q in current]
        # Archiving pins an event without forms too, so its blank questionnaire holds still.
        third = events.create_event(store, Event("冬季", date(2026, 1, 5)))
        events.change_status(store, third, "已归档", date(2026, 1, 6), today=date(2026, 2, 1))
        assert store.questionnaires.version_of(third) == 2
        assert all(q.kind != KIND_OPEN or q.text for q in store.questionnaires.questions_for(third))
    finally:
        store.close()


def test_refused_writes_change_nothing(store: Store) -> None:
    """A refusal comes before the transaction: the tables are as they were."""
    with store.transaction():
        event_id = store.events.add(Event("开放日", date(2026, 3, 1)))
        person_id = store.people.add(Person(name="李四", phone="13800000001"))
    selection.invite_people(store, event_id, [person_id])
    events.change_status(store, event_id, "已归档", date(2026, 3, 2), today=date(2026, 3, 5))
    dump = list(store.db.conn.iterdump())
    with pytest.raises(RecordFrozenError):
        selection.invite_people(store, event_id, [person_id])
    with pytest.raises(ValidationError):
        attendance.record_for_people(
            store, event_id, [person_id], ATTENDANCE_PRESENT, backfill=True
        )
    assert list(store.db.conn.iterdump()) == dump


def test_archived_event_keeps_its_document_wording_when_the_unit_default_changes(
    demo_db: Path,
) -> None:
    from openday_desktop.exports.wording import DOC_TEXTS
    from openday_desktop.services.documents import resolve_texts

    store = open_store(demo_db)
    try:
        event_id = past_event(store).id or 0
        other = next(e for e in store.events.list() if e.status == "筹备中").id or 0
        doc = "summary"
        key = DOC_TEXTS[doc][0].key
        events.change_status(store, event_id, "已归档")
        kept = resolve_texts(store, doc, event_id)
        settings_service.save_default_texts(store, doc, {key: "本单位的新写法。"})
        assert resolve_texts(store, doc, event_id) == kept
        assert resolve_texts(store, doc, other)[key] == "本单位的新写法。"
        message = refused(
            lambda: settings_service.save_default_texts(
                store, doc, {key: "又一种写法。"}, event_id=event_id
            )
        )
        assert "已归档" in message
    finally:
        store.close()
