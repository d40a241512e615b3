"""Erasure, retention and the audit log."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from openday_desktop import cli
from openday_desktop.domain.errors import NotFoundError
from openday_desktop.domain.models import Event, Feedback, Invitation, Person
from openday_desktop.services.privacy import erase_people, erase_person, retention_candidates
from openday_desktop.storage import Store, open_store
from openday_desktop.storage.audit import audit_entries
from openday_desktop.storage.backups import backup_dir, take_backup

ID_NUMBER = "110101199003071234"
PHONE = "13912345678"


def _files_containing(folder: Path, needle: str) -> list[Path]:
    data = needle.encode()
    return [p for p in folder.rglob("*") if p.is_file() and data in p.read_bytes()]


def _seed(store: Store) -> tuple[int, int, int]:
    with store.transaction():
        event_id = store.events.add(Event("开放日", date(2026, 6, 12)))
        person_id = store.people.add(Person("欧阳娜娜", id_number=ID_NUMBER, phone=PHONE))
        other = store.people.add(Person("李四", phone="13700000000"))
        store.invitations.invite(Invitation(event_id, person_id, attendance="已签到"))
        store.invitations.invite(Invitation(event_id, other))
        feedback_id = store.feedback.add(
            Feedback(
                event_id,
                f"欧阳娜娜（电话 {PHONE}，身份证 {ID_NUMBER}）反映路灯不亮",
                person_id=person_id,
            )
        )
    person = store.people.get(person_id)
    person.phone = "13912340000"
    store.people.update(person)
    person.phone = PHONE
    store.people.update(person)
    return event_id, person_id, feedback_id


def test_erase_leaves_the_id_number_in_no_file_under_the_data_folder(tmp_path: Path) -> None:
    folder = tmp_path / "openday"
    db = folder / "openday.db"
    store = open_store(db)
    _, person_id, feedback_id = _seed(store)
    take_backup(db, "daily")
    take_backup(db, "before-v9")
    assert len(_files_containing(backup_dir(db), ID_NUMBER)) == 2
    report = erase_person(store, person_id)
    assert report.backups_rewritten == 2
    assert "U 盘" in report.summary()
    for needle in (ID_NUMBER, PHONE, "欧阳娜娜", "139****5678"):
        assert _files_containing(folder, needle) == [], needle
    item = store.feedback.get(feedback_id)
    assert item.person_id is None and "路灯不亮" in item.content
    assert store.people.count() == 1
    assert store.db.execute("SELECT COUNT(*) FROM invitations").fetchone()[0] == 1
    # The log survives the erasure: the deletion is there, without the person's data.
    entries = audit_entries(store.db)
    assert any(e.action == "delete" and e.entity == "people" for e in entries)
    store.close()
    for needle in (ID_NUMBER, PHONE, "欧阳娜娜"):
        assert _files_containing(folder, needle) == [], needle


def test_erase_refuses_unknown_ids_and_changes_nothing(store: Store) -> None:
    _seed(store)
    with pytest.raises(NotFoundError):
        erase_people(store, [1, 999])
    assert store.people.count() == 2


def test_cli_person_erase(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db_path)
    _, person_id, _ = _seed(store)
    store.close()
    assert cli.main(["--db", str(db_path), "person", "erase", str(person_id)]) == 0
    assert "已删除并抹去 1 人" in capsys.readouterr().out
    assert _files_containing(db_path.parent, ID_NUMBER) == []


def test_audit_records_who_changed_what_with_masked_values(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(db_path)
    _, person_id, feedback_id = _seed(store)
    item = store.feedback.get(feedback_id)
    item.reply = f"已电话联系（{PHONE}），核对身份证 {ID_NUMBER}"
    store.feedback.update(item)
    store.close()
    assert cli.main(["--db", str(db_path), "audit", "--json", "--since", "2000-01-01"]) == 0
    entries = json.loads(capsys.readouterr().out)
    phone_changes = [e for e in entries if e["entity"] == "people" and e["field"] == "phone"]
    assert [(e["old"], e["new"]) for e in phone_changes] == [
        ("139****0000", "139****5678"),
        ("139****5678", "139****0000"),
    ]
    assert all(e["user"] for e in entries)
    text = json.dumps(entries, ensure_ascii=False)
    assert ID_NUMBER not in text and PHONE not in text
    assert "110101********1234" in text  # the suggestion's text, masked inside
    assert cli.main(["--db", str(db_path), "audit", "--since", "2999-01-01"]) == 0
    assert capsys.readouterr().out == ""


def test_retention_lists_people_not_taking_part_since(store: Store) -> None:
    with store.transaction():
        old_event = store.events.add(Event("旧活动", date(2018, 6, 1)))
        new_event = store.events.add(Event("新活动", date(2025, 6, 1)))
        gone = store.people.add(Person("王老五"))
        active = store.people.add(Person("李新"))
        store.invitations.invite(Invitation(old_event, gone))
        store.invitations.invite(Invitation(old_event, active))
        store.invitations.invite(Invitation(new_event, active))
    today = date(2026, 6, 1)
    found = retention_candidates(store, today=today)
    assert [c.person_id for c in found] == [gone]
    assert found[0].last_date == date(2018, 6, 1) and found[0].masked_name == "王*五"
    assert [c.person_id for c in retention_candidates(store, years=10, today=today)] == []
    store.settings.set("retention_years", 1)
    assert {c.person_id for c in retention_candidates(store, today=today)} == {gone}


def test_cli_retention_erase(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db_path)
    with store.transaction():
        event = store.events.add(Event("旧活动", date(2015, 6, 1)))
        person = store.people.add(Person("王老五", id_number=ID_NUMBER))
        store.invitations.invite(Invitation(event, person))
    store.close()
    args = ["--db", str(db_path), "person", "retention"]
    assert cli.main([*args, "--json"]) == 0
    assert [c["id"] for c in json.loads(capsys.readouterr().out)] == [person]
    assert cli.main([*args, "--erase"]) == 0
    assert "已删除并抹去 1 人" in capsys.readouterr().out
    assert _files_containing(db_path.parent, ID_NUMBER) == []
    assert not list(backup_dir(db_path).glob("*.db-wal"))


def test_every_table_has_a_chinese_name_in_the_audit_log(store: Store) -> None:
    from openday_desktop.storage.audit import AUDIT_TABLE, ENTITY_LABELS

    tables = {
        name
        for (name,) in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    } - {AUDIT_TABLE}
    assert tables - set(ENTITY_LABELS) == set(), "add the new tables to ENTITY_LABELS"


def test_cli_audit_text_speaks_chinese(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db_path)
    _, person_id, _ = _seed(store)
    store.close()
    assert cli.main(["--db", str(db_path), "person", "erase", str(person_id)]) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(db_path), "audit", "--since", "2000-01-01"]) == 0
    out = capsys.readouterr().out
    assert "新增" in out and "修改" in out and "删除" in out and "代表（编号" in out
    for english in ("insert", "update", "delete", "people", "invitations", "None", "phone"):
        assert english not in out, english


def test_a_write_made_on_a_worker_connection_is_audited(db_path: Path) -> None:
    from openday_desktop.storage.database import open_worker_store

    store = open_store(db_path)
    _, person_id, feedback_id = _seed(store)
    store.close()
    worker = open_worker_store(db_path, writable=True)
    item = worker.feedback.get(feedback_id)
    item.reply = "已在工作线程中答复"
    with worker.transaction():
        worker.feedback.update(item)
    worker.close()
    store = open_store(db_path)
    changes = [e for e in audit_entries(store.db) if e.entity == "feedback" and e.field == "reply"]
    store.close()
    assert [e.new for e in changes][:1] == ["已在工作线程中答复"]


def test_a_read_only_worker_connection_refuses_writes(db_path: Path) -> None:
    import sqlite3

    from openday_desktop.storage.database import open_worker_store

    store = open_store(db_path)
    _seed(store)
    store.close()
    reader = open_worker_store(db_path)
    with pytest.raises(sqlite3.OperationalError):
        reader.db.execute("DELETE FROM people")
    reader.close()


def _temp_triggers(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0])


def test_a_deferred_audit_is_in_place_before_the_first_write(db_path: Path) -> None:
    open_store(db_path).close()
    store = open_store(db_path, audit_before_first_write=True)
    assert _temp_triggers(store) == 0  # nothing created yet: the window paints first
    store.people.add(Person(name="王晓红", category="群众代表", village="东村"))
    added = [e for e in audit_entries(store.db) if e.entity == "people" and e.action == "insert"]
    store.close()
    assert len(added) == 1


def test_finishing_the_deferred_set_up_audits_raw_writes_and_runs_once(db_path: Path) -> None:
    open_store(db_path).close()
    store = open_store(db_path, audit_before_first_write=True)
    store.db.finish_setup()
    triggers = _temp_triggers(store)
    store.db.finish_setup()  # the first transaction finds nothing left to do
    with store.transaction():
        pass
    assert _temp_triggers(store) == triggers > 0
    store.db.execute("INSERT INTO settings (key, value) VALUES ('unit_name', '\"东风镇\"')")
    written = [e for e in audit_entries(store.db) if e.entity == "settings"]
    store.close()
    assert len(written) == 1


def test_closing_before_the_deferred_audit_drops_it(db_path: Path) -> None:
    open_store(db_path).close()
    store = open_store(db_path, audit_before_first_write=True)
    store.close()
    store.db.finish_setup()  # a late start-up chore finds nothing to do on a closed store


def test_a_bare_write_outside_a_transaction_waits_for_the_deferred_audit(db_path: Path) -> None:
    open_store(db_path).close()
    store = open_store(db_path, audit_before_first_write=True)
    store.db.execute("SELECT count(*) FROM people").fetchone()  # a read does not need it
    assert _temp_triggers(store) == 0
    store.db.execute("INSERT INTO settings (key, value) VALUES ('unit_name', '\"东风镇\"')")
    written = [e for e in audit_entries(store.db) if e.entity == "settings"]
    store.close()
    assert len(written) == 1


def test_a_failed_deferred_set_up_stays_pending_and_blocks_writes(db_path: Path) -> None:
    open_store(db_path).close()
    store = open_store(db_path, audit_before_first_write=True)
    attempts: list[int] = []

    def broken(_db: object) -> None:
        attempts.append(1)
        raise OSError("no temporary store")

    store.db.defer_until_write(broken)
    with pytest.raises(OSError):
        store.db.finish_setup()
    with pytest.raises(OSError), store.transaction():
        store.db.execute("DELETE FROM settings")
    store.close()
    assert len(attempts) == 2
