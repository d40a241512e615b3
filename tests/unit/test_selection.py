"""Selecting people for an event: inviting, status steps, sign-in lookup, sign-in, walk-ins."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    INV_APPROVED,
    INV_CONFIRMED,
    INV_PUBLISHED,
    INV_REGISTERED,
    INV_REJECTED,
    INV_WITHDRAWN,
    Event,
    Invitation,
    Person,
    Site,
)
from openday_desktop.domain.selection import check_status_change, find_for_signin, next_statuses
from openday_desktop.services.attendance import (
    add_walk_in,
    clear_attendance,
    mark_absent,
    sign_in,
)
from openday_desktop.services.selection import change_status, invite_people
from openday_desktop.storage import Store

EVENT_DAY = date(2026, 6, 12)
ON_THE_DAY = datetime(2026, 6, 12, 10, 0)


def make_id(body: str) -> str:
    """A checksum-valid 18-digit number from its first 17 digits (GB 11643, MOD 11-2)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


@pytest.fixture
def event_id(store: Store) -> int:
    return store.events.add(Event("开放日", EVENT_DAY, sites=[Site("便民服务中心")]))


def add(store: Store, name: str, **kwargs: object) -> int:
    kwargs.setdefault("birth_date", date(1980, 1, 1))
    return store.people.add(Person(name=name, **kwargs))  # type: ignore[arg-type]


# --- status steps --------------------------------------------------------------------------


