"""The pool of representatives (代表库): adding, changing and removing people.

Every person stored passes ``domain.validation`` (name, ID number, phone, sex) and the pool's
one rule of its own: an ID number belongs to one person only.
"""

from __future__ import annotations

from collections.abc import Iterable

from openday_desktop.domain.errors import ValidationError
from openday_desktop.domain.models import Person
from openday_desktop.domain.validation import require_valid_person
from openday_desktop.storage.database import Store


def _check_id_number_free(store: Store, person: Person) -> None:
    other = store.people.find_by_id_number(person.id_number)
    if other is not None and other.id != person.id:
        raise ValidationError(
            "id_number",
            f"身份证号已登记在“{other.name}”名下（编号 {other.id}），请勿重复添加。"
            "如是同一人，请在代表库中修改原记录。",
        )


def add_person(store: Store, person: Person) -> Person:
    """Check and store a new person; returns the cleaned person with its new id."""
    cleaned = require_valid_person(person)
    cleaned.id = None
    _check_id_number_free(store, cleaned)
    with store.transaction():
        store.people.add(cleaned)
    return cleaned


def update_person(store: Store, person: Person) -> Person:
    """Check and save changes to a person already in the pool; returns the cleaned person."""
    if person.id is None:
        raise ValueError("update_person() needs a person with an id")
    store.people.get(person.id)  # NotFoundError when deleted meanwhile
    cleaned = require_valid_person(person)
    _check_id_number_free(store, cleaned)
    with store.transaction():
        store.people.update(cleaned)
    return cleaned


def save_person(store: Store, person: Person) -> Person:
    """``add_person`` for a person without an id, ``update_person`` otherwise."""
    return add_person(store, person) if person.id is None else update_person(store, person)


def delete_people(store: Store, person_ids: Iterable[int]) -> int:
    """Remove people from the pool with their places on event lists; their feedback stays.

    Returns how many were removed (ids no longer in the pool are ignored).
    """
    present = list(store.people.get_many(person_ids))
    with store.transaction():
        for person_id in present:
            store.people.delete(person_id)
    return len(present)
