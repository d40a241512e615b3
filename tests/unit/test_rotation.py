"""Fair rotation: attendance history and "按配额推荐" proposals."""

from __future__ import annotations

from datetime import date, datetime

from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    INV_APPROVED,
    INV_REJECTED,
    Event,
    Invitation,
    Person,
    Site,
)
from openday_desktop.domain.rotation import (
    AttendanceRecord,
    build_history,
    open_quotas,
    recommend,
)
from openday_desktop.storage import Store
from openday_desktop.storage.selection import attendance_history, recommend_for_event

EVENT_DAY = date(2026, 6, 12)
ADULT = date(1980, 1, 1)


def person(pid: int, category: str = "群众代表", birth: date | None = ADULT, **kw: str) -> Person:
    return Person(name=f"人员{pid}", category=category, birth_date=birth, id=pid, **kw)


def test_history_counts_only_signed_in_attendance() -> None:
    rows = [
        (1, date(2024, 6, 1), ATTENDANCE_PRESENT),
        (1, date(2025, 6, 1), ATTENDANCE_PRESENT),
        (1, date(2025, 12, 1), ATTENDANCE_ABSENT),
        (2, date(2023, 6, 1), ""),
        (3, date(2025, 12, 1), ATTENDANCE_PRESENT),
    ]
    history = build_history(rows)
    assert history[1] == AttendanceRecord(1, 2, date(2025, 6, 1))
    assert 2 not in history  # invited but never came
    assert history[3].last_attended == date(2025, 12, 1)
    assert build_history(rows, before=date(2025, 12, 1))[1].events_attended == 2
    assert 3 not in build_history(rows, before=date(2025, 12, 1))


def test_open_quotas_subtract_people_already_listed() -> None:
    listed = [person(1), person(2), person(3, "人大代表")]
    assert open_quotas({"群众代表": 5, "人大代表": 1, "媒体记者": 2}, listed) == {
        "群众代表": 3,
        "媒体记者": 2,
    }


def test_recommend_prefers_least_recent_then_fewest_times() -> None:
    pool = [person(i) for i in range(1, 7)]
    history = {
        1: AttendanceRecord(1, 1, date(2025, 12, 1)),  # came recently
        2: AttendanceRecord(2, 3, date(2024, 6, 1)),  # long ago, often
        3: AttendanceRecord(3, 1, date(2024, 6, 1)),  # long ago, once
        4: AttendanceRecord(4, 2, date(2025, 6, 1)),
        # 5 and 6 never came
    }
    proposal = recommend(pool, history, {"群众代表": 4}, [], EVENT_DAY, 18)
    assert proposal == {"群众代表": [5, 6, 3, 2]}


def test_recommend_never_proposes_minors_unknown_ages_or_listed_people() -> None:
    pool = [
        person(1),
        person(2, birth=date(2008, 6, 13)),  # 17 on the event day
        person(3, birth=date(2008, 6, 12)),  # 18 on the event day
        person(4, birth=None),  # age unknown: not proposed
        person(5, birth=None, id_number="11010519491231002X"),  # age from the ID number
        person(6),
        person(7, "人大代表"),
    ]
    already = [person(6)]
    proposal = recommend(pool, {}, {"群众代表": 10, "人大代表": 1}, already, EVENT_DAY, 18)
    assert proposal == {"群众代表": [1, 3, 5], "人大代表": [7]}


def test_recommend_fills_only_what_is_open() -> None:
    pool = [person(i) for i in range(1, 10)]
    already = [person(1), person(2)]
    assert recommend(pool, {}, {"群众代表": 4}, already, EVENT_DAY, 18) == {"群众代表": [3, 4]}
    assert recommend(pool, {}, {"群众代表": 2}, already, EVENT_DAY, 18) == {}
    assert recommend(pool, {}, {}, [], EVENT_DAY, 18) == {}


def test_recommend_for_event_in_the_store(store: Store) -> None:
    past = store.events.add(Event("上次", date(2025, 12, 1), sites=[Site("a")]))
    older = store.events.add(Event("上上次", date(2025, 6, 1), sites=[Site("a")]))
    upcoming = store.events.add(Event("本次", EVENT_DAY, sites=[Site("a")]))
    ids = [store.people.add(Person(name=f"代表{i}", birth_date=ADULT)) for i in range(6)]
    minor = store.people.add(Person(name="少年", birth_date=date(2010, 1, 1)))
    came = datetime(2025, 12, 1, 8, 30)
    store.invitations.invite(
        Invitation(past, ids[0], attendance=ATTENDANCE_PRESENT, signed_in_at=came)
    )
    store.invitations.invite(Invitation(older, ids[1], attendance=ATTENDANCE_PRESENT))
    store.invitations.invite(Invitation(older, ids[2], attendance=ATTENDANCE_ABSENT))
    store.invitations.invite(Invitation(upcoming, ids[3], status=INV_APPROVED))
    store.invitations.invite(Invitation(upcoming, ids[4], status=INV_REJECTED))
    store.events.set_quotas(upcoming, {"群众代表": 4})

    history = attendance_history(store)
    assert history[ids[0]].last_attended == date(2025, 12, 1)
    assert ids[2] not in history

    proposal = recommend_for_event(store, upcoming)
    # 3 open places (one approved person already counts); the rejected person is not
    # proposed again, the minor never; never-attended first, then the longest ago.
    assert proposal == {"群众代表": [ids[2], ids[5], ids[1]]}
    assert minor not in proposal["群众代表"]
