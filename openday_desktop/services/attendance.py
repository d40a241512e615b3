"""The day itself: signing people in, marking them absent, undoing either, and walk-ins.

A walk-in (现场报名) is matched against the pool with ``domain.matching.match_person``, the same
rule the roster import uses, so the desk never adds someone the pool already holds.

When: attendance is recorded on the event's day (``domain.lifecycle.attendance_refusal``).
A future event refuses it. For a past event it is a 补录 (``backfill=True``): the invitation
is stamped with who entered it (the operating-system user) and when, and a sign-in gets no
time of day (nobody knows it any more; today's clock would be false). An archived event
refuses every change (``services.record``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from openday_desktop.domain.checks import birth_date_of
from openday_desktop.domain.dates import chinese_date
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.lifecycle import attendance_refusal
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
from openday_desktop.services.record import require_open_record
from openday_desktop.storage.audit import os_user
from openday_desktop.storage.database import Store

WALK_IN_REMARK = "现场报名"


def _stamp(now: datetime | None) -> datetime:
    return (now or datetime.now()).replace(microsecond=0)


@dataclass(frozen=True)
class _When:
    """The moment of recording and whether it is a 补录 (a past event's attendance)."""

    at: datetime
    backfill: bool


def _require_attendance_day(
    store: Store, event_ids: Iterable[int], now: datetime | None, backfill: bool
) -> _When:
    """Check every event's record is open and today allows it; the stamp to record."""
    when = _stamp(now)
    late = False
    for event_id in dict.fromkeys(event_ids):
        event = require_open_record(store, event_id, "修改签到记录")
        refusal = attendance_refusal(event, when.date(), backfill=backfill)
        if refusal is not None:
            raise ValidationError("event", refusal)
        late = late or event.date < when.date()
    return _When(when, late)


ON_THE_DAY = "day"
BACKFILL = "backfill"


def attendance_mode(store: Store, event_id: int, *, today: date | None = None) -> str:
    """How attendance may be recorded for the event today: ``ON_THE_DAY`` or ``BACKFILL``.

    Raises the refusal (archived, or a future event) so a window can say it before opening
    the sign-in desk; ``BACKFILL`` means the window must ask the clerk to confirm a 补录.
    """
    today = today or date.today()
    event = require_open_record(store, event_id, "修改签到记录")
    refusal = attendance_refusal(event, today, backfill=True)
    if refusal is not None:
        raise ValidationError("event", refusal)
    return BACKFILL if event.date < today else ON_THE_DAY


def backfill_note(event_date: date) -> str:
    """The question a window asks before a 补录 (who and when are recorded)."""
    return (
        f"这次活动已于{chinese_date(event_date)}举办，现在登记的签到或缺席属于“补录”。"
        f"补录会记下补录人（{os_user()}）和补录时间，签到不记具体时刻。继续补录吗？"
    )


def _stamped(invitation: Invitation, when: _When) -> None:
    """Who entered a 补录 and when; a same-day entry leaves the stamp as it was."""
    if when.backfill:
        invitation.recorded_by = os_user()
        invitation.recorded_at = when.at


def _signed_in(invitation: Invitation, when: _When) -> bool:
    """Mark present at ``when`` unless already present; True when it changed.

    A 补录 records no time of day: the real one is not known.
    """
    if invitation.attendance == ATTENDANCE_PRESENT and (
        invitation.signed_in_at is not None or when.backfill
    ):
        return False
    invitation.attendance = ATTENDANCE_PRESENT
    invitation.signed_in_at = None if when.backfill else when.at
    return True


def _absent(invitation: Invitation, when: _When) -> bool:
    if invitation.attendance == ATTENDANCE_ABSENT:
        return False
    invitation.attendance = ATTENDANCE_ABSENT
    invitation.signed_in_at = None
    return True


def _cleared(invitation: Invitation, when: _When) -> bool:
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
    change: Callable[[Invitation, _When], bool],
    now: datetime | None,
    *,
    active_only: bool,
    backfill: bool,
) -> AttendanceOutcome:
    invitations = store.invitations.get_many_by_id(dict.fromkeys(invitation_ids))
    when = _require_attendance_day(store, (inv.event_id for inv in invitations), now, backfill)
    outcome = AttendanceOutcome()
    changed: list[Invitation] = []
    inactive = [inv.person_id for inv in invitations if active_only and not inv.is_active]
    names = {pid: person.name for pid, person in store.people.get_many(inactive).items()}
    for invitation in invitations:
        if active_only and not invitation.is_active:
            outcome.skipped.append(names.get(invitation.person_id, ""))
            continue
        if change(invitation, when):
            _stamped(invitation, when)
            changed.append(invitation)
        outcome.done.append(invitation)
    with store.transaction():
        for invitation in changed:
            store.invitations.update(invitation)
    return outcome


def sign_in_many(
    store: Store,
    invitation_ids: Iterable[int],
    *,
    now: datetime | None = None,
    backfill: bool = False,
) -> AttendanceOutcome:
    """Mark people present now; those already present keep their first time.

    Rejected and withdrawn people are skipped and named in the outcome. On a past event
    this needs ``backfill`` (补录); a future event is refused.
    """
    return _record(store, invitation_ids, _signed_in, now, active_only=True, backfill=backfill)


