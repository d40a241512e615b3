"""The attendee-mix rules of an event (domain.checks) and ``openday-cli check-event``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from openday_desktop.cli import main
from openday_desktop.domain.checks import (
    CITIZEN_SHARE,
    DUPLICATE_PERSON,
    MIN_PER_SITE,
    MINOR,
    NO_SITES,
    QUOTA,
    check_event_rules,
    required_share,
)
from openday_desktop.domain.models import (
    INV_APPROVED,
    INV_REGISTERED,
    INV_REJECTED,
    INV_WITHDRAWN,
    Event,
    Invitation,
    Person,
    Site,
)
from openday_desktop.storage import Store
from openday_desktop.storage.selection import check_event_in_store

EVENT_DAY = date(2026, 6, 12)


def make_id(body: str) -> str:
    """A checksum-valid 18-digit number from its first 17 digits (GB 11643, MOD 11-2)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def event(sites: int = 1) -> Event:
    return Event("开放日", EVENT_DAY, sites=[Site(f"开放点{i + 1}") for i in range(sites)], id=1)


def entries(
    *categories: str, status: str = INV_APPROVED, start: int = 1
) -> list[tuple[Invitation, Person]]:
    """One adult per category given, ids from ``start``."""
    result = []
    for offset, category in enumerate(categories):
        pid = start + offset
        person = Person(name=f"人员{pid}", category=category, birth_date=date(1980, 1, 1), id=pid)
        result.append((Invitation(event_id=1, person_id=pid, status=status, id=pid), person))
    return result


def mix(citizens: int, others: int, **kwargs: object) -> list[tuple[Invitation, Person]]:
    return entries(*(["群众代表"] * citizens + ["人大代表"] * others), **kwargs)  # type: ignore[arg-type]


def test_a_list_that_keeps_every_rule_is_ok() -> None:
    result = check_event_rules(event(1), mix(7, 13), {"人大代表": 13, "群众代表": 7}, {})
    assert result.ok, result.problems
    assert result.total == 20 and result.by_category == {"群众代表": 7, "人大代表": 13}
    assert result.to_dict() == {"ok": True, "problems": [], "listed": 20, "present": None}


def test_one_route_through_two_sites_is_not_twenty_times_two() -> None:
    # The whole list walks both sites: each site is seen by all 31 people.
    assert check_event_rules(event(2), mix(11, 20), {}, {}).ok
    result = check_event_rules(event(2), mix(6, 12), {}, {})
    assert result.codes() == [MIN_PER_SITE]
    message = result.problems[0].message
    assert "每个开放点至少需20人" in message and "当前18人" in message and "还差2人" in message
    assert "开放点1→开放点2" in message


def test_min_per_site_follows_the_setting() -> None:
    assert check_event_rules(event(2), mix(3, 4), {}, {"min_per_site": 7}).ok
    result = check_event_rules(event(2), mix(2, 4), {}, {"min_per_site": 7})
    assert result.codes() == [MIN_PER_SITE] and "至少需7人" in result.problems[0].message


def test_no_sites() -> None:
    result = check_event_rules(event(0), mix(10, 10), {}, {})
    assert result.codes() == [NO_SITES]
    assert "开放点" in result.problems[0].message


def test_citizen_share_rounds_up_to_whole_people() -> None:
    # 30 people, one third -> at least 10 群众代表.
    ok = check_event_rules(event(1), mix(10, 20), {}, {})
    assert CITIZEN_SHARE not in ok.codes()
    short = check_event_rules(event(1), mix(9, 21), {}, {})
    assert short.codes() == [CITIZEN_SHARE]
    message = short.problems[0].message
    assert "共30人" in message and "至少需10人" in message and "当前9人" in message
    # 31 people: ceil(31/3) = 11.
    assert CITIZEN_SHARE in check_event_rules(event(1), mix(10, 21), {}, {}).codes()


def test_citizen_share_setting_and_float_noise() -> None:
    assert required_share(30, 0.1) == 3  # 0.1 * 30 is 3.0000000000000004 in floats
    assert required_share(30, 1 / 3) == 10
    assert required_share(31, 0.3333) == 11
    assert required_share(0, 0.5) == 0
    result = check_event_rules(event(1), mix(10, 10), {}, {"citizen_share": 0.6})
    assert result.codes() == [CITIZEN_SHARE] and "至少需12人" in result.problems[0].message


def test_rejected_and_withdrawn_people_do_not_count() -> None:
    listed = (
        mix(7, 13)
        + entries(*["人大代表"] * 5, status=INV_REJECTED, start=100)
        + entries(*["人大代表"] * 5, status=INV_WITHDRAWN, start=200)
    )
    result = check_event_rules(event(1), listed, {"人大代表": 13}, {})
    assert result.ok and result.total == 20
    # ...but registered (not yet reviewed) people do count.
    more = listed + entries("人大代表", status=INV_REGISTERED, start=300)
    assert check_event_rules(event(1), more, {"人大代表": 13}, {}).codes() == [QUOTA]


