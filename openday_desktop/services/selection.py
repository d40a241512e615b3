"""Who is on an event's list: inviting from the pool, status steps, remarks, quotas, removal.

The rules (minimum age on the event day, a person on a list once, the allowed status steps)
live in ``domain``; every path that puts someone on a list (the pool picker, the quota
recommendation, the roster import) comes through ``invite_people``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from openday_desktop.domain.checks import birth_date_of
from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.models import INV_REGISTERED, Event, Invitation, Person
from openday_desktop.domain.selection import check_status_change
from openday_desktop.domain.validation import check_age
from openday_desktop.services.record import require_open_record
from openday_desktop.storage.database import Store

REFUSALS_SHOWN = 8


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


def _require_open_lists(store: Store, invitations: Iterable[Invitation], action: str) -> None:
    for event_id in dict.fromkeys(inv.event_id for inv in invitations):
        require_open_record(store, event_id, action)


def sort_invitees(
    event: Event,
    wanted: list[int],
    people: dict[int, Person],
    present: set[int],
    minimum_age: int,
) -> InviteOutcome:
    """Decide, without writing, who of ``wanted`` may join the list (``added``) and who not."""
    outcome = InviteOutcome()
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
                outcome.added.append(person_id)
    return outcome


def invite_people(
    store: Store, event_id: int, person_ids: Iterable[int], *, status: str = INV_REGISTERED
) -> InviteOutcome:
    """Put people from the pool on an event's list (each at most once).

    People younger than the minimum age on the event day are refused with the reason; the
    others are added. NotFoundError for an unknown event; refused for an archived one.
    """
    event = require_open_record(store, event_id, "调整名单")
    minimum_age = int(store.settings.get("minimum_age"))
    wanted = list(dict.fromkeys(person_ids))
    outcome = sort_invitees(
        event,
        wanted,
        store.people.get_many(wanted),
        store.invitations.person_ids(event_id),
        minimum_age,
    )
    with store.transaction():
        outcome.added = store.invitations.invite_many(event_id, outcome.added, status=status)
    return outcome


def change_status(
    store: Store, invitation_ids: Iterable[int], status: str, review_result: str | None = None
) -> int:
    """Move invitations to ``status`` along the allowed steps: all of them or none.

    Invitations already at ``status`` are left as they are. Returns how many moved; a refused
    step raises ValidationError naming each person who may not move, and nothing changes.
    """
    ids = list(dict.fromkeys(invitation_ids))
    # A light read (no full rows) and one UPDATE per 500 ids: 4,000 people at once stay quick.
    current = store.invitations.statuses_by_id(ids)
    for event_id in dict.fromkeys(row.event_id for row in current):
        require_open_record(store, event_id, "修改名单状态")
    moving = [row for row in current if row.status != status or review_result is not None]
    # Each distinct step checked once: a whole list holds only a handful of statuses.
    step_errors: dict[str, str | None] = {}
    for old in {row.status for row in moving if row.status != status}:
        try:
            check_status_change(old, status)
            step_errors[old] = None
        except ValidationError as exc:
            step_errors[old] = exc.message
    refused = [
        (row.person_id, message)
        for row in moving
        if (message := step_errors.get(row.status)) is not None
    ]
    if refused:
        names = store.people.get_many(person_id for person_id, _ in refused[:REFUSALS_SHOWN])
        more = f"\n……共 {len(refused)} 人" if len(refused) > REFUSALS_SHOWN else ""
        raise ValidationError(
            "status",
            f"选中的人中有 {len(refused)} 人不能改为“{status}”，本次没有修改任何人的状态：\n"
            + "\n".join(
                f"· {names[person_id].name}：{message}"
                for person_id, message in refused[:REFUSALS_SHOWN]
            )
            + more,
        )
    if not moving:
        return 0
    with store.transaction():
        store.invitations.set_status_many([row.id for row in moving], status, review_result)
    return len(moving)


def set_review_result(store: Store, invitation_id: int, remark: str) -> None:
    """Store the selection group's remark (审核意见) on one person's invitation."""
    invitation = store.invitations.get_by_id(invitation_id)
    require_open_record(store, invitation.event_id, "修改审核意见")
    invitation.review_result = remark
    with store.transaction():
        store.invitations.update(invitation)


def remove_from_list(store: Store, invitation_ids: Iterable[int]) -> int:
    """Take people off an event's list (they stay in the pool). Returns how many."""
    ids = list(dict.fromkeys(invitation_ids))
    # NotFoundError: the list changed meanwhile.
    invitations = store.invitations.get_many_by_id(ids)
    _require_open_lists(store, invitations, "调整名单")
    with store.transaction():
        for invitation_id in ids:
            store.invitations.remove(invitation_id)
    return len(ids)


def set_quotas(store: Store, event_id: int, quotas: dict[str, int]) -> None:
    """Replace the event's planned number of people per category (0: no quota)."""
    require_open_record(store, event_id, "修改名额")
    for category, quota in quotas.items():
        if quota < 0:
            raise ValidationError("quota", f"“{category}”的名额不能是负数，请改为0或正数。")
    with store.transaction():
        store.events.set_quotas(event_id, quotas)
