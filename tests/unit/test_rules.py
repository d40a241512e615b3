"""Sites and visitors (groups and routes), rules on attendance, warnings and the yearly rule,
through the services, the store and the command line."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from openday_desktop.cli import main
from openday_desktop.domain.checks import (
    CITIZEN_SHARE,
    MIN_PER_SITE,
    NOTICE_PERIOD,
    PRESENT_CITIZEN_SHARE,
    PRESENT_MIN_PER_SITE,
    ROUNDTABLE_TIME,
    SITE_COUNT,
    WARNING,
)
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.groups import roundtable_slot
from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    INV_APPROVED,
    Event,
    Person,
    Site,
)
from openday_desktop.domain.yearly import parse_periods, yearly_compliance
from openday_desktop.services import groups as group_service
from openday_desktop.services.events import change_status, create_event, update_event
from openday_desktop.storage import Store, open_store
from openday_desktop.storage.selection import check_event_in_store
from openday_desktop.storage.statistics import compliance

DAY = date(2026, 6, 12)
AFTER = date(2026, 6, 20)


def _event(store: Store, people: int = 31, citizens: int = 11, sites: int = 2) -> int:
    event = Event(
        "开放日",
        DAY,
        start=time(8, 30),
        end=time(11, 30),
        sites=[Site(name) for name in ("便民服务中心", "水利工程", "文化站")[:sites]],
    )
    event_id = create_event(store, event, today=date(2026, 5, 1))
    ids = [
        store.people.add(
            Person(
                f"代表{index}",
                category="群众代表" if index < citizens else "人大代表",
                birth_date=date(1980, 1, 1),
            )
        )
        for index in range(people)
    ]
    store.invitations.invite_many(event_id, ids, status=INV_APPROVED)
    return event_id


def _codes(store: Store, event_id: int) -> list[str]:
    return [p.code for p in check_event_in_store(store, event_id, today=AFTER).errors]


def test_one_route_with_31_people_meets_the_site_rule(store: Store) -> None:
    event_id = _event(store)
    assert MIN_PER_SITE not in _codes(store, event_id)
    result = check_event_in_store(store, event_id, today=AFTER)
    assert result.visitors == [("便民服务中心", 31, 0), ("水利工程", 31, 0)]


def test_two_groups_of_15_and_16_one_site_each_break_it_for_both_sites(store: Store) -> None:
    event_id = _event(store)
    sites = store.events.get(event_id).sites
    first = group_service.create_group(store, event_id, "第一组", [sites[0].id or 0], "张某")
    second = group_service.create_group(store, event_id, "第二组", [sites[1].id or 0])
    invitations = [inv.id or 0 for inv, _ in store.invitations.for_event(event_id)]
    assert group_service.assign_people(store, event_id, invitations[:15], first.id) == 15
    group_service.assign_people(store, event_id, invitations[15:], second.id)

    problems = [
        p
        for p in check_event_in_store(store, event_id, today=AFTER).problems
        if p.code == MIN_PER_SITE
    ]
    assert [p.message for p in problems] == [
        "开放点“便民服务中心”当前参观15人，每个开放点至少需20人，还差5人。",
        "开放点“水利工程”当前参观16人，每个开放点至少需20人，还差4人。",
    ]
    # One route through both sites again: the problem goes.
    group_service.set_route(store, first.id or 0, [s.id or 0 for s in sites])
    group_service.set_route(store, second.id or 0, [sites[1].id or 0, sites[0].id or 0])
    assert MIN_PER_SITE not in _codes(store, event_id)
    # Deleting a group sends its people back to the route through every site.
    assert group_service.delete_group(store, second.id or 0) == 16
    assert store.groups.counts(event_id) == {first.id: 15, None: 16}


def test_citizen_share_is_judged_per_site_when_groups_differ(store: Store) -> None:
    event_id = _event(store, people=40, citizens=14)
    sites = store.events.get(event_id).sites
    citizens = group_service.create_group(store, event_id, "甲组", [sites[0].id or 0])
    others = group_service.create_group(store, event_id, "乙组", [sites[1].id or 0])
    invitations = [inv.id or 0 for inv, _ in store.invitations.for_event(event_id)]
    group_service.assign_people(store, event_id, invitations[:14], citizens.id)
    group_service.assign_people(store, event_id, invitations[14:], others.id)
    result = check_event_in_store(store, event_id, today=AFTER)
    # The whole list has 14 of 40 citizens, but the second site sees none of them.
    messages = [p.message for p in result.problems if p.code == CITIZEN_SHARE]
    assert messages == [
        "开放点“水利工程”的参观人员中群众代表应不少于总人数的三分之一：共26人，"
        "至少需9人，当前0人，还差9人。"
    ]


def test_group_rules_refuse_bad_input_and_archived_events(store: Store) -> None:
    event_id = _event(store)
    site_ids = [s.id or 0 for s in store.events.get(event_id).sites]
    group = group_service.create_group(store, event_id, "第一组")
    assert group.route == site_ids
    with pytest.raises(ValidationError, match="已经有名为"):
        group_service.create_group(store, event_id, " 第一组 ")
    with pytest.raises(ValidationError, match="至少要有一个开放点"):
        group_service.set_route(store, group.id or 0, [])
    with pytest.raises(ValidationError, match="不属于本活动"):
        group_service.set_route(store, group.id or 0, [9999])
    with pytest.raises(ValidationError, match="只能出现一次"):
        group_service.set_route(store, group.id or 0, [site_ids[0], site_ids[0]])
    change_status(store, event_id, "已归档", DAY, today=DAY)
    with pytest.raises(ValidationError, match="已归档"):
        group_service.rename_group(store, group.id or 0, "新名")
    assert store.groups.get(group.id or 0).name == "第一组"


def test_editing_the_event_keeps_sites_and_routes(store: Store) -> None:
    event_id = _event(store, sites=3)
    event = store.events.get(event_id)
    ids = [s.id for s in event.sites]
    group = group_service.create_group(store, event_id, "一组", [ids[2] or 0, ids[0] or 0])
    event.sites[0].name = "政务服务中心"
    event.sites.pop(1)  # 水利工程 goes
    update_event(store, event, today=date(2026, 5, 2))
    stored = store.events.get(event_id)
    assert [s.id for s in stored.sites] == [ids[0], ids[2]]
    assert [s.name for s in stored.sites] == ["政务服务中心", "文化站"]
    from openday_desktop.domain.groups import route_text

    assert route_text(stored, store.groups.get(group.id or 0).route) == "文化站→政务服务中心"


def test_held_event_with_citizens_absent_reports_present_citizen_share(store: Store) -> None:
    event_id = _event(store, people=31, citizens=11)
    for invitation, person in store.invitations.for_event(event_id):
        invitation.attendance = (
            ATTENDANCE_ABSENT if person.category == "群众代表" else ATTENDANCE_PRESENT
        )
        store.invitations.update(invitation)
    # Before the event is held, attendance is not judged.
    assert _codes(store, event_id) == []
    change_status(store, event_id, "已举办", DAY, today=DAY)
    result = check_event_in_store(store, event_id, today=AFTER)
    assert result.held and result.present == 20 and result.list_ok()
    assert result.present_ok() is False
    messages = {p.code: p.message for p in result.errors}
    assert set(messages) == {PRESENT_CITIZEN_SHARE}
    assert messages[PRESENT_CITIZEN_SHARE] == (
        "实到人员中群众代表应不少于总人数的三分之一：共20人，至少需7人，实到0人，还差7人。"
    )


def test_held_event_with_too_few_present_reports_present_min_per_site(store: Store) -> None:
    event_id = _event(store, people=31, citizens=11)
    entries = store.invitations.for_event(event_id)
    for invitation, _ in entries[:15]:
        invitation.attendance = ATTENDANCE_PRESENT
        store.invitations.update(invitation)
    change_status(store, event_id, "已举办", DAY, today=DAY)
    result = check_event_in_store(store, event_id, today=AFTER)
    present = [p.message for p in result.problems if p.code == PRESENT_MIN_PER_SITE]
    assert present == [
        "全部人员依次参观2个开放点（便民服务中心→水利工程），每个开放点至少需20人，"
        "实到15人，还差5人。"
    ]


def test_warnings_do_not_fail_the_check(store: Store) -> None:
    event_id = _event(store, sites=1)
    event = store.events.get(event_id)
    event.forms = ["座谈交流"]
    event.sites[0].time_slot = "09:00-11:30"
    update_event(store, event, today=date(2026, 5, 2))
    result = check_event_in_store(store, event_id, today=date(2026, 6, 10))
    warnings = {p.code: p.message for p in result.warnings}
    assert result.ok and set(warnings) == {SITE_COUNT, NOTICE_PERIOD, ROUNDTABLE_TIME}
    assert "活动有1个开放点，本单位每次活动一般安排2至4个" in warnings[SITE_COUNT]
    assert "不早于活动日期2026年6月12日" in warnings[NOTICE_PERIOD]
    assert "座谈没有时间段" in warnings[ROUNDTABLE_TIME]
    assert all(p.severity == WARNING for p in result.warnings)
    # Early enough, slots that leave time for the round-table, a site count in range.
    event.sites[0].time_slot = "09:00-10:00"
    event.sites.append(Site("文化站", time_slot="10:00-10:30"))
    update_event(store, event, today=date(2026, 5, 2))
    assert roundtable_slot(store.events.get(event_id)) == (time(10, 30), time(11, 30))
    assert check_event_in_store(store, event_id, today=date(2026, 5, 4)).warnings == []
    store.settings.set_many({"sites_min": 1, "sites_max": 1})
    warnings = {
        p.code: p.message for p in check_event_in_store(store, event_id, today=DAY).warnings
    }
    assert "本单位每次活动一般安排1个，请考虑精简开放点" in warnings[SITE_COUNT]


# --- the year ----------------------------------------------------------------------------------


def test_periods_read_what_people_write() -> None:
    assert [p.label for p in parse_periods("6月、12月")] == ["6月", "12月"]
    assert [p.label for p in parse_periods("六月，十二月份")] == ["6月", "12月"]
    assert [p.months for p in parse_periods("上半年 下半年")][1] == (7, 8, 9, 10, 11, 12)
    assert parse_periods("") == []
    with pytest.raises(ValidationError, match="不是月份或半年"):
        parse_periods("13月")


def test_march_and_april_fail_a_june_and_december_rule() -> None:
    events = [
        Event("三月", date(2026, 3, 10), status="已举办"),
        Event("四月", date(2026, 4, 10), status="已总结"),
        Event("十二月", date(2026, 12, 10), status="筹备中"),
    ]
    result = yearly_compliance(events, 2026, 2, parse_periods("6月、12月"))
    assert not result.met and result.held == 2 and result.required == 2
    assert result.missing_items() == ["6月", "12月"]
    assert result.describe() == (
        "2026年应举办2次（6月、12月各至少1次），已举办2次（3月、4月），"
        "6月、12月还没有举办（已安排1次）。"
    )
    assert yearly_compliance(events, 2026, 2).met  # a plain count is met
    june = [*events, Event("六月", date(2026, 6, 10), status="已举办")]
    assert yearly_compliance(june, 2026, 2, parse_periods("6月、12月")).missing_items() == ["12月"]


def test_cli_stats_year_shows_compliance(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    for month in (3, 4):
        event_id = create_event(
            store,
            Event(f"{month}月开放日", date(2026, month, 10), sites=[Site("中心")]),
            today=date(2026, 2, 1),
        )
        change_status(store, event_id, "已举办", date(2026, month, 10), today=date(2026, 5, 1))
    store.settings.set_many({"events_per_year": 2, "event_periods": "6月,12月"})
    assert store.settings.get("event_periods") == "6月、12月"
    assert not compliance(store, 2026).met
    store.close()
    assert main(["--db", str(db_path), "stats", "--year", "2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["compliance"]["ok"] is False
    assert data["compliance"]["held"] == 2 and data["compliance"]["required"] == 2
    assert data["compliance"]["missing"] == ["6月", "12月"]
    assert "6月、12月还没有举办" in data["compliance"]["message"]
    assert data["rules"]["held"] == 2 and data["rules"]["present_ok"] == 0
    assert main(["--db", str(db_path), "stats", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "年度要求：2026年应举办2次（6月、12月各至少1次）" in out
    assert "实到人员符合规则0次" in out
    assert main(["--db", str(db_path), "settings", "set", "event_periods", "十三月"]) == 1
    assert "不是月份或半年" in capsys.readouterr().err


# --- the command line --------------------------------------------------------------------------


def test_cli_event_status_moves_and_refuses(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    event_id = create_event(store, Event("开放日", date(2026, 3, 10)), today=date(2026, 2, 1))
    store.close()
    db = ["--db", str(db_path)]
    assert main([*db, "event", "status", str(event_id), "代表已公示", "--date", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert "已变更为“代表已公示”" in out and "“方案已报备”、“代表已公示”" in out
    # Held before the event's day: refused with the reason, nothing recorded.
    assert main([*db, "event", "status", str(event_id), "已举办", "--date", "2026-03-09"]) == 1
    assert "在此之前不能登记为“已举办”" in capsys.readouterr().err
    assert main([*db, "event", "status", str(event_id), "已开完"]) == 1
    assert "活动状态“已开完”无效" in capsys.readouterr().err
    assert main([*db, "event", "status", str(event_id), "筹备中"]) == 1
    assert "只能退回到上一步" in capsys.readouterr().err
    assert main([*db, "event", "status", "99", "已举办"]) == 1
    assert "没有编号为 99 的活动" in capsys.readouterr().err
    opened = open_store(db_path)
    try:
        assert opened.events.get(event_id).status == "代表已公示"
    finally:
        opened.close()


def test_cli_check_event_prints_warnings_apart(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    event_id = _event(store, sites=1)
    store.close()
    assert main(["--db", str(db_path), "check-event", str(event_id)]) == 0
    out = capsys.readouterr().out
    assert "符合全部规则" in out and "提醒（不影响检查结果）" in out and "SITE_COUNT" in out
    assert main(["--db", str(db_path), "check-event", str(event_id), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert {"code": "SITE_COUNT", "severity": "warning"}.items() <= data["problems"][0].items()


# --- the migration -----------------------------------------------------------------------------


def test_migrating_a_database_with_a_list_adds_groups_and_keeps_everything(
    db_path: Path,
) -> None:
    from openday_desktop.storage.connection import Database
    from openday_desktop.storage.schema import MIGRATIONS, SCHEMA_VERSION

    db = Database(db_path)
    with db.atomic():
        for migration in MIGRATIONS[:4]:
            migration(db)
        db.execute("PRAGMA user_version = 4")
        db.execute("INSERT INTO events (id, title, date) VALUES (1, '开放日', '2026-06-12')")
        for position, name in enumerate(("便民服务中心", "水利工程")):
            db.execute(
                "INSERT INTO event_sites (event_id, position, name) VALUES (1, ?, ?)",
                [position, name],
            )
        for index in range(31):
            db.execute("INSERT INTO people (id, name) VALUES (?, ?)", [index + 1, f"代表{index}"])
            db.execute(
                "INSERT INTO invitations (event_id, person_id, status, attendance) "
                "VALUES (1, ?, '审核通过', '已签到')",
                [index + 1],
            )
    db.close()

    store = open_store(db_path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        entries = store.invitations.for_event(1)
        assert len(entries) == 31 and all(inv.group_id is None for inv, _ in entries)
        assert all(inv.attendance == "已签到" for inv, _ in entries)
        assert store.groups.for_event(1) == []
        assert MIN_PER_SITE not in _codes(store, 1)
        group = group_service.create_group(store, 1, "第一组")
        group_service.assign_people(store, 1, [inv.id or 0 for inv, _ in entries[:3]], group.id)
        store.events.delete(1)
        assert store.groups.for_event(1) == []
    finally:
        store.close()


# --- documents follow the groups ---------------------------------------------------------------


def _docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_sign_in_sheets_plan_and_summary_follow_the_groups(store: Store, tmp_path: Path) -> None:
    from openday_desktop.services import documents

    store.settings.set_many(
        {
            "unit_name": "青石镇人民政府",
            "office_name": "青石镇党政办公室",
            "leading_group": "组长：王志强（镇长）",
            "contact_person": "周敏",
            "contact_phone": "0571-12345678",
        }
    )
    event_id = _event(store)
    sites = store.events.get(event_id).sites
    # Without groups each site's sheet lists everyone.
    assert len(documents.signin_sheet_rows(store, event_id, 1).rows) == 31
    first = group_service.create_group(store, event_id, "第一组", [sites[0].id or 0], "张某某")
    second = group_service.create_group(store, event_id, "第二组", [sites[1].id or 0])
    invitations = [inv.id or 0 for inv, _ in store.invitations.for_event(event_id)]
    group_service.assign_people(store, event_id, invitations[:15], first.id)
    group_service.assign_people(store, event_id, invitations[15:], second.id)
    assert len(documents.signin_sheet_rows(store, event_id, 0).rows) == 15
    assert len(documents.signin_sheet_rows(store, event_id, 1).rows) == 16
    assert len(documents.signin_sheet_rows(store, event_id).rows) == 31

    plan = _docx_text(documents.write_plan(store, event_id, tmp_path / "plan.docx"))
    assert "第一组（带队：张某某）：便民服务中心。" in plan
    assert "参观水利工程，听取情况介绍（第二组）" in plan

    for invitation, _ in store.invitations.for_event(event_id)[:25]:
        invitation.attendance = ATTENDANCE_PRESENT
        store.invitations.update(invitation)
    change_status(store, event_id, "已举办", DAY, today=DAY)
    summary = _docx_text(documents.write_summary(store, event_id, tmp_path / "s.docx", on=AFTER))
    assert "按规则对照，名单未完全符合人数和构成要求；实到人员未达到要求" in summary
    assert "便民服务中心参观人数（不少于20人）\n15人\n15人\n未达到" in summary
    assert "水利工程参观人数（不少于20人）\n16人\n10人\n未达到" in summary


def test_cli_check_event_follows_groups_and_attendance(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    event_id = _event(store, people=31, citizens=11)
    db = ["--db", str(db_path)]

    def check() -> tuple[int, Any]:
        code = main([*db, "check-event", str(event_id), "--json"])
        return code, json.loads(capsys.readouterr().out)

    # 31 people on one route through two sites: no problem.
    code, data = check()
    assert (code, data["ok"], data["problems"], data["listed"]) == (0, True, [], 31)
    # Split into 15 and 16, one site each: the per-site rule fails at both sites.
    sites = store.events.get(event_id).sites
    first = group_service.create_group(store, event_id, "第一组", [sites[0].id or 0])
    second = group_service.create_group(store, event_id, "第二组", [sites[1].id or 0])
    entries = store.invitations.for_event(event_id)
    group_service.assign_people(store, event_id, [i.id or 0 for i, _ in entries[:15]], first.id)
    group_service.assign_people(store, event_id, [i.id or 0 for i, _ in entries[15:]], second.id)
    code, data = check()
    assert code == 1 and isinstance(data["problems"], list)
    # The second site sees none of the 11 citizens (all in the first 15): its share fails too.
    assert [p["code"] for p in data["problems"]] == [
        "MIN_PER_SITE",
        "MIN_PER_SITE",
        "CITIZEN_SHARE",
    ]
    problems = data["problems"][:2]
    assert {p["severity"] for p in problems} == {"error"}
    assert "便民服务中心" in problems[0]["message"] and "15人" in problems[0]["message"]
    assert "水利工程" in problems[1]["message"] and "16人" in problems[1]["message"]

    # Back to one route; the citizens stay away; the event is marked held from the CLI.
    for group in (first, second):
        group_service.delete_group(store, group.id or 0)
    for invitation, person in store.invitations.for_event(event_id):
        invitation.attendance = (
            ATTENDANCE_ABSENT if person.category == "群众代表" else ATTENDANCE_PRESENT
        )
        store.invitations.update(invitation)
    assert main([*db, "event", "status", str(event_id), "已举办", "--date", DAY.isoformat()]) == 0
    capsys.readouterr()
    code, data = check()
    assert code == 1 and data["present"] == 20
    # A held event with no main or deputy leader recorded is also worth a look (a warning).
    assert [p["code"] for p in data["problems"]] == ["PRESENT_CITIZEN_SHARE", "NO_LEADER"]
    assert data["problems"][1]["severity"] == "warning"
    assert main([*db, "check-event", str(event_id)]) == 1
    out = capsys.readouterr().out
    assert "名单中计入 31 人，实到 20 人" in out and "实到0人，还差7人" in out


def test_site_range_setting_refuses_a_minimum_above_the_maximum(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    from openday_desktop.services.settings import save_settings

    with pytest.raises(ValidationError, match="不能大于最多个数"):
        save_settings(store, {"sites_min": 5})
    assert store.settings.get("sites_min") == 2
    assert save_settings(store, {"sites_min": 5, "sites_max": 6}) == {
        "sites_min": 5,
        "sites_max": 6,
    }
    store.close()
    assert main(["--db", str(db_path), "settings", "set", "sites_max", "3"]) == 1
    assert "不能大于最多个数" in capsys.readouterr().err


def test_notice_warning_matches_the_notice_document_period() -> None:
    from openday_desktop.domain.checks import event_warnings
    from openday_desktop.domain.workdays import WorkCalendar

    event = Event("开放日", DAY, status="代表已公示", sites=[Site("甲"), Site("乙")])
    calendar = WorkCalendar()

    def codes(published: date) -> list[str]:
        found = event_warnings(
            event, {}, calendar=calendar, published_on=published, today=published
        )
        return [p.code for p in found]

    # Friday 5 June + 5 working days ends Thursday 11 June: over before Friday's event.
    assert codes(date(2026, 6, 5)) == []
    warned = event_warnings(
        event, {}, calendar=calendar, published_on=date(2026, 6, 8), today=date(2026, 6, 8)
    )
    assert [p.code for p in warned] == [NOTICE_PERIOD]
    assert "已于2026年6月8日开始公示，要到2026年6月12日才结束" in warned[0].message
