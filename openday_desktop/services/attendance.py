"""The day itself: signing people in, marking them absent, undoing either, and walk-ins.

A walk-in (现场报名) is matched against the pool with ``domain.matching.match_person``, the same
rule the roster import uses, so the desk never adds someone the pool already holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from openday_desktop.domain.checks import birth_date_of
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.matching import match_person
from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    INV_CONFIRMED,
    Invitation,
    Person,
    saved_id,
)
from openday_desktop.domain.selection import check_can_attend
from openday_desktop.domain.validation import check_age, require_valid_person
from openday_desktop.storage.database import Store

WALK_IN_REMARK = "现场报名"


def _stamp(now: datetime | None) -> datetime:
    return (now or datetime.now()).replace(microsecond=0)


def _signed_in(invitation: Invitation, when: datetime) -> bool:
    """Mark present at ``when`` unless already present with a time; True when it changed."""
    if invitation.attendance == ATTENDANCE_PRESENT and invitation.signed_in_at is not None:
        return False
    invitation.attendance = ATTENDANCE_PRESENT
    invitation.signed_in_at = when
    return True


def _absent(invitation: Invitation, when: datetime) -> bool:
    invitation.attendance = ATTENDANCE_ABSENT
    invitation.signed_in_at = None
    return True


def _cleared(invitation: Invitation, when: datetime) -> bool:
    if not invitation.attendance and invitation.signed_in_at is None:
        return False
    invitation.attendance = ""
    invitation.signed_in_at = None
    return True


@dataclass
class AttendanceOutcome:
    """Invitations recorded, and the names of people skipped (rejected or withdrawn)."""

    done: list[Invitation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _record(
    store: Store,
    invitation_ids: Iterable[int],
    change: Callable[[Invitation, datetime], bool],
    now: datetime | None,
    *,
    active_only: bool,
) -> AttendanceOutcome:
    when = _stamp(now)
    outcome = AttendanceOutcome()
    changed: list[Invitation] = []
    for invitation_id in dict.fromkeys(invitation_ids):
        invitation = store.invitations.get_by_id(invitation_id)
        if active_only and not invitation.is_active:
            outcome.skipped.append(store.people.get(invitation.person_id).name)
            continue
        if change(invitation, when):
            changed.append(invitation)
        outcome.done.append(invitation)
    with store.transaction():
        for invitation in changed:
            store.invitations.update(invitation)
    return outcome


def sign_in_many(
    store: Store, invitation_ids: Iterable[int], *, now: datetime | None = None
) -> AttendanceOutcome:
    """Mark people present now; those already present keep their first time.

    Rejected and withdrawn people are skipped and named in the outcome.
    """
    return _record(store, invitation_ids, _signed_in, now, active_only=True)


def mark_absent_many(store: Store, invitation_ids: Iterable[int]) -> AttendanceOutcome:
    """Mark people absent (缺席); rejected and withdrawn people are skipped."""
    return _record(store, invitation_ids, _absent, None, active_only=True)


def clear_attendance_many(store: Store, invitation_ids: Iterable[int]) -> AttendanceOutcome:
    """Undo a sign-in or an absence (a click on the wrong row)."""
    return _record(store, invitation_ids, _cleared, None, active_only=False)


def sign_in(store: Store, invitation_id: int, *, now: datetime | None = None) -> Invitation:
    """Sign one person in; a rejected or withdrawn person is refused with the reason."""
    invitation = store.invitations.get_by_id(invitation_id)
    check_can_attend(invitation, store.people.get(invitation.person_id).name)
    if _signed_in(invitation, _stamp(now)):
        with store.transaction():
            store.invitations.update(invitation)
    return invitation


def mark_absent(store: Store, invitation_id: int) -> Invitation:
    """Mark one person absent; a rejected or withdrawn person is refused with the reason."""
    invitation = store.invitations.get_by_id(invitation_id)
    check_can_attend(invitation, store.people.get(invitation.person_id).name)
    _absent(invitation, _stamp(None))
    with store.transaction():
        store.invitations.update(invitation)
    return invitation


def clear_attendance(store: Store, invitation_id: int) -> Invitation:
    """Undo one sign-in or absence."""
    return clear_attendance_many(store, [invitation_id]).done[0]


@dataclass
class WalkIn:
    """A registered walk-in, and whether the pool changed (a person added or completed)."""

    invitation: Invitation
    pool_changed: bool


def add_walk_in(
    store: Store, event_id: int, person: Person | int, *, now: datetime | None = None
) -> Invitation:
    """``register_walk_in``, for callers that need only the invitation."""
    return register_walk_in(store, event_id, person, now=now).invitation


def register_walk_in(
    store: Store, event_id: int, person: Person | int, *, now: datetime | None = None
) -> WalkIn:
    """Someone who turns up without being on the list: put them on it and sign them in.

    ``person`` is a pool id or the Person typed at the desk. A typed person is validated
    (name, phone, ID number, old enough on the event day) and matched against the pool
    (``domain.matching``): a match is reused (and given the typed ID number when the pool
    record had none), otherwise the person is added. Someone already on the list is simply
    signed in. Raises ValidationError (with the field to fix) and changes nothing when refused.
    """
    event = store.events.get(event_id)
    minimum_age = int(store.settings.get("minimum_age"))
    when = _stamp(now)
    new_person: Person | None = None
    completed: Person | None = None
    if isinstance(person, int) or person.id is not None:
        stored = store.people.get(person if isinstance(person, int) else saved_id(person))
    else:
        # The age on the event day is checked below, with the name, for pool people too.
        cleaned = require_valid_person(person)
        match = match_person(cleaned, store.people.lookup())
        if match is None:
            cleaned.id = None
            stored = new_person = cleaned
        else:
            stored = store.people.get(match.person_id)
            if match.by == "id_number" and stored.name != cleaned.name:
                raise ValidationError(
                    "id_number",
                    f"这个身份证号在代表库中登记的是“{stored.name}”，与填写的姓名"
                    f"“{cleaned.name}”不一致。是本人请把姓名改为“{stored.name}”，"
                    "否则请核对身份证号。",
                )
            if cleaned.id_number and not stored.id_number:
                # Known by name and phone; the desk now has the ID number to complete it.
                stored.id_number = cleaned.id_number
                stored.birth_date = cleaned.birth_date
                stored.sex = cleaned.sex
                completed = stored
    too_young = check_age(birth_date_of(stored), event.date, minimum_age)
    if too_young:
        raise ValidationError("birth_date", f"{stored.name}：{too_young}")
    invitation = store.invitations.get(event_id, stored.id) if stored.id is not None else None
    if invitation is not None:
        check_can_attend(invitation, stored.name)
    with store.transaction():
        if new_person is not None:
            store.people.add(new_person)
        if completed is not None:
            store.people.update(completed)
        assert stored.id is not None
        if invitation is None:
            invitation = Invitation(
                event_id=event_id,
                person_id=stored.id,
                status=INV_CONFIRMED,
                review_result=WALK_IN_REMARK,
                attendance=ATTENDANCE_PRESENT,
                signed_in_at=when,
                walk_in=True,
            )
            store.invitations.invite(invitation)
        elif invitation.attendance != ATTENDANCE_PRESENT:
            invitation.attendance = ATTENDANCE_PRESENT
            invitation.signed_in_at = when
            store.invitations.update(invitation)
    return WalkIn(invitation, new_person is not None or completed is not None)
