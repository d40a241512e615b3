"""The store: migrations, version refusal, WAL, foreign keys, transactions and backups."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from openday_desktop.domain.errors import DatabaseVersionError, NotFoundError, ValidationError
from openday_desktop.domain.models import Event, Feedback, Invitation, Person, Site
from openday_desktop.storage import Store, open_store, resolve_db_path
from openday_desktop.storage.backups import backup_dir
from openday_desktop.storage.connection import Database
from openday_desktop.storage.files import APPLICATION_ID
from openday_desktop.storage.schema import MIGRATIONS, SCHEMA_VERSION


def _event(**changes: object) -> Event:
    values: dict[str, object] = {"title": "开放日", "date": date(2026, 6, 12)}
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]


def test_new_database_has_current_version_wal_and_foreign_keys(store: Store) -> None:
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_default_categories_are_stored_and_extendable(store: Store) -> None:
    names = store.categories.names()
    assert names[:3] == ["人大代表", "政协委员", "群众代表"]
    assert names[-1] == "其他"
    assert {"引进人才", "创业者", "专家学者"} <= set(names)
    store.categories.add("乡贤代表", ["乡贤"])
    assert store.categories.names()[-1] == "乡贤代表"
    with pytest.raises(ValidationError):
        store.categories.add("人大代表")


def test_newer_database_is_refused_and_left_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseVersionError) as caught:
        open_store(db_path)
    assert "更新版本" in caught.value.message
    assert db_path.read_bytes() == before
    assert not Path(str(db_path) + "-wal").exists()


def test_older_database_is_backed_up_then_migrated(db_path: Path) -> None:
    # A version-1 file from before the application id: recognised by its tables.
    db = Database(db_path)
    with db.atomic():
        MIGRATIONS[0](db)
        db.execute("PRAGMA user_version = 1")
    db.close()
    store = open_store(db_path)
    assert store.db.execute("PRAGMA application_id").fetchone()[0] != 0
    store.close()
    backups = list(backup_dir(db_path).glob("*.db"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("PRAGMA user_version").fetchone()[0] == 1


def test_daily_backup_once_per_day(db_path: Path) -> None:
    open_store(db_path).close()
    open_store(db_path, daily_backup=True).close()
    open_store(db_path, daily_backup=True).close()
    assert len(list(backup_dir(db_path).glob("*-daily.db"))) == 1


def test_user_action_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.events.add(_event(sites=[Site("便民服务中心")]))
        store.people.add(Person("王芳"))
        raise RuntimeError("crash in the middle")
    assert store.events.count() == 0
    assert store.people.count() == 0
    assert store.db.execute("SELECT COUNT(*) FROM event_sites").fetchone()[0] == 0


def test_event_round_trip_keeps_site_order_and_forms(store: Store) -> None:
    event = _event(
        sites=[Site("指挥中心", "三楼", "09:50-10:20", "林涛"), Site("便民服务中心")],
        forms=["浏览介绍", "座谈交流", "参与重大决策"],
    )
    event_id = store.events.add(event)
    loaded = store.events.get(event_id)
    assert [s.name for s in loaded.sites] == ["指挥中心", "便民服务中心"]
    assert loaded.sites[0].time_slot == "09:50-10:20"
    assert loaded.forms == ["浏览介绍", "座谈交流", "参与重大决策"]
    loaded.sites.reverse()
    loaded.status = "方案已报备"
    store.events.update(loaded)
    assert [s.name for s in store.events.get(event_id).sites] == ["便民服务中心", "指挥中心"]
    assert [s for s, _ in store.events.status_history(event_id)] == ["筹备中", "方案已报备"]


def test_deleting_an_event_removes_its_list_and_feedback(store: Store) -> None:
    event_id = store.events.add(_event())
    person_id = store.people.add(Person("李四"))
    store.invitations.invite(Invitation(event_id, person_id))
    store.feedback.add(Feedback(event_id, "路灯坏了", person_id=person_id))
    store.events.delete(event_id)
    assert store.invitations.for_person(person_id) == []
    assert store.feedback.count() == 0
    with pytest.raises(NotFoundError):
        store.events.get(event_id)


def test_deleting_a_person_keeps_their_feedback_anonymous(store: Store) -> None:
    event_id = store.events.add(_event())
    person_id = store.people.add(Person("李四"))
    feedback_id = store.feedback.add(Feedback(event_id, "路灯坏了", person_id=person_id))
    store.people.delete(person_id)
    assert store.feedback.get(feedback_id).person_id is None


def test_id_number_is_unique_in_the_pool(store: Store) -> None:
    store.people.add(Person("王芳", id_number="11010519491231002X"))
    with pytest.raises(ValidationError) as caught:
        store.people.add(Person("王芳芳", id_number="11010519491231002X"))
    assert caught.value.field == "id_number"
    assert store.people.count() == 1


def test_person_can_be_invited_only_once(store: Store) -> None:
    event_id = store.events.add(_event())
    person_id = store.people.add(Person("王芳"))
    store.invitations.invite(Invitation(event_id, person_id))
    with pytest.raises(ValidationError):
        store.invitations.invite(Invitation(event_id, person_id))


def test_settings_defaults_and_validation(store: Store) -> None:
    assert store.settings.get("min_per_site") == 20
    store.settings.set_many({"min_per_site": "25", "unit_name": " 青山镇人民政府 "})
    assert store.settings.get("min_per_site") == 25
    assert store.settings.get("unit_name") == "青山镇人民政府"
    with pytest.raises(ValidationError):
        store.settings.set_many({"unit_name": "别的镇", "min_per_site": "很多"})
    assert store.settings.get("unit_name") == "青山镇人民政府"  # nothing of the bad batch saved


def test_integrity_check_reports_a_clean_database(demo_store: Store) -> None:
    assert demo_store.integrity_problems() == []


def test_db_path_resolution_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OPENDAY_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(str(tmp_path / "arg.db")) == tmp_path / "arg.db"
    assert resolve_db_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("OPENDAY_DB")
    assert resolve_db_path(None).name == "openday.db"
    default = resolve_db_path(None)
    assert default.name == "openday.db"
    assert default.parent.name in ("openday", "OpenDay")


def test_unit_name_cannot_be_emptied(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        store.settings.set_many({"unit_name": "   "})
    assert caught.value.field == "unit_name" and "不能为空" in caught.value.message
    assert store.settings.get("unit_name") == "某某镇人民政府"


def test_update_many_reuses_stored_pinyin_only_for_unchanged_names(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openday_desktop.domain.models import Person
    from openday_desktop.storage import repositories

    first = store.people.add(Person(name="王芳", sex="女"))
    second = store.people.add(Person(name="李明", sex="男"))
    same, renamed = store.people.get(first), store.people.get(second)
    renamed.name = "张伟"
    same.phone = "13812345678"
    computed: list[str] = []
    real = repositories.name_search_keys

    def counting(name: str) -> tuple[str, str]:
        computed.append(name)
        return real(name)

    monkeypatch.setattr(repositories, "name_search_keys", counting)
    store.people.update_many([same, renamed])
    assert "王芳" not in computed[1:] and "张伟" in computed  # [0] builds the SQL's column list
    rows = dict(
        (r[0], (r[1], r[2]))
        for r in store.db.execute("SELECT id, name_pinyin, name_initials FROM people").fetchall()
    )
    assert rows[first] == ("wangfang", "wf") and rows[second] == ("zhangwei", "zw")