def test_the_selection_path_and_its_detours() -> None:
    path = [INV_REGISTERED, INV_APPROVED, INV_PUBLISHED, INV_CONFIRMED]
    for old, new in zip(path, path[1:], strict=False):
        check_status_change(old, new)
    check_status_change(INV_REGISTERED, INV_REJECTED)
    check_status_change(INV_REJECTED, INV_APPROVED)  # review reconsidered
    check_status_change(INV_CONFIRMED, INV_WITHDRAWN)
    check_status_change(INV_WITHDRAWN, INV_REGISTERED)
    check_status_change(INV_APPROVED, INV_APPROVED)  # no change is fine
    assert INV_PUBLISHED in next_statuses(INV_APPROVED)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (INV_REGISTERED, INV_CONFIRMED),
        (INV_REGISTERED, INV_PUBLISHED),
        (INV_REJECTED, INV_PUBLISHED),
        (INV_WITHDRAWN, INV_CONFIRMED),
    ],
)
def test_skipping_steps_is_refused_with_the_way_forward(old: str, new: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_status_change(old, new)
    assert caught.value.field == "status"
    assert old in caught.value.message and new in caught.value.message
    assert "现在可以改为" in caught.value.message


def test_unknown_status_is_refused() -> None:
    with pytest.raises(ValidationError):
        check_status_change(INV_REGISTERED, "待定")


# --- inviting ------------------------------------------------------------------------------


def test_invite_many_at_once_each_person_once(store: Store, event_id: int) -> None:
    a, b, c = (add(store, n) for n in ("张三", "李四", "王五"))
    minor = add(store, "小明", birth_date=date(2009, 1, 1))
    first = invite_people(store, event_id, [a, b, a])
    assert first.added == [a, b] and first.already == [] and first.refused == {}
    second = invite_people(store, event_id, [b, c, minor, 9999])
    assert second.added == [c]
    assert second.already == [b]
    assert set(second.refused) == {minor, 9999}
    assert "未满18周岁" in second.refused[minor]
    assert "加入名单1人" in second.summary()
    listed = store.invitations.for_event(event_id)
    assert [p.id for _, p in listed] == [a, b, c]
    assert {inv.status for inv, _ in listed} == {INV_REGISTERED}


def test_change_status_is_all_or_nothing(store: Store, event_id: int) -> None:
    a, b = add(store, "张三"), add(store, "李四")
    invite_people(store, event_id, [a, b])
    (inv_a, _), (inv_b, _) = store.invitations.for_event(event_id)
    assert change_status(store, [inv_a.id or 0, inv_b.id or 0], INV_APPROVED, "符合条件") == 2
    assert change_status(store, [inv_a.id or 0], INV_PUBLISHED) == 1
    # b is only approved: publishing-then-confirming both must fail for both.
    with pytest.raises(ValidationError):
        change_status(store, [inv_a.id or 0, inv_b.id or 0], INV_CONFIRMED)
    statuses = {
        p.name: (inv.status, inv.review_result) for inv, p in store.invitations.for_event(event_id)
    }
    assert statuses == {"张三": (INV_PUBLISHED, "符合条件"), "李四": (INV_APPROVED, "符合条件")}
    with pytest.raises(NotFoundError):
        change_status(store, [12345], INV_APPROVED)


# --- sign-in lookup ------------------------------------------------------------------------


def _entries() -> list[tuple[Invitation, Person]]:
    people = [
        Person(name="王芳", phone="13800135678", id_number=make_id("33068219920304002"), id=1),
        Person(name="王富贵", phone="13900001111", id=2),
        Person(name="汪峰", phone="0475-1235678", id=3),
        Person(name="李伟", phone="13700002222", id=4),
        Person(name="张王芳", phone="13600003333", id=5),
    ]
    entries = [(Invitation(1, p.id or 0, status=INV_CONFIRMED, id=p.id), p) for p in people]
    entries[3][0].status = INV_REJECTED
    return entries


def _names(found: list[tuple[Invitation, Person]]) -> list[str]:
    return [p.name for _, p in found]


def test_signin_by_pinyin_initials_and_name() -> None:
    entries = _entries()
    assert _names(find_for_signin(entries, "wf")) == ["王芳", "汪峰", "王富贵"]
    assert _names(find_for_signin(entries, "WF")) == ["王芳", "汪峰", "王富贵"]
    assert _names(find_for_signin(entries, "王芳")) == ["王芳", "张王芳"]
    assert _names(find_for_signin(entries, "wangf")) == ["王芳", "王富贵", "汪峰", "张王芳"]
    assert _names(find_for_signin(entries, "zwf")) == ["张王芳"]


def test_signin_by_the_last_digits_of_the_phone() -> None:
    entries = _entries()
    assert _names(find_for_signin(entries, "5678")) == ["王芳", "汪峰"]
    assert _names(find_for_signin(entries, "1111")) == ["王富贵"]
    assert find_for_signin(entries, "12") == []  # too few digits to mean anything
    assert find_for_signin(entries, "  ") == []


def test_signin_lookup_skips_rejected_people_unless_asked() -> None:
    entries = _entries()
    assert find_for_signin(entries, "lw") == []
    assert _names(find_for_signin(entries, "lw", include_inactive=True)) == ["李伟"]


# --- sign-in and walk-ins ------------------------------------------------------------------


def test_sign_in_keeps_the_first_time_and_absent_clears_it(store: Store, event_id: int) -> None:
    a = add(store, "张三")
    invite_people(store, event_id, [a], status=INV_CONFIRMED)
    ((invitation, _),) = store.invitations.for_event(event_id)
    first = sign_in(store, invitation.id or 0, now=datetime(2026, 6, 12, 8, 31, 5, 999))
    assert first.attendance == ATTENDANCE_PRESENT
    assert first.signed_in_at == datetime(2026, 6, 12, 8, 31, 5)
    sign_in(store, invitation.id or 0, now=datetime(2026, 6, 12, 9, 0))
    ((stored, _),) = store.invitations.for_event(event_id)
    assert stored.signed_in_at == datetime(2026, 6, 12, 8, 31, 5)
    mark_absent(store, invitation.id or 0, now=ON_THE_DAY)
    ((stored, _),) = store.invitations.for_event(event_id)
    assert (stored.attendance, stored.signed_in_at) == (ATTENDANCE_ABSENT, None)
    clear_attendance(store, invitation.id or 0, now=ON_THE_DAY)
    assert store.invitations.get_by_id(invitation.id or 0).attendance == ""


def test_rejected_people_cannot_sign_in(store: Store, event_id: int) -> None:
    a = add(store, "张三")
    invite_people(store, event_id, [a], status=INV_REJECTED)
    ((invitation, _),) = store.invitations.for_event(event_id)
    with pytest.raises(ValidationError) as caught:
        sign_in(store, invitation.id or 0)
    assert "未通过" in caught.value.message and "张三" in caught.value.message


def test_walk_in_new_person_is_stored_invited_and_signed_in(store: Store, event_id: int) -> None:
    at = datetime(2026, 6, 12, 8, 45)
    walk_in = Person(name="赵 六", phone="138 0013 8000", id_number=make_id("33068219800512001"))
    invitation = add_walk_in(store, event_id, walk_in, now=at)
    ((stored, person),) = store.invitations.for_event(event_id)
    assert stored.id == invitation.id
    assert (stored.walk_in, stored.attendance, stored.signed_in_at) == (
        True,
        ATTENDANCE_PRESENT,
        at,
    )
    assert stored.status == INV_CONFIRMED
    assert (person.name, person.phone, person.birth_date) == (
        "赵六",
        "13800138000",
        date(1980, 5, 12),
    )
    # The same ID number again: the pool record is reused, no second person, no second line.
    add_walk_in(
        store, event_id, Person(name="赵六", id_number=make_id("33068219800512001")), now=at
    )
    assert store.people.count() == 1 and len(store.invitations.for_event(event_id)) == 1


def test_walk_in_existing_person_and_refusals(store: Store, event_id: int) -> None:
    a = add(store, "张三")
    add_walk_in(store, event_id, a, now=ON_THE_DAY)
    ((invitation, _),) = store.invitations.for_event(event_id)
    assert invitation.walk_in and invitation.attendance == ATTENDANCE_PRESENT
    minor = Person(name="小明", id_number=make_id("33068220100101001"))
    with pytest.raises(ValidationError) as caught:
        add_walk_in(store, event_id, minor, now=ON_THE_DAY)
    assert "未满18周岁" in caught.value.message
    with pytest.raises(ValidationError):
        add_walk_in(store, event_id, Person(name="", phone="123"), now=ON_THE_DAY)
    # Nothing of the refused walk-ins was stored.
    assert store.people.count() == 1
    assert len(store.invitations.for_event(event_id)) == 1


def test_a_status_change_of_many_is_a_few_statements(store: Store, event_id: int) -> None:
    """1,200 people move with one light read and one UPDATE per 500 ids, none per row."""
    ids = store.people.add_many(
        [Person(name=f"代表{n}", birth_date=date(1980, 1, 1)) for n in range(1200)]
    )
    store.invitations.invite_many(event_id, ids, status=INV_REGISTERED)
    invitation_ids = [inv.id or 0 for inv, _ in store.invitations.for_event(event_id)]
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        assert change_status(store, invitation_ids, INV_APPROVED) == 1200
    finally:
        store.db.conn.set_trace_callback(None)
    # (SQLite's trace repeats a statement for its per-row sub-steps: count distinct texts.)
    updates = {s for s in statements if s.lstrip().upper().startswith("UPDATE")}
    assert len(updates) == 3
    assert not [s for s in statements if "FROM people" in s]  # no per-person reads
    assert {inv.status for inv, _ in store.invitations.for_event(event_id)} == {INV_APPROVED}


def test_a_refused_step_of_many_names_a_few_and_changes_nobody(store: Store, event_id: int) -> None:
    ids = store.people.add_many(
        [Person(name=f"代表{n}", birth_date=date(1980, 1, 1)) for n in range(20)]
    )
    store.invitations.invite_many(event_id, ids, status=INV_REGISTERED)
    invitation_ids = [inv.id or 0 for inv, _ in store.invitations.for_event(event_id)]
    change_status(store, invitation_ids[:1], INV_APPROVED)
    with pytest.raises(ValidationError) as refused:
        change_status(store, invitation_ids, INV_PUBLISHED)
    message = refused.value.message
    assert "19 人不能改为“已公示”" in message and "代表1：" in message and "……共 19 人" in message
    statuses = [inv.status for inv, _ in store.invitations.for_event(event_id)]
    assert statuses.count(INV_APPROVED) == 1 and statuses.count(INV_REGISTERED) == 19
