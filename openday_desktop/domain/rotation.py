"""Fair rotation: who has attended how often and how lately, and whom to propose next.

So that the same familiar faces do not fill every open day, "按配额推荐" proposes, for each
category still short of its quota, eligible people who attended least recently (never first),
then those who attended fewest times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .checks import birth_date_of
from .models import ATTENDANCE_PRESENT, Person
from .validation import age_on


@dataclass(frozen=True)
class AttendanceRecord:
    """How often a person came to open days, and when last."""

    person_id: int
    events_attended: int = 0
    last_attended: date | None = None


def build_history(
    rows: Iterable[tuple[int, date, str]], *, before: date | None = None
) -> dict[int, AttendanceRecord]:
    """Attendance per person from (person_id, event date, attendance) rows.

    Only attendance recorded as 已签到 counts; with ``before``, events on or after that day are
    ignored (the event being filled must not count for itself).
    """
    counts: Counter[int] = Counter()
    last: dict[int, date] = {}
    for person_id, day, attendance in rows:
        if attendance != ATTENDANCE_PRESENT or (before is not None and day >= before):
            continue
        counts[person_id] += 1
        if person_id not in last or day > last[person_id]:
            last[person_id] = day
    return {pid: AttendanceRecord(pid, counts[pid], last[pid]) for pid in counts}


def open_quotas(quotas: Mapping[str, int], already_selected: Sequence[Person]) -> dict[str, int]:
    """Places still free per category: quota minus the people already on the list."""
    taken = Counter(person.category for person in already_selected)
    return {
        category: quota - taken.get(category, 0)
        for category, quota in quotas.items()
        if quota - taken.get(category, 0) > 0
    }


def is_eligible(person: Person, event_date: date, min_age: int) -> bool:
    """A person whose age on the event day is known and at least ``min_age``."""
    birth = birth_date_of(person)
    return birth is not None and age_on(birth, event_date) >= min_age


def rotation_key(person: Person, history: Mapping[int, AttendanceRecord]) -> tuple[int, int, int]:
    """Sort key: never attended first, then longest ago, then fewest times, then pool order."""
    record = history.get(person.id or 0)
    if record is None or record.last_attended is None:
        return (0, 0, person.id or 0)
    return (record.last_attended.toordinal(), record.events_attended, person.id or 0)


def recommend(
    pool: Sequence[Person],
    history: Mapping[int, AttendanceRecord],
    quotas: Mapping[str, int],
    already_selected: Sequence[Person],
    event_date: date,
    min_age: int = 18,
) -> dict[str, list[int]]:
    """Person ids to propose per category, enough to fill each open quota (fewer if the pool
    runs out). Never proposes people already on the list, nor anyone who is under ``min_age``
    on the event day or whose age cannot be told (no birth date and no ID number).
    """
    free = open_quotas(quotas, already_selected)
    if not free:
        return {}
    taken_ids = {person.id for person in already_selected}
    taken_numbers = {person.id_number for person in already_selected if person.id_number}
    candidates: dict[str, list[Person]] = {category: [] for category in free}
    for person in pool:
        if (
            person.category in candidates
            and person.id not in taken_ids
            and not (person.id_number and person.id_number in taken_numbers)
            and is_eligible(person, event_date, min_age)
        ):
            candidates[person.category].append(person)
    proposal: dict[str, list[int]] = {}
    for category, places in free.items():
        ranked = sorted(candidates[category], key=lambda p: rotation_key(p, history))
        chosen = [p.id for p in ranked[:places] if p.id is not None]
        if chosen:
            proposal[category] = chosen
    return proposal
