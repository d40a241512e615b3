"""Selecting people for an event, on the store: invite, review, sign in, walk-ins, checks.

Each function is one user action and one transaction. The rules themselves live in
``domain.selection``, ``domain.checks`` and ``domain.rotation``; this module only loads what
they need and saves what they decide. The window and the command line both call these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from openday_desktop.domain.categories import citizen_names
from openday_desktop.domain.checks import CheckResult, birth_date_of, check_event_rules
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.models import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_PRESENT,
    INV_CONFIRMED,
    INV_REGISTERED,
    Invitation,
    Person,
)
from openday_desktop.domain.rotation import AttendanceRecord, build_history, recommend
from openday_desktop.domain.selection import check_can_attend, check_status_change
from openday_desktop.domain.validation import check_age, require_valid_person

from .database import Store


def check_event_in_store(store: Store, event_id: int) -> CheckResult:
    """The rule check of one event with its list, quotas and the current settings."""
    event = store.events.get(event_id)
    quotas = store.events.quotas(event_id)
    # Problems in the categories' display order, whatever order the quotas were stored in.
    order = {name: position for position, name in enumerate(store.categories.names())}
    ordered = dict(sorted(quotas.items(), key=lambda item: order.get(item[0], len(order))))
    return check_event_rules(
        event,
        store.invitations.for_event(event_id),
        ordered,
        store.settings.all(),
        citizen_names(store.categories.list()),
    )


@dataclass
class InviteOutcome:
    """What happened when inviting several people: added, already listed, or refused (why)."""

    added: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)

    def summary(self) -> str:
        """One Chinese sentence for a status bar."""
        parts = [f"已加入名单{len(self.added)}人"]
        if self.already:
            parts.append(f"{len(self.already)}人原已在名单中")
        if self.refused:
            parts.append(f"{len(self.refused)}人不符合条件未加入")
        return "，".join(parts) + "。"


def invite_people(
    store: Store, event_id: int, person_ids: Iterable[int], *, status: str = INV_REGISTERED
) -> InviteOutcome:
    """Put people from the pool on an event's list (each at most once).

    People younger than the minimum age on the event day are refused with the reason.
    """
    event = store.events.get(event_id)
    minimum_age = int(store.settings.get("minimum_age"))
    wanted = list(dict.fromkeys(person_ids))
    outcome = InviteOutcome()
    with store.transaction():
        present = store.invitations.person_ids(event_id)
        people = store.people.get_many(wanted)
        eligible: list[int] = []
        for person_id in wanted:
            person = people.get(person_id)
            if person is None:
                outcome.refused[person_id] = f"代表库中没有编号为 {person_id} 的人员。"
            elif person_id in present:
                outcome.already.append(person_id)
            else:
                too_young = check_age(birth_date_of(person), event.date, minimum_age)
                if too_young:
                    outcome.refused[person_id] = f"{person.name}：{too_young}"
                else:
                    eligible.append(person_id)
        outcome.added = store.invitations.invite_many(event_id, eligible, status=status)
    return outcome


def change_status(
    store: Store, invitation_ids: Iterable[int], status: str, review_result: str | None = None
) -> int:
    """Move invitations to ``status`` along the allowed steps; all or none. Returns how many."""
    ids = list(dict.fromkeys(invitation_ids))
    with store.transaction():
        for invitation_id in ids:
            check_status_change(store.invitations.get_by_id(invitation_id).status, status)
        store.invitations.set_status_many(ids, status, review_result)
    return len(ids)


def sign_in(store: Store, invitation_id: int, at: datetime | None = None) -> Invitation:
    """Mark a person present (已签到) now or at ``at``; signing in twice keeps the first time."""
    with store.transaction():
        invitation = store.invitations.get_by_id(invitation_id)
        check_can_attend(invitation, store.people.get(invitation.person_id).name)
        if invitation.attendance != ATTENDANCE_PRESENT or invitation.signed_in_at is None:
            invitation.attendance = ATTENDANCE_PRESENT
            invitation.signed_in_at = (at or datetime.now()).replace(microsecond=0)
            store.invitations.update(invitation)
    return invitation


def mark_absent(store: Store, invitation_id: int) -> Invitation:
    """Mark a person absent (缺席) on the day."""
    with store.transaction():
        invitation = store.invitations.get_by_id(invitation_id)
        check_can_attend(invitation, store.people.get(invitation.person_id).name)
        invitation.attendance = ATTENDANCE_ABSENT
        invitation.signed_in_at = None
        store.invitations.update(invitation)
    return invitation


def clear_attendance(store: Store, invitation_id: int) -> Invitation:
    """Undo a sign-in or an absence (a click on the wrong row)."""
    with store.transaction():
        invitation = store.invitations.get_by_id(invitation_id)
        invitation.attendance = ""
        invitation.signed_in_at = None
        store.invitations.update(invitation)
    return invitation


def add_walk_in(
    store: Store, event_id: int, person: Person | int, at: datetime | None = None
) -> Invitation:
    """Someone who turns up without being on the list: put them on it and sign them in.

    ``person`` is a pool id or a new Person (validated; when its ID number is already in the
    pool that record is used). Someone already on the list is simply signed in. Everything
    happens in one transaction; people under the minimum age are refused.
    """
    event = store.events.get(event_id)
    minimum_age = int(store.settings.get("minimum_age"))
    when = (at or datetime.now()).replace(microsecond=0)
    with store.transaction():
        if isinstance(person, int) or person.id is not None:
            stored = store.people.get(person if isinstance(person, int) else person.id or 0)
        else:
            cleaned = require_valid_person(person, event_date=event.date, minimum_age=minimum_age)
            existing = store.people.find_by_id_number(cleaned.id_number)
            if existing is not None:
                stored = existing
            else:
                cleaned.id = None
                store.people.add(cleaned)
                stored = cleaned
        too_young = check_age(birth_date_of(stored), event.date, minimum_age)
        if too_young:
            raise ValidationError("birth_date", f"{stored.name}：{too_young}")
        assert stored.id is not None
        invitation = store.invitations.get(event_id, stored.id)
        if invitation is None:
            invitation = Invitation(
                event_id=event_id,
                person_id=stored.id,
                status=INV_CONFIRMED,
                review_result="现场报名",
                attendance=ATTENDANCE_PRESENT,
                signed_in_at=when,
                walk_in=True,
            )
            store.invitations.invite(invitation)
            return invitation
        check_can_attend(invitation, stored.name)
        if invitation.attendance != ATTENDANCE_PRESENT:
            invitation.attendance = ATTENDANCE_PRESENT
            invitation.signed_in_at = when
            store.invitations.update(invitation)
    return invitation


def attendance_history(store: Store, before: date | None = None) -> dict[int, AttendanceRecord]:
    """Each person's attendance (times present, last date), optionally only before a day."""
    return build_history(store.invitations.attendance_rows(), before=before)


def recommend_for_event(store: Store, event_id: int) -> dict[str, list[int]]:
    """Person ids per category that fill the event's open quotas fairly (按配额推荐)."""
    event = store.events.get(event_id)
    on_list = [person for inv, person in store.invitations.for_event(event_id) if inv.is_active]
    all_listed = store.invitations.person_ids(event_id)
    pool = [person for person in store.people.list() if person.id not in all_listed]
    return recommend(
        pool,
        build_history(store.invitations.attendance_rows(), before=event.date),
        store.events.quotas(event_id),
        on_list,
        event.date,
        int(store.settings.get("minimum_age")),
    )