def test_quota_not_met_and_exceeded() -> None:
    result = check_event_rules(
        event(1), mix(8, 12), {"人大代表": 10, "群众代表": 10, "媒体记者": 2, "政协委员": 0}, {}
    )
    assert result.codes() == [QUOTA, QUOTA, QUOTA]
    messages = [p.message for p in result.problems]
    assert "人大代表名额10人，当前12人，超出2人。" in messages
    assert "群众代表名额10人，当前8人，还差2人。" in messages
    assert "媒体记者名额2人，当前0人，还差2人。" in messages


def test_minor_on_the_event_date_from_birth_date_or_id_number() -> None:
    listed = mix(7, 13)
    turning_18_after = Person(name="小明", birth_date=date(2008, 6, 13), id=50)
    turning_18_on_the_day = Person(name="小红", birth_date=date(2008, 6, 12), id=51)
    from_id_only = Person(name="小刚", id_number=make_id("33068220100101001"), id=52)
    bad_checksum = Person(name="小强", id_number="330682201001010020", id=53)
    for person in (turning_18_after, turning_18_on_the_day, from_id_only, bad_checksum):
        listed.append(
            (Invitation(event_id=1, person_id=person.id or 0, status=INV_APPROVED), person)
        )
    result = check_event_rules(event(1), listed, {}, {"citizen_share": 0})
    minors = [p.message for p in result.problems if p.code == MINOR]
    assert len(minors) == 3
    assert any("小明" in m and "17周岁" in m for m in minors)
    assert any("小刚" in m and "16周岁" in m for m in minors)
    assert any("小强" in m for m in minors)  # a damaged number still tells the birth date
    assert (
        check_event_rules(event(1), listed, {}, {"citizen_share": 0, "minimum_age": 16}).codes()
        == []
    )


def test_the_same_person_or_id_number_twice() -> None:
    listed = mix(7, 13)
    twin = listed[0]
    listed.append((Invitation(event_id=1, person_id=twin[1].id or 0, status=INV_APPROVED), twin[1]))
    number = "11010519491231002X"
    listed.append(
        (Invitation(event_id=1, person_id=70), Person(name="张三", id_number=number, id=70))
    )
    listed.append(
        (Invitation(event_id=1, person_id=71), Person(name="张叁", id_number=number.lower(), id=71))
    )
    result = check_event_rules(event(1), listed, {}, {"min_per_site": 1, "citizen_share": 0})
    duplicates = [p.message for p in result.problems if p.code == DUPLICATE_PERSON]
    assert len(duplicates) == 2
    assert any("张三" in m and "张叁" in m and "002X" in m for m in duplicates)


# --- the store and the command line --------------------------------------------------------


def _event_with_list(store: Store, citizens: int, others: int) -> int:
    event_id = store.events.add(
        Event("开放日", EVENT_DAY, sites=[Site("便民服务中心"), Site("文化站")])
    )
    ids = []
    for index in range(citizens + others):
        person = Person(
            name=f"代表{index}",
            category="群众代表" if index < citizens else "人大代表",
            birth_date=date(1980, 1, 1),
        )
        ids.append(store.people.add(person))
    store.invitations.invite_many(event_id, ids, status=INV_APPROVED)
    return event_id


def test_check_event_in_store_uses_quotas_and_settings(store: Store) -> None:
    event_id = _event_with_list(store, 11, 20)
    store.events.set_quotas(event_id, {"人大代表": 20, "群众代表": 11})
    assert check_event_in_store(store, event_id).ok
    store.settings.set("min_per_site", 35)
    result = check_event_in_store(store, event_id)
    assert result.codes() == [MIN_PER_SITE] and "还差4人" in result.problems[0].message


def test_cli_check_event_json(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    event_id = _event_with_list(store, 6, 12)
    store.close()
    code = main(["--db", str(db_path), "check-event", str(event_id), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data == {
        "ok": False,
        "problems": [
            {
                "code": "MIN_PER_SITE",
                "message": "全部人员依次参观2个开放点（便民服务中心→文化站），"
                "每个开放点至少需20人，当前18人，还差2人。",
                "severity": "error",
            }
        ],
        "listed": 18,
        "present": None,
    }


def test_cli_check_event_readable_and_ok(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    event_id = _event_with_list(store, 14, 26)
    store.close()
    assert main(["--db", str(db_path), "check-event", str(event_id)]) == 0
    assert "符合全部规则" in capsys.readouterr().out
    assert main(["--db", str(db_path), "check-event", "999"]) == 1
    assert "没有编号为 999 的活动" in capsys.readouterr().err