def mark_absent_many(
    store: Store,
    invitation_ids: Iterable[int],
    *,
    now: datetime | None = None,
    backfill: bool = False,
) -> AttendanceOutcome:
    """Mark people absent (缺席); rejected and withdrawn people are skipped."""
    return _record(store, invitation_ids, _absent, now, active_only=True, backfill=backfill)


def clear_attendance_many(
    store: Store,
    invitation_ids: Iterable[int],
    *,
    now: datetime | None = None,
    backfill: bool = False,
) -> AttendanceOutcome:
    """Undo a sign-in or an absence (a click on the wrong row)."""
    return _record(store, invitation_ids, _cleared, now, active_only=False, backfill=backfill)


def sign_in(
    store: Store, invitation_id: int, *, now: datetime | None = None, backfill: bool = False
) -> Invitation:
    """Sign one person in; a rejected or withdrawn person is refused with the reason."""
    invitation = store.invitations.get_by_id(invitation_id)
    check_can_attend(invitation, store.people.get(invitation.person_id).name)
    return sign_in_many(store, [invitation_id], now=now, backfill=backfill).done[0]


def mark_absent(
    store: Store, invitation_id: int, *, now: datetime | None = None, backfill: bool = False
) -> Invitation:
    """Mark one person absent; a rejected or withdrawn person is refused with the reason."""
    invitation = store.invitations.get_by_id(invitation_id)
    check_can_attend(invitation, store.people.get(invitation.person_id).name)
    return mark_absent_many(store, [invitation_id], now=now, backfill=backfill).done[0]


def clear_attendance(
    store: Store, invitation_id: int, *, now: datetime | None = None, backfill: bool = False
) -> Invitation:
    """Undo one sign-in or absence."""
    return clear_attendance_many(store, [invitation_id], now=now, backfill=backfill).done[0]


@dataclass
class PeopleAttendance:
    """What ``record_for_people`` did: changed names, names unchanged, names skipped."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    backfill: bool = False


def record_for_people(
    store: Store,
    event_id: int,
    person_ids: Iterable[int],
    attendance: str,
    *,
    now: datetime | None = None,
    backfill: bool = False,
) -> PeopleAttendance:
    """Record attendance by pool id (the command line): ``attendance`` is 已签到, 缺席 or ''.

    Everyone named must be on the event's list (NotFoundError-like ValidationError naming
    those who are not); then it is the same as ``sign_in_many`` and its siblings.
    """
    store.events.get(event_id)
    ids = list(dict.fromkeys(person_ids))
    invitations: list[Invitation] = []
    missing: list[str] = []
    for person_id in ids:
        invitation = store.invitations.get(event_id, person_id)
        if invitation is None:
            missing.append(str(person_id))
        else:
            invitations.append(invitation)
    if missing:
        raise ValidationError(
            "person_id",
            f"编号为 {'、'.join(missing)} 的人员不在这个活动的名单中，本次没有登记任何人。"
            "请先把他们加入名单，或核对编号（openday-cli list reps --event 活动编号）。",
        )
    before = {inv.id: (inv.attendance, inv.signed_in_at) for inv in invitations}
    change = {
        ATTENDANCE_PRESENT: sign_in_many,
        ATTENDANCE_ABSENT: mark_absent_many,
        "": clear_attendance_many,
    }[attendance]
    outcome = change(store, [inv.id or 0 for inv in invitations], now=now, backfill=backfill)
    names = store.people.get_many([inv.person_id for inv in outcome.done])
    result = PeopleAttendance(
        skipped=outcome.skipped, backfill=backfill and _is_past(store, event_id, now)
    )
    for invitation in outcome.done:
        name = names[invitation.person_id].name
        if before[invitation.id] == (invitation.attendance, invitation.signed_in_at):
            result.unchanged.append(name)
        else:
            result.changed.append(name)
    return result


def _is_past(store: Store, event_id: int, now: datetime | None) -> bool:
    return store.events.get(event_id).date < _stamp(now).date()


@dataclass
class WalkIn:
    """A registered walk-in, and whether the pool changed (a person added or completed)."""

    invitation: Invitation
    pool_changed: bool


def add_walk_in(
    store: Store,
    event_id: int,
    person: Person | int,
    *,
    now: datetime | None = None,
    backfill: bool = False,
) -> Invitation:
    """``register_walk_in``, for callers that need only the invitation."""
    return register_walk_in(store, event_id, person, now=now, backfill=backfill).invitation


def register_walk_in(
    store: Store,
    event_id: int,
    person: Person | int,
    *,
    now: datetime | None = None,
    backfill: bool = False,
) -> WalkIn:
    """Someone who turns up without being on the list: put them on it and sign them in.

    ``person`` is a pool id or the Person typed at the desk. A typed person is validated
    (name, phone, ID number, old enough on the event day) and matched against the pool
    (``domain.matching``): a match is reused (and given the typed ID number when the pool
    record had none), otherwise the person is added. Someone already on the list is simply
    signed in. Raises ValidationError (with the field to fix) and changes nothing when refused.
    Only on the event's day, or as a 补录 (``backfill``) after it.
    """
    event = store.events.get(event_id)
    when = _require_attendance_day(store, [event_id], now, backfill)
    minimum_age = int(store.settings.get("minimum_age"))
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
                walk_in=True,
            )
            _signed_in(invitation, when)
            _stamped(invitation, when)
            store.invitations.invite(invitation)
        elif _signed_in(invitation, when):
            _stamped(invitation, when)
            store.invitations.update(invitation)
    return WalkIn(invitation, new_person is not None or completed is not None)
