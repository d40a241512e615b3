"""Typed table rows that cross modules: built by a repository, shown by the window's tables.

Named tuples keep the memory and speed of plain tuples (100,000 people in the pool table)
while every reader names the field it wants. Adding a field to a table is this row type, the
query that fills it and the columns that show it (``ui.common.table_models``); the table
model needs only the first element to be the record id and the last the search haystack.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple


class InvitationStatus(NamedTuple):
    """Where one invitation stands: what a status change of a whole list needs to read."""

    id: int
    event_id: int
    person_id: int
    status: str


class PersonRow(NamedTuple):
    """One person in the pool table and its search (``PersonRepository.table_rows``)."""

    id: int
    name: str
    sex: str
    birth_date: str | None  # ISO date as stored
    phone: str
    id_number: str
    unit: str
    village: str
    category: str
    source: str
    notes: str
    haystack: str  # lower-case search text, see domain.search


def field_index(row_type: type[tuple[object, ...]], name: str) -> int:
    """The position of a named field (what a table column points at)."""
    # A NamedTuple class; typing has no name for "any NamedTuple class" that has ``_fields``.
    fields: tuple[str, ...] = row_type._fields  # type: ignore[attr-defined]
    return fields.index(name)


@contextmanager
def bulk_rows() -> Iterator[None]:
    """Pause the cycle collector while building many rows at once.

    Unlike plain tuples, named tuples stay tracked by the collector, which otherwise rescans
    the growing list again and again while 100,000 rows are built (a sixth of the load time).
    Rows hold only strings, numbers and None: they never form cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
