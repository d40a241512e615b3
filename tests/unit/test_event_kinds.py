"""Event kinds: 政府开放日, 政务公开日, 政务公开活动 — stored, migrated, worded, ruled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from openday_desktop.cli import main
from openday_desktop.domain.checks import CITIZEN_SHARE, MIN_PER_SITE, WARNING, check_event_rules
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.models import EVENT_KINDS, Event, Invitation, Person, Site
from openday_desktop.exports.wording import DOC_PLAN, DOC_SUMMARY, default_texts
from openday_desktop.services.documents import write_plan
from openday_desktop.services.events import create_event
from openday_desktop.storage import Store, open_store


def test_migrating_a_database_with_events_makes_them_open_days(db_path: Path) -> None:
    from openday_desktop.storage.connection import Database
    from openday_desktop.storage.schema import MIGRATIONS, SCHEMA_VERSION

    db = Database(db_path)
    with db.atomic():
        for migration in MIGRATIONS[:7]:
            migration(db)
        db.execute("PRAGMA user_version = 7")
        db.execute(
            "INSERT INTO events (id, title, date, status) VALUES (1, '开放日', '2026-06-12', '已举办')"
        )
    db.close()
    store = open_store(db_path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        event = store.events.get(1)
        assert (event.title, event.status, event.kind) == ("开放日", "已举办", "政府开放日")
    finally:
        store.close()


def test_kind_is_stored_and_checked(store: Store) -> None:
    event = Event("5·15政务公开日活动", date(2027, 5, 15), kind="政务公开日", sites=[Site("大厅")])
    event_id = create_event(store, event)
    assert store.events.get(event_id).kind == "政务公开日"
    with pytest.raises(ValidationError, match="活动类型"):
        create_event(store, Event("x", date(2027, 5, 15), kind="开放周"))


def test_each_kind_has_its_own_opening_wording() -> None:
    plans = {kind: default_texts(DOC_PLAN, kind)["preamble"] for kind in EVENT_KINDS}
    assert len(set(plans.values())) == 3
    assert "5·15" in plans["政务公开日"]
    assert "5·15" in default_texts(DOC_SUMMARY, "政务公开日")["intro"]
    # Passages a kind does not change are shared.
    assert default_texts(DOC_PLAN, "政务公开日")["theme"] == default_texts(DOC_PLAN)["theme"]


def _entries(count: int) -> list[tuple[Invitation, Person]]:
    return [
        (Invitation(1, i, "已报名"), Person(f"人{i}", category="人大代表")) for i in range(count)
    ]


@pytest.mark.parametrize(("kind", "binding"), [(k, k == "政府开放日") for k in EVENT_KINDS])
def test_per_site_and_citizen_rules_bind_only_open_days(kind: str, binding: bool) -> None:
    event = Event("活动", date(2027, 5, 15), kind=kind, sites=[Site("大厅")])
    result = check_event_rules(event, _entries(3), {})
    site_rules = [p for p in result.problems if p.code in (MIN_PER_SITE, CITIZEN_SHARE)]
    assert {p.code for p in site_rules} == {MIN_PER_SITE, CITIZEN_SHARE}
    assert all(p.blocking for p in site_rules) is binding
    if not binding:
        assert all(p.severity == WARNING and kind in p.message for p in site_rules)


def test_cli_event_add_kind_and_plan_wording(
    store: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.transaction():
        store.settings.set("unit_name", "青石镇人民政府")
        store.settings.set("office_name", "青石镇党政办公室")
        store.settings.set("leading_group", "组长：王强")
        store.settings.set("contact_person", "周敏")
        store.settings.set("contact_phone", "0571-12345678")
    store.close()
    args = [
        "--db",
        str(db_path),
        "event",
        "add",
        "--title",
        "政务公开日活动",
        "--date",
        "2027-05-14",
    ]
    schedule = ["--start", "09:00", "--end", "11:30", "--site", "便民服务中心"]
    assert main([*args, "--kind", "政务公开日", *schedule]) == 0
    event_id = int(capsys.readouterr().out.strip())
    with pytest.raises(SystemExit):
        main([*args, "--kind", "开放周"])
    again = open_store(db_path)
    try:
        assert again.events.get(event_id).kind == "政务公开日"
        path = write_plan(again, event_id, tmp_path / "plan.docx", on=date(2027, 4, 20))
    finally:
        again.close()
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "5·15政务公开日" in text
