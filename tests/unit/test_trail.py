"""The event's trail: suggestion dates and call-backs, publication records with their
deadlines, attachments copied next to the database, leaders and staff, round-table notes."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import Event, Feedback
from openday_desktop.domain.trail import Official, Publication
from openday_desktop.services import attachments as attachment_service
from openday_desktop.services import feedback as feedback_service
from openday_desktop.services import trail as trail_service
from openday_desktop.services.events import delete_events
from openday_desktop.storage import Store, open_store
from openday_desktop.storage.statistics import (
    dashboard_due_items,
    event_stats,
    missing_publications_of,
)
from openday_desktop.storage.trail import attachment_dir
from tests.unit.helpers import dump

HELD = date(2026, 6, 12)  # a Friday
TODAY = date(2026, 6, 15)


@pytest.fixture
def event_id(store: Store) -> int:
    with store.transaction():
        return store.events.add(Event("开放日", HELD, status="已举办"))


# --- the suggestion loop ------------------------------------------------------------------


def test_handling_steps_keep_their_dates_and_the_call_back(store: Store, event_id: int) -> None:
    item_id = feedback_service.add_feedback(store, Feedback(event_id, "修路"), today=TODAY)
    feedback_service.assign_feedback(store, [item_id], "村镇建设办", "周敏", date(2026, 6, 26))
    feedback_service.reply_feedback(store, [item_id], "下月修补。", adopted=True, today=TODAY)
    assert store.feedback.get(item_id).reply_date == TODAY
    feedback_service.close_feedback(store, [item_id], on=date(2026, 6, 25))
    feedback_service.follow_up_feedback(
        store, [item_id], date(2026, 6, 29), "比较满意", method="电话", notes="表示认可"
    )
    feedback_service.publish_feedback(store, [item_id], today=date(2026, 6, 30))
    done = store.feedback.get(item_id)
    assert (done.reply_date, done.completed_date, done.published_date) == (
        TODAY,
        date(2026, 6, 25),
        date(2026, 6, 30),
    )
    assert (done.follow_up_method, done.follow_up_notes, done.satisfaction) == (
        "电话",
        "表示认可",
        "比较满意",
    )
    assert done.on_time is True
    # Publishing again keeps the first date; reopening drops the completion date.
    feedback_service.publish_feedback(store, [item_id], today=date(2026, 7, 5))
    assert store.feedback.get(item_id).published_date == date(2026, 6, 30)
    feedback_service.assign_feedback(store, [item_id], "村镇建设办", "周敏", date(2026, 7, 10))
    reopened = store.feedback.get(item_id)
    assert reopened.completed_date is None and reopened.reply_date == TODAY
    # Called back and published again after the new answer; the call-back's notes stay.
    assert (reopened.satisfaction, reopened.published, reopened.published_date) == ("", False, None)
    assert reopened.follow_up_notes == "表示认可"


def test_handling_refusals(store: Store, event_id: int) -> None:
    item_id = feedback_service.add_feedback(store, Feedback(event_id, "修路"), today=TODAY)
    feedback_service.assign_feedback(store, [item_id], "党政办", "", date(2026, 6, 26))
    feedback_service.reply_feedback(store, [item_id], "已答复。", today=TODAY)
    before = dump(store)
    with pytest.raises(ValidationError, match="回访方式只能是"):
        feedback_service.follow_up_feedback(store, [item_id], TODAY, "满意", method="微信")
    with pytest.raises(ValidationError, match="办结日期不能早于"):
        feedback_service.close_feedback(store, [item_id], on=date(2026, 6, 1))
    assert dump(store) == before


def test_stats_count_the_loop(store: Store, event_id: int) -> None:
    def closed(deadline: date, completed: date, satisfaction: str) -> Feedback:
        return Feedback(
            event_id,
            "x",
            status="已办结",
            responsible_unit="党政办",
            deadline=deadline,
            reply="已办",
            completed_date=completed,
            satisfaction=satisfaction,
            adopted=True,
            published=True,
        )

    store.feedback.add(closed(date(2026, 6, 26), date(2026, 6, 20), "满意"))
    store.feedback.add(closed(date(2026, 6, 26), date(2026, 6, 29), "不满意"))
    store.feedback.add(Feedback(event_id, "y", status="待交办"))
    data = event_stats(store, event_id, date(2026, 7, 1)).to_json()
    assert data["handed_over"] == 2
    assert data["completion_rate"] == 1.0
    assert (data["adopted"], data["published"]) == (2, 2)
    assert data["on_time_rate"] == 0.5
    assert data["callback_satisfaction_rate"] == 0.5


# --- publication records ------------------------------------------------------------------


def test_publication_records_and_their_deadlines(store: Store, event_id: int) -> None:
    missing = [d.task for d in missing_publications_of(store, event_id, TODAY)]
    assert missing == ["公开实施方案", "公开代表名单", "公开活动情况"]  # no suggestions yet
    store.feedback.add(Feedback(event_id, "修路"))
    assert "公开意见建议办理结果" in [
        d.task for d in missing_publications_of(store, event_id, TODAY)
    ]

    plan = Publication(
        event_id, "实施方案", "政府网站", date(2026, 6, 1), "https://example.gov.cn/1"
    )
    trail_service.add_publication(store, plan, today=TODAY)
    late = Publication(event_id, "代表名单", "公开栏", date(2026, 6, 11), " 镇政府公开栏 ")
    trail_service.add_publication(store, late, today=TODAY)
    rows = trail_service.publication_rows(store, event_id)
    assert [(r.item.what, r.on_time) for r in rows] == [("实施方案", True), ("代表名单", False)]
    assert rows[1].item.place == "镇政府公开栏"
    assert rows[0].to_json()["due"] == "2026-06-05"  # 5 working days before the event
    due = [d.task for d in dashboard_due_items(store, TODAY, 30) if d.kind == "publication"]
    assert due == ["公开活动情况", "公开意见建议办理结果"]

    before = dump(store)
    with pytest.raises(ValidationError, match="请写明在哪里公开"):
        trail_service.add_publication(
            store, Publication(event_id, "活动情况", "其他", TODAY), today=TODAY
        )
    with pytest.raises(ValidationError, match="不能晚于今天"):
        trail_service.add_publication(
            store, Publication(event_id, "活动情况", "政府网站", date(2026, 7, 1)), today=TODAY
        )
    with pytest.raises(ValidationError, match="公开内容"):
        trail_service.add_publication(
            store, Publication(event_id, "总结", "政府网站", TODAY), today=TODAY
        )
    with pytest.raises(NotFoundError):
        trail_service.delete_publications(store, [plan.id or 0, 999])
    assert dump(store) == before
    assert trail_service.delete_publications(store, [plan.id or 0]) == 1
    assert [r.item.what for r in trail_service.publication_rows(store, event_id)] == ["代表名单"]


# --- leaders, staff, notes ----------------------------------------------------------------


def test_officials_notes_and_the_leader_warning(store: Store, event_id: int) -> None:
    assert "主要负责人或分管负责人" in (
        trail_service.officials_warning(store, event_id, TODAY) or ""
    )
    saved = trail_service.set_officials(
        store,
        event_id,
        [Official(0, " 王强 ", "工作人员", "党政办主任"), Official(0, "", "工作人员")],
    )
    assert [(o.name, o.role) for o in saved] == [("王强", "工作人员")]
    assert trail_service.officials_warning(store, event_id, TODAY) is not None
    trail_service.set_officials(store, event_id, [Official(0, "李明", "分管负责人", "副镇长")])
    assert trail_service.officials_warning(store, event_id, TODAY) is None
    assert [o.post for o in store.trail.officials(event_id)] == ["副镇长"]
    with pytest.raises(ValidationError, match="第 1 行没有填写姓名"):
        trail_service.set_officials(store, event_id, [Official(0, "", "工作人员", "司机")])
    trail_service.set_roundtable_notes(store, event_id, "  代表提出修路。 ")
    assert store.trail.roundtable_notes(event_id) == "代表提出修路。"
    # Editing the event keeps the notes: they are not one of its form's fields.
    event = store.events.get(event_id)
    event.theme = "新主题"
    store.events.update(event)
    assert store.trail.roundtable_notes(event_id) == "代表提出修路。"
    # An event still ahead has no warning.
    ahead = store.events.add(Event("下次", date(2026, 9, 1)))
    assert trail_service.officials_warning(store, ahead, TODAY) is None


# --- attachments --------------------------------------------------------------------------


def test_attachments_are_private_copies_removed_with_their_row(
    store: Store, event_id: int, tmp_path: Path
) -> None:
    photo = tmp_path / "IMG 0001.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    first = attachment_service.add_attachment(
        store, event_id, photo, caption="座谈现场", today=TODAY
    )
    second = attachment_service.add_attachment(store, event_id, photo, today=TODAY)
    items = store.trail.attachments(event_id)
    assert [(a.kind, a.caption, a.date, a.original_name) for a in items] == [
        ("照片", "座谈现场", HELD, "IMG 0001.jpg"),
        ("照片", "", HELD, "IMG 0001.jpg"),
    ]
    copies = [attachment_service.attachment_path(store, a) for a in items]
    assert copies[0] != copies[1] and all(p.read_bytes() == photo.read_bytes() for p in copies)
    folder = attachment_dir(store.path, event_id)
    assert copies[0].parent == folder and folder.parent.name == "attachments"
    if os.name == "posix":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(b"%PDF-1.4")
    third = attachment_service.add_attachment(store, event_id, scan, today=TODAY)
    assert store.trail.attachment(third).kind == "签到表扫描件"

    with pytest.raises(ValidationError, match="找不到文件"):
        attachment_service.add_attachment(store, event_id, tmp_path / "无.jpg", today=TODAY)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match="空的"):
        attachment_service.add_attachment(store, event_id, empty, today=TODAY)

    assert attachment_service.remove_attachments(store, [first]) == 1
    assert not copies[0].exists() and copies[1].exists()
    assert [a.id for a in store.trail.attachments(event_id)] == [second, third]
    delete_events(store, [event_id])
    assert not folder.exists()


def test_an_archived_event_holds_still(store: Store, event_id: int, tmp_path: Path) -> None:
    photo = tmp_path / "a.png"
    photo.write_bytes(b"png")
    attachment_id = attachment_service.add_attachment(store, event_id, photo, today=TODAY)
    store.events.set_status(event_id, "已归档", TODAY)
    before = dump(store)
    with pytest.raises(ValidationError, match="已归档，记录已封存"):
        trail_service.add_publication(
            store, Publication(event_id, "活动情况", "政府网站", TODAY), today=TODAY
        )
    with pytest.raises(ValidationError, match="已归档，记录已封存"):
        trail_service.set_officials(store, event_id, [Official(0, "李明", "主要负责人")])
    with pytest.raises(ValidationError, match="已归档，记录已封存"):
        trail_service.set_roundtable_notes(store, event_id, "补记")
    with pytest.raises(ValidationError, match="已归档，记录已封存"):
        attachment_service.add_attachment(store, event_id, photo, today=TODAY)
    with pytest.raises(ValidationError, match="已归档，记录已封存"):
        attachment_service.remove_attachments(store, [attachment_id])
    assert dump(store) == before
    assert attachment_service.attachment_path(store, store.trail.attachment(attachment_id)).exists()
    # Archived events owe nothing on the dashboard.
    assert not [d for d in dashboard_due_items(store, TODAY) if d.kind == "publication"]


# --- the migration ------------------------------------------------------------------------


def test_migrating_a_database_with_suggestions_keeps_them(db_path: Path) -> None:
    from openday_desktop.storage.connection import Database
    from openday_desktop.storage.schema import MIGRATIONS, SCHEMA_VERSION

    db = Database(db_path)
    with db.atomic():
        for migration in MIGRATIONS[:6]:
            migration(db)
        db.execute("PRAGMA user_version = 6")
        db.execute(
            "INSERT INTO events (id, title, date, status) VALUES (1, '开放日', '2026-06-12', '已举办')"
        )
        db.execute(
            "INSERT INTO feedback (event_id, content, status, responsible_unit, deadline, reply,"
            " adopted, satisfaction, published) VALUES"
            " (1, '修路', '已办结', '党政办', '2026-06-26', '已修', 1, '满意', 1)"
        )
    db.close()

    store = open_store(db_path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (item,) = store.feedback.list(1)
        assert (item.content, item.adopted, item.published, item.satisfaction) == (
            "修路",
            True,
            True,
            "满意",
        )
        # The dates of steps taken before the migration are unknown, not invented.
        assert (item.reply_date, item.completed_date, item.published_date) == (None, None, None)
        data = event_stats(store, 1, TODAY).to_json()
        assert data["on_time_rate"] is None and data["callback_satisfaction_rate"] == 1.0
        assert store.trail.publications(1) == [] and store.trail.roundtable_notes(1) == ""
        trail_service.add_publication(
            store, Publication(1, "活动情况", "政务新媒体", TODAY, "公众号"), today=TODAY
        )
        assert store.trail.published_kinds() == {1: {"活动情况"}}
    finally:
        store.close()


def test_the_rule_check_warns_of_a_held_event_without_a_leader(store: Store, event_id: int) -> None:
    from openday_desktop.storage.selection import check_event_in_store

    warning = [
        p for p in check_event_in_store(store, event_id, TODAY).problems if p.code == "NO_LEADER"
    ]
    assert len(warning) == 1 and warning[0].severity == "warning"
    trail_service.set_officials(store, event_id, [Official(0, "张华", "主要负责人", "镇长")])
    codes = [p.code for p in check_event_in_store(store, event_id, TODAY).problems]
    assert "NO_LEADER" not in codes


def test_year_figures_counted_by_the_database_equal_the_event_figures(demo_store: Store) -> None:
    from openday_desktop.storage.statistics import year_stats

    past = min(demo_store.events.list(), key=lambda e: e.date)
    one = event_stats(demo_store, past.id or 0, date(2026, 6, 1)).to_json()
    year = year_stats(demo_store, past.date.year, date(2026, 6, 1)).to_json()
    keys = ("handed_over", "adopted", "published", "on_time_rate", "callback_satisfaction_rate")
    assert {k: year[k] for k in keys} == {k: one[k] for k in keys}
    # The demo closes every fourth item late, and rates call-backs mostly satisfied.
    assert 0 < one["on_time_rate"] < 1 and 0 < one["callback_satisfaction_rate"] <= 1
