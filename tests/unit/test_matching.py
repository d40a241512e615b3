"""Person matching: one rule (ID number, then name+phone, then name+village) for every path."""

from __future__ import annotations

from openday_desktop.domain.matching import Match, PoolIndex, match_person
from openday_desktop.domain.models import Person
from openday_desktop.storage import Store

ID_A = "11010519491231002X"
ID_B = "110105194912310029"


def pool() -> PoolIndex:
    return PoolIndex(
        id_numbers={ID_A: 1},
        name_phones={("王芳", "13800138000"): 1, ("李四", "13900139000"): 2},
        name_villages={("赵六", "青石村"): 3},
        with_id_number={1},
    )


def test_the_id_number_wins_over_everything_else() -> None:
    newcomer = Person("别名", id_number=ID_A, phone="13300133000", village="南河村")
    assert match_person(newcomer, pool()) == Match(1, "id_number")
    assert not Match(1, "id_number").is_weak


def test_name_and_phone_match_when_one_side_has_no_id_number() -> None:
    assert match_person(Person("王芳", phone="13800138000"), pool()) == Match(1, "name_phone")
    # The pool's 李四 has no ID number: the newcomer's completes it.
    found = match_person(Person("李四", phone="13900139000", id_number=ID_B), pool())
    assert found == Match(2, "name_phone") and found.is_weak


def test_two_different_id_numbers_are_two_people_even_with_the_same_phone() -> None:
    assert match_person(Person("王芳", phone="13800138000", id_number=ID_B), pool()) is None


def test_name_and_village_only_without_id_number_and_phone() -> None:
    assert match_person(Person("赵六", village="青石村"), pool()) == Match(3, "name_village")
    assert match_person(Person("赵六", village="南河村"), pool()) is None
    # A phone that matches nobody does not fall back to the village.
    assert match_person(Person("赵六", village="青石村", phone="13700137000"), pool()) is None
    # Nor does an ID number the pool does not know.
    assert match_person(Person("赵六", village="青石村", id_number=ID_B), pool()) is None


def test_the_database_lookup_answers_like_the_loaded_index(store: Store) -> None:
    with store.transaction():
        store.people.add(Person("王芳", id_number=ID_A, phone="13800138000"))
        store.people.add(Person("李四", phone="13900139000"))
        store.people.add(Person("赵六", village="青石村"))
        store.people.add(Person("赵六", village="青石村"))  # a later namesake: the oldest wins
    newcomers = [
        Person("别名", id_number=ID_A),
        Person("王芳", phone="13800138000"),
        Person("王芳", phone="13800138000", id_number=ID_B),
        Person("李四", phone="13900139000", id_number=ID_B),
        Person("赵六", village="青石村"),
        Person("赵六", village="南河村"),
    ]
    index, lookup = store.people.match_index(), store.people.lookup()
    expected = [
        Match(1, "id_number"),
        Match(1, "name_phone"),
        None,
        Match(2, "name_phone"),
        Match(3, "name_village"),
        None,
    ]
    assert [match_person(p, index) for p in newcomers] == expected
    assert [match_person(p, lookup) for p in newcomers] == expected
