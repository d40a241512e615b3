"""The district-sized sample: sizes as asked, valid data, every state present, repeatable."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from openday_desktop.cli import main
from openday_desktop.domain.models import FEEDBACK_STATUSES
from openday_desktop.domain.validation import parse_id_number
from openday_desktop.storage import open_store
from openday_desktop.storage.demo_district import fill_district

TODAY = date(2026, 11, 26)


def _dump(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return [
            *conn.execute("SELECT name, id_number, category FROM people ORDER BY id"),
            *conn.execute("SELECT event_id, person_id, status FROM invitations ORDER BY id"),
            *conn.execute("SELECT event_id, status, deadline FROM feedback ORDER BY id"),
        ]


def test_district_sample_has_the_asked_sizes_and_a_realistic_mix(tmp_path: Path) -> None:
    store = open_store(tmp_path / "d.db")
    counts = fill_district(store, people=2000, events=8, feedback=600, today=TODAY)
    assert counts["people"] == store.people.count() == 2000
    assert counts["events"] == len(store.events.list()) == 8
    assert counts["feedback"] == store.feedback.count() == 600
    invitations = store.db.conn.execute("SELECT COUNT(*) FROM invitations").fetchone()[0]
    assert counts["invitations"] == invitations == 4000  # about two per person
    people = store.people.list()
    for person in people:  # the app's own check: checksum, birth date and sex agree
        info = parse_id_number(person.id_number, TODAY)
        assert (info.birth_date, info.sex) == (person.birth_date, person.sex)
    assert len({p.id_number for p in people}) == 2000
    assert len({p.category for p in people}) >= 8
    assert all(p.village for p in people)
    events = store.events.list()
    assert any(e.date < TODAY for e in events) and any(e.date > TODAY for e in events)
    held = [e for e in events if e.date < TODAY]
    attendance = {inv.attendance for e in held for inv, _ in store.invitations.for_event(e.id or 0)}
    assert {"已签到", "缺席"} <= attendance
    items = store.feedback.list()
    assert {f.status for f in items} == set(FEEDBACK_STATUSES)
    overdue = [
        f for f in items if f.status in ("待交办", "办理中") and f.deadline and f.deadline < TODAY
    ]
    assert overdue
    store.close()


def test_same_arguments_give_the_same_data(tmp_path: Path) -> None:
    for name in ("a.db", "b.db"):
        store = open_store(tmp_path / name)
        fill_district(store, people=300, events=4, feedback=50, today=TODAY)
        store.close()
    assert _dump(tmp_path / "a.db") == _dump(tmp_path / "b.db")


def test_cli_demo_with_sizes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.db"
    assert (
        main(["--db", str(db), "demo", "--people", "500", "--events", "5", "--feedback", "40"]) == 0
    )
    out = capsys.readouterr().out
    assert "代表 500 人" in out and "活动 5 个" in out and "意见建议 40 条" in out
    with pytest.raises(SystemExit):
        main(["--db", str(db), "demo", "--people", "-3"])
    assert "不是数量" in capsys.readouterr().err
