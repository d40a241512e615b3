"""Lean reads for long printed lists: only the columns an export shows, as tuples.

The sign-in sheet of a large event lists thousands of people; building full Invitation and
Person objects for each (dates parsed, every column copied) cost more than writing the sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openday_desktop.domain.models import INACTIVE_INVITATION_STATUSES

if TYPE_CHECKING:
    from openday_desktop.storage.database import Store


def signin_people(store: Store, event_id: int) -> list[tuple[str, str, str, str, str]]:
    """(name, unit, category, phone, name_pinyin) of everyone on the event's list except the
    rejected and withdrawn, in the order they were added."""
    inactive = sorted(INACTIVE_INVITATION_STATUSES)
    rows = store.db.execute(
        "SELECT p.name, p.unit, p.category, p.phone, p.name_pinyin "
        "FROM invitations i JOIN people p ON p.id = i.person_id "
        f"WHERE i.event_id = ? AND i.status NOT IN ({', '.join('?' * len(inactive))}) "
        "ORDER BY i.id",
        [event_id, *inactive],
    ).fetchall()
    return [tuple(row) for row in rows]
