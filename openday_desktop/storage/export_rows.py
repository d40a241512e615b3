"""Lean reads for long printed lists: only the columns an export shows, as tuples.

The sign-in sheet of a large event lists thousands of people; building full Invitation and
Person objects for each (dates parsed, every column copied) cost more than writing the sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openday_desktop.domain.statistics import SELECTED_STATUSES

if TYPE_CHECKING:
    from openday_desktop.storage.database import Store


def signin_people(
    store: Store, event_id: int, site: int | None = None
) -> list[tuple[str, str, str, str, str]]:
    """(name, unit, category, phone, name_pinyin) of everyone the selection approved (审核通过,
    已公示, 已确认: the 公示 list, walk-ins included), in the order they were added.

    Not the 已报名 nobody reviewed yet, nor the rejected and withdrawn: the sheet at the door
    lists the people who are expected.

    ``site`` (0-based position of an open site): only the people whose route passes it:
    those in a group whose route has the site, and those in no group (they walk every site).
    """
    chosen = sorted(SELECTED_STATUSES)
    rows = store.db.execute(
        "SELECT p.name, p.unit, p.category, p.phone, p.name_pinyin, i.group_id "
        "FROM invitations i JOIN people p ON p.id = i.person_id "
        f"WHERE i.event_id = ? AND i.status IN ({', '.join('?' * len(chosen))}) "
        "ORDER BY i.id",
        [event_id, *chosen],
    ).fetchall()
    if site is not None:
        sites = store.events.get(event_id).sites
        groups = store.groups.for_event(event_id)
        if groups and 0 <= site < len(sites):
            site_id = sites[site].id
            elsewhere = {g.id for g in groups if site_id not in g.route}
            rows = [row for row in rows if row[5] not in elsewhere]
    return [tuple(row[:5]) for row in rows]
