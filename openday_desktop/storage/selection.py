"""What selecting people for an event reads: the rule check, attendance history, proposals.

Reads only; the writes (inviting, status steps, sign-in, walk-ins) are in
``services.selection`` and ``services.attendance``. The rules live in ``domain.checks`` and
``domain.rotation``; this module loads what they need.
"""

from __future__ import annotations

from datetime import date

from openday_desktop.domain.categories import citizen_names
from openday_desktop.domain.checks import CheckResult, check_event_rules
from openday_desktop.domain.rotation import AttendanceRecord, build_history, recommend

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
