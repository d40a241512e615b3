"""What selecting people for an event reads: the rule check, attendance history, proposals.

Reads only; the writes (inviting, status steps, sign-in, walk-ins) are in
``services.selection`` and ``services.attendance``. The rules live in ``domain.checks`` and
``domain.rotation``; this module loads what they need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from openday_desktop.domain.categories import citizen_names
from openday_desktop.domain.checks import CheckResult, check_event_rules, event_warnings
from openday_desktop.domain.lifecycle import HELD, LIST_PUBLISHED, status_index
from openday_desktop.domain.models import Invitation, Person, saved_id
from openday_desktop.domain.rotation import AttendanceRecord, build_history, recommend
from openday_desktop.domain.workdays import WorkCalendar

from .database import Store

LISTED = status_index(LIST_PUBLISHED)


def check_event_in_store(
    store: Store,
    event_id: int,
    today: date | None = None,
    entries: list[tuple[Invitation, Person]] | None = None,
) -> CheckResult:
    """The rule check of one event: its list, groups, quotas, attendance once held, warnings.

    ``entries``: the event's list when the caller has just read it (a 4,000-person list is
    not read twice).
    """
    event = store.events.get(event_id)
    quotas = store.events.quotas(event_id)
    settings = store.settings.all()
    # Problems in the categories' display order, whatever order the quotas were stored in.
    order = {name: position for position, name in enumerate(store.categories.names())}
    ordered = dict(sorted(quotas.items(), key=lambda item: order.get(item[0], len(order))))
    result = check_event_rules(
        event,
        store.invitations.for_event(event_id) if entries is None else entries,
        ordered,
        settings,
        citizen_names(store.categories.list()),
        store.groups.for_event(event_id),
    )
    published_on = None
    for status, day in store.events.status_history(event_id):
        if status == LIST_PUBLISHED:
            published_on = day
    result.problems.extend(
        event_warnings(
            event,
            settings,
            calendar=WorkCalendar(store.calendar.days()),
            published_on=published_on if status_index(event.status) >= LISTED else None,
            today=today,
        )
    )
    # The rules ask the main or deputy leader to meet the representatives face to face:
    # worth saying once the event is marked held (the clerk is then filling in its record).
    from openday_desktop.domain.checks import NO_LEADER, WARNING, Problem
    from openday_desktop.domain.trail import leader_warning

    leader = leader_warning(
        event, store.trail.officials(event_id), status_index(event.status) >= status_index(HELD)
    )
    if leader is not None:
        result.problems.append(Problem(NO_LEADER, leader, WARNING))
    return result


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


@dataclass(frozen=True)
class HeldEventRules:
    """One held event's rule results: on its list and on who came."""

    event_id: int
    title: str
    day: date
    list_ok: bool
    present_ok: bool
    codes: tuple[str, ...]  # the broken rules' codes

    def to_json(self) -> dict[str, Any]:
        """One entry of ``rules.events`` in ``stats --year --json``."""
        return {
            "id": self.event_id,
            "title": self.title,
            "date": self.day.isoformat(),
            "list_ok": self.list_ok,
            "present_ok": self.present_ok,
            "codes": list(self.codes),
        }


def year_rule_results(store: Store, year: int) -> list[HeldEventRules]:
    """The rule check of every event held in ``year`` (已举办 or later), by date."""
    results = []
    events = sorted(store.events.list(), key=lambda e: (e.date, e.id or 0))
    for event in events:
        if event.date.year != year or status_index(event.status) < status_index(HELD):
            continue
        check = check_event_in_store(store, saved_id(event))
        results.append(
            HeldEventRules(
                saved_id(event),
                event.title,
                event.date,
                check.list_ok(),
                bool(check.present_ok()),
                tuple(problem.code for problem in check.errors),
            )
        )
    return results


def year_rules_json(results: list[HeldEventRules]) -> dict[str, Any]:
    """The ``rules`` object of ``stats --year --json``: list and attendance results."""
    return {
        "held": len(results),
        "list_ok": sum(1 for r in results if r.list_ok),
        "present_ok": sum(1 for r in results if r.present_ok),
        "events": [r.to_json() for r in results],
    }


def year_rules_lines(results: list[HeldEventRules]) -> list[str]:
    """The same as lines for ``stats --year`` and the dashboard."""
    if not results:
        return ["规则检查：本年还没有已举办的活动。"]
    held = len(results)
    list_ok = sum(1 for r in results if r.list_ok)
    present_ok = sum(1 for r in results if r.present_ok)
    lines = [
        f"规则检查（已举办{held}次）：名单符合规则{list_ok}次，实到人员符合规则{present_ok}次。"
    ]
    for r in results:
        if not (r.list_ok and r.present_ok):
            parts = []
            if not r.list_ok:
                parts.append("名单未达标")
            if not r.present_ok:
                parts.append("实到人员未达标")
            lines.append(
                f"  {r.title}（{r.day.isoformat()}，编号{r.event_id}）：{'，'.join(parts)}"
            )
    return lines
