"""Is this the same person as someone already in the pool? One answer for every path.

The roster import, walk-in registration at the sign-in desk and anything else that adds people
ask ``match_person``. The order is fixed:

1. the same ID number: the same person, whatever else differs;
2. the same name and phone: the same person when at least one of the two records has no ID
   number (two different ID numbers are two people, say a parent and a child sharing a phone);
3. the same name and village, only when the newcomer has neither ID number nor phone and the
   pool person has neither either: a weak match, reported so a clerk can confirm it.

The pool is reached through ``PoolLookup`` so the import can hand in indexes loaded in one
query each (10,000 rows) while a walk-in asks the database one question at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

from .models import Person

MatchedBy = Literal["id_number", "name_phone", "name_village"]


class PoolLookup(Protocol):
    """The questions matching asks of the pool; each answers a person id or None."""

    def by_id_number(self, id_number: str) -> int | None:
        """The person carrying this ID number."""
        ...

    def by_name_phone(self, name: str, phone: str) -> int | None:
        """The oldest person with this name and phone."""
        ...

    def by_name_village(self, name: str, village: str) -> int | None:
        """The oldest person with this name and village who has neither ID number nor phone."""
        ...

    def has_id_number(self, person_id: int) -> bool:
        """Whether this pool person has an ID number."""
        ...


@dataclass(frozen=True)
class Match:
    """A pool person found for a newcomer, and the rule that found them."""

    person_id: int
    by: MatchedBy

    @property
    def is_weak(self) -> bool:
        """Found without an ID number on both sides: a clerk should confirm it."""
        return self.by != "id_number"


@dataclass
class PoolIndex:
    """The pool's keys held in memory (``PersonRepository.match_index`` loads them)."""

    id_numbers: Mapping[str, int] = field(default_factory=dict)
    name_phones: Mapping[tuple[str, str], int] = field(default_factory=dict)
    name_villages: Mapping[tuple[str, str], int] = field(default_factory=dict)
    with_id_number: set[int] = field(default_factory=set)

    def by_id_number(self, id_number: str) -> int | None:
        """The person carrying this ID number."""
        return self.id_numbers.get(id_number)

    def by_name_phone(self, name: str, phone: str) -> int | None:
        """The oldest person with this name and phone."""
        return self.name_phones.get((name, phone))

    def by_name_village(self, name: str, village: str) -> int | None:
        """The oldest unidentified person with this name and village."""
        return self.name_villages.get((name, village))

    def has_id_number(self, person_id: int) -> bool:
        """Whether this pool person has an ID number."""
        return person_id in self.with_id_number


def match_person(person: Person, pool: PoolLookup) -> Match | None:
    """The pool person ``person`` (cleaned: normalised ID number and phone) already is, if any."""
    if person.id_number:
        found = pool.by_id_number(person.id_number)
        if found is not None:
            return Match(found, "id_number")
    if person.phone:
        found = pool.by_name_phone(person.name, person.phone)
        if found is not None and not (person.id_number and pool.has_id_number(found)):
            return Match(found, "name_phone")
        return None
    if not person.id_number:
        found = pool.by_name_village(person.name, person.village)
        if found is not None:
            return Match(found, "name_village")
    return None
