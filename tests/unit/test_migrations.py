"""A version-1 database that holds data opens with today's code: every row kept, new columns
defaulted, every later migration run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openday_desktop.storage import open_store
from openday_desktop.storage.connection import Database
from openday_desktop.storage.schema import MIGRATIONS, SCHEMA_VERSION

ID_NUMBER = "11010519491231002X"


def _version_one_with_data(path: Path) -> None:
    """What a clerk's database looked like under version 1: built by the first migration only."""
    db = Database(path)
    with db.atomic():
        MIGRATIONS[0](db)
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO settings (key, value) VALUES ('unit_name', '\"城关镇人民政府\"')")
        db.execute(
            "INSERT INTO events (id, title, theme, date, status, notes) "
            "VALUES (1, '政府开放日', '走进便民服务中心', '2025-05-20', '已办结', '旧备注')"
        )
        db.execute(
            "INSERT INTO event_sites (event_id, position, name, address, time_slot) "
            "VALUES (1, 0, '便民服务中心', '人民路1号', '09:00-10:30')"
        )
        db.execute(
            "INSERT INTO event_status_log (event_id, status, date) VALUES (1, '已报备', '2025-05-01')"
        )
        db.execute("INSERT INTO event_quotas (event_id, category, quota) VALUES (1, '群众代表', 8)")
        db.execute(
            "INSERT INTO people (id, name, sex, id_number, phone, village, category) "
            "VALUES (1, '王芳', '女', ?, '13800000001', '东村', '群众代表')",
            [ID_NUMBER],
        )
        db.execute("INSERT INTO people (id, name, category) VALUES (2, '李四', '人大代表')")
        db.execute(
            "INSERT INTO invitations (event_id, person_id, status, attendance, signed_in_at) "
            "VALUES (1, 1, '已确认', '出席', '2025-05-20 09:05:00')"
        )
        db.execute("INSERT INTO invitations (event_id, person_id, status) VALUES (1, 2, '已报名')")
        db.execute(
            "INSERT INTO feedback (id, event_id, person_id, content, status, reply, adopted) "
            "VALUES (1, 1, 1, '希望延长周末办事时间', '已答复', '已调整为周六上午办公', 1)"
        )
        db.execute(
            "INSERT INTO questionnaire_questions (id, position, text, kind, options) "
            "VALUES (1, 0, '您对本次活动是否满意？', 'scale', '[]')"
        )
        db.execute("INSERT INTO questionnaire_responses (id, event_id) VALUES (1, 1)")
        db.execute(
            "INSERT INTO questionnaire_answers (response_id, question_id, value) "
            "VALUES (1, 1, '满意')"
        )
        db.execute(
            "INSERT INTO calendar_days (date, kind, name) VALUES ('2025-10-01', 'holiday', '国庆节')"
        )
    db.close()


def test_a_version_one_database_with_data_opens_intact(db_path: Path) -> None:
    _version_one_with_data(db_path)

    store = open_store(db_path)
    try:
        db = store.db
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.settings.get("unit_name") == "城关镇人民政府"

        event = store.events.get(1)
        assert (event.title, event.theme, event.status) == (
            "政府开放日",
            "走进便民服务中心",
            "已办结",
        )
        assert event.date == date(2025, 5, 20)
        assert [(s.name, s.address) for s in event.sites] == [("便民服务中心", "人民路1号")]
        assert store.events.quotas(1) == {"群众代表": 8}
        assert ("已报备", date(2025, 5, 1)) in store.events.status_history(1)

        people = {p.name: p for p in store.people.list()}
        assert set(people) == {"王芳", "李四"}
        assert people["王芳"].id_number == ID_NUMBER
        assert people["王芳"].phone == "13800000001"
        listed = {person.name: invitation for invitation, person in store.invitations.for_event(1)}
        assert listed["王芳"].status == "已确认" and listed["王芳"].attendance == "出席"
        assert listed["李四"].status == "已报名"

        item = store.feedback.get(1)
        assert (item.content, item.status, item.reply) == (
            "希望延长周末办事时间",
            "已答复",
            "已调整为周六上午办公",
        )
        answers = db.execute(
            "SELECT response_id, question_id, value FROM questionnaire_answers"
        ).fetchall()
        assert [tuple(a) for a in answers] == [(1, 1, "满意")]
        days = db.execute("SELECT date, kind, name FROM calendar_days").fetchall()
        assert [tuple(d) for d in days] == [("2025-10-01", "holiday", "国庆节")]

        # The columns later versions added, at their defaults on the old rows.
        row = db.execute(
            "SELECT group_id, recorded_by, recorded_at FROM invitations WHERE person_id = 2"
        ).fetchone()
        assert tuple(row) == (None, "", None)
        row = db.execute(
            "SELECT reply_date, completed_date, published_date, follow_up_method, "
            "follow_up_notes FROM feedback WHERE id = 1"
        ).fetchone()
        assert tuple(row) == (None, None, None, "", "")
        assert db.execute("SELECT note FROM event_status_log").fetchone()[0] == ""
        assert db.execute("SELECT roundtable_notes FROM events").fetchone()[0] == ""
        citizens = db.execute("SELECT name FROM categories WHERE citizen = 1").fetchall()
        assert [c[0] for c in citizens] == ["群众代表"]
        # Tables later versions added exist and are empty.
        for table in ("document_texts", "event_groups", "event_publications", "event_officials"):
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    finally:
        store.close()
