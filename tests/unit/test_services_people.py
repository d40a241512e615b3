"""The services for the pool, lists and attendance: their rules, and refusals change nothing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from openday_desktop.domain.errors import NotFoundError, ValidationError
from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    INV_APPROVED,
    INV_CONFIRMED,
    INV_WITHDRAWN,
    Event,
    Person,
)
from openday_desktop.services import attendance, representatives, selection
from openday_desktop.storage import Store

EVENT_DAY = date(2026, 6, 12)
ON_THE_DAY = datetime(2026, 6, 12, 10, 0)
ADULT_ID = "11010519491231002X"
MINOR_BIRTH = date(2010, 1, 1)


def snapshot(store: Store) -> dict[str, list[Any]]:
    """Every row of the tables these services write."""
    return {
        table: store.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in ("people", "invitations", "event_quotas")
    }


@pytest.fixture
def event_id(store: Store) -> int:
    with store.transaction():
        return store.events.add(Event("开放日", EVENT_DAY))


def adult(store: Store, name: str, **kwargs: Any) -> int:
    kwargs.setdefault("birth_date", date(1980, 1, 1))
    person = representatives.add_person(store, Person(name=name, **kwargs))
    assert person.id is not None
    return person.id


def invitation_ids(store: Store, event_id: int) -> dict[str, int]:
    return {person.name: inv.id or 0 for inv, person in store.invitations.for_event(event_id)}


# --- the pool ------------------------------------------------------------------------------


def test_add_person_cleans_and_refuses_a_second_holder_of_an_id_number(store: Store) -> None:
    first = representatives.add_person(store, Person(name=" 王 芳 ", id_number=ADULT_ID.lower()))
    assert first.id is not None and first.id_number == ADULT_ID and first.sex == "女"
    before = snapshot(store)
    with pytest.raises(ValidationError) as refused:
        representatives.add_person(store, Person(name="王芳芳", id_number=ADULT_ID))
    assert refused.value.field == "id_number" and "王芳" in refused.value.message
    with pytest.raises(ValidationError):
        representatives.add_person(store, Person(name="李四", phone="123"))
    assert snapshot(store) == before


def test_update_and_delete_people(store: Store, event_id: int) -> None:
    a, b = adult(store, "张三"), adult(store, "李四", id_number=ADULT_ID)
    selection.invite_people(store, event_id, [a, b])
    person = store.people.get(a)
    person.village = "青石村"
    representatives.update_person(store, person)
    assert store.people.get(a).village == "青石村"
    person.id_number = ADULT_ID  # 李四's
    before = snapshot(store)
    with pytest.raises(ValidationError):
        representatives.update_person(store, person)
    assert snapshot(store) == before
    assert representatives.delete_people(store, [a, 999]) == 1
    assert [p.name for p in store.people.list()] == ["李四"]
    assert list(invitation_ids(store, event_id)) == ["李四"]


# --- lists ---------------------------------------------------------------------------------


def test_invite_refuses_people_under_age_on_the_event_day(store: Store, event_id: int) -> None:
    a = adult(store, "张三")
    minor = adult(store, "少年", birth_date=MINOR_BIRTH)
    outcome = selection.invite_people(store, event_id, [a, minor, a, 404])
    assert outcome.added == [a]
    assert set(outcome.refused) == {minor, 404} and "未满18周岁" in outcome.refused[minor]
    again = selection.invite_people(store, event_id, [a])
    assert (again.added, again.already) == ([], [a])
    assert list(invitation_ids(store, event_id)) == ["张三"]


def test_status_change_is_all_or_none(store: Store, event_id: int) -> None:
    ids = [adult(store, name) for name in ("张三", "李四")]
    selection.invite_people(store, event_id, ids)
    listed = invitation_ids(store, event_id)
    assert selection.change_status(store, [listed["张三"]], INV_APPROVED) == 1
    before = snapshot(store)
    # 张三 may go on to 已确认? No: 已审核 must be published first; 李四 is still 已报名.
    with pytest.raises(ValidationError) as refused:
        selection.change_status(store, list(listed.values()), INV_CONFIRMED)
    assert "本次没有修改任何人的状态" in refused.value.message
    assert "张三" in refused.value.message and "李四" in refused.value.message
    assert snapshot(store) == before
    # Those already at the status are left alone and not counted.
    assert selection.change_status(store, list(listed.values()), INV_APPROVED) == 1
    with pytest.raises(NotFoundError):
        selection.change_status(store, [12345], INV_APPROVED)


def test_remarks_quotas_and_removal(store: Store, event_id: int) -> None:
    a = adult(store, "张三")
    selection.invite_people(store, event_id, [a])
    (invitation_id,) = invitation_ids(store, event_id).values()
    selection.set_review_result(store, invitation_id, "村里推荐")
    assert store.invitations.get_by_id(invitation_id).review_result == "村里推荐"
    selection.set_quotas(store, event_id, {"群众代表": 3, "人大代表": 0})
    assert store.events.quotas(event_id) == {"群众代表": 3}
    before = snapshot(store)
    with pytest.raises(ValidationError):
        selection.set_quotas(store, event_id, {"群众代表": -1})
    with pytest.raises(NotFoundError):
        selection.remove_from_list(store, [invitation_id, 999])
    assert snapshot(store) == before
    assert selection.remove_from_list(store, [invitation_id]) == 1
    assert store.invitations.for_event(event_id) == []
    assert store.people.count() == 1


# --- attendance ----------------------------------------------------------------------------


def test_many_at_once_skips_withdrawn_people_and_keeps_first_times(
    store: Store, event_id: int
) -> None:
    ids = [adult(store, name) for name in ("张三", "李四", "王五")]
    selection.invite_people(store, event_id, ids, status=INV_CONFIRMED)
    listed = invitation_ids(store, event_id)
    selection.change_status(store, [listed["王五"]], INV_WITHDRAWN)
    early = datetime(2026, 6, 12, 8, 30)
    attendance.sign_in(store, listed["张三"], now=early)
    outcome = attendance.sign_in_many(store, listed.values(), now=datetime(2026, 6, 12, 9, 0))
    assert [inv.id for inv in outcome.done] == [listed["张三"], listed["李四"]]
    assert outcome.skipped == ["王五"]
    assert store.invitations.get_by_id(listed["张三"]).signed_in_at == early
    absent = attendance.mark_absent_many(store, [listed["李四"]], now=ON_THE_DAY)
    assert absent.done[0].attendance == ATTENDANCE_ABSENT
    cleared = attendance.clear_attendance_many(store, listed.values(), now=ON_THE_DAY)
    assert len(cleared.done) == 3
    assert all(not inv.attendance for inv, _ in store.invitations.for_event(event_id))
    before = snapshot(store)
    with pytest.raises(ValidationError):
        attendance.sign_in(store, listed["王五"])
    assert snapshot(store) == before


def test_walk_in_known_by_name_and_phone_gets_the_typed_id_number(
    store: Store, event_id: int
) -> None:
    known = adult(store, "王芳", phone="13800138000", birth_date=None)
    at = datetime(2026, 6, 12, 8, 45)
    typed = Person(name="王芳", phone="138 0013 8000", id_number=ADULT_ID)
    walk_in = attendance.register_walk_in(store, event_id, typed, now=at)
    invitation = walk_in.invitation
    assert walk_in.pool_changed  # the ID number was added to the pool record
    assert invitation.person_id == known and invitation.walk_in
    assert (invitation.attendance, invitation.signed_in_at) == (ATTENDANCE_PRESENT, at)
    stored = store.people.get(known)
    assert stored.id_number == ADULT_ID and stored.birth_date == date(1949, 12, 31)
    assert store.people.count() == 1
    # Again at the desk: already on the list, simply signed in (no second record).
    again = attendance.register_walk_in(
        store, event_id, Person(name="王芳", id_number=ADULT_ID), now=ON_THE_DAY
    )
    assert again.invitation.id == invitation.id and store.people.count() == 1
    assert not again.pool_changed


def test_walk_in_refusals_change_nothing(store: Store, event_id: int) -> None:
    adult(store, "王芳", id_number=ADULT_ID)
    adult(store, "少年", phone="13900139000", birth_date=MINOR_BIRTH)
    before = snapshot(store)
    with pytest.raises(ValidationError) as other_name:
        attendance.add_walk_in(
            store, event_id, Person(name="李四", id_number=ADULT_ID), now=ON_THE_DAY
        )
    assert other_name.value.field == "id_number" and "王芳" in other_name.value.message
    with pytest.raises(ValidationError) as too_young:
        attendance.add_walk_in(
            store, event_id, Person(name="少年", phone="13900139000"), now=ON_THE_DAY
        )
    assert too_young.value.field == "birth_date" and "少年" in too_young.value.message
    with pytest.raises(ValidationError):
        attendance.add_walk_in(
            store, event_id, Person(name="", phone="13700137000"), now=ON_THE_DAY
        )
    assert snapshot(store) == before
